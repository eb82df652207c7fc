import Foundation

/// A rule's stable identifier, e.g. `cookie-missing-httponly`. Never renamed once published.
public struct RuleID: Sendable, Hashable, Codable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}

/// One observed exchange that shows a flaw: where it is and what it looked like.
/// `excerpt` is the offending header line, with secret values already redacted unless the
/// user asked to see them.
public struct Evidence: Sendable, Equatable, Codable {
    public var provenance: Provenance
    public var time: Date?
    public var method: String
    public var url: String
    public var excerpt: String

    public init(provenance: Provenance, time: Date?, method: String, url: String, excerpt: String) {
        self.provenance = provenance
        self.time = time
        self.method = method
        self.url = url
        self.excerpt = excerpt
    }
}

/// One flaw, grouped: every occurrence of the same rule on the same (host, cookie name, cookie
/// path) is one finding with a count, so ten thousand identical responses make one line.
public struct Finding: Sendable, Equatable {
    public struct Key: Sendable, Hashable, Comparable {
        public var rule: RuleID
        public var host: String
        public var cookieName: String
        public var cookiePath: String

        public init(rule: RuleID, host: String, cookieName: String, cookiePath: String) {
            self.rule = rule
            self.host = host
            self.cookieName = cookieName
            self.cookiePath = cookiePath
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.rule, lhs.host, lhs.cookieName, lhs.cookiePath) < (rhs.rule, rhs.host, rhs.cookieName, rhs.cookiePath)
        }
    }

    public var key: Key
    public var severity: Severity
    public var message: String
    public var isSessionCookie: Bool
    public var occurrences: Int
    public var first: Evidence
    public var last: Evidence
    /// Clients seen with this flaw, as far as the input identifies them (capped).
    public var clients: [String]

    public init(
        key: Key, severity: Severity, message: String, isSessionCookie: Bool, occurrences: Int,
        first: Evidence, last: Evidence, clients: [String]
    ) {
        self.key = key
        self.severity = severity
        self.message = message
        self.isSessionCookie = isSessionCookie
        self.occurrences = occurrences
        self.first = first
        self.last = last
        self.clients = clients
    }

    public var rule: RuleID { key.rule }
}

/// Something wrong with the input rather than with the site: a damaged entry, stripped cookies.
/// Warnings never stop a run; they are reported next to the findings.
public struct InputWarning: Sendable, Equatable, Codable {
    public var provenance: Provenance
    public var message: String

    public init(provenance: Provenance, message: String) {
        self.provenance = provenance
        self.message = message
    }
}
