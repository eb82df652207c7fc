import SessionLintCore
import SessionLintHTTP

/// Applies to deletions too: a rejected deletion leaves the old cookie in the browser.
struct CookieSameSiteNoneInsecure: SetCookieRule {
    static let id: RuleID = "cookie-samesite-none-insecure"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard cookie.cookie.sameSite == SameSite.none, !cookie.cookie.isSecure else { return nil }
        let what = cookie.isDeletion ? "this deletion of \(cookie.label)" : cookie.label
        return Violation("\(what) has SameSite=None without Secure; browsers reject it (RFC 6265bis §5.7 step 19)")
    }
}
