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
        var uses: [String: [Use]] = [:]  // "name=value" → who used it, when
        var reported: Set<String> = []
        var violations: [TimelineViolation] = []
        for step in timeline.steps {
            guard let time = step.time, !step.clientAddress.isEmpty else { continue }
            // Receiving a value is holding it, as much as sending it.
            let held = step.sentSessionCookies + step.setSessionCookies.filter { !$0.deletion }.map { ($0.name, $0.value) }
            for sent in held {
                let key = sent.name + "=" + sent.value
                var list = uses[key, default: []]
                if let index = list.firstIndex(where: { $0.address == step.clientAddress && $0.agent == step.userAgent }) {
                    list[index].last = time
                } else {
                    let other = list.first { use in
                        use.address != step.clientAddress && use.agent != step.userAgent && time.timeIntervalSince(use.last) <= window
                    }
                    if let other, reported.insert(sent.name).inserted {
                        violations.append(TimelineViolation(
                            "the same \(sent.name) is used from \(step.clientAddress) and from \(other.address) with different User-Agents within \(HumanDuration.humanReadable(seconds: max(0, time.timeIntervalSince(other.last))))",
                            cookie: sent.name, step: step))
                    }
                    list.append(Use(address: step.clientAddress, agent: step.userAgent, first: time, last: time))
                }
                uses[key] = list
            }
        }
        return violations
    }
}
