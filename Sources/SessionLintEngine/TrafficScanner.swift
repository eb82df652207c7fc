import Foundation
import SessionLintCore
import SessionLintHTTP
import SessionLintRules
import SessionLintSessions
import SessionLintSources
import SessionLintTokens

/// Everything a scan produced, ready for the reporters.
public struct ScanResult: Sendable {
    public var findings: [Finding]
    public var warnings: [InputWarning]
    public var inputs: [String]
    public var transactionCount: Int
    public var clientCount: Int
    /// Every cookie the traffic set, per host, name and path.
    public var inventory: [CookieInventoryEntry]
    /// The session ID analysis of every session cookie, when the token rules ran.
    public var tokenAnalyses: [TokenSummary]
    /// Swimlanes of the first clients a timeline rule fired on.
    public var sessionLanes: [SessionLane]
}

/// Wires sources → transactions → rules → findings. One `TrafficScanner` per run; feed it every input,
/// then take the result.
public struct TrafficScanner {
    private let rules: RuleSet
    private let classifier: CookieClassifier
    private let redaction: Redaction
    private let trustForwardedFor: Bool
    private let limits: Limits
    /// Built only when a timeline rule runs.
    private var timelines: TimelineBuilder?
    /// Gathered only when a token-population rule runs.
    private var tokens: TokenCollector?
    private var inventory: CookieInventoryCollector

    private var collector: FindingCollector
    /// Judges the clients finished early on a thread of its own, started with the first of them:
    /// on a day of logs with hundreds of thousands of clients, judging them was a sixth of the
    /// analysing thread's work while the reading thread waited for it.
    private var judging: InOrderWorker<[ClientTimeline], [TimelineJudge.Judgement]>?
    /// Whether they are judged there or inline (tests compare the two).
    var judgesFinishedClientsApart = true
    /// The lanes of clients judged early (to bound memory), kept for the report.
    private var lanes: [SessionLane] = []
    /// Lanes a report draws at most.
    public static let maxSessionLanes = 20
    private var warnings: [InputWarning] = []
    private var warningsNotKept = 0
    private var inputs: [String] = []
    private var transactionCount = 0
    /// Distinct client addresses: exact up to a million, estimated beyond (bounded memory).
    private var clients = DistinctCounter()
    private var lastCountedClient: String?

    public init(catalogue: RuleCatalogue, configuration: Configuration, customRules: [CustomRule] = [], showValues: Bool) throws(InputError) {
        rules = try RuleSet(catalogue: catalogue, selection: configuration.rules, customRules: customRules)
        classifier = CookieClassifier(
            sessionNames: configuration.sessionCookies,
            ignoredNames: CookieClassifier.defaultIgnoredNames + configuration.ignoredCookies)
        redaction = Redaction(showValues: showValues)
        inventory = CookieInventoryCollector(redaction: redaction)
        trustForwardedFor = configuration.trustForwardedFor
        limits = configuration.limits
        collector = FindingCollector(maxFindings: limits.findings, redaction: redaction)
        if rules.needsTokens { tokens = TokenCollector(classifier: classifier, maxKeptValues: limits.tokenValues) }
        if rules.needsTimelines {
            timelines = TimelineBuilder(settings: TimelineSettings(
                clientKey: configuration.clientKey, login: configuration.login, logout: configuration.logout, classifier: classifier,
                maxOpenClients: limits.clients, maxStoredSteps: limits.timelineSteps,
                recordsEvents: false, compactionInterval: min(60, (rules.shortestTimelineWindow ?? 3600) / 4)))
        }
    }

    /// Reads one input to the end. Throws only when the input as a whole cannot be read.
    public mutating func scan(_ source: any TransactionSource) throws(InputError) {
        inputs.append(source.inputName)
        // Decoding runs ahead on a second core while this one parses cookies and analyses.
        try ReadAhead.read(source, classifier: classifier, onTransaction: { transaction, cookies in inspect(transaction, cookies: cookies) },
                           onWarning: { keep($0) })
    }

    /// A warning about something read beside the inputs (a key log's unusable lines).
    public mutating func note(_ warning: InputWarning) { keep(warning) }

