import SessionLintCapture
import SessionLintCore
import SessionLintHTTP
import SessionLintTLS

/// What the capture source collects while frames stream through: transactions ready to hand
/// on, warnings, and what could not be seen.
final class CaptureSink {
    var transactions: [HTTPTransaction] = []
    var warnings: [InputWarning] = []
    var tls = TLSAccount()
    var http2Connections = 0
    /// HTTP/2 connections with a direction that could not be read to its end.
    var http2Damaged = 0
    var httpConnections = 0
    var otherConnections = 0
    /// Responses whose body passed `limits.bodyBytes` (searched only up to it).
    var bodiesCut = 0
    let input: String
    /// The name the transactions carry (see `PerBatchCopy`).
    private var transactionInput: PerBatchCopy
    let limits: Limits
    /// TLS 1.2 sessions decrypted so far, for connections that resume them.
    let tlsSessions = SessionCache()
    private var loadKeyLog: (() -> (KeyLog, [InputWarning]))?
    /// Loaded when the first TLS connection needs it: embedded secrets cost a pass over the
    /// file, which captures without TLS should not pay.
    private(set) lazy var keyLog: KeyLog = {
        defer { loadKeyLog = nil }
        guard let (keys, problems) = loadKeyLog?() else { return KeyLog() }
        warnings += problems
        return keys
    }()

    init(input: String, limits: Limits, keyLog: @escaping () -> (KeyLog, [InputWarning]) = { (KeyLog(), []) }) {
        self.input = input
        transactionInput = PerBatchCopy(input)
        self.limits = limits
        self.loadKeyLog = keyLog
    }

    /// Where a transaction beginning at `frame` came from.
    func provenance(frame: Int) -> Provenance {
        Provenance(input: transactionInput.next(), location: .frame(number: frame))
    }

    func warn(_ message: String, frame: Int?) {
        warnings.append(InputWarning(provenance: Provenance(input: input, location: frame.map { .frame(number: $0) } ?? .whole), message: message))
    }
}

/// Sits on one TCP connection: recognises the protocol from content (any port), then runs
/// HTTP/1 parsers on both directions and pairs requests with responses in order. TLS goes
/// through a decryptor first (`TLSSession`), which feeds the same HTTP parsers.
struct ConnectionAnalyzer: StreamConsumer {
    private enum Mode {
        case undecided
        case http1(HTTP1Session)
        case tls(TLSSession)
        case http2(HTTP2Session)
        case other, tunnel
    }

    private let info: ConnectionInfo
    private let sink: CaptureSink
    private var mode = Mode.undecided
    private var undecidedBytes: [FlowDirection: [UInt8]] = [:]

    init(info: ConnectionInfo, sink: CaptureSink) {
        self.info = info
        self.sink = sink
    }

    mutating func receive(_ bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double) {
        switch mode {
        case .undecided:
            decide(on: bytes, direction: direction, frame: frame, timestamp: timestamp)
        case .http1(let session):
            session.receive(bytes, direction: direction, frame: frame, timestamp: timestamp)
            if session.isTunnel { switchProtocols(from: session, frame: frame, timestamp: timestamp) }
        case .tls(let session):
            session.receive(bytes, direction: direction, frame: frame, timestamp: timestamp)
        case .http2(let session):
            session.receive(bytes, direction: direction, frame: frame, timestamp: timestamp)
        default:
            break
        }
    }

    mutating func gap(_ length: Int, direction: FlowDirection) {
        switch mode {
        case .http1(let session): session.gap(length, direction: direction)
        case .tls(let session): session.gap(length, direction: direction)
        case .http2(let session): session.gap(length, direction: direction)
        default: break
        }
    }

    mutating func end(reason: FlowEndReason) {
        switch mode {
        case .http1(let session): session.end()
        case .tls(let session): session.end()
        case .http2(let session): session.end()
        default: break
        }
        switch mode {
        case .http1, .tunnel: sink.httpConnections += 1
        case .tls: break  // counted by outcome in `sink.tls`
        case .http2: sink.http2Connections += 1
        case .undecided, .other: sink.otherConnections += 1
        }
        mode = .other
    }

    // MARK: - Protocol recognition

