import Foundation
import Testing
import SessionLintCore
@testable import SessionLintReporters

/// Runs a Python check on a rendered report (the SARIF schema validator, an XML parser). Skipped
/// where python3 or the module is missing; .ci/run installs them.
enum Python {
    static let sarifSchema = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/schemas/sarif-schema-2.1.0.json").standardized.path

    static func available(_ module: String) -> Bool {
        (try? run("import \(module)", input: "")) == 0
    }

    static var canValidateSARIF: Bool { available("jsonschema") && FileManager.default.fileExists(atPath: sarifSchema) }

    @discardableResult
    static func run(_ script: String, input: String, arguments: [String] = []) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func validateSARIF(_ text: String) throws -> Bool {
        try run("import json, sys, jsonschema; jsonschema.validate(json.load(sys.stdin), json.load(open(sys.argv[1])))",
                input: text, arguments: [sarifSchema]) == 0
    }
}

func mixedReport() -> Report {
    var report = sampleReport()
    var baselined = report.findings[0]
    baselined.key.cookieName = "old_sid"
    baselined.status = .baselined
    var suppressed = report.findings[0]
    suppressed.key.cookieName = "debug"
    suppressed.severity = .low
    suppressed.status = .suppressed(reason: "internal host", source: Provenance(input: ".sessionlint.yml", location: .line(number: 7)))
    var lowOpen = report.findings[0]
    lowOpen.key.cookieName = "lang"
    lowOpen.severity = .info
    report.findings += [baselined, suppressed, lowOpen]
    report.comparedWithBaseline = true
    report.activeRules = ["cookie-missing-secure", "cookie-missing-httponly"]
    report.warnings = [InputWarning(provenance: Provenance(input: "site.har", location: .harEntry(index: 9), line: 400), message: "entry skipped: missing \"url\"")]
    report.configurationNotes = [InputWarning(provenance: Provenance(input: ".sessionlint.yml", location: .line(number: 12)), message: "suppression of cookie-too-large matched no finding")]
    return report
}

struct SARIFReporterTests {
    func document(_ report: Report) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(SARIFReporter().render(report).utf8)) as? [String: Any])
    }

    @Test func rulesResultsAndLocations() throws {
        let run = try #require((try document(mixedReport())["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "sessionlint")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let rule = try #require(rules.first)
        #expect(rule["id"] as? String == "cookie-missing-secure")
        #expect(rule["name"] as? String == "CookieMissingSecure")
        #expect((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
        let properties = try #require(rule["properties"] as? [String: Any])
        #expect(properties["security-severity"] as? String == "8.0")
        #expect((properties["tags"] as? [String])?.contains("external/cwe/cwe-614") == true)
        #expect(((rule["help"] as? [String: Any])?["markdown"] as? String)?.contains("CWE-614") == true)

        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 4)
        let first = results[0]
        #expect(first["ruleId"] as? String == "cookie-missing-secure" && first["ruleIndex"] as? Int == 0)
        #expect(first["level"] as? String == "error")
        #expect(first["baselineState"] as? String == "new")
        #expect(first["occurrenceCount"] as? Int == 3)
        let location = try #require((first["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "site.har")
        #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 1)  // HAR entry without a known line
        #expect(((location["logicalLocations"] as? [[String: Any]])?.first)?["fullyQualifiedName"] as? String == "log.entries[4]")
        #expect(((first["partialFingerprints"] as? [String: String])?["sessionlintFindingKey/v1"])?.count == 16)
        #expect((first["webRequest"] as? [String: Any])?["method"] as? String == "POST")

        #expect(results[1]["baselineState"] as? String == "unchanged")
        #expect(((results[1]["suppressions"] as? [[String: Any]])?.first)?["kind"] as? String == "external")
        #expect(((results[2]["suppressions"] as? [[String: Any]])?.first)?["justification"] as? String == "internal host")

        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == true)
        #expect((invocation["toolExecutionNotifications"] as? [Any])?.count == 1)
        #expect((invocation["toolConfigurationNotifications"] as? [Any])?.count == 1)
    }

    @Test(.enabled(if: Python.canValidateSARIF, "python3 with jsonschema, or ../shared/schemas, is absent"))
    func validatesAgainstTheOfficialSchema() throws {
        #expect(try Python.validateSARIF(SARIFReporter().render(mixedReport())))
        #expect(try Python.validateSARIF(SARIFReporter().render(sampleReport(findings: []))))
        // And the validator does catch a broken document.
        #expect(try !Python.validateSARIF(#"{"version": "2.1.0", "runs": [{"tool": {}}]}"#))
    }

    @Test func absolutePathsBecomeFileURIs() {
        #expect(uriReference("/tmp/my traffic.har") == "file:///tmp/my%20traffic.har")
        #expect(uriReference("captures/a b.har") == "captures/a%20b.har")
    }
}

