import Foundation
import Testing
import SessionLintTestSupport
import SessionLintCore
@testable import SessionLintSources

func readLog(_ text: String, format: String? = nil, scheme: Scheme = .unknown, name: String = "access.log") throws(InputError) -> (transactions: [HTTPTransaction], warnings: [InputWarning]) {
    var transactions: [HTTPTransaction] = []
    var warnings: [InputWarning] = []
    let parsed: LogFormat?
    do { parsed = try format.map { try LogFormat(parsing: LogPresets.format(named: $0) ?? $0) } } catch {
        throw InputError(file: "--log-format", message: "\(error)")
    }
    try AccessLogSource(inputName: name, data: Data(text.utf8), format: parsed, assumedScheme: scheme)
        .read(onTransaction: { transactions.append($0) }, onWarning: { warnings.append($0) })
    return (transactions, warnings)
}

struct LogFormatParsingTests {
    @Test func nginxVariables() throws {
        let format = try LogFormat(parsing: #"$remote_addr [$time_local] "$request" $status "$http_user_agent" "$sent_http_set_cookie" ${cookie_sessionid}x $upstream_addr"#)
        #expect(format.syntax == .nginx)
        #expect(format.fields == [.clientAddress, .timeLocal, .requestLine, .status, .requestHeader("User-Agent"),
                                  .responseHeader("Set-Cookie"), .requestCookie("sessionid"), .ignored("upstream_addr")])
        #expect(format.tokens[1] == .literal(Array(" [".utf8)))
    }

    @Test func apacheDirectives() throws {
        let format = try LogFormat(parsing: #"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" %{Set-Cookie}o %{sid}C %!200,304{X-Thing}i %D %v:%p %%"#)
        #expect(format.syntax == .apache)
        #expect(format.fields == [.clientAddress, .ignored("%l"), .remoteUser, .timeLocal, .requestLine, .status, .ignored("%b"),
                                  .requestHeader("Referer"), .responseHeader("Set-Cookie"), .requestCookie("sid"),
                                  .requestHeader("X-Thing"), .ignored("%D"), .host, .serverPort])
        #expect(format.tokens.last == .literal(Array(" %".utf8)))
    }

    @Test(arguments: [
        ("$remote_addr ${unclosed", "unclosed ${"),
        ("%h %{Referer", "unclosed %{"),
        ("%h %Z", "unknown Apache format directive %Z"),
        ("plain text", "neither nginx $variables nor Apache %directives"),
    ])
    func badFormatsAreExplained(format: String, message: String) {
        #expect(throws: LogFormatError.self) { try LogFormat(parsing: format) }
        do { _ = try LogFormat(parsing: format) } catch { #expect(error.message.contains(message), "\(error.message)") }
    }
}

struct AccessLogSourceTests {
    static let nginxLine = #"10.0.0.7 - - [26/Nov/2026:16:58:21 +0000] "POST /login HTTP/1.1" 302 5 "-" "curl/7.88.1" https shop.example.com "PHPSESSID=old; lang=en" "PHPSESSID=new; path=/; HttpOnly""#

    @Test func cookieAwareNginxLineBecomesATransaction() throws {
        let (transactions, warnings) = try readLog(Self.nginxLine + "\n")
        let t = try #require(transactions.first)
        #expect(t.request.method == "POST" && t.request.target == "/login" && t.request.version == "HTTP/1.1")
        #expect(t.request.host == "shop.example.com")
        #expect(t.scheme == .https)
        #expect(t.response?.status == 302)
        #expect(t.request.fields.values("Cookie") == ["PHPSESSID=old; lang=en"])
        #expect(t.request.fields.values("User-Agent") == ["curl/7.88.1"])
        #expect(!t.request.fields.contains("Referer"))  // "-" is empty
        #expect(t.response?.fields.values("Set-Cookie") == ["PHPSESSID=new; path=/; HttpOnly"])
        #expect(t.client == Endpoint(address: "10.0.0.7"))
        #expect(t.requestTime == Date(timeIntervalSince1970: 1_795_712_301))  // 2026-11-26T16:58:21Z, checked with `date -d`
        #expect(t.provenance == Provenance(input: "access.log", location: .line(number: 1)))
        // The only thing said: what nginx itself leaves out of $sent_http_set_cookie.
        #expect(warnings.map(\.message) == [Self.nginxFirstSetCookieOnly], "\(warnings.map(\.message))")
    }

    static let nginxFirstSetCookieOnly = "nginx logs only the first Set-Cookie header of each response; cookies set after it in the same response are not in this log, so their attributes and rotations cannot be judged"

