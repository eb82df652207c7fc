import SessionLintCore
import SessionLintHTTP

struct CookieTooLarge: SetCookieRule {
    static let id: RuleID = "cookie-too-large"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard !cookie.isDeletion, let limit = options.integer("max-bytes") else { return nil }
        let size = cookie.cookie.name.utf8.count + cookie.cookie.value.utf8.count
        guard size > limit else { return nil }
        let effect = size > SetCookie.maxNameValueBytes ? "; browsers ignore the whole cookie" : ""
        return Violation("\(cookie.label) has \(size) bytes of name and value, over \(limit)\(effect)")
    }
}
