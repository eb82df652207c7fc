import Foundation
import Testing
import SessionLintTestSupport

struct PcapScanTests {
    /// The same visit to the PHP example, recorded twice: by mitmproxy as a HAR and by tcpdump
    /// on the loopback interface. Both must give the same findings.
    /// "rule cookie severity" for every finding of a scan of an example.
    static func findings(_ input: String) throws -> Set<String> {
        let result = try CLI.run(["scan", CLI.example(input), "--report", "json", "--fail-on", "never"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return Set(((object["findings"] as? [[String: Any]]) ?? []).map {
            "\($0["ruleId"] ?? "") \(($0["cookie"] as? [String: Any])?["name"] ?? "") \($0["severity"] ?? "")"
        })
    }

    /// Flask-Login out of the box (examples/flask-login-app): Flask's session is a signed cookie
    /// the server cannot revoke, so logout_user() only changes the browser's copy; client.py
    /// replays the copy from before the logout and is answered "account of alice" (HTTP 200, read
    /// in the recording). The login issues a new session cookie (none before), so no fixation.
    @Test func flaskLoginLogoutLeavesTheOldCookiesValid() throws {
        let found = try Self.findings("flask-login.har")
        let sessionFindings: Set<String> = found.filter { $0.hasPrefix("session-") || $0.hasPrefix("logout-") }
        #expect(sessionFindings == ["session-not-invalidated-on-logout session high", "session-not-invalidated-on-logout remember_token high"])
    }

    /// Starlette's SessionMiddleware (examples/starlette-app, captured with tcpdump): the account
    /// page counts views, so every answer signs the cookie again, the replay after the logout
    /// included (answered "account of alice", read in the recording). The new value in that
    /// answer is the accepted state re-signed, not a new session.
    @Test func starletteSignedSessionReplayedAfterLogout() throws {
        let found = try Self.findings("starlette-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout session high", "cookie-missing-secure session medium",
                          "session-cookie-persistent session low", "cookie-readable-client-state session info"])
    }

    /// aiohttp-session's EncryptedCookieStorage (examples/aiohttp-app, captured with tcpdump):
    /// the session is encrypted into the cookie (a Fernet token), so the server cannot revoke a
    /// copy. Each of twelve clients replays its pre-logout cookie and is answered "account of
    /// userN" (read in the recording), with the cookie encrypted again. The tokens are not
    /// tested as random IDs.
    @Test func aiohttpEncryptedSessionReplayedAfterLogout() throws {
        let found = try Self.findings("aiohttp-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout AIOHTTP_SESSION high", "cookie-missing-secure AIOHTTP_SESSION medium",
                          "cookie-missing-samesite AIOHTTP_SESSION low"])
    }

