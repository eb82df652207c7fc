import Foundation
import Testing
import SessionLintCore
import SessionLintHTTP
import SessionLintRules
import SessionLintSources
import SessionLintTokens
@testable import SessionLintEngine

enum Paths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let djangoExample = packageRoot.appendingPathComponent("examples/django-tutorial.har").path
    static let corpusHAR = packageRoot.appendingPathComponent("../shared/corpus/har").standardized
    static var corpusAvailable: Bool { FileManager.default.fileExists(atPath: corpusHAR.path) }
}

func scan(_ paths: [String], configuration: Configuration = Configuration(), showValues: Bool = false) throws -> ScanResult {
    var scanner = try TrafficScanner(catalogue: try RuleCatalogue.builtIn(), configuration: configuration, showValues: showValues)
    for path in paths { try scanner.scan(try InputOpener.open(path: path, kind: nil)) }
    return scanner.result()
}

/// The Django example: a stock Django 5 app over plain HTTP, driven through mitmproxy
/// (examples/django-app). Verdicts checked by hand against the Set-Cookie headers in the HAR.
struct DjangoExampleTests {
    let findings: [Finding]

    init() throws { findings = try scan([Paths.djangoExample]).findings }

    func has(_ rule: RuleID, _ cookie: String) -> Bool {
        findings.contains { $0.rule == rule && $0.key.cookieName == cookie }
    }

    @Test func userNameLacksHttpOnlySecureAndSameSite() {
        #expect(has("cookie-missing-httponly", "user_name"))
        #expect(has("cookie-missing-secure", "user_name"))
        #expect(has("cookie-missing-samesite", "user_name"))
    }

    @Test func sessionAndCSRFCookiesLackSecure() {
        #expect(has("cookie-missing-secure", "sessionid"))
        #expect(has("cookie-missing-secure", "csrftoken"))
        let session = findings.first { $0.rule == "cookie-missing-secure" && $0.key.cookieName == "sessionid" }
        let csrf = findings.first { $0.rule == "cookie-missing-secure" && $0.key.cookieName == "csrftoken" }
        #expect(session?.severity == .medium)   // session cookie over plain HTTP
        #expect(csrf?.severity == .low)         // one level lower: not a session cookie
        #expect(session?.occurrences == 2)      // first visit, then the login rotation
        #expect(session?.isSessionCookie == true)
    }

    @Test func nothingAboutWhatDjangoGetsRight() {
        #expect(!has("cookie-missing-httponly", "sessionid"))
        #expect(!has("cookie-missing-samesite", "sessionid"))
        #expect(!has("cookie-missing-samesite", "csrftoken"))
        #expect(!has("cookie-malformed", "sessionid"))
    }

    @Test func logoutDeletionRaisesNothing() {
        // Entry 8 is the logout: sessionid=""; expires=1970; Max-Age=0; no HttpOnly.
        let fromLogout = findings.filter { $0.first.provenance.location == .harEntry(index: 8) || $0.last.provenance.location == .harEntry(index: 8) }
        #expect(fromLogout.isEmpty, "\(fromLogout.map(\.message))")
    }

    @Test func valuesAreRedacted() throws {
        let session = try #require(findings.first { $0.key.cookieName == "sessionid" })
        #expect(session.first.excerpt.hasPrefix("Set-Cookie: sessionid=<redacted 32 bytes>; expires="))
        #expect(!findings.contains { $0.first.excerpt.contains("w9yyxfiatxr2gp1yniejf0ihhvmcukk1") })
    }

    @Test func showValuesShowsThem() throws {
        let shown = try scan([Paths.djangoExample], showValues: true).findings
        #expect(shown.contains { $0.first.excerpt.contains("sessionid=w9yyxfiatxr2gp1yniejf0ihhvmcukk1") })
    }

