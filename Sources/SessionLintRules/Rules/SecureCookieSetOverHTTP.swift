import SessionLintCore
import SessionLintHTTP

/// RFC 6265bis §5.7 step 13: a browser ignores a Secure cookie that arrives over a non-secure
/// origin. http://localhost counts as secure in current browsers, so it is not flagged.
/// Applies to deletions too: the old cookie stays.
struct SecureCookieSetOverHTTP: SetCookieRule {
    static let id: RuleID = "secure-cookie-set-over-http"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard cookie.scheme == .http, cookie.cookie.isSecure, !cookie.isLocalhost else { return nil }
        let what = cookie.isDeletion ? "this deletion of \(cookie.label)" : cookie.label
        return Violation("\(what) has Secure but arrives over plain HTTP; browsers ignore it")
    }
}