    /// Pyramid's SignedCookieSessionFactory (examples/pyramid-app, captured with tcpdump): the
    /// session is signed JSON in the cookie, readable and not revocable; each of twelve clients
    /// replays its pre-logout cookie and is answered "account of userN" (read in the recording).
    @Test func pyramidSignedSessionReplayedAfterLogout() throws {
        let found = try Self.findings("pyramid-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout session high", "cookie-missing-httponly session medium",
                          "cookie-missing-secure session medium", "cookie-readable-client-state session info"])
    }

    /// gorilla/sessions' CookieStore (examples/gorilla-app, Go, captured with tcpdump): the session
    /// is signed gob in the cookie, kept 30 days by default; each of twelve clients replays its
    /// pre-logout cookie and is answered "account of userN" (read in the recording).
    @Test func gorillaSignedSessionReplayedAfterLogout() throws {
        let found = try Self.findings("gorilla-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout session-name high", "cookie-missing-httponly session-name medium",
                          "cookie-missing-secure session-name medium", "cookie-missing-samesite session-name low",
                          "session-cookie-persistent session-name low", "cookie-readable-client-state session-name info"])
    }

    /// Tornado's authentication guide (examples/tornado-app, captured with tcpdump): the user is
    /// kept in a signed cookie named `user`, a session by its value alone. The logout deletes it
    /// with an empty value (which is no session value: the deletion counts all the same), and
    /// each of twelve clients replays its pre-logout cookie and is answered "account of userN".
    @Test func tornadoSignedUserCookieIsASession() throws {
        let found = try Self.findings("tornado-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout user high", "cookie-missing-httponly user medium",
                          "cookie-missing-secure user medium", "cookie-missing-samesite user low",
                          "session-cookie-persistent user low", "cookie-readable-client-state user info"])
    }

    /// A session signed the way Koa's ctx.cookies and cookie-session sign one (examples/
    /// koa-cookies-app, the `cookies` library under Node, captured with tcpdump): base64 JSON in
    /// `koa.sess`, its signature in `koa.sess.sig`. The JSON is readable but signed, so it is
    /// reported at info, not as changeable state; the signature cookie is judged through the
    /// cookie it signs, not as a second session; and a day's lifetime, which Expires measures a
    /// second over against Node's Date header, is within the 24-hour limit.
    @Test func koaSignedSessionWithItsSignatureCookie() throws {
        let found = try Self.findings("koa-cookies-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout koa.sess high", "cookie-missing-secure koa.sess medium",
                          "cookie-missing-samesite koa.sess low", "cookie-readable-client-state koa.sess info"])
    }

    /// Mozilla's client-sessions for Node (examples/client-sessions-app, captured with tcpdump):
    /// the session encrypted into the cookie, encrypted again on every visit; each of twelve
    /// clients replays its pre-logout cookie and is answered "account of userN".
    @Test func clientSessionsEncryptedSessionReplayedAfterLogout() throws {
        let found = try Self.findings("client-sessions-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout session high", "cookie-missing-secure session medium",
                          "cookie-missing-samesite session low"])
    }

    /// Rails 6.1's cookie store as the security guide sets it up (examples/rails-app): the session
    /// encrypted into the cookie (AES-256-GCM, `data--iv--tag`), HttpOnly and SameSite=Lax by
    /// default, reset_session at login and at logout. The server cannot revoke a copy: each of
    /// twelve clients replays its pre-logout cookie and is answered "account of userN".
    @Test func railsEncryptedCookieStoreReplayedAfterLogout() throws {
        let found = try Self.findings("rails-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout _example_session high", "cookie-missing-secure _example_session medium"])
    }

    /// Sinatra 3's `enable :sessions` (examples/sinatra-app): rack-protection's encrypted cookie,
    /// Rails' layout; `session.clear` at logout, and the replays still answered as the user.
    @Test func sinatraEncryptedSessionReplayedAfterLogout() throws {
        let found = try Self.findings("sinatra-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout rack.session high", "cookie-missing-secure rack.session medium",
                          "cookie-missing-samesite rack.session low"])
    }

    /// Mojolicious' session (examples/mojolicious-app, Perl): base64 JSON padded with "Z", "="
    /// written as "-", then "--" and an HMAC-SHA256, in a cookie named `mojolicious`. It was not
    /// a session at all before (the padding dashes hid the layout): the replays after the
    /// logout, which expires the cookie, went unreported.
    @Test func mojoliciousSignedSessionReplayedAfterLogout() throws {
        let found = try Self.findings("mojolicious-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout mojolicious high", "cookie-missing-secure mojolicious medium",
                          "cookie-readable-client-state mojolicious info"])
    }

    /// Bottle's tutorial login (examples/bottle-app): the account name in a signed cookie,
    /// `!HMAC?pickle`, named `account`. A session by its value; deleted at logout with
    /// Max-Age=-1 (which the grammar does not allow), and replayed after it successfully.
    @Test func bottleSignedCookieIsASession() throws {
        let found = try Self.findings("bottle-session.pcap")
        #expect(found == ["session-not-invalidated-on-logout account high", "cookie-missing-secure account medium",
                          "cookie-missing-samesite account low", "cookie-malformed account info",
                          "cookie-readable-client-state account info"])
    }

    /// Server-side sessions that keep the pre-login ID (examples/cherrypy-app, flask-session-app,
    /// dancer2-app): CherryPy's tools.sessions, Flask-Session and Dancer2's default engine each
    /// store the user without a new ID, so every one of the twelve logins is fixation; each
    /// logout ends the session on the server, and the replays are refused (401, read in the
    /// recordings), so no logout finding. The flags differ as the frameworks' defaults do:
    /// CherryPy's cookie lacks HttpOnly, Flask-Session's lasts 31 days, Dancer2 deletes with a
    /// dashed Expires date.
    @Test func serverSideSessionsWithoutANewIDAtLogin() throws {
        #expect(try Self.findings("cherrypy-session.pcap") == [
            "session-not-rotated-on-login session_id high", "cookie-missing-httponly session_id medium",
            "cookie-missing-secure session_id medium", "cookie-missing-samesite session_id low"])
        #expect(try Self.findings("flask-session-session.pcap") == [
            "session-not-rotated-on-login session high", "cookie-missing-secure session medium",
            "session-cookie-persistent session medium", "cookie-missing-samesite session low"])
        #expect(try Self.findings("dancer2-session.pcap") == [
            "session-not-rotated-on-login dancer.session high", "cookie-missing-secure dancer.session medium",
            "cookie-missing-samesite dancer.session low", "cookie-malformed dancer.session info"])
    }

    /// Laravel 8 with its authentication guide's session handling (examples/laravel-app): a new
    /// ID at login, the session invalidated at logout (the replays are refused, read in the
    /// recording), so no session finding. Its cookie wraps the server-side ID encrypted anew on
    /// every answer, which hides whether the ID changes: `tokens` says so rather than letting a
    /// silent rotation check pass for proof.
    @Test func laravelEncryptsItsSessionIDOnEveryAnswer() throws {
        let found = try Self.findings("laravel-session.pcap")
        #expect(!found.contains { $0.hasPrefix("session-") || $0.hasPrefix("logout-") }, "\(found)")
        #expect(found.contains("cookie-missing-secure laravel_session medium"))
        #expect(found.contains("cookie-missing-httponly XSRF-TOKEN info"))  // read by scripts by design
        let tokens = try CLI.run(["tokens", CLI.example("laravel-session.pcap")])
        #expect(tokens.stdout.contains("format: encrypted container: Laravel encrypted cookie"))
        #expect(tokens.stdout.contains("nor whether it changes at login can be judged from traffic"), "\(tokens.stdout)")
    }

    @Test func captureAndHARAgree() throws {
        let findings = Self.findings
        let fromCapture = try findings("php-session.pcap")
        #expect(fromCapture.count == 7)
        #expect(fromCapture == (try findings("php-session.har")))
        // The deliberately vulnerable variant, recorded both ways (EXAMPLE_FLAW=… record.sh and
        // capture.sh): its five session flaws are found from either. The session ID in the JSON
        // answer is found in the capture through gzip (zlib.output_compression, curl --compressed).
        let vulnerable = try findings("php-vulnerable.pcap")
        #expect(vulnerable == (try findings("php-vulnerable.har")))
        let sessionFlaws: Set = ["session-not-rotated-on-login PHPSESSID high", "session-not-invalidated-on-logout PHPSESSID high",
                                 "logout-does-not-clear-cookie PHPSESSID low", "session-id-in-url PHPSESSID medium",
                                 "session-token-in-response-body PHPSESSID medium"]
        let isSessionFinding = { (finding: String) in finding.hasPrefix("session-") || finding.hasPrefix("logout-") }
        #expect(vulnerable.filter(isSessionFinding) == sessionFlaws)
        // The same app behind real nginx and Apache (examples/logs/record.sh, EXAMPLE_NAME=vulnerable):
        // a log shows everything but the body, so every flaw but the token in the body.
        for log in ["logs/nginx-access-vulnerable.log", "logs/apache-access-vulnerable.log"] {
            #expect(try findings(log).filter(isSessionFinding) == sessionFlaws.subtracting(["session-token-in-response-body PHPSESSID medium"]), "\(log)")
        }
        // Django's visit, recorded the same two ways (django-app/record.sh and capture.sh):
        // the same cookie findings, and no session finding, since Django rotates at login
        // and deletes the session at logout.
        let django = try findings("django-tutorial.pcap")
        #expect(django == (try findings("django-tutorial.har")))
        #expect(!django.contains { $0.hasPrefix("session-not-") || $0.hasPrefix("logout-") })
        #expect(django.contains("cookie-missing-secure sessionid medium"))
        // And through real nginx (django-app/record-nginx.sh), which logs only the first
        // Set-Cookie: the login's new sessionid is not in the log, yet the client sends it next,
        // so it is neither another client nor a missed rotation.
        #expect(try findings("logs/django-nginx-access.log") == django)
        let timeline = try CLI.run(["timeline", CLI.example("logs/django-nginx-access.log")])
        #expect(timeline.stdout.components(separatedBy: "\nclient ").count == 1, "\(timeline.stdout)")
    }

    @Test func djangoCaptureShowsRotationAtLoginAndDeletionAtLogout() throws {
        let result = try CLI.run(["timeline", CLI.example("django-tutorial.pcap")])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let rotation = try #require(lines.firstIndex { $0.hasPrefix("rotated sessionid #") })
        #expect(lines[rotation + 1].hasPrefix("login succeeded: POST /accounts/login/ matches the login pattern"))
        #expect(lines.contains { $0.hasPrefix("deleted sessionid #") })
        #expect(lines.contains { $0.hasPrefix("logout: POST /accounts/logout/") })
        // Two session values: the anonymous one (issued, then sent 5 times up to the login) and
        // the authenticated one (sent 3 times, deleted at logout); counted by hand from the capture.
        let sessions = lines.filter { $0.hasPrefix("session sessionid #") }
        #expect(sessions.count == 2)
        #expect(sessions.first?.contains("5 uses") == true && sessions.last?.contains("3 uses, ") == true)
        #expect(sessions.last?.hasSuffix("deleted") == true)
    }

    @Test func captureEvidencePointsAtFramesAndClients() throws {
        let result = try CLI.run(["scan", CLI.example("php-session.pcap"), "--fail-on", "never"])
        #expect(result.stdout.contains("first at \(CLI.example("php-session.pcap")) frame 4: GET http://127.0.0.1:8001/"))
        #expect(result.stdout.contains("clients: 127.0.0.1"))
        #expect(result.stdout.contains("5 transactions, 1 client"))
    }

    @Test func truncatedCaptureWarnsAndKeepsFindings() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.example("php-session.pcap")))
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: cut) }
        try data.prefix(data.count - 30).write(to: cut)
        let result = try CLI.run(["scan", cut.path, "--fail-on", "never"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("the capture is cut off after frame"))
        #expect(result.stdout.contains("cookie-missing-httponly  127.0.0.1  PHPSESSID"))
    }

    @Test func corruptAndUnsupportedCapturesExitTwoWithAClearMessage() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var wireless = PcapWriter(linkType: 105)
        wireless.add([0, 1, 2, 3], time: 1)
        let unsupported = directory.appendingPathComponent("wifi.pcap")
        try wireless.write(to: unsupported)
        let result = try CLI.run(["scan", unsupported.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unsupported link type 105 (IEEE802_11)"))

        let corrupt = directory.appendingPathComponent("corrupt.pcap")
        var header = PcapWriter().data
        header.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F])  // absurd lengths
        try header.write(to: corrupt)
        let corrupted = try CLI.run(["scan", corrupt.path])
        #expect(corrupted.status == 0 || corrupted.status == 2)
        #expect(!corrupted.stderr.contains("Fatal") && !corrupted.stderr.contains("backtrace"))
        #expect(corrupted.stdout.contains("cut off") || corrupted.stderr.contains(corrupt.path))
    }

    @Test func transactionsCommandListsEveryExchange() throws {
        let result = try CLI.run(["transactions", CLI.example("php-session.pcap")])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "time\tclient\tserver\tmethod\thost\ttarget\tstatus\tcookies_sent\tcookies_set\thttp\ttls\tsource")
        #expect(lines.count == 6)
        #expect(lines[3].contains("\tPOST\t127.0.0.1\t/login\t302\tPHPSESSID,lang\tPHPSESSID\t"))
        let json = try CLI.run(["transactions", CLI.example("django-tutorial.har"), "--format", "json"])
        let first = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect(first["method"] as? String == "GET" && first["status"] as? Int == 200 && first["cookiesSet"] as? [String] == ["sessionid"])
    }
}

