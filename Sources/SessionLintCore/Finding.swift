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
    /// The response status, when there was a response.
    public var status: Int?
    public var excerpt: String

    public init(provenance: Provenance, time: Date?, method: String, url: String, status: Int? = nil, excerpt: String) {
        self.provenance = provenance
        self.time = time
        self.method = method
        self.url = url
        self.status = status
        self.excerpt = excerpt
    }
}

/// Whether a finding counts against the gate. Baselined and suppressed findings stay in
/// machine-readable reports, marked, but never fail a run.
public enum FindingStatus: Sendable, Equatable {
    case open
    /// Accepted earlier: present in the baseline file.
    case baselined
    /// Accepted in the configuration, with the reason given there.
    case suppressed(reason: String, source: Provenance)

    public var name: String {
        switch self {
        case .open: "open"
        case .baselined: "baselined"
        case .suppressed: "suppressed"
        }
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

        /// A stable identity for baselines and SARIF: the same flaw in a new capture gets the same
        /// fingerprint, since it excludes values, times, frame and line numbers. FNV-1a, 64 bits,
        /// over the key's fields; "v1" so a future change of recipe cannot match old baselines.
        public var fingerprint: String {
            let hex = String(fnv1a64([rule.rawValue, host, cookieName, cookiePath].joined(separator: "\u{1F}")), radix: 16)
            return "v1:" + String(repeating: "0", count: 16 - hex.count) + hex
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
    public var status: FindingStatus

    public init(
        key: Key, severity: Severity, message: String, isSessionCookie: Bool, occurrences: Int,
        first: Evidence, last: Evidence, clients: [String], status: FindingStatus = .open
    ) {
        self.key = key
        self.severity = severity
        self.message = message
        self.isSessionCookie = isSessionCookie
        self.occurrences = occurrences
        self.first = first
        self.last = last
        self.clients = clients
        self.status = status
    }

    public var rule: RuleID { key.rule }
    /// Counts against the gate: neither baselined nor suppressed.
    public var isOpen: Bool { status == .open }
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
