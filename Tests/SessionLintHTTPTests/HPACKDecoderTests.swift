import Foundation
import Testing
@testable import SessionLintHTTP

/// HPACK (RFC 7541). Blocks were encoded by Python's hpack package (an independent encoder)
/// from the header lists written here, one encoder for the whole sequence, with a 256-byte
/// table so that entries are evicted; blocks 1 and 3 are Huffman-coded.
struct HPACKDecoderTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    static func decoded(_ block: HPACKDecoder.Block) -> [String] { block.fields.map { "\($0.name): \($0.value)" } }

    @Test func rfc7541RequestExampleWithHuffman() throws {
        var decoder = HPACKDecoder()
        // RFC 7541 C.4.1.
        let block = try decoder.decode(Self.bytes("828684418cf1e3c2e5f23a6ba0ab90f4ff"))
        #expect(Self.decoded(block) == [":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"])
    }

    @Test func followsTheDynamicTableThroughSizeUpdateAndEvictions() throws {
        var decoder = HPACKDecoder()
        let session = "sessionid=" + String(repeating: "x", count: 60)
        let blocks = [
            "3fe101828784410f7777772e6578616d706c652e636f6d6003613d316003623d32",
            "82874486606421eda93fc1c060bc4150831ea349079f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cff1f1186414961530219",
            "4803333032776a73657373696f6e69643d797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979793b20506174683d2f3b20487474704f6e6c793b2053656375726577196c616e673d656e3b204d61782d4167653d33313533363030306e1868747470733a2f2f7777772e6578616d706c652e636f6d2f",
            "838744856283cc6abf418cf1e3c2e5f23a6ba0ab90f4ff60bc4150831ea349079f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cf9f3e7cff60821c01",
        ]
        let expected = [
            [":method: GET", ":scheme: https", ":path: /", ":authority: www.example.com", "cookie: a=1", "cookie: b=2"],
            [":method: GET", ":scheme: https", ":path: /account", ":authority: www.example.com", "cookie: a=1", "cookie: \(session)", "cookie: secret=s3"],
            [":status: 302", "set-cookie: sessionid=\(String(repeating: "y", count: 70)); Path=/; HttpOnly; Secure",
             "set-cookie: lang=en; Max-Age=31536000", "location: https://www.example.com/"],
            [":method: POST", ":scheme: https", ":path: /login", ":authority: www.example.com", "cookie: \(session)", "cookie: a=1"],
        ]
        for (block, fields) in zip(blocks, expected) {
            #expect(Self.decoded(try decoder.decode(Self.bytes(block))) == fields)
        }
    }

    @Test func rejectsWhatCannotBeDecoded() {
        var decoder = HPACKDecoder()
        #expect(throws: HPACKDecoder.Failure.self) { try decoder.decode([0xC0]) }  // index 64: no dynamic entries yet
        #expect(throws: HPACKDecoder.Failure.self) { try decoder.decode([0x80]) }  // index 0
        #expect(throws: HPACKDecoder.Failure.self) { try decoder.decode([0x40, 0x85, 0xFF]) }  // a string past the end
        #expect(throws: HPACKDecoder.Failure.self) { try decoder.decode([0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) }  // integer overflow
        // Zero-padded continuation bytes until the shift reaches the sign bit (found by fuzzing:
        // the index went negative and the table lookup overflowed).
        #expect(throws: HPACKDecoder.Failure.self) { try decoder.decode([0xFF] + [UInt8](repeating: 0x80, count: 9) + [0x01]) }
        #expect(throws: HPACKDecoder.Failure.self) {
            try decoder.decode(Array(Data(base64Encoded: "EYL/gv+C/4QnEbGxgICAgICAgB+GgICAgICAgICxsRA=")!))
        }
        // Padded up to the 28-bit shift and in bounds: still read (a table size update to 31).
        var padded = HPACKDecoder()
        #expect(throws: Never.self) { try padded.decode([0x3F, 0x80, 0x80, 0x80, 0x80, 0x00]) }
        #expect(throws: HPACKDecoder.Failure.self) { try decoder.decode([0x82, 0x3F, 0xE1, 0x01]) }  // size update after a field
        // A Huffman string padded with a zero bit.
        #expect(throws: HPACKDecoder.Failure.self) { try decoder.decode([0x40, 0x81, 0x00, 0x01, 0x61]) }
    }

    @Test func boundsTheHeaderListButKeepsTheTableInStep() throws {
        var decoder = HPACKDecoder(maxHeaderListSize: 150)
        let long = String(repeating: "v", count: 80)
        // Two literals with incremental indexing: "x-long" (80 + 6 + 32 = 118 bytes) and "a: b" (34).
        var block: [UInt8] = [0x40, 6] + Array("x-long".utf8) + [UInt8(long.utf8.count)] + Array(long.utf8)
        block += [0x40, 1, 0x61, 1, 0x62]
        let first = try decoder.decode(block)
        #expect(Self.decoded(first) == ["x-long: \(long)"] && first.truncated, "152 bytes pass the bound of 150")
        // The left-out field still entered the table: index 62 is the newest entry.
        #expect(Self.decoded(try decoder.decode([0xBE])) == ["a: b"])
        #expect(Self.decoded(try decoder.decode([0xBF])) == ["x-long: \(long)"])
    }
}

/// RFC 9113 §8.2.3: several cookie fields become one, joined by "; ".
struct HTTP2FrameReaderTests {
    @Test func cutsFramesAcrossSegmentsAndSkipsThePreface() {
        var reader = HTTP2FrameReader(expectsPreface: true, maxBufferedFrame: 64)
        let settings: [UInt8] = [0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0x10, 0]
        let headers: [UInt8] = [0, 0, 3, 1, 0x25, 0, 0, 0, 1, 0x82, 0x86, 0x84]
        let stream = HTTP2FrameReader.connectionPreface + settings + headers
        var frames: [HTTP2Frame] = []
        for byte in stream {
            for case .frame(let frame) in reader.feed([byte][...]) { frames.append(frame) }
        }
        #expect(frames.map(\.kind) == [.settings, .headers])
        #expect(frames[1].stream == 1 && frames[1].has(HTTP2Frame.endHeaders) && frames[1].has(HTTP2Frame.endStream))
        #expect(frames[1].content == nil, "PRIORITY claims 5 bytes of a 3-byte payload")
    }

    @Test func skipsAFrameTooLargeToHold() {
        var reader = HTTP2FrameReader(expectsPreface: false, maxBufferedFrame: 16)
        let big: [UInt8] = [0, 0, 40, 0, 0, 0, 0, 0, 3] + [UInt8](repeating: 7, count: 40)
        let ping: [UInt8] = [0, 0, 8, 6, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 8)
        let events = reader.feed(big[...].prefix(20)) + reader.feed(big[...].dropFirst(20) + ping)
        guard case .skipped(0, 3, 40) = events.first, case .frame(let frame) = events.last else {
            Issue.record("expected the large DATA frame skipped, then the PING")
            return
        }
        #expect(frame.kind == .ping)
    }
}
