import Foundation
import SessionLintCore
import SessionLintHTTP
import SessionLintSessions
import SessionLintTokens

/// A rule is an id plus logic; everything people read lives in `rules/<id>.yaml`.
public protocol Rule: Sendable {
    static var id: RuleID { get }
    init()
}

/// Judges one Set-Cookie header value in the context of the response that carried it.
public protocol SetCookieRule: Rule {
    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation?
}

/// Judges one response as a whole (e.g. several Set-Cookie headers for one name).
public protocol TransactionRule: Rule {
    func check(_ exchange: TransactionContext, options: RuleOptions) -> [Violation]
}

/// Judges one client's session over time (rotation at login, logout, exposure).
public protocol TimelineRule: Rule {
    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation]
}

/// Judges the population of issued values of one session cookie on one host.
public protocol TokenRule: Rule {
    func check(_ analysis: TokenAnalysis, options: RuleOptions) -> [Violation]
}

/// A session flaw seen in a timeline, pointing at the exchange that shows it.
public struct TimelineViolation: Sendable {
    public var message: String
    public var cookieName: String
    public var step: TimelineStep
    public var demotion: Int

    public init(_ message: String, cookie: String, step: TimelineStep, demotion: Int = 0) {
        self.message = message
        self.cookieName = cookie
        self.step = step
        self.demotion = demotion
    }
}

/// What a rule found. `demotion` lowers the rule's configured severity by that many levels for
/// a milder variant (a preference cookie, a plain-HTTP site, a cosmetic grammar slip).
public struct Violation: Sendable, Equatable {
    public var message: String
    public var demotion: Int
    /// Set by transaction rules, which speak about a cookie of their choosing.
    public var cookie: SetCookieContext?

    public init(_ message: String, demotion: Int = 0, cookie: SetCookieContext? = nil) {
        self.message = message
        self.demotion = demotion
        self.cookie = cookie
    }
}

/// A Set-Cookie header value with everything a rule may ask about where it came from.
public struct SetCookieContext: Sendable, Equatable {
    public var cookie: SetCookie
    public var role: CookieRole
    /// The host that set it (request host, lower-cased).
    public var host: String
    public var scheme: Scheme
    public var requestPath: String
    /// The response's own time: its Date header, else the time the capture or HAR recorded.
    /// Never the wall clock, so an old capture gives the same answer forever.
    public var receivedAt: Date?

    public init(cookie: SetCookie, role: CookieRole, host: String, scheme: Scheme, requestPath: String, receivedAt: Date?) {
        self.cookie = cookie
        self.role = role
        self.host = host
        self.scheme = scheme
        self.requestPath = requestPath
        self.receivedAt = receivedAt
    }

    public var name: String { cookie.name }
    public var isSession: Bool { role.isSession }
    public var path: String { cookie.effectivePath(requestPath: requestPath) }
    public var lifetime: CookieLifetime { cookie.lifetime(receivedAt: receivedAt) }
    /// The lifetime in seconds when it is over `limit`, else nil. Measured from Expires, it is
    /// the difference of two whole-second times written at slightly different moments (Node
    /// serves a Date header up to a second old), so a cookie set for exactly the limit can
    /// measure one second over: that second is allowed, for Max-Age too.
    public func lifetime(over limit: Double) -> Double? {
        guard case .seconds(let seconds) = lifetime, seconds > limit + Self.clockSlack else { return nil }
        return seconds
    }

    static let clockSlack: Double = 1
    /// A header that deletes the cookie (Max-Age ≤ 0 or Expires in the past). Hygiene rules
    /// skip these: a deletion protects nothing. Rules about browsers rejecting the header keep
    /// them, since a rejected deletion leaves the old cookie in place.
    public var isDeletion: Bool { cookie.isDeletion(receivedAt: receivedAt) }
    /// Browsers treat these origins as secure even over http:// (Secure cookies are accepted).
    public var isLocalhost: Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host == "127.0.0.1" || host.hasPrefix("127.") || host == "::1"
    }

    /// "the session cookie sessionid" / "the cookie lang", for messages.
    public var label: String {
        "\(isSession ? "session cookie" : "cookie") \(name.isEmpty ? "(nameless)" : name)"
    }
}

/// One exchange and its parsed Set-Cookie headers (ignored cookies already removed).
public struct TransactionContext: Sendable {
    public var transaction: HTTPTransaction
    public var cookies: [SetCookieContext]

    public init(transaction: HTTPTransaction, cookies: [SetCookieContext]) {
        self.transaction = transaction
        self.cookies = cookies
    }
}

/// A rule's option values: the YAML defaults with the configuration's overrides applied.
public struct RuleOptions: Sendable, Equatable {
    public private(set) var values: [String: RuleOptionValue]

    public init(specs: [RuleOptionSpec], overrides: [String: RuleOptionValue] = [:]) {
        values = Dictionary(specs.map { ($0.name, $0.defaultValue) }, uniquingKeysWith: { _, last in last })
        values.merge(overrides) { _, override in override }
    }

    public func duration(_ name: String) -> Double? {
        if case .duration(let seconds)? = values[name] { return seconds }
        return nil
    }

    public func integer(_ name: String) -> Int? {
        if case .integer(let value)? = values[name] { return value }
        return nil
    }

    public func boolean(_ name: String) -> Bool? {
        if case .boolean(let value)? = values[name] { return value }
        return nil
    }
}
