import SessionLintCore
import SessionLintSessions
import SessionLintTokens

/// After a logout, a request with the old session ID gets an answer that looks authenticated
/// (2xx, no redirect to the login page, no new session cookie): the server did not end the
/// session. Seen passively when a client (or an attacker holding the ID) keeps using it.
/// A session kept in the cookie (Flask's and Starlette's signed cookies, a JWT) that the answer
/// signs again was accepted all the same: Starlette re-signs on every change, Flask on every
/// request of a permanent session.
struct SessionNotInvalidatedOnLogout: TimelineRule {
    static let id: RuleID = "session-not-invalidated-on-logout"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        var violations: [TimelineViolation] = []
        var reported: Set<String> = []
        for (index, step) in timeline.steps.enumerated() where step.logout != nil {
            for old in step.sentSessionCookies where !reported.contains(old.name) {
                let newValueRejects = !TokenFormat(value: old.value).keepsSessionInCookie
                guard let later = timeline.firstAcceptedUse(of: old, after: index, newValueRejects: newValueRejects) else { continue }
                reported.insert(old.name)
                violations.append(TimelineViolation(
                    "after the logout at \(step.method) \(step.path), the old \(old.name) still gets \(later.status.map(String.init) ?? "an answer") for \(later.method) \(later.path)",
                    cookie: old.name, step: later))
            }
        }
        return violations
    }
}
