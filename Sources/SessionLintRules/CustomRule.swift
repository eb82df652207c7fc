import Foundation
import SessionLintCore
import SessionLintHTTP
import Yams

/// A team's own policy, written in YAML (`--rules DIR` or `rules-dir:`): `match` picks the
/// cookies it covers, `require` says what each must satisfy, and every covered cookie that
/// fails a requirement is a finding with the rule's severity, whatever the cookie's role.
///
///     id: acme-cookie-policy
///     name: ACME cookies are __Host- and SameSite=Strict
///     severity: high
///     match:   { host: "*.acme.com" }
///     require: { name: { glob: "__Host-*" }, attributes: { SameSite: { equals: Strict } } }
public struct CustomRule: Sendable {
    public var description: RuleDescription
    public var match: [CookieCondition]
    public var require: [CookieCondition]
    public var message: String?
    public var includeDeletions: Bool

    /// The requirements this cookie fails, or nil when the rule does not cover it.
    public func failures(_ cookie: SetCookieContext) -> [String]? {
        guard includeDeletions || !cookie.isDeletion, match.allSatisfy({ $0.holds(for: cookie) }) else { return nil }
        let failed = require.filter { !$0.holds(for: cookie) }.map(\.requirementText)
        return failed.isEmpty ? nil : failed
    }

    func violation(_ cookie: SetCookieContext) -> Violation? {
        guard let failed = failures(cookie) else { return nil }
        let head = message.map { $0.replacingOccurrences(of: "{cookie}", with: cookie.name)
            .replacingOccurrences(of: "{host}", with: cookie.host) } ?? "\(cookie.label) breaks \(description.id)"
        return Violation("\(head) (needs \(failed.joined(separator: ", ")))")
    }
}

/// One test on a Set-Cookie, used both to select cookies and to require things of them.
public enum CookieCondition: Sendable {
    public enum Pattern: Sendable {
        case glob(Glob)
        case regex(String)

        func matches(_ text: String) -> Bool {
            switch self {
            case .glob(let glob): glob.matches(text)
            case .regex(let pattern): text.range(of: pattern, options: .regularExpression) != nil
            }
        }

        var text: String {
            switch self {
            case .glob(let glob): glob.pattern
            case .regex(let pattern): "/\(pattern)/"
            }
        }
    }

    public enum AttributeTest: Sendable {
        case present, absent
        case equals(String)
    }

    case host(Pattern)
    case name(Pattern)
    case domain(Pattern)
    case path(Pattern)
    case attribute(SetCookie.AttributeKind, AttributeTest)
    case lifetimeAtMost(Double)
    case lifetimeAtLeast(Double)
    case persistent(Bool)
    case sessionCookie(Bool)
    case scheme(Scheme)

    func holds(for cookie: SetCookieContext) -> Bool {
        switch self {
        case .host(let pattern): return pattern.matches(cookie.host)
        case .name(let pattern): return pattern.matches(cookie.name)
        case .domain(let pattern): return cookie.cookie.domain.map(pattern.matches) ?? false
        case .path(let pattern): return pattern.matches(cookie.path)
        case .attribute(let kind, let test):
            let present = cookie.cookie.has(kind)
            switch test {
            case .present: return present
            case .absent: return !present
            case .equals(let expected):
                let value = cookie.cookie.attributes.last { $0.kind == kind && !$0.isIgnored }?.value ?? ""
                return present && value.equalsIgnoringASCIICase(expected)
            }
        case .lifetimeAtMost(let limit):
            if case .seconds(let seconds) = cookie.lifetime { return seconds <= limit }
            return cookie.lifetime == .session
        case .lifetimeAtLeast(let limit):
            if case .seconds(let seconds) = cookie.lifetime { return seconds >= limit }
            return false
        case .persistent(let wanted): return (cookie.lifetime != .session) == wanted
        case .sessionCookie(let wanted): return cookie.isSession == wanted
        case .scheme(let scheme): return cookie.scheme == scheme
        }
    }

