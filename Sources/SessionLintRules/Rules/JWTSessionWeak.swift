import Foundation
import SessionLintCore
import SessionLintTokens

/// A JWT used as the session cookie that anyone can forge (alg "none") or that never ends (no
/// exp) or lives longer than `max-lifetime`: a stateless token cannot be revoked, so its expiry
/// is the only logout it has (RFC 8725 §2, §3.1; OWASP JWT cheat sheet).
struct JWTSessionWeak: TokenRule {
    static let id: RuleID = "jwt-session-weak"

    func check(_ analysis: TokenAnalysis, options: RuleOptions) -> [Violation] {
        guard case .jwt(let algorithm, let expires) = analysis.format else { return [] }
        if algorithm == nil || algorithm?.lowercased() == "none" {
            return [Violation("\(analysis.cookie) is a JWT with alg \"\(algorithm ?? "(missing)")\": unsigned, so anyone can write one for any user")]
        }
        guard let expires else {
            return [Violation("\(analysis.cookie) is a JWT without exp: it stays valid forever, and a stateless token cannot be revoked at logout", demotion: 1)]
        }
        if let limit = options.duration("max-lifetime"), let issued = analysis.firstSeen, expires.timeIntervalSince(issued) > limit {
            return [Violation("\(analysis.cookie) is a JWT valid for \(HumanDuration.humanReadable(seconds: expires.timeIntervalSince(issued))) after it was issued, longer than max-lifetime (\(HumanDuration.humanReadable(seconds: limit))); it cannot be revoked before then", demotion: 2)]
        }
        return []
    }
}
