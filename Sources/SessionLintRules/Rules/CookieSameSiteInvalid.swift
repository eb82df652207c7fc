import SessionLintCore
import SessionLintHTTP

struct CookieSameSiteInvalid: SetCookieRule {
    static let id: RuleID = "cookie-samesite-invalid"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard !cookie.isDeletion, case .unrecognized(let value)? = cookie.cookie.sameSite else { return nil }
        let shown = value.isEmpty ? "an empty SameSite value" : "SameSite=\(String(value.prefix(40)))"
        return Violation("\(cookie.label) has \(shown), which is not Strict, Lax or None; browsers fall back to their default")
    }
}
