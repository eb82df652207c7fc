import SessionLintCore
import SessionLintSessions

/// A login that succeeds while the session ID the client sent with it stays the same: whoever
/// planted or saw that ID before the login now holds a logged-in session (session fixation).
struct SessionNotRotatedOnLogin: TimelineRule {
    static let id: RuleID = "session-not-rotated-on-login"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        timeline.steps.enumerated().compactMap { index, step in
            guard step.login?.succeeded == true else { return nil }
            for sent in step.sentSessionCookies {
                let rotated = step.setSessionCookies.contains { $0.name == sent.name && ($0.value != sent.value || $0.deletion) }
                guard !rotated else { continue }
                // Confirmed when a later request still carries the pre-login value.
                let reused = timeline.steps[(index + 1)...].contains { later in later.sentSessionCookies.contains { $0 == sent } }
                let after = reused ? "and the client keeps using it afterwards" : "(no later request was captured)"
                return TimelineViolation(
                    "the login at \(step.method) \(step.path) succeeded (\(step.login?.reason ?? "")) without a new \(sent.name): the pre-login ID stays valid \(after)",
                    cookie: sent.name, step: step, demotion: reused ? 0 : 1)
            }
            return nil
        }
    }
}
