import Testing
@testable import SessionLintHTTP

/// Feeds text to a parser in pieces of `chunk` bytes, as TCP might deliver it.
func parse(_ text: String, role: HTTP1Parser.Role, chunk: Int = .max, methods: [String] = [], inSync: Bool = true) -> [HTTP1Event] {
    var parser = HTTP1Parser(role: role, startInSync: inSync)
    for method in methods { parser.expectResponse(to: method) }
    let bytes = Array(text.utf8)
    var events: [HTTP1Event] = []
    var offset = 0
    var frame = 1
    while offset < bytes.count {
        let end = min(bytes.count, offset + chunk)
        events += parser.feed(bytes[offset..<end], frame: frame, timestamp: Double(frame))
        offset = end
        frame += 1
    }
    return events + parser.end()
}

func requests(_ events: [HTTP1Event]) -> [String] {
    events.compactMap { if case .request(let head, _, _) = $0 { "\(head.method) \(head.target)" } else { nil } }
}

func statuses(_ events: [HTTP1Event]) -> [Int] {
    events.compactMap { if case .response(let head, _, _) = $0 { head.status } else { nil } }
}

func anomalies(_ events: [HTTP1Event]) -> [String] {
    events.compactMap { if case .anomaly(let message, _) = $0 { message } else { nil } }
}

struct HTTP1ParserTests {
    static let pipelined = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 26\r\n\r\nusername=alice&password=pwGET /c HTTP/1.1\r\nHost: x\r\n\r\n"

    @Test(arguments: [1, 3, 7, 64, Int.max])
    func pipelinedRequestsInAnyChunking(chunk: Int) {
        let events = parse(Self.pipelined, role: .request, chunk: chunk)
        #expect(requests(events) == ["GET /a", "POST /login", "GET /c"])
        let body = events.compactMap { if case .request(let head, let body, _) = $0, head.method == "POST" { body } else { nil } }.first
        #expect(body.map { String(decoding: $0, as: UTF8.self) } == "username=alice&password=pw")
        #expect(anomalies(events).isEmpty)
    }

    @Test func messageStartsCarryTheFrameOfTheirFirstByte() {
        let events = parse("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n", role: .request, chunk: 10)
        let frames = events.compactMap { if case .request(_, _, let start) = $0 { start.frame } else { nil } }
        #expect(frames == [1, 2])  // "GET /b" begins at byte 19, in the second 10-byte chunk
    }

    @Test(arguments: [1, 5, Int.max])
    func chunkedResponsesWithExtensionsAndTrailers(chunk: Int) {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: a=1\r\n\r\n"
            + "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"
            + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        #expect(statuses(parse(text, role: .response, chunk: chunk, methods: ["GET", "GET"])) == [200, 404])
    }

    @Test func responsesWithoutBodies() {
        // HEAD gets headers only even with a Content-Length; 1xx, 204 and 304 have no body.
        let text = "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n"
            + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"
            + "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        let events = parse(text, role: .response, methods: ["HEAD", "POST", "GET", "GET"])
        #expect(statuses(events) == [200, 100, 204, 304, 200])
        #expect(anomalies(events).isEmpty)
    }

    @Test func closeDelimitedBodyEndsWithTheStream() {
        let events = parse("HTTP/1.0 200 OK\r\nSet-Cookie: a=1\r\n\r\nHTTP/1.1 999 not a status line inside the body", role: .response, methods: ["GET"])
        #expect(statuses(events) == [200])
    }

    @Test func connectAndUpgradeBecomeTunnels() {
        let connect = parse("HTTP/1.1 200 Connection established\r\n\r\n\u{16}\u{03}\u{01}binary", role: .response, methods: ["CONNECT"])
        #expect(connect.contains(.tunnel))
        let upgrade = parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u{81}\u{05}hello", role: .response, methods: ["GET"])
        #expect(upgrade.contains(.tunnel))
        #expect(statuses(upgrade) == [101])
    }

    @Test func obsoleteLineFoldingAndBareLineFeeds() {
        let events = parse("HTTP/1.1 200 OK\nSet-Cookie: a=1;\n Path=/\nContent-Length: 0\n\n", role: .response, methods: ["GET"])
        guard case .response(let head, _, _)? = events.first else { Issue.record("no response"); return }
        #expect(head.fields.values("Set-Cookie") == ["a=1; Path=/"])
    }

    @Test func transferEncodingWithContentLengthIsNoted() {
        let text = "POST /x HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n"
        let events = parse(text, role: .request)
        #expect(requests(events) == ["POST /x", "GET /smuggled"])
        #expect(anomalies(events).first?.contains("both Transfer-Encoding and Content-Length") == true)
    }

    @Test func conflictingContentLengthsAreNoted() {
        let events = parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabc", role: .response, methods: ["GET"])
        #expect(anomalies(events).first?.contains("conflicting Content-Length values 3, 5") == true)
    }

