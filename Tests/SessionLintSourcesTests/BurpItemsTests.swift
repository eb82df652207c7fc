import Foundation
import Testing
import SessionLintCore
@testable import SessionLintSources

/// Burp Suite's "Save items" export, laid out as Burp 2025 writes it: XML 1.1, a comment about
/// NUL bytes, the items DTD, then one `<item>` per request with the raw messages base64-encoded
/// or, when that option is off, as CDATA text (where XML turns every CRLF into LF).
struct BurpItemsTests {
    static let userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
    static let sessionID = "9b2f4c1d8e7a6b5c4d3e2f1a0b9c8d7e"

    static func item(time: String, path: String, request: String, response: String, base64: Bool) -> String {
        func encoded(_ text: String) -> String { base64 ? Data(text.utf8).base64EncodedString() : text }
        return """
              <item>
                <time>\(time)</time>
                <url><![CDATA[https://shop.example.com\(path)]]></url>
                <host ip="203.0.113.10">shop.example.com</host>
                <port>443</port>
                <protocol>https</protocol>
                <method><![CDATA[GET]]></method>
                <path><![CDATA[\(path)]]></path>
                <extension>null</extension>
                <request base64="\(base64)"><![CDATA[\(encoded(request))]]></request>
                <status>200</status>
                <responselength>100</responselength>
                <mimetype>HTML</mimetype>
                <response base64="\(base64)"><![CDATA[\(encoded(response))]]></response>
                <comment></comment>
              </item>

            """
    }

    static let header = """
        <?xml version="1.1"?>
        <!-- NOTE: NUL bytes in requests and responses are kept as they are here; base64-encode them to be safe. -->
        <!DOCTYPE items [
        <!ELEMENT items (item*)>
        <!ATTLIST items burpVersion CDATA "">
        <!ATTLIST host ip CDATA "">
        <!ATTLIST request base64 (true|false) "false">
        <!ATTLIST response base64 (true|false) "false">
        ]>
        <items burpVersion="2025.6.5" exportTime="Thu Nov 26 10:31:45 CET 2026">

        """

    /// A visit, a login that keeps the pre-login session ID, and the account page.
    static var visit: String {
        header
            + item(time: "Thu Nov 26 10:30:01 CET 2026", path: "/",
                   request: "GET / HTTP/2\r\nHost: shop.example.com\r\nUser-Agent: \(userAgent)\r\n\r\n",
                   response: "HTTP/2 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: PHPSESSID=\(sessionID); path=/\r\nContent-Length: 13\r\n\r\n<p>hello</p>\n",
                   base64: true)
            // Saved without base64: the CRLFs arrive as LFs, and the body is shorter than its length.
            + item(time: "Thu Nov 26 10:30:05 CET 2026", path: "/login",
                   request: "POST /login HTTP/1.1\nHost: shop.example.com\nUser-Agent: \(userAgent)\nCookie: PHPSESSID=\(sessionID)\n"
                       + "Content-Type: application/x-www-form-urlencoded\nContent-Length: 30\n\nusername=alice&password=s3cr3t",
                   response: "HTTP/1.1 302 Found\nLocation: /account\nContent-Length: 40\n\nmoved\nto the account\n",
                   base64: false)
            + item(time: "Thu Nov 26 10:30:06 CET 2026", path: "/account",
                   request: "GET /account HTTP/1.1\r\nHost: shop.example.com\r\nUser-Agent: \(userAgent)\r\nCookie: PHPSESSID=\(sessionID)\r\n\r\n",
                   response: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello",
                   base64: true)
            + "</items>\n"
    }

    func read(_ text: String) throws -> (transactions: [HTTPTransaction], warnings: [InputWarning]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("burp-\(UUID().uuidString).xml")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try InputOpener.open(path: url.path, kind: nil)
        var result: ([HTTPTransaction], [InputWarning]) = ([], [])
        try source.read(onTransaction: { result.0.append($0) }, onWarning: { result.1.append($0) })
        return result
    }

    @Test func itemsBecomeTransactionsFromTheirRawMessages() throws {
        let (transactions, warnings) = try read(Self.visit)
        #expect(warnings.isEmpty, "\(warnings.map(\.message))")
        #expect(transactions.count == 3)
        let first = try #require(transactions.first)
        #expect(first.request.method == "GET" && first.request.version == "HTTP/2" && first.scheme == .https)
        #expect(first.request.host == "shop.example.com" && first.server == Endpoint(address: "203.0.113.10", port: 443))
        #expect(first.response?.fields.values("Set-Cookie") == ["PHPSESSID=\(Self.sessionID); path=/"])
        #expect(first.response?.textBody == Array("<p>hello</p>\n".utf8))
        #expect(first.requestTime == Date(timeIntervalSince1970: 1_795_685_401))  // 2026-11-26T09:30:01Z: CET is UTC+1
        #expect(first.provenance.location == .line(number: 11))
        // The item saved as text: LF line ends, a form body, a response body short of its length.
        let login = transactions[1]
        #expect(login.request.method == "POST" && login.request.target == "/login" && login.response?.status == 302)
        #expect(login.request.fields.first("Cookie") == "PHPSESSID=\(Self.sessionID)")
        #expect(login.request.formBody == Array("username=alice&password=s3cr3t".utf8))
        #expect(login.response?.fields.first("Location") == "/account")
        #expect(transactions[2].request.target == "/account" && transactions[2].response?.status == 200)
    }

