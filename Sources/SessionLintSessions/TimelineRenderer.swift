import Foundation
import SessionLintCore

/// Timelines for people (text) and machines (JSON lines, one object per client). Cookie values
/// appear only as tags; input text is made terminal-safe.
public enum TimelineRenderer {
    public static func text(_ timeline: ClientTimeline) -> String {
        var out = "client \(timeline.number): \(terminalSafe(timeline.label))\n"
        out += "  \(timeline.requests) request\(timeline.requests == 1 ? "" : "s")"
        if let first = timeline.firstSeen, let last = timeline.lastSeen {
            out += ", \(clock(first)) – \(clock(last)) (\(HumanDuration.humanReadable(seconds: last.timeIntervalSince(first))))"
        }
        out += "\n"
        for session in timeline.sessionSummaries { out += "  " + describe(session) + "\n" }
        for event in timeline.events {
            switch event.kind {
            case .request(let method, let path, let status):
                let time = event.time.map(clock) ?? "—"
                out += "  \(time)  \(terminalSafe(method)) \(terminalSafe(path)) → \(status.map(String.init) ?? "no response")"
                out += "   [\(terminalSafe(event.provenance.locationDescription))]\n"
            default:
                out += "                " + describe(event.kind) + "\n"
            }
        }
        if timeline.droppedEvents > 0 { out += "  … \(timeline.droppedEvents) more events not kept\n" }
        return out + "\n"
    }

    public static func describe(_ kind: TimelineEvent.Kind) -> String {
        switch kind {
        case .request(let method, let path, let status): return "\(method) \(path) → \(status.map(String.init) ?? "-")"
        case .issued(let cookie, let value, let persistent): return "issued \(terminalSafe(cookie)) \(value)\(persistent ? " (persistent)" : "")"
        case .rotated(let cookie, let from, let to): return "rotated \(terminalSafe(cookie)) \(from) → \(to)"
        case .deleted(let cookie, let value): return "deleted \(terminalSafe(cookie)) \(value)"
        case .expired(let cookie, let value): return "expired \(terminalSafe(cookie)) \(value)"
        case .rejected(let cookie, let reason): return "browser would reject \(terminalSafe(cookie)): \(terminalSafe(reason))"
        case .unexpectedCookie(let cookie, let value, let held):
            return "sent \(terminalSafe(cookie)) \(value), which its jar does not hold\(held.map { " (it holds \($0))" } ?? "")"
        case .login(let succeeded, let reason): return "login \(succeeded ? "succeeded" : "failed"): \(terminalSafe(reason))"
        case .logout(let reason): return "logout: \(terminalSafe(reason))"
        }
    }

    /// "session PHPSESSID #47198f: 16:19:41.335 – 16:19:41.353 (0 seconds), 2 uses, longest idle 0 seconds, deleted"
    public static func describe(_ session: SessionSummary) -> String {
        var text = "session \(terminalSafe(session.cookie)) \(session.value): \(clock(session.firstSeen)) – \(clock(session.lastSeen))"
        text += " (\(HumanDuration.humanReadable(seconds: session.lifetime))), \(session.uses) use\(session.uses == 1 ? "" : "s")"
        text += ", longest idle \(HumanDuration.humanReadable(seconds: session.longestIdleGap))"
        if session.issued == nil { text += ", issued before this traffic" }
        if session.deleted != nil { text += ", deleted" }
        return text
    }

    public static func json(_ timeline: ClientTimeline) -> String {
        var object: [String: Any] = ["client": timeline.number, "label": timeline.label, "requests": timeline.requests]
        if let first = timeline.firstSeen { object["firstSeen"] = iso(first) }
        if let last = timeline.lastSeen { object["lastSeen"] = iso(last) }
        object["sessions"] = timeline.sessionSummaries.map { session -> [String: Any] in
            var item: [String: Any] = ["cookie": session.cookie, "value": session.value.text, "firstSeen": iso(session.firstSeen),
                                       "lastSeen": iso(session.lastSeen), "lifetimeSeconds": milliseconds(session.lifetime), "uses": session.uses,
                                       "longestIdleSeconds": milliseconds(session.longestIdleGap)]
            if let issued = session.issued { item["issued"] = iso(issued) }
            if let deleted = session.deleted { item["deleted"] = iso(deleted) }
            return item
        }
        object["events"] = timeline.events.map { event -> [String: Any] in
            var item: [String: Any] = ["source": event.provenance.description, "what": describe(event.kind), "kind": kindName(event.kind)]
            if let time = event.time { item["time"] = iso(time) }
            return item
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func kindName(_ kind: TimelineEvent.Kind) -> String {
        switch kind {
        case .request: "request"
        case .issued: "issued"
        case .rotated: "rotated"
        case .deleted: "deleted"
        case .expired: "expired"
        case .rejected: "rejected"
        case .unexpectedCookie: "unexpected-cookie"
        case .login: "login"
        case .logout: "logout"
        }
    }

    /// Seconds to the millisecond, as the timestamps beside them.
    private static func milliseconds(_ seconds: TimeInterval) -> Double { (seconds * 1000).rounded() / 1000 }

    private static func clock(_ date: Date) -> String {
        date.formatted(.iso8601.time(includingFractionalSeconds: true).timeSeparator(.colon))
    }

    private static func iso(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
