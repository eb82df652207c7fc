import SessionLintCore

/// Findings for a person at a terminal: worst first, one block each, with the evidence that
/// shows it. Every piece of input-derived text is stripped of control characters.
public struct TextReporter: Reporter {
    public var colored: Bool

    public init(colored: Bool) { self.colored = colored }

    public func render(_ report: Report) -> String {
        var out = ""
        for finding in report.openFindings {
            let cookie = finding.key.cookieName.isEmpty ? "(nameless cookie)" : finding.key.cookieName
            out += paint(label(finding.severity), finding.severity) + "  " + bold(finding.rule.rawValue)
                + "  " + safe("\(finding.key.host)  \(cookie) (path \(finding.key.cookiePath))") + "\n"
            out += "        " + safe(finding.message) + "\n"
            let times = finding.occurrences == 1 ? "once" : "\(finding.occurrences) times"
            out += "        \(times); first at \(safe(finding.first.provenance.description)): \(safe(finding.first.method)) \(safe(finding.first.url))\n"
            if !finding.first.excerpt.isEmpty { out += "          " + safe(finding.first.excerpt) + "\n" }
            if finding.occurrences > 1, finding.last.provenance != finding.first.provenance {
                out += "        last at \(safe(finding.last.provenance.description))\n"
            }
            if !finding.clients.isEmpty {
                out += "        clients: " + safe(finding.clients.joined(separator: ", ")) + "\n"
            }
            out += "\n"
        }
        if !report.warnings.isEmpty {
            out += bold("Input warnings") + "\n"
            for warning in report.warnings.prefix(50) {
                out += "  " + safe("\(warning.provenance.description): \(warning.message)") + "\n"
            }
            if report.warnings.count > 50 { out += "  … and \(report.warnings.count - 50) more (see --report json)\n" }
            out += "\n"
        }
        if !report.configurationNotes.isEmpty {
            out += bold("Configuration notes") + "\n"
            for note in report.configurationNotes {
                out += "  " + safe("\(note.provenance.description): \(note.message)") + "\n"
            }
            out += "\n"
        }
        if report.openFindings.isEmpty, report.warnings.isEmpty { out += "No findings.\n" }
        out += report.summaryLine + "\n"
        return out
    }

    private func label(_ severity: Severity) -> String {
        let text = severity.rawValue.uppercased()
        return text + String(repeating: " ", count: max(0, 8 - text.count))
    }

    private func safe(_ text: String) -> String { terminalSafe(text) }

    private func bold(_ text: String) -> String { colored ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    private func paint(_ text: String, _ severity: Severity) -> String {
        guard colored else { return text }
        let code = switch severity {
        case .critical: "1;35"
        case .high: "1;31"
        case .medium: "33"
        case .low: "36"
        case .info: "2"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
