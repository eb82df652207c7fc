import Foundation
import Mustache
import SessionLintCore

/// The report for people (issue 8): one self-contained HTML file, no script and nothing fetched,
/// readable on a screen, a phone and paper. Every value from the traffic reaches the page through
/// a Mustache `{{…}}` tag, which escapes `< > & " '`, so a cookie named `<script>` stays text,
/// in element content and in attribute values alike. Secret values were redacted before the
/// report was built, as in every other format.
public struct HTMLReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        // The template is a constant checked by the tests; a parse error is a programming error.
        guard let template = try? MustacheTemplate(string: HTMLTemplate.page) else { return "" }
        // The template escapes HTML; control characters from the traffic (a cookie name with an
        // ANSI escape) are not markup, and are shown as `\x1B` like everywhere else.
        return visibleControlCharacters(template.render(HTMLPage(report)), keepingLineBreaks: true)
    }
}

/// The page's content, shaped for the template: plain values, arrays and flags only. Text that
/// may be missing is an optional, never "": the template engine counts an empty string as
/// present.
struct HTMLPage {
    struct SeverityCount { let name: String; let count: Int }
    struct EvidenceView { let label: String; let location: String; let request: String; let excerpt: String? }
    struct FindingView {
        let host: String, cookie: String, message: String, occurrences: String
        let clients: String?
        let evidence: [EvidenceView]
        let status: String
    }
    struct RuleGroup {
        let id: String, name: String, severity: String, summary: String, why: String, description: String
        /// The rule's documentation page, for built-in rules.
        let documentation: String?
        /// The fixes for the frameworks recognised (all of them when none was).
        let fixes: [Fix]
        let otherFixes: [Fix]
        let references: String?
        let findings: [FindingView]
        let count: Int
    }
    struct Fix { let framework: String; let text: String; let detected: Bool }
    struct SeverityGroup { let name: String; let rules: [RuleGroup] }
    struct InventoryRow {
        let name: String, path: String, domain: String, session: Bool, role: String, secure: Bool, httpOnly: Bool
        let sameSite: String, lifetime: String, timesSet: String, firstSet: String, inconsistent: Bool
    }
    struct HostInventory { let host: String; let rows: [InventoryRow] }
    struct Note { let location: String; let message: String }

    let title = "sessionlint report"
    let version = SessionLintVersion.current
    let summaryLine: String
    let grade: String
    let gradeExplanation: String
    let counts: [SeverityCount]
    let hasFindings: Bool
    let severities: [SeverityGroup]
    let frameworks: String?
    let inventory: [HostInventory]
    let hasInventory: Bool
    let tokens: [TokenView]
    let tokensNotShown: String?
    let lanes: [LaneView]
    let inputs: [String]
    let warnings: [Note]
    let inputErrors: [Note]
    let configurationNotes: [Note]
    let acceptedFindings: String?

    init(_ report: Report) {
        summaryLine = report.summaryLine
        let open = report.openFindings
        (grade, gradeExplanation) = Self.grade(open)
        counts = Severity.allCases.reversed().map { SeverityCount(name: $0.rawValue, count: report.count($0)) }
        hasFindings = !open.isEmpty
        let detected = FrameworkGuess.frameworks(in: report.inventory)
        frameworks = detected.isEmpty ? nil : detected.joined(separator: ", ")
        severities = Severity.allCases.reversed().compactMap { severity in
            let ofSeverity = open.filter { $0.severity == severity }
            guard !ofSeverity.isEmpty else { return nil }
            let byRule = Dictionary(grouping: ofSeverity, by: \.rule)
            let rules = byRule.keys.sorted { $0.rawValue < $1.rawValue }.map { id in
                Self.group(id, findings: byRule[id] ?? [], severity: severity, description: report.rules[id], detected: detected,
                           documentation: RuleDocumentation.url(for: id, in: report))
            }
            return SeverityGroup(name: severity.rawValue, rules: rules)
        }
        let byHost = Dictionary(grouping: report.inventory, by: \.host)
        inventory = byHost.keys.sorted().map { host in HostInventory(host: host, rows: (byHost[host] ?? []).map(Self.row)) }
        hasInventory = !report.inventory.isEmpty
        tokens = TokenView.views(report.tokenAnalyses)
        lanes = report.sessionLanes.map(LaneView.init)
        tokensNotShown = report.tokenAnalyses.count > TokenView.maximumShown
            ? "\(report.tokenAnalyses.count - TokenView.maximumShown) more session cookies were analysed; `sessionlint tokens` shows them all." : nil
        inputs = report.inputs
        warnings = report.warnings.map { Note(location: $0.provenance.description, message: $0.message) }
        inputErrors = report.inputErrors.map { Note(location: $0.file, message: $0.description) }
        configurationNotes = report.configurationNotes.map { Note(location: $0.provenance.description, message: $0.message) }
        let accepted = report.baselinedCount + report.suppressedCount
        acceptedFindings = accepted == 0 ? nil : "\(plural(report.baselinedCount, "baselined finding")) and \(plural(report.suppressedCount, "suppressed finding")) are not shown."
    }

