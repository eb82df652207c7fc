/// Everything a person reads about a rule, loaded from `rules/<id>.yaml`. The Swift rule type
/// holds only the id and the logic.
public struct RuleDescription: Sendable, Equatable {
    public enum Scope: String, Sendable, Codable, CaseIterable {
        /// One Set-Cookie header value, with the response it came in.
        case setCookie = "set-cookie"
        /// One request/response exchange.
        case transaction
        /// One client's timeline (later issues).
        case timeline
        /// The population of issued values of one session cookie (later issues).
        case tokenPopulation = "token-population"
    }

    public struct References: Sendable, Equatable {
        public var cwe: [Int]
        public var asvs: [String]
        public var rfc: [String]
        public var zap: [String]
        public var other: [String]

        public init(cwe: [Int] = [], asvs: [String] = [], rfc: [String] = [], zap: [String] = [], other: [String] = []) {
            self.cwe = cwe
            self.asvs = asvs
            self.rfc = rfc
            self.zap = zap
            self.other = other
        }
    }

    public var id: RuleID
    public var name: String
    public var summary: String
    public var description: String
    /// The severity for a session cookie; other cookies rank one level lower (see README).
    public var severity: Severity
    public var severityReasoning: String
    public var scope: Scope
    /// Off unless enabled in the configuration.
    public var optIn: Bool
    public var references: References
    /// Framework name → how to fix it there, in the order written.
    public var remediation: [(framework: String, text: String)]
    public var options: [RuleOptionSpec]

    public init(
        id: RuleID, name: String, summary: String, description: String, severity: Severity,
        severityReasoning: String, scope: Scope, optIn: Bool, references: References,
        remediation: [(framework: String, text: String)], options: [RuleOptionSpec]
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.description = description
        self.severity = severity
        self.severityReasoning = severityReasoning
        self.scope = scope
        self.optIn = optIn
        self.references = references
        self.remediation = remediation
        self.options = options
    }

    /// "aspnet" → "ASP.NET": how remediation keys read in reports.
    public static func frameworkDisplayName(_ key: String) -> String {
        switch key {
        case "django": "Django"
        case "flask": "Flask"
        case "express": "Express"
        case "rails": "Rails"
        case "php": "PHP"
        case "spring": "Spring"
        case "aspnet": "ASP.NET"
        default: key
        }
    }

    public static func == (lhs: RuleDescription, rhs: RuleDescription) -> Bool {
        lhs.id == rhs.id && lhs.name == rhs.name && lhs.summary == rhs.summary && lhs.description == rhs.description
            && lhs.severity == rhs.severity && lhs.scope == rhs.scope && lhs.optIn == rhs.optIn
            && lhs.references == rhs.references && lhs.options == rhs.options
            && lhs.remediation.map(\.framework) == rhs.remediation.map(\.framework)
            && lhs.remediation.map(\.text) == rhs.remediation.map(\.text)
    }
}

/// A typed rule option with its default, e.g. `max-lifetime: duration = 24h`.
public struct RuleOptionSpec: Sendable, Equatable {
    public var name: String
    public var defaultValue: RuleOptionValue
    public var description: String

    public init(name: String, defaultValue: RuleOptionValue, description: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.description = description
    }
}

public enum RuleOptionValue: Sendable, Equatable, CustomStringConvertible {
    /// Seconds.
    case duration(Double)
    case integer(Int)
    case boolean(Bool)
    case string(String)
    case stringList([String])

    public var typeName: String {
        switch self {
        case .duration: "duration"
        case .integer: "integer"
        case .boolean: "boolean"
        case .string: "string"
        case .stringList: "list of strings"
        }
    }

    public var description: String {
        switch self {
        case .duration(let seconds): HumanDuration.format(seconds: seconds)
        case .integer(let value): "\(value)"
        case .boolean(let value): "\(value)"
        case .string(let value): value
        case .stringList(let values): "[" + values.joined(separator: ", ") + "]"
        }
    }

    /// Reads `text` as a value of the same type as `self`, for configuration overrides.
    public func parsingSameType(_ text: String) -> RuleOptionValue? {
        switch self {
        case .duration: HumanDuration.parse(text).map(RuleOptionValue.duration)
        case .integer: Int(text).map(RuleOptionValue.integer)
        case .boolean: ["true", "yes", "on"].contains(text.lowercased()) ? .boolean(true)
            : ["false", "no", "off"].contains(text.lowercased()) ? .boolean(false) : nil
        case .string: .string(text)
        case .stringList: .stringList([text])
        }
    }
}

/// Durations as people write them in configuration: `90s`, `30m`, `24h`, `14d`, `2w`, or plain seconds.
public enum HumanDuration {
    private static let units: [(suffix: Character, seconds: Double)] = [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    public static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespaceAndNewlines
        guard let last = trimmed.last else { return nil }
        if let unit = units.first(where: { $0.suffix == last }) {
            guard let number = Double(trimmed.dropLast()), number >= 0, number.isFinite else { return nil }
            return number * unit.seconds
        }
        guard let seconds = Double(trimmed), seconds >= 0, seconds.isFinite else { return nil }
        return seconds
    }

    /// The largest whole unit: 86400 → "1d", 5400 → "90m", 1209600 → "2w".
    public static func format(seconds: Double) -> String {
        for unit in units where seconds >= unit.seconds && seconds.truncatingRemainder(dividingBy: unit.seconds) == 0 {
            return "\(Int(seconds / unit.seconds))\(unit.suffix)"
        }
        return seconds == 0 ? "0s" : "\(seconds)s"
    }

    /// "14 days", "2 hours", "400 days": for messages.
    public static func humanReadable(seconds: Double) -> String {
        let magnitude = abs(seconds)
        let (value, unit): (Double, String) =
            magnitude >= 86_400 * 2 ? (seconds / 86_400, "day") :
            magnitude >= 3_600 * 2 ? (seconds / 3_600, "hour") :
            magnitude >= 120 ? (seconds / 60, "minute") : (seconds, "second")
        let rounded = (value * 10).rounded() / 10
        let number = rounded == rounded.rounded() ? "\(Int(rounded))" : "\(rounded)"
        return "\(number) \(unit)\(abs(rounded) == 1 ? "" : "s")"
    }
}

extension String {
    var trimmingWhitespaceAndNewlines: Substring {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return s
    }
}