    /// Keeps an input warning, up to `limits.warnings`; the rest are counted.
    private mutating func keep(_ warning: InputWarning) {
        if warnings.count < limits.warnings { warnings.append(warning) } else { warningsNotKept += 1 }
    }

    public var activeRules: [RuleID] { rules.activeIDs }

    /// Judges what is still open and gathers the report: the end of the scan.
    public consuming func result() -> ScanResult {
        var collector = self.collector
        var lanes = self.lanes
        // The token analyses and the judging of the open timelines are independent: the analyses
        // run on the second core meanwhile, and are judged after the timelines, as before.
        let populations = tokens?.result ?? []
        let analyses = BackgroundWork { populations.map(TokenAnalysis.init) }
        while let judgements = judging?.next() {  // the clients finished early, in order
            for judgement in judgements { Self.record(judgement, into: &collector, lanes: &lanes) }
        }
        var timelineJudge = TimelineJudge(rules: rules, redaction: redaction, lanesDrawn: lanes.count)
        timelines?.finishAll { Self.record(timelineJudge.judge($0), into: &collector, lanes: &lanes) }
        var tokenAnalyses: [TokenSummary] = []
        for (analysis, population) in zip(analyses.result(), populations) {
            judge(analysis, samples: population, into: &collector)
            tokenAnalyses.append(TokenReport.summary(analysis))
        }
        var warnings = self.warnings
        if warningsNotKept > 0 {
            warnings.append(InputWarning(
                provenance: Provenance(input: inputs.last ?? "", location: .whole),
                message: "\(warningsNotKept) more input warning\(warningsNotKept == 1 ? " was" : "s were") not kept (\(limits.describe("warnings")))"))
        }
        if !collector.notKept.isEmpty {
            let count = collector.notKept.values.reduce(0, +)
            let bySeverity = Severity.allCases.reversed().compactMap { severity in collector.notKept[severity].map { "\($0) \(severity.rawValue)" } }
            warnings.append(InputWarning(
                provenance: Provenance(input: inputs.last ?? "", location: .whole),
                message: "\(count) further finding\(count == 1 ? " was" : "s were") not kept (\(bySeverity.joined(separator: ", "))): the report holds \(limits.describe("findings")) distinct findings; "
                    + "raise the limit to see them"))
        }
        if let timelines, timelines.clientsFinishedEarly > 0 {
            let settings = timelines.settings
            warnings.append(InputWarning(
                provenance: Provenance(input: inputs.last ?? "", location: .whole),
                message: "\(timelines.clientsFinishedEarly) client timeline\(timelines.clientsFinishedEarly == 1 ? " was" : "s were") judged before the client went idle, "
                    + "to keep at most \(settings.maxOpenClients) clients and \(settings.maxStoredSteps) requests in memory (limits clients and timeline-steps); "
                    + "session behaviour spanning that cut (a session used again hours later) was judged in two parts"))
        }
        if let tokens, tokens.reachedValueLimit {
            warnings.append(InputWarning(
                provenance: Provenance(input: inputs.last ?? "", location: .whole),
                message: "the token analysis kept \(limits.describe("token-values")) session IDs; later ones were sampled in place of kept ones, so the analysis saw a sample"))
        }
        if let tokens, tokens.populationsDropped > 0 {
            warnings.append(InputWarning(
                provenance: Provenance(input: inputs.last ?? "", location: .whole),
                message: "the token analysis follows at most \(TokenCollector.maxPopulations) session cookies; \(tokens.populationsDropped) values of further ones were not analysed"))
        }
        if inventory.cookiesNotListed > 0 {
            warnings.append(InputWarning(
                provenance: Provenance(input: inputs.last ?? "", location: .whole),
                message: "the cookie inventory lists \(CookieInventoryCollector.maxEntries) cookies; \(inventory.cookiesNotListed) more set after that are not listed (findings about them are kept)"))
        }
        return ScanResult(findings: collector.sorted, warnings: warnings, inputs: inputs,
                          transactionCount: transactionCount, clientCount: clients.count, inventory: inventory.result,
                          tokenAnalyses: tokenAnalyses, sessionLanes: lanes)
    }

