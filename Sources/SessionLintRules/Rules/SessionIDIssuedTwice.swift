import SessionLintCore
import SessionLintSessions

/// The same session ID handed to two different clients: a generator that is not unique, or a
/// server adopting a client-chosen ID and echoing it back.
struct SessionIDIssuedTwice: TimelineRule {
    static let id: RuleID = "session-id-issued-twice"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        var reported: Set<String> = []
        return timeline.steps.compactMap { step in
            for name in step.issuedBefore where reported.insert(name).inserted {
                return TimelineViolation("\(step.method) \(step.path) issued a \(name) value that had already been issued to another client", cookie: name, step: step)
            }
            return nil
        }
    }
}
