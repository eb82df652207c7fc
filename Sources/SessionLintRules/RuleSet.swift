import Foundation
import SessionLintCore
import SessionLintHTTP
import SessionLintSessions
import SessionLintTokens

/// Which rules run and how: the part of the configuration that concerns rules.
public struct RuleSelection: Sendable, Equatable {
    public var enabled: Set<RuleID> = []
    public var disabled: Set<RuleID> = []
    public var severityOverrides: [RuleID: Severity] = [:]
    public var optionOverrides: [RuleID: [String: RuleOptionValue]] = [:]

    public init() {}

    /// Opt-in rules run only when enabled; the others unless disabled.
    public func isActive(_ description: RuleDescription) -> Bool {
        if disabled.contains(description.id) { return false }
        return !description.optIn || enabled.contains(description.id)
    }
}

/// A session flaw found in a timeline, with its final severity.
public struct TimelineHit: Sendable {
    public var rule: RuleID
    public var severity: Severity
    public var message: String
    public var cookie: String
    public var step: TimelineStep
}

/// A weakness of one session cookie's issued values, with its final severity.
public struct TokenHit: Sendable {
    public var rule: RuleID
    public var severity: Severity
    public var message: String
}

/// A flaw found by a rule, with its final severity.
public struct RuleHit: Sendable, Equatable {
    public var rule: RuleID
    public var severity: Severity
    public var message: String
    public var cookie: SetCookieContext
}

/// The rules that run in one scan, each with its effective severity and options, and the one
/// place where a violation becomes a severity.
public struct RuleSet: Sendable {
    struct Active<Logic: Sendable>: Sendable {
        var logic: Logic
        var id: RuleID
        var severity: Severity
        var options: RuleOptions
    }

    private var setCookieRules: [Active<any SetCookieRule>] = []
    private var transactionRules: [Active<any TransactionRule>] = []
    private var customRules: [Active<CustomRule>] = []
    private var timelineRules: [Active<any TimelineRule>] = []
    private var tokenRules: [Active<any TokenRule>] = []

    /// `catalogue` must describe the custom rules too (`RuleCatalogue.adding(_:)`).
    public init(catalogue: RuleCatalogue, selection: RuleSelection, customRules custom: [CustomRule] = []) throws(InputError) {
        func activate<Logic>(_ logic: Logic, id: RuleID) throws(InputError) -> Active<Logic>? {
            guard let description = catalogue.description(of: id) else {
                throw InputError(file: "rules/\(id).yaml", message: "rule \(id) has logic but no description")
            }
            guard selection.isActive(description) else { return nil }
            return Active(
                logic: logic, id: id, severity: selection.severityOverrides[id] ?? description.severity,
                options: RuleOptions(specs: description.options, overrides: selection.optionOverrides[id] ?? [:]))
        }
        for type in RuleRegistry.setCookieRules {
            if let active = try activate(type.init() as any SetCookieRule, id: type.id) { setCookieRules.append(active) }
        }
        for type in RuleRegistry.transactionRules {
            if let active = try activate(type.init() as any TransactionRule, id: type.id) { transactionRules.append(active) }
        }
        for rule in custom {
            if let active = try activate(rule, id: rule.description.id) { customRules.append(active) }
        }
        for type in RuleRegistry.timelineRules {
            if let active = try activate(type.init() as any TimelineRule, id: type.id) { timelineRules.append(active) }
        }
        for type in RuleRegistry.tokenRules {
            if let active = try activate(type.init() as any TokenRule, id: type.id) { tokenRules.append(active) }
        }
    }

    public var activeIDs: [RuleID] {
        setCookieRules.map(\.id) + transactionRules.map(\.id) + customRules.map(\.id) + timelineRules.map(\.id) + tokenRules.map(\.id)
    }

    /// Whether any rule judges session ID populations (so they are only gathered when used).
    public var needsTokens: Bool { !tokenRules.isEmpty }

    /// Token-population rules over one cookie's issued values.
    public func evaluate(_ analysis: TokenAnalysis) -> [TokenHit] {
        tokenRules.flatMap { rule in
            rule.logic.check(analysis, options: rule.options).map {
                TokenHit(rule: rule.id, severity: rule.severity.lowered(by: $0.demotion), message: $0.message)
            }
        }
    }