    @Test func configurationChangesVerdicts() throws {
        var configuration = Configuration()
        configuration.rules.disabled = ["cookie-missing-samesite"]
        configuration.rules.severityOverrides = ["cookie-missing-secure": .critical]
        configuration.ignoredCookies = ["user_name"]
        configuration.sessionCookies = ["csrftoken"]
        let findings = try scan([Paths.djangoExample], configuration: configuration).findings
        #expect(!findings.contains { $0.rule == "cookie-missing-samesite" })
        #expect(!findings.contains { $0.key.cookieName == "user_name" })
        #expect(findings.first { $0.rule == "cookie-missing-secure" && $0.key.cookieName == "csrftoken" }?.severity == .high)
        #expect(findings.first { $0.rule == "cookie-missing-secure" && $0.key.cookieName == "sessionid" }?.severity == .high)
    }
}

struct CorpusScanTests {
    @Test(.enabled(if: Paths.corpusAvailable, "../shared/corpus is absent"))
    func everyCorpusHARScansWithoutError() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Paths.corpusHAR.path).filter { $0.hasSuffix(".har") }
        let result = try scan(names.map { Paths.corpusHAR.appendingPathComponent($0).path })
        #expect(result.inputs.count == names.count)
        #expect(result.transactionCount == 414)  // 145+3+1+40+7+174+23+21 entries
        // Values never leak: the Incapsula session value from the ArcelorMittal HAR.
        #expect(!result.findings.contains { $0.first.excerpt.contains("ucffNsWQWjhdxqM") || $0.last.excerpt.contains("ucffNsWQWjhdxqM") })
    }

    /// LinkedIn 2016 (Firefox export): JSESSIONID lacks Secure over HTTPS (high), the control
    /// byte in ArcelorMittal's Incapsula cookies makes browsers drop them.
    @Test(.enabled(if: Paths.corpusAvailable, "../shared/corpus is absent"))
    func verdictsOnRealSites() throws {
        let linkedIn = try scan([Paths.corpusHAR.appendingPathComponent("pagexray-linkedin.har").path]).findings
        let jsession = linkedIn.first { $0.rule == "cookie-missing-secure" && $0.key.cookieName == "JSESSIONID" }
        #expect(jsession?.severity == .high)
        #expect(linkedIn.contains { $0.rule == "cookie-domain-too-broad" && $0.key.cookieName == "bcookie" && $0.key.host == "www.linkedin.com" })
        #expect(!linkedIn.contains { $0.rule == "cookie-domain-too-broad" && $0.key.cookieName == "JSESSIONID" })  // Domain=.www.linkedin.com is the host

        let arcelor = try scan([Paths.corpusHAR.appendingPathComponent("pagexray-arcelormittal.com.har").path]).findings
        let malformed = arcelor.first { $0.rule == "cookie-malformed" && $0.key.cookieName == "___utmvaoyuasaE" }
        #expect(malformed?.message.contains("control characters") == true)
        #expect(!arcelor.contains { $0.key.cookieName == "AWSELB" })  // load balancer: ignored by default
    }
}

struct FindingCollectorTests {
    @Test func groupsByRuleHostCookieAndPath() {
        var collector = FindingCollector()
        func evidence(_ n: Int) -> Evidence {
            Evidence(provenance: Provenance(input: "a", location: .line(number: n)), time: nil, method: "GET", url: "/", excerpt: "x")
        }
        let key = Finding.Key(rule: "r", host: "h", cookieName: "c", cookiePath: "/")
        collector.record(key: key, severity: .low, message: "m1", isSession: false, evidence: evidence(1), client: "10.0.0.1")
        collector.record(key: key, severity: .medium, message: "m2", isSession: false, evidence: evidence(2), client: "10.0.0.2")
        collector.record(key: key, severity: .low, message: "m3", isSession: false, evidence: evidence(3), client: "10.0.0.1")
        collector.record(key: Finding.Key(rule: "r", host: "h", cookieName: "c", cookiePath: "/app"), severity: .info,
                         message: "other path", isSession: false, evidence: evidence(4), client: nil)
        let findings = collector.sorted
        #expect(findings.count == 2)
        #expect(findings[0].occurrences == 3)
        #expect(findings[0].severity == .medium)
        #expect(findings[0].message == "m2")
        #expect(findings[0].first.provenance.location == .line(number: 1))
        #expect(findings[0].last.provenance.location == .line(number: 3))
        #expect(findings[0].clients == ["10.0.0.1", "10.0.0.2"])
        #expect(findings[1].key.cookiePath == "/app")
    }

