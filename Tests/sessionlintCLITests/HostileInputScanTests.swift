import Foundation
import SessionLintTestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Hostile inputs through the real binary: what reaches the terminal, the reports and the file
/// system, and how much memory a bomb costs.
struct HostileInputScanTests {
    static let logLine = #"203.0.113.7 - - [26/Nov/2026:10:00:00 +0000] "GET /account HTTP/1.1" 200 512 "-" "Mozilla/5.0" https shop.example "sid=abc" "sid=def; Path=/""#

    /// Runs sessionlint under /usr/bin/time when it is installed, for the peak memory in MiB.
    static func runMeasured(_ arguments: [String]) throws -> (result: CLI.Result, peakMiB: Int?) {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return (try CLI.run(arguments), nil) }
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("time-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: report) }
        let result = try CLI.run(["-f", "%M", "-o", report.path, CLI.binary.path] + arguments, executable: URL(fileURLWithPath: "/usr/bin/time"))
        let kilobytes = (try? String(contentsOf: report, encoding: .utf8)).flatMap { Int($0.split(separator: "\n").last ?? "") }
        return (result, kilobytes.map { $0 / 1024 })
    }

    static func json(_ path: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
    }

    /// Three good lines, then 128 MiB of zeros without a newline, in 128 KiB of gzip: the good
    /// lines are read, the monster line is cut at line-bytes and reported, memory stays flat.
    @Test func aGzipBombLogIsReadInBoundedMemory() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = Array(Array(repeating: Self.logLine + "\n", count: 3).joined().utf8)
        let bomb = directory.appendingPathComponent("access.log.gz")
        try Data(compress(lines, windowBits: gzipWindow) + compress([UInt8](repeating: 0, count: 128 << 20), windowBits: gzipWindow)).write(to: bomb)
        #expect(try FileManager.default.attributesOfItem(atPath: bomb.path)[.size] as? Int ?? 0 < 1 << 20)

