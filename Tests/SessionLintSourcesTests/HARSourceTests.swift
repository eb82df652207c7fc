import Foundation
import Testing
import SessionLintCore
@testable import SessionLintSources

/// ../shared/corpus, relative to the package root; tests that need it are skipped without it.
enum Corpus {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let har = packageRoot.appendingPathComponent("../shared/corpus/har").standardized
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: har.path) }
    static var harFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: har.path)) ?? []).filter { $0.hasSuffix(".har") }.sorted()
    }
}

struct ReadResult {
    var transactions: [HTTPTransaction] = []
    var warnings: [InputWarning] = []
}

func read(har json: String, name: String = "test.har") throws(InputError) -> ReadResult {
    var result = ReadResult()
    try HARSource(inputName: name, data: Data(json.utf8)).read(
        onTransaction: { result.transactions.append($0) }, onWarning: { result.warnings.append($0) })
    return result
}

func entry(url: String, status: Int = 200, requestHeaders: String = "[]", responseHeaders: String, extra: String = "") -> String {
    """
    {"startedDateTime": "2024-03-01T10:00:00.000Z", "time": 12.5,
     "request": {"method": "GET", "url": "\(url)", "httpVersion": "HTTP/1.1", "headers": \(requestHeaders), "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 0},
     "response": {"status": \(status), "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": \(responseHeaders), "cookies": [], "content": {"size": 0, "mimeType": "text/html"}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
     "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 2.5}\(extra)}
    """
}

func har(_ entries: [String], creator: String = "test") -> String {
    #"{"log": {"version": "1.2", "creator": {"name": "\#(creator)", "version": "1"}, "entries": ["# + entries.joined(separator: ",") + "]}}"
}

