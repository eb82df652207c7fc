import Foundation
import SessionLintCore
import SessionLintRules
import SessionLintSources
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
    public var suppressions: [Suppression] = []
    /// Paths are resolved against the configuration file's directory.
    public var baselinePath: String?
    public var customRulesDirectory: String?
    public var login = RequestPattern.defaultLogin
    public var logout = RequestPattern.defaultLogout
    public var clientKey = ClientKey.ipUserAgent
    /// The scheme to assume where the input does not record one (access logs).
    public var assumedScheme = Scheme.unknown
    /// The access-log format: a preset name or an nginx/Apache format string.
    public var logFormat: String?
    /// Field paths for JSON-lines access logs other than Caddy's.
    public var jsonLogFields: JSONLogMapping?
    /// Take the client from X-Forwarded-For (first address) where the input has it: only when
    /// a trusted proxy sets that header.
    public var trustForwardedFor = false
    /// Bounds on memory and work (`limits:`), under any `--limit` given on the command line.
    public var limits = Limits()
    /// TLS key logs (`keylog:`), resolved against the configuration file's directory; used
    /// beside any `--keylog` given on the command line.
    public var keyLogPaths: [String] = []

    public init() {}

    public static let fileName = ".sessionlint.yml"
    static let topKeys: Set<String> = [
        "enabled", "disabled", "rules", "session-cookies", "ignored-cookies", "fail-on", "suppressions", "baseline",
        "rules-dir", "login", "logout", "client-key", "assume-scheme", "log-format", "json-log-fields", "trust-forwarded-for",
        "limits", "keylog",
    ]
    private static let suppressionKeys: Set<String> = ["rule", "host", "cookie", "path", "reason", "expires"]

    /// The custom rules directory named in a configuration, read before the full parse because
    /// its rules must be known to validate the rest.
    public static func customRulesDirectory(inYAML yaml: String, file: String) throws(InputError) -> String? {
        let reader = YAMLNodeReader(file: file)
        guard let root = try reader.compose(yaml), root.mapping != nil else { return nil }
        for pair in try reader.mapping(root, what: "the configuration") where pair.key == "rules-dir" {
            return resolve(try reader.string(pair.value, what: "rules-dir"), relativeTo: file)
        }
        return nil
    }

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
            case "suppressions":
                suppressions = try Self.suppressions(pair.value, reader: reader, catalogue: catalogue)
            case "baseline":
                baselinePath = Self.resolve(try reader.string(pair.value, what: "baseline"), relativeTo: file)
            case "rules-dir":
                customRulesDirectory = Self.resolve(try reader.string(pair.value, what: "rules-dir"), relativeTo: file)
            case "keylog":
                keyLogPaths = try reader.strings(pair.value, what: "keylog").map { Self.resolve($0, relativeTo: file) }
            case "login":
                login = try Self.requestPattern(pair.value, key: "login", reader: reader)
            case "logout":
                logout = try Self.requestPattern(pair.value, key: "logout", reader: reader)
            case "client-key":
                let text = try reader.string(pair.value, what: "client-key")
                guard let key = ClientKey(rawValue: text) else {
                    throw reader.error(pair.value, "client-key must be one of \(ClientKey.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text)\"")
                }
                clientKey = key
            case "log-format":
                let text = try reader.string(pair.value, what: "log-format")
                if LogPresets.format(named: text) == nil, !LogPresets.jsonPresets.contains(text), !LogPresets.selfDescribing.contains(text) {
                    do { _ = try LogFormat(parsing: text) } catch {
                        throw reader.error(pair.value, "log-format: \(error.message) (or a preset: \(LogPresets.all.map(\.name).joined(separator: ", ")))")
                    }
                }
                logFormat = text
            case "trust-forwarded-for":
                trustForwardedFor = try reader.bool(pair.value, what: "trust-forwarded-for")
            case "json-log-fields":
                var mapping = JSONLogMapping()
                for field in try reader.mapping(pair.value, allowed: Set(JSONLogMapping.keys), what: "json-log-fields") {
                    mapping.set(field.key, try reader.string(field.value, what: "json-log-fields.\(field.key)"))
                }
                guard mapping.method != nil else { throw reader.error(pair.value, "json-log-fields needs at least method (the path to the request method)") }
                jsonLogFields = mapping
            case "limits":
                for limit in try reader.mapping(pair.value, allowed: Set(Limits.names), what: "limits") {
                    let text = try reader.string(limit.value, what: "limits.\(limit.key)")
                    do throws(LimitError) {
                        try limits.set(limit.key, to: text)
                    } catch {
                        throw reader.error(limit.value, error.message)
                    }
                }
            case "assume-scheme":
                let text = try reader.string(pair.value, what: "assume-scheme")
                guard let scheme = Scheme(rawValue: text) else {
                    throw reader.error(pair.value, "assume-scheme must be http, https or unknown, not \"\(text)\"")
                }
                assumedScheme = scheme
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

    private static func suppressions(_ node: Node, reader: YAMLNodeReader, catalogue: RuleCatalogue) throws(InputError) -> [Suppression] {
        guard let items = node.sequence else { throw reader.error(node, "suppressions must be a list") }
        var result: [Suppression] = []
        for item in items {
            var fields: [String: Node] = [:]
            for pair in try reader.mapping(item, allowed: suppressionKeys, what: "a suppression") { fields[pair.key] = pair.value }
            guard let ruleNode = fields["rule"] else { throw reader.error(item, "a suppression needs a rule") }
            let rule = try reader.string(ruleNode, what: "rule")
            guard catalogue.description(of: RuleID(rule)) != nil else {
                throw unknownRule(rule, node: ruleNode, reader: reader, catalogue: catalogue)
            }
            guard let reasonNode = fields["reason"],
                  case let reason = try reader.string(reasonNode, what: "reason").trimmingCharacters(in: .whitespacesAndNewlines),
                  !reason.isEmpty else {
                throw reader.error(item, "a suppression needs a reason: say why this finding is accepted")
            }
            var expires: CalendarDay?
            if let node = fields["expires"] {
                let text = try reader.string(node, what: "expires")
                guard let day = CalendarDay(text) else { throw reader.error(node, "expires must be a date like 2027-01-31, not \"\(text)\"") }
                expires = day
            }
            func glob(_ key: String) throws(InputError) -> Glob? {
                try fields[key].map { (node: Node) throws(InputError) in Glob(try reader.string(node, what: key), caseInsensitive: key == "host") }
            }
            result.append(Suppression(
                rule: RuleID(rule), host: try glob("host"), cookie: try glob("cookie"),
                path: try fields["path"].map { (node: Node) throws(InputError) in try reader.string(node, what: "path") },
                reason: reason, expires: expires,
                source: Provenance(input: reader.file, location: .line(number: item.mark?.line ?? 0))))
        }
        return result
    }

    private static func requestPattern(_ node: Node, key: String, reader: YAMLNodeReader) throws(InputError) -> RequestPattern {
        var paths: [String] = []
        var methods: [String] = []
        for pair in try reader.mapping(node, allowed: ["paths", "methods"], what: key) {
            if pair.key == "paths" { paths = try reader.strings(pair.value, what: "\(key).paths") }
            if pair.key == "methods" { methods = try reader.strings(pair.value, what: "\(key).methods") }
        }
        if paths.isEmpty { throw reader.error(node, "\(key) needs paths (globs such as \"*/login*\")") }
        return RequestPattern(paths: paths.map { Glob($0, caseInsensitive: true) }, methods: methods)
    }

    static func resolve(_ path: String, relativeTo configFile: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        let directory = URL(fileURLWithPath: configFile).deletingLastPathComponent().path
        return directory == "." || directory.isEmpty ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).path
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