        let report = directory.appendingPathComponent("report.json")
        let (result, peak) = try Self.runMeasured(["scan", bomb.path, "--fail-on", "never", "--report", "json:\(report.path)"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try Self.json(report)
        #expect((json["summary"] as? [String: Any])?["transactions"] as? Int == 3)
        let warnings = (json["warnings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(warnings.contains("1 line was longer than line-bytes=1M and cut there"), "\(warnings)")
        if let peak { #expect(peak < 100, "peak \(peak) MiB for a 128 MiB decompressed line") }

        // With a decompression bound, reading stops there and says so.
        let bounded = try CLI.run(["scan", bomb.path, "--fail-on", "never", "--limit", "decompressed-bytes=4M", "--report", "json:\(report.path)"])
        #expect(bounded.status == 0, "\(bounded.stderr)")
        let boundedWarnings = (try Self.json(report)["warnings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(boundedWarnings.contains { $0.hasPrefix("decompressing stopped at 4M (the decompressed-bytes limit)") }, "\(boundedWarnings)")
    }

    /// A HAR nested 100,000 arrays deep: a clear error with file, line and column, exit 2.
    @Test func deeplyNestedJSONIsAnErrorNotACrash() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let deep = directory.appendingPathComponent("deep.har")
        let depth = 100_000
        try Data(("{\"log\":{\"version\":\"1.2\",\"entries\":[" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "]}}").utf8).write(to: deep)
        let result = try CLI.run(["scan", deep.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(deep.path):1:"), "\(result.stderr)")
        #expect(result.stderr.contains("nested"), "\(result.stderr)")
    }

    /// A HAR of 100,000 entries is read whole and every entry counted.
    @Test func aHARWithAHundredThousandEntries() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let entry = #"{"startedDateTime":"2026-11-26T10:00:00.000Z","time":1,"request":{"method":"GET","url":"https://shop.example/p","httpVersion":"HTTP/1.1","headers":[{"name":"Cookie","value":"sid=abc"}]},"response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[{"name":"Set-Cookie","value":"sid=abc; Path=/"}],"content":{"size":0,"mimeType":"text/html"}}}"#
        let har = directory.appendingPathComponent("big.har")
        try Data(("{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"t\",\"version\":\"1\"},\"entries\":[" + Array(repeating: entry, count: 100_000).joined(separator: ",") + "]}}").utf8).write(to: har)
        let report = directory.appendingPathComponent("report.json")
        let result = try CLI.run(["scan", har.path, "--fail-on", "never", "--report", "json:\(report.path)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect((try Self.json(report)["summary"] as? [String: Any])?["transactions"] as? Int == 100_000)

        // Bigger than the document bound: exit 2 and an error naming the file and the limit.
        let refused = try CLI.run(["scan", har.path, "--limit", "document-bytes=1M"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains(har.path) && refused.stderr.contains("document-bytes"), "\(refused.stderr)")
        // A small file is held to the bound as well.
        let small = try CLI.run(["scan", CLI.example, "--limit", "document-bytes=1K"])
        #expect(small.status == 2 && small.stderr.contains("document-bytes limit (1K)"), "\(small.stderr)")
    }

    /// Cookie names and values carrying HTML, ANSI escapes, CR LF and workflow-command syntax,
    /// in a HAR and in an access log with invalid UTF-8: every report format keeps them inert.
    @Test(arguments: ["text", "json", "sarif", "junit", "github", "markdown", "html", "summary"])
    func hostileCookieTextStaysInertInEveryFormat(format: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let setCookies = ["<script>alert(1)</script>\u{1B}[31m=\u{1B}]8;;http://x\u{07}v; Path=/", "sessionid=\u{1B}[2Jabc%0A::warning::x<img src=x onerror=alert(1)>; Path=/"]
        let headers = setCookies.map { ["name": "Set-Cookie", "value": $0] }
        let har: [String: Any] = ["log": ["version": "1.2", "entries": [[
            "startedDateTime": "2026-11-26T10:00:00Z", "time": 1,
            "request": ["method": "GET", "url": "https://evil.example/\u{1B}[2J<b>", "httpVersion": "HTTP/1.1", "headers": [["name": "Cookie", "value": "a=1"]]],
            "response": ["status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": headers, "content": ["size": 0, "mimeType": "text/html"]],
        ]]]]
        let harFile = directory.appendingPathComponent("evil.har")
        try JSONSerialization.data(withJSONObject: har).write(to: harFile)
        let log = directory.appendingPathComponent("evil.log")
        var logBytes = Array(#"203.0.113.7 - - [26/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5 "-" "UA"#.utf8) + [0x1B, 0x5B, 0x32, 0x4A, 0xFF, 0xFE]
        logBytes += Array(#"" https shop.example "sid=abc" "sid=<script>x</script>"#.utf8) + [0x1B, 0x5D, 0x07, 0xC3] + Array("; Path=/\"\n".utf8)
        try Data(logBytes).write(to: log)

        for input in [harFile, log] {
            let output = directory.appendingPathComponent("report")
            let result = try CLI.run(["scan", input.path, "--fail-on", "never", "--report", "\(format):\(output.path)", "--report", "text"])
            #expect(result.status == 0, "\(result.stderr)")
            let bytes = try Data(contentsOf: output)
            let text = String(decoding: bytes, as: UTF8.self)
            for stream in [text, result.stdout, result.stderr] {
                #expect(!stream.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" || $0.value == 0x7F },
                        "\(format) of \(input.lastPathComponent) carries raw control characters")
            }
            switch format {
            case "html", "markdown":
                #expect(!text.contains("<script>") && !text.contains("<img"), "\(format) lets markup through")
            case "json", "sarif":
                #expect(try JSONSerialization.jsonObject(with: bytes) is [String: Any])
            case "junit":
                #expect(XMLParser(data: bytes).parse(), "JUnit XML does not parse")
            case "github":
                // One workflow command per line; text from the traffic cannot start another.
                for line in text.split(separator: "\n") { #expect(line.hasPrefix("::error ") || line.hasPrefix("::warning ") || line.hasPrefix("::notice "), "\(line)") }
            default:
                break
            }
        }
    }

    /// Every kind of input reads the same from a file, from standard input, and gzip-compressed
    /// either way (captures on standard input are copied to a temporary file for libpcap).
    @Test(arguments: ["examples/php-session.pcap", "examples/django-tutorial.har", "examples/logs/nginx-access.log"])
    func filesStandardInputAndGzipGiveTheSameFindings(example: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = CLI.packageRoot.appendingPathComponent(example)
        let compressed = directory.appendingPathComponent(original.lastPathComponent + ".gz")
        try Data(compress(Array(try Data(contentsOf: original)), windowBits: gzipWindow)).write(to: compressed)
        func findings(_ arguments: [String], input: URL? = nil) throws -> [String] {
            let report = directory.appendingPathComponent("report-\(UUID().uuidString).json")
            let result = try CLI.run(["scan"] + arguments + ["--fail-on", "never", "--assume-scheme", "https", "--report", "json:\(report.path)"], input: input)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return (try Self.json(report)["findings"] as? [[String: Any]] ?? []).map { finding in
                let cookie = finding["cookie"] as? [String: Any]
                return "\(finding["ruleId"] as? String ?? "?") \(cookie?["name"] as? String ?? "?") \(finding["occurrences"] as? Int ?? -1)"
            }
        }
        let expected = try findings([original.path])
        #expect(!expected.isEmpty)
        #expect(try findings([compressed.path]) == expected)
        #expect(try findings(["-"], input: original) == expected)
        #expect(try findings(["-"], input: compressed) == expected)
    }
}