    @Test func onlyNginxLogsAreToldTheyHideLaterSetCookies() throws {
        let apache = #"127.0.0.1 - - [26/Nov/2026:16:58:21 +0000] "GET /prefs HTTP/1.1" 200 10 "-" "curl/7.88.1" localhost 80 "PHPSESSID=84c7" "theme=dark; path=/""#
        #expect(try !readLog(apache + "\n").warnings.contains { $0.message == Self.nginxFirstSetCookieOnly })
        // An nginx format without $sent_http_set_cookie gets the "records no Set-Cookie" warning instead.
        let combined = try readLog(#"10.0.0.7 - - [26/Nov/2026:16:58:21 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/7.88.1""# + "\n", format: "combined")
        #expect(!combined.warnings.contains { $0.message == Self.nginxFirstSetCookieOnly })
        #expect(combined.warnings.contains { $0.message.hasPrefix("the log format records no Set-Cookie header") })
    }

    @Test func apacheJoinsSeveralSetCookieHeadersWithCommas() throws {
        // What Apache 2.4 wrote for a response with two Set-Cookie headers (examples/logs/apache-access.log).
        let line = #"127.0.0.1 - - [26/Nov/2026:16:58:21 +0000] "GET /prefs HTTP/1.1" 200 10 "-" "curl/7.88.1" localhost 80 "PHPSESSID=84c7; lang=en" "theme=dark; path=/; SameSite=Lax, layout=wide; path=/; HttpOnly""#
        let t = try #require(try readLog(line).transactions.first)
        #expect(t.response?.fields.values("Set-Cookie") == ["theme=dark; path=/; SameSite=Lax", "layout=wide; path=/; HttpOnly"])
        #expect(t.scheme == .http)  // from %p = 80
        #expect(t.request.host == "localhost")
    }

    @Test func expiresDatesAreNotSplitPoints() {
        #expect(LogTransactionBuilder.splitSetCookie("a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/, b=2; Max-Age=5")
                == ["a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/", "b=2; Max-Age=5"])
        #expect(LogTransactionBuilder.splitSetCookie("lang=en; expires=Sun, 09 Apr 2028 16:58:21 GMT; path=/") == ["lang=en; expires=Sun, 09 Apr 2028 16:58:21 GMT; path=/"])
        // Several joined, blanks around and between them dropped; a name needs its "=".
        #expect(LogTransactionBuilder.splitSetCookie("a=1, b=2;  Path=/,  c=3 ") == ["a=1", "b=2;  Path=/,  c=3"])
        #expect(LogTransactionBuilder.splitSetCookie("a=1, b=2, c=3") == ["a=1", "b=2", "c=3"])
        #expect(LogTransactionBuilder.splitSetCookie("a=1, flag, b=2") == ["a=1, flag", "b=2"])
        #expect(LogTransactionBuilder.splitSetCookie(" a=1 , b=2") == ["a=1", "b=2"])
        #expect(LogTransactionBuilder.splitSetCookie("a=1") == ["a=1"])
        // Traefik joins a header's values with a bare ",".
        #expect(LogTransactionBuilder.splitSetCookie("a=1; Path=/,b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT,c=3")
                == ["a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT", "c=3"])
    }

    @Test func escapedQuotesAndHexBytes() throws {
        let line = #"10.0.0.7 - - [26/Nov/2026:16:58:21 +0000] "GET /a\"b HTTP/1.1" 200 5 "-" "agent \"quoted\" \x41" http h "-" "s=1\x3B HttpOnly""#
        let t = try #require(try readLog(line).transactions.first)
        #expect(t.request.target == #"/a"b"#)
        #expect(t.request.fields.values("User-Agent") == [#"agent "quoted" A"#])
        #expect(t.response?.fields.values("Set-Cookie") == ["s=1; HttpOnly"])
    }

    @Test func badLinesAreCountedReportedAndSkipped() throws {
        let good = #"192.168.202.254 - - [20/Jul/2009:22:59:26 +0000] "GET /ok HTTP/1.0" 200 134 "-" "gPXE/0.9.7""#
        let bad = #"192.168.202.254 [20/Jul/2009:22:59:29 +0000] "GET /bad HTTP/1.0" 404 46210 "-" "gPXE/0.9.7""#
        let text = ([good] + Array(repeating: bad, count: 7) + [good]).joined(separator: "\n") + "\n"
        let (transactions, warnings) = try readLog(text, format: "combined")
        #expect(transactions.map(\.request.target) == ["/ok", "/ok"])
        #expect(transactions.map(\.provenance.location) == [.line(number: 1), .line(number: 9)])
        let lineWarnings = warnings.filter { $0.message == "the line does not match the log format; skipped" }
        #expect(lineWarnings.map(\.provenance.location) == (2...6).map { .line(number: $0) })  // the first five only
        #expect(warnings.contains { $0.message == "7 of 9 lines did not match the log format and were skipped" })
    }

    @Test func nothingMatchingIsAnErrorShowingTheFirstLine() {
        do {
            _ = try readLog("#Version: 1.0\n#Fields: date time c-ip\n2009-07-20 22:59:26 10.0.0.1\n", format: "combined")
            Issue.record("expected an error")
        } catch {
            #expect(error.place == .line(1))
            #expect(error.message.contains("no line matches the log format"))
            #expect(error.message.contains("first line: #Version: 1.0"))
        }
    }

    @Test func incompleteLastLineIsSkippedNotCountedAsBad() throws {
        let (transactions, warnings) = try readLog(Self.nginxLine + "\n" + String(Self.nginxLine.prefix(60)))
        #expect(transactions.count == 1)
        #expect(warnings.map(\.message) == ["the last line is incomplete (the log may still be being written); it was skipped", Self.nginxFirstSetCookieOnly])
    }

    @Test func schemeIsAssumedAndSaid() throws {
        let line = #"10.0.0.7 - - [26/Nov/2026:16:58:21 +0000] "GET / HTTP/1.1" 200 5 "-" "curl""#
        let (unknown, unknownWarnings) = try readLog(line, format: "combined")
        #expect(unknown.first?.scheme == .unknown)
        #expect(unknownWarnings.contains { $0.message.contains("the log does not record the scheme; cookies are judged as if the scheme were unknown") })
        let (assumed, assumedWarnings) = try readLog(line, format: "combined", scheme: .https)
        #expect(assumed.first?.scheme == .https)
        #expect(assumedWarnings.contains { $0.message == "the log does not record the scheme; https was assumed" })
        #expect(assumedWarnings.contains { $0.message.contains("records no Set-Cookie header") })
    }

    @Test func presetsAreDetected() throws {
        let apache = #"127.0.0.1 - - [26/Nov/2026:16:58:21 +0000] "GET / HTTP/1.1" 200 26 "-" "curl/7.88.1" localhost 80 "-" "PHPSESSID=84c7; path=/""#
        let t = try #require(try readLog(apache).transactions.first)
        #expect(t.request.host == "localhost")  // not taken for nginx's "$scheme $host": "localhost" is no scheme
        #expect(t.scheme == .http)
    }

    @Test(.enabled(if: Corpus.isAvailable, "../shared/corpus is absent"))
    func corpusLogs() throws {
        let logs = Corpus.packageRoot.appendingPathComponent("../shared/corpus/logs").standardized
        func read(_ name: String, format: String? = nil) throws -> (transactions: [HTTPTransaction], warnings: [InputWarning]) {
            let source = try InputOpener.open(path: logs.appendingPathComponent(name).path, kind: nil, logs: LogReadingOptions(format: format))
            var result: ([HTTPTransaction], [InputWarning]) = ([], [])
            try source.read(onTransaction: { result.0.append($0) }, onWarning: { result.1.append($0) })
            return result
        }
        // lnav's own parse of this file (lnav-logfile_access_log.0.lnav.json) lists the same three requests.
        let lnav = try read("lnav-logfile_access_log.0")
        #expect(lnav.transactions.map { "\($0.request.method) \($0.request.target) \($0.response?.status ?? 0)" }
                == ["GET /vmw/cgi/tramp 200", "GET /vmw/vSphere/default/vmkboot.gz 404", "GET /vmw/vSphere/default/vmkernel.gz 200"])
        let bad = try read("lnav-logfile_bad_access_log.0")
        #expect(bad.transactions.count == 2)
        #expect(bad.warnings.contains { $0.provenance.location == .line(number: 2) })
        let hackers = try read("logparser-hackers-access.log")
        #expect(hackers.transactions.count == 3456)
        let omniture = try read("logparser-omniture-access.log")
        // Combined plus "%{Cookie}i": detected as the combined-cookie preset.
        #expect(omniture.transactions.first?.request.fields.values("Cookie") == ["jquery-ui-theme=Eggplant; BuI=SomeThing; Apache=127.0.0.1.1351111543699529"])
        #expect(omniture.transactions.first?.client?.address == "2001:980:91c0:1:8d31:a232:25e5:85d")
        // Oracle Web Cache's W3C extended log: quoted fields, cs(Referrer), and local times at
        // the #GMT-Offset of -0800 (00:00:18 there is 08:00:18 UTC), as the directives say.
        let w3c = try read("lnav-logfile_w3c.1")
        let entry = try #require(w3c.transactions.first)
        #expect(w3c.transactions.count == 1)
        #expect(entry.request.fields.values("Cookie") == ["BIGipServerwww_webcache_pool=1443321748.19460.0000;ORA_UCM_AGID=%2fMP%2f8M7%3etSHPV%40%2fS%3f%3fDh3VHO"])
        #expect(entry.request.fields.first("Referer") == "http://www.oracle.com/nl/partner/content.html")
        #expect(entry.request.fields.first("User-Agent") == "Mozilla/4.5 [en] (WinNT; I)")
        #expect(entry.requestTime == Date(timeIntervalSince1970: 1_004_515_218))  // 2001-10-31T08:00:18Z
        #expect(entry.client?.address == "64.103.37.2" && entry.request.target == "/admin/images/oc_bottomleft.gif" && entry.response?.status == 200)
    }
}

