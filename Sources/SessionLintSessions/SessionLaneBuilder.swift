import Foundation
import SessionLintCore

extension SessionLane {
    /// The lane of one client's timeline (kept steps only: in a scan, routine requests are
    /// summarised, so a span's end is its last kept use). Nil when no step has a time.
    public init?(_ timeline: ClientTimeline, findings: [String]) {
        let timed = timeline.steps.filter { $0.time != nil }
        guard let first = timed.first?.time, let last = timed.last?.time else { return nil }
        var spans: [Span] = []
        var markers: [Marker] = []
        // Every value seen, by cookie name and value: its span. The value each cookie holds now.
        var spanOf: [String: Int] = [:]
        var current: [String: String] = [:]
        var counts: [String: Int] = [:]
        func key(_ name: String, _ value: String) -> String { name + "\u{0}" + value }
        func newSpan(_ name: String, _ value: String, at time: Date, heldBefore: Bool) -> String {
            counts[name, default: 0] += 1
            let label = "\(name) #\(counts[name] ?? 1)" + (heldBefore ? " (held before)" : "")
            spans.append(Span(label: label, start: time, end: time, ending: "last seen"))
            spanOf[key(name, value)] = spans.count - 1
            return label
        }
        for step in timed {
            guard let time = step.time else { continue }
            let place = "\(step.method) \(step.path)\(step.status.map { " → \($0)" } ?? ""), \(step.provenance.description)"
            if let login = step.login {
                markers.append(Marker(time: time, kind: login.succeeded ? .login : .failedLogin,
                                      label: "\(login.succeeded ? "login" : "failed login"): \(place) (\(login.reason))"))
            }
            if let logout = step.logout { markers.append(Marker(time: time, kind: .logout, label: "logout: \(place) (\(logout))")) }
            for sent in step.sentSessionCookies {
                if let index = spanOf[key(sent.name, sent.value)] {
                    spans[index].end = time
                    // A value sent after it was replaced or deleted: a replay, the interesting case.
                    if spans[index].ending == "replaced" || spans[index].ending == "deleted" {
                        spans[index].ending += ", then sent again"
                    }
                } else {
                    // A value the traffic never showed being set (a log that starts mid-session).
                    _ = newSpan(sent.name, sent.value, at: time, heldBefore: true)
                    current[sent.name] = sent.value
                }
            }
            for set in step.setSessionCookies {
                let previous = current[set.name].flatMap { spanOf[key(set.name, $0)] }
                if set.deletion {
                    if let previous { spans[previous].end = time; spans[previous].ending = "deleted" }
                    current[set.name] = nil
                    markers.append(Marker(time: time, kind: .deleted, label: "\(set.name) deleted: \(place)"))
                    continue
                }
                guard current[set.name] != set.value else { continue }  // the same value set again
                if let previous { spans[previous].end = time; spans[previous].ending = "replaced" }
                let label = newSpan(set.name, set.value, at: time, heldBefore: false)
                current[set.name] = set.value
                markers.append(Marker(time: time, kind: previous == nil ? .issued : .rotated,
                                      label: "\(label) \(previous == nil ? "issued" : "replaces the previous one"): \(place)"))
            }
        }
        self.init(client: timeline.label, start: first, end: last, spans: spans, markers: markers, findings: findings)
    }
}