    /// How a failed requirement reads in a finding.
    var requirementText: String {
        switch self {
        case .host(let p): "host \(p.text)"
        case .name(let p): "a name matching \(p.text)"
        case .domain(let p): "Domain matching \(p.text)"
        case .path(let p): "Path matching \(p.text)"
        case .attribute(let kind, .present): "\(CustomRuleParser.attributeNames[kind] ?? kind.rawValue)"
        case .attribute(let kind, .absent): "no \(CustomRuleParser.attributeNames[kind] ?? kind.rawValue)"
        case .attribute(let kind, .equals(let value)): "\(CustomRuleParser.attributeNames[kind] ?? kind.rawValue)=\(value)"
        case .lifetimeAtMost(let s): "a lifetime of at most \(HumanDuration.humanReadable(seconds: s))"
        case .lifetimeAtLeast(let s): "a lifetime of at least \(HumanDuration.humanReadable(seconds: s))"
        case .persistent(true): "an Expires or Max-Age"
        case .persistent(false): "no Expires or Max-Age"
        case .sessionCookie(true): "a session cookie"
        case .sessionCookie(false): "not a session cookie"
        case .scheme(let s): "to be set over \(s.rawValue)"
        }
    }
}

/// Reads custom rule files. Every mistake names the file, line and column.
public enum CustomRuleParser {
    static let attributeNames: [SetCookie.AttributeKind: String] = [
        .expires: "Expires", .maxAge: "Max-Age", .domain: "Domain", .path: "Path", .secure: "Secure",
        .httpOnly: "HttpOnly", .sameSite: "SameSite", .partitioned: "Partitioned", .priority: "Priority",
    ]
    private static let topKeys: Set<String> = [
        "id", "name", "summary", "description", "severity", "message", "references", "match", "require", "include-deletions",
    ]
    private static let conditionKeys: Set<String> = ["host", "name", "domain", "path", "attributes", "lifetime", "session-cookie", "scheme"]

