import Foundation
import Testing
import SessionLintTestSupport
@testable import SessionLintCapture

func frames(of writer: PcapWriter) throws -> [Frame] {
    let url = try writer.writeTemporary()
    defer { try? FileManager.default.removeItem(at: url) }
    let reader = try PcapFileReader(path: url.path)
    var result: [Frame] = []
    while case .frame(let frame) = reader.next() { result.append(frame) }
    return result
}

func firstSegment(_ conversation: TCPConversation) throws -> TCPSegment? {
    var decoder = PacketDecoder()
    return try frames(of: conversation.pcap()).lazy.compactMap { decoder.decode($0) }.first { !$0.payload.isEmpty }
}

struct PacketDecoderTests {
    @Test(arguments: [
        TCPConversation.Link.ethernet(vlans: [], qinq: false), .ethernet(vlans: [100], qinq: false),
        .ethernet(vlans: [10, 20], qinq: true), .sll, .sll2, .null, .raw,
    ])
    func everyLinkLayerReachesTCP(link: TCPConversation.Link) throws {
        var conversation = TCPConversation(link: link)
        conversation.handshake()
        conversation.send(fromClient: true, "GET / HTTP/1.1\r\n\r\n")
        let segment = try #require(try firstSegment(conversation))
        #expect(segment.sourceAddress.description == "10.0.0.7" && segment.destinationPort == 80)
        #expect(String(decoding: segment.payload, as: UTF8.self) == "GET / HTTP/1.1\r\n\r\n")
    }

