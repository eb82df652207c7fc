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
            if let previous, previous.scheme == step.scheme, step.sendsSameSessionCookies(as: previous) { continue }
            // By index, read in place: iterating copies each pair's strings.
            let sent = step.sentSessionCookies
            for index in sent.indices {
                let value = SessionValue(name: sent[index].name, value: sent[index].value)
                let seen = { (schemes: inout Set<Scheme>) -> Int in schemes.insert(step.scheme); return schemes.count }(&schemes[value, default: []])
                if seen == 2, reported.insert(sent[index].name).inserted {
                    violations.append(TimelineViolation(
                        "the same \(sent[index].name) is used over both HTTP and HTTPS (here \(step.scheme.rawValue)://\(step.host)\(step.path))",
                        cookie: sent[index].name, step: step))
                }
            }
        }
        return violations
    }
}
