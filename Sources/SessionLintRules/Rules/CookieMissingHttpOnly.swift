import SessionLintCore
import SessionLintHTTP

/// Anti-CSRF cookies (csrftoken, XSRF-TOKEN) are often read by the page's own scripts for the
/// double-submit pattern, so for them the finding ranks one level lower and says why.
struct CookieMissingHttpOnly: SetCookieRule {
    static let id: RuleID = "cookie-missing-httponly"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard !cookie.isDeletion, !cookie.cookie.isHttpOnly else { return nil }
        if cookie.role == .antiCSRF {
            return Violation(
                "anti-CSRF \(cookie.label) is set without HttpOnly; fine if your scripts read it (double-submit), otherwise make it HttpOnly",
                demotion: 1)
        }
        return Violation("\(cookie.label) is set without HttpOnly, so any script on the page can read it")
    }
}