/// IIS's W3C extended log, as IIS 10 writes it with the Cookie and Host fields switched on
/// (its default field set plus cs-host and cs(Cookie); Microsoft's "W3C logging fields"): spaces
/// in values written as "+", the query apart from the path, UTC times.
struct W3CLogTests {
    static let iis = """
        #Software: Microsoft Internet Information Services 10.0
        #Version: 1.0
        #Date: 2026-11-27 09:14:02
        #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status time-taken
        2026-11-27 09:14:02 10.0.0.5 GET /Account/Login ReturnUrl=%2F 443 - 203.0.113.7 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - - shop.example 200 0 0 46
        2026-11-27 09:14:09 10.0.0.5 POST /Account/Login - 443 - 203.0.113.7 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) ASP.NET_SessionId=qd2xkq0mvz5ihxr2yq1ftc3a;+.ASPXAUTH=6F1C+9A https://shop.example/Account/Login shop.example 302 0 0 15
        #Fields: date time c-ip cs-method cs-uri-stem sc-status
        2026-11-27 09:15:00 203.0.113.8 GET /health 200
        2026-11-27 09:15:01 203.0.113.8 GET /health
        """

    func read(_ text: String, format: String? = nil) throws -> (transactions: [HTTPTransaction], warnings: [InputWarning]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("w3c-\(UUID().uuidString).log")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try InputOpener.open(path: url.path, kind: nil, logs: LogReadingOptions(format: format))
        var result: ([HTTPTransaction], [InputWarning]) = ([], [])
        try source.read(onTransaction: { result.0.append($0) }, onWarning: { result.1.append($0) })
        return result
    }