    /// Every `*.yaml` / `*.yml` file in `directory`, sorted by name.
    public static func load(directory: String, builtIn: RuleCatalogue) throws(InputError) -> [CustomRule] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw InputError(file: directory, message: "cannot read the custom rules directory")
        }
        var rules: [CustomRule] = []
        for name in names {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw InputError(file: path, message: "cannot read the rule file (not UTF-8 text?)")
            }
            let rule = try parse(yaml: text, file: path)
            if builtIn.description(of: rule.description.id) != nil || rules.contains(where: { $0.description.id == rule.description.id }) {
                throw InputError(file: path, message: "rule id \(rule.description.id) is already taken")
            }
            rules.append(rule)
        }
        return rules
    }

    public static func parse(yaml: String, file: String) throws(InputError) -> CustomRule {
        let reader = YAMLNodeReader(file: file)
        guard let root = try reader.compose(yaml) else { throw InputError(file: file, message: "empty rule file") }
        var fields: [String: Node] = [:]
        for pair in try reader.mapping(root, allowed: topKeys, what: "a custom rule") { fields[pair.key] = pair.value }
        func required(_ key: String) throws(InputError) -> Node {
            guard let node = fields[key] else { throw reader.error(root, "a custom rule needs \"\(key)\"") }
            return node
        }
        let id = try reader.string(try required("id"), what: "id")
        guard id.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil else {
            throw reader.error(fields["id"], "id must be kebab-case (lower-case words joined by \"-\"), not \"\(id)\"")
        }
        let name = try reader.string(try required("name"), what: "name")
        let references = try fields["references"].map { (node: Node) throws(InputError) in try reader.references(node) } ?? RuleDescription.References()
        let description = RuleDescription(
            id: RuleID(id), name: name,
            summary: try fields["summary"].map { (n: Node) throws(InputError) in try reader.string(n, what: "summary") } ?? name,
            description: try fields["description"].map { (n: Node) throws(InputError) in try reader.string(n, what: "description") } ?? name,
            severity: try reader.severity(try required("severity"), what: "severity"),
            severityReasoning: "Set by the rule's author.", scope: .setCookie, optIn: false,
            references: references, remediation: [], options: [])
        let require = try conditions(try required("require"), reader: reader, what: "require")
        guard !require.isEmpty else { throw reader.error(fields["require"], "require needs at least one condition") }
        return CustomRule(
            description: description,
            match: try fields["match"].map { (n: Node) throws(InputError) in try conditions(n, reader: reader, what: "match") } ?? [],
            require: require,
            message: try fields["message"].map { (n: Node) throws(InputError) in try reader.string(n, what: "message") },
            includeDeletions: try fields["include-deletions"].map { (n: Node) throws(InputError) in try reader.bool(n, what: "include-deletions") } ?? false)
    }

    private static func conditions(_ node: Node, reader: YAMLNodeReader, what: String) throws(InputError) -> [CookieCondition] {
        var result: [CookieCondition] = []
        for pair in try reader.mapping(node, allowed: conditionKeys, what: what) {
            switch pair.key {
            case "host": result.append(.host(try pattern(pair.value, reader: reader, what: "\(what).host", caseInsensitive: true)))
            case "name": result.append(.name(try pattern(pair.value, reader: reader, what: "\(what).name", caseInsensitive: false)))
            case "domain": result.append(.domain(try pattern(pair.value, reader: reader, what: "\(what).domain", caseInsensitive: true)))
            case "path": result.append(.path(try pattern(pair.value, reader: reader, what: "\(what).path", caseInsensitive: false)))
            case "session-cookie": result.append(.sessionCookie(try reader.bool(pair.value, what: "session-cookie")))
            case "scheme":
                let text = try reader.string(pair.value, what: "scheme")
                guard let scheme = Scheme(rawValue: text) else { throw reader.error(pair.value, "scheme must be http, https or unknown") }
                result.append(.scheme(scheme))
            case "lifetime":
                for test in try reader.mapping(pair.value, allowed: ["at-most", "at-least", "persistent"], what: "\(what).lifetime") {
                    if test.key == "persistent" {
                        result.append(.persistent(try reader.bool(test.value, what: "persistent")))
                        continue
                    }
                    let text = try reader.string(test.value, what: test.key)
                    guard let seconds = HumanDuration.parse(text) else { throw reader.error(test.value, "\"\(text)\" is not a duration (e.g. 30m, 12h, 30d)") }
                    result.append(test.key == "at-most" ? .lifetimeAtMost(seconds) : .lifetimeAtLeast(seconds))
                }
            case "attributes":
                for attribute in try reader.mapping(pair.value, what: "\(what).attributes") {
                    guard let kind = SetCookie.AttributeKind(rawValue: attribute.key.asciiLowercased) else {
                        throw reader.error(attribute.keyNode, "unknown attribute \"\(attribute.key)\" (expected one of \(attributeNames.values.sorted().joined(separator: ", ")))")
                    }
                    result.append(.attribute(kind, try attributeTest(attribute.value, reader: reader)))
                }
            default: break
            }
        }
        return result
    }

    private static func attributeTest(_ node: Node, reader: YAMLNodeReader) throws(InputError) -> CookieCondition.AttributeTest {
        if case .scalar(let scalar) = node {
            switch scalar.string {
            case "present": return .present
            case "absent": return .absent
            default: throw reader.error(node, "expected present, absent or {equals: VALUE}, not \"\(scalar.string)\"")
            }
        }
        for pair in try reader.mapping(node, allowed: ["equals"], what: "an attribute test") {
            return .equals(try reader.string(pair.value, what: "equals"))
        }
        throw reader.error(node, "expected present, absent or {equals: VALUE}")
    }

    /// A string is a glob; `{glob: …}` and `{regex: …}` say which explicitly.
    private static func pattern(_ node: Node, reader: YAMLNodeReader, what: String, caseInsensitive: Bool) throws(InputError) -> CookieCondition.Pattern {
        if case .scalar(let scalar) = node { return .glob(Glob(scalar.string, caseInsensitive: caseInsensitive)) }
        for pair in try reader.mapping(node, allowed: ["glob", "regex"], what: what) {
            let text = try reader.string(pair.value, what: pair.key)
            if pair.key == "glob" { return .glob(Glob(text, caseInsensitive: caseInsensitive)) }
            guard (try? NSRegularExpression(pattern: text)) != nil else { throw reader.error(pair.value, "invalid regular expression \"\(text)\"") }
            return .regex(text)
        }
        throw reader.error(node, "\(what) needs a glob or a regex")
    }
}
