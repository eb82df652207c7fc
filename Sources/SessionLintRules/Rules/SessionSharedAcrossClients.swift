import Foundation
import SessionLintCore
import SessionLintSessions

/// One session ID used at the same time from clients that differ in both address and
/// User-Agent: a hijacking sign (OWASP: detect session ID anomalies). NAT-aware: a changed
/// address alone (mobile networks, proxies) or a changed User-Agent alone is not enough, and the
/// two uses must overlap in time (within `overlap-window` of each other).
struct SessionSharedAcrossClients: TimelineRule {
    static let id: RuleID = "session-shared-across-clients"

    func check(_ timeline: ClientTimeline, options: RuleOptions) -> [TimelineViolation] {
        let window = options.duration("overlap-window") ?? 300
        struct Use { var address: String; var agent: String; var first: Date; var last: Date }
        var uses: [[Use]] = []  // who used each value, when
        var listOf: [SessionValue: Int] = [:]
        // Steps mostly carry the value the step before carried (its very strings, which compare
        // at once): that value's list is tried before hashing.
        var last: (name: String, value: String, list: Int)?
        var reported: Set<String> = []
        var violations: [TimelineViolation] = []
        func use(_ name: String, _ value: String, in step: TimelineStep, at time: Date) {
            let list: Int
            if let last, last.name == name, last.value == value {
                list = last.list
            } else if let known = listOf[SessionValue(name: name, value: value)] {
                list = known
            } else {
                list = uses.count
                listOf[SessionValue(name: name, value: value)] = list
                uses.append([])
            }
            last = (name, value, list)
            // Changed in place: the list is not copied out and back for every step.
            let found = { (list: inout [Use]) -> Use?? in
                if let index = list.firstIndex(where: { $0.address == step.clientAddress && $0.agent == step.userAgent }) {
                    list[index].last = time
                    return nil
                }
                let other = list.first { use in
                    use.address != step.clientAddress && use.agent != step.userAgent && time.timeIntervalSince(use.last) <= window
                }
                list.append(Use(address: step.clientAddress, agent: step.userAgent, first: time, last: time))
                return .some(other)
            }(&uses[list])
            if case .some(.some(let other)) = found, reported.insert(name).inserted {
                violations.append(TimelineViolation(
                    "the same \(name) is used from \(step.clientAddress) and from \(other.address) with different User-Agents within \(HumanDuration.humanReadable(seconds: max(0, time.timeIntervalSince(other.last))))",
                    cookie: name, step: step))
            }
        }
        for step in timeline.steps {
            guard let time = step.time, !step.clientAddress.isEmpty else { continue }
            // Receiving a value is holding it, as much as sending it.
            for sent in step.sentSessionCookies { use(sent.name, sent.value, in: step, at: time) }
            for set in step.setSessionCookies where !set.deletion { use(set.name, set.value, in: step, at: time) }
        }
        return violations
    }
}
