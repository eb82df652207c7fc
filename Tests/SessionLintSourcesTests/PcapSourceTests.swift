import Foundation
import Testing
import SessionLintCore
import SessionLintTestSupport
@testable import SessionLintSources

func readCapture(_ writer: PcapWriter) throws -> (transactions: [HTTPTransaction], warnings: [InputWarning]) {
    let url = try writer.writeTemporary()
    defer { try? FileManager.default.removeItem(at: url) }
    var transactions: [HTTPTransaction] = []
    var warnings: [InputWarning] = []
    try PcapSource(inputName: "test.pcap", path: url.path).read(onTransaction: { transactions.append($0) }, onWarning: { warnings.append($0) })
    return (transactions, warnings)
}

let loginRequest = "POST /accounts/login/ HTTP/1.1\r\nHost: shop.example.com:8000\r\nCookie: sessionid=old\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\nusername=alice&password=s3cr"
let loginResponse = "HTTP/1.1 302 Found\r\nLocation: /\r\nSet-Cookie: sessionid=new; HttpOnly; Path=/\r\nContent-Length: 0\r\n\r\n"

struct PcapSourceTests {
    @Test(arguments: [
        TCPConversation.Link.ethernet(vlans: [], qinq: false), .ethernet(vlans: [7], qinq: false), .ethernet(vlans: [1, 2], qinq: true),
        .sll, .sll2, .null, .raw,
    ])
    func loginExchangeOnEveryLinkLayer(link: TCPConversation.Link) throws {
        var c = TCPConversation(link: link)
        c.handshake()
        c.send(fromClient: true, loginRequest + "t", segmentSize: 40)
        c.send(fromClient: false, loginResponse)
        c.close()
        let (transactions, warnings) = try readCapture(c.pcap())
        let t = try #require(transactions.first)
        #expect(transactions.count == 1)
        #expect(t.request.method == "POST" && t.request.target == "/accounts/login/" && t.request.host == "shop.example.com")
        #expect(String(decoding: t.request.formBody, as: UTF8.self) == "username=alice&password=s3crt")
        #expect(t.response?.fields.values("Set-Cookie") == ["sessionid=new; HttpOnly; Path=/"])
        #expect(t.client == Endpoint(address: "10.0.0.7", port: 51_000))
        #expect(t.server == Endpoint(address: "10.0.0.1", port: 80))
        #expect(t.scheme == .http)
        #expect(t.provenance.location == .frame(number: 4))  // after the three handshake frames
        #expect(abs((t.requestTime?.timeIntervalSince1970 ?? 0) - c.frames[3].time) < 1e-5)  // pcap keeps microseconds
        #expect(warnings.isEmpty, "\(warnings)")
    }

