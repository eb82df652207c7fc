import SessionLintCore
import Yams

/// One `rules/<id>.yaml`: the description people read, and the examples that test the logic.
public struct RuleFile: Sendable {
    public var description: RuleDescription
    public var examples: [RuleExample]
}

/// One exchange of a timeline example: `request: "POST https://host/login"`, the cookies and
/// form it sent, `response: "302 /home"` and the Set-Cookie headers it carried.
public struct TranscriptStep: Sendable {
    public var method: String
    public var url: String
    public var cookie: String?
    public var referer: String?
    public var client: String?
    public var userAgent: String?
    public var form: String?
    public var status: Int
    public var location: String?
    public var setCookies: [String]
    public var clearSiteData: Bool
    /// The response body, as text.
    public var body: String?
    /// Seconds from the start of the transcript; by default one second per step.
    public var offset: Double?
}

/// An executable example: a response carrying Set-Cookie headers (or, for timeline rules, a
/// short transcript of exchanges), and whether the rule fires.
public struct RuleExample: Sendable {
    public var triggers: Bool
    public var transcript: [TranscriptStep] = []
    public var url: String
    public var setCookies: [String]
    /// The response's Date header, which lifetimes are measured from.
    public var date: String?
    public var options: [String: String]
    public var sessionCookies: [String]
    /// For triggering examples: the severity the finding must have.
    public var expectedSeverity: Severity?
    /// The message must contain this text.
    public var messageContains: String?
    public var line: Int
}

extension RuleFile {
    private static let topKeys: Set<String> = [
        "id", "name", "summary", "description", "severity", "severity-reasoning", "scope", "opt-in",
        "references", "remediation", "options", "examples",
    ]
    private static let exampleKeys: Set<String> = ["set-cookie", "url", "date", "options", "session-cookies", "severity", "message-contains", "note", "transcript"]
    private static let stepKeys: Set<String> = ["request", "cookie", "referer", "form", "response", "set-cookie", "clear-site-data", "client", "user-agent", "at", "body"]
    public static let frameworks = ["django", "flask", "express", "rails", "php", "spring", "aspnet"]