    /// A letter an audience reads at a glance: the worst open finding decides it.
    static func grade(_ open: [Finding]) -> (String, String) {
        guard let worst = open.map(\.severity).max() else { return ("A", "no findings") }
        return switch worst {
        case .critical: ("F", "at least one critical finding")
        case .high: ("D", "high findings, none critical")
        case .medium: ("C", "medium findings, nothing worse")
        case .low: ("B", "low findings only")
        case .info: ("A", "notes only")
        }
    }

    private static func group(_ id: RuleID, findings: [Finding], severity: Severity, description: RuleDescription?, detected: [String],
                              documentation: String?) -> RuleGroup {
        let fixes = (description?.remediation ?? []).map { Fix(framework: $0.framework, text: $0.text, detected: detected.contains($0.framework)) }
        // The fixes for the frameworks seen, the rest folded away; all of them when none was recognised.
        let recognised = fixes.contains(where: \.detected)
        let shown = recognised ? fixes.filter(\.detected) : fixes
        let others = recognised ? fixes.filter { !$0.detected } : []
        let references = description.map { d in
            (d.references.cwe.map { "CWE-\($0)" } + d.references.asvs.map { "ASVS \($0)" } + d.references.rfc + d.references.other).joined(separator: " · ")
        }.flatMap { $0.isEmpty ? nil : $0 }
        return RuleGroup(
            id: id.rawValue, name: description?.name ?? id.rawValue, severity: severity.rawValue, summary: description?.summary ?? "",
            why: description?.severityReasoning ?? "", description: description?.description ?? "", documentation: documentation,
            fixes: shown, otherFixes: others,
            references: references, findings: findings.map(Self.finding), count: findings.count)
    }

    private static func finding(_ finding: Finding) -> FindingView {
        var evidence = [EvidenceView(label: finding.occurrences == 1 ? "seen at" : "first at", location: finding.first.provenance.description,
                                     request: request(finding.first), excerpt: finding.first.excerpt.isEmpty ? nil : finding.first.excerpt)]
        if finding.occurrences > 1, finding.last != finding.first {
            evidence.append(EvidenceView(label: "last at", location: finding.last.provenance.description, request: request(finding.last), excerpt: finding.last.excerpt.isEmpty ? nil : finding.last.excerpt))
        }
        return FindingView(
            host: finding.key.host, cookie: finding.key.cookieName + (finding.key.cookiePath == "/" ? "" : " (path \(finding.key.cookiePath))"),
            message: finding.message, occurrences: finding.occurrences == 1 ? "once" : "\(finding.occurrences) times",
            clients: finding.clients.isEmpty ? nil : finding.clients.prefix(5).joined(separator: ", ") + (finding.clients.count > 5 ? ", …" : ""),
            evidence: evidence, status: finding.status.name)
    }

    private static func request(_ evidence: Evidence) -> String {
        [evidence.method, evidence.url, evidence.status.map { "→ \($0)" } ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
    }

    private static func row(_ entry: CookieInventoryEntry) -> InventoryRow {
        InventoryRow(
            name: entry.name, path: entry.path, domain: entry.domain ?? "", session: entry.isSession, role: entry.role,
            secure: entry.secure, httpOnly: entry.httpOnly, sameSite: entry.sameSite ?? "—",
            lifetime: lifetime(entry.lifetimeSeconds),
            timesSet: entry.timesSetOverHTTP > 0 ? "\(entry.timesSet) (\(entry.timesSetOverHTTP) over HTTP)" : "\(entry.timesSet)",
            firstSet: "\(entry.firstSet.description): \(entry.firstSetRequest)", inconsistent: entry.attributeVariants > 1)
    }

    static func lifetime(_ seconds: Double?) -> String {
        guard let seconds else { return "browser session" }
        return seconds > 0 ? HumanDuration.humanReadable(seconds: seconds) : "deleted"
    }
}

/// Which frameworks the traffic comes from, told by the cookies they set, so each finding's fix
/// for that framework comes first (the rule files' remediation keys).
enum FrameworkGuess {
    static func frameworks(in inventory: [CookieInventoryEntry]) -> [String] {
        var found: [String] = []
        func add(_ framework: String) { if !found.contains(framework) { found.append(framework) } }
        for entry in inventory {
            let name = entry.name, lower = entry.name.lowercased()
            if lower == "sessionid" || lower == "csrftoken" || entry.role.contains("Django") { add("django") }
            if name == "PHPSESSID" || lower == "laravel_session" || lower == "xsrf-token" { add("php") }
            if name == "JSESSIONID" || name == "SESSION" { add("spring") }
            if lower == "connect.sid" || entry.role.contains("Express") { add("express") }
            if entry.role.contains("Flask") || entry.role.contains("itsdangerous") || lower == "remember_token" { add("flask") }
            if lower.hasPrefix("_") && lower.hasSuffix("_session") { add("rails") }
            if name.hasPrefix(".AspNetCore.") || name == "ASP.NET_SessionId" || name == ".ASPXAUTH" { add("aspnet") }
        }
        return found
    }
}
