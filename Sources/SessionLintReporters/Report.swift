import Foundation
import SessionLintCore

/// Everything a reporter may show. Values in `findings` are already redacted unless the user
/// asked to see them.
public struct Report: Sendable {
    public var findings: [Finding]
    public var warnings: [InputWarning]
    public var inputs: [String]
    public var transactionCount: Int
    public var clientCount: Int
    public var elapsedSeconds: Double
    public var rules: [RuleID: RuleDescription]
    /// The gate: open findings at or above it fail the run; nil means never.
    public var failThreshold: Severity?
    /// Notes about the configuration: unused or expired suppressions.
    public var configurationNotes: [InputWarning]
    /// Whether findings were compared with a baseline (SARIF then marks each new or unchanged).
    public var comparedWithBaseline: Bool
    /// The rules that ran, for reports that list passing checks (JUnit).
    public var activeRules: [RuleID]
    /// Inputs that could not be read at all.
    public var inputErrors: [InputError]
    /// Every cookie the traffic set (the HTML and JSON reports list it).
    public var inventory: [CookieInventoryEntry]
    /// The session ID analysis per session cookie (the HTML report draws it).
    public var tokenAnalyses: [TokenSummary]
    /// Swimlanes of clients a timeline rule fired on (the HTML report draws them).
    public var sessionLanes: [SessionLane]

    public init(
        findings: [Finding], warnings: [InputWarning], inputs: [String], transactionCount: Int,
        clientCount: Int, elapsedSeconds: Double, rules: [RuleID: RuleDescription], failThreshold: Severity?,
        configurationNotes: [InputWarning] = [], comparedWithBaseline: Bool = false, activeRules: [RuleID] = [],
        inputErrors: [InputError] = [], inventory: [CookieInventoryEntry] = [], tokenAnalyses: [TokenSummary] = [],
        sessionLanes: [SessionLane] = []
    ) {
        self.findings = findings
        self.warnings = warnings
        self.inputs = inputs
        self.transactionCount = transactionCount
        self.clientCount = clientCount
        self.elapsedSeconds = elapsedSeconds
        self.rules = rules
        self.failThreshold = failThreshold
        self.configurationNotes = configurationNotes
        self.comparedWithBaseline = comparedWithBaseline
        self.activeRules = activeRules
        self.inputErrors = inputErrors
        self.inventory = inventory
        self.tokenAnalyses = tokenAnalyses
        self.sessionLanes = sessionLanes
    }

    /// Whether a finding fails the gate.
    public func fails(_ finding: Finding) -> Bool {
        guard let failThreshold, finding.isOpen else { return false }
        return finding.severity >= failThreshold
    }

    /// Findings that count: neither baselined nor suppressed.
    public var openFindings: [Finding] { findings.filter(\.isOpen) }

    public var failed: Bool { findings.contains(where: fails) }

    /// Open findings of this severity.
    public func count(_ severity: Severity) -> Int { openFindings.filter { $0.severity == severity }.count }

    public var baselinedCount: Int { findings.filter { $0.status == .baselined }.count }
    public var suppressedCount: Int { findings.count - openFindings.count - baselinedCount }

    /// "12 findings (3 high, 9 low) in 2 inputs, 48,211 transactions, 1,204 clients, 2.1 s"
    public var summaryLine: String {
        let bySeverity = Severity.allCases.reversed().compactMap { severity -> String? in
            let n = count(severity)
            return n == 0 ? nil : "\(n) \(severity)"
        }
        let detail = bySeverity.isEmpty ? "" : " (" + bySeverity.joined(separator: ", ") + ")"
        var accepted: [String] = []
        if baselinedCount > 0 { accepted.append("\(baselinedCount) baselined") }
        if suppressedCount > 0 { accepted.append("\(suppressedCount) suppressed") }
        let acceptedText = accepted.isEmpty ? "" : " [" + accepted.joined(separator: ", ") + "]"
        return "\(plural(openFindings.count, "finding"))\(detail)\(acceptedText) in \(plural(inputs.count, "input")), "
            + "\(plural(transactionCount, "transaction")), " + (clientCount > 0 ? "\(plural(clientCount, "client")), " : "")
            + String(format: "%.1f s", elapsedSeconds)
            + (warnings.isEmpty ? "" : ", \(plural(warnings.count, "input warning"))")
            + (configurationNotes.isEmpty ? "" : ", \(plural(configurationNotes.count, "configuration note"))")
    }
}

func plural(_ count: Int, _ noun: String) -> String {
    "\(count.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) \(noun)\(count == 1 ? "" : "s")"
}

/// A report format. Renders to text; writing (atomically, to a file or stdout) is the caller's job.
public protocol Reporter: Sendable {
    func render(_ report: Report) -> String
}

/// The formats `--report` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, sarif, junit, github, markdown, html, summary

    public var summary: String {
        switch self {
        case .text: "grouped open findings for a terminal, with a closing summary line (the default)"
        case .json: "every finding with evidence and status, for machines (docs/json-report.md)"
        case .sarif: "SARIF 2.1.0 for GitHub code scanning and other SARIF viewers"
        case .junit: "JUnit XML: a test case per rule and input, a failure per finding at or above --fail-on"
        case .github: "GitHub Actions workflow commands: an annotation per open finding"
        case .markdown: "a summary table and the top findings, for a pull-request comment or the job summary"
        case .html: "one self-contained page for people: grade, findings with fixes, cookie inventory, session timelines, token charts"
        case .summary: "counts per rule and severity"
        }
    }

    public func reporter(colored: Bool) -> any Reporter {
        switch self {
        case .text: TextReporter(colored: colored)
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .junit: JUnitReporter()
        case .github: GitHubReporter()
        case .markdown: MarkdownReporter()
        case .html: HTMLReporter()
        case .summary: SummaryReporter()
        }
    }
}