    /// A finding seen in exchanges reports the first and the last of them, redacted, whether or
    /// not its evidence was built when it was recorded.
    @Test func lastExchangeEvidenceIsBuiltForTheReport() {
        func exchange(_ line: Int, target: String, value: String) -> ExchangeEvidence {
            let transaction = HTTPTransaction(
                request: HTTPRequest(method: "GET", target: target, host: "shop.example.com", fields: HTTPFields()),
                response: HTTPResponse(status: 200, fields: HTTPFields()), requestTime: nil, responseTime: nil,
                client: nil, server: Endpoint(address: "shop.example.com", port: 8443), scheme: .https,
                provenance: Provenance(input: "a.log", location: .line(number: line)))
            return ExchangeEvidence(transaction, cookie: SetCookie("sid=\(value); Path=/; HttpOnly"))
        }
        var collector = FindingCollector()
        let key = Finding.Key(rule: "cookie-missing-secure", host: "shop.example.com", cookieName: "sid", cookiePath: "/")
        for (line, target, value) in [(1, "/login?next=/a", "first-value"), (2, "/", "second"), (3, "/cart?id=7", "third-value-x")] {
            collector.record(key: key, severity: .medium, message: "m", isSession: true, exchange: exchange(line, target: target, value: value), client: nil)
        }
        let finding = collector.sorted[0]
        #expect(finding.occurrences == 3)
        #expect(finding.first.provenance.location == .line(number: 1))
        #expect(finding.first.url == "https://shop.example.com:8443/login?<query redacted>")
        #expect(finding.first.excerpt == "Set-Cookie: sid=<redacted 11 bytes>; Path=/; HttpOnly")
        #expect(finding.last.provenance.location == .line(number: 3))
        #expect(finding.last.url == "https://shop.example.com:8443/cart?<query redacted>")
        #expect(finding.last.excerpt == "Set-Cookie: sid=<redacted 13 bytes>; Path=/; HttpOnly")
        // Evidence given built replaces the one waiting to be built.
        let built = Evidence(provenance: Provenance(input: "b.har", location: .whole), time: nil, method: "POST", url: "u", excerpt: "e")
        collector.record(key: key, severity: .medium, message: "m", isSession: true, evidence: built, client: nil)
        #expect(collector.sorted[0].last == built)
    }
}

/// More real recordings (examples/flask-app, examples/php-app), stock framework defaults over
/// plain HTTP; verdicts checked by hand against the headers in each HAR.
struct OtherFrameworkExampleTests {
    static let root = Paths.packageRoot.appendingPathComponent("examples")

    func findings(_ file: String) throws -> [Finding] {
        try scan([Self.root.appendingPathComponent(file).path]).findings
    }

    @Test func flaskSignedCookieSession() throws {
        let all = try findings("flask-session.har")
        let rules = Set(all.filter { $0.key.cookieName == "session" }.map(\.rule.rawValue))
        // session=<signed>; HttpOnly; Path=/ — then Expires 31 days out once `session.permanent`.
        // And it is itsdangerous-signed JSON ("eyJ…"): readable by the client, reported as info.
        #expect(rules == ["cookie-missing-secure", "cookie-missing-samesite", "session-cookie-persistent", "cookie-readable-client-state"])
        #expect(all.first { $0.rule == "session-cookie-persistent" }?.severity == .medium)  // 31 days > 30
        #expect(all.first { $0.rule == "cookie-readable-client-state" }?.severity == .info)
        // theme=dark; Path=/; SameSite=Lax — a preference cookie.
        #expect(Set(all.filter { $0.key.cookieName == "theme" }.map(\.rule.rawValue)) == ["cookie-missing-secure", "cookie-missing-httponly"])
        // Logout: session=; Expires=1970; Max-Age=0; HttpOnly; Path=/ (entry 5) raises nothing.
        #expect(!all.contains { $0.first.provenance.location == .harEntry(index: 5) })
    }

