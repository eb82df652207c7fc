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
    // On bytes: asked for every step of every timeline, and the names are ASCII.
    host.withUTF8Bytes { name in
        name.elementsEqual("localhost".utf8) || name.elementsEqual("::1".utf8) || name.starts(with: "127.".utf8)
            || (name.count >= 10 && name[(name.count - 10)...].elementsEqual(".localhost".utf8))
    }
}
