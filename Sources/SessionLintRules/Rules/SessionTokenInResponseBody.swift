import SessionLintCore
import SessionLintSessions

/// A session cookie's value written into a response body (a JSON login answer, a page that
/// embeds it): scripts, caches and logs of the body can read what HttpOnly was meant to hide.
struct SessionTokenInResponseBody: TimelineRule {
    static let id: RuleID = "session-token-in-response-body"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        var reported: Set<String> = []
        var violations: [TimelineViolation] = []
        for step in timeline.steps {
            for name in step.sessionCookiesInBody where reported.insert(name).inserted {
                violations.append(TimelineViolation(
                    "\(name)'s value appears in the body of the response to \(step.method) \(step.path)", cookie: name, step: step))
            }
        }
        return violations
    }
}
