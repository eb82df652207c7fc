import SessionLintCore
import SessionLintRules
import Yams

/// The level at or above which findings fail a run (exit 1); `never` reports without failing.
public enum FailLevel: Sendable, Equatable, CustomStringConvertible {
    case severity(Severity)
    case never

    public init?(_ text: String) {
        if text.lowercased() == "never" { self = .never; return }
        guard let severity = Severity(rawValue: text.lowercased()) else { return nil }
        self = .severity(severity)
    }

    public func fails(_ severity: Severity) -> Bool {
        if case .severity(let threshold) = self { return severity >= threshold }
        return false
    }

    public var description: String {
        switch self {
        case .severity(let severity): severity.rawValue
        case .never: "never"
        }
    }

    public static let allNames = Severity.allCases.map(\.rawValue) + ["never"]
}

/// `.sessionlint.yml`: what a team changes about the defaults. Every key is validated against
/// the rule catalogue; mistakes name the file, line and column.
public struct Configuration: Sendable {
    public var rules = RuleSelection()
    public var sessionCookies: [String] = []
    /// Added to the built-in list of infrastructure and analytics cookies.
    public var ignoredCookies: [String] = []
    public var failOn: FailLevel?

    public init() {}

    public static let fileName = ".sessionlint.yml"
    private static let topKeys: Set<String> = ["enabled", "disabled", "rules", "session-cookies", "ignored-cookies", "fail-on"]

    public init(yaml: String, file: String, catalogue: RuleCatalogue) throws(InputError) {
        let reader = YAMLNodeReader(file: file)
        guard let root = try reader.compose(yaml) else { return }  // an empty file is the defaults
        for pair in try reader.mapping(root, allowed: Self.topKeys, what: "the configuration") {
            switch pair.key {
            case "enabled":
                rules.enabled = try Self.ruleIDs(pair.value, key: "enabled", reader: reader, catalogue: catalogue)
            case "disabled":
                rules.disabled = try Self.ruleIDs(pair.value, key: "disabled", reader: reader, catalogue: catalogue)
            case "session-cookies":
                sessionCookies = try reader.strings(pair.value, what: "session-cookies")
            case "ignored-cookies":
                ignoredCookies = try reader.strings(pair.value, what: "ignored-cookies")
            case "fail-on":
                let text = try reader.string(pair.value, what: "fail-on")
                guard let level = FailLevel(text) else {
                    throw reader.error(pair.value, "fail-on must be one of \(FailLevel.allNames.joined(separator: ", ")), not \"\(text)\"")
                }
                failOn = level
            case "rules":
                try readRuleSettings(pair.value, reader: reader, catalogue: catalogue)
            default:
                break
            }
        }
        if let both = rules.enabled.intersection(rules.disabled).sorted().first {
            throw InputError(file: file, message: "rule \(both) is both enabled and disabled")
        }
    }

    private mutating func readRuleSettings(_ node: Node, reader: YAMLNodeReader, catalogue: RuleCatalogue) throws(InputError) {
        for rule in try reader.mapping(node, what: "rules") {
            let id = RuleID(rule.key)
            guard let description = catalogue.description(of: id) else {
                throw unknownRule(rule.key, node: rule.keyNode, reader: reader, catalogue: catalogue)
            }
            for setting in try reader.mapping(rule.value, allowed: ["severity", "options"], what: "rules.\(rule.key)") {
                if setting.key == "severity" {
                    rules.severityOverrides[id] = try reader.severity(setting.value, what: "rules.\(rule.key).severity")
                    continue
                }
                let allowed = Set(description.options.map(\.name))
                for option in try reader.mapping(setting.value, allowed: allowed, what: "rules.\(rule.key).options") {
                    guard let spec = description.options.first(where: { $0.name == option.key }) else { continue }
                    let text = try reader.string(option.value, what: option.key)
                    guard let value = spec.defaultValue.parsingSameType(text) else {
                        throw reader.error(option.value, "rules.\(rule.key).options.\(option.key) must be a \(spec.defaultValue.typeName) (like \(spec.defaultValue)), not \"\(text)\"")
                    }
                    rules.optionOverrides[id, default: [:]][option.key] = value
                }
            }
        }
    }

    private static func ruleIDs(_ node: Node, key: String, reader: YAMLNodeReader, catalogue: RuleCatalogue) throws(InputError) -> Set<RuleID> {
        var ids: Set<RuleID> = []
        let items = node.sequence.map(Array.init) ?? [node]
        for item in items {
            let text = try reader.string(item, what: "each rule in \(key)")
            guard catalogue.description(of: RuleID(text)) != nil else {
                throw Configuration.unknownRule(text, node: item, reader: reader, catalogue: catalogue)
            }
            ids.insert(RuleID(text))
        }
        return ids
    }

    private static func unknownRule(_ text: String, node: Node, reader: YAMLNodeReader, catalogue: RuleCatalogue) -> InputError {
        let known = catalogue.descriptions.map(\.id.rawValue)
        let hint = known.min { editDistance(text, $0) < editDistance(text, $1) }
            .flatMap { editDistance(text, $0) <= 3 ? "; did you mean \"\($0)\"?" : nil } ?? "; `sessionlint rules` lists them"
        return reader.error(node, "unknown rule \"\(text)\"\(hint)")
    }

    private func unknownRule(_ text: String, node: Node, reader: YAMLNodeReader, catalogue: RuleCatalogue) -> InputError {
        Self.unknownRule(text, node: node, reader: reader, catalogue: catalogue)
    }
}
