import Foundation
import Testing
import SessionLintCore
import SessionLintHTTP
import SessionLintTestSupport
@testable import SessionLintSources

/// Cleartext HTTP/2 conversations built frame by frame (RFC 9113), header blocks written as
/// HPACK literals without indexing (RFC 7541 §6.2.2) so that every byte is visible here.
struct HTTP2SessionTests {
    static func literal(_ name: String, _ value: String) -> [UInt8] {
        [0x00, UInt8(name.utf8.count)] + Array(name.utf8) + [UInt8(value.utf8.count)] + Array(value.utf8)
    }

    static func block(_ fields: [(String, String)]) -> [UInt8] { fields.flatMap { literal($0.0, $0.1) } }

    static func frame(_ type: UInt8, flags: UInt8 = 0, stream: UInt32, _ payload: [UInt8]) -> [UInt8] {
        [UInt8(payload.count >> 16), UInt8(payload.count >> 8 & 0xFF), UInt8(payload.count & 0xFF), type, flags,
         UInt8(stream >> 24), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)] + payload
    }

    static let request = [(":method", "GET"), (":scheme", "http"), (":path", "/account"), (":authority", "Shop.Example:8080")]

    static func read(client: [UInt8], server: [UInt8]) throws -> ([HTTPTransaction], [String]) {
        var conversation = TCPConversation(serverPort: 8080)
        conversation.handshake()
        conversation.send(fromClient: true, HTTP2FrameReader.connectionPreface + frame(4, stream: 0, []) + client, segmentSize: 50)
        conversation.send(fromClient: false, frame(4, stream: 0, [0, 1, 0, 0, 0x10, 0]) + server, segmentSize: 50)
        conversation.close()
        let (transactions, warnings) = try readCapture(conversation.pcap())
        return (transactions, warnings.map(\.message))
    }

    @Test func readsStreamsWithContinuationPaddingPriorityPushAndReset() throws {
        let requestBlock = Self.block(Self.request + [("cookie", "sid=abc"), ("user-agent", "test"), ("cookie", "lang=en")])
        // Stream 1: HEADERS with padding and priority, the block split over a CONTINUATION.
        let split = requestBlock.count / 2
        var client = Self.frame(1, flags: 0x08 | 0x20 | 0x01, stream: 1, [3] + [0, 0, 0, 0, 16] + requestBlock.prefix(split) + [0, 0, 0])
        client += Self.frame(9, flags: 0x04, stream: 1, Array(requestBlock.dropFirst(split)))
        // Stream 3: a POST whose body is kept as a form, then reset by the client.
        client += Self.frame(1, flags: 0x04, stream: 3, Self.block([(":method", "POST"), (":scheme", "http"), (":path", "/login"), (":authority", "shop.example"),
                                                                      ("content-type", "application/x-www-form-urlencoded")]))
        client += Self.frame(0, flags: 0x01, stream: 3, Array("username=alice".utf8))
        client += Self.frame(3, stream: 3, [0, 0, 0, 8])

        // Stream 1: 100 Continue, then the final response with two Set-Cookie fields and a
        // padded DATA frame; a PUSH_PROMISE for stream 2, answered with its own cookie.
        var server = Self.frame(1, flags: 0x04, stream: 1, Self.block([(":status", "100")]))
        server += Self.frame(5, flags: 0x04, stream: 1, [0, 0, 0, 2] + Self.block([(":method", "GET"), (":scheme", "http"), (":path", "/style.css"), (":authority", "shop.example")]))
        server += Self.frame(1, flags: 0x04, stream: 1, Self.block([(":status", "200"), ("content-type", "text/html"),
                                                                      ("set-cookie", "sid=def; HttpOnly"), ("set-cookie", "theme=dark")]))
        server += Self.frame(0, flags: 0x08 | 0x01, stream: 1, [4] + Array("<p>hello</p>".utf8) + [0, 0, 0, 0])
        server += Self.frame(1, flags: 0x04 | 0x01, stream: 2, Self.block([(":status", "200"), ("set-cookie", "pushed=1")]))

        let (transactions, warnings) = try Self.read(client: client, server: server)
        #expect(warnings.filter { $0.contains("HTTP/2") }.isEmpty, "\(warnings)")
        let byTarget = Dictionary(transactions.map { ($0.request.target, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(transactions.count == 3)

        let account = try #require(byTarget["/account"])
        #expect(account.request.method == "GET" && account.request.host == "shop.example" && account.request.version == "HTTP/2")
        #expect(account.request.fields.values("cookie") == ["sid=abc; lang=en"], "crumbs joined, RFC 9113 §8.2.3")
        #expect(account.request.fields.first("user-agent") == "test")
        #expect(!account.request.fields.contains(":path"), "pseudo-headers are not fields")
        #expect(account.response?.status == 200, "the 100 is interim")
        #expect(account.response?.fields.values("set-cookie") == ["sid=def; HttpOnly", "theme=dark"])
        #expect(account.response?.textBody == Array("<p>hello</p>".utf8), "padding removed")
        #expect(account.scheme == .http && account.tlsVersion == nil)

        let pushed = try #require(byTarget["/style.css"])
        #expect(pushed.request.method == "GET" && pushed.response?.fields.values("set-cookie") == ["pushed=1"])

        let login = try #require(byTarget["/login"])
        #expect(login.response == nil, "reset before an answer")
        #expect(login.request.formBody == Array("username=alice".utf8))
    }

    @Test func aDamagedHeaderBlockLosesThatDirectionAndSaysSo() throws {
        // Index 70 names a dynamic entry that was never added: the decoder's state is lost.
        var client = Self.frame(1, flags: 0x04 | 0x01, stream: 1, Self.block(Self.request))
        client += Self.frame(1, flags: 0x04 | 0x01, stream: 3, [0x80 | 70])
        client += Self.frame(1, flags: 0x04 | 0x01, stream: 5, Self.block(Self.request))
        let server = Self.frame(1, flags: 0x04 | 0x01, stream: 1, Self.block([(":status", "204")]))
        let (transactions, warnings) = try Self.read(client: client, server: server)
        #expect(transactions.count == 1 && transactions.first?.response?.status == 204)
        #expect(warnings.contains { $0.hasPrefix("HTTP/2: header compression failed on stream 3 (index 70 is not in the table") })
        #expect(warnings.contains("1 of 1 HTTP/2 connection could not be read to the end (the warnings above say where); streams after that point are not reported"))
    }

    @Test func anUpgradedConnectionAnswersTheUpgradeRequestOnStreamOne() throws {
        var conversation = TCPConversation(serverPort: 80)
        conversation.handshake()
        conversation.send(fromClient: true, "GET /start HTTP/1.1\r\nHost: shop.example\r\nCookie: sid=abc\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")
        conversation.send(fromClient: false, Array("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n".utf8)
            + Self.frame(4, stream: 0, []) + Self.frame(1, flags: 0x04 | 0x01, stream: 1, Self.block([(":status", "200"), ("set-cookie", "sid=new")])))
        conversation.send(fromClient: true, HTTP2FrameReader.connectionPreface + Self.frame(4, stream: 0, [])
            + Self.frame(1, flags: 0x04 | 0x01, stream: 3, Self.block([(":method", "GET"), (":scheme", "http"), (":path", "/next"), (":authority", "shop.example"), ("cookie", "sid=new")])))
        conversation.send(fromClient: false, Self.frame(1, flags: 0x04 | 0x01, stream: 3, Self.block([(":status", "404")])))
        conversation.close()
        let (transactions, _) = try readCapture(conversation.pcap())
        #expect(transactions.map { "\($0.request.method) \($0.request.target) \($0.request.version) \($0.response?.status ?? 0)" }
            == ["GET /start HTTP/1.1 200", "GET /next HTTP/2 404"])
        #expect(transactions.first?.response?.fields.first("set-cookie") == "sid=new")
        #expect(transactions.first?.request.fields.first("Cookie") == "sid=abc")
    }
}
