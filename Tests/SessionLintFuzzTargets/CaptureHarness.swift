import Foundation
import SessionLintCapture
import SessionLintCore
import SessionLintSources
import SessionLintTestSupport

/// Captures through the same path `scan` takes: libpcap reads the file, then the packet
/// decoders, the flow table, TCP reassembly and HTTP. `runFile` takes the bytes as a whole pcap
/// or pcapng file (record headers, snapshot lengths, block lengths); `runFrames` takes them as
/// frames of one link type, to reach the decoders without first finding a valid file header.
enum CaptureHarness {
    static let linkTypes = LinkType.supported.map { UInt32($0.rawValue) }

    static func runFile(_ bytes: UnsafeRawBufferPointer) {
        ScratchFile.with(bytes, suffix: ".pcap", read)
    }

    /// First byte: the link type; then frames, each a 2-byte length and that many bytes. The
    /// length's top bit keeps only the first half of the frame, as a snapshot length would.
    static func runFrames(_ buffer: UnsafeRawBufferPointer) {
        var input = FuzzInput(buffer)
        var writer = PcapWriter(linkType: linkTypes[Int(input.byte()) % linkTypes.count])
        var time = 1_700_000_000.0
        while !input.isEmpty {
            let header = input.uint16()
            let frame = input.take(Int(header & 0x3FFF))
            time += 0.001
            writer.add(frame, time: time, capturedLength: header & 0x8000 != 0 ? frame.count / 2 : nil)
        }
        ScratchFile.with(writer.data, suffix: ".pcap", read)
    }

    static func read(_ path: String) {
        let source = PcapSource(inputName: "fuzz.pcap", path: path)
        try? source.read(onTransaction: { _ in }, onWarning: { _ in })
    }

    /// Frames of real exchanges on every link type, for the `packets` corpus.
    static func frameSeeds() -> [[UInt8]] {
        let links: [TCPConversation.Link] = [.ethernet(vlans: [], qinq: false), .ethernet(vlans: [7, 8], qinq: true), .sll, .sll2, .null, .raw]
        var seeds: [[UInt8]] = []
        for (index, link) in links.enumerated() {
            var conversation = TCPConversation(client: index % 2 == 0 ? [10, 0, 0, 7] : Array(repeating: 0xFE, count: 15) + [7], link: link)
            conversation.handshake()
            conversation.send(fromClient: true, "GET /login HTTP/1.1\r\nHost: shop.example\r\nCookie: sid=abc123\r\n\r\n", segmentSize: 20)
            conversation.send(fromClient: false, "HTTP/1.1 302 Found\r\nSet-Cookie: sid=def456; Path=/; HttpOnly\r\nContent-Length: 0\r\n\r\n")
            conversation.close()
            var seed: [UInt8] = [UInt8(linkTypes.firstIndex(of: conversation.linkType) ?? 0)]
            for frame in conversation.frames {
                seed += [UInt8(frame.bytes.count >> 8), UInt8(frame.bytes.count & 0xFF)] + frame.bytes
            }
            seeds.append(seed)
        }
        return seeds
    }
}