    @Test func gapInsideAKnownLengthBodyKeepsTheFraming() {
        var parser = HTTP1Parser(role: .response)
        parser.expectResponse(to: "GET"); parser.expectResponse(to: "GET")
        var events = parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8)[...], frame: 1, timestamp: 1)
        events += parser.gap(4)
        events += parser.feed(Array("xyzHTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n".utf8)[...], frame: 3, timestamp: 3)
        #expect(statuses(events) == [200, 302])
        #expect(!events.contains { if case .resynchronised = $0 { true } else { false } })
    }

    @Test func gapInAHeadResynchronisesAtTheNextRequest() {
        var parser = HTTP1Parser(role: .request)
        var events = parser.feed(Array("GET /first HTTP/1.1\r\nHost: x\r\nCoo".utf8)[...], frame: 1, timestamp: 1)
        events += parser.gap(200)
        events += parser.feed(Array("kie: lost=1\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n".utf8)[...], frame: 3, timestamp: 3)
        #expect(requests(events) == ["GET /second"])
        #expect(anomalies(events).contains("a message head was cut by a capture gap"))
        #expect(events.contains(.resynchronised(skippedBytes: 15)))  // "kie: lost=1\r\n\r\n"
    }

    @Test func pickedUpMidBodyFindsTheNextResponse() {
        let events = parse("ody of a previous response\r\nmore body\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", role: .response, methods: ["GET"], inSync: false)
        #expect(statuses(events) == [200])
    }

    @Test func requestLineVariants() {
        let events = parse("OPTIONS * HTTP/1.1\r\n\r\nOPTIONS HTTP/1.1\r\n\r\nGET http://a.example/x?y HTTP/1.0\r\n\r\n", role: .request)
        #expect(requests(events) == ["OPTIONS *", "OPTIONS ", "GET http://a.example/x?y"])
    }

    @Test func junkInsteadOfARequestIsSkipped() {
        let events = parse("\u{16}\u{03}\u{01}\u{02}\u{00}garbage\r\n\r\nGET /ok HTTP/1.1\r\n\r\n", role: .request)
        #expect(requests(events) == ["GET /ok"])
        #expect(anomalies(events).contains("not an HTTP request line"))
    }

    @Test func oversizedHeadIsBoundedAndSkipped() {
        let huge = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: HTTP1Parser.defaultMaxHeadBytes + 10)
        let events = parse(huge + "\r\n\r\nGET /after HTTP/1.1\r\n\r\n", role: .request, chunk: 4096)
        #expect(anomalies(events).contains { $0.contains("longer than") })
        #expect(requests(events) == ["GET /after"])
    }

    // MARK: - Response bodies

    func bodies(_ events: [HTTP1Event]) -> [String] {
        events.compactMap { if case .response(_, let body, _) = $0 { String(decoding: body, as: UTF8.self) } else { nil } }
    }

    @Test(arguments: [1, 9, Int.max])
    func textualResponseBodiesAreKeptWhateverTheFraming(chunk: Int) {
        let text = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 14\r\n\r\n{\"token\":\"t1\"}"
            + "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n<p>ab \r\n5\r\ncd</p\r\n0\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\u{1}PNG"
            + "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"
        let events = parse(text, role: .response, chunk: chunk, methods: ["GET", "GET", "GET", "GET"])
        #expect(statuses(events) == [200, 200, 200, 200])
        // JSON and HTML bodies as sent (chunk framing removed); an image is not text, so not kept.
        #expect(bodies(events) == ["{\"token\":\"t1\"}", "<p>ab cd</p", "", "until the end"])
    }

    @Test func aResponseIsReportedOnceItsBodyHasEnded() {
        var parser = HTTP1Parser(role: .response)
        parser.expectResponse(to: "GET")
        let head = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10\r\n\r\n12345".utf8)
        #expect(statuses(parser.feed(head[...], frame: 1, timestamp: 1)).isEmpty)
        let rest = parser.feed(Array("67890".utf8)[...], frame: 2, timestamp: 2)
        #expect(bodies(rest) == ["1234567890"])
        // …and it keeps the frame and time where its head began.
        #expect(rest.compactMap { if case .response(_, _, let start) = $0 { start } else { nil } } == [MessageStart(frame: 1, timestamp: 1)])
    }

    @Test func keptBodiesAreBounded() {
        let size = HTTP1Parser.defaultMaxResponseBody + 10_000
        let text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(size)\r\n\r\n" + String(repeating: "x", count: size)
            + "HTTP/1.1 204 No Content\r\n\r\n"
        let events = parse(text, role: .response, chunk: 1460, methods: ["GET", "GET"])
        #expect(statuses(events) == [200, 204])
        #expect(bodies(events).map(\.count) == [HTTP1Parser.defaultMaxResponseBody, 0])
    }

    /// `--limit body-bytes` and `header-bytes` set the bounds; cut bodies are counted for the warning.
    @Test func boundsAreSetPerParser() {
        var parser = HTTP1Parser(role: .response, maxHeadBytes: 200, maxResponseBody: 1_000)
        parser.expectResponse(to: "GET")
        parser.expectResponse(to: "GET")
        parser.expectResponse(to: "GET")
        let text = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1500\r\n\r\n" + String(repeating: "x", count: 1_500)
            + "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 999\r\n\r\n" + String(repeating: "y", count: 999)
            + "HTTP/1.1 200 OK\r\nX-Long: " + String(repeating: "z", count: 300) + "\r\nContent-Length: 0\r\n\r\n"
        let events = parser.feed(Array(text.utf8)[...], frame: 1, timestamp: 0) + parser.end()
        #expect(bodies(events).map(\.count) == [1_000, 999])
        #expect(parser.bodiesCut == 1)
        #expect(events.contains { if case .anomaly(let message, _) = $0 { message.contains("longer than 200 bytes") } else { false } })
    }

    @Test func aGapInsideABodyKeepsWhatCameBeforeIt() {
        var parser = HTTP1Parser(role: .response)
        parser.expectResponse(to: "GET")
        parser.expectResponse(to: "GET")
        var events = parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nbefore".utf8)[...], frame: 1, timestamp: 1)
        events += parser.gap(3)
        events += parser.feed(Array("ter".utf8)[...], frame: 3, timestamp: 3)
        events += parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok".utf8)[...], frame: 4, timestamp: 4)
        // Nothing after the hole is kept, so a value is never spliced across it.
        #expect(bodies(events) == ["before", "ok"])
    }
}
