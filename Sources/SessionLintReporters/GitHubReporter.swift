import SessionLintCore

/// GitHub Actions workflow commands: `::error file=…,line=…,title=…::message` per open finding
/// (error for high and critical, warning for medium, notice below), and warnings for damaged
/// input. GitHub shows them on the run and, where the file is in the diff, on the pull request.
public struct GitHubReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        var out = ""
        for finding in report.openFindings {
            let command = switch finding.severity {
            case .critical, .high: "error"
            case .medium: "warning"
            case .low, .info: "notice"
            }
            let cookie = finding.key.cookieName.isEmpty ? "(nameless)" : finding.key.cookieName
            let evidence = finding.first.provenance
            out += "::\(command) " + properties(file: evidence.input, line: evidence.line ?? 1,
                                                title: "\(finding.rule) (\(finding.severity)): \(cookie) on \(finding.key.host)")
                + "::" + data("\(finding.message) [\(evidence.description); \(finding.occurrences) occurrence(s)]") + "\n"
        }
        for warning in report.warnings + report.configurationNotes {
            out += "::warning " + properties(file: warning.provenance.input, line: warning.provenance.line ?? 1, title: "sessionlint input warning")
                + "::" + data(warning.message) + "\n"
        }
        return out
    }

    private func properties(file: String, line: Int, title: String) -> String {
        "file=\(property(file)),line=\(line),title=\(property(title))"
    }

    /// Workflow-command escaping (actions/toolkit): data escapes %, CR and LF; property values
    /// also escape ":" and ",". Other control characters are dropped.
    private func data(_ text: String) -> String {
        terminalSafe(text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A"))
    }

    private func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
