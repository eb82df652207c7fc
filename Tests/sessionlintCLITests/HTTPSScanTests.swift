import Foundation
import Testing

/// examples/https: the PHP example (no session rotation at login) behind nginx with TLS, driven
/// by curl over HTTP/1.1 and HTTP/2, TLS 1.2 and 1.3, with the key logs curl wrote
/// (examples/php-app/capture-https.sh), and the same visit in clear.
struct HTTPSScanTests {
    static let variants = ["php-h1-tls12", "php-h1-tls13", "php-h2-tls12", "php-h2-tls13"]

    /// (rule, cookie) of every finding in the JSON report.
    static func findings(_ arguments: [String]) throws -> Set<String> {
        let result = try CLI.run(["scan"] + arguments + ["--report", "json", "--fail-on", "never"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        return Set(findings.map { "\($0["ruleId"] as? String ?? "?") \(($0["cookie"] as? [String: Any])?["name"] as? String ?? "-")" })
    }

    @Test(arguments: variants)
    func decryptedTrafficGivesTheFindingsOfTheSameVisitInClear(variant: String) throws {
        let clear = try Self.findings([CLI.example("https/php-clear.pcap")])
        let https = try Self.findings([CLI.example("https/\(variant).pcap"), "--keylog", CLI.example("https/\(variant).keylog")])
        #expect(clear.contains("session-not-rotated-on-login PHPSESSID"))
        // Over HTTPS the session cookie is not sent in clear; every other finding is the same.
        #expect(https == clear.subtracting(["session-cookie-sent-over-http PHPSESSID"]))
    }

    @Test func theConfigurationCanNameTheKeyLog() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sessionlint-keylog-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(atPath: CLI.example("https/php-h1-tls12.keylog"), toPath: directory.appendingPathComponent("keys.log").path)
        try "keylog: keys.log\n".write(to: directory.appendingPathComponent(".sessionlint.yml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["scan", CLI.example("https/php-h1-tls12.pcap"), "--fail-on", "never"], in: directory)
        #expect(result.stdout.contains("6 TLS connections: 6 decrypted"), "\(result.stdout)")
    }

    @Test func withoutTheKeyLogNothingIsSeenAndTheReportSaysWhy() throws {
        let result = try CLI.run(["scan", CLI.example("https/php-h2-tls13.pcap")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("6 TLS connections: 6 not decrypted because no key log was given (--keylog)"))
    }

    @Test func transactionsShowTheHTTPAndTLSVersions() throws {
        let result = try CLI.run(["transactions", CLI.example("https/php-h2-tls12.pcap"), "--keylog", CLI.example("https/php-h2-tls12.keylog")])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[3].contains("\tPOST\tshop.test\t/login\t302\tPHPSESSID,lang\t\tHTTP/2\tTLS 1.2\t"))
        let json = try CLI.run(["transactions", CLI.example("https/php-h1-tls13.pcap"), "--keylog", CLI.example("https/php-h1-tls13.keylog"), "--format", "json"])
        let first = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect(first["scheme"] as? String == "https" && first["http"] as? String == "HTTP/1.1" && first["tls"] as? String == "TLS 1.3")
    }

    @Test func aKeyLogThatCannotBeUsedIsAnErrorNamingIt() throws {
        let missing = try CLI.run(["scan", CLI.example("https/php-h2-tls13.pcap"), "--keylog", "/nonexistent/keys.log"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/keys.log: cannot read: no such file"))
        let notKeys = try CLI.run(["scan", CLI.example("https/php-h2-tls13.pcap"), "--keylog", CLI.example("https/php-clear.pcap")])
        #expect(notKeys.status == 2)
        #expect(notKeys.stderr.contains("php-clear.pcap:1: not a TLS key log"))
    }

    @Test func unusableKeyLogLinesAreWarningsWithTheirNumbers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sessionlint-keylog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = try String(contentsOfFile: CLI.example("https/php-h2-tls13.keylog"), encoding: .utf8)
        let damaged = directory.appendingPathComponent("keys.log")
        try ("# from curl\r\nCLIENT_RANDOM 00 11\r\n" + keys.replacingOccurrences(of: "\n", with: "\r\n")).write(to: damaged, atomically: true, encoding: .utf8)
        let result = try CLI.run(["scan", CLI.example("https/php-h2-tls13.pcap"), "--keylog", damaged.path, "--fail-on", "never"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("keys.log:line 2: key log line skipped: the client random of \"CLIENT_RANDOM\" is not 64 hex digits"))
        #expect(result.stdout.contains("6 TLS connections: 6 decrypted"))
    }
}
