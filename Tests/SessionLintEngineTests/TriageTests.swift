import Foundation
import Testing
import SessionLintCore
import SessionLintRules
@testable import SessionLintEngine

func finding(_ rule: RuleID, host: String = "shop.example.com", cookie: String = "sid", path: String = "/", severity: Severity = .medium) -> Finding {
    let evidence = Evidence(provenance: Provenance(input: "a.har", location: .harEntry(index: 0)), time: nil, method: "GET", url: "/", excerpt: "x")
    return Finding(key: Finding.Key(rule: rule, host: host, cookieName: cookie, cookiePath: path), severity: severity,
                   message: "m", isSessionCookie: true, occurrences: 1, first: evidence, last: evidence, clients: [])
}

func suppression(_ rule: RuleID, host: String? = nil, cookie: String? = nil, path: String? = nil, expires: String? = nil, line: Int = 3) -> Suppression {
    Suppression(rule: rule, host: host.map { Glob($0, caseInsensitive: true) }, cookie: cookie.map { Glob($0) }, path: path,
                reason: "accepted", expires: expires.flatMap(CalendarDay.init), source: Provenance(input: ".sessionlint.yml", location: .line(number: line)))
}

struct TriageTests {
    let today = CalendarDay("2026-11-26")!

    @Test func suppressionsMatchRuleHostCookieAndPath() {
        let triage = FindingTriage(suppressions: [suppression("cookie-missing-secure", host: "*.EXAMPLE.com", cookie: "s*", path: "/")], baseline: nil, today: today)
        let (findings, notes) = triage.apply(to: [
            finding("cookie-missing-secure"),
            finding("cookie-missing-secure", host: "example.org"),
            finding("cookie-missing-secure", path: "/app"),
            finding("cookie-missing-httponly"),
        ])
        #expect(findings.map(\.status.name) == ["suppressed", "open", "open", "open"])
        #expect(notes.isEmpty)
    }

    @Test func expiredAndUnusedSuppressionsAreReported() {
        let triage = FindingTriage(suppressions: [
            suppression("cookie-missing-secure", expires: "2026-11-25", line: 4),  // lapsed yesterday
            suppression("cookie-missing-secure", expires: "2026-11-26", line: 9),  // still good today
            suppression("cookie-too-large", line: 14),                            // matches nothing
        ], baseline: nil, today: today)
        let (findings, notes) = triage.apply(to: [finding("cookie-missing-secure")])
        #expect(findings.first?.status == .suppressed(reason: "accepted", source: Provenance(input: ".sessionlint.yml", location: .line(number: 9))))
        #expect(notes.map(\.provenance.line) == [4, 14])
        #expect(notes[0].message.contains("expired on 2026-11-25"))
        #expect(notes[1].message.contains("matched no finding"))
    }

    @Test func baselineMatchingIsCountAware() {
        let accepted = finding("cookie-missing-secure")
        let baseline = Baseline(findings: [accepted])
        let triage = FindingTriage(suppressions: [], baseline: baseline, today: today)
        // The same fingerprint twice (as two inputs with identical keys could produce): one is new.
        let (findings, _) = triage.apply(to: [accepted, accepted, finding("cookie-missing-httponly")])
        #expect(findings.map(\.status.name) == ["baselined", "open", "open"])
    }

    @Test func fingerprintsIgnoreValuesTimesAndPlaces() {
        var a = finding("cookie-missing-secure")
        var b = finding("cookie-missing-secure")
        a.first = Evidence(provenance: Provenance(input: "x.har", location: .harEntry(index: 9), line: 300), time: Date(), method: "POST", url: "/login", excerpt: "Set-Cookie: sid=1")
        b.occurrences = 40
        #expect(a.key.fingerprint == b.key.fingerprint)
        #expect(a.key.fingerprint != finding("cookie-missing-secure", cookie: "sid2").key.fingerprint)
        #expect(a.key.fingerprint.hasPrefix("v1:") && a.key.fingerprint.count == 19)
        // Pinned: a fingerprint must never change for the same key, or old baselines stop matching.
        #expect(Finding.Key(rule: "cookie-missing-secure", host: "127.0.0.1", cookieName: "sessionid", cookiePath: "/").fingerprint
                == fnv1a64Reference("cookie-missing-secure\u{1F}127.0.0.1\u{1F}sessionid\u{1F}/"))
    }

    /// An independent FNV-1a 64 (the published offset basis and prime), to pin the recipe.
    private func fnv1a64Reference(_ text: String) -> String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return "v1:" + String(format: "%016llx", hash)
    }

    @Test func baselineFileRoundTrips() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baseline-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let baseline = Baseline(findings: [finding("cookie-missing-secure"), finding("cookie-too-large", cookie: "big")])
        try baseline.write(to: path)
        #expect(try Baseline(contentsOf: path) == baseline)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#""sessionlintBaseline" : 1"#))
        #expect(text.contains(#""rule" : "cookie-too-large""#))
    }

    @Test func badBaselineFilesAreNamed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-baseline-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"findings": 3}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: InputError(file: path, message: "not a sessionlint baseline (write one with --write-baseline)")) {
            try Baseline(contentsOf: path)
        }
        #expect(throws: InputError(file: "/nonexistent/b.json", message: "baseline file not found")) {
            try Baseline(contentsOf: "/nonexistent/b.json")
        }
    }

    @Test func calendarDays() {
        #expect(CalendarDay("2027-01-31") != nil)
        #expect(CalendarDay("2027-1-31") == nil)
        #expect(CalendarDay("2027-13-01") == nil)
        #expect(CalendarDay("tomorrow") == nil)
        #expect(CalendarDay(Date(timeIntervalSince1970: 1_709_287_200)).description == "2024-03-01")
    }
}

