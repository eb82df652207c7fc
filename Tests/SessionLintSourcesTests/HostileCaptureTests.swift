import Foundation
import Testing
import SessionLintCore
import SessionLintTestSupport
@testable import SessionLintSources

/// Captures an attacker could shape, read end to end through libpcap, the decoders, reassembly
/// and HTTP: nothing may crash, the good parts must still yield their transactions, and every
/// loss must show as a warning.
struct HostileCaptureTests {
    static func read(_ data: Data, limits: Limits = Limits()) throws -> (transactions: [HTTPTransaction], warnings: [InputWarning]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).pcap")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var transactions: [HTTPTransaction] = []
        var warnings: [InputWarning] = []
        try PcapSource(inputName: "hostile.pcap", path: url.path, limits: limits)
            .read(onTransaction: { transactions.append($0) }, onWarning: { warnings.append($0) })
        return (transactions, warnings)
    }

    /// Three exchanges on one keep-alive connection; `completes[k]` is the byte offset in the
    /// file where the frame finishing the k-th response ends, `recordEnds` where every record ends.
    static func threeExchanges() -> (file: Data, completes: [Int], targets: [String], recordEnds: Set<Int>) {
        var conversation = TCPConversation()
        conversation.handshake()
        var lastResponseFrame: [Int] = []
        let targets = ["/", "/login", "/account"]
        for (index, target) in targets.enumerated() {
            conversation.send(fromClient: true, "GET \(target) HTTP/1.1\r\nHost: shop.example\r\nCookie: sid=s\(index)\r\n\r\n", segmentSize: 30)
            conversation.send(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: sid=s\(index + 1); Path=/\r\nContent-Length: 5\r\n\r\nhello", segmentSize: 30)
            lastResponseFrame.append(conversation.frames.count - 1)
        }
        conversation.close()
        var writer = PcapWriter(linkType: conversation.linkType)
        var ends: [Int] = []
        for frame in conversation.frames {
            writer.add(frame.bytes, time: frame.time)
            ends.append(writer.data.count)
        }
        return (writer.data, lastResponseFrame.map { ends[$0] }, targets, Set(ends + [24]))
    }

    /// Cut at every byte: never a crash or an error; every exchange whose response was complete
    /// before the cut is found, in order, and a cut inside a record is reported. (A cut between
    /// records is a capture that simply stopped: a request then has no response, and nothing
    /// in the file was lost.)
    @Test func aCaptureCutAtEveryByteKeepsWhatCameBefore() throws {
        let (file, completes, targets, recordEnds) = Self.threeExchanges()
        let full = try Self.read(file)
        #expect(full.transactions.map(\.request.target) == targets)
        for cut in 24...file.count {
            let (transactions, warnings) = try Self.read(file.prefix(cut))
            let complete = completes.filter { $0 <= cut }.count
            #expect(transactions.count >= complete, "cut at \(cut): \(transactions.count) of \(complete) complete exchanges")
            #expect(transactions.map(\.request.target) == Array(targets.prefix(transactions.count)), "cut at \(cut)")
            if !recordEnds.contains(cut) {
                #expect(!warnings.isEmpty, "cut at \(cut) of \(file.count), record ends \(completes): the loss is not reported; \(transactions.map { "\($0.request.target) \($0.response?.status ?? 0)" })")
            }
        }
    }

    /// Random bytes flipped across the whole file (headers, lengths, payload): no crash, and
    /// flips confined to one exchange's payload leave the others intact.
    @Test func randomByteFlipsNeverCrash() throws {
        let (file, _, _, _) = Self.threeExchanges()
        var generator = SplitMix64(seed: 11)
        for _ in 0..<300 {
            var damaged = Array(file)
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? Self.read(Data(damaged))
        }
    }

    /// The global header's snapshot length is only a promise about record sizes: 0 and absurdly
    /// large values must not stop a readable capture or make it allocate accordingly.
    @Test(arguments: [UInt32(0), 0x7FFF_FFFF, 0xFFFF_FFFF])
    func zeroAndOversizedSnapshotLengths(snapLength: UInt32) throws {
        var (file, _, targets, _) = Self.threeExchanges()
        withUnsafeBytes(of: snapLength.littleEndian) { file.replaceSubrange(16..<20, with: $0) }
        do {
            let (transactions, warnings) = try Self.read(file)
            #expect(transactions.map(\.request.target) == targets, "\(warnings.map(\.message))")
        } catch let error as InputError {
            // libpcap may refuse the header outright: then the error names the file.
            #expect(error.file == "hostile.pcap" && !error.message.isEmpty)
        }
    }

    /// A snapshot length of 1: libpcap hands over one byte of each record, as a capture taken
    /// that way would hold; nothing is found and the warnings say why.
    @Test func aOneByteSnapshotLengthIsExplained() throws {
        var (file, _, _, _) = Self.threeExchanges()
        withUnsafeBytes(of: UInt32(1).littleEndian) { file.replaceSubrange(16..<20, with: $0) }
        let (transactions, warnings) = try Self.read(file)
        #expect(transactions.isEmpty)
        #expect(warnings.map(\.message).contains("22 frames were cut short by the snapshot length; the missing bytes count as capture gaps"))
    }

    /// A record claiming gigabytes in the middle of the file: what came before is kept and the
    /// damage is reported with its place.
    @Test func anAbsurdRecordLengthStopsWithAWarning() throws {
        let (file, completes, targets, _) = Self.threeExchanges()
        var damaged = Array(file.prefix(completes[1]))
        damaged += [0, 0, 0, 0, 0, 0, 0, 0] + [0xF0, 0xFF, 0xFF, 0xFF] + [0xF0, 0xFF, 0xFF, 0xFF] + Array(repeating: 0x41, count: 64)
        let (transactions, warnings) = try Self.read(Data(damaged))
        #expect(transactions.map(\.request.target) == Array(targets.prefix(2)))
        #expect(warnings.contains { $0.message.contains("cut off") || $0.message.contains("damaged") || $0.message.contains("bogus") }, "\(warnings)")
    }

    /// Length fields in the packet headers that lie: a header length of 60 bytes with 20 present
    /// and a TCP data offset past the end (skipped and counted as malformed), an IPv4 total length
    /// and an IPv6 payload length of 65,535 on whole frames (read as what they carry: only a
    /// snapshot length can make bytes missing, so no gap is invented). The exchange around them is read.
    @Test func absurdHeaderLengthsAreSkippedAndCounted() throws {
        var conversation = TCPConversation()
        conversation.handshake()
        conversation.send(fromClient: true, "GET /real HTTP/1.1\r\nHost: shop.example\r\n\r\n")
        let segment = Packet.tcp(Array("GET /fake HTTP/1.1\r\n\r\n".utf8), sourcePort: 40_000, destinationPort: 80, sequence: 1, acknowledgement: 0, flags: [.ack])
        var badOffset = segment
        badOffset[12] = 0xF0  // data offset 15 words: 60 bytes of header in a 44-byte segment
        var badIHL = Packet.ipv4(segment, from: [10, 9, 9, 9], to: [10, 0, 0, 1])
        badIHL[0] = 0x4F
        var ipv6 = Packet.ipv6(segment, from: [UInt8](repeating: 0xFE, count: 16), to: [UInt8](repeating: 0xFD, count: 16))
        ipv6[4] = 0xFF
        ipv6[5] = 0xFF
        let lies: [(frame: [UInt8], type: UInt16)] = [
            (Packet.ipv4(segment, from: [10, 9, 9, 9], to: [10, 0, 0, 1], totalLength: 65_535), 0x0800), (badIHL, 0x0800),
            (Packet.ipv4(badOffset, from: [10, 9, 9, 9], to: [10, 0, 0, 1]), 0x0800), (ipv6, 0x86DD),
        ]
        var writer = PcapWriter(linkType: conversation.linkType)
        for frame in conversation.frames { writer.add(frame.bytes, time: frame.time) }
        for lie in lies { writer.add(Packet.ethernet(lie.frame, type: lie.type), time: conversation.time) }
        var rest = conversation
        rest.send(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: sid=1\r\nContent-Length: 0\r\n\r\n")
        for frame in rest.frames.dropFirst(conversation.frames.count) { writer.add(frame.bytes, time: frame.time) }
        let (transactions, warnings) = try Self.read(writer.data)
        #expect(transactions.first { $0.request.target == "/real" }?.response?.status == 200)
        #expect(transactions.filter { $0.request.target == "/fake" }.count == 2)
        #expect(warnings.map(\.message).contains("2 malformed packets skipped"), "\(warnings.map(\.message))")
        #expect(!warnings.contains { $0.message.contains("gap") }, "\(warnings.map(\.message))")
    }

    /// A 10 MB header line: the head is skipped at the header-bytes bound with a warning, memory
    /// stays bounded, and the next message on the connection is read.
    @Test func aTenMegabyteHeaderLineIsSkippedAndParsingGoesOn() throws {
        var conversation = TCPConversation()
        conversation.handshake()
        let huge = "GET /huge HTTP/1.1\r\nHost: shop.example\r\nCookie: sid=" + String(repeating: "A", count: 10 << 20) + "\r\n\r\n"
        conversation.send(fromClient: true, huge, segmentSize: 60_000)
        conversation.send(fromClient: false, "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n\r\n")
        conversation.send(fromClient: true, "GET /next HTTP/1.1\r\nHost: shop.example\r\nCookie: sid=ok\r\n\r\n")
        conversation.send(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: sid=new; Path=/\r\nContent-Length: 0\r\n\r\n")
        conversation.close()
        let (transactions, warnings) = try Self.read(conversation.pcap().data)
        #expect(transactions.contains { $0.request.target == "/next" && $0.response?.status == 200 })
        #expect(warnings.contains { $0.message.contains("longer than 65536 bytes") }, "\(warnings.map(\.message))")
    }

    /// A response in 40,000 one-byte chunks with long chunk extensions, and Transfer-Encoding
    /// listing chunked twice: the body is reassembled up to the kept bound.
    @Test func deeplyChunkedBodiesAreReassembled() throws {
        var body = ""
        for index in 0..<40_000 { body += "1;ext\(index)=\(String(repeating: "e", count: 20))\r\n\(index % 10)\r\n" }
        body += "0\r\nX-Trailer: t\r\n\r\n"
        var conversation = TCPConversation()
        conversation.handshake()
        conversation.send(fromClient: true, "GET /data HTTP/1.1\r\nHost: shop.example\r\n\r\n")
        conversation.send(fromClient: false, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked, chunked\r\nSet-Cookie: sid=z\r\n\r\n" + body)
        conversation.send(fromClient: true, "GET /after HTTP/1.1\r\nHost: shop.example\r\n\r\n")
        conversation.send(fromClient: false, "HTTP/1.1 204 No Content\r\n\r\n")
        conversation.close()
        let (transactions, _) = try Self.read(conversation.pcap().data)
        #expect(transactions.map(\.request.target) == ["/data", "/after"])
        let text = try #require(transactions.first?.response?.textBody)
        #expect(text.count == 40_000)
        #expect(text.prefix(12) == Array("012345678901".utf8)[...])
    }

    /// 200,000 connections of one SYN each with room for 5,000: the table evicts in batches, every
    /// eviction is counted in a warning that names the limit, and a real exchange at the end is
    /// still read.
    @Test func aFloodOfTinyFlowsIsBoundedAndReported() throws {
        var writer = PcapWriter()
        let syn = Packet.tcp([], sourcePort: 0, destinationPort: 80, sequence: 1, acknowledgement: 0, flags: .syn)
        for index in 0..<200_000 {
            var segment = syn
            segment[0] = UInt8(index >> 8 & 0xFF)
            segment[1] = UInt8(index & 0xFF)
            let ip = Packet.ipv4(segment, from: [10, 1, UInt8(index >> 16), 1], to: [10, 0, 0, 1])
            writer.add(Packet.ethernet(ip, type: 0x0800), time: 1_700_000_000 + Double(index) / 1e6)
        }
        var conversation = TCPConversation()
        conversation.time = 1_700_000_001
        conversation.handshake()
        conversation.send(fromClient: true, "GET /still-here HTTP/1.1\r\nHost: shop.example\r\n\r\n")
        conversation.send(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: sid=1\r\nContent-Length: 0\r\n\r\n")
        for frame in conversation.frames { writer.add(frame.bytes, time: frame.time) }
        var limits = Limits()
        limits.connections = 5_000
        let (transactions, warnings) = try Self.read(writer.data, limits: limits)
        #expect(transactions.map(\.request.target) == ["/still-here"])
        let eviction = try #require(warnings.first { $0.message.contains("evicted") })
        let evicted = Int(eviction.message.prefix { $0.isNumber }) ?? 0
        #expect(evicted >= 195_000 && evicted <= 200_000, "\(eviction.message)")
        #expect(eviction.message.contains("connections=5000"))
    }

    /// Out-of-order bytes beyond `reorder-bytes` give up the hole early, with a warning naming it.
    @Test func theReorderBufferIsBoundedAndReported() throws {
        var conversation = TCPConversation()
        conversation.handshake()
        let lost = conversation.sendSegment(fromClient: true, Array("GET /lost HTTP/1.1\r\n".utf8))
        for _ in 0..<20 { conversation.sendSegment(fromClient: true, Array(repeating: UInt8(ascii: "x"), count: 1_000)) }
        let order = conversation.frames.indices.filter { $0 != lost }
        var limits = Limits()
        limits.reorderBytes = 4_096
        let (_, warnings) = try Self.read(conversation.pcap(order: order).data, limits: limits)
        #expect(warnings.contains { $0.message.contains("reorder-bytes=4K") }, "\(warnings.map(\.message))")
    }

    /// A compressed capture is copied for libpcap into a temporary file only the user can read,
    /// and the copy is gone once the capture has been read.
    @Test func theTemporaryCopyOfACompressedCaptureIsPrivateAndRemoved() throws {
        let (file, _, targets, _) = Self.threeExchanges()
        let compressed = FileManager.default.temporaryDirectory.appendingPathComponent("private-\(UUID().uuidString).pcap.gz")
        try Data(compress(Array(file), windowBits: gzipWindow)).write(to: compressed)
        defer { try? FileManager.default.removeItem(at: compressed) }
        func copies() -> Set<String> {
            Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter { $0.hasPrefix("sessionlint-") && $0.hasSuffix(".pcap") }
        }
        let before = copies()
        let source = try InputOpener.open(path: compressed.path, kind: nil)
        let made = copies().subtracting(before)
        #expect(!made.isEmpty)
        for name in made {
            let mode = try FileManager.default.attributesOfItem(atPath: NSTemporaryDirectory() + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name): \(String(mode ?? 0, radix: 8))")
        }
        var transactions: [HTTPTransaction] = []
        try source.read(onTransaction: { transactions.append($0) }, onWarning: { _ in })
        #expect(transactions.map(\.request.target) == targets)
        #expect(copies().intersection(made).isEmpty)
    }
}
