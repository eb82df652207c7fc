import Testing
@testable import SessionLintCapture

func segment(_ text: String, sequence: UInt32, flags: TCPSegment.Flags = [.ack], missing: Int = 0, frame: Int = 1) -> TCPSegment {
    TCPSegment(
        sourceAddress: IPAddress([10, 0, 0, 7])!, sourcePort: 5000, destinationAddress: IPAddress([10, 0, 0, 1])!, destinationPort: 80,
        sequence: sequence, acknowledgement: 0, flags: flags, payload: Array(text.utf8)[...], missingPayload: missing,
        frame: frame, timestamp: Double(frame))
}

/// Replays events into "text[gap N]text" so expectations read as the stream a parser sees.
func render(_ events: [StreamReassembler.Event]) -> String {
    events.map { event in
        switch event {
        case .data(let bytes, _, _): String(decoding: bytes, as: UTF8.self)
        case .gap(let length): "[gap \(length)]"
        }
    }.joined()
}

struct StreamReassemblerTests {
    @Test func inOrderAfterSYN() {
        var stream = StreamReassembler()
        var events = stream.accept(segment("", sequence: 99, flags: .syn))
        events += stream.accept(segment("GET / ", sequence: 100))
        events += stream.accept(segment("HTTP/1.1\r\n", sequence: 106))
        #expect(render(events) == "GET / HTTP/1.1\r\n")
    }

    @Test func outOfOrderIsBufferedThenDeliveredInOrder() {
        var stream = StreamReassembler()
        var events = stream.accept(segment("", sequence: 99, flags: .syn))
        events += stream.accept(segment("world", sequence: 106, frame: 3))
        #expect(render(events).isEmpty)
        events += stream.accept(segment("hello ", sequence: 100, frame: 2))
        #expect(render(events) == "hello world")
        // Each piece keeps the frame that carried it.
        #expect(events.compactMap { if case .data(_, let frame, _) = $0 { frame } else { nil } } == [2, 3])
    }

    @Test func retransmissionsAndOverlapsKeepTheFirstCopy() {
        var stream = StreamReassembler()
        var events = stream.accept(segment("", sequence: 0, flags: .syn))
        events += stream.accept(segment("abcdef", sequence: 1))
        events += stream.accept(segment("abcdef", sequence: 1))       // retransmission
        events += stream.accept(segment("XYZghi", sequence: 4))       // overlaps "def": first copy wins
        events += stream.accept(segment("jk", sequence: 11))          // out of order
        events += stream.accept(segment("QQQQ", sequence: 10))        // fills the hole, overlaps the buffered "jk"
        #expect(render(events) == "abcdefghiQjkQ")
    }

    @Test func holeBelowAnAcknowledgementBecomesAGap() {
        var stream = StreamReassembler()
        var events = stream.accept(segment("", sequence: 0, flags: .syn))
        events += stream.accept(segment("first", sequence: 1))
        events += stream.accept(segment("third", sequence: 11))     // "secon" never captured
        #expect(render(events) == "first")
        events += stream.acknowledged(11)                           // not beyond the hole's end yet? it is: 11 ≥ 11
        #expect(render(events) == "first[gap 5]third")
    }

    @Test func flushDeclaresRemainingHolesAndAMissingTail() {
        var stream = StreamReassembler()
        var events = stream.accept(segment("", sequence: 0, flags: .syn))
        events += stream.accept(segment("aa", sequence: 1))
        events += stream.accept(segment("cc", sequence: 5))
        events += stream.accept(segment("", sequence: 12, flags: [.fin, .ack]))  // FIN after 11 bytes; offsets 6...10 never seen
        events += stream.flush()
        #expect(render(events) == "aa[gap 2]cc[gap 5]")
    }

    @Test func sequenceNumbersWrapAround() {
        var stream = StreamReassembler()
        var events = stream.accept(segment("", sequence: UInt32.max - 2, flags: .syn))
        events += stream.accept(segment("ab", sequence: UInt32.max - 1))
        events += stream.accept(segment("cdef", sequence: 0))          // wrapped: after 0xFFFFFFFF comes 0
        events += stream.accept(segment("gh", sequence: 4))
        #expect(render(events) == "abcdefgh")
    }