struct TimelineCommandTests {
    @Test func showsTheSessionOfEachClientWithoutValues() throws {
        let result = try CLI.run(["timeline", CLI.example("php-session.pcap")])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("client 1: 127.0.0.1, curl/7.88.1\n"))
        #expect(result.stdout.contains("login succeeded: POST /login matches the login pattern; redirected to /"))
        #expect(result.stdout.contains("logout: POST /logout matches the logout pattern"))
        #expect(result.stdout.contains("rotated PHPSESSID #"))
        let pcapValues = try String(contentsOfFile: CLI.example("php-session.pcap"), encoding: .isoLatin1)
        let ids = pcapValues.components(separatedBy: "PHPSESSID=").dropFirst().map { String($0.prefix(32)) }.filter { $0.count == 32 }
        #expect(!ids.isEmpty)
        #expect(!ids.contains { result.stdout.contains($0) })
    }

    @Test func filtersAndJSON() throws {
        let none = try CLI.run(["timeline", CLI.example("php-session.pcap"), "--client", "10.9.9.9"])
        #expect(none.status == 0 && none.stdout.isEmpty)
        let json = try CLI.run(["timeline", CLI.example("logs/apache-access.log"), "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect(object["requests"] as? Int == 8)
        #expect(((object["events"] as? [[String: Any]]) ?? []).contains { $0["kind"] as? String == "login" })
        // Read off the log by hand: the first ID is sent on lines 2–4, the login ID on lines 5–7
        // (the page the login redirects to, /api/whoami, and the logout that deletes it), the ID
        // issued after logout never comes back.
        let sessions = (object["sessions"] as? [[String: Any]]) ?? []
        #expect(sessions.map { $0["uses"] as? Int } == [3, 3, 0])
        #expect(sessions.map { $0["deleted"] != nil } == [false, true, false])
        #expect(sessions.allSatisfy { $0["cookie"] as? String == "PHPSESSID" && $0["issued"] != nil })
    }
}

struct TokensCommandTests {
    /// PHP's native IDs from the capture: 32 lower-case hex digits (128 bits, php-src
    /// ext/session), three issued in the visit; nothing proven, and the value never printed.
    @Test func reportsFormatBoundAndVerdictWithoutValues() throws {
        let result = try CLI.run(["tokens", CLI.example("php-session.pcap")])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("PHPSESSID on 127.0.0.1: 3 samples\n  format: identifier\n  alphabet: hex (lower case), length 32, at most 128 bits\n  verdict: INCONCLUSIVE\n"))
        let capture = try String(contentsOfFile: CLI.example("php-session.pcap"), encoding: .isoLatin1)
        let ids = capture.components(separatedBy: "PHPSESSID=").dropFirst().map { String($0.prefix(32)) }.filter { $0.count == 32 }
        #expect(!ids.isEmpty && !ids.contains { result.stdout.contains($0) })
        // Flask-Login's cookies are signed containers, not IDs: recognised, not tested.
        let json = try CLI.run(["tokens", CLI.example("flask-login.har"), "--format", "json", "--cookie", "session"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "signed data, readable by the client: signed session from itsdangerous (Flask, Starlette)")
        #expect(object["verdict"] as? String == "INCONCLUSIVE" && object["maximumBits"] == nil)
        let missing = try CLI.run(["tokens", "/nonexistent/a.har"])
        #expect(missing.status == 2)
    }
}

/// Real populations (examples/tokens/record.sh): 300 fresh sessions each from PHP's native
/// handler and Django's session framework on 127.0.0.1, and 100 from the PHP app handing out
/// uniqid() as session IDs.
struct RealTokenPopulationTests {
    func analysis(_ input: String) throws -> [String: Any] {
        let result = try CLI.run(["tokens", CLI.example(input), "--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// Real frameworks on 127.0.0.1 (examples/tokens/record.sh, examples/java-session-apps/record.sh).
    @Test func frameworkIDsShowNoMechanism() throws {
        for (input, cookie, bits, samples) in [("tokens/php-sessions.pcap", "PHPSESSID", 128.0, 300), ("tokens/django-sessions.pcap", "sessionid", 165.4, 300),
                                               ("tokens/tomcat-sessions.pcap", "JSESSIONID", 128.0, 300),
                                               ("tokens/jetty-sessions.pcap", "JSESSIONID", 134.4, 1_000)] {  // 26 base36 characters besides the counter
            let object = try analysis(input)
            #expect(object["cookie"] as? String == cookie && object["samples"] as? Int == samples, "\(input)")
            #expect((object["mechanisms"] as? [Any])?.isEmpty == true && object["verdict"] as? String == "INCONCLUSIVE", "\(input)")
            #expect(object["maximumBits"] as? Double == bits, "\(input)")
        }
    }

    @Test func twoGeneratorsUnderOneNameAreReadApart() throws {
        // Both PHP captures at once: one host, one cookie name, two generators.
        let result = try CLI.run(["tokens", CLI.example("tokens/php-sessions.pcap"), CLI.example("tokens/php-uniqid-sessions.pcap"), "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["samples"] as? Int == 400 && object["verdict"] as? String == "LIKELY")
        let detail = ((object["mechanisms"] as? [[String: Any]])?.first?["detail"] as? String) ?? ""
        #expect(detail.hasSuffix("(the 100 values of 13 characters)"), "\(detail)")
        // The per-position view of the 300 random IDs: every hex position near its 4 bits.
        let characters = try #require(object["characters"] as? [String: Any])
        let bits = (characters["positionEntropy"] as? [Double]) ?? []
        #expect(characters["values"] as? Int == 300 && bits.count == 32 && bits.allSatisfy { $0 > 3.8 && $0 <= 4 })
        // Every hex digit about 300 × 32 / 16 = 600 times over all positions (a binomial's
        // standard deviation is 23: 5 of them either side), and the min-entropy by the
        // random source's.
        let distribution = (characters["distribution"] as? [[String: Any]]) ?? []
        #expect(distribution.count == 16 && distribution.allSatisfy { abs(($0["count"] as? Int ?? 0) - 600) < 120 })
        let minEntropy = try #require(characters["minEntropy"] as? Double), null = try #require(characters["nullMinEntropy"] as? Double)
        #expect(abs(minEntropy - null) < 8, "\(minEntropy) against \(null)")
    }

    /// Jetty 9.4 appends a counter from 0 to two random longs: set aside, one digit wide at
    /// first and three at the end, so the statistics read only the random part.
    @Test func jettysCounterIsSetAside() throws {
        let object = try analysis("tokens/jetty-sessions.pcap")
        let notes = (object["structure"] as? [String]) ?? []
        #expect(notes.count == 1 && notes[0].hasPrefix("each value ends with a 1- to 3-digit decimal counter rising in issuance order by a median step of 1"), "\(notes)")
        #expect((object["statistics"] as? [String: Any])?["rejections"] as? Int == 0)
    }

    /// A real Java app (examples/java-random-app) writing IDs as old Jetty did from a shared
    /// java.util.Random, a CSRF token drawn between every two IDs.
    @Test func javaUtilRandomIsRecoveredFromRealTraffic() throws {
        let object = try analysis("tokens/java-random-sessions.pcap")
        let mechanisms = (object["mechanisms"] as? [[String: Any]]) ?? []
        #expect(mechanisms.map { "\($0["verdict"] ?? "") \($0["kind"] ?? "")" } == ["CERTAIN weak-generator"])
        #expect((mechanisms.first?["detail"] as? String)?.hasSuffix("predicts the next value issued, 2 outputs later") == true)
        let scan = try CLI.run(["scan", CLI.example("tokens/java-random-sessions.pcap"), "--report", "json", "--fail-on", "never"])
        #expect(scan.stdout.contains("\"session-id-predictable\""))
    }

    @Test func uniqidIsFoundAsTheIssuanceTime() throws {
        let object = try analysis("tokens/php-uniqid-sessions.pcap")
        #expect(object["verdict"] as? String == "CERTAIN")
        let mechanisms = (object["mechanisms"] as? [[String: Any]]) ?? []
        #expect(mechanisms.map { "\($0["verdict"] ?? "") \($0["kind"] ?? "")" } == ["CERTAIN small-space", "LIKELY timestamp"])
        #expect((mechanisms.last?["detail"] as? String)?.contains("at most 20 bits left to guess") == true)  // uniqid's 5 hex digits of microseconds
    }
}
