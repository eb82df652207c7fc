import SessionLintCore
import SessionLintHTTP

struct CookieMissingHttpOnly: SetCookieRule {
    static let id: RuleID = "cookie-missing-httponly"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard !cookie.isDeletion, !cookie.cookie.isHttpOnly else { return nil }
        return Violation("\(cookie.label) is set without HttpOnly, so any script on the page can read it")
    }
}
