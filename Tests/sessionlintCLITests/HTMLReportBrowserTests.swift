import Foundation
import Testing

/// The HTML report in a real browser: headless Chromium (Debian's `chromium`; .ci/run installs
/// it) loads the report of the bundled PHP example and of a HAR with hostile cookie names and
/// values (with 300 more sessions of the same server, so the token charts are drawn), with the
/// page's own Content-Security-Policy in force. The DOM it builds must hold the
/// finding counts and the inventory, no element may carry a script or an event handler, and
/// the browser's log must show no console message or blocked load. Screenshots are written to
/// .build/html-report/ for people to look at. Without Chromium the test is skipped, except in CI.
struct HTMLReportBrowserTests {
    static let chromium: URL? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    static let output = CLI.packageRoot.appendingPathComponent(".build/html-report")

    /// A HAR whose cookies try to break out of the page: script tags, attribute breakers,
    /// javascript: URLs, entities.
    static func hostileHAR(at url: URL) throws {
        let cookies = [
            "<script>alert(1)</script>=v; Path=/", "sid=<img src=x onerror=alert(2)>; Path=/\"><svg onload=alert(3)>",
            "PHPSESSID=\"'><script>alert(4)</script>; Domain=javascript:alert(5); Path=/", "x&lt;y=&amp;; Path=/",
        ]
        let headers = cookies.map { ["name": "Set-Cookie", "value": $0] }
        let entry: [String: Any] = [
            "startedDateTime": "2026-11-26T10:00:00.000Z", "time": 1,
            "request": ["method": "GET", "url": "http://shop.example.com/<script>alert(6)</script>?q=\"><img src=x onerror=alert(7)>",
                        "httpVersion": "HTTP/1.1", "headers": [], "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 0],
            "response": ["status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": headers, "cookies": [],
                         "content": ["size": 0, "mimeType": "text/html"], "redirectURL": "", "headersSize": -1, "bodySize": 0],
            "cache": [:], "timings": ["send": 0, "wait": 1, "receive": 0],
        ]
        let har: [String: Any] = ["log": ["version": "1.2", "creator": ["name": "test", "version": "1"], "entries": [entry]]]
        try JSONSerialization.data(withJSONObject: har).write(to: url)
    }

    /// The DOM Chromium built from the page, and what it logged.
    static func open(_ page: URL, screenshot: URL) throws -> (dom: String, log: String) {
        guard let chromium else { throw CocoaError(.fileNoSuchFile) }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
                      "--enable-logging=stderr", "--v=0", "--window-size=1200,1800"]
        let dump = try CLI.run(common + ["--dump-dom", page.absoluteString], executable: chromium)
        _ = try CLI.run(common + ["--screenshot=\(screenshot.path)", page.absoluteString], executable: chromium)
        return (dump.stdout, dump.stderr)
    }

    @Test(.enabled(if: chromium != nil || ProcessInfo.processInfo.environment["CI"] == "true",
                   "headless Chromium is not installed (apt-get install chromium); .ci/run installs it"))
    func theReportLoadsInChromiumAndHostileValuesStayInert() throws {
        #expect(Self.chromium != nil, "CI must run this test: install chromium")
        try FileManager.default.createDirectory(at: Self.output, withIntermediateDirectories: true)
        let example = Self.output.appendingPathComponent("php-vulnerable.html")
        // The vulnerable app, and 300 fresh sessions of the same PHP server for the token charts.
        _ = try CLI.run(["scan", CLI.packageRoot.appendingPathComponent("examples/php-vulnerable.pcap").path,
                         CLI.packageRoot.appendingPathComponent("examples/tokens/php-sessions.pcap").path,
                         "--report", "html:\(example.path)", "--fail-on", "never"])
        let hostileHAR = Self.output.appendingPathComponent("hostile.har"), hostile = Self.output.appendingPathComponent("hostile.html")
        try Self.hostileHAR(at: hostileHAR)
        _ = try CLI.run(["scan", hostileHAR.path, "--report", "html:\(hostile.path)", "--fail-on", "never"])

        let page = try Self.open(example, screenshot: Self.output.appendingPathComponent("php-vulnerable.png"))
        #expect(page.dom.contains(#"data-severity="high"><b>2</b>high"#), "\(page.dom.prefix(2_000))")
        #expect(page.dom.contains(#"data-rule="session-not-rotated-on-login""#) && page.dom.contains(#"data-rule="session-not-invalidated-on-logout""#))
        #expect(page.dom.components(separatedBy: #"<tr class="inventory-row"#).count - 1 >= 1)
        #expect(page.dom.contains(#"<section id="tokens">"#) && page.dom.contains("<svg") && page.dom.contains("<rect"))  // the token charts
        #expect(page.dom.contains(#"<svg class="swimlane""#) && page.dom.contains(#"data-kind="login""#))  // the client's timeline
        #expect(FileManager.default.fileExists(atPath: Self.output.appendingPathComponent("php-vulnerable.png").path))

        let attack = try Self.open(hostile, screenshot: Self.output.appendingPathComponent("hostile.png"))
        #expect(attack.dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(attack.dom.prefix(3_000))")
        for page in [page, attack] {
            #expect(!page.dom.contains("<script") && !page.dom.contains("<img") && !page.dom.contains("<svg onload"))
            #expect(page.dom.range(of: #"<[^>]*\son[a-z]+="#, options: .regularExpression) == nil, "an element carries an event handler")
            #expect(!page.dom.contains("href=\"javascript"))
            let console = page.log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Refused") || $0.contains("Uncaught") }
            #expect(console.isEmpty, "\(console)")
        }
    }
}