    @Test func iisEntriesBecomeTransactions() throws {
        let (transactions, warnings) = try read(Self.iis + "\n")
        #expect(transactions.count == 3)
        let login = transactions[1]
        #expect(login.request.method == "POST" && login.request.target == "/Account/Login" && login.response?.status == 302)
        #expect(transactions[0].request.target == "/Account/Login?ReturnUrl=%2F")
        #expect(login.scheme == .https && login.request.host == "shop.example")
        #expect(login.request.fields.first("User-Agent") == "Mozilla/5.0 (Windows NT 10.0; Win64; x64)")
        // Only the "+" after a ";" was a space: the one inside the .ASPXAUTH value is kept.
        #expect(login.request.fields.first("Cookie") == "ASP.NET_SessionId=qd2xkq0mvz5ihxr2yq1ftc3a; .ASPXAUTH=6F1C+9A")
        #expect(login.requestTime == Date(timeIntervalSince1970: 1_795_770_849))  // 2026-11-27T09:14:09Z
        #expect(login.client?.address == "203.0.113.7")
        // A second #Fields directive changes the layout; an entry short of it is skipped and said.
        #expect(transactions[2].request.target == "/health" && transactions[2].client?.address == "203.0.113.8")
        #expect(warnings.contains { $0.provenance.location == .line(number: 9) && $0.message.contains("5 fields where #Fields names 6") })
        #expect(warnings.contains { $0.message.contains("records no Set-Cookie header") && $0.message.contains("only the cookies clients sent") })
    }

    @Test func entriesBeforeAnyFieldsDirectiveAreAnError() throws {
        for format in [nil, "w3c"] {
            do {
                _ = try read("#Version: 1.0\n2026-11-27 09:14:02 GET /\n", format: format)
                Issue.record("expected an error")
            } catch let error as InputError {
                #expect(error.message.contains("its entries come before any #Fields directive"), "\(error.message)")
            }
        }
    }

    /// Amazon CloudFront's standard log with cookie logging on: its 33 fields in the order of
    /// Amazon's "Standard logging reference", tab-separated, every value percent-encoded once more
    /// than the client sent it (a `%3D` in a cookie value is logged `%253D`).
    static let cloudFront = [
        "#Version: 1.0",
        "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end",
        ["2026-11-27", "10:02:31", "FRA56-P1", "2391", "198.51.100.23", "POST", "d1example.cloudfront.net", "/login", "302",
         "https://shop.example.com/login", "Mozilla/5.0%20(X11;%20Linux%20x86_64;%20rv:132.0)%20Gecko/20100101%20Firefox/132.0",
         "next=%252Faccount", "_ga=GA1.1.1234.5678;%20sessionid=q2x8%253D%253D;%20theme=dark", "Miss", "b3Jx9kQ==",
         "shop.example.com", "https", "512", "0.021", "-", "TLSv1.3", "TLS_AES_128_GCM_SHA256", "Miss", "HTTP/2.0", "-", "-",
         "51234", "0.021", "Miss", "text/html", "0", "-", "-"].joined(separator: "\t"),
        ["2026-11-27", "10:02:33", "FRA56-P1", "1210", "10.1.2.3", "GET", "d1example.cloudfront.net", "/account", "200",
         "-", "curl/8.5.0", "-", "-", "Hit", "c4Kx1mQ==", "shop.example.com", "http", "90", "0.002", "203.0.113.9",
         "-", "-", "Hit", "HTTP/1.1", "-", "-", "40022", "0.002", "Hit", "text/html", "5120", "-", "-"].joined(separator: "\t"),
    ].joined(separator: "\n") + "\n"

