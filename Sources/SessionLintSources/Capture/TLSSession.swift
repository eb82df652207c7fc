import SessionLintCapture
import SessionLintCore
import SessionLintTLS

/// A TLS connection between reassembly and HTTP: records are opened with the key log and the
/// application data goes on to an HTTP parser as if it had been sent in clear, with the frame
/// numbers of the segments that completed each record.
final class TLSSession {
    private enum Inner {
        case undecided
        case http1(HTTP1Session)
        case http2(HTTP2Session)
        /// A protocol that is not HTTP.
        case other
    }

    private let info: ConnectionInfo
    private let sink: CaptureSink
    let connection: TLSConnection
    private var inner = Inner.undecided
    private var warnedProblems = 0
    /// Server bytes that came before the client's first, while the protocol is undecided.
    private var waitingServerBytes: [(bytes: [UInt8], frame: Int, timestamp: Double)] = []
    static let maxWaitingServerBytes = 1 << 16

    init(info: ConnectionInfo, sink: CaptureSink) {
        self.info = info
        self.sink = sink
        connection = TLSConnection(keyLog: sink.keyLog, sessions: sink.tlsSessions)
    }

    func receive(_ bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double) {
        handle(connection.receive(bytes, direction: direction), frame: frame, timestamp: timestamp)
    }

    func gap(_ length: Int, direction: FlowDirection) {
        handle(connection.gap(length, direction: direction), frame: nil, timestamp: nil)
        switch inner {
        case .http1(let session): session.gap(length, direction: direction)
        case .http2(let session): session.gap(length, direction: direction)
        case .undecided, .other: break
        }
    }

    func end() {
        switch inner {
        case .http1(let session):
            session.end()
            sink.httpConnections += 1
        case .http2(let session):
            session.end()
            sink.http2Connections += 1
        case .undecided, .other: break
        }
        sink.tls.count(connection.outcome)
    }

    private func handle(_ events: [TLSConnection.Event], frame: Int?, timestamp: Double?) {
        for event in events {
            switch event {
            case .applicationData(let direction, let bytes):
                guard let frame, let timestamp else { continue }
                deliver(bytes[...], direction: direction, frame: frame, timestamp: timestamp)
            case .problem(let message):
                // One connection's trouble is told once; the summary counts the rest. Without
                // a key log nothing is decrypted anyway, and the summary says so.
                guard warnedProblems == 0, !sink.keyLog.isEmpty else { continue }
                warnedProblems += 1
                sink.warn("TLS: \(message) (\(info.displayName))", frame: frame)
            }
        }
    }

    private func deliver(_ bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double) {
        switch inner {
        case .undecided:
            decide(bytes, direction: direction, frame: frame, timestamp: timestamp)
        case .http1(let session):
            session.receive(bytes, direction: direction, frame: frame, timestamp: timestamp)
        case .http2(let session):
            session.receive(bytes, direction: direction, frame: frame, timestamp: timestamp)
        case .other:
            break
        }
    }

    /// ALPN names the protocol when the handshake could be read; otherwise the client's first
    /// bytes do. A server may speak first (an HTTP/2 server sends its SETTINGS as soon as its
    /// TLS 1.3 Finished is out, before the client's preface): its bytes wait, bounded, for the
    /// decision and are then handed on in order.
    private func decide(_ bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double) {
        let clientDirection = connection.client ?? direction
        let alpn = connection.details.applicationProtocol
        let guess = ProtocolGuess(Array(bytes.prefix(64)))
        if direction != clientDirection, alpn != "h2", guess != .httpResponse {
            if waitingServerBytes.reduce(0, { $0 + $1.bytes.count }) + bytes.count <= Self.maxWaitingServerBytes {
                waitingServerBytes.append((Array(bytes), frame, timestamp))
            }
            return
        }
        let transport = ConnectionTransport.tls(version: connection.details.versionName, serverName: connection.details.serverName)
        if alpn == "h2" || guess == .http2 {
            inner = .http2(HTTP2Session(info: info, clientDirection: clientDirection, sink: sink, transport: transport))
        } else if guess == .unknown {
            inner = .other
            waitingServerBytes = []
            return
        } else {
            inner = .http1(HTTP1Session(info: info, clientDirection: clientDirection, inSync: true, sink: sink, transport: transport))
        }
        let waiting = waitingServerBytes
        waitingServerBytes = []
        for chunk in waiting { deliver(chunk.bytes[...], direction: clientDirection.reversed, frame: chunk.frame, timestamp: chunk.timestamp) }
        deliver(bytes, direction: direction, frame: frame, timestamp: timestamp)
    }
}

/// Every TLS connection of a capture, by what became of it.
struct TLSAccount {
    var decrypted = 0
    var noKeyLog = 0
    var noKey = 0
    var noHandshake = 0
    var unsupportedSuites: [UInt16: Int] = [:]
    var unsupportedVersions: [UInt16: Int] = [:]
    var damaged: [String: Int] = [:]

    var total: Int {
        decrypted + noKeyLog + noKey + noHandshake + unsupportedSuites.values.reduce(0, +)
            + unsupportedVersions.values.reduce(0, +) + damaged.values.reduce(0, +)
    }

    mutating func count(_ outcome: TLSConnection.Outcome) {
        switch outcome {
        case .decrypted: decrypted += 1
        case .noKeyLog: noKeyLog += 1
        case .noKey: noKey += 1
        case .noHandshake: noHandshake += 1
        case .unsupportedSuite(let suite): unsupportedSuites[suite, default: 0] += 1
        case .unsupportedVersion(let version): unsupportedVersions[version, default: 0] += 1
        case .damaged(let reason): damaged[reason, default: 0] += 1
        }
    }

    /// One line for the report: how many, and why those not decrypted were not.
    var summary: String? {
        guard total > 0 else { return nil }
        var parts: [String] = []
        if decrypted > 0 { parts.append("\(decrypted) decrypted") }
        if noKeyLog > 0 { parts.append("\(noKeyLog) not decrypted because no key log was given (--keylog)") }
        if noKey > 0 { parts.append("\(noKey) with no key in the key log") }
        if noHandshake > 0 { parts.append("\(noHandshake) begun before the capture, so without the handshake that names their key") }
        let unsupported = unsupportedSuites.values.reduce(0, +)
        if unsupported > 0 {
            let named = unsupportedSuites.sorted(by: { $0.key < $1.key }).map { suite, count in
                CipherSuite.describe(suite) + (count > 1 ? " ×\(count)" : "")
            }
            let listed = named.prefix(8).joined(separator: ", ") + (named.count > 8 ? " and \(named.count - 8) more" : "")
            parts.append("\(unsupported) with a cipher suite that is not decrypted here (\(listed))")
        }
        for (version, count) in unsupportedVersions.sorted(by: { $0.key < $1.key }) {
            parts.append("\(count) using \(tlsVersionName(version)), which is not decrypted")
        }
        for (reason, count) in damaged.sorted(by: { $0.key < $1.key }) {
            parts.append("\(count) damaged: \(reason)")
        }
        let undecrypted = total - decrypted
        let tail = undecrypted == 0 ? "" : undecrypted == total ? "; cookies inside them are not visible" : "; cookies inside the \(undecrypted) not decrypted are not visible"
        return "\(total) TLS connection\(total == 1 ? "" : "s"): \(parts.joined(separator: "; "))\(tail)"
    }
}
