import SessionLintCore

/// Groups violations into findings: one per (rule, host, cookie name, cookie path), counting
/// occurrences and keeping the first and last evidence, so memory grows with distinct flaws,
/// not with traffic; at most `maxFindings` of them (`Limits.findings`), the rest counted.
struct FindingCollector {
    static let maxClientsPerFinding = 20

    private struct Entry {
        var finding: Finding
        /// The last occurrence, when it came from an exchange and its evidence is not built yet.
        var unbuiltLast: ExchangeEvidence?

        /// Counts one more occurrence. A method, called on the table's element, so the entry is
        /// changed in place: reading `entries.values[index].finding` copied the whole entry out.
        mutating func add(severity: Severity, message: String, occurrence: OccurrenceEvidence, client: String?) {
            switch occurrence {
            case .built(let evidence):
                finding.last = evidence
                unbuiltLast = nil
            case .unbuilt(let exchange):
                unbuiltLast = exchange
            }
            finding.occurrences += 1
            if severity > finding.severity {
                finding.severity = severity
                finding.message = message
            }
            if let client, finding.clients.count < FindingCollector.maxClientsPerFinding, !finding.clients.contains(client) {
                finding.clients.append(client)
            }
        }
    }

    private var entries: [Finding.Key: Entry] = [:]
    private let maxFindings: Int
    private let redaction: Redaction
    /// Distinct findings beyond `maxFindings`, by severity (counted in bounded memory).
    private var notKeptKeys: [Severity: DistinctCounter] = [:]

    init(maxFindings: Int = Limits().findings, redaction: Redaction = Redaction(showValues: false)) {
        self.maxFindings = maxFindings
        self.redaction = redaction
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
        record(key: key, severity: severity, message: message, isSession: isSession, occurrence: .built(evidence), client: client)
    }

    /// A violation found in one exchange: its evidence is built for the first occurrence of the
    /// finding, and for the last only when the report is made (`sorted`), since a day of logs
    /// repeats one finding hundreds of thousands of times.
    mutating func record(key: Finding.Key, severity: Severity, message: String, isSession: Bool, exchange: ExchangeEvidence, client: String?) {
        record(key: key, severity: severity, message: message, isSession: isSession, occurrence: .unbuilt(exchange), client: client)
    }

    private enum OccurrenceEvidence {
        case built(Evidence)
        case unbuilt(ExchangeEvidence)
    }

    private mutating func record(key: Finding.Key, severity: Severity, message: String, isSession: Bool, occurrence: OccurrenceEvidence, client: String?) {
        if let index = entries.index(forKey: key) {
            entries.values[index].add(severity: severity, message: message, occurrence: occurrence, client: client)
        } else if entries.count >= maxFindings {
            notKeptKeys[severity, default: DistinctCounter(exactLimit: 100_000)]
                .insert("\(key.rule.rawValue)\u{0}\(key.host)\u{0}\(key.cookieName)\u{0}\(key.cookiePath)")
        } else {
            let evidence: Evidence
            switch occurrence {
            case .built(let built): evidence = built
            case .unbuilt(let exchange): evidence = exchange.evidence(redaction)
            }
            entries[key] = Entry(finding: Finding(
                key: key, severity: severity, message: message, isSessionCookie: isSession, occurrences: 1,
                first: evidence, last: evidence, clients: client.map { [$0] } ?? []))
        }
    }

    /// How many distinct findings were not kept, by severity.
    var notKept: [Severity: Int] { notKeptKeys.mapValues(\.count) }

    /// Worst first, then by rule, host and cookie, so reports are stable from run to run.
    var sorted: [Finding] {
        entries.values.map { entry in
            var finding = entry.finding
            if let last = entry.unbuiltLast { finding.last = last.evidence(redaction) }
            return finding
        }.sorted { ($0.severity, $1.key) > ($1.severity, $0.key) }
    }
}
