import SessionLintCore
import SessionLintRules
import SessionLintSessions

/// Judges one finished client's timeline: the timeline rules' hits as findings to record, each
/// with the step it points at as evidence, and the client's swimlane while the report still
/// draws lanes. Independent of the rest of the scan, so the clients a scan finishes early are
/// judged on a thread of their own (`TrafficScanner`).
struct TimelineJudge: Sendable {
    let rules: RuleSet
    let redaction: Redaction
    /// Lanes handed out so far: the report draws the first `TrafficScanner.maxSessionLanes`.
    var lanesDrawn: Int

    /// What one timeline came to.
    struct Judgement: Sendable {
        var findings: [FindingCollector.Occurrence] = []
        var lane: SessionLane?
    }

    mutating func judge(_ timeline: ClientTimeline) -> Judgement {
        let hits = rules.evaluate(timeline)
        var judgement = Judgement()
        guard !hits.isEmpty else { return judgement }
        if lanesDrawn < TrafficScanner.maxSessionLanes,
           let lane = SessionLane(timeline, findings: Array(Set(hits.map(\.rule.rawValue))).sorted()) {
            judgement.lane = lane
            lanesDrawn += 1
        }
        judgement.findings = hits.map { hit in
            let step = hit.step
            // The cookie as this exchange carried it: sent, else set.
            let excerpt = step.sentSessionCookies.first { $0.name == hit.cookie }.map { "Cookie: \(hit.cookie)=\(redaction.redacted($0.value))" }
                ?? step.setSessionCookies.first { $0.name == hit.cookie && !$0.deletion }.map { "Set-Cookie: \(hit.cookie)=\(redaction.redacted($0.value))" }
            let evidence = Evidence(
                provenance: step.provenance, time: step.time, method: step.method,
                url: redaction.url(scheme: step.scheme, host: step.host, port: step.port, target: step.target), status: step.status,
                excerpt: excerpt ?? "")
            return FindingCollector.Occurrence(
                key: Finding.Key(rule: hit.rule, host: step.host, cookieName: hit.cookie, cookiePath: "/"),
                severity: hit.severity, message: hit.message, isSession: true, evidence: evidence,
                client: step.clientAddress.isEmpty ? nil : step.clientAddress)
        }
        return judgement
    }
}