    @Test func compressedChunkedBodiesAreDecodedForTheRules() throws {
        var c = TCPConversation()
        c.handshake()
        c.send(fromClient: true, "GET /api/whoami HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\nGET /logo HTTP/1.1\r\nHost: a\r\n\r\nGET /br HTTP/1.1\r\nHost: a\r\n\r\n")
        let json = Array(#"{"user":"alice","session":"8fe5b8b4f8546311129e8c56abf0e3ef"}"#.utf8)
        let packed = compress(json, windowBits: gzipWindow)
        let half = packed.count / 2
        // gzip inside chunked framing, split over two chunks and several segments.
        let crlf: [UInt8] = [13, 10]
        var response = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for part in [packed.prefix(half), packed.dropFirst(half)] {
            response += Array(String(part.count, radix: 16).utf8) + crlf
            response += Array(part) + crlf
        }
        response += Array("0\r\n\r\n".utf8)
        c.send(fromClient: false, response, segmentSize: 20)
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nContent-Type: image/svg+xml\r\nContent-Length: 11\r\n\r\n<svg></svg>")
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\nContent-Length: 4\r\n\r\n\u{1}\u{2}\u{3}\u{4}")
        c.close()
        let (transactions, warnings) = try readCapture(c.pcap())
        #expect(transactions.map(\.request.target) == ["/api/whoami", "/logo", "/br"])
        #expect(transactions.first?.response?.textBody == json)
        #expect(transactions[1].response?.textBody == Array("<svg></svg>".utf8))  // +xml is text
        #expect(transactions[2].response?.textBody == [])
        #expect(warnings.map(\.message) == [#"a response body with Content-Encoding "br" could not be decoded, so it was not searched for session values (10.0.0.7:51000 ⇄ 10.0.0.1:80)"#])
    }

    @Test func ipv6OnAnyPort() throws {
        var c = TCPConversation(client: [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [7],
                                server: Array(repeating: 0, count: 15) + [1], serverPort: 31_337)
        c.handshake()
        c.send(fromClient: true, "GET / HTTP/1.1\r\nHost: [::1]:31337\r\n\r\n")
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        let (transactions, _) = try readCapture(c.pcap())
        #expect(transactions.map(\.request.host) == ["::1"])
        #expect(transactions.first?.server == Endpoint(address: "::1", port: 31_337))
    }

    @Test func pipelinedRequestsArePairedInOrder() throws {
        var c = TCPConversation()
        c.handshake()
        c.send(fromClient: true, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nHEAD /3 HTTP/1.1\r\nHost: a\r\n\r\n")
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"
               + "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"
               + "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nSet-Cookie: h=1\r\n\r\n")
        c.close()
        let (transactions, _) = try readCapture(c.pcap())
        #expect(transactions.map { "\($0.request.target) \($0.response?.status ?? 0)" } == ["/1 200", "/2 404", "/3 200"])
    }

    @Test func reorderedAndDuplicatedSegmentsGiveTheSameTransactions() throws {
        var c = TCPConversation()
        c.handshake()
        c.send(fromClient: true, loginRequest + "t", segmentSize: 30)
        c.send(fromClient: false, loginResponse, segmentSize: 25)
        c.close()
        // Swap neighbouring data segments and send one of them twice.
        var order = Array(c.frames.indices)
        order.swapAt(4, 5)
        order.swapAt(9, 10)
        order.insert(6, at: 8)
        let (transactions, warnings) = try readCapture(c.pcap(order: order))
        #expect(transactions.count == 1)
        #expect(transactions.first?.response?.fields.values("Set-Cookie") == ["sessionid=new; HttpOnly; Path=/"])
        #expect(String(decoding: transactions.first?.request.formBody ?? [], as: UTF8.self) == "username=alice&password=s3crt")
        #expect(warnings.isEmpty)
    }

    @Test func lostSegmentBecomesAGapAndTheNextExchangeIsKept() throws {
        var c = TCPConversation()
        c.handshake()
        c.send(fromClient: true, "GET /one HTTP/1.1\r\nHost: a\r\n\r\n")
        let lost = c.sendSegment(fromClient: false, Array("HTTP/1.1 200 OK\r\nSet-Cookie: lost=1\r\n".utf8))
        c.sendSegment(fromClient: false, Array("Content-Length: 0\r\n\r\n".utf8))
        c.send(fromClient: true, "GET /two HTTP/1.1\r\nHost: a\r\n\r\n")
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: kept=1\r\nContent-Length: 0\r\n\r\n")
        c.close()
        let (transactions, warnings) = try readCapture(c.pcap(order: c.frames.indices.filter { $0 != lost }))
        #expect(transactions.map(\.request.target) == ["/one", "/two"])
        #expect(transactions.first?.response == nil)  // its response head was lost
        #expect(transactions.last?.response?.fields.values("Set-Cookie") == ["kept=1"])
        #expect(warnings.contains { $0.message.hasPrefix("capture gap: 37 bytes from the server missing") })
    }

    @Test func captureStartingMidConnectionFindsTheNextMessages() throws {
        var c = TCPConversation()
        c.handshake()
        c.send(fromClient: true, "GET /one HTTP/1.1\r\nHost: a\r\n\r\n")
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n")
        let bodyFrame = c.sendSegment(fromClient: false, Array("01234567890123456789".utf8))
        c.send(fromClient: true, "GET /two HTTP/1.1\r\nHost: a\r\n\r\n")
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: s=1\r\nContent-Length: 0\r\n\r\n")
        let (transactions, _) = try readCapture(c.pcap(order: Array(bodyFrame..<c.frames.count)))
        #expect(transactions.map(\.request.target) == ["/two"])
        #expect(transactions.first?.response?.status == 200)
    }

    @Test func responseWithoutItsRequestIsKeptForItsCookies() throws {
        var c = TCPConversation()
        c.handshake()
        c.send(fromClient: true, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        let responseStart = c.frames.count
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: orphan=1\r\nContent-Length: 0\r\n\r\n")
        let (transactions, _) = try readCapture(c.pcap(order: Array(responseStart..<c.frames.count)))
        #expect(transactions.count == 1)
        #expect(transactions.first?.request.method == "")
        #expect(transactions.first?.request.host == "10.0.0.1")
        #expect(transactions.first?.response?.fields.values("Set-Cookie") == ["orphan=1"])
    }

    @Test func tlsIsCountedAndSaidNotSeen() throws {
        var c = TCPConversation(serverPort: 443)
        c.handshake()
        c.sendSegment(fromClient: true, [0x16, 0x03, 0x01, 0x00, 0x05, 1, 0, 0, 1, 0])
        c.close()
        let (transactions, warnings) = try readCapture(c.pcap())
        #expect(transactions.isEmpty)
        #expect(warnings.map(\.message) == [
            "1 TLS connection: 1 not decrypted because no key log was given (--keylog); cookies inside them are not visible",
        ], "without a key log, the damaged ClientHello is not worth a warning of its own")
    }

    /// A browser that speaks HTTP/3 sends its requests in QUIC over UDP 443: nothing to read, and
    /// a capture of it would say only "no HTTP" without the note that tells why and what to do.
    @Test func quicIsCountedAndSaidNotRead() throws {
        func udp(_ payload: [UInt8], from sourcePort: UInt16, to destinationPort: UInt16) -> [UInt8] {
            let datagram = Packet.be16(sourcePort) + Packet.be16(destinationPort) + Packet.be16(UInt16(8 + payload.count)) + [0, 0] + payload
            return Packet.ethernet(Packet.ipv4(datagram, from: [10, 0, 0, 1], to: [10, 0, 0, 2], protocolNumber: 17), type: 0x0800)
        }
        // An Initial (long header 0xC3, version 1, 8-byte connection IDs), a short-header packet
        // back, and a DNS query, which is no QUIC.
        let initial: [UInt8] = [0xC3, 0, 0, 0, 1, 8] + Array(repeating: 0xAB, count: 8) + [8] + Array(repeating: 0xCD, count: 8) + Array(repeating: 0, count: 40)
        let shortHeader: [UInt8] = [0x41] + Array(repeating: 0xCD, count: 8) + Array(repeating: 0x5A, count: 30)
        var writer = PcapWriter()
        writer.add(udp(initial, from: 51_000, to: 443), time: 1)
        writer.add(udp(shortHeader, from: 443, to: 51_000), time: 1.01)
        writer.add(udp([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0], from: 51_001, to: 53), time: 1.02)
        let (transactions, warnings) = try readCapture(writer)
        #expect(transactions.isEmpty)
        #expect(warnings.contains { $0.message.hasPrefix("2 QUIC datagrams on UDP port 443 (HTTP/3) were not read") && $0.message.contains("--disable-quic") },
                "\(warnings.map(\.message))")
        // UDP on port 443 without any QUIC long header (a VPN, say) is not called QUIC.
        var other = PcapWriter()
        other.add(udp(shortHeader, from: 443, to: 51_000), time: 1)
        #expect(!(try readCapture(other)).warnings.contains { $0.message.contains("QUIC") })
    }

