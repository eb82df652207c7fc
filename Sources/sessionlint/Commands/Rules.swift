import ArgumentParser
import Foundation
import SessionLintCore
import SessionLintRules

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the rules, or describe one.",
        discussion: """
            Examples:
              sessionlint rules
              sessionlint rules cookie-missing-secure
              sessionlint rules --markdown      # the table in README.md
            """)

    @Argument(help: "A rule id to describe in full.")
    var id: String?

    @Flag(name: .long, help: "Print the rule table as Markdown.")
    var markdown = false

    func run() throws {
        let catalogue: RuleCatalogue
        do throws(InputError) {
            catalogue = try RuleCatalogue.builtIn()
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        guard let id else {
            print(markdown ? RuleCatalogueText.markdownTable(catalogue) : RuleCatalogueText.table(catalogue), terminator: "")
            return
        }
        guard let description = catalogue.description(of: RuleID(id)) else {
            let known = catalogue.descriptions.map(\.id.rawValue)
            let hint = known.min { editDistance(id, $0) < editDistance(id, $1) }.map { "; did you mean \($0)?" } ?? ""
            throw ValidationError("unknown rule \"\(id)\"\(hint)")
        }
        print(RuleCatalogueText.detail(description), terminator: "")
    }
}
