import SessionLintCore
import SessionLintSessions

/// One session ID used over both http:// and https://: the HTTPS part of the session is only as
/// safe as the cleartext part (OWASP: do not switch a session between HTTP and HTTPS).
struct SessionMixedScheme: TimelineRule {
    static let id: RuleID = "session-mixed-scheme"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        var schemes: [SessionValue: Set<Scheme>] = [:]
        var reported: Set<String> = []
        var violations: [TimelineViolation] = []
        var previous: TimelineStep?
        for step in timeline.steps where step.scheme != .unknown && !isLoopback(step.host) {
            defer { previous = step }
            // A request repeating the previous one's scheme and session values adds nothing:
            // its values were counted with this scheme (and reported, at two) a step ago.
            if let previous, previous.scheme == step.scheme,
               step.sentSessionCookies.elementsEqual(previous.sentSessionCookies, by: { $0.name == $1.name && $0.value == $1.value }) { continue }
            for sent in step.sentSessionCookies {
                let seen = { (schemes: inout Set<Scheme>) -> Int in schemes.insert(step.scheme); return schemes.count }(&schemes[SessionValue(name: sent.name, value: sent.value), default: []])
                if seen == 2, reported.insert(sent.name).inserted {
                    violations.append(TimelineViolation("the same \(sent.name) is used over both HTTP and HTTPS (here \(step.scheme.rawValue)://\(step.host)\(step.path))", cookie: sent.name, step: step))
                }
            }
        }
        return violations
    }
}
