import Foundation
import Testing
import SessionLintCore
import SessionLintHTTP
import SessionLintTestSupport
@testable import SessionLintCapture
@testable import SessionLintSources

/// Random and mutated inputs through every parser: nothing may trap (a Swift trap is a crash
/// on hostile input). Deterministic seeds, bounded iterations: this is a smoke test, the fuzz
/// harnesses of the hardening issue go further.
struct HostileInputTests {

    static let alphabet = Array("=;, \t\r\n\"\\%$[]{}:/-_.0123456789abcdefxyzHTTP/1.1GETPOSTSet-Cookie: Expires=Max-Age=SameSite=".utf8) + [0, 1, 0x7F, 0xC3, 0xA9, 0xFF]

    func randomBytes(_ generator: inout SplitMix64, count: Int) -> [UInt8] {
        (0..<count).map { _ in Self.alphabet.randomElement(using: &generator) ?? 0 }
    }

    func mutate(_ bytes: [UInt8], _ generator: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.remove(at: index)
            case 2: bytes.insert(Self.alphabet.randomElement(using: &generator) ?? 0, at: index)
            default: bytes = Array(bytes[..<index]) + Array(bytes[index...]).shuffled(using: &generator).prefix(4) + Array(bytes[index...])
            }
        }
        return bytes
    }

    @Test func cookieParsersSurviveRandomText() {
        var generator = SplitMix64(seed: 1)
        let seeds = ["sessionid=abc; expires=Thu, 10 Dec 2026 15:50:32 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax",
                     "__Host-x=1; Secure; Path=/; Domain=a.b", "a=\"q\"; Max-Age=-99999999999999999999999"]
        for round in 0..<3000 {
            let bytes = round % 2 == 0 ? randomBytes(&generator, count: Int.random(in: 0...200, using: &generator))
                                       : mutate(Array(seeds[round % seeds.count].utf8), &generator)
            let text = String(decoding: bytes, as: UTF8.self)
            let cookie = SetCookie(text)
            _ = cookie.lifetime(receivedAt: Date(timeIntervalSince1970: 0))
            _ = cookie.effectivePath(requestPath: text)
            _ = CookieDate.parse(text)
            _ = RequestCookies(header: text)
            _ = CookieClassifier().role(name: text, value: text)
        }
    }

    @Test func http1ParserSurvivesRandomStreams() {
        var generator = SplitMix64(seed: 2)
        let seed = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: a=1\r\n\r\n5\r\nhello\r\n0\r\n\r\nHTTP/1.1 304 x\r\nContent-Length: 3\r\n\r\n".utf8)
        for round in 0..<1500 {
            let bytes = round % 2 == 0 ? randomBytes(&generator, count: Int.random(in: 0...400, using: &generator)) : mutate(seed, &generator)
            for role in [HTTP1Parser.Role.request, .response] {
                var parser = HTTP1Parser(role: role, startInSync: round % 3 != 0)
                parser.expectResponse(to: "GET")
                var offset = 0
                while offset < bytes.count {
                    let end = min(bytes.count, offset + Int.random(in: 1...64, using: &generator))
                    _ = parser.feed(bytes[offset..<end], frame: 1, timestamp: 0)
                    if Int.random(in: 0..<10, using: &generator) == 0 { _ = parser.gap(Int.random(in: 0...100, using: &generator)) }
                    offset = end
                }
                _ = parser.end()
            }
        }
    }

    @Test func logParsersSurviveRandomLines() throws {
        var generator = SplitMix64(seed: 3)
        let seed = Array(#"127.0.0.1 - - [26/Nov/2026:16:58:21 +0000] "GET /prefs HTTP/1.1" 200 10 "-" "curl" localhost 80 "PHPSESSID=84c7" "theme=dark; path=/, layout=wide""#.utf8)
        let formats = try LogPresets.all.map { try LogFormat(parsing: $0.format) }
        for round in 0..<2000 {
            let line = round % 2 == 0 ? randomBytes(&generator, count: Int.random(in: 0...300, using: &generator)) : mutate(seed, &generator)
            let data = Data(line + [0x0A] + line)
            for format in formats {
                try? AccessLogSource(inputName: "x", data: data, format: format, assumedScheme: .unknown).read(onTransaction: { _ in }, onWarning: { _ in })
            }
            _ = try? LogFormat(parsing: String(decoding: line, as: UTF8.self))
            _ = JSONEntryLocator.entryLines(in: Data(line))
            // A W3C extended log: the directives and an entry, each mutated or random.
            let w3c = Data(w3cFields + [0x0A] + line + [0x0A] + mutate(w3cEntry, &generator) + [0x0A] + mutate(w3cFields, &generator) + [0x0A] + line)
            try? W3CLogSource(inputName: "x", bytes: .memory(w3c), assumedScheme: .unknown).read(onTransaction: { _ in }, onWarning: { _ in })
        }
    }

    let w3cFields = Array("#Software: Microsoft Internet Information Services 10.0\n#GMT-Offset: -0800\n#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query s-port cs(User-Agent) cs(Cookie) sc(Set-Cookie) sc-status".utf8)
    let w3cEntry = Array(#"2026-11-27 09:14:09 203.0.113.7 POST /login a=1 443 curl/8+(x) sid=1;+t=2 "sid=2; Path=/, theme=dark" 302"#.utf8)

    @Test func burpItemsSurviveMutation() {
        var generator = SplitMix64(seed: 5)
        let seed = Array(BurpItemsTests.visit.utf8)
        for _ in 0..<300 {
            let document = Data(mutate(seed, &generator))
            try? BurpItemsSource(inputName: "x", data: document).read(onTransaction: { _ in }, onWarning: { _ in })
        }
        // Java dates from random text.
        for _ in 0..<500 { _ = JavaDateParser().date(String(decoding: randomBytes(&generator, count: 40), as: UTF8.self)) }
    }

    @Test func packetDecoderSurvivesMutatedFrames() throws {
        var generator = SplitMix64(seed: 4)
        var conversation = TCPConversation(link: .ethernet(vlans: [5], qinq: false))
        conversation.handshake()
        conversation.send(fromClient: true, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        conversation.send(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: s=1\r\nContent-Length: 0\r\n\r\n")
        let frames = conversation.frames.map(\.bytes)
        var decoder = PacketDecoder()
        var flows = FlowTable<NullConsumer> { _ in NullConsumer() }
        for round in 0..<5000 {
            let bytes = mutate(frames[round % frames.count], &generator)
            for linkType in [LinkType.ethernet, .linuxSLL, .linuxSLL2, .null, .raw, .ciscoHDLC] {
                if let segment = decoder.decode(Frame(number: round, timestamp: Double(round), linkType: linkType, data: bytes, originalLength: bytes.count + 3)) {
                    flows.process(segment)
                }
            }
        }
        flows.finishAll()
    }

    /// Found by fuzzing (`packets`): a stream opening with exactly 20 capital letters and nothing
    /// after them read one byte past its end while guessing the protocol.
    @Test func protocolGuessOnARunOfCapitalLetters() {
        for count in 3...25 {
            let letters = [UInt8](repeating: UInt8(ascii: "A"), count: count)
            #expect(ProtocolGuess(letters) == (count < 20 ? .needMore : .unknown), "\(count) letters")
            #expect(ProtocolGuess(letters + [0x20]) == (count <= 20 ? .httpRequest : .unknown), "\(count) letters and a space")
        }
    }

    struct NullConsumer: StreamConsumer {
        mutating func receive(_ bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double) {}
        mutating func gap(_ length: Int, direction: FlowDirection) {}
        mutating func end(reason: FlowEndReason) {}
    }
}
