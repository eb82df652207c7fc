import Foundation
import SessionLintTestSupport

/// One TCP connection scripted segment by segment from the input, so the fuzzer steers the
/// reassembler directly: each operation says which side sends, with which flags, at which
/// sequence number relative to the next expected one (behind it: a retransmission or overlap;
/// ahead: a hole), and how many payload bytes follow. The stream is then read as a capture.
enum TCPStreamHarness {
    static func run(_ buffer: UnsafeRawBufferPointer) {
        var input = FuzzInput(buffer)
        var conversation = TCPConversation()
        if input.byte() & 1 == 0 { conversation.handshake() }
        var next: [Bool: UInt32] = [true: conversation.clientSequence, false: conversation.serverSequence]
        while !input.isEmpty {
            let operation = input.byte()
            let fromClient = operation & 1 == 0
            let flags = Packet.TCPFlags(rawValue: operation >> 1 & 0x1F) .union(.ack)
            let shift = Int32(Int8(bitPattern: input.byte())) * 16  // -2048…2032 bytes around the expected byte
            let payload = input.take(Int(input.byte()) * 4)
            let expected = next[fromClient] ?? 0
            let sequence = UInt32(bitPattern: Int32(bitPattern: expected) &+ shift)
            conversation.emit(fromClient: fromClient, payload, flags: flags, sequence: sequence, acknowledgement: next[!fromClient] ?? 0)
            if shift == 0 { next[fromClient] = expected &+ UInt32(payload.count) &+ (flags.contains(.syn) || flags.contains(.fin) ? 1 : 0) }
        }
        ScratchFile.with(conversation.pcap().data, suffix: ".pcap", CaptureHarness.read)
    }

    /// An exchange in the operation format: a request in two segments, a chunked response.
    static func seeds() -> [[UInt8]] {
        func segment(fromClient: Bool, _ text: String) -> [UInt8] {
            // Lengths count in fours; pad inside the first line, where trailing blanks are trimmed.
            let padding = String(repeating: " ", count: (4 - text.utf8.count % 4) % 4)
            let bytes = Array(text.replacingOccurrences(of: "\r\n", with: padding + "\r\n", options: [], range: text.range(of: "\r\n")).utf8)
            return [fromClient ? 0x10 : 0x11, 0, UInt8(bytes.count / 4)] + bytes
        }
        let request = segment(fromClient: true, "GET /account HTTP/1.1\r\nHost: shop.example\r\n")
            + segment(fromClient: true, "Cookie: sid=abc123\r\n\r\n")
        let response = segment(fromClient: false, "HTTP/1.1 200 OK\r\nSet-Cookie: sid=def456; Secure\r\n")
            + segment(fromClient: false, "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        return [[0] + request + response, [1] + response + request]
    }
}
