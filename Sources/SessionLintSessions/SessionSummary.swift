import Foundation

/// One session value's life as one client's traffic shows it: when it was issued, used and
/// last seen, and the longest quiet stretch between two of those moments. Values stay as tags.
public struct SessionSummary: Sendable, Equatable {
    public var cookie: String
    public var value: ValueTag
    /// The response that set it, when this client's traffic contains it.
    public var issued: Date?
    public var firstSeen: Date
    public var lastSeen: Date
    /// Requests that carried it.
    public var uses: Int
    /// The longest gap between consecutive moments it was issued or sent.
    public var longestIdleGap: TimeInterval
    /// Set when a response deleted it.
    public var deleted: Date?

    public var lifetime: TimeInterval { lastSeen.timeIntervalSince(firstSeen) }
}

extension ClientTimeline {
    /// A summary per session value, in order of first appearance. Steps without a time are
    /// skipped: a gap cannot be measured without one.
    public var sessionSummaries: [SessionSummary] {
        var order: [String] = []
        var summaries: [String: SessionSummary] = [:]
        var current: [String: String] = [:]  // cookie name → the value last issued or sent

        func touch(_ name: String, _ value: String, at time: Date, _ update: (inout SessionSummary) -> Void) {
            let key = name + "=" + value
            current[name] = key
            if var summary = summaries[key] {
                summary.longestIdleGap = max(summary.longestIdleGap, time.timeIntervalSince(summary.lastSeen))
                summary.lastSeen = max(summary.lastSeen, time)
                update(&summary)
                summaries[key] = summary
            } else {
                var summary = SessionSummary(cookie: name, value: ValueTag(value), issued: nil, firstSeen: time, lastSeen: time,
                                             uses: 0, longestIdleGap: 0, deleted: nil)
                update(&summary)
                summaries[key] = summary
                order.append(key)
            }
        }

        for step in steps {
            guard let time = step.time else { continue }
            for sent in step.sentSessionCookies {
                touch(sent.name, sent.value, at: time) { $0.uses += 1 }
            }
            for set in step.setSessionCookies {
                if set.deletion {
                    // A deletion names the cookie, not the value it removes: it ends the value in use.
                    if let key = current.removeValue(forKey: set.name), summaries[key]?.deleted == nil { summaries[key]?.deleted = time }
                } else {
                    touch(set.name, set.value, at: time) { if $0.issued == nil { $0.issued = time } }
                }
            }
        }
        return order.compactMap { summaries[$0] }
    }
}
