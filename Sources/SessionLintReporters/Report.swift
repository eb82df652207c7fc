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

    public init(
        findings: [Finding], warnings: [InputWarning], inputs: [String], transactionCount: Int,
        clientCount: Int, elapsedSeconds: Double, rules: [RuleID: RuleDescription], failThreshold: Severity?,
        configurationNotes: [InputWarning] = [], comparedWithBaseline: Bool = false
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
    }

    /// Findings that count: neither baselined nor suppressed.
    public var openFindings: [Finding] { findings.filter(\.isOpen) }

    public var failed: Bool {
        guard let failThreshold else { return false }
        return openFindings.contains { $0.severity >= failThreshold }
    }

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
    case text, json

    public var summary: String {
        switch self {
        case .text: "grouped findings for a terminal, with a closing summary line (default)"
        case .json: "every finding with evidence, for machines (schema: docs/json-report.md)"
        }
    }

    public func reporter(colored: Bool) -> any Reporter {
        switch self {
        case .text: TextReporter(colored: colored)
        case .json: JSONReporter()
        }
    }
}
