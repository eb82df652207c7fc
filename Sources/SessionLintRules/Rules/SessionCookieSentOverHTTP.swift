import SessionLintCore
import SessionLintSessions

/// A session cookie actually sent over plain HTTP: observed exposure, not a missing flag.
/// Loopback traffic is not flagged (it never leaves the machine).
struct SessionCookieSentOverHTTP: TimelineRule {
    static let id: RuleID = "session-cookie-sent-over-http"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        var seen: Set<String> = []
        return timeline.steps.compactMap { step in
            guard step.scheme == .http, !isLoopback(step.host) else { return nil }
            for sent in step.sentSessionCookies where seen.insert(sent.name).inserted {
                return TimelineViolation("\(sent.name) was sent in cleartext with \(step.method) http://\(step.host)\(step.path)", cookie: sent.name, step: step)
            }
            return nil
        }
    }
}

func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host.hasSuffix(".localhost") || host.hasPrefix("127.") || host == "::1"
}
