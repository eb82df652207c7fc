import SessionLintCore
import SessionLintHTTP

struct SessionCookieNoHostPrefix: SetCookieRule {
    static let id: RuleID = "session-cookie-no-host-prefix"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard cookie.isSession, !cookie.isDeletion, !cookie.name.hasPrefixIgnoringASCIICase("__Host-") else { return nil }
        let secureOnly = cookie.name.hasPrefixIgnoringASCIICase("__Secure-")
        return Violation(
            "\(cookie.label) has no __Host- prefix, so a sibling subdomain or a plain-HTTP response can overwrite it",
            demotion: secureOnly ? 1 : 0)
    }
}
