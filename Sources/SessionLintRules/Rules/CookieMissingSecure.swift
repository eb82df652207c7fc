import SessionLintCore
import SessionLintHTTP

/// Graded twice: a cookie set over HTTPS without Secure is a lapse on a site that has TLS
/// (it leaks on the first plain-HTTP request); over plain HTTP it is one symptom of a site
/// without TLS, so it ranks one level lower. Preference cookies rank lower as usual.
struct CookieMissingSecure: SetCookieRule {
    static let id: RuleID = "cookie-missing-secure"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        guard !cookie.isDeletion, !cookie.cookie.isSecure else { return nil }
        switch cookie.scheme {
        case .https:
            return Violation("\(cookie.label) is set over HTTPS without Secure, so the browser also sends it over plain HTTP")
        case .http, .unknown:
            let how = cookie.scheme == .http ? "over plain HTTP" : "over a connection of unknown scheme"
            return Violation("\(cookie.label) is set \(how) without Secure; it travels in cleartext", demotion: 1)
        }
    }
}
