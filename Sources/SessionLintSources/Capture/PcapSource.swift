import Foundation
import SessionLintCapture
import SessionLintCore
import SessionLintTLS

/// Reads a pcap or pcapng file into HTTP transactions: frames → packets → TCP streams → HTTP.
/// Transactions are handed on as each connection yields them, so memory follows the open
/// connections, not the size of the capture.
public struct PcapSource: TransactionSource {
    public let inputName: String
    private let path: String
    /// For a temporary file (a decompressed capture): removed once read.
    private let removeAfterReading: Bool
    private let limits: Limits
    /// Secrets for TLS connections; a pcapng file's Decryption Secrets Blocks are added to them.
    private let keyLog: KeyLog

    public init(inputName: String, path: String, removeAfterReading: Bool = false, limits: Limits = Limits(), keyLog: KeyLog = KeyLog()) {
        self.inputName = inputName
        self.path = path
        self.removeAfterReading = removeAfterReading
        self.limits = limits
        self.keyLog = keyLog
    }

    public func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
        defer { if removeAfterReading { try? FileManager.default.removeItem(atPath: path) } }
        let reader = try PcapFileReader(path: path)
        let sink = CaptureSink(input: inputName, limits: limits, keyLog: { [self] in keyLogWithEmbeddedSecrets() })
        var decoder = PacketDecoder()
        var flows = FlowTable<ConnectionAnalyzer>(maxFlows: limits.connections, maxBufferedBytesPerDirection: limits.reorderBytes) { info in
            ConnectionAnalyzer(info: info, sink: sink)
        }

        func drain() {
            for transaction in sink.transactions { onTransaction(transaction) }
            sink.transactions.removeAll(keepingCapacity: true)
            for warning in sink.warnings { onWarning(warning) }
            sink.warnings.removeAll(keepingCapacity: true)
        }

        reading: while true {
            switch reader.next() {
            case .frame(let frame):
                if let segment = decoder.decode(frame) { flows.process(segment) }
                if !sink.transactions.isEmpty || !sink.warnings.isEmpty { drain() }
            case .end:
                break reading
            case .truncated(let offset, let detail):
                onWarning(InputWarning(
                    provenance: Provenance(input: inputName, location: .byteOffset(offset)),
                    message: "the capture is cut off after frame \(reader.framesRead) (\(detail)); everything before it was read"))
                break reading
            }
        }
        flows.finishAll()
        drain()
        for message in summary(decoder: decoder, flows: flows.counters, sink: sink, frames: reader.framesRead) {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole), message: message))
        }
    }

    /// The given key log plus the key logs a pcapng file carries in Decryption Secrets Blocks,
    /// which libpcap skips, so they are read here in a pass over the block headers.
    private func keyLogWithEmbeddedSecrets() -> (KeyLog, [InputWarning]) {
        guard let blocks = PcapngSecrets.read(path: path, limit: limits.documentBytes) else { return (keyLog, []) }
        var keys = keyLog
        var problems: [InputWarning] = []
        for block in blocks where block.type == PcapngSecrets.tlsKeyLogType {
            var embedded = KeyLog()
            for problem in embedded.add(text: block.data) {
                problems.append(InputWarning(provenance: Provenance(input: inputName, location: .byteOffset(block.offset)),
                                             message: "the key log embedded here, \(problem)"))
            }
            keys.merge(embedded)
        }
        return (keys, problems)
    }

    /// What the capture held that sessionlint could not look into.
    private func summary(decoder: PacketDecoder, flows: FlowTable<ConnectionAnalyzer>.Counters, sink: CaptureSink, frames: Int) -> [String] {
        var notes: [String] = []
        if let tls = sink.tls.summary { notes.append(tls) }
        if sink.http2Damaged > 0 {
            notes.append("\(sink.http2Damaged) of \(sink.http2Connections) HTTP/2 connection\(sink.http2Connections == 1 ? "" : "s") could not be read to the end "
                + "(the warnings above say where); streams after that point are not reported")
        }
        if decoder.counters.truncatedFrames > 0 {
            notes.append("\(decoder.counters.truncatedFrames) frame\(decoder.counters.truncatedFrames == 1 ? " was" : "s were") cut short by the snapshot length; the missing bytes count as capture gaps")
        }
        if decoder.counters.malformed > 0 {
            notes.append("\(decoder.counters.malformed) malformed packet\(decoder.counters.malformed == 1 ? "" : "s") skipped")
        }
        if decoder.fragmentsDropped > 0 {
            notes.append("\(decoder.fragmentsDropped) IP datagram\(decoder.fragmentsDropped == 1 ? "" : "s") could not be reassembled from fragments")
        }
        if flows.evicted > 0 {
            notes.append("\(flows.evicted) connection\(flows.evicted == 1 ? " was" : "s were") evicted from the flow table, which holds \(limits.describe("connections")) at once; "
                + "their remaining traffic may be incomplete")
        }
        if flows.reorderOverflows > 0 {
            notes.append("\(flows.reorderOverflows) hole\(flows.reorderOverflows == 1 ? " was" : "s were") given up as capture gaps because more out-of-order bytes waited "
                + "behind \(flows.reorderOverflows == 1 ? "it" : "them") than \(limits.describe("reorder-bytes")) allows")
        }
        if sink.bodiesCut > 0 {
            notes.append("\(sink.bodiesCut) response bod\(sink.bodiesCut == 1 ? "y was" : "ies were") longer than \(limits.describe("body-bytes")); "
                + "only the beginning was searched for session values")
        }
        if decoder.counters.quicLongHeaders > 0 {
            // The browser's choice, not the capture's fault: say how to get TCP traffic instead.
            notes.append("\(decoder.counters.quicDatagrams) QUIC datagram\(decoder.counters.quicDatagrams == 1 ? "" : "s") on UDP port 443 (HTTP/3) were not read: "
                + "sessionlint reads HTTP over TCP; to capture a browser's sessions, turn HTTP/3 off (Chrome: --disable-quic; Firefox: network.http.http3.enable false)")
        }
        if frames == 0 {
            notes.append("the capture holds no frames")
        } else if sink.httpConnections == 0, sink.tls.total == 0, sink.http2Connections == 0 {
            notes.append("no HTTP found in \(frames) frame\(frames == 1 ? "" : "s")")
        }
        return notes
    }
}
