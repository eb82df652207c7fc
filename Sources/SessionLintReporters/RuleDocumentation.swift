import SessionLintCore

/// Where a rule is documented: its rule file in the project's repository, the page SARIF's
/// helpUri, the Markdown table and the HTML report all point at.
enum RuleDocumentation {
    /// Nil for ids that could not be part of a URL path.
    static func url(for rule: RuleID) -> String? {
        guard !rule.rawValue.isEmpty,
              rule.rawValue.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else { return nil }
        return "\(SARIFReporter.homepage)/blob/main/rules/\(rule.rawValue).yaml"
    }

    /// The page of a rule the report describes.
    static func url(for rule: RuleID, in report: Report) -> String? {
        report.rules[rule] == nil ? nil : url(for: rule)
    }
}