struct JUnitReporterTests {
    @Test func caseperRuleAndInputFailurePerGatingFinding() {
        let xmlText = JUnitReporter().render(mixedReport())
        #expect(xmlText.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sessionlint\" tests=\"2\" failures=\"1\""))
        #expect(xmlText.contains("<testsuite name=\"site.har\" tests=\"2\" failures=\"1\""))
        #expect(xmlText.contains("<testcase classname=\"sessionlint.cookie-missing-httponly\" name=\"cookie-missing-httponly in site.har\" time=\"0\"/>"))
        #expect(xmlText.components(separatedBy: "<failure ").count - 1 == 1)  // the open high one; info is below --fail-on low
        #expect(xmlText.contains("[baselined]"))
        #expect(xmlText.contains("[suppressed: internal host]"))
        #expect(xmlText.contains("[below --fail-on, info]"))
    }

    @Test func escapesMarkupAndControlCharacters() {
        #expect(xml("a<b>&\"'\u{01}") == "a&lt;b&gt;&amp;&quot;&apos;\\x1")
    }

    @Test(.enabled(if: Python.available("xml.dom.minidom"), "python3 is absent"))
    func isWellFormedXML() throws {
        var report = mixedReport()
        report.findings[0].message = "evil <script>&\u{07} ]]>"
        #expect(try Python.run("import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.read())", input: JUnitReporter().render(report)) == 0)
    }
}

struct GitHubReporterTests {
    @Test func annotationsForOpenFindingsOnly() {
        let text = GitHubReporter().render(mixedReport())
        let lines = text.split(separator: "\n")
        #expect(lines.first == "::error file=site.har,line=1,title=cookie-missing-secure (high)%3A sessionid on shop.example.com::session cookie sessionid is set over HTTPS without Secure [site.har entry 4; 3 occurrence(s)]")
        #expect(lines.contains { $0.hasPrefix("::notice file=site.har,line=1,title=cookie-missing-secure (info)%3A lang") })
        #expect(!text.contains("old_sid") && !text.contains("debug on"))  // accepted findings are not annotated
        #expect(lines.contains("::warning file=site.har,line=400,title=sessionlint input warning::entry skipped: missing \"url\""))
    }

    @Test func escapesWorkflowCommandData() {
        var report = sampleReport()
        report.findings[0].message = "100% bad\nnext::line"
        report.findings[0].key.cookieName = "a,b:c"
        let text = GitHubReporter().render(report)
        #expect(text.contains("title=cookie-missing-secure (high)%3A a%2Cb%3Ac on shop.example.com::100%25 bad%0Anext::line"))
        #expect(text.split(separator: "\n").count == 1)
    }
}

struct MarkdownAndSummaryReporterTests {
    @Test func markdownHasTheVerdictCountsAndTopFindings() {
        let text = MarkdownReporter().render(mixedReport())
        #expect(text.hasPrefix("## sessionlint: 2 findings, ❌ fails the gate (`--fail-on low`)\n"))
        #expect(text.contains("| high | 1 | 1 | 0 |"))
        #expect(text.contains("| low | 0 | 0 | 1 |"))
        // The rule links to its documentation, the page the HTML report and SARIF point at.
        #expect(text.contains("| high | [`cookie-missing-secure`](https://github.com/sessionlint/sessionlint/blob/main/rules/cookie-missing-secure.yaml) | shop.example.com | `sessionid` |"))
        #expect(!text.contains("old_sid"))
    }

    @Test func markdownEscapesInputText() {
        var report = sampleReport()
        report.findings[0].message = "a | b <img src=x onerror=alert(1)> `code`\nnext"
        let text = MarkdownReporter().render(report)
        #expect(text.contains("a \\| b &lt;img src=x onerror=alert(1)&gt; 'code' next"))
    }

    @Test func markdownStaysUnderTheCommentLimit() {
        var report = sampleReport()
        report.findings = (0..<5000).map { i in
            var f = sampleReport().findings[0]
            f.key.cookieName = "cookie\(i)"
            f.message = String(repeating: "long message ", count: 30)
            return f
        }
        let text = MarkdownReporter().render(report)
        #expect(text.count < 65_536)
        #expect(text.contains("… and 4975 more"))
    }

    @Test func summaryCountsPerRuleAndSeverity() {
        let text = SummaryReporter().render(mixedReport())
        #expect(text.contains("cookie-missing-secure        0        1        0        0        1      2         2\n"))
        #expect(text.contains("all                          0        1        0        0        1      2         2\n"))
        #expect(text.hasSuffix("2 findings (1 high, 1 info) [1 baselined, 1 suppressed] in 1 input, 48,211 transactions, 1,204 clients, 2.1 s, 1 input warning, 1 configuration note\n"))
    }
}
