import SessionLintCore

/// Groups violations into findings: one per (rule, host, cookie name, cookie path), counting
/// occurrences and keeping the first and last evidence, so memory grows with distinct flaws,
/// not with traffic; at most `maxFindings` of them (`Limits.findings`), the rest counted.
struct FindingCollector {
    static let maxClientsPerFinding = 20

    private var findings: [Finding.Key: Finding] = [:]
    private let maxFindings: Int
    /// Distinct findings beyond `maxFindings`, by severity (counted in bounded memory).
    private var notKeptKeys: [Severity: DistinctCounter] = [:]

    init(maxFindings: Int = Limits().findings) {
        self.maxFindings = maxFindings
    }

    /// One violation as it is recorded, for a judge working apart from the collector.
    struct Occurrence: Sendable {
        var key: Finding.Key
        var severity: Severity
        var message: String
        var isSession: Bool
        var evidence: Evidence
        var client: String?
    }

    mutating func record(_ occurrence: Occurrence) {
        record(key: occurrence.key, severity: occurrence.severity, message: occurrence.message, isSession: occurrence.isSession,
               evidence: occurrence.evidence, client: occurrence.client)
    }

    mutating func record(key: Finding.Key, severity: Severity, message: String, isSession: Bool, evidence: Evidence, client: String?) {
        if let index = findings.index(forKey: key) {
            // Changed in place: a finding is not copied out of the table and back per occurrence.
            findings.values[index].occurrences += 1
            findings.values[index].last = evidence
            if severity > findings.values[index].severity {
                findings.values[index].severity = severity
                findings.values[index].message = message
            }
            if let client, findings.values[index].clients.count < Self.maxClientsPerFinding, !findings.values[index].clients.contains(client) {
                findings.values[index].clients.append(client)
            }
        } else if findings.count >= maxFindings {
            notKeptKeys[severity, default: DistinctCounter(exactLimit: 100_000)]
                .insert("\(key.rule.rawValue)\u{0}\(key.host)\u{0}\(key.cookieName)\u{0}\(key.cookiePath)")
        } else {
            findings[key] = Finding(
                key: key, severity: severity, message: message, isSessionCookie: isSession, occurrences: 1,
                first: evidence, last: evidence, clients: client.map { [$0] } ?? [])
        }
    }

    /// How many distinct findings were not kept, by severity.
    var notKept: [Severity: Int] { notKeptKeys.mapValues(\.count) }

    /// Worst first, then by rule, host and cookie, so reports are stable from run to run.
    var sorted: [Finding] {
        findings.values.sorted { ($0.severity, $1.key) > ($1.severity, $0.key) }
    }
}