    @Test func phpDefaultSession() throws {
        let all = try findings("php-session.har")
        let session = all.filter { $0.key.cookieName == "PHPSESSID" }
        // PHPSESSID=<id>; path=/ — php.ini defaults set none of the three attributes.
        #expect(Set(session.map(\.rule.rawValue)) == ["cookie-missing-httponly", "cookie-missing-secure", "cookie-missing-samesite"])
        #expect(session.first { $0.rule == "cookie-missing-httponly" }?.severity == .medium)
        #expect(session.first { $0.rule == "cookie-missing-secure" }?.occurrences == 3)  // first visit, login, after logout
        // lang=en for 500 days: beyond the 400-day cap.
        #expect(all.contains { $0.rule == "cookie-expiry-too-long" && $0.key.cookieName == "lang" && $0.message.contains("500 days") })
        // PHPSESSID=deleted; expires=1970; Max-Age=0 at logout (entry 4) raises nothing.
        #expect(!all.contains { $0.first.provenance.location == .harEntry(index: 4) || $0.last.provenance.location == .harEntry(index: 4) })
    }
}

struct ForwardedForTests {
    struct OneTransaction: TransactionSource {
        let inputName = "proxy.log"
        func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
            onTransaction(HTTPTransaction(
                request: HTTPRequest(method: "GET", target: "/", host: "a.example",
                                     fields: HTTPFields([("X-Forwarded-For", "203.0.113.9, 10.0.0.2")])),
                response: HTTPResponse(status: 200, fields: HTTPFields([("Set-Cookie", "sid=1")])),
                requestTime: nil, responseTime: nil, client: Endpoint(address: "10.0.0.2"), server: nil, scheme: .https,
                provenance: Provenance(input: "proxy.log", location: .line(number: 1))))
        }
    }

    @Test func clientComesFromTheTrustedHeaderOnlyWhenConfigured() throws {
        for trusted in [false, true] {
            var configuration = Configuration()
            configuration.trustForwardedFor = trusted
            var scanner = try TrafficScanner(catalogue: try RuleCatalogue.builtIn(), configuration: configuration, showValues: false)
            try scanner.scan(OneTransaction())
            #expect(scanner.result().findings.first?.clients == [trusted ? "203.0.113.9" : "10.0.0.2"])
        }
    }
}

/// Timeline rules on real recordings: PHP without session_regenerate_id() is flagged; PHP with
/// it and Django (which cycles the key in login()) are not.
struct TimelineRuleScanTests {
    @Test func fixationFoundWhereItExistsOnly() throws {
        let examples = Paths.packageRoot.appendingPathComponent("examples")
        let flawed = try scan([examples.appendingPathComponent("php-no-rotation.pcap").path]).findings
        let finding = try #require(flawed.first { $0.rule == "session-not-rotated-on-login" })
        #expect(finding.severity == .high)
        #expect(finding.key.cookieName == "PHPSESSID")
        #expect(finding.first.provenance.location == .frame(number: 28))
        #expect(finding.first.excerpt == "Cookie: PHPSESSID=<redacted 32 bytes>")
        // The same flaw recorded by real nginx and Apache access logs (examples/logs/record.sh).
        for log in ["logs/nginx-access-no-rotation.log", "logs/apache-access-no-rotation.log"] {
            let fromLog = try scan([examples.appendingPathComponent(log).path]).findings
            #expect(fromLog.contains { $0.rule == "session-not-rotated-on-login" && $0.key.cookieName == "PHPSESSID" && $0.severity == .high }, "\(log)")
        }
        // The deliberately vulnerable variant: no rotation, a logout that keeps the session (the
        // old cookie replayed afterwards is still answered), the ID in the login redirect.
        let vulnerable = try scan([examples.appendingPathComponent("php-vulnerable.pcap").path]).findings
        #expect(Set(vulnerable.map(\.rule.rawValue)).isSuperset(of: [
            "session-not-rotated-on-login", "session-not-invalidated-on-logout", "logout-does-not-clear-cookie", "session-id-in-url"]))
        #expect(vulnerable.first { $0.rule == "session-id-in-url" }?.message == "PHPSESSID's value appears in the redirect Location of POST /login")
        for name in ["php-session.pcap", "php-session.har", "django-tutorial.har", "flask-session.har", "logs/apache-access.log", "logs/nginx-access.log"] {
            let findings = try scan([examples.appendingPathComponent(name).path]).findings
            #expect(!findings.contains { ["session-not-rotated-on-login", "logout-does-not-clear-cookie", "session-id-in-url", "session-mixed-scheme",
                                         "session-cookie-set-before-https-redirect", "session-id-leaked-via-referer", "session-not-invalidated-on-logout"].contains($0.rule.rawValue) }, "\(name)")
        }
    }
}

