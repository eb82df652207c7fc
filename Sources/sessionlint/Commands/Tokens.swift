import ArgumentParser
import Foundation
import SessionLintCore
import SessionLintEngine
import SessionLintTokens

struct Tokens: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge how predictable the session IDs in the traffic are.",
        discussion: """
            Collects every session ID per host and cookie (each at its issuance, or first sent when the \
            input never shows it issued), recognises what the values are (JWT, signed or encrypted \
            containers are not random IDs), infers the alphabet and the most entropy the values can \
            hold, and looks for structure: duplicates, counters, timestamps, time-based UUIDs, hashes \
            of guessable inputs, java.util.Random outputs, the client's address or account name. With \
            100 values or more it tests what structure leaves, as Burp Sequencer does: characters \
            (entropy per position, distribution, count and transition tests, min-entropy beside a \
            random source) and bits (FIPS 140-2 and SP 800-22 tests, Holm-corrected). Verdicts are \
            CERTAIN, LIKELY, STATISTICAL or INCONCLUSIVE; never "secure". Values are never printed.

            Examples:
              sessionlint tokens capture.pcap
              sessionlint tokens access.log --cookie PHPSESSID --format json
            """)

    @Argument(help: ArgumentHelp(InputsHelp.argument), completion: .file())
    var inputs: [String]

    @Option(name: .long, help: "Only this cookie name.")
    var cookie: String?

    @Option(name: .long, help: "Only this host.")
    var host: String?

    @Option(name: .long, help: "Output format: text or json (one object per cookie per line).")
    var format: Timeline.OutputFormat = .text

    @Option(name: .long, help: "Configuration file (default: ./.sessionlint.yml when present).", completion: .file())
    var config: String?

    @OptionGroup var reading: InputOptions

    func run() throws {
        let walk = try InputWalk(config: config, reading: reading)
        var collector = TokenCollector(classifier: walk.classifier, maxKeptValues: walk.limits.tokenValues)
        let allRead = try walk.read(inputs) { collector.add($0) }
        for population in collector.result where (cookie.map { $0 == population.cookie } ?? true) && (host.map { $0 == population.host } ?? true) {
            let analysis = TokenAnalysis(population)
            let text = format == .text ? TokenReport.text(analysis) : TokenReport.json(analysis)
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if !allRead { throw ExitCode(2) }
    }
}
