import SessionLintCore
import SessionLintHTTP

/// Domain widens a cookie from the host that set it to every host under the named domain
/// (RFC 6265bis §4.1.2.3, §5.7 step 10). Flags a Domain strictly above the setting host.
/// A Domain the host does not belong to is rejected by browsers and reported by
/// cookie-malformed; deletions are skipped, since deleting a parent-scoped cookie needs one.
struct CookieDomainTooBroad: SetCookieRule {
    static let id: RuleID = "cookie-domain-too-broad"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard !cookie.isDeletion, let domain = cookie.cookie.domain, !domain.isEmpty,
              domain != cookie.host, cookie.host.hasSuffix("." + domain), !isIPAddress(cookie.host),
              domain.contains(".") else { return nil }  // a bare top-level domain is rejected: cookie-malformed
        return Violation("\(cookie.label) is set by \(cookie.host) with Domain=\(domain), so every host under \(domain) receives it and can overwrite it")
    }
}

func isIPAddress(_ host: String) -> Bool {
    host.contains(":") || (!host.isEmpty && host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." })
}
