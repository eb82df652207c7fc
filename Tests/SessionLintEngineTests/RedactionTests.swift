import Testing
@testable import SessionLintEngine

/// Evidence URLs never show a query or a URL-rewritten session ID unless values are shown.
struct RedactionTests {
    @Test func queriesAndRewrittenSessionIDsAreRedacted() {
        let hidden = Redaction(showValues: false)
        #expect(hidden.url(scheme: .https, host: "shop.example", port: 443, target: "/cart?token=abc") == "https://shop.example/cart?<query redacted>")
        #expect(hidden.url(scheme: .http, host: "shop.example", port: 8080, target: "/a;JSESSIONID=0F3A?x=1") == "http://shop.example:8080/a;JSESSIONID=<redacted>")
        #expect(hidden.url(scheme: .https, host: "::1", port: nil, target: "/a;jsessionid=0F3A") == "https://[::1]/a;jsessionid=<redacted>")
        // After the query it is part of the query, and goes with it.
        #expect(hidden.url(scheme: .unknown, host: "h", port: nil, target: "/a?b;jsessionid=1") == "h/a?<query redacted>")
        #expect(hidden.url(scheme: .https, host: "h", port: nil, target: "/jsessionid=1;x") == "https://h/jsessionid=1;x")
        #expect(Redaction.redactedTarget(";jsessionid=") == ";jsessionid=<redacted>" && Redaction.redactedTarget("?") == "?<query redacted>")
        #expect(Redaction.redactedTarget("/é?q") == "/é?<query redacted>")
        let shown = Redaction(showValues: true)
        #expect(shown.url(scheme: .https, host: "h", port: nil, target: "/a;jsessionid=1?q=2") == "https://h/a;jsessionid=1?q=2")
    }
}
