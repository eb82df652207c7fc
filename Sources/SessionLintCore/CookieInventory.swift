import Foundation

/// One cookie a host set, as the auditor's inventory table lists it: its attributes as last set,
/// its lifetime, whether it carries a session, where it was first set and how often. Values are
/// never kept.
public struct CookieInventoryEntry: Sendable, Equatable, Codable {
    public var host: String
    public var name: String
    public var path: String
    /// The Domain attribute, when one was given (the cookie then reaches subdomains too).
    public var domain: String?
    public var secure: Bool
    public var httpOnly: Bool
    /// The SameSite attribute as written ("Lax", "Strict", "None"), nil when absent.
    public var sameSite: String?
    public var partitioned: Bool
    /// Seconds from receipt (Max-Age, or Expires against the response time); nil for a cookie
    /// that ends with the browser session; negative or zero when the header deletes it.
    public var lifetimeSeconds: Double?
    public var isSession: Bool
    /// Why the classifier calls it a session cookie, or what else it is.
    public var role: String
    /// Headers that set it (deletions included) and, of those, how many over plain HTTP.
    public var timesSet: Int
    public var timesSetOverHTTP: Int
    /// Different attribute sets seen for it: more than one means inconsistent configuration.
    public var attributeVariants: Int
    public var firstSet: Provenance
    /// Method and URL of the first setting exchange, redacted as the findings' evidence is.
    public var firstSetRequest: String

    public init(host: String, name: String, path: String, domain: String?, secure: Bool, httpOnly: Bool, sameSite: String?,
                partitioned: Bool, lifetimeSeconds: Double?, isSession: Bool, role: String, timesSet: Int, timesSetOverHTTP: Int,
                attributeVariants: Int, firstSet: Provenance, firstSetRequest: String) {
        self.host = host
        self.name = name
        self.path = path
        self.domain = domain
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
        self.partitioned = partitioned
        self.lifetimeSeconds = lifetimeSeconds
        self.isSession = isSession
        self.role = role
        self.timesSet = timesSet
        self.timesSetOverHTTP = timesSetOverHTTP
        self.attributeVariants = attributeVariants
        self.firstSet = firstSet
        self.firstSetRequest = firstSetRequest
    }
}
