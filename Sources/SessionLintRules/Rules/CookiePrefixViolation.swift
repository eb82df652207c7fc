import SessionLintCore
import SessionLintHTTP

/// Cookie name prefixes are promises the browser enforces (RFC 6265bis §4.1.3, §5.7 steps
/// 20–21): a header that breaks one is rejected. Browsers match the prefix case-insensitively
/// (§5.4), so `__SECURE-id` is held to the same promise. Applies to deletions too.
struct CookiePrefixViolation: SetCookieRule {
    static let id: RuleID = "cookie-prefix-violation"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        let name = cookie.name
        let c = cookie.cookie
        var broken: [String] = []
        let prefix: String
        if name.hasPrefixIgnoringASCIICase("__Host-Http-") || name.hasPrefixIgnoringASCIICase("__Host-") {
            prefix = name.hasPrefixIgnoringASCIICase("__Host-Http-") ? "__Host-Http-" : "__Host-"
            if !c.isSecure { broken.append("Secure") }
            if c.domain != nil { broken.append("no Domain") }
            if c.path != "/" { broken.append("Path=/") }
            if prefix == "__Host-Http-", !c.isHttpOnly { broken.append("HttpOnly") }
        } else if name.hasPrefixIgnoringASCIICase("__Secure-") {
            prefix = "__Secure-"
            if !c.isSecure { broken.append("Secure") }
        } else if name.hasPrefixIgnoringASCIICase("__Http-") {
            prefix = "__Http-"
            if !c.isSecure { broken.append("Secure") }
            if !c.isHttpOnly { broken.append("HttpOnly") }
        } else {
            return nil
        }
        guard !broken.isEmpty else { return nil }
        let casing = name.hasPrefix(prefix) ? "" : " (browsers match the prefix in any letter case)"
        let what = cookie.isDeletion ? "this deletion of \(cookie.label)" : cookie.label
        return Violation("\(what) uses the \(prefix) prefix\(casing) but lacks \(broken.joined(separator: ", ")); browsers reject it")
    }
}
