import Foundation
import SessionLintCore
import SessionLintSessions

/// Uses of one session value the server answered as authenticated, in time order.
func acceptedUses(_ timeline: ClientTimeline) -> [String: [(step: TimelineStep, time: Date)]] {
    var uses: [String: [(step: TimelineStep, time: Date)]] = [:]
    for step in timeline.steps {
        guard let time = step.time else { continue }
        for sent in step.sentSessionCookies where step.answersAsAuthenticated(cookie: sent.name) {
            uses[sent.name + "=" + sent.value, default: []].append((step, time))
        }
    }
    return uses
}

/// A session accepted again after an idle gap longer than max-idle (ASVS 4.0.3 3.3.2: 30 minutes
/// at level 2). Only what the traffic shows: the token was used, then used again after the gap,
/// and still answered as authenticated.
struct SessionIdleTimeoutTooLong: TimelineRule {
    static let id: RuleID = "session-idle-timeout-too-long"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        guard let limit = options.duration("max-idle") else { return [] }
        var reported: Set<String> = []
        var violations: [TimelineViolation] = []
        for (key, uses) in acceptedUses(timeline).sorted(by: { $0.key < $1.key }) {
            let name = String(key.prefix { $0 != "=" })
            for (previous, next) in zip(uses, uses.dropFirst()) where next.time.timeIntervalSince(previous.time) > limit {
                guard reported.insert(name).inserted else { break }
                violations.append(TimelineViolation(
                    "\(name) was still accepted after \(HumanDuration.humanReadable(seconds: next.time.timeIntervalSince(previous.time))) without use; the limit (max-idle) is \(HumanDuration.humanReadable(seconds: limit))",
                    cookie: name, step: next.step))
            }
        }
        return violations
    }
}

/// A session accepted longer after its first use than max-lifetime (ASVS 4.0.3 3.3.2: 12 hours
/// at level 2, 30 days at level 1).
struct SessionLifetimeTooLong: TimelineRule {
    static let id: RuleID = "session-lifetime-too-long"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        guard let limit = options.duration("max-lifetime") else { return [] }
        var reported: Set<String> = []
        var violations: [TimelineViolation] = []
        for (key, uses) in acceptedUses(timeline).sorted(by: { $0.key < $1.key }) {
            let name = String(key.prefix { $0 != "=" })
            guard let first = uses.first, let late = uses.first(where: { $0.time.timeIntervalSince(first.time) > limit }),
                  reported.insert(name).inserted else { continue }
            violations.append(TimelineViolation(
                "\(name) was still accepted \(HumanDuration.humanReadable(seconds: late.time.timeIntervalSince(first.time))) after its first use; the limit (max-lifetime) is \(HumanDuration.humanReadable(seconds: limit))",
                cookie: name, step: late.step))
        }
        return violations
    }
}
