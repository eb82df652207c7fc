import Foundation
import SessionLintCapture
import SessionLintCore
import SessionLintHTTP
import SessionLintSources
import SessionLintTLS
import SessionLintTestSupport

/// TLS and HTTP/2, with the real key logs of examples/https and the keyed corpus captures, so
/// that mutated records of those connections still reach the decryptors:
/// - `runCapture`: a whole capture file read with those keys (pcapng Decryption Secrets
///   Blocks included);
/// - `runRecords`: one TLS connection scripted chunk by chunk, each chunk a side byte, a
///   length byte and that many bytes: record framing, hellos, key changes, record opening;
/// - `runHTTP2`: one cleartext HTTP/2 connection scripted the same way after the client's
///   preface: frames, header blocks, HPACK, streams;
/// - `runHPACK`: header blocks (a length byte, then the block) through one decoder.
enum TLSHarness {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let keyLog: KeyLog = {
        var keys = KeyLog()
        for directory in ["examples/https", "../shared/corpus/pcap"] {
            let folder = repository.appendingPathComponent(directory)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix("keylog") {
                if let text = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) { keys.add(text: [UInt8](text)) }
            }
        }
        return keys
    }()

    static func runCapture(_ bytes: UnsafeRawBufferPointer) {
        ScratchFile.with(bytes, suffix: ".pcap") { path in
            try? PcapSource(inputName: "fuzz.pcap", path: path, keyLog: keyLog).read(onTransaction: { _ in }, onWarning: { _ in })
        }
    }

    static func runRecords(_ buffer: UnsafeRawBufferPointer) {
        var input = FuzzInput(buffer)
        let connection = TLSConnection(keyLog: keyLog)
        while !input.isEmpty {
            let side = input.byte()
            let chunk = input.take(Int(input.byte()) * 4)
            let direction: FlowDirection = side & 1 == 0 ? .fromOriginator : .fromResponder
            _ = side & 0x80 != 0 ? connection.gap(chunk.count, direction: direction) : connection.receive(chunk[...], direction: direction)
        }
        _ = connection.outcome
    }

    static func runHTTP2(_ buffer: UnsafeRawBufferPointer) {
        var input = FuzzInput(buffer)
        var conversation = TCPConversation(serverPort: 8080)
        conversation.handshake()
        conversation.send(fromClient: true, HTTP2FrameReader.connectionPreface)
        while !input.isEmpty {
            let side = input.byte()
            conversation.send(fromClient: side & 1 == 0, input.take(Int(input.byte()) * 4))
        }
        conversation.close()
        ScratchFile.with(conversation.pcap().data, suffix: ".pcap", CaptureHarness.read)
    }

    static func runHPACK(_ buffer: UnsafeRawBufferPointer) {
        var input = FuzzInput(buffer)
        var decoder = HPACKDecoder(maxHeaderListSize: 1 << 12)
        while !input.isEmpty {
            guard (try? decoder.decode(input.take(Int(input.byte())))) != nil else { decoder = HPACKDecoder(maxHeaderListSize: 1 << 12); continue }
        }
    }

    // MARK: - Seeds

    /// The TLS connections of the keyed captures as chunk scripts for `runRecords`.
    static func recordSeeds(_ seeds: Seeds) -> [[UInt8]] {
        let captures = ["examples/https/php-h1-tls12.pcap", "examples/https/php-h2-tls13.pcap",
                        "../shared/corpus/pcap/illustrated-tls13-capture.pcap",
                        "../shared/corpus/pcap/snet-decrypt_by_keylog-TLS1_2_ECDHE-RSA-AES256-SHA384_auth.pcap"]
        return captures.compactMap { script(seeds.root.appendingPathComponent($0).path, firstConnectionOnly: true) }
    }

    /// The cleartext HTTP/2 connections of the corpus, after the client's preface.
    static func http2Seeds(_ seeds: Seeds) -> [[UInt8]] {
        ["suricata-verify-http2-continuation-input.pcap", "suricata-verify-http2-keywords2-input.pcap"].compactMap { name in
            guard var seed = script(seeds.root.appendingPathComponent("../shared/corpus/pcap/\(name)").path, firstConnectionOnly: true) else { return nil }
            // Drop the preface from the first client chunk: runHTTP2 sends its own.
            if let start = seed.firstRange(of: HTTP2FrameReader.connectionPreface) { seed.removeSubrange(start) }
            return seed
        }
    }

    static func hpackSeeds() -> [[UInt8]] {
        // RFC 7541 C.4.1: a request with Huffman-coded strings.
        let request: [UInt8] = [0x82, 0x86, 0x84, 0x41, 0x8C, 0xF1, 0xE3, 0xC2, 0xE5, 0xF2, 0x3A, 0x6B, 0xA0, 0xAB, 0x90, 0xF4, 0xFF]
        let cookie = Array("sid=abc123; lang=en".utf8)
        let setCookie = Array("sid=def456; Path=/; Secure; HttpOnly".utf8)
        // A table size update to 256, then cookie (static index 32) with incremental indexing; then
        // that entry by index 62; then set-cookie (static 55) never indexed.
        let indexed: [UInt8] = [0x3F, 0xE1, 0x01, 0x60, UInt8(cookie.count)] + cookie
        let neverIndexed: [UInt8] = [0x1F, 0x28, UInt8(setCookie.count)] + setCookie
        return [
            [UInt8(request.count)] + request + [UInt8(indexed.count)] + indexed + [1, 0xBE],
            [UInt8(neverIndexed.count)] + neverIndexed + [UInt8(request.count)] + request,
        ]
    }

    /// A capture's reassembled TCP streams as `side length bytes…` chunks, as the flow table
    /// hands them to the analyzers.
    private static func script(_ path: String, firstConnectionOnly: Bool) -> [UInt8]? {
        guard let reader = try? PcapFileReader(path: path) else { return nil }
        final class Recorder {
            var chunks: [(side: UInt8, bytes: ArraySlice<UInt8>)] = []
        }
        struct Consumer: StreamConsumer {
            let recorder: Recorder
            mutating func receive(_ bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double) {
                var rest = bytes
                while !rest.isEmpty {
                    let piece = rest.prefix(1020)
                    recorder.chunks.append((direction == .fromOriginator ? 0 : 1, piece))
                    rest = rest.dropFirst(piece.count)
                }
            }
            mutating func gap(_ length: Int, direction: FlowDirection) {}
            mutating func end(reason: FlowEndReason) {}
        }
        let recorder = Recorder()
        var connections = 0
        var decoder = PacketDecoder()
        var flows = FlowTable<Consumer> { _ in
            connections += 1
            return Consumer(recorder: connections == 1 || !firstConnectionOnly ? recorder : Recorder())
        }
        while case .frame(let frame) = reader.next() {
            if let segment = decoder.decode(frame) { flows.process(segment) }
        }
        flows.finishAll()
        var script: [UInt8] = []
        for chunk in recorder.chunks {
            // Lengths count in fours: pad with zeros (TLS and HTTP/2 read them as the next header).
            let padded = Array(chunk.bytes) + [UInt8](repeating: 0, count: (4 - chunk.bytes.count % 4) % 4)
            script += [chunk.side, UInt8(padded.count / 4)] + padded
        }
        return script.isEmpty ? nil : script
    }
}
