import SessionLintCore
import SessionLintSessions

/// A plain-HTTP response that sets a session cookie while redirecting to HTTPS: the ID crossed
/// the network in cleartext before the secure part of the site began.
struct SessionCookieSetBeforeHTTPSRedirect: TimelineRule {
    static let id: RuleID = "session-cookie-set-before-https-redirect"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        var reported: Set<String> = []
        return timeline.steps.compactMap { step in
            guard step.scheme == .http, !isLoopback(step.host), let status = step.status, (300...399).contains(status),
                  step.location?.lowercased().hasPrefix("https://") == true else { return nil }
            for set in step.setSessionCookies where !set.deletion && reported.insert(set.name).inserted {
                return TimelineViolation("\(set.name) is set by the plain-HTTP response that redirects \(step.method) \(step.path) to HTTPS", cookie: set.name, step: step)
            }
            return nil
        }
    }
}