    public init(yaml: String, file: String) throws(InputError) {
        let reader = YAMLNodeReader(file: file)
        guard let root = try reader.compose(yaml) else { throw InputError(file: file, message: "empty rule file") }
        var fields: [String: Node] = [:]
        for pair in try reader.mapping(root, allowed: Self.topKeys, what: "a rule file") { fields[pair.key] = pair.value }

        func required(_ key: String) throws(InputError) -> Node {
            guard let node = fields[key] else { throw reader.error(root, "missing \"\(key)\"") }
            return node
        }
        let id = try reader.string(try required("id"), what: "id")
        let scopeText = try reader.string(try required("scope"), what: "scope")
        guard let scope = RuleDescription.Scope(rawValue: scopeText) else {
            throw reader.error(fields["scope"], "scope must be one of \(RuleDescription.Scope.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        let references = try fields["references"].map { (node: Node) throws(InputError) in try reader.references(node) } ?? RuleDescription.References()

        var remediation: [(framework: String, text: String)] = []
        for pair in try reader.mapping(try required("remediation"), allowed: Set(Self.frameworks), what: "remediation") {
            remediation.append((pair.key, try reader.string(pair.value, what: "remediation for \(pair.key)")))
        }

        var options: [RuleOptionSpec] = []
        if let node = fields["options"] {
            for pair in try reader.mapping(node, what: "options") {
                var optionFields: [String: Node] = [:]
                for field in try reader.mapping(pair.value, allowed: ["type", "default", "description"], what: "option \(pair.key)") {
                    optionFields[field.key] = field.value
                }
                guard let typeNode = optionFields["type"], let defaultNode = optionFields["default"] else {
                    throw reader.error(pair.value, "option \(pair.key) needs a type and a default")
                }
                let type = try reader.string(typeNode, what: "type")
                let defaultValue = try Self.optionValue(type: type, node: defaultNode, reader: reader)
                options.append(RuleOptionSpec(
                    name: pair.key, defaultValue: defaultValue,
                    description: try optionFields["description"].map { (n: Node) throws(InputError) in try reader.string(n, what: "description") } ?? ""))
            }
        }

        description = RuleDescription(
            id: RuleID(id),
            name: try reader.string(try required("name"), what: "name"),
            summary: try reader.string(try required("summary"), what: "summary"),
            description: try reader.string(try required("description"), what: "description"),
            severity: try reader.severity(try required("severity"), what: "severity"),
            severityReasoning: try reader.string(try required("severity-reasoning"), what: "severity-reasoning"),
            scope: scope,
            optIn: try fields["opt-in"].map { (n: Node) throws(InputError) in try reader.bool(n, what: "opt-in") } ?? false,
            references: references, remediation: remediation, options: options)

        examples = []
        if let node = fields["examples"] {
            for pair in try reader.mapping(node, allowed: ["triggering", "non-triggering"], what: "examples") {
                guard let items = pair.value.sequence else { throw reader.error(pair.value, "\(pair.key) examples must be a list") }
                for item in items {
                    examples.append(try Self.example(item, triggers: pair.key == "triggering", reader: reader))
                }
            }
        }
    }

    static func optionValue(type: String, node: Node, reader: YAMLNodeReader) throws(InputError) -> RuleOptionValue {
        switch type {
        case "duration":
            let text = try reader.string(node, what: "a duration")
            guard let seconds = HumanDuration.parse(text) else { throw reader.error(node, "\"\(text)\" is not a duration (e.g. 90s, 30m, 24h, 14d)") }
            return .duration(seconds)
        case "integer": return .integer(try reader.int(node, what: "an integer option"))
        case "boolean": return .boolean(try reader.bool(node, what: "a boolean option"))
        case "string": return .string(try reader.string(node, what: "a string option"))
        case "string-list": return .stringList(try reader.strings(node, what: "a list option"))
        default: throw reader.error(node, "unknown option type \"\(type)\" (duration, integer, boolean, string, string-list)")
        }
    }

    private static func example(_ node: Node, triggers: Bool, reader: YAMLNodeReader) throws(InputError) -> RuleExample {
        var example = RuleExample(
            triggers: triggers, url: "https://example.com/", setCookies: [], date: nil, options: [:],
            sessionCookies: [], expectedSeverity: nil, messageContains: nil, line: node.mark?.line ?? 0)
        for pair in try reader.mapping(node, allowed: exampleKeys, what: "an example") {
            switch pair.key {
            case "set-cookie": example.setCookies = try reader.strings(pair.value, what: "set-cookie")
            case "url": example.url = try reader.string(pair.value, what: "url")
            case "date": example.date = try reader.string(pair.value, what: "date")
            case "session-cookies": example.sessionCookies = try reader.strings(pair.value, what: "session-cookies")
            case "severity": example.expectedSeverity = try reader.severity(pair.value, what: "severity")
            case "message-contains": example.messageContains = try reader.string(pair.value, what: "message-contains")
            case "transcript":
                guard let steps = pair.value.sequence else { throw reader.error(pair.value, "a transcript is a list of exchanges") }
                for step in steps { example.transcript.append(try transcriptStep(step, reader: reader)) }
            case "options":
                for option in try reader.mapping(pair.value, what: "options") {
                    example.options[option.key] = try reader.string(option.value, what: option.key)
                }
            default: break
            }
        }
        if example.setCookies.isEmpty, example.transcript.isEmpty { throw reader.error(node, "an example needs a set-cookie or a transcript") }
        return example
    }

    private static func transcriptStep(_ node: Node, reader: YAMLNodeReader) throws(InputError) -> TranscriptStep {
        var step = TranscriptStep(method: "GET", url: "", cookie: nil, referer: nil, client: nil, userAgent: nil, form: nil, status: 200,
                                  location: nil, setCookies: [], clearSiteData: false)
        for pair in try reader.mapping(node, allowed: stepKeys, what: "a transcript step") {
            switch pair.key {
            case "request":
                let parts = try reader.string(pair.value, what: "request").split(separator: " ", maxSplits: 1)
                guard parts.count == 2 else { throw reader.error(pair.value, "request is \"METHOD URL\"") }
                step.method = String(parts[0])
                step.url = String(parts[1])
            case "cookie": step.cookie = try reader.string(pair.value, what: "cookie")
            case "referer": step.referer = try reader.string(pair.value, what: "referer")
            case "client": step.client = try reader.string(pair.value, what: "client")
            case "user-agent": step.userAgent = try reader.string(pair.value, what: "user-agent")
            case "at":
                let text = try reader.string(pair.value, what: "at")
                guard let seconds = HumanDuration.parse(text) else { throw reader.error(pair.value, "at is a duration from the start, like 90s") }
                step.offset = seconds
            case "form": step.form = try reader.string(pair.value, what: "form")
            case "response":
                let parts = try reader.string(pair.value, what: "response").split(separator: " ", maxSplits: 1)
                guard let status = parts.first.flatMap({ Int($0) }) else { throw reader.error(pair.value, "response is \"STATUS [LOCATION]\"") }
                step.status = status
                step.location = parts.count > 1 ? String(parts[1]) : nil
            case "set-cookie": step.setCookies = try reader.strings(pair.value, what: "set-cookie")
            case "clear-site-data": step.clearSiteData = try reader.bool(pair.value, what: "clear-site-data")
            case "body": step.body = try reader.string(pair.value, what: "body")
            default: break
            }
        }
        guard !step.url.isEmpty else { throw reader.error(node, "a transcript step needs a request") }
        return step
    }
}
