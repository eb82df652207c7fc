import SessionLintCore
import SessionLintHTTP

/// A session cookie that outlives the browser session keeps the account open on every machine
/// it was used on. Remember-me cookies are persistent by design and are left to the other
/// rules. Over `long-lifetime` (ASVS 4.0.3 3.3.2's 30-day L1 re-authentication bound
/// by default) it ranks at the rule's severity; above `max-lifetime` only, one level lower.
struct SessionCookiePersistent: SetCookieRule {
    static let id: RuleID = "session-cookie-persistent"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard cookie.isSession, !cookie.isDeletion, !CookieClassifier.isRememberMe(cookie.name),
              let limit = options.duration("max-lifetime") else { return nil }
        if case .until(let date) = cookie.lifetime {  // an Expires with no time of receipt to measure from
            return Violation("\(cookie.label) is persistent (Expires \(CookieDate.imfFixdate(date))) instead of ending with the browser session", demotion: 1)
        }
        guard let seconds = cookie.lifetime(over: limit) else { return nil }
        let long = options.duration("long-lifetime").map { seconds > $0 } ?? false
        return Violation(
            "\(cookie.label) persists for \(HumanDuration.humanReadable(seconds: seconds)); the limit (max-lifetime) is \(HumanDuration.humanReadable(seconds: limit))",
            demotion: long ? 0 : 1)
    }
}
