import SessionLintCore
import SessionLintSessions

/// After the server replaced a session ID, a request with the old one still gets an
/// authenticated-looking answer: rotation that does not end the old session (ASVS 5.0 7.2.4:
/// "terminates the current session token").
struct SessionOldIDAcceptedAfterRotation: TimelineRule {
    static let id: RuleID = "session-old-id-accepted-after-rotation"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        var violations: [TimelineViolation] = []
        var reported: Set<String> = []
        for (index, step) in timeline.steps.enumerated() {
            for old in step.sentSessionCookies where !reported.contains(old.name) {
                let replaced = step.setSessionCookies.contains { $0.name == old.name && !$0.deletion && $0.value != old.value }
                guard replaced, let later = timeline.firstAcceptedUse(of: old, after: index) else { continue }
                reported.insert(old.name)
                violations.append(TimelineViolation(
                    "\(old.name) was replaced at \(step.method) \(step.path), yet the old value still gets \(later.status.map(String.init) ?? "an answer") for \(later.method) \(later.path)",
                    cookie: old.name, step: later))
            }
        }
        return violations
    }
}
