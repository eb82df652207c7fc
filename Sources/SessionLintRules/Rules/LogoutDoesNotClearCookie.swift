import SessionLintCore
import SessionLintSessions

/// A logout whose response leaves the session cookie in the browser: no deletion, no new value,
/// no Clear-Site-Data. The server may still end the session, but the client is told nothing.
struct LogoutDoesNotClearCookie: TimelineRule {
    static let id: RuleID = "logout-does-not-clear-cookie"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        timeline.steps.compactMap { step in
            guard let reason = step.logout, step.status != nil, !step.clearSiteData else { return nil }
            for sent in step.sentSessionCookies where !step.setSessionCookies.contains(where: { $0.name == sent.name }) {
                return TimelineViolation("the logout (\(reason)) neither deletes nor replaces \(sent.name), and sends no Clear-Site-Data", cookie: sent.name, step: step)
            }
            return nil
        }
    }
}
