import SessionLintCore
import SessionLintSessions

/// A Referer sent to another host that carries a session ID: observed leakage, where ZAP can
/// only infer it from links in a page.
struct SessionIDLeakedViaReferer: TimelineRule {
    static let id: RuleID = "session-id-leaked-via-referer"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        let minimum = options.integer("min-value-length") ?? 8
        var held = HeldSessionValues(minimum: minimum)
        var reported: Set<String> = []
        var violations: [TimelineViolation] = []
        for step in timeline.steps {
            held.add(step)
            guard let referer = step.referer, let refererHost = host(of: referer), refererHost != step.host else { continue }
            for cookie in held.values where referer.containsBytes(cookie.value) && reported.insert(cookie.name).inserted {
                violations.append(TimelineViolation("\(cookie.name)'s value left \(refererHost) in the Referer of a request to \(step.host)", cookie: cookie.name, step: step))
            }
        }
        return violations
    }

    private func host(of url: String) -> String? {
        guard let range = url.range(of: "://") else { return nil }
        let authority = url[range.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.split(separator: ":").first.map { $0.lowercased() }
    }
}
