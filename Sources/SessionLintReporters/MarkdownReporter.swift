import SessionLintCore

/// Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict, counts by
/// severity, and the top open findings with their evidence. Kept under GitHub's 65,536-character
/// comment limit; input text is escaped so it cannot break the table or inject HTML.
public struct MarkdownReporter: Reporter {
    public static let maxFindings = 25
    public static let maxLength = 60_000

    public init() {}

    public func render(_ report: Report) -> String {
        let open = report.openFindings
        let verdict = report.failed ? "❌ fails the gate (`--fail-on \(report.failThreshold?.rawValue ?? "never")`)" : "✅ passes the gate"
        var out = "## sessionlint: \(open.count) finding\(open.count == 1 ? "" : "s"), \(verdict)\n\n"
        out += "| Severity | Open | Baselined | Suppressed |\n|---|---:|---:|---:|\n"
        for severity in Severity.allCases.reversed() {
            let all = report.findings.filter { $0.severity == severity }
            out += "| \(severity) | \(all.filter(\.isOpen).count) | \(all.filter { $0.status == .baselined }.count) | \(all.count - all.filter(\.isOpen).count - all.filter { $0.status == .baselined }.count) |\n"
        }
        out += "\n"
        if !open.isEmpty {
            out += "### Top findings\n\n| Severity | Rule | Host | Cookie | What | Where |\n|---|---|---|---|---|---|\n"
            for finding in open.prefix(Self.maxFindings) {
                let cookie = finding.key.cookieName.isEmpty ? "(nameless)" : finding.key.cookieName
                out += "| \(finding.severity) | \(ruleLink(finding.rule, report)) | \(cell(finding.key.host)) | `\(cell(cookie))` "
                    + "| \(cell(finding.message)) | \(cell(finding.first.provenance.description))\(finding.occurrences > 1 ? " (×\(finding.occurrences))" : "") |\n"
            }
            if open.count > Self.maxFindings {
                out += "\n… and \(open.count - Self.maxFindings) more: see the full report (`--report json` or `--report sarif`).\n"
            }
            out += "\n"
        }
        let notes = report.warnings + report.configurationNotes
        if !notes.isEmpty {
            out += "<details><summary>\(notes.count) input warning\(notes.count == 1 ? "" : "s") and configuration note\(notes.count == 1 ? "" : "s")</summary>\n\n"
            for note in notes.prefix(50) { out += "- \(cell(note.provenance.description)): \(cell(note.message))\n" }
            out += "\n</details>\n\n"
        }
        out += "<sub>\(cell(report.summaryLine)) · sessionlint \(SessionLintVersion.current)</sub>\n"
        if out.count > Self.maxLength {
            out = String(out.prefix(Self.maxLength)) + "\n\n… (truncated)\n"
        }
        return out
    }

    /// The rule's id, linked to its documentation (the rule file) when it is one of ours: the
    /// HTML report and SARIF's helpUri point at the same page.
    private func ruleLink(_ rule: RuleID, _ report: Report) -> String {
        let id = "`\(cell(rule.rawValue))`"
        guard let url = RuleDocumentation.url(for: rule, in: report) else { return id }
        return "[\(id)](\(url))"
    }

    /// Safe inside a table cell: no pipes, newlines, HTML or backticks from the input.
    private func cell(_ text: String) -> String {
        var out = ""
        let oneLine = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        for character in terminalSafe(oneLine) {
            switch character {
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "`": out += "'"
            default: out.append(character)
            }
        }
        return out
    }
}
