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
                // The next request carrying this cookie decides: the pre-login value confirms the
                // flaw; a new value means the server rotated in a Set-Cookie the input did not keep.
                let next = timeline.steps[(index + 1)...].lazy.compactMap { later in later.sentSessionCookies.first { $0.name == sent.name } }.first
                if let next, next.value != sent.value { continue }
                let reused = next != nil
                let after = reused ? "and the client keeps using it afterwards" : "(no later request was captured)"
                return TimelineViolation(
                    "the login at \(step.method) \(step.path) succeeded (\(step.login?.reason ?? "")) without a new \(sent.name): the pre-login ID stays valid \(after)",
                    cookie: sent.name, step: step, demotion: reused ? 0 : 1)
            }
            return nil
        }
    }
}
