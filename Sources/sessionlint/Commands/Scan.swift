import ArgumentParser
import Foundation
import SessionLintCore
import SessionLintEngine
import SessionLintReporters
import SessionLintRules
import SessionLintSources

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan traffic and report cookie and session flaws.",
        discussion: """
            Examples:
              sessionlint scan traffic.har
              sessionlint scan traffic.har --report json:findings.json --fail-on high
              sessionlint scan a.har b.har --report text --report json:out.json
            """)

    @Argument(help: "HAR files to scan.", completion: .file())
    var inputs: [String]

    @Option(name: .long, help: "Input type instead of detecting it from content: \(InputTypeChoice.allValueStrings.joined(separator: ", ")).")
    var inputType: InputTypeChoice = .auto

    @Option(name: .long, help: ArgumentHelp(
        "Write a report: FORMAT or FORMAT:PATH (PATH - is stdout). Repeatable. Formats: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "format[:path]"))
    var report: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Exit 1 when a finding is at or above this severity: \(FailLevel.allNames.joined(separator: ", ")). Default: low, or fail-on in the config.",
        valueName: "level"))
    var failOn: String?

    @Option(name: .long, help: "Configuration file (default: ./.sessionlint.yml when present).", completion: .file())
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Run this rule, even if opt-in. Repeatable.", valueName: "rule-id"))
    var enable: [String] = []

    @Option(name: .long, help: ArgumentHelp("Do not run this rule. Repeatable.", valueName: "rule-id"))
    var disable: [String] = []

    @Flag(name: .long, help: "Show cookie values and query strings in reports (redacted by default).")
    var showValues = false

    @Option(name: .long, help: "Colour in terminal output: auto, always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("Give at least one input file.") }
        for target in report where ReportTarget(argument: target) == nil {
            throw ValidationError("--report \(target): expected FORMAT or FORMAT:PATH with FORMAT one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if let failOn, FailLevel(failOn) == nil {
            throw ValidationError("--fail-on \(failOn): expected one of \(FailLevel.allNames.joined(separator: ", ")).")
        }
    }

    func run() throws {
        let started = ContinuousClock.now
        let catalogue: RuleCatalogue
        var configuration: Configuration
        do throws(InputError) {
            catalogue = try RuleCatalogue.builtIn()
            configuration = try ConfigurationFile.load(explicitPath: config, catalogue: catalogue)
            try apply(commandLineRules: catalogue, to: &configuration)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }

        var scanner: TrafficScanner
        do throws(InputError) {
            scanner = try TrafficScanner(catalogue: catalogue, configuration: configuration, showValues: showValues)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        var failedInputs = 0
        for input in inputs {
            do throws(InputError) {
                try scanner.scan(try InputOpener.open(path: input, kind: inputType.kind))
            } catch {
                printError(error.description)
                failedInputs += 1
            }
        }

        // Nothing was read: the errors above are the whole story.
        if failedInputs == inputs.count { throw ExitCode(2) }

        let result = scanner.result()
        let failLevel = failOn.flatMap(FailLevel.init) ?? configuration.failOn ?? .severity(.low)
        let threshold: Severity? = if case .severity(let s) = failLevel { s } else { nil }
        let elapsed = started.duration(to: .now)
        let report = Report(
            findings: result.findings, warnings: result.warnings, inputs: result.inputs,
            transactionCount: result.transactionCount, clientCount: result.clientCount,
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            rules: Dictionary(uniqueKeysWithValues: catalogue.descriptions.map { ($0.id, $0) }),
            failThreshold: threshold)

        let targets = self.report.isEmpty ? [ReportTarget(format: .text, path: nil)] : self.report.compactMap(ReportTarget.init(argument:))
        for target in targets {
            let colored = target.writesToStandardOutput && color.enabled(forStandardOutput: true)
            do throws(InputError) {
                try target.write(target.format.reporter(colored: colored).render(report))
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }
        if failedInputs > 0 { throw ExitCode(2) }
        if report.failed { throw ExitCode(1) }
    }

    private func apply(commandLineRules catalogue: RuleCatalogue, to configuration: inout Configuration) throws(InputError) {
        for (flag, ids) in [("--enable", enable), ("--disable", disable)] {
            for id in ids where catalogue.description(of: RuleID(id)) == nil {
                throw InputError(file: flag, message: "unknown rule \"\(id)\"; `sessionlint rules` lists them")
            }
        }
        for id in enable.map({ RuleID($0) }) {
            configuration.rules.enabled.insert(id)
            configuration.rules.disabled.remove(id)
        }
        for id in disable.map({ RuleID($0) }) { configuration.rules.disabled.insert(id) }
    }
}

enum InputTypeChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, har

    var kind: InputKind? {
        switch self {
        case .auto: nil
        case .har: .har
        }
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func enabled(forStandardOutput: Bool) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if environment["NO_COLOR"].map({ !$0.isEmpty }) == true || environment["TERM"] == "dumb" { return false }
            return isatty(STDOUT_FILENO) == 1
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("sessionlint: error: \(terminalSafe(message))\n".utf8))
}