struct TokenCollectorTests {
    @Test func keptValuesStayWithinTheBudgetAcrossCookies() {
        var collector = TokenCollector(classifier: CookieClassifier(), maxKeptValues: 10)
        for index in 0..<90 {
            let name = ["sid", "sessionid", "PHPSESSID"][index % 3]
            let response = HTTPFields([("Set-Cookie", "\(name)=value-\(index)-0123456789abcdef; Path=/")])
            collector.add(HTTPTransaction(
                request: HTTPRequest(method: "GET", target: "/", host: "shop.example.com", fields: HTTPFields()),
                response: HTTPResponse(status: 200, fields: response), requestTime: nil, responseTime: nil,
                client: Endpoint(address: "10.0.0.\(index)"), server: nil, scheme: .https,
                provenance: Provenance(input: "t", location: .line(number: index + 1))))
        }
        let populations = collector.result
        #expect(populations.map(\.cookie) == ["sid", "sessionid", "PHPSESSID"])
        #expect(populations.map(\.samples.count).reduce(0, +) == 10)
        #expect(populations.map(\.uniqueValues) == [30, 30, 30])  // still counted past the budget
    }
}

/// Findings and warnings are bounded like everything else: a hostile input can invent endless
/// cookie names and broken lines. What is not kept is counted, by severity, in a warning.
struct ReportBoundTests {
    @Test func findingsBeyondTheLimitAreCounted() throws {
        let full = try scan([Paths.djangoExample])
        #expect(full.findings.count > 3)
        var configuration = Configuration()
        configuration.limits.findings = 3
        let bounded = try scan([Paths.djangoExample], configuration: configuration)
        #expect(bounded.findings.count == 3)
        let note = try #require(bounded.warnings.first { $0.message.contains("not kept") })
        #expect(note.message.hasPrefix("\(full.findings.count - 3) further findings were not kept ("), "\(note.message)")
        #expect(note.message.contains("findings=3"))

    }

    struct NoisySource: TransactionSource {
        let inputName = "noisy.pcap"
        func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
            for index in 0..<50 {
                onWarning(InputWarning(provenance: Provenance(input: inputName, location: .frame(number: index)), message: "capture gap \(index)"))
            }
        }
    }

    @Test func warningsBeyondTheLimitAreCounted() throws {
        var configuration = Configuration()
        configuration.limits.warnings = 10
        var scanner = try TrafficScanner(catalogue: try RuleCatalogue.builtIn(), configuration: configuration, showValues: false)
        try scanner.scan(NoisySource())
        let warnings = scanner.result().warnings.map(\.message)
        #expect(Array(warnings.prefix(10)) == (0..<10).map { "capture gap \($0)" })
        #expect(warnings.contains("40 more input warnings were not kept (warnings=10)"))
    }
}