    @Test func cloudFrontValuesAreDecodedOnceAndItsFieldsRead() throws {
        let (transactions, warnings) = try read(Self.cloudFront)
        #expect(transactions.count == 2)
        let login = try #require(transactions.first)
        // Every cookie keeps its name: read as logged, all but the first began with "%20".
        #expect(login.request.fields.first("Cookie") == "_ga=GA1.1.1234.5678; sessionid=q2x8%3D%3D; theme=dark")
        #expect(login.request.fields.first("User-Agent") == "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0")
        #expect(login.request.target == "/login?next=%2Faccount")
        // The host the browser asked for, not the distribution's; the scheme and version as logged.
        #expect(login.request.host == "shop.example.com" && login.scheme == .https && login.request.version == "HTTP/2.0")
        #expect(login.client?.address == "198.51.100.23" && login.response?.status == 302)
        #expect(login.requestTime == Date(timeIntervalSince1970: 1_795_773_751))  // 2026-11-27T10:02:31Z
        let account = transactions[1]
        #expect(account.scheme == .http && account.request.fields.first("Cookie") == nil)
        #expect(account.request.fields.first("X-Forwarded-For") == "203.0.113.9")
        #expect(warnings.contains { $0.message.contains("records no Set-Cookie header") && $0.message.contains("CloudFront") })
    }

    @Test func percentDecodingUndoesOneLayerAndLeavesStrayPercentSigns() {
        #expect(W3CFieldLayout.percentDecoded("a%2520b%3Bc") == "a%20b;c")
        #expect(W3CFieldLayout.percentDecoded("100%") == "100%" && W3CFieldLayout.percentDecoded("%zz%4") == "%zz%4")
        #expect(W3CFieldLayout.percentDecoded("%e2%82%ac") == "€")
    }

    @Test func quotedFieldsKeepTheirSpacesAndDoubledQuotes() {
        #expect(W3CLogSource.values(of: Array(#"a  "b c"   "say ""hi"""  -"#.utf8)) == ["a", "b c", #"say "hi""#, "-"])
        #expect(W3CLogSource.values(of: Array(#""unterminated"#.utf8)) == ["unterminated"])
    }
}

struct JSONLogTests {
    static let caddyLine = #"caddy  | {"level":"info","ts":1761019828.6153953,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"172.19.0.1","client_ip":"172.19.0.1","proto":"HTTP/1.1","method":"POST","host":"shop.example.com:443","uri":"/login","tls":{"version":772},"headers":{"Cookie":["sid=old"],"User-Agent":["curl"]}},"status":302,"resp_headers":{"Set-Cookie":["sid=new; Path=/; HttpOnly","theme=dark"]}}"#