    @Test func ipv6() throws {
        var conversation = TCPConversation(client: [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [7],
                                           server: Array(repeating: 0, count: 15) + [1])
        conversation.handshake()
        conversation.send(fromClient: true, "GET / HTTP/1.1\r\n\r\n")
        let segment = try #require(try firstSegment(conversation))
        #expect(segment.sourceAddress.description == "2001:db8::7")
        #expect(segment.destinationAddress.description == "::1")
    }

    @Test func ethernetPaddingIsTrimmedByTheIPLength() throws {
        let tcp = Packet.tcp(Array("hi".utf8), sourcePort: 1, destinationPort: 80, sequence: 5, acknowledgement: 0, flags: .ack)
        let frame = Packet.ethernet(Packet.ipv4(tcp, from: [1, 1, 1, 1], to: [2, 2, 2, 2]) + [0, 0, 0, 0, 0, 0], type: 0x0800)
        var writer = PcapWriter()
        writer.add(frame, time: 1)
        var decoder = PacketDecoder()
        let segment = try #require(try frames(of: writer).compactMap { decoder.decode($0) }.first)
        #expect(Array(segment.payload) == Array("hi".utf8))
    }

    @Test func ipv4FragmentsAreReassembledInAnyOrder() throws {
        let payload = Array("GET /fragmented HTTP/1.1\r\nHost: a.example\r\n\r\n".utf8)
        let tcp = Packet.tcp(payload, sourcePort: 1234, destinationPort: 80, sequence: 1, acknowledgement: 0, flags: .ack)
        let first = Array(tcp[..<24]), second = Array(tcp[24...])
        var writer = PcapWriter()
        writer.add(Packet.ethernet(Packet.ipv4(second, from: [1, 1, 1, 1], to: [2, 2, 2, 2], identification: 77, fragmentOffset: 24), type: 0x0800), time: 1)
        writer.add(Packet.ethernet(Packet.ipv4(first, from: [1, 1, 1, 1], to: [2, 2, 2, 2], identification: 77, moreFragments: true), type: 0x0800), time: 2)
        var decoder = PacketDecoder()
        let segments = try frames(of: writer).compactMap { decoder.decode($0) }
        #expect(segments.count == 1)
        #expect(Array(segments[0].payload) == payload)
        #expect(decoder.counters.fragmentsPending == 1)
    }

    @Test func ipv6ExtensionHeadersAndFragments() throws {
        let tcp = Packet.tcp(Array("GET / HTTP/1.1\r\n\r\n".utf8), sourcePort: 1234, destinationPort: 80, sequence: 1, acknowledgement: 0, flags: .ack)
        let source = [UInt8](repeating: 0, count: 15) + [1], destination = [UInt8](repeating: 0, count: 15) + [2]
        // Hop-by-hop (8 bytes) → destination options (8 bytes) → fragment (8 bytes) → TCP, in two fragments.
        func fragment(_ piece: [UInt8], offset: Int, more: Bool) -> [UInt8] {
            let hopByHop: [UInt8] = [60, 0, 1, 4, 0, 0, 0, 0]
            let destinationOptions: [UInt8] = [44, 0, 1, 4, 0, 0, 0, 0]
            let fragmentHeader: [UInt8] = [6, 0] + Packet.be16(UInt16(offset) | (more ? 1 : 0)) + Packet.be32(0xBEEF)
            return Packet.ethernet(Packet.ipv6(hopByHop + destinationOptions + fragmentHeader + piece, from: source, to: destination, nextHeader: 0), type: 0x86DD)
        }
        var writer = PcapWriter()
        writer.add(fragment(Array(tcp[..<16]), offset: 0, more: true), time: 1)
        writer.add(fragment(Array(tcp[16...]), offset: 16, more: false), time: 2)
        var decoder = PacketDecoder()
        let segments = try frames(of: writer).compactMap { decoder.decode($0) }
        #expect(segments.count == 1)
        #expect(String(decoding: segments[0].payload, as: UTF8.self) == "GET / HTTP/1.1\r\n\r\n")
    }

    @Test func pppoeWithProtocolFieldCompression() throws {
        let tcp = Packet.tcp(Array("x".utf8), sourcePort: 1, destinationPort: 80, sequence: 1, acknowledgement: 0, flags: .ack)
        let ip = Packet.ipv4(tcp, from: [1, 1, 1, 1], to: [2, 2, 2, 2])
        let pppoe: [UInt8] = [0x11, 0x00] + Packet.be16(0x2D) + Packet.be16(UInt16(ip.count + 1)) + [0x21] + ip
        var writer = PcapWriter()
        writer.add(Packet.ethernet(pppoe, type: 0x8864), time: 1)
        var decoder = PacketDecoder()
        #expect(try frames(of: writer).compactMap { decoder.decode($0) }.count == 1)
    }

    @Test func malformedPacketsAreCountedNotFatal() throws {
        var writer = PcapWriter()
        writer.add(Packet.ethernet([0x45, 0, 0], type: 0x0800), time: 1)                       // IPv4 header cut short
        writer.add(Packet.ethernet([0x4F] + [UInt8](repeating: 0, count: 30), type: 0x0800), time: 2)  // IHL says 60 bytes
        writer.add(Packet.ethernet([0x60, 0], type: 0x86DD), time: 3)
        writer.add([1, 2, 3], time: 4)                                                          // not even Ethernet
        var decoder = PacketDecoder()
        #expect(try frames(of: writer).compactMap { decoder.decode($0) }.isEmpty)
        #expect(decoder.counters.malformed == 4)
    }
}

struct PcapFileReaderTests {
    @Test func truncatedFileKeepsEveryCompleteFrame() throws {
        var conversation = TCPConversation()
        conversation.handshake()
        conversation.send(fromClient: true, "GET / HTTP/1.1\r\n\r\n")
        var data = conversation.pcap().data
        let complete = data.count
        data.append(contentsOf: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])  // half a record header
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: url) }
        try data.write(to: url)
        let reader = try PcapFileReader(path: url.path)
        var count = 0
        var ending: String?
        loop: while true {
            switch reader.next() {
            case .frame: count += 1
            case .end: ending = "end"; break loop
            case .truncated(let offset, _): ending = "truncated at \(offset)"; break loop
            }
        }
        #expect(count == 4)
        #expect(ending == "truncated at \(complete)")
    }

    /// Records longer than the file's snapshot length (an old writer's bug libpcap tolerates by
    /// reading the first snapshot-length bytes and skipping the rest): the reported offset of a
    /// cut must still be the true one, so it cannot be counted from the clamped lengths.
    @Test func truncationOffsetSurvivesRecordsLongerThanTheSnapshotLength() throws {
        var writer = PcapWriter(snapLength: 64)
        for index in 0..<3 { writer.add([UInt8](repeating: UInt8(index), count: 100), time: Double(index)) }
        var data = writer.data
        let complete = data.count
        data.append(contentsOf: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])  // half a record header
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: url) }
        try data.write(to: url)
        let reader = try PcapFileReader(path: url.path)
        var lengths: [Int] = []
        var ending: String?
        loop: while true {
            switch reader.next() {
            case .frame(let frame): lengths.append(frame.data.count)
            case .end: ending = "end"; break loop
            case .truncated(let offset, _): ending = "truncated at \(offset)"; break loop
            }
        }
        #expect(lengths == [64, 64, 64])
        #expect(ending == "truncated at \(complete)")
    }

    @Test func nanosecondTimestamps() throws {
        var writer = PcapWriter(nanosecond: true)
        writer.add([0, 1, 2], time: 1_700_000_000.123456789)
        let frame = try #require(try frames(of: writer).first)
        #expect(abs(frame.timestamp - 1_700_000_000.123456789) < 1e-6)
        #expect(frame.number == 1)
    }

    @Test func unsupportedLinkTypeIsNamed() throws {
        var writer = PcapWriter(linkType: 105)  // IEEE 802.11
        writer.add([0, 1, 2], time: 1)
        let url = try writer.writeTemporary()
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: InputError.self) { try PcapFileReader(path: url.path) }
        do { _ = try PcapFileReader(path: url.path) } catch {
            #expect(error.message.contains("unsupported link type 105 (IEEE802_11)"))
        }
    }

    @Test func notACaptureIsAnError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("hello, not a capture at all".utf8).write(to: url)
        do {
            _ = try PcapFileReader(path: url.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.file == url.path)
            #expect(error.message.hasPrefix("cannot read the capture: not a pcap or pcapng file"))
        }
    }
}

import SessionLintCore