/// Three users of an ASP.NET Core app whose authentication tickets are chunked (ChunkingCookieManager:
/// `.AspNetCore.Cookies=chunks-2` and two chunks), each logging in, visiting a page and logging
/// out. Read chunk by chunk, the constant `chunks-2` was one session ID issued to all three
/// (session-id-issued-twice, session-id-low-entropy: both high) and merged them into one client.
struct ChunkedCookieScanTests {
    struct ThreeUsers: TransactionSource {
        let inputName = "aspnet.log"
        var attributes = "; path=/; secure; samesite=lax; httponly"
        func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
            var line = 0
            func exchange(_ client: Int, _ method: String, _ target: String, cookie: String?, status: Int, setCookie: [String]) -> HTTPTransaction {
                line += 1
                var request = [("User-Agent", "Mozilla/5.0 (user \(client))")]
                if let cookie { request.append(("Cookie", cookie)) }
                return HTTPTransaction(
                    request: HTTPRequest(method: method, target: target, host: "app.example", fields: HTTPFields(request)),
                    response: HTTPResponse(status: status, fields: HTTPFields(setCookie.map { ("Set-Cookie", $0) } + (status == 302 ? [("Location", "/")] : []))),
                    requestTime: Date(timeIntervalSince1970: 1_795_000_000 + Double(line)), responseTime: nil,
                    client: Endpoint(address: "192.0.2.\(client)"), server: nil, scheme: .https,
                    provenance: Provenance(input: inputName, location: .line(number: line)))
            }
            for client in 1...3 {
                // A ticket is encrypted by data protection: "CfDJ8" and random-looking base64url.
                let ticket = "CfDJ8" + (0..<5_000).map { index in
                    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                    return String(alphabet[(index * 7 + client * 13 + index * index * client) % 64])
                }.joined()
                let (first, second) = (String(ticket.prefix(4_000)), String(ticket.dropFirst(4_000)))
                onTransaction(exchange(client, "POST", "/Account/Login", cookie: nil, status: 302, setCookie: [
                    ".AspNetCore.Cookies=chunks-2" + attributes, ".AspNetCore.CookiesC1=\(first)" + attributes,
                    ".AspNetCore.CookiesC2=\(second)" + attributes]))
                let sent = ".AspNetCore.Cookies=chunks-2; .AspNetCore.CookiesC1=\(first); .AspNetCore.CookiesC2=\(second)"
                onTransaction(exchange(client, "GET", "/", cookie: sent, status: 200, setCookie: []))
                let deletion = "=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; secure; samesite=lax; httponly"
                onTransaction(exchange(client, "POST", "/Account/Logout", cookie: sent, status: 302, setCookie: [
                    ".AspNetCore.Cookies" + deletion, ".AspNetCore.CookiesC1" + deletion, ".AspNetCore.CookiesC2" + deletion]))
            }
        }
    }

    @Test func eachUserHasTheirOwnSessionMadeOfTheChunks() throws {
        var scanner = try TrafficScanner(catalogue: try RuleCatalogue.builtIn(), configuration: Configuration(), showValues: false)
        try scanner.scan(ThreeUsers())
        let result = scanner.result()
        #expect(result.findings.isEmpty, "\(result.findings.map { "\($0.rule) \($0.key.cookieName)" })")
        #expect(result.clientCount == 3)
        let tokens = try #require(result.tokenAnalyses.first { $0.cookie == ".AspNetCore.Cookies" })
        #expect(tokens.format.hasPrefix("encrypted"), "\(tokens.format)")
        #expect(!result.tokenAnalyses.contains { $0.cookie.hasPrefix(".AspNetCore.CookiesC") })
    }

    /// Without Secure, the joined cookie is flagged once per login; the evidence of the first
    /// and the last login shows the joined cookie (its name and its 5,005-byte value, redacted),
    /// not the `chunks-2` header it was announced by.
    @Test func evidenceShowsTheJoinedCookie() throws {
        var scanner = try TrafficScanner(catalogue: try RuleCatalogue.builtIn(), configuration: Configuration(), showValues: false)
        try scanner.scan(ThreeUsers(attributes: "; path=/; samesite=lax; httponly"))
        let finding = try #require(scanner.result().findings.first { $0.rule == "cookie-missing-secure" })
        #expect(finding.key.cookieName == ".AspNetCore.Cookies" && finding.occurrences == 3)
        let excerpt = "Set-Cookie: .AspNetCore.Cookies=<redacted 5005 bytes>; path=/; samesite=lax; httponly"
        #expect(finding.first.excerpt == excerpt && finding.last.excerpt == excerpt)
        #expect(finding.first.provenance.location == .line(number: 1) && finding.last.provenance.location == .line(number: 7))
    }
}
