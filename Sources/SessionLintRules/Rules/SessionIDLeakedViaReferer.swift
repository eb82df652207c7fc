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
        var lastReferer: (url: String, host: String?)?  // a client sends one Referer on many requests
        for step in timeline.steps {
            held.add(step)
            guard let referer = step.referer else { continue }
            let refererHost: String?
            if let lastReferer, lastReferer.url == referer {
                refererHost = lastReferer.host
            } else {
                refererHost = host(of: referer)
                lastReferer = (referer, refererHost)
            }
            guard let refererHost, refererHost != step.host else { continue }
            for cookie in held.values where referer.containsBytes(cookie.value) && reported.insert(cookie.name).inserted {
                violations.append(TimelineViolation("\(cookie.name)'s value left \(refererHost) in the Referer of a request to \(step.host)", cookie: cookie.name, step: step))
            }
        }
        return violations
    }

    private func host(of url: String) -> String? {
        // Byte-level: Foundation's range(of:) costs microseconds, and "://" is ASCII.
        let bytes = url.utf8
        guard let colon = bytes.indices.first(where: { bytes[$0] == UInt8(ascii: ":") && bytes[$0...].starts(with: "://".utf8) }) else { return nil }
        let authority = url[bytes.index(colon, offsetBy: 3)...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.split(separator: ":").first.map { $0.lowercased() }
    }
}
