import SessionLintCore

/// Counts of open findings per rule and severity, with accepted ones alongside: a quick look,
/// or a line for a log.
public struct SummaryReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        let severities = Severity.allCases.reversed()
        let rules = Array(Set(report.findings.map(\.rule))).sorted()
        let width = max(4, rules.map(\.rawValue.count).max() ?? 0)
        func row(_ label: String, _ counts: [Int], _ accepted: Int) -> String {
            label.padding(toLength: width, withPad: " ", startingAt: 0)
                + counts.map { pad($0, 9) }.joined() + pad(counts.reduce(0, +), 7) + pad(accepted, 10) + "\n"
        }
        var out = "rule".padding(toLength: width, withPad: " ", startingAt: 0)
            + severities.map { pad($0.rawValue, 9) }.joined() + pad("total", 7) + pad("accepted", 10) + "\n"
        for rule in rules {
            let findings = report.findings.filter { $0.rule == rule }
            let open = findings.filter(\.isOpen)
            out += row(rule.rawValue, severities.map { s in open.filter { $0.severity == s }.count }, findings.count - open.count)
        }
        out += row("all", severities.map { report.count($0) }, report.findings.count - report.openFindings.count)
        return out + report.summaryLine + "\n"
    }

    private func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(1, width - text.count)) + text
    }
}
