import Foundation
import Testing
import SessionLintCore
@testable import SessionLintReporters

/// The HTML report: what it shows, and that hostile values from the traffic stay inert text.
struct HTMLReporterTests {
    func inventoryEntry(name: String, path: String = "/", session: Bool = true, domain: String? = nil) -> CookieInventoryEntry {
        CookieInventoryEntry(
            host: "shop.example.com", name: name, path: path, domain: domain, secure: false, httpOnly: true, sameSite: "Lax",
            partitioned: false, lifetimeSeconds: 1_209_600, isSession: session, role: session ? "session: Django session cookie name" : "other",
            timesSet: 3, timesSetOverHTTP: 1, attributeVariants: session ? 2 : 1,
            firstSet: Provenance(input: "site.har", location: .harEntry(index: 2)), firstSetRequest: "GET https://shop.example.com/")
    }

    @Test func showsTheGradeCountsFindingsAndInventory() {
        var report = sampleReport()
        report.inventory = [inventoryEntry(name: "sessionid"), inventoryEntry(name: "csrftoken", session: false)]
        let html = HTMLReporter().render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains(#"<div class="grade" title="high findings, none critical">D"#))
        #expect(html.contains(#"<div class="count sev-high" data-severity="high"><b>1</b>high</div>"#))
        #expect(html.contains(#"<article class="rule" data-rule="cookie-missing-secure">"#))
        #expect(html.contains("session cookie sessionid is set over HTTPS without Secure"))
        #expect(html.contains("first at site.har entry 4"))
        #expect(html.components(separatedBy: #"<tr class="inventory-row"#).count - 1 == 2)
        #expect(html.contains("14 days") && html.contains("3 (1 over HTTP)") && html.contains(">varies</span>"))
        #expect(html.contains("Frameworks recognised from the cookies: <b>django</b>"))
        // Nothing runs and nothing is fetched: no script, no source; the only links lead to
        // the rules' documentation.
        #expect(!html.contains("<script") && !html.contains("src="))
        let links = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(links == ["https://github.com/sessionlint/sessionlint/blob/main/rules/cookie-missing-secure.yaml"])
    }

    @Test func gradesFollowTheWorstOpenFinding() {
        #expect(HTMLPage.grade([]).0 == "A")
        var report = sampleReport()
        report.findings[0].severity = .critical
        #expect(HTMLPage.grade(report.openFindings).0 == "F")
        report.findings[0].severity = .low
        #expect(HTMLPage.grade(report.openFindings).0 == "B")
        #expect(HTMLPage.lifetime(nil) == "browser session" && HTMLPage.lifetime(0) == "deleted" && HTMLPage.lifetime(3_600) == "60 minutes")  // the wording of the rules' messages
    }

    /// A cookie named like a script tag, a path that tries to close an attribute, a javascript:
    /// URL and an entity: all stay text.
    @Test func hostileValuesStayInert() {
        var report = sampleReport()
        report.findings[0].key.cookieName = "<script>alert(1)</script>"
        report.findings[0].message = #"cookie "<img src=x onerror=alert(2)>" &amp; more"#
        report.findings[0].first.url = "javascript:alert(3)"
        report.inventory = [inventoryEntry(name: "<script>alert(4)</script>", path: #"/" onmouseover="alert(5)"#, domain: "'><svg onload=alert(6)>")]
        report.warnings = [InputWarning(provenance: Provenance(input: "<b>x</b>.har", location: .whole), message: "</li><script>alert(7)</script>")]
        let html = HTMLReporter().render(report)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<svg") && !html.contains("<b>x</b>"))
        #expect(!html.contains(#"" onmouseover=""#) && !html.contains("'><"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("&quot; onmouseover=&quot;alert(5)"))
        #expect(html.contains("&amp;amp; more"))  // an entity in the traffic is shown as written, not decoded
        #expect(!html.contains("href=\"javascript"))
    }

    /// The session ID analysis drawn: one bar per position and per symbol, the verdict, the
    /// tests; a symbol that is markup stays text inside its tooltip.
    @Test func tokenAnalysesAreDrawn() {
        var report = sampleReport()
        report.tokenAnalyses = [TokenSummary(
            host: "shop.example.com", cookie: "sid", samples: 300, format: "identifier", shape: "hex (lower case), length 4, at most 16 bits",
            verdict: "CERTAIN", mechanisms: ["CERTAIN small-space: at most 16 bits"], notes: [], advice: nil,
            positionEntropy: [3.9, 4.0, 3.8, 4.0], bitsPerCharacter: 4,
            distribution: [.init(symbol: "a", count: 600), .init(symbol: "<", count: 500), .init(symbol: "b", count: 100)],
            characterTests: [.init(name: "char count", pValues: 5, smallestP: 1e-9, belowOnePercent: 2)], bitTests: [],
            effectiveEntropy: nil, minEntropy: "10.2 bits; a random source at this sample size: 14.9")]
        let html = HTMLReporter().render(report)
        #expect(html.contains(#"<article class="rule token" data-cookie="sid">"#) && html.contains(#"<span class="badge sev-high">CERTAIN</span>"#))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.components(separatedBy: "<rect").count - 1 == 4 + 3)
        #expect(html.contains("<title>&quot;&lt;&quot;: 500</title>"))
        #expect(html.contains(#"<td class="no">1.0e-09</td>"#))  // flagged below 1e-4
        #expect(!html.contains("Effective entropy:"))  // no statistics, no empty line
    }

    /// Every value goes through an escaping tag: the template never uses Mustache's raw forms.
    @Test func theTemplateNeverWritesRawValues() {
        #expect(!HTMLTemplate.page.contains("{{{") && !HTMLTemplate.page.contains("{{&"))
    }
}
