import SessionLintCore

/// The catalogue as people read it: `sessionlint rules`, `sessionlint rules ID`, and the rule
/// table in README.md (kept equal to `markdownTable` by a test).
public enum RuleCatalogueText {
    public static func table(_ catalogue: RuleCatalogue) -> String {
        let width = catalogue.descriptions.map(\.id.rawValue.count).max() ?? 0
        return catalogue.descriptions.map { rule in
            let id = rule.id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            let severity = rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            return "\(id)  \(severity)\(rule.optIn ? " opt-in " : "        ")\(rule.summary)\n"
        }.joined()
    }

    public static func markdownTable(_ catalogue: RuleCatalogue) -> String {
        var out = "| Rule | Severity | Scope | What it finds |\n|---|---|---|---|\n"
        for rule in catalogue.descriptions {
            out += "| `\(rule.id)` | \(rule.severity)\(rule.optIn ? " (opt-in)" : "") | \(rule.scope.rawValue) | \(rule.summary) |\n"
        }
        return out
    }

    public static func detail(_ rule: RuleDescription) -> String {
        var out = "\(rule.id) — \(rule.name)\n\n"
        out += "Severity: \(rule.severity) (for a session cookie; others one level lower)\(rule.optIn ? ", opt-in" : "")\n"
        out += "Scope: \(rule.scope.rawValue)\n\n"
        out += wrap(rule.description) + "\n"
        out += "Why this severity:\n" + wrap(rule.severityReasoning, indent: "  ") + "\n"
        if !rule.options.isEmpty {
            out += "Options:\n"
            for option in rule.options {
                out += "  \(option.name) (\(option.defaultValue.typeName), default \(option.defaultValue)): \(option.description)\n"
            }
            out += "\n"
        }
        let refs = rule.references
        var referenceLines = refs.cwe.map { "CWE-\($0)" } + refs.asvs.map { "OWASP ASVS \($0)" }
        referenceLines += refs.rfc + refs.zap.map { "OWASP ZAP \($0)" } + refs.other
        if !referenceLines.isEmpty { out += "References: " + referenceLines.joined(separator: "; ") + "\n\n" }
        out += "Remediation:\n"
        for (framework, text) in rule.remediation {
            out += "  \(RuleDescription.frameworkDisplayName(framework)): \(text)\n"
        }
        return out
    }

    private static func wrap(_ text: String, indent: String = "", width: Int = 96) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if line.count + word.count + 1 > width, line.count > indent.count {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        if line.count > indent.count { lines.append(line) }
        return lines.joined(separator: "\n") + "\n"
    }
}
