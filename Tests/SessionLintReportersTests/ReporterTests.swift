import Foundation
import Testing
import SessionLintCore
@testable import SessionLintReporters

func sampleReport(findings: [Finding]? = nil, warnings: [InputWarning] = [], threshold: Severity? = .low) -> Report {
    let evidence = Evidence(
        provenance: Provenance(input: "site.har", location: .harEntry(index: 4)),
        time: Date(timeIntervalSince1970: 1_709_287_200), method: "POST", url: "https://shop.example.com/login",
        excerpt: "Set-Cookie: sessionid=<redacted 32 bytes>; Path=/")
    let finding = Finding(
        key: Finding.Key(rule: "cookie-missing-secure", host: "shop.example.com", cookieName: "sessionid", cookiePath: "/"),
        severity: .high, message: "session cookie sessionid is set over HTTPS without Secure", isSessionCookie: true,
        occurrences: 3, first: evidence, last: evidence, clients: ["10.0.0.7"])
    let rule = RuleDescription(
        id: "cookie-missing-secure", name: "Cookie without Secure", summary: "s", description: "d", severity: .high,
        severityReasoning: "r", scope: .setCookie, optIn: false, references: .init(cwe: [614]), remediation: [], options: [])
    return Report(
        findings: findings ?? [finding], warnings: warnings, inputs: ["site.har"], transactionCount: 48_211,
        clientCount: 1_204, elapsedSeconds: 2.06, rules: ["cookie-missing-secure": rule], failThreshold: threshold)
}

struct TextReporterTests {
    @Test func showsFindingEvidenceAndSummary() {
        let text = TextReporter(colored: false).render(sampleReport())
        #expect(text.contains("HIGH      cookie-missing-secure  shop.example.com  sessionid (path /)"))
        #expect(text.contains("3 times; first at site.har entry 4: POST https://shop.example.com/login"))
        #expect(text.contains("Set-Cookie: sessionid=<redacted 32 bytes>; Path=/"))
        #expect(text.hasSuffix("1 finding (1 high) in 1 input, 48,211 transactions, 1,204 clients, 2.1 s\n"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func colourOnlyWhenAsked() {
        #expect(TextReporter(colored: true).render(sampleReport()).contains("\u{1B}[1;31mHIGH"))
    }

    @Test func stripsControlCharactersFromInputText() {
        var report = sampleReport()
        report.findings[0].message = "evil\u{1B}[2J\u{07}name"
        report.findings[0].first.url = "https://x/\u{1B}]0;title\u{07}"
        let text = TextReporter(colored: false).render(report)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("evil\\x1B[2J\\x07name"))
    }

    @Test func emptyReportSaysSo() {
        let text = TextReporter(colored: false).render(sampleReport(findings: []))
        #expect(text.hasPrefix("No findings.\n"))
        #expect(text.contains("0 findings in 1 input"))
    }

    @Test func warningsAreListed() {
        let warning = InputWarning(provenance: Provenance(input: "a.har", location: .harEntry(index: 0)), message: "cookie headers were stripped")
        let text = TextReporter(colored: false).render(sampleReport(findings: [], warnings: [warning]))
        #expect(text.contains("Input warnings\n  a.har entry 0: cookie headers were stripped"))
        #expect(!text.contains("No findings."))  // a stripped HAR is not a clean result
        #expect(text.contains("1 input warning"))
    }
}

struct JSONReporterTests {
    @Test func documentHasTheVersionedSchema() throws {
        let json = JSONReporter().render(sampleReport())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["findings"] as? Int == 1)
        #expect(summary["failed"] as? Bool == true)
        #expect(summary["failOn"] as? String == "low")
        #expect((summary["bySeverity"] as? [String: Int])?["high"] == 1)
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["ruleId"] as? String == "cookie-missing-secure")
        #expect(finding["ruleName"] as? String == "Cookie without Secure")
        #expect(finding["severity"] as? String == "high")
        #expect(finding["host"] as? String == "shop.example.com")
        #expect(finding["occurrences"] as? Int == 3)
        #expect(finding["clients"] as? [String] == ["10.0.0.7"])
        #expect(finding["cwe"] as? [Int] == [614])
        let cookie = try #require(finding["cookie"] as? [String: Any])
        #expect(cookie["name"] as? String == "sessionid" && cookie["path"] as? String == "/" && cookie["session"] as? Bool == true)
        let first = try #require(finding["first"] as? [String: Any])
        #expect(first["time"] as? String == "2024-03-01T10:00:00Z")
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["kind"] as? String == "har-entry" && location["index"] as? Int == 4 && location["input"] as? String == "site.har")
    }

    @Test func neverGateIsNotFailed() throws {
        let json = JSONReporter().render(sampleReport(threshold: nil))
        #expect(json.contains(#""failOn" : "never""#))
        #expect(json.contains(#""failed" : false"#))
    }
}

struct SeverityTests {
    @Test func orderingAndLowering() {
        #expect(Severity.info < .low && Severity.high < .critical)
        #expect(Severity.high.lowered(by: 1) == .medium)
        #expect(Severity.low.lowered(by: 5) == .info)
        #expect(Severity.medium.lowered(by: 0) == .medium)
    }

    @Test func terminalSafeKeepsUnicodeAndEscapesControls() {
        #expect(terminalSafe("café\u{9B}x\ty") == "café\\x9Bx y")
        #expect(terminalSafe("a\nb\r\u{1B}[2J") == "a\\x0Ab\\x0D\\x1B[2J")
        #expect(visibleControlCharacters("<p>\n\t\u{1B}[31m</p>\r\n", keepingLineBreaks: true) == "<p>\n\t\\x1B[31m</p>\r\n")
    }
}
