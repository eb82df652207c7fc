import Foundation
import SessionLintCore
import SessionLintReporters
import SessionLintRules
import SessionLintSources

/// Everything `sessionlint scan` was asked to do.
public struct ScanOptions: Sendable {
    public var inputs: [String]
    public var inputKind: InputKind?
    /// nil: `./.sessionlint.yml` when present.
    public var configPath: String?
    /// Wins over the configuration's `rules-dir`.
    public var customRulesDirectory: String?
    public var enable: [String] = []
    public var disable: [String] = []
    /// Wins over the configuration's `fail-on`; the default is `low`.
    public var failOn: FailLevel?
    /// Wins over the configuration's `baseline`.
    public var baselinePath: String?
    public var writeBaselinePath: String?
    public var showValues = false
    /// Access logs: a preset name or a format string; detected when nil.
    public var logFormat: String?
    /// Wins over the configuration's `assume-scheme`.
    public var assumedScheme: Scheme?
    /// The day suppressions expire against; today by default.
    public var today = CalendarDay(Date())
    /// `--limit NAME=VALUE`, each winning over the configuration's `limits:`.
    public var limits: [String] = []
    /// `--keylog FILE`: TLS secrets for the captures' encrypted connections.
    public var keyLogPaths: [String] = []

    public init(inputs: [String]) {
        self.inputs = inputs
    }
}

/// The outcome of a scan: the report, and the inputs that could not be read at all.
public struct ScanOutcome: Sendable {
    public var report: Report
    public var unreadableInputs: [InputError]
    /// How many findings `--write-baseline` wrote, when it was given.
    public var baselineEntriesWritten: Int?
}

/// Runs a whole scan: configuration, custom rules, every input, triage against suppressions and
/// the baseline. Throws only for what stops the run before any input is read (a bad
/// configuration, rule file or baseline).
public enum ScanJob {
    public static func run(_ options: ScanOptions) throws(InputError) -> ScanOutcome {
        let started = ContinuousClock.now
        let builtIn = try RuleCatalogue.builtIn()

        let configText = try ConfigurationFile.text(explicitPath: options.configPath)
        var rulesDirectory = options.customRulesDirectory
        if rulesDirectory == nil, let (text, path) = configText {
            rulesDirectory = try Configuration.customRulesDirectory(inYAML: text, file: path)
        }
        var customRules: [CustomRule] = []
        if let rulesDirectory { customRules = try CustomRuleParser.load(directory: rulesDirectory, builtIn: builtIn) }
        let catalogue = builtIn.adding(customRules)

        var configuration = Configuration()
        if let (text, path) = configText { configuration = try Configuration(yaml: text, file: path, catalogue: catalogue) }
        try apply(enable: options.enable, disable: options.disable, to: &configuration, catalogue: catalogue)
        try configuration.limits.apply(options.limits)

        let baselinePath = options.baselinePath ?? configuration.baselinePath
        var baseline: Baseline?
        if let baselinePath { baseline = try Baseline(contentsOf: baselinePath) }

        var scanner = try TrafficScanner(
            catalogue: catalogue, configuration: configuration, customRules: customRules, showValues: options.showValues)
        var unreadable: [InputError] = []
        let (keyLog, keyLogWarnings) = try KeyLogFile.load(paths: configuration.keyLogPaths + options.keyLogPaths, limits: configuration.limits)
        for warning in keyLogWarnings { scanner.note(warning) }
        for input in options.inputs {
            do throws(InputError) {
                let logs = LogReadingOptions(format: options.logFormat ?? configuration.logFormat,
                                             assumedScheme: options.assumedScheme ?? configuration.assumedScheme,
                                             jsonMapping: configuration.jsonLogFields)
                try scanner.scan(try InputOpener.open(path: input, kind: options.inputKind, logs: logs, limits: configuration.limits, keyLog: keyLog))
            } catch {
                unreadable.append(error)
            }
        }
        // Moved into `result()`, not copied: a copy shared the scanner's tables, so judging the
        // open timelines copied them (every timeline retained once more) and the originals
        // were released only when the report was done.
        let activeRules = scanner.activeRules
        let result = (consume scanner).result()

        var triage = FindingTriage(suppressions: configuration.suppressions, baseline: baseline, today: options.today)
        var written: Int?
        if let path = options.writeBaselinePath {
            // Writing a baseline accepts what is found now, except what is already suppressed.
            let notSuppressed = triage.apply(to: result.findings).findings.filter { if case .suppressed = $0.status { false } else { true } }
            let newBaseline = Baseline(findings: notSuppressed)
            try newBaseline.write(to: path)
            triage.baseline = newBaseline
            written = newBaseline.entries.count
        }
        let (findings, notes) = triage.apply(to: result.findings)

        let failLevel = options.failOn ?? configuration.failOn ?? .severity(.low)
        let threshold: Severity? = if case .severity(let severity) = failLevel { severity } else { nil }
        let elapsed = started.duration(to: .now)
        let report = Report(
            findings: findings, warnings: result.warnings, inputs: result.inputs,
            transactionCount: result.transactionCount, clientCount: result.clientCount,
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            rules: Dictionary(catalogue.descriptions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            failThreshold: threshold, configurationNotes: notes, comparedWithBaseline: triage.baseline != nil,
            activeRules: activeRules, inputErrors: unreadable, inventory: result.inventory,
            tokenAnalyses: result.tokenAnalyses, sessionLanes: result.sessionLanes)
        return ScanOutcome(report: report, unreadableInputs: unreadable, baselineEntriesWritten: written)
    }

    private static func apply(enable: [String], disable: [String], to configuration: inout Configuration, catalogue: RuleCatalogue) throws(InputError) {
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