struct HARSourceTests {
    @Test func readsRequestResponseSchemeHostAndTimes() throws {
        let result = try read(har: har([entry(
            url: "https://Shop.Example.com:8443/cart/add?item=3",
            requestHeaders: #"[{"name": "Cookie", "value": "sid=1"}, {"name": "cookie", "value": "b=2"}]"#,
            responseHeaders: #"[{"name": "Set-Cookie", "value": "a=1; Secure"}, {"name": "set-cookie", "value": "b=2"}]"#,
            extra: #", "serverIPAddress": "[2001:db8::1]""#)]))
        let t = try #require(result.transactions.first)
        #expect(t.scheme == .https)
        #expect(t.request.host == "shop.example.com")
        #expect(t.request.target == "/cart/add?item=3")
        #expect(t.request.path == "/cart/add")
        #expect(t.request.fields.values("cookie") == ["sid=1", "b=2"])
        #expect(t.response?.fields.values("Set-Cookie") == ["a=1; Secure", "b=2"])
        #expect(t.server == Endpoint(address: "2001:db8::1", port: 8443))
        #expect(t.requestTime == Date(timeIntervalSince1970: 1_709_287_200))
        #expect(t.responseTime == Date(timeIntervalSince1970: 1_709_287_200.0125))
        #expect(t.provenance == Provenance(input: "test.har", location: .harEntry(index: 0), line: 1))
        #expect(result.warnings.isEmpty)
    }

    @Test func splitsFirefoxNewlineJoinedSetCookie() throws {
        let result = try read(har: har([entry(
            url: "https://www.linkedin.com/",
            responseHeaders: #"[{"name": "Set-Cookie", "value": "lang=\"v=2\"; Path=/\nJSESSIONID=\"ajax:1\"; Path=/\r\nbcookie=x"}]"#)]))
        #expect(result.transactions.first?.response?.fields.values("Set-Cookie") == [#"lang="v=2"; Path=/"#, #"JSESSIONID="ajax:1"; Path=/"#, "bcookie=x"])
    }

    /// Textual bodies are kept (base64 decoded) up to the bound; binary ones are not.
    @Test(arguments: [
        (#"{"size": 17, "mimeType": "application/json; charset=utf-8", "text": "{\"sid\": \"abc\"}"}"#, #"{"sid": "abc"}"#),
        (#"{"size": 11, "mimeType": "text/html", "text": "PGI+aGk8L2I+\nIQ==", "encoding": "base64"}"#, "<b>hi</b>!"),
        (#"{"size": 4, "mimeType": "image/png", "text": "iVBORw==", "encoding": "base64"}"#, ""),
        (#"{"size": 0, "mimeType": "text/html"}"#, ""),
    ])
    func responseTextBodies(content: String, expected: String) throws {
        let document = har([entry(url: "https://a.example/", responseHeaders: "[]")]).replacingOccurrences(of: #"{"size": 0, "mimeType": "text/html"}"#, with: content)
        let result = try read(har: document)
        #expect(result.transactions.first?.response?.textBody == Array(expected.utf8))
    }

    @Test func responseBodiesAreBounded() throws {
        let big = String(repeating: "x", count: Limits().bodyBytes + 100)
        let document = har([entry(url: "https://a.example/", responseHeaders: "[]")]).replacingOccurrences(of: #"{"size": 0, "mimeType": "text/html"}"#, with: #"{"size": 1, "mimeType": "text/plain", "text": "\#(big)"}"#)
        #expect(try read(har: document).transactions.first?.response?.textBody.count == 64 * 1024)
    }

    @Test func statusZeroMeansNoResponse() throws {
        let result = try read(har: har([entry(url: "http://a.example/", status: 0, responseHeaders: "[]")]))
        #expect(result.transactions.count == 1)
        #expect(result.transactions.first?.response == nil)
    }

    @Test func entryWithoutResponseObject() throws {
        let json = har([#"{"startedDateTime": "2024-03-01T10:00:00Z", "request": {"method": "GET", "url": "http://a.example/x", "headers": []}}"#])
        let result = try read(har: json)
        #expect(result.transactions.count == 1)
        #expect(result.transactions.first?.response == nil)
        #expect(result.transactions.first?.requestTime == Date(timeIntervalSince1970: 1_709_287_200))
    }

    @Test func damagedEntryBecomesAWarningAndTheRestIsKept() throws {
        let good = entry(url: "https://a.example/", responseHeaders: #"[{"name": "Set-Cookie", "value": "a=1"}]"#)
        let broken = #"{"request": {"method": "GET"}, "response": {"status": 200}}"#
        let result = try read(har: har([good, broken, good]))
        #expect(result.transactions.count == 2)
        #expect(result.transactions.map(\.provenance.location) == [.harEntry(index: 0), .harEntry(index: 2)])
        let warning = try #require(result.warnings.first)
        #expect(warning.provenance.location == .harEntry(index: 1))
        #expect(warning.message.contains("url"))
    }

    @Test func invalidJSONNamesLineAndColumn() {
        let text = "{\n  \"log\": {\n    \"entries\": [1,,2]\n  }\n}\n"
        #expect(throws: InputError(file: "bad.har", place: .lineColumn(line: 3, column: 19), message: "invalid JSON: invalid value")) {
            _ = try read(har: text, name: "bad.har")
        }
    }

    @Test func truncatedJSONPointsAtTheEnd() throws {
        let text = "{\"log\": {\"entries\": [\n{\"request\": "
        do {
            _ = try read(har: text, name: "cut.har")
            Issue.record("expected an error")
        } catch {
            #expect(error.place == .lineColumn(line: 2, column: 13))
            #expect(error.message.contains("truncated"))
        }
    }

    @Test func jsonThatIsNotAHARSaysWhatIsMissing() throws {
        do {
            _ = try read(har: #"{"foo": []}"#, name: "x.har")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("not a HAR file"))
            #expect(error.message.contains("log"))
        }
    }

    @Test func strippedCookiesAreReportedNotClean() throws {
        // As Chrome's default export writes it: cookie objects kept, headers gone.
        let stripped = """
            {"startedDateTime": "2024-03-01T10:00:00Z", "request": {"method": "GET", "url": "https://a.example/", "headers": [],
             "cookies": [{"name": "sid", "value": "x"}]}, "response": {"status": 200, "headers": [], "cookies": []}}
            """
        let result = try read(har: har([stripped], creator: "WebInspector"))
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.message.contains("stripped") == true)
        #expect(result.warnings.first?.message.contains("not a clean result") == true)

        let noCookiesAtAll = try read(har: har([entry(url: "https://a.example/", responseHeaders: "[]")]))
        #expect(noCookiesAtAll.warnings.first?.message.contains("no Cookie or Set-Cookie header") == true)
    }

    @Test func byteOrderMarkIsAccepted() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data(har([entry(url: "https://a.example/", responseHeaders: #"[{"name": "Set-Cookie", "value": "a=1"}]"#)]).utf8))
        var count = 0
        try HARSource(inputName: "bom.har", data: data).read(onTransaction: { _ in count += 1 }, onWarning: { _ in })
        #expect(count == 1)
    }

    @Test(.enabled(if: Corpus.isAvailable, "../shared/corpus is absent"))
    func everyCorpusHARReads() throws {
        #expect(Corpus.harFiles.count >= 8)
        for name in Corpus.harFiles {
            let path = Corpus.har.appendingPathComponent(name).path
            let source = try InputOpener.open(path: path, kind: nil)
            var transactions = 0
            var setCookies = 0
            try source.read(onTransaction: {
                transactions += 1
                setCookies += $0.response?.fields.values("Set-Cookie").count ?? 0
            }, onWarning: { _ in })
            // Entry and Set-Cookie counts checked against Python's json module on the same files
            // (newline-joined values split, two empty Set-Cookie values in ferguson kept).
            let expected: [String: (Int, Int)] = [
                "haralyzer-cnn.har": (145, 15), "mitmproxy-chrome.har": (3, 0), "mitmproxy-with-bom.har": (1, 0),
                "pagexray-arcelormittal.com.har": (40, 80), "pagexray-browsertime-recalculate-style.har": (7, 4),
                "pagexray-ferguson.har": (174, 47), "pagexray-linkedin.har": (23, 15), "pagexray-mousel.lu.har": (21, 3),
            ]
            if let (entries, cookies) = expected[name] {
                #expect(transactions == entries, "\(name)")
                #expect(setCookies == cookies, "\(name)")
            }
        }
    }
}

struct HostileHARTests {
    @Test func invalidUTF8IsRepairedWithAWarningAndTheEntryKept() throws {
        var data = Data(#"{"log":{"entries":[{"request":{"method":"GET","url":"http://a.example/","headers":[]},"response":{"status":200,"headers":[{"name":"Set-Cookie","value":"a="#.utf8)
        let badOffset = data.count
        data.append(contentsOf: [0xFF, 0xFE])
        data.append(Data(#"; Path=/"}]}}]}}"#.utf8))
        var transactions: [HTTPTransaction] = []
        var warnings: [InputWarning] = []
        try HARSource(inputName: "bad.har", data: data).read(onTransaction: { transactions.append($0) }, onWarning: { warnings.append($0) })
        #expect(transactions.first?.response?.fields.values("Set-Cookie") == ["a=\u{FFFD}\u{FFFD}; Path=/"])
        #expect(warnings.map(\.provenance.location) == [.byteOffset(badOffset)])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = #"{"log":{"entries":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}}"
        #expect(throws: InputError.self) { _ = try read(har: text) }
    }

    @Test func wrongTypesAreNamedInJSONTerms() {
        #expect(throws: InputError(file: "test.har", message: "not a HAR file: log: expected an object")) {
            _ = try read(har: #"{"log": "nope"}"#)
        }
        #expect(throws: InputError(file: "test.har", message: "not a HAR file: log.entries: expected an array")) {
            _ = try read(har: #"{"log": {"entries": {}}}"#)
        }
    }

    @Test func firstInvalidUTF8Offsets() {
        #expect(firstInvalidUTF8(Data("héllo".utf8)) == nil)
        #expect(firstInvalidUTF8(Data([0x61, 0xC3, 0xA9, 0xFF])) == 3)
        #expect(firstInvalidUTF8(Data([0xE2, 0x82])) == 0)  // truncated sequence at the end
    }
}

struct InputKindTests {
    @Test func detectsHARFromContent() throws {
        #expect(try InputKind.detect(prefix: Array("\u{FEFF}  {\"log\"".utf8), inputName: "x") == .har)
        #expect(try InputKind.detect(prefix: Array(" \n{".utf8), inputName: "x") == .har)
    }

    @Test func detectsCapturesAndNamesWhatItCannotRead() throws {
        #expect(try InputKind.detect(prefix: [0xD4, 0xC3, 0xB2, 0xA1, 2, 0], inputName: "c.pcap") == .pcap)
        #expect(try InputKind.detect(prefix: [0x4D, 0x3C, 0xB2, 0xA1], inputName: "c.pcap") == .pcap)  // nanosecond, little-endian
        #expect(try InputKind.detect(prefix: [0x0A, 0x0D, 0x0D, 0x0A], inputName: "c.pcapng") == .pcap)
        #expect(throws: InputError(file: "c.pcap.gz", message: "this is gzip-compressed data; sessionlint reads HAR files, pcap/pcapng captures, Burp items and access logs")) {
            try InputKind.detect(prefix: [0x1F, 0x8B, 8, 0], inputName: "c.pcap.gz")
        }
        #expect(try InputKind.detect(prefix: Array("127.0.0.1 - - [".utf8), inputName: "access.log") == .log)
        #expect(throws: InputError.self) { try InputKind.detect(prefix: [0x00, 0x01, 0x02, 0x03, 0xFF, 0x00], inputName: "blob") }
        #expect(throws: InputError(file: "e", message: "the input is empty")) { try InputKind.detect(prefix: [], inputName: "e") }
        // A log whose tail is a block of NULs (a crash mid-write) is still a log: its complete lines decide.
        let damagedTail = Array("127.0.0.1 - - [26/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1\n".utf8) + [UInt8](repeating: 0, count: 400)
        #expect(try InputKind.detect(prefix: damagedTail, inputName: "access.log") == .log)
    }

    @Test func missingFileIsAnInputError() {
        #expect(throws: InputError(file: "/nonexistent/x.har", message: "cannot read: no such file")) {
            _ = try InputOpener.open(path: "/nonexistent/x.har", kind: nil)
        }
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: InputError(file: directory, message: "cannot read: it is a directory")) {
            _ = try InputOpener.open(path: directory, kind: nil)
        }
    }
}

struct JSONEntryLocatorTests {
    @Test func findsTheLineOfEachEntryPastTrickyStrings() {
        let text = """
            {"log": {"creator": {"name": "x [\\" { ]"}, "pages": [{"entries": [9]}],
              "entries": [
                {"request": {"url": "http://a/\\"]}"}},
                {"a": [1, 2]}, {"b": {}},

                {"c": "entries"}
              ]}}
            """
        #expect(JSONEntryLocator.entryLines(in: Data(text.utf8)) == [3, 4, 4, 6])
    }

    @Test func singleLineHARPutsEveryEntryOnLineOne() {
        #expect(JSONEntryLocator.entryLines(in: Data(#"{"log":{"entries":[{},{}]}}"#.utf8)) == [1, 1])
        #expect(JSONEntryLocator.entryLines(in: Data(#"{"log":{"entries":[]}}"#.utf8)) == [])
    }

    @Test func djangoExampleEntriesStartWhereTheFileSays() throws {
        // Lines of "            {" directly under "entries", read off the file with grep.
        let path = Corpus.packageRoot.appendingPathComponent("examples/django-tutorial.har").path
        var lines: [Int] = []
        try HARSource(inputName: "d", data: Data(contentsOf: URL(fileURLWithPath: path)))
            .read(onTransaction: { lines.append($0.provenance.line ?? 0) }, onWarning: { _ in })
        let expected = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().filter { $0.element == "            {" }.map { $0.offset + 1 }
        #expect(lines.count == 11)
        #expect(lines == expected)
    }
}

/// The byte-level RFC 3339 reader must give exactly what Foundation's ISO 8601 formatter gives
/// (the reports print these times), and leave every other shape to it.
struct HARDateParserTests {
    /// Foundation's reading: with fractional seconds, else without.
    static func foundation(_ text: String) -> Date? {
        let options: [ISO8601DateFormatter.Options] = [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]]
        return options.lazy.compactMap { options -> Date? in
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            return formatter.date(from: text)
        }.first
    }

    @Test func agreesWithTheFormatterOnRandomTimestamps() {
        var generator = SplitMix64(seed: 3339)
        for _ in 0..<3_000 {
            let year = Int.random(in: 1970...2099, using: &generator), month = Int.random(in: 1...12, using: &generator)
            let day = Int.random(in: 1...31, using: &generator)
            var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                              Int.random(in: 0...23, using: &generator), Int.random(in: 0...59, using: &generator), Int.random(in: 0...59, using: &generator))
            let digits = Int.random(in: 0...9, using: &generator)
            if digits > 0 { text += "." + String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) }) }
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: text += "Z"
            case 1: text += String(format: "%@%02d:%02d", Bool.random(using: &generator) ? "+" : "-", Int.random(in: 0...14, using: &generator), [0, 30, 45].randomElement(using: &generator) ?? 0)
            default: text += String(format: "%@%02d%02d", Bool.random(using: &generator) ? "+" : "-", Int.random(in: 0...14, using: &generator), [0, 30].randomElement(using: &generator) ?? 0)
            }
            let fast = HARDateParser.rfc3339(text)
            if let fast { #expect(fast == Self.foundation(text), "\(text)") }
            #expect(HARDateParser().parse(text) == Self.foundation(text), "\(text)")
        }
    }

    @Test(arguments: ["2026-11-26T10:00:00Z", "2026-11-26T10:00:00.1Z", "2026-11-26T10:00:00.123456789+01:00", "2026-11-26T10:00:00-0530"])
    func theUsualShapesTakeTheFastPath(text: String) {
        #expect(HARDateParser.rfc3339(text) != nil)
        #expect(HARDateParser.rfc3339(text) == Self.foundation(text))
    }

    /// Lenient or odd shapes are the formatter's to judge, so the result is the same as before.
    @Test(arguments: ["2026-02-30T10:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T10:00:60Z", "2026-11-26 10:00:00Z", "2026-11-26t10:00:00z",
                      "2026-11-26T10:00:00.Z", "2026-11-26T10:00:00", "2026-11-26T10:00:00+01", "26/Nov/2026:10:00:00 +0000", ""])
    func otherShapesAreLeftToTheFormatter(text: String) {
        #expect(HARDateParser.rfc3339(text) == nil)
        #expect(HARDateParser().parse(text) == Self.foundation(text))
    }
}