    @Test func kindIsToldFromTheContent() throws {
        #expect(try InputKind.detect(prefix: Array(Self.visit.utf8.prefix(512)), inputName: "x") == .burp)
        #expect(try InputKind.detect(prefix: Array(#"<items burpVersion="2026.7"><item>"#.utf8), inputName: "x") == .burp)
        #expect(try InputKind.detect(prefix: Array("<html><body>\n".utf8), inputName: "x") != .burp)
    }

    @Test func damagedItemsAreSkippedAndSaid() throws {
        let badBase64 = Self.visit.replacingOccurrences(of: "[CDATA[R0VUIC8g", with: "[CDATA[!!!!IC8g")
        let (transactions, warnings) = try read(badBase64)
        #expect(transactions.map(\.request.target) == ["/login", "/account"])
        #expect(warnings.map(\.message) == ["item skipped: its request is not valid base64"])
        #expect(warnings.first?.provenance.location == .line(number: 11))
    }

    @Test func nulBytesAsBurpKeepsThemAreRead() throws {
        // Burp keeps a message's NUL bytes when saving without base64, though XML forbids them.
        let withNul = Self.visit.replacingOccurrences(of: "Content-Length: 30\n", with: "X-Binary: a\u{0}b\nContent-Length: 30\n")
        let (transactions, warnings) = try read(withNul)
        #expect(transactions.count == 3 && warnings.isEmpty)
        #expect(transactions[1].request.fields.first("Cookie") == "PHPSESSID=\(Self.sessionID)")
    }

    @Test func aCutDocumentKeepsTheItemsBeforeTheCut() throws {
        let text = Self.visit
        let cut = String(text[..<text.range(of: "<time>Thu Nov 26 10:30:06")!.upperBound])
        let (transactions, warnings) = try read(cut)
        #expect(transactions.map(\.request.target) == ["/", "/login"])
        #expect(warnings.map(\.message) == ["the XML breaks off here (the document is cut short inside <time>); the 2 items before it were read"])
        #expect(throws: InputError.self) { _ = try read(String(text.prefix(200))) }
    }

    @Test func hostileEntitiesAreNeitherFetchedNorExpanded() throws {
        // An external entity naming a local file is left unresolved: its text never reaches a header.
        let external = Self.visit.replacingOccurrences(of: "<!ELEMENT items (item*)>", with: #"<!ENTITY xxe SYSTEM "file:///etc/passwd">"#)
            .replacingOccurrences(of: "<port>443</port>", with: "<port>443</port><comment>&xxe;</comment>")
        let (transactions, _) = try read(external)
        #expect(!transactions.contains { $0.request.fields.contains { $0.value.contains("root:") } })
        // Entities that would multiply to gigabytes are never expanded: the item keeps "&i;".
        var laughs = #"<?xml version="1.0"?><!DOCTYPE items [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">"#
        for (name, previous) in zip("bcdefghi", "abcdefgh") { laughs += "<!ENTITY \(name) \"" + String(repeating: "&\(previous);", count: 20) + "\">" }
        laughs += #"]><items burpVersion="1"><item><time>&i;</time><request>GET / HTTP/1.1&#13;&#10;Host: a&amp;b&#13;&#10;&#13;&#10;</request></item></items>"#
        let (bombed, _) = try read(laughs)
        #expect(bombed.first?.request.host == "a&b")
    }

    @Test func javaDatesWithTheirZones() {
        let parser = JavaDateParser()
        #expect(parser.date("Mon Jan 15 10:00:00 GMT 2024").0 == Date(timeIntervalSince1970: 1_705_312_800))
        #expect(parser.date("Tue Jul 22 10:25:17 IDT 2025").0 == Date(timeIntervalSince1970: 1_753_169_117))  // UTC+3
        #expect(parser.date("Tue Jul 22 10:25:17 GMT+05:30 2025").0 == Date(timeIntervalSince1970: 1_753_160_117))
        let unknown = parser.date("Tue Jul 22 10:25:17 XYZT 2025")
        #expect(unknown.0 == Date(timeIntervalSince1970: 1_753_179_917) && unknown.unknownZone == "XYZT")
        #expect(parser.date("2025-07-22T10:25:17Z").0 == nil)
    }
}