    @Test func connectionPickedUpMidStream() {
        var stream = StreamReassembler()
        var events = stream.accept(segment("HTTP/1.1 200 OK\r\n", sequence: 7_000_000))
        events += stream.accept(segment("\r\n", sequence: 7_000_017))
        #expect(render(events) == "HTTP/1.1 200 OK\r\n\r\n")
        #expect(!stream.sawSYN)
    }

    @Test func bytesCutBySnapLengthAreAGap() {
        var stream = StreamReassembler()
        var events = stream.accept(segment("", sequence: 0, flags: .syn))
        events += stream.accept(segment("head", sequence: 1, missing: 96))
        events += stream.accept(segment("next", sequence: 101))
        #expect(render(events) == "head[gap 96]next")
    }

    @Test func bufferBoundForcesAGap() {
        var stream = StreamReassembler(maxBufferedBytes: 8)
        var events = stream.accept(segment("", sequence: 0, flags: .syn))
        events += stream.accept(segment("12345", sequence: 11))
        events += stream.accept(segment("67890", sequence: 16))  // 10 bytes buffered > 8: give up on the hole
        #expect(render(events) == "[gap 10]1234567890")
    }
}

struct ByteCursorTests {
    @Test func readsBigAndLittleEndianAndRefusesToOverrun() throws {
        var cursor = ByteCursor([0x12, 0x34, 0x56, 0x78, 0x9A])
        #expect(try cursor.readUInt16BE() == 0x1234)
        #expect(try cursor.readUInt16LE() == 0x7856)
        #expect(cursor.remaining == 1)
        #expect(throws: ByteCursor.OutOfBounds(needed: 4, available: 1)) { try cursor.readUInt32BE() }
        #expect(throws: ByteCursor.OutOfBounds(needed: -1, available: 1)) { try cursor.skip(-1) }
        #expect(try cursor.readUInt8() == 0x9A)
    }
}

struct IPAddressTests {
    @Test(arguments: [
        ([UInt8](repeating: 0, count: 15) + [1], "::1"),
        ([0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1], "2001:db8::1"),
        ([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x80, 0, 0xf2, 0x27, 0xbe, 0xc8, 0x61, 0xaf], "fe80::8000:f227:bec8:61af"),
        ([0x20, 0x01, 0, 0, 0x41, 0x37, 0x9e, 0x50, 0x80, 0, 0xf1, 0x2a, 0xb9, 0xc8, 0x28, 0x15], "2001:0:4137:9e50:8000:f12a:b9c8:2815"),
        ([192, 168, 1, 104], "192.168.1.104"),
    ])
    func formats(bytes: [UInt8], text: String) {
        #expect(IPAddress(bytes)?.description == text)
        #expect(IPAddress(bytes)?.bytes == bytes)  // stored inline, given back unchanged
    }

    /// Flow keys put the lower endpoint first: the order must agree with comparing the bytes.
    @Test func ordersAsTheirBytes() throws {
        let addresses: [[UInt8]] = [[10, 0, 0, 1], [10, 0, 0, 2], [9, 255, 255, 255], [192, 168, 1, 1], [0, 0, 0, 0], [255, 0, 0, 0]]
        for a in addresses {
            for b in addresses {
                #expect((try #require(IPAddress(a)) < (try #require(IPAddress(b)))) == a.lexicographicallyPrecedes(b))
            }
        }
        let v6a = [UInt8](repeating: 0, count: 15) + [1], v6b = [0x20, 0x01] + [UInt8](repeating: 0, count: 14)
        #expect(try #require(IPAddress(v6a)) < (try #require(IPAddress(v6b))))
        #expect(IPAddress([1, 2, 3]) == nil)
        #expect(IPAddress([10, 0, 0, 1]) != IPAddress([UInt8](repeating: 0, count: 12) + [10, 0, 0, 1]))
    }
}