struct ConfigurationCIKeysTests {
    let catalogue: RuleCatalogue

    init() throws { catalogue = try RuleCatalogue.builtIn() }

    @Test func readsSuppressionsBaselineAndSessionSettings() throws {
        let yaml = """
            suppressions:
              - rule: cookie-missing-secure
                host: "*.internal.example.com"
                cookie: debug_*
                path: /
                reason: internal-only host, no TLS by design
                expires: 2027-06-30
            baseline: ci/baseline.json
            rules-dir: policy
            login:
              paths: ["/account/logon"]
              methods: [post]
            client-key: ip
            assume-scheme: https
            log-format: sessionlint-apache
            trust-forwarded-for: true
            json-log-fields:
              method: http.method
              status: http.status
            """
        let config = try Configuration(yaml: yaml, file: "/repo/.sessionlint.yml", catalogue: catalogue)
        let suppression = try #require(config.suppressions.first)
        #expect(suppression.rule == "cookie-missing-secure")
        #expect(suppression.reason == "internal-only host, no TLS by design")
        #expect(suppression.expires == CalendarDay("2027-06-30"))
        #expect(suppression.source == Provenance(input: "/repo/.sessionlint.yml", location: .line(number: 2)))
        #expect(suppression.matches(Finding.Key(rule: "cookie-missing-secure", host: "ci.internal.example.com", cookieName: "debug_toolbar", cookiePath: "/")))
        #expect(config.baselinePath == "/repo/ci/baseline.json")
        #expect(config.customRulesDirectory == "/repo/policy")
        #expect(config.login.matches(method: "POST", path: "/Account/LogOn"))
        #expect(!config.login.matches(method: "GET", path: "/account/logon"))
        #expect(config.logout == RequestPattern.defaultLogout)
        #expect(config.clientKey == .ip)
        #expect(config.assumedScheme == .https)
        #expect(config.logFormat == "sessionlint-apache")
        #expect(config.trustForwardedFor)
        #expect(config.jsonLogFields?.method == "http.method" && config.jsonLogFields?.status == "http.status")
    }

    @Test(arguments: [
        ("suppressions:\n  - rule: cookie-missing-secure\n", 2, 5, "a suppression needs a reason"),
        ("suppressions:\n  - rule: cookie-missing-secure\n    reason: \"  \"\n", 2, 5, "a suppression needs a reason"),
        ("suppressions:\n  - rule: no-such-rule\n    reason: x\n", 2, 11, "unknown rule \"no-such-rule\""),
        ("suppressions:\n  - rule: cookie-too-large\n    reason: x\n    expires: soon\n", 4, 14, "expires must be a date like 2027-01-31"),
        ("suppressions:\n  - rule: cookie-too-large\n    reason: x\n    until: 2027-01-01\n", 4, 5, "unknown key \"until\" in a suppression"),
        ("client-key: mac\n", 1, 13, "client-key must be one of ip, ip-user-agent, user-agent"),
        ("assume-scheme: ftp\n", 1, 16, "assume-scheme must be http, https or unknown"),
        ("login:\n  methods: [POST]\n", 2, 3, "login needs paths"),
        ("log-format: \"%h %Z\"\n", 1, 13, "unknown Apache format directive %Z"),
        ("json-log-fields:\n  verb: x\n", 2, 3, "unknown key \"verb\" in json-log-fields"),
    ])
    func mistakesAreNamed(yaml: String, line: Int, column: Int, message: String) {
        do {
            _ = try Configuration(yaml: yaml, file: "c.yml", catalogue: catalogue)
            Issue.record("expected an error")
        } catch {
            #expect(error.place == .lineColumn(line: line, column: column), "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func starterConfigurationParsesToTheDefaults() throws {
        let config = try Configuration(yaml: StarterConfiguration.text, file: ".sessionlint.yml", catalogue: catalogue)
        #expect(config.failOn == .severity(.low))
        #expect(config.rules == RuleSelection())
        #expect(config.suppressions.isEmpty)
        #expect(config.clientKey == .ipUserAgent)
        #expect(config.login.matches(method: "POST", path: "/accounts/login/"))
        #expect(config.logout.matches(method: "POST", path: "/accounts/logout/"))
    }
}
