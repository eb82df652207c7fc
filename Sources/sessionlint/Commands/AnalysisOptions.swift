import ArgumentParser
import Foundation
import SessionLintCore
import SessionLintEngine
import SessionLintHTTP
import SessionLintReporters
import SessionLintRules
import SessionLintSources
import SessionLintTLS

/// The options shared by every command that analyses traffic (`scan`, `capture`): reports, the
/// gate, configuration, rules, baselines.
struct AnalysisOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Write a report: FORMAT or FORMAT:PATH (PATH - is stdout). Repeatable. Formats: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")) (`sessionlint reporters`).",
        valueName: "format[:path]"))
    var report: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Exit 1 when an open finding is at or above this severity: \(FailLevel.allNames.joined(separator: ", ")). Default: low, or fail-on in the config.",
        valueName: "level"))
    var failOn: String?

    @Option(name: .long, help: "Configuration file (default: ./.sessionlint.yml when present).", completion: .file())
    var config: String?

    @Option(name: .customLong("rules"), help: ArgumentHelp("Directory of custom YAML rules (default: rules-dir in the config).", valueName: "dir"), completion: .directory)
    var rulesDirectory: String?

    @Option(name: .long, help: ArgumentHelp("Accept the findings in this baseline file: they are reported as baselined and leave the gate.", valueName: "file"), completion: .file())
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("Write every current finding (except suppressed ones) to a baseline file, and accept them.", valueName: "file"), completion: .file())
    var writeBaseline: String?

    @Option(name: .long, help: ArgumentHelp("Run this rule, even if opt-in. Repeatable.", valueName: "rule-id"))
    var enable: [String] = []

    @Option(name: .long, help: ArgumentHelp("Do not run this rule. Repeatable.", valueName: "rule-id"))
    var disable: [String] = []

    @Flag(name: .long, help: "Show cookie values and query strings in reports (redacted by default).")
    var showValues = false

    @OptionGroup var reading: InputOptions

    @Option(name: .long, help: "Colour in terminal output: auto, always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        for target in report where ReportTarget(argument: target) == nil {
            throw ValidationError("--report \(target): expected FORMAT or FORMAT:PATH with FORMAT one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if let failOn, FailLevel(failOn) == nil {
            throw ValidationError("--fail-on \(failOn): expected one of \(FailLevel.allNames.joined(separator: ", ")).")
        }
    }

    func scanOptions(inputs: [String], kind: InputTypeChoice) -> ScanOptions {
        var options = ScanOptions(inputs: inputs)
        options.inputKind = kind.kind
        options.configPath = config
        options.customRulesDirectory = rulesDirectory
        options.enable = enable
        options.disable = disable
        options.failOn = failOn.flatMap(FailLevel.init)
        options.baselinePath = baseline
        options.writeBaselinePath = writeBaseline
        options.showValues = showValues
        options.logFormat = reading.logFormat
        options.assumedScheme = reading.assumeScheme?.scheme
        options.limits = reading.limit
        options.keyLogPaths = reading.keylog
        return options
    }

    /// Runs the analysis and writes every report. Returns the gate's exit code (0 or 1), or
    /// throws `ExitCode(2)` when the run could not complete.
    func analyse(inputs: [String], kind: InputTypeChoice) throws -> Int32 {
        let outcome: ScanOutcome
        do throws(InputError) {
            outcome = try ScanJob.run(scanOptions(inputs: inputs, kind: kind))
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        for error in outcome.unreadableInputs { printError(error.description) }
        if let written = outcome.baselineEntriesWritten, let writeBaseline {
            FileHandle.standardError.write(Data("sessionlint: wrote \(written) finding\(written == 1 ? "" : "s") to the baseline \(terminalSafe(writeBaseline))\n".utf8))
        }
        // Nothing was read: the errors above are the whole story.
        if outcome.unreadableInputs.count == inputs.count { throw ExitCode(2) }

        let targets = report.isEmpty ? [ReportTarget(format: .text, path: nil)] : report.compactMap(ReportTarget.init(argument:))
        for target in targets {
            let colored = target.writesToStandardOutput && color.enabled(forStandardOutput: true)
            do throws(InputError) {
                try target.write(target.format.reporter(colored: colored).render(outcome.report))
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }
        if !outcome.unreadableInputs.isEmpty { throw ExitCode(2) }
        return outcome.report.failed ? 1 : 0
    }
}

/// How inputs are read: the access-log format, the scheme logs leave out, resource limits.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Access-log format: a preset (\(LogPresets.names.joined(separator: ", "))) or an nginx log_format / Apache LogFormat string. Default: detected.",
        valueName: "preset|format"))
    var logFormat: String?

    @Option(name: .long, help: "Scheme to assume where a log does not record it: http, https or unknown.")
    var assumeScheme: SchemeChoice?

    @Option(name: .long, help: ArgumentHelp(
        "Raise or lower a bound on memory and work, e.g. connections=200000 or line-bytes=4M. Repeatable. Limits: "
            + Limits.entries.map { "\($0.name) (\($0.summary); default \(Limits.describe(Limits()[keyPath: $0.keyPath], unit: $0.unit)))" }.joined(separator: ", ") + ".",
        valueName: "name=value"))
    var limit: [String] = []

    @Option(name: .customLong("keylog"), help: ArgumentHelp(
        "TLS key log (SSLKEYLOGFILE, as browsers and curl write it) to decrypt HTTPS in captures. Repeatable. "
            + "Keys embedded in a pcapng file are used without it.",
        valueName: "file"))
    var keylog: [String] = []

    /// The key logs named in the configuration and by `--keylog`, read and merged; an
    /// unreadable one is an error (exit 2).
    func keyLog(limits: Limits, configured: [String] = []) throws -> (KeyLog, [InputWarning]) {
        do throws(InputError) {
            return try KeyLogFile.load(paths: configured + keylog, limits: limits)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    func validate() throws {
        var limits = Limits()
        for assignment in limit {
            do throws(LimitError) { try limits.set(assignment) } catch {
                throw ValidationError("--limit \(assignment): \(error.message)")
            }
        }
    }

    /// The limits: the configuration's, with each `--limit` applied over them.
    func limits(over configured: Limits = Limits()) -> Limits {
        var limits = configured
        for assignment in limit { try? limits.set(assignment) }  // validated above
        return limits
    }
}

enum SchemeChoice: String, ExpressibleByArgument, CaseIterable {
    case http, https, unknown

    var scheme: Scheme { Scheme(rawValue: rawValue) ?? .unknown }
}

enum InputTypeChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, har, pcap, log, burp

    var kind: InputKind? {
        switch self {
        case .auto: nil
        case .har: .har
        case .pcap: .pcap
        case .log: .log
        case .burp: .burp
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

/// Errors may span lines of their own (the first line of a log that does not match); anything
/// else that could steer the terminal is shown escaped.
func printError(_ message: String) {
    let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { terminalSafe(String($0)) }
    FileHandle.standardError.write(Data("sessionlint: error: \(lines.joined(separator: "\n"))\n".utf8))
}

/// What `timeline` and `tokens` share: the configuration (explicit, or ./.sessionlint.yml) and a
/// pass over every input that reports unreadable ones and goes on.
struct InputWalk {
    let configuration: Configuration
    let reading: InputOptions

    init(config: String?, reading: InputOptions) throws {
        var configuration = Configuration()
        do throws(InputError) {
            if let (text, path) = try ConfigurationFile.text(explicitPath: config) {
                configuration = try Configuration(yaml: text, file: path, catalogue: try RuleCatalogue.builtIn())
            }
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        self.configuration = configuration
        self.reading = reading
    }

    var limits: Limits { reading.limits(over: configuration.limits) }

    var classifier: CookieClassifier {
        CookieClassifier(sessionNames: configuration.sessionCookies,
                         ignoredNames: CookieClassifier.defaultIgnoredNames + configuration.ignoredCookies)
    }

    /// Reads every input; returns false when one could not be read (exit code 2 for the caller).
    func read(_ inputs: [String], onTransaction: (HTTPTransaction) -> Void) throws -> Bool {
        var allRead = true
        let (keyLog, _) = try reading.keyLog(limits: limits, configured: configuration.keyLogPaths)
        for input in inputs {
            do throws(InputError) {
                let source = try InputOpener.open(path: input, kind: nil, logs: LogReadingOptions(
                    format: reading.logFormat ?? configuration.logFormat,
                    assumedScheme: reading.assumeScheme?.scheme ?? configuration.assumedScheme, jsonMapping: configuration.jsonLogFields),
                    limits: limits, keyLog: keyLog)
                try source.read(onTransaction: onTransaction, onWarning: { _ in })
            } catch {
                printError(error.description)
                allRead = false
            }
        }
        return allRead
    }
}
