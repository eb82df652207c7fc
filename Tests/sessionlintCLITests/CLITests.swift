import Foundation
import Testing

/// Runs the built `sessionlint` binary as a user would and checks exit codes and output.
struct CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = packageRoot.appendingPathComponent("examples/django-tutorial.har").path
    static let corpusHAR = packageRoot.appendingPathComponent("../shared/corpus/har").standardized
    static var corpusAvailable: Bool { FileManager.default.fileExists(atPath: corpusHAR.path) }

    static var binary: URL {
        // The test bundle sits next to the products: .build/<triple>/debug/
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sessionlint")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return packageRoot.appendingPathComponent(".build/debug/sessionlint")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs sessionlint, or another program when `executable` is given; `input` is its standard
    /// input, and `environment` is added to the test's own.
    static func run(_ arguments: [String], in directory: URL? = nil, executable: URL? = nil, input: URL? = nil,
                    environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, given in given }
        process.environment = environment
        // Files, not pipes: a pipe's reader waits for every process holding its write end, and
        // tests running in parallel start children that may inherit one.
        let scratch = try temporaryDirectory()
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = try input.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        defer { try? FileManager.default.removeItem(at: scratch) }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sessionlint-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The cookie inventory of the Django example, against the Set-Cookie headers read by hand from
/// the HAR: sessionid set twice with HttpOnly, SameSite=Lax and Max-Age 1209600 and deleted once
/// at logout; csrftoken twice without HttpOnly for 31449600 s; user_name once with no attribute.
struct CookieInventoryTests {
    @Test func theDjangoExamplesCookiesAreListed() throws {
        let result = try CLI.run(["scan", CLI.example, "--report", "json", "--fail-on", "never"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let inventory = try #require(document["inventory"] as? [[String: Any]])
        #expect(inventory.map { $0["name"] as? String } == ["sessionid", "csrftoken", "user_name"])  // session cookies first
        let session = inventory[0]
        #expect(session["session"] as? Bool == true && session["httpOnly"] as? Bool == true && session["secure"] as? Bool == false)
        #expect(session["sameSite"] as? String == "Lax" && session["lifetimeSeconds"] as? Double == 1_209_600)
        #expect(session["timesSet"] as? Int == 3 && session["timesSetOverHTTP"] as? Int == 3 && session["attributeVariants"] as? Int == 1)
        #expect(session["firstSetRequest"] as? String == "GET http://127.0.0.1:8000/session/set/")
        let csrf = inventory[1]
        #expect(csrf["role"] as? String == "anti-CSRF token" && csrf["httpOnly"] as? Bool == false && csrf["lifetimeSeconds"] as? Double == 31_449_600)
        #expect(csrf["timesSet"] as? Int == 2)
        let plain = inventory[2]
        #expect(plain["session"] as? Bool == false && plain["lifetimeSeconds"] == nil && plain["sameSite"] == nil && plain["timesSet"] as? Int == 1)
        #expect(!result.stdout.contains("alice"))  // no value in the inventory
    }
}

/// The HTML report's session swimlanes, read against `sessionlint timeline` on the Flask-Login
/// example: session and remember_token issued at the login (entry 2), both deleted at the logout
/// (entry 5), a new session issued at entry 7, and the old pair sent again at entry 9.
struct SessionLaneReportTests {
    @Test func theFlaskLoginReplayIsDrawn() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        _ = try CLI.run(["scan", CLI.packageRoot.appendingPathComponent("examples/flask-login.har").path, "--report", "html:\(page.path)", "--fail-on", "never"])
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.components(separatedBy: #"class="swimlane""#).count - 1 == 1)
        let rows = html.components(separatedBy: ##"stroke="#1565c0"><title>"##).dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(rows == ["remember_token #1, deleted, then sent again", "session #1, deleted, then sent again", "session #2, last seen"])
        let kinds = html.components(separatedBy: #"data-kind=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(kinds == ["login", "issued", "issued", "logout", "deleted", "deleted", "issued"])
        #expect(html.contains("session-not-invalidated-on-logout"))
    }
}

struct ScanCommandTests {
    @Test func scansTheExampleAndFailsOnFindings() throws {
        let result = try CLI.run(["scan", CLI.example])
        #expect(result.status == 1)
        #expect(result.stdout.contains("MEDIUM    cookie-missing-secure  127.0.0.1  sessionid (path /)"))
        #expect(result.stdout.contains("cookie-missing-httponly  127.0.0.1  user_name"))
        #expect(result.stdout.contains("7 findings (1 medium, 4 low, 2 info) in 1 input, 11 transactions"))
        #expect(!result.stdout.contains("w9yyxfiatxr2gp1yniejf0ihhvmcukk1"))  // the session id stays redacted
        #expect(!result.stdout.contains("alice"))
        #expect(result.stderr.isEmpty)
    }

    @Test(arguments: [("never", 1 - 1), ("critical", 0), ("high", 0), ("medium", 1), ("info", 1)])
    func failOnSetsTheGate(level: String, expected: Int) throws {
        #expect(try CLI.run(["scan", CLI.example, "--fail-on", level]).status == Int32(expected))
    }

    @Test func writesSeveralReportsAtOnce() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let jsonPath = directory.appendingPathComponent("findings.json").path
        try Data("stale".utf8).write(to: URL(fileURLWithPath: jsonPath))
        let result = try CLI.run(["scan", CLI.example, "--report", "text", "--report", "json:\(jsonPath)", "--fail-on", "never"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("7 findings"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: jsonPath))) as? [String: Any])
        #expect((object["findings"] as? [Any])?.count == 7)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["findings.json"])  // no temporary left behind
        let json = try String(contentsOfFile: jsonPath, encoding: .utf8)
        #expect(!json.contains("w9yyxfiatxr2gp1yniejf0ihhvmcukk1"))
    }

    @Test func showValuesRevealsThem() throws {
        let result = try CLI.run(["scan", CLI.example, "--show-values", "--fail-on", "never"])
        #expect(result.stdout.contains("sessionid=w9yyxfiatxr2gp1yniejf0ihhvmcukk1"))
    }

    @Test func malformedHARExitsTwoWithLineAndColumn() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("broken.har").path
        try Data("{\n  \"log\": {\n    \"entries\": [1,,2]\n  }\n}\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try CLI.run(["scan", path])
        #expect(result.status == 2)
        #expect(result.stderr == "sessionlint: error: \(path):3:19: invalid JSON: invalid value\n")
    }

    @Test func noReportWhenNothingCouldBeRead() throws {
        let result = try CLI.run(["scan", "/nonexistent/a.har"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "sessionlint: error: /nonexistent/a.har: cannot read: no such file\n")
    }

    @Test func unreadableInputExitsTwoButScansTheOthers() throws {
        let result = try CLI.run(["scan", "/nonexistent/a.har", CLI.example, "--fail-on", "never"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/a.har: cannot read: no such file"))
        #expect(result.stdout.contains("7 findings"))
    }

    @Test(arguments: [
        ["scan"],
        ["scan", "x.har", "--fail-on", "sometimes"],
        ["scan", "x.har", "--report", "xml"],
        ["scan", "x.har", "--no-such-flag"],
        ["scan", "x.har", "--limit", "flows=1"],
        ["scan", "x.har", "--limit", "line-bytes=lots"],
        ["tokens", "x.har", "--limit", "connections"],
        ["rules", "cookie-missing-secrue"],
        ["frobnicate"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func configurationIsReadFromTheWorkingDirectory() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("disabled: [cookie-missing-samesite, cookie-missing-httponly]\nfail-on: high\n".utf8)
            .write(to: directory.appendingPathComponent(".sessionlint.yml"))
        let result = try CLI.run(["scan", CLI.example], in: directory)
        #expect(result.status == 0)
        #expect(!result.stdout.contains("cookie-missing-samesite"))
        #expect(!result.stdout.contains("cookie-missing-httponly"))
        #expect(result.stdout.contains("cookie-missing-secure"))
    }

    @Test func configurationErrorsNameFileLineAndKeyAndExitTwo() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("policy.yml").path
        try Data("fail-on: high\nrules:\n  cookie-too-large:\n    severty: high\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try CLI.run(["scan", CLI.example, "--config", path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("sessionlint: error: \(path):4:5: unknown key \"severty\""))
        #expect(result.stderr.contains("did you mean \"severity\"?"))
    }

    @Test func optInRuleRunsWhenEnabled() throws {
        let without = try CLI.run(["scan", CLI.example, "--fail-on", "never"])
        let with = try CLI.run(["scan", CLI.example, "--fail-on", "never", "--enable", "session-cookie-no-host-prefix"])
        #expect(!without.stdout.contains("session-cookie-no-host-prefix"))
        #expect(with.stdout.contains("session-cookie-no-host-prefix  127.0.0.1  sessionid"))
    }

    @Test(.enabled(if: CLI.corpusAvailable, "../shared/corpus is absent"))
    func everyCorpusHARScans() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: CLI.corpusHAR.path).filter { $0.hasSuffix(".har") }
        for name in names {
            let result = try CLI.run(["scan", CLI.corpusHAR.appendingPathComponent(name).path, "--fail-on", "never"])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(name): \(result.stderr)")
        }
    }

    @Test(.enabled(if: CLI.corpusAvailable, "../shared/corpus is absent"))
    func harWithoutCookiesIsNotReportedClean() throws {
        let result = try CLI.run(["scan", CLI.corpusHAR.appendingPathComponent("mitmproxy-with-bom.har").path])
        #expect(result.stdout.contains("no Cookie or Set-Cookie header in any of 1 entries"))
        #expect(result.stdout.contains("this is not a clean result"))
        #expect(!result.stdout.contains("No findings."))
    }
}

struct OtherCommandTests {
    @Test func version() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "0.1.0\n")
    }

    @Test func rulesListsTheCatalogue() throws {
        let result = try CLI.run(["rules"])
        #expect(result.status == 0)
        for id in ["cookie-missing-httponly", "cookie-missing-secure", "cookie-prefix-violation", "cookie-duplicate-in-response"] {
            #expect(result.stdout.contains(id))
        }
        #expect(result.stdout.contains("opt-in"))
    }

    @Test func rulesDescribesOne() throws {
        let result = try CLI.run(["rules", "session-cookie-persistent"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("session-cookie-persistent — Persistent session cookie\n"))
        #expect(result.stdout.contains("max-lifetime (duration, default 1d)"))
        #expect(result.stdout.contains("Django: Set SESSION_EXPIRE_AT_BROWSER_CLOSE = True"))
        #expect(result.stdout.contains("CWE-613"))
    }

    @Test func helpExplainsExitCodes() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("64 usage error"))
    }

    /// Every command that reads traffic says it reads every kind of input: the help once listed
    /// only HARs and captures long after logs and Burp items were read.
    @Test(arguments: ["scan", "transactions", "timeline", "tokens"])
    func helpNamesEveryInputKind(command: String) throws {
        let result = try CLI.run([command, "--help"])
        #expect(result.status == 0)
        let help = result.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        for kind in ["HAR files", "pcap/pcapng captures", "access logs", "Burp Suite", "standard input"] {
            #expect(help.contains(kind), "\(command) --help does not mention \(kind)")
        }
    }
}

struct ResponseBodyScanTests {
    /// An Express-style JSON login answer that repeats the HttpOnly session cookie: a HAR as
    /// Chrome writes it (content.text decoded, JSON media type).
    @Test func sessionTokenEchoedInAJSONLoginAnswerIsFound() throws {
        let token = "s%3AQm9hdGluZ0lzRnVuMTIzNDU2.Xy7Zk1p0bLqA"
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("login.har")
        let document = """
        {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "entries": [
          {"startedDateTime": "2026-11-26T10:00:00.000Z", "time": 20,
           "request": {"method": "POST", "url": "https://app.example.com/api/login", "httpVersion": "HTTP/1.1",
             "headers": [{"name": "Content-Type", "value": "application/json"}], "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 40},
           "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
             "headers": [{"name": "Set-Cookie", "value": "connect.sid=\(token); Path=/; HttpOnly; Secure; SameSite=Lax"},
                         {"name": "Content-Type", "value": "application/json; charset=utf-8"}],
             "cookies": [], "content": {"size": 70, "mimeType": "application/json", "text": "{\\"user\\":\\"alice\\",\\"sid\\":\\"\(token)\\"}"},
             "redirectURL": "", "headersSize": -1, "bodySize": 70},
           "cache": {}, "timings": {"send": 0, "wait": 18, "receive": 2}}]}}
        """
        try Data(document.utf8).write(to: file)
        let result = try CLI.run(["scan", file.path, "--report", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = (object["findings"] as? [[String: Any]]) ?? []
        let echoed = try #require(findings.first { $0["ruleId"] as? String == "session-token-in-response-body" }, "\(findings)")
        #expect((echoed["first"] as? [String: Any])?["excerpt"] as? String == "Set-Cookie: connect.sid=<redacted \(token.utf8.count) bytes>")
        #expect(echoed["severity"] as? String == "medium")
        #expect((echoed["message"] as? String)?.contains("connect.sid") == true)
        #expect(!result.stdout.contains(token))  // reports redact the value
    }
}

struct FrameworkRecognitionTests {
    /// Spring Session's `SESSION` and Jenkins's `JSESSIONID.<hex>`, set without HttpOnly or Secure
    /// over HTTPS: both are session cookies with their flaws found, and the HTML report orders its
    /// fixes for Spring, not for Flask (case aside, `SESSION` is Flask's `session`).
    @Test func springSessionAndJenkinsAreRecognised() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("spring.har")
        func entry(_ host: String, _ setCookie: String) -> String {
            """
            {"startedDateTime": "2026-11-26T10:00:00.000Z", "time": 5,
             "request": {"method": "GET", "url": "https://\(host)/", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
               "queryString": [], "headersSize": -1, "bodySize": 0},
             "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
               "headers": [{"name": "Set-Cookie", "value": "\(setCookie)"}], "cookies": [],
               "content": {"size": 0, "mimeType": "text/html"}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
             "cache": {}, "timings": {"send": 0, "wait": 5, "receive": 0}}
            """
        }
        let document = """
        {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "133.0"}, "entries": [
        \(entry("app.example.com", "SESSION=ZDk0NjI3YzQtNzZmNC00YjQ2LWE1NzItYjk0YjI3MDRhMGRk; Path=/; SameSite=Lax")),
        \(entry("ci.example.com", "JSESSIONID.6f3c1b2a=node01q9x8y7z6w5v4u3t2s1r0p9o8n7m.node0; Path=/; HttpOnly"))]}}
        """
        try Data(document.utf8).write(to: file)
        let html = directory.appendingPathComponent("report.html")
        let result = try CLI.run(["scan", file.path, "--report", "json", "--report", "html:\(html.path)"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = (object["findings"] as? [[String: Any]]) ?? []
        // Rule, cookie, and whether the finding judged it a session cookie.
        let flagged = Set(findings.map { finding in
            let cookie = finding["cookie"] as? [String: Any]
            return "\(finding["ruleId"] ?? "") \(cookie?["name"] ?? "") \(cookie?["session"] as? Bool == true ? "session" : "other")"
        })
        #expect(flagged.isSuperset(of: [
            "cookie-missing-secure SESSION session", "cookie-missing-httponly SESSION session",
            "cookie-missing-secure JSESSIONID.6f3c1b2a session",
        ]), "\(flagged)")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("Frameworks recognised from the cookies: <b>spring</b>"))
    }
}