    /// Whether any rule needs timelines (so they are only built when used).
    public var needsTimelines: Bool { !timelineRules.isEmpty }

    /// The shortest idle or lifetime limit a timeline rule judges, so timeline compaction can
    /// stay well inside it.
    public var shortestTimelineWindow: TimeInterval? {
        timelineRules.flatMap { [$0.options.duration("max-idle"), $0.options.duration("max-lifetime")] }.compactMap { $0 }.min()
    }

    /// Timeline rules over one client's history.
    /// The loops below reach each rule and cookie by index, in place: a `for` loop copies the
    /// element (its existential logic, its ID and its options table, each retained and then
    /// released), for every rule on every cookie and every finished timeline of a day of logs.
    public func evaluate(_ timeline: ClientTimeline) -> [TimelineHit] {
        var hits: [TimelineHit] = []
        for index in timelineRules.indices {
            for violation in timelineRules[index].logic.check(timeline, options: timelineRules[index].options) {
                hits.append(TimelineHit(rule: timelineRules[index].id, severity: timelineRules[index].severity.lowered(by: violation.demotion),
                                        message: violation.message, cookie: violation.cookieName, step: violation.step))
            }
        }
        return hits
    }

    public func evaluate(_ exchange: TransactionContext) -> [RuleHit] {
        var hits: [RuleHit] = []
        for cookie in exchange.cookies {  // one copy per cookie; each rule then borrows it
            for index in setCookieRules.indices {
                if let violation = setCookieRules[index].logic.check(cookie, options: setCookieRules[index].options) {
                    hits.append(hit(violation, cookie: cookie, rule: setCookieRules[index].id, base: setCookieRules[index].severity))
                }
            }
            // A team's policy means what it says for every cookie it covers: no grading.
            for index in customRules.indices {
                if let violation = customRules[index].logic.violation(cookie) {
                    hits.append(RuleHit(rule: customRules[index].id, severity: customRules[index].severity, message: violation.message, cookie: cookie))
                }
            }
        }
        for index in transactionRules.indices {
            for violation in transactionRules[index].logic.check(exchange, options: transactionRules[index].options) {
                guard let cookie = violation.cookie else { continue }
                hits.append(hit(violation, cookie: cookie, rule: transactionRules[index].id, base: transactionRules[index].severity))
            }
        }
        return hits
    }

    /// A session cookie's flaw ranks at the rule's severity; the same flaw on any other cookie
    /// ranks one level lower, on top of the rule's own grading.
    private func hit(_ violation: Violation, cookie: SetCookieContext, rule: RuleID, base: Severity) -> RuleHit {
        RuleHit(rule: rule, severity: base.lowered(by: violation.demotion + (cookie.isSession ? 0 : 1)),
                message: violation.message, cookie: cookie)
    }
}

extension TransactionContext {
    /// Parses and classifies every Set-Cookie of the response; ignored cookies are left out.
    /// Lifetimes are measured from the response's Date header, else the recorded time.
    public init(transaction: HTTPTransaction, classifier: CookieClassifier) {
        self.init(transaction: transaction, cookies: ExchangeCookies(transaction, classifier: classifier))
    }

    /// From cookies already parsed and classified.
    public init(transaction: HTTPTransaction, cookies parsed: ExchangeCookies) {
        var cookies: [SetCookieContext] = []
        if let response = transaction.response, !parsed.set.isEmpty {
            let receivedAt = response.fields.first("Date").flatMap(CookieDate.parse)
                ?? transaction.responseTime ?? transaction.requestTime
            let requestPath = transaction.request.path
            for set in parsed.set {
                if case .ignored = set.role { continue }
                cookies.append(SetCookieContext(
                    cookie: set.cookie, role: set.role, host: transaction.request.host, scheme: transaction.scheme,
                    requestPath: requestPath, receivedAt: receivedAt))
            }
        }
        self.init(transaction: transaction, cookies: cookies)
    }
}