    /// Runs the token-population rules over one cookie's issued values; the evidence is the first
    /// issuance in the traffic.
    private func judge(_ analysis: TokenAnalysis, samples population: TokenPopulation, into collector: inout FindingCollector) {
        let hits = rules.evaluate(analysis)
        guard !hits.isEmpty else { return }
        let first = population.inTimeOrder.first { $0.issued } ?? population.inTimeOrder.first
        let exchange = tokens?.firstIssuance(of: population)
        let evidence = Evidence(
            provenance: exchange?.provenance ?? first?.provenance ?? Provenance(input: inputs.last ?? "", location: .whole),
            time: exchange.flatMap { $0.responseTime ?? $0.requestTime } ?? first?.time,
            method: exchange?.request.method ?? "", url: exchange.map { redaction.url($0) } ?? "", status: exchange?.response?.status,
            excerpt: "the first of \(analysis.sampleCount) \(analysis.cookie) values analysed; `sessionlint tokens` shows the analysis")
        for hit in hits {
            collector.record(
                key: Finding.Key(rule: hit.rule, host: analysis.host, cookieName: analysis.cookie, cookiePath: "/"),
                severity: hit.severity, message: hit.message, isSession: true, evidence: evidence, client: nil)
        }
    }

    /// Records what judging one client's timeline came to.
    private static func record(_ judgement: TimelineJudge.Judgement, into collector: inout FindingCollector, lanes: inout [SessionLane]) {
        if let lane = judgement.lane { lanes.append(lane) }
        for occurrence in judgement.findings { collector.record(occurrence) }
    }

    /// Judges clients finished early (to keep memory bounded) on the judging thread, and records
    /// the judgements of the batch before this one: a point fixed by the traffic, so the order in
    /// which findings are recorded never depends on the threads' timing.
    private mutating func judgeLater(_ finished: [ClientTimeline]) {
        guard judgesFinishedClientsApart else {
            var judge = TimelineJudge(rules: rules, redaction: redaction, lanesDrawn: lanes.count)
            for timeline in finished { Self.record(judge.judge(timeline), into: &collector, lanes: &lanes) }
            return
        }
        let judging = self.judging ?? InOrderWorker(
            capacity: 2, state: TimelineJudge(rules: rules, redaction: redaction, lanesDrawn: lanes.count)
        ) { judge, batch in batch.map { judge.judge($0) } }
        self.judging = judging
        judging.submit(finished)
        while judging.pending > 1, let judgements = judging.next() {
            for judgement in judgements { Self.record(judgement, into: &collector, lanes: &lanes) }
        }
    }

    // MARK: - Per transaction

    mutating func inspect(_ original: HTTPTransaction, cookies: ExchangeCookies) {
        if trustForwardedFor, let forwarded = original.request.fields.first("X-Forwarded-For"),
           let first = forwarded.split(separator: ",").first.map({ String($0.trimmingHTTPWhitespace) }), !first.isEmpty {
            var rewritten = original
            rewritten.client = Endpoint(address: first)  // the proxy is trusted: the original client
            analyse(rewritten, cookies: cookies)
        } else {
            analyse(original, cookies: cookies)
        }
    }

    private mutating func analyse(_ transaction: HTTPTransaction, cookies: ExchangeCookies) {
        transactionCount += 1
        // A burst of one client's requests is counted once, without hashing its address again.
        if let client = transaction.client?.address, client != lastCountedClient {
            clients.insert(client)
            lastCountedClient = client
        }
        tokens?.add(transaction, cookies: cookies)
        // Clients finished to keep memory bounded are judged, and dropped, beside the analysis.
        if let finished = timelines?.add(transaction, cookies: cookies), !finished.isEmpty { judgeLater(finished) }
        // Most exchanges set no cookie: they are not copied into a rule context at all.
        guard cookies.set.contains(where: { if case .ignored = $0.role { false } else { true } }) else { return }
        let exchange = TransactionContext(transaction: transaction, cookies: cookies)
        inventory.add(exchange)
        for hit in rules.evaluate(exchange) {
            collector.record(
                key: Finding.Key(rule: hit.rule, host: hit.cookie.host, cookieName: hit.cookie.name, cookiePath: hit.cookie.path),
                severity: hit.severity, message: hit.message, isSession: hit.cookie.isSession,
                exchange: ExchangeEvidence(transaction, cookie: hit.cookie.cookie), client: transaction.client?.address)
        }
    }
}
