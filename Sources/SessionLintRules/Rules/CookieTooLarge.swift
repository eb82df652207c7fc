import SessionLintCore
import SessionLintHTTP

struct CookieTooLarge: SetCookieRule {
    static let id: RuleID = "cookie-too-large"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard !cookie.isDeletion, let limit = options.integer("max-bytes") else { return nil }
        // As the header carried them: a cookie joined from chunks was sent in pieces.
        let size = cookie.cookie.nameValueBytes
        guard size > limit else { return nil }
        let effect = size > SetCookie.maxNameValueBytes ? "; browsers ignore the whole cookie" : ""
        return Violation("\(cookie.label) has \(size) bytes of name and value, over \(limit)\(effect)")
    }
}
