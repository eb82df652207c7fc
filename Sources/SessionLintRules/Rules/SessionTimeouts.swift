import Foundation
import SessionLintCore
import SessionLintSessions

/// Uses of one session value the server answered as authenticated, in time order; none when the
/// whole timeline is shorter than `longerThan`, since no gap or lifetime inside it can exceed that
/// (most clients in a day of logs: this keeps the two rules below cheap). Uses point at steps by
/// index: copying whole steps is what made this slow.
func acceptedUses(_ timeline: ClientTimeline, longerThan limit: TimeInterval) -> [(cookie: SessionValue, uses: [(step: Int, time: Date)])] {
    // A closure, not the key path `\.time`: a key path into a class is applied with a dynamic
    // exclusivity check on every step.
    let times = timeline.steps.lazy.compactMap { $0.time }
    guard let earliest = times.min(), let latest = times.max(), latest.timeIntervalSince(earliest) > limit else { return [] }
    // Steps mostly send what the step before sent (and share its strings, which compare at
    // once): the last value's list is tried before hashing.
    var uses: [(cookie: SessionValue, uses: [(step: Int, time: Date)])] = []
    var listOf: [SessionValue: Int] = [:]
    var last: Int?
    for (index, step) in timeline.steps.enumerated() {
        guard let time = step.time, !step.sentSessionCookies.isEmpty, step.answersAsAuthenticated else { continue }
        for sent in step.sentSessionCookies where !step.setSessionCookies.contains(where: { $0.name == sent.name }) {
            let list: Int
            if let last, uses[last].cookie.name == sent.name, uses[last].cookie.value == sent.value {
                list = last
            } else {
                let cookie = SessionValue(name: sent.name, value: sent.value)
                if let known = listOf[cookie] {
                    list = known
                } else {
                    list = uses.count
                    listOf[cookie] = list
                    uses.append((cookie, []))
                }
            }
            uses[list].uses.append((index, time))
            last = list
        }
    }
    return uses.sorted { $0.cookie.joined < $1.cookie.joined }
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
        for (cookie, uses) in acceptedUses(timeline, longerThan: limit) {
            let name = cookie.name
            for (previous, next) in zip(uses, uses.dropFirst()) where next.time.timeIntervalSince(previous.time) > limit {
                guard reported.insert(name).inserted else { break }
                violations.append(TimelineViolation(
                    "\(name) was still accepted after \(HumanDuration.humanReadable(seconds: next.time.timeIntervalSince(previous.time))) without use; the limit (max-idle) is \(HumanDuration.humanReadable(seconds: limit))",
                    cookie: name, step: timeline.steps[next.step]))
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
        for (cookie, uses) in acceptedUses(timeline, longerThan: limit) {
            let name = cookie.name
            guard let first = uses.first, let late = uses.first(where: { $0.time.timeIntervalSince(first.time) > limit }),
                  reported.insert(name).inserted else { continue }
            violations.append(TimelineViolation(
                "\(name) was still accepted \(HumanDuration.humanReadable(seconds: late.time.timeIntervalSince(first.time))) after its first use; the limit (max-lifetime) is \(HumanDuration.humanReadable(seconds: limit))",
                cookie: name, step: timeline.steps[late.step]))
        }
        return violations
    }
}
