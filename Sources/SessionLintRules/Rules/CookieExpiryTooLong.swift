import SessionLintCore
import SessionLintHTTP

struct CookieExpiryTooLong: SetCookieRule {
    static let id: RuleID = "cookie-expiry-too-long"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard let limit = options.duration("max-lifetime"), let seconds = cookie.lifetime(over: limit) else { return nil }
        return Violation("\(cookie.label) asks to live \(HumanDuration.humanReadable(seconds: seconds)); browsers cap cookies at \(HumanDuration.humanReadable(seconds: limit))")
    }
}
