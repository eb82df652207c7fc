import Foundation
import Testing

/// The PHP example app visited through real nginx 1.22 and Apache 2.4 reverse proxies that log
/// with the cookie-aware presets (examples/logs/record.sh), against the HAR and the capture of
/// the same visit.
struct AccessLogScanTests {
    func findings(_ arguments: [String]) throws -> Set<String> {
        let result = try CLI.run(["scan"] + arguments + ["--report", "json", "--fail-on", "never"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return Set(((object["findings"] as? [[String: Any]]) ?? []).map {
            "\($0["ruleId"] ?? "") \(($0["cookie"] as? [String: Any])?["name"] ?? "") \($0["severity"] ?? "")"
        })
    }

    @Test func logsGiveTheSameAttributeFindingsAsTheHARAndTheCapture() throws {
        let har = try findings([CLI.example("php-session.har")])
        #expect(try findings([CLI.example("php-session.pcap")]) == har)
        // The logged visits also went through /prefs, which sets theme and layout.
        let shared: (String) -> Bool = { $0.contains(" PHPSESSID ") || $0.contains(" lang ") }
        #expect(try findings([CLI.example("logs/nginx-access.log")]).filter(shared) == har)
        #expect(try findings([CLI.example("logs/apache-access.log")]).filter(shared) == har)
    }

    @Test func burpItemsGiveTheSameFindingsAsTheHARAndTheCapture() throws {
        // The same mitmproxy recording, laid out as Burp's "Save items" (examples/burp/).
        let har = try findings([CLI.example("php-session.har")])
        #expect(try findings([CLI.example("php-session-burp.xml")]) == har)
        #expect(try findings([CLI.example("php-session-burp.xml"), "--input-type", "burp"]) == har)
        #expect(har.contains("cookie-missing-httponly PHPSESSID medium"))
    }

    @Test func whatEachServerLogsOfSeveralSetCookieHeaders() throws {
        // Apache joins them with ", " and both cookies are judged; nginx 1.22 logs only the first.
        let apache = try findings([CLI.example("logs/apache-access.log")])
        #expect(apache.contains("cookie-missing-secure layout low"))
        #expect(apache.contains("cookie-missing-httponly theme low"))
        let nginx = try findings([CLI.example("logs/nginx-access.log")])
        #expect(nginx.contains("cookie-missing-httponly theme low"))
        #expect(!nginx.contains { $0.contains(" layout ") })
    }

    @Test func gzipAndTheFormatOption() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gz = directory.appendingPathComponent("access.log.gz")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["sh", "-c", "gzip -c '\(CLI.example("logs/apache-access.log"))' > '\(gz.path)'"]
        try gzip.run(); gzip.waitUntilExit()
        #expect(try findings([gz.path]) == (try findings([CLI.example("logs/apache-access.log")])))
        let explicit = try findings([CLI.example("logs/apache-access.log"), "--log-format",
                                     #"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %v %p "%{Cookie}i" "%{Set-Cookie}o""#])
        #expect(explicit.count == 11)
    }

    @Test func unknownFormatExitsTwoWithTheFirstLine() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("odd.log")
        try Data("this is not an access log\nnor is this\n".utf8).write(to: log)
        let result = try CLI.run(["scan", log.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("odd.log:1: no line matches a known access-log format"))
        #expect(result.stderr.contains("\n  first line: this is not an access log"), "\(result.stderr)")  // on a line of its own
        let badFormat = try CLI.run(["scan", log.path, "--log-format", "%h %Z"])
        #expect(badFormat.status == 2)
        #expect(badFormat.stderr.contains("--log-format: unknown Apache format directive %Z"))
    }
}
