import SessionLintCore
import SessionLintHTTP

/// The §4.1.1 grammar breaches the parser noted, plus a Domain that browsers reject (§5.7
/// steps 9–10). Ranked by what browsers do: drop the cookie (the rule's severity), drop one
/// attribute (one lower), or cope (two lower). Size is left to cookie-too-large.
struct CookieMalformed: SetCookieRule {
    static let id: RuleID = "cookie-malformed"

    func check(_ cookie: SetCookieContext, options: RuleOptions) -> Violation? {
        var problems = cookie.cookie.diagnostics.filter { $0.code != .nameValueTooLong }
        if let domain = cookie.cookie.domain, !domain.isEmpty, domain != cookie.host {
            if !domainMatches(host: cookie.host, domain: domain) {
                problems.append(CookieDiagnostic(
                    code: .domainMismatch, message: "Domain=\(domain) does not cover the host \(cookie.host) that set it; browsers reject the cookie",
                    effect: .cookieIgnored))
            } else if !domain.contains(".") {
                problems.append(CookieDiagnostic(
                    code: .domainMismatch, message: "Domain=\(domain) is a top-level domain (a public suffix); browsers reject the cookie (RFC 6265bis §5.7 step 9)",
                    effect: .cookieIgnored))
            }
        }
        guard let worst = problems.map(\.effect).max() else { return nil }
        let ordered = problems.sorted { $0.effect > $1.effect }
        let demotion = switch worst {
        case .cookieIgnored: 0
        case .attributeIgnored: 1
        case .none: 2
        }
        return Violation("\(cookie.label): " + ordered.map(\.message).joined(separator: "; "), demotion: demotion)
    }

    private func domainMatches(host: String, domain: String) -> Bool {
        host == domain || (host.hasSuffix("." + domain) && !isIPAddress(host))
    }
}
