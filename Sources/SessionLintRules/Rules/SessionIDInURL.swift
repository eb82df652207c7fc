import SessionLintCore
import SessionLintSessions

/// A session ID in a URL (query, `;jsessionid=` path parameter, or a redirect's Location): URLs
/// end up in logs, browser history and Referer headers. Matched by value too: any URL holding
/// a session cookie value this client has, whatever the parameter is called.
struct SessionIDInURL: TimelineRule {
    static let id: RuleID = "session-id-in-url"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        let minimum = options.integer("min-value-length") ?? 8
        var held = HeldSessionValues(minimum: minimum)
        var reported: Set<String> = []
        var violations: [TimelineViolation] = []
        for step in timeline.steps {
            held.add(step)
            if step.target.withUTF8Bytes({ $0.contains(UInt8(ascii: ";")) }), step.target.asciiLowercased.containsBytes(";jsessionid="),
               reported.insert(";jsessionid=").inserted {
                violations.append(TimelineViolation("the request path carries ;jsessionid= (URL rewriting): \(step.method) \(step.path.prefix(60))", cookie: "JSESSIONID", step: step))
                continue
            }
            let targetLength = step.target.utf8.count, locationLength = step.location?.utf8.count ?? 0
            for cookie in held.values where reported.isEmpty || !reported.contains(cookie.name) {
                // Most URLs are shorter than a session value: then there is nothing to search.
                let length = cookie.value.utf8.count
                guard length <= max(targetLength, locationLength) else { continue }
                let place: String? = length <= targetLength && step.target.containsBytes(cookie.value) ? "the request URL"
                    : (length <= locationLength && step.location?.containsBytes(cookie.value) == true ? "the redirect Location" : nil)
                guard let place else { continue }
                reported.insert(cookie.name)
                violations.append(TimelineViolation("\(cookie.name)'s value appears in \(place) of \(step.method) \(step.path)", cookie: cookie.name, step: step))
            }
        }
        return violations
    }
}