    func read(_ text: String, mapping: JSONLogMapping? = nil) throws -> (transactions: [HTTPTransaction], warnings: [InputWarning]) {
        let path = try temporary(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try InputOpener.open(path: path, kind: nil, logs: LogReadingOptions(jsonMapping: mapping))
        var result: ([HTTPTransaction], [InputWarning]) = ([], [])
        try source.read(onTransaction: { result.0.append($0) }, onWarning: { result.1.append($0) })
        return result
    }

    func temporary(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("json-\(UUID().uuidString).log")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func caddyEntriesAfterAComposePrefix() throws {
        let (transactions, warnings) = try read(#"caddy  | {"level":"info","msg":"using config from file"}"# + "\n" + Self.caddyLine + "\n")
        let t = try #require(transactions.first)
        #expect(transactions.count == 1)
        #expect(t.request.method == "POST" && t.request.target == "/login" && t.request.host == "shop.example.com")
        #expect(t.scheme == .https)  // request.tls is present
        #expect(t.response?.status == 302)
        #expect(t.response?.fields.values("Set-Cookie") == ["sid=new; Path=/; HttpOnly", "theme=dark"])
        #expect(t.request.fields.values("Cookie") == ["sid=old"])
        #expect(t.client == Endpoint(address: "172.19.0.1"))
        #expect(t.provenance.location == .line(number: 2))
        #expect(warnings.map(\.message) == ["1 lines were not access-log entries (other log messages) and were skipped"])
    }

    @Test func redactedCredentialsAreSaidNotJudged() throws {
        let line = Self.caddyLine.replacingOccurrences(of: #"["sid=new; Path=/; HttpOnly","theme=dark"]"#, with: #"["REDACTED"]"#)
        let (transactions, warnings) = try read(line + "\n")
        #expect(transactions.first?.response?.fields.values("Set-Cookie") == [])
        #expect(warnings.contains { $0.message.hasPrefix("1 Cookie or Set-Cookie values were redacted by the server") })
    }

    /// Traefik's JSON access log with the Cookie and Set-Cookie headers kept: the core fields
    /// as Traefik names them (logdata.go), headers as flat `request_NAME` / `downstream_NAME`
    /// keys, a header's several values joined by "," (logger.go).
    static let traefikLine = #"{"ClientAddr":"198.51.100.7:52654","ClientHost":"198.51.100.7","ClientPort":"52654","ClientUsername":"-","DownstreamContentSize":0,"DownstreamStatus":302,"Duration":3454189,"OriginContentSize":0,"OriginDuration":3427197,"OriginStatus":302,"Overhead":26992,"RequestAddr":"app.example.com","RequestContentSize":41,"RequestCount":5,"RequestHost":"app.example.com","RequestMethod":"POST","RequestPath":"/login?next=%2F","RequestPort":"-","RequestProtocol":"HTTP/2.0","RequestScheme":"https","RetryAttempts":0,"RouterName":"app@docker","ServiceAddr":"10.0.1.8:8000","ServiceName":"app@docker","ServiceURL":"http://10.0.1.8:8000","StartLocal":"2026-11-27T10:05:40.189830187+01:00","StartUTC":"2026-11-27T09:05:40.189830187Z","TLSCipher":"TLS_AES_128_GCM_SHA256","TLSVersion":"1.3","downstream_Location":"/","downstream_Set-Cookie":"sessionid=k3J9q; HttpOnly; Path=/; SameSite=Lax; Secure,csrftoken=Zx81; expires=Fri, 26 Nov 2027 09:05:40 GMT; Max-Age=31449600; Path=/; SameSite=Lax","entryPointName":"websecure","level":"info","msg":"","request_Cookie":"csrftoken=Zx81; sessionid=old7","request_User-Agent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0","time":"2026-11-27T10:05:40+01:00"}"#

    @Test func traefikEntriesWithTheirFlatHeaderKeys() throws {
        let (transactions, warnings) = try read(Self.traefikLine + "\n")
        let t = try #require(transactions.first)
        #expect(t.request.method == "POST" && t.request.target == "/login?next=%2F" && t.request.host == "app.example.com")
        #expect(t.scheme == .https && t.request.version == "HTTP/2.0" && t.response?.status == 302)
        #expect(t.client == Endpoint(address: "198.51.100.7"))
        #expect(t.requestTime.map { $0.timeIntervalSince1970.rounded(.down) } == 1_795_770_340)  // 2026-11-27T09:05:40Z
        #expect(t.request.fields.values("Cookie") == ["csrftoken=Zx81; sessionid=old7"])
        #expect(t.request.fields.first("User-Agent") == "Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0")
        // Split where Traefik joined them, not inside the Expires date.
        #expect(t.response?.fields.values("Set-Cookie") == [
            "sessionid=k3J9q; HttpOnly; Path=/; SameSite=Lax; Secure",
            "csrftoken=Zx81; expires=Fri, 26 Nov 2027 09:05:40 GMT; Max-Age=31449600; Path=/; SameSite=Lax"])
        #expect(t.response?.fields.first("Location") == "/")
        #expect(warnings.isEmpty, "\(warnings.map(\.message))")
    }

    @Test func aLogWithoutCookieHeadersSaysHowToLogThem() throws {
        // Traefik's default: headers dropped, so only the User-Agent someone kept is there.
        let line = #"{"ClientHost":"198.51.100.7","DownstreamStatus":200,"RequestHost":"app.example.com","RequestMethod":"GET","RequestPath":"/","RequestProtocol":"HTTP/1.1","RequestScheme":"https","StartUTC":"2026-11-27T09:05:40Z","request_User-Agent":"curl/8.5.0","level":"info","msg":""}"#
        let (transactions, warnings) = try read(line + "\n")
        #expect(transactions.count == 1)
        #expect(warnings.contains { $0.message.hasPrefix("no entry carries a Cookie or Set-Cookie header") && $0.message.contains("Set-Cookie: keep") })
    }

    /// An nginx `log_format … escape=json` whose keys are the variables' names, the way most
    /// nginx JSON formats are written; the status unquoted, as `"status":$status` writes it.
    static let nginxJSON = [
        #"{"time_iso8601":"2026-11-27T10:00:01+01:00","remote_addr":"198.51.100.4","request":"POST /login?next=%2F HTTP/1.1","status":302,"scheme":"https","host":"shop.example.com","http_user_agent":"Mozilla/5.0 (X11; Linux x86_64)","http_cookie":"csrftoken=Zx81; sessionid=old7","sent_http_set_cookie":"sessionid=k3J9q; HttpOnly; Path=/; SameSite=Lax; Secure","request_time":"0.012"}"#,
        #"{"time_local":"27/Nov/2026:10:00:02 +0100","remote_addr":"198.51.100.4","request_method":"GET","request_uri":"/account","status":"200","server_port":"443","http_host":"shop.example.com","http_cookie":"-","sent_http_set_cookie":""}"#,
        #"{"level":"info","msg":"worker started"}"#,
    ].joined(separator: "\n") + "\n"

    @Test func nginxJSONKeyedByVariableNames() throws {
        let (transactions, warnings) = try read(Self.nginxJSON)
        #expect(transactions.count == 2)
        let login = try #require(transactions.first)
        #expect(login.request.method == "POST" && login.request.target == "/login?next=%2F" && login.request.version == "HTTP/1.1")
        #expect(login.response?.status == 302 && login.scheme == .https && login.request.host == "shop.example.com")
        #expect(login.client == Endpoint(address: "198.51.100.4"))
        #expect(login.requestTime == Date(timeIntervalSince1970: 1_795_770_001))  // 2026-11-27T09:00:01Z
        #expect(login.request.fields.first("Cookie") == "csrftoken=Zx81; sessionid=old7")
        #expect(login.request.fields.first("User-Agent") == "Mozilla/5.0 (X11; Linux x86_64)")
        #expect(login.response?.fields.values("Set-Cookie") == ["sessionid=k3J9q; HttpOnly; Path=/; SameSite=Lax; Secure"])
        // The other spellings: method and URI apart, the local time, the port for the scheme.
        let account = transactions[1]
        #expect(account.request.method == "GET" && account.request.target == "/account" && account.response?.status == 200)
        #expect(account.requestTime == Date(timeIntervalSince1970: 1_795_770_002) && account.scheme == .https)
        #expect(account.request.host == "shop.example.com" && account.request.fields.first("Cookie") == nil)
        #expect(warnings.map(\.message) == ["1 lines were not access-log entries (other log messages) and were skipped"])
    }

    @Test func jsonLinesOfUnknownFieldsAreRefusedWithWhatToDo() throws {
        let lines = #"{"ts":1,"verb":"GET","path":"/"}"# + "\n" + #"{"ts":2,"verb":"GET","path":"/a"}"# + "\n"
        do {
            _ = try read(lines)
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.message.hasPrefix("a JSON-lines log, but its fields are not Caddy's, Traefik's or nginx variable names"), "\(error.message)")
            #expect(error.message.contains("json-log-fields"))
        }
    }

    @Test func headerKeysByPrefix() {
        let object: [String: Any] = ["request_Cookie": "a=1", "request_": "no name", "RequestMethod": "GET", "nested": ["h_X-A": "1", "h_X-B": ["2", "3"]]]
        #expect(JSONLogSource.headerValues(at: "request_*", in: object).map(\.name) == ["Cookie"])
        #expect(JSONLogSource.headerValues(at: "nested.h_*", in: object).map(\.name) == ["X-A", "X-B"])
        #expect(JSONLogSource.headerValues(at: "missing.h_*", in: object).isEmpty)
    }

    @Test func genericMappingFromTheConfiguration() throws {
        var mapping = JSONLogMapping()
        mapping.set("method", "http.method")
        mapping.set("target", "http.path")
        mapping.set("host", "http.host")
        mapping.set("status", "http.status")
        mapping.set("scheme", "http.scheme")
        mapping.set("time", "time")
        mapping.set("response-headers", "http.response_headers")
        let line = #"{"time":"2026-11-26T16:58:21Z","http":{"method":"GET","path":"/x","host":"a.example","status":200,"scheme":"https","response_headers":{"set-cookie":"s=1"}}}"#
        let t = try #require(try read(line + "\n", mapping: mapping).transactions.first)
        #expect(t.request.method == "GET" && t.request.host == "a.example" && t.scheme == .https)
        #expect(t.requestTime == Date(timeIntervalSince1970: 1_795_712_301))
        #expect(t.response?.fields.values("Set-Cookie") == ["s=1"])
    }

    @Test func nginxEscapeJSON() throws {
        let format = try LogFormat(parsing: #"escape=json {"addr":"$remote_addr","request":"$request","status":"$status","set_cookie":"$sent_http_set_cookie"}"#)
        #expect(format.escaping == .json)
        let line = #"{"addr":"10.0.0.7","request":"GET /a\u0022b HTTP/1.1","status":"200","set_cookie":"s=1; Path=/"}"#
        var transactions: [HTTPTransaction] = []
        try AccessLogSource(inputName: "j.log", data: Data((line + "\n").utf8), format: format, assumedScheme: .https)
            .read(onTransaction: { transactions.append($0) }, onWarning: { _ in })
        #expect(transactions.first?.request.target == #"/a"b"#)
        #expect(transactions.first?.response?.fields.values("Set-Cookie") == ["s=1; Path=/"])
    }
}

struct LineReaderTests {
    /// Each line as "number complete length first-byte last-byte", and the reader afterwards.
    func read(_ bytes: InputBytes, maxLineLength: Int = Limits().lineBytes) throws -> (lines: [String], reader: LineReader) {
        var result: [String] = []
        var reader = LineReader(maxLineLength: maxLineLength)
        try reader.forEachLine(of: bytes, name: "t.log") { number, line, complete in
            result.append("\(number) \(complete) \(line.count) \(line.first ?? 0) \(line.last ?? 0)")
        }
        return (result, reader)
    }

    func lines(_ bytes: InputBytes) throws -> [String] { try read(bytes).lines }

    static let bound = Limits().lineBytes

    /// 40,000 lines over 3 MiB, one of them longer than the line bound, the last unterminated.
    static let text: [UInt8] = {
        var text: [UInt8] = []
        for i in 0..<40_000 {
            text += Array("10.0.0.\(i % 250) GET /\(String(repeating: "p", count: i % 97)) \(i)\r\n".utf8)
            if i == 20_000 { text += Array(repeating: UInt8(ascii: "x"), count: bound + 5_000) + [0x0A] }
        }
        return text + Array("last line without a newline".utf8)
    }()

    func temporaryFile(_ bytes: [UInt8], suffix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sessionlint-lines-\(UUID().uuidString)\(suffix)")
        try Data(bytes).write(to: url)
        return url
    }

    /// A file is read in 1 MiB chunks: lines across chunk ends, an over-long line (cut at the
    /// bound, and counted) and an unterminated last line must come out exactly as from memory.
    @Test func fileChunksGiveTheSameLinesAsMemory() throws {
        let url = try temporaryFile(Self.text, suffix: ".log")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(Self.text.count > 3 * ChunkReader.chunkSize)
        let fromFile = try read(.file(path: url.path))
        #expect(fromFile.lines == (try lines(.memory(Data(Self.text)))))
        #expect(fromFile.lines.count == 40_002)
        #expect(fromFile.lines[20_001].hasPrefix("20002 true \(Self.bound) "))  // cut at the bound
        #expect(fromFile.lines.last?.hasPrefix("40002 false 27 ") == true)
        #expect(fromFile.reader.linesCut == 1)
    }

    /// `.gz` logs are decompressed as they are read, in several members as logrotate writes
    /// them: the same lines as the plain file, with memory bounded by the chunk, not the file.
    @Test func gzipFilesStreamTheSameLines() throws {
        let half = Self.text.count / 2
        let url = try temporaryFile(compress(Array(Self.text[..<half]), windowBits: gzipWindow) + compress(Array(Self.text[half...]), windowBits: gzipWindow),
                                    suffix: ".log.gz")
        defer { try? FileManager.default.removeItem(at: url) }
        let streamed = try read(.gzip(.file(path: url.path), limit: .max))
        #expect(streamed.lines == (try lines(.memory(Data(Self.text)))))
        #expect(streamed.reader.notes.isEmpty)
    }

    /// A cut-off `.gz` keeps every line before the cut and says so; the decompression bound stops
    /// a bomb: lines up to it are read, the rest is not, and the note names the limit.
    @Test func damagedOrBoundlessGzipKeepsWhatCameBefore() throws {
        let packed = compress(Self.text, windowBits: gzipWindow)
        let cut = try temporaryFile(Array(packed.prefix(packed.count / 2)), suffix: ".gz")
        defer { try? FileManager.default.removeItem(at: cut) }
        let partial = try read(.gzip(.file(path: cut.path), limit: .max))
        #expect(partial.lines.count > 1_000 && partial.lines.count < 40_000)
        #expect(Array(partial.lines.dropLast()) == Array(try lines(.memory(Data(Self.text))).prefix(partial.lines.count - 1)))
        #expect(partial.reader.notes.first?.hasPrefix("the gzip data ends early") == true)

        // 64 MiB of newlines compress to about 64 KiB: read only up to the limit.
        let bomb = try temporaryFile(compress([UInt8](repeating: 0x0A, count: 64 << 20), windowBits: gzipWindow), suffix: ".gz")
        defer { try? FileManager.default.removeItem(at: bomb) }
        let bounded = try read(.gzip(.file(path: bomb.path), limit: 3 << 20))
        #expect(bounded.lines.count == 3 << 20)
        #expect(bounded.reader.notes == ["decompressing stopped at 3M (the decompressed-bytes limit); the rest of the file was not read"])
    }
}
