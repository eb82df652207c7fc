import SessionLintCore
import SessionLintHTTP

struct CookieMissingSameSite: SetCookieRule {
    static let id: RuleID = "cookie-missing-samesite"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard !cookie.isDeletion, !cookie.cookie.has(.sameSite) else { return nil }
        return Violation("\(cookie.label) has no SameSite attribute; browsers that do not default to Lax send it on cross-site requests")
    }
}