    private mutating func decide(on bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double) {
        let earlier = undecidedBytes[direction, default: []]
        var seen = earlier
        seen.append(contentsOf: bytes.prefix(64 - min(64, seen.count)))
        undecidedBytes[direction] = seen
        switch ProtocolGuess(seen) {
        case .tls:
            // A record header is recognised from its first 3 bytes, so `earlier` is all that
            // came before this segment.
            let session = TLSSession(info: info, sink: sink)
            mode = .tls(session)
            session.receive(earlier[...] + bytes, direction: direction, frame: frame, timestamp: timestamp)
        case .http2:
            // Prior knowledge (RFC 9113 §3.3): the client opens with the connection preface.
            let session = HTTP2Session(info: info, clientDirection: direction, sink: sink, transport: .cleartext)
            mode = .http2(session)
            session.receive(earlier[...] + bytes, direction: direction, frame: frame, timestamp: timestamp)
        case .httpRequest:
            start(clientDirection: direction, inSync: true, bytes, direction: direction, frame: frame, timestamp: timestamp)
        case .httpResponse:
            start(clientDirection: direction.reversed, inSync: true, bytes, direction: direction, frame: frame, timestamp: timestamp)
        case .needMore:
            break
        case .unknown:
            // Picked up mid-stream inside a body, or not HTTP: look for the next start line,
            // taking the better-known port as the server's.
            if !info.sawHandshake || seen.count >= 16 {
                let serverIsResponder = ProtocolGuess.looksLikeServerPort(info.responderPort) || info.responderPort < info.originatorPort
                start(clientDirection: serverIsResponder ? .fromOriginator : .fromResponder, inSync: false,
                      bytes, direction: direction, frame: frame, timestamp: timestamp)
            }
        }
    }

    /// After CONNECT or a 101: HTTP/2 when the upgrade was to h2c, else a tunnel that is not read.
    private mutating func switchProtocols(from session: HTTP1Session, frame: Int, timestamp: Double) {
        guard let upgrade = session.http2Upgrade else {
            mode = .tunnel
            return
        }
        session.end()
        sink.httpConnections += 1
        let http2 = HTTP2Session(info: info, clientDirection: session.clientDirection, sink: sink, transport: .cleartext)
        http2.adoptUpgradedRequest(upgrade.request, start: upgrade.start)
        http2.receive(upgrade.serverBytes[...], direction: session.clientDirection.reversed, frame: frame, timestamp: timestamp)
        mode = .http2(http2)
    }

    private mutating func start(clientDirection: FlowDirection, inSync: Bool, _ bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double) {
        let session = HTTP1Session(info: info, clientDirection: clientDirection, inSync: inSync, sink: sink)
        session.receive(bytes, direction: direction, frame: frame, timestamp: timestamp)
        mode = session.isTunnel ? .tunnel : .http1(session)
    }
}

/// A first look at a stream's opening bytes.
enum ProtocolGuess: Equatable {
    case tls, http2, httpRequest, httpResponse, needMore, unknown

    init(_ bytes: [UInt8]) {
        guard bytes.count >= 3 else { self = .needMore; return }
        // TLS record: handshake, change cipher spec, alert or application data; version 3.x.
        if [0x14, 0x15, 0x16, 0x17].contains(bytes[0]), bytes[1] == 0x03, bytes[2] <= 0x04 { self = .tls; return }
        // An SSL 2.0-format ClientHello offering SSL 3 or TLS (RFC 5246 App. E.2).
        if bytes[0] & 0x80 != 0, bytes[2] == 0x01 {
            guard bytes.count >= 4 else { self = .needMore; return }
            if bytes[3] == 0x03 { self = .tls; return }
        }
        let preface = Array("PRI * HTTP/2.0".utf8)
        if bytes.starts(with: preface.prefix(min(bytes.count, preface.count))), bytes.count >= 4 {
            self = bytes.count >= preface.count ? .http2 : .needMore
            return
        }
        let status = Array("HTTP/1.".utf8)
        if bytes.starts(with: status.prefix(min(bytes.count, status.count))) {
            self = bytes.count >= status.count ? .httpResponse : .needMore
            return
        }
        // A request line: a method token, a space, then the target.
        let method = bytes.prefix { $0 >= 0x41 && $0 <= 0x5A || $0 == 0x2D || $0 == 0x5F }
        if method.count == bytes.count, method.count < 20 { self = .needMore; return }
        if method.count >= 3, method.count <= 20, method.count < bytes.count, [0x20, 0x0D, 0x0A].contains(bytes[method.count]) {
            self = .httpRequest
            return
        }
        self = .unknown
    }

    static func looksLikeServerPort(_ port: UInt16) -> Bool {
        [80, 81, 591, 3000, 3128, 4000, 5000, 8000, 8008, 8080, 8081, 8088, 8888, 9000].contains(port)
    }
}