    @Test func snapLengthCutsBecomeGapsNotGarbage() throws {
        var c = TCPConversation()
        c.handshake()
        c.send(fromClient: true, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n" + String(repeating: "x", count: 300))
        c.send(fromClient: true, "GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: after=1\r\nContent-Length: 0\r\n\r\n")
        var writer = PcapWriter(snapLength: 200)
        for (index, frame) in c.frames.enumerated() {
            writer.add(frame.bytes, time: frame.time, capturedLength: index == 5 ? 200 : nil)
        }
        let (transactions, warnings) = try readCapture(writer)
        #expect(transactions.map(\.request.target) == ["/", "/next"])
        #expect(transactions.last?.response?.fields.values("Set-Cookie") == ["after=1"])
        #expect(warnings.contains { $0.message.contains("cut short by the snapshot length") })
    }

    @Test func truncatedCaptureKeepsWhatCameBefore() throws {
        var c = TCPConversation()
        c.handshake()
        c.send(fromClient: true, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        c.send(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: s=1\r\nContent-Length: 0\r\n\r\n")
        var data = c.pcap().data
        let cut = data.count
        data.append(contentsOf: [0x01, 0x02, 0x03])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: url) }
        try data.write(to: url)
        var transactions: [HTTPTransaction] = []
        var warnings: [InputWarning] = []
        try PcapSource(inputName: "cut.pcap", path: url.path).read(onTransaction: { transactions.append($0) }, onWarning: { warnings.append($0) })
        #expect(transactions.count == 1)
        let warning = try #require(warnings.first { $0.message.contains("cut off") })
        #expect(warning.provenance.location == .byteOffset(cut))
        #expect(warning.message.hasPrefix("the capture is cut off after frame 5"))
    }
}
