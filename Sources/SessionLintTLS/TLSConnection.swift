import SessionLintCapture

/// One TLS connection read passively from both directions of a reassembled TCP stream:
/// records framed, hellos read, keys found in the key log, records opened, and the
/// application data handed on in order. Implements the TLS 1.2 (RFC 5246) and TLS 1.3
/// (RFC 8446 §5, §7) record layers; which key opens which record follows Wireshark's
/// reading of the handshake (reference/tls-http2.md §2–3).
///
/// A class: the connection's analyzer holds it and feeds it every segment.
public final class TLSConnection {
    /// How the connection ended up, for the report's account of every TLS connection.
    public enum Outcome: Equatable, Sendable {
        case decrypted
        case noKeyLog
        case noKey
        case unsupportedSuite(UInt16)
        case unsupportedVersion(UInt16)
        /// The capture began after the handshake, so there is no client random to look up.
        case noHandshake
        case damaged(String)
    }

    public enum Event {
        case applicationData(direction: FlowDirection, bytes: [UInt8])
        /// Something the report should mention, already phrased.
        case problem(String)
    }

    /// What the handshake said, for transactions and the report.
    public struct Details: Sendable, Equatable {
        public var version: UInt16?
        public var cipherSuite: UInt16?
        public var serverName: String?
        public var applicationProtocol: String?
        public var versionName: String? { version.map(tlsVersionName) }
    }

    /// The largest record: 2^14 plus the expansion TLS 1.2 allows (RFC 5246 §6.2.3).
    static let maxRecordLength = (1 << 14) + 2048
    /// Records in a row that no key opens before a direction is given up.
    static let maxConsecutiveFailures = 16

    private struct Key {
        var protection: RecordProtection
        /// TLS 1.3: the traffic secret, from which a KeyUpdate derives the next one.
        var secret: [UInt8]?
    }

    private struct Direction {
        var buffer: [UInt8] = []
        var start = 0
        var lost = false
        var handshake = HandshakeAssembler()
        /// Current key first, then the keys that may follow it; a record that the current key
        /// cannot open is tried with the later ones, which is how skipped phases are found.
        var keys: [Key] = []
        /// TLS 1.2: the key that this direction's ChangeCipherSpec switches on.
        var pendingKey: Key?
        var protected = false
        /// TLS 1.2 with DEFLATE compression negotiated.
        var decompression: RecordDecompression?
        var consecutiveFailures = 0
    }

    private let keyLog: KeyLog
    private let hasKeyLog: Bool
    private let sessions: SessionCache?
    /// TLS 1.2: this connection's master secret, to remember with its session ID and tickets.
    private var masterSecret: [UInt8]?
    private var directions: [Direction] = [Direction(), Direction()]
    private var clientDirection: FlowDirection?
    private var clientHello: Hello?
    private var serverHello: Hello?
    private var isTLS13 = false
    private var setupFailure: Outcome?
    private var recordsOpened = 0
    private var recordsFailed = 0
    private var damage: String?
    private var events: [Event] = []
    /// 0-RTT records sent before the ServerHello names the suite: opened once it does.
    private var earlyRecords: [(type: UInt8, version: UInt16, fragment: ArraySlice<UInt8>, direction: FlowDirection)] = []
    private var earlyRecordBytes = 0
    /// Early data allowed to wait for the ServerHello (servers accept about this much 0-RTT).
    static let maxEarlyRecordBytes = 1 << 16
    public private(set) var details = Details()

    /// `sessions`: TLS 1.2 sessions decrypted earlier in the same capture, for resumptions
    /// whose own key log line is missing.
    public init(keyLog: KeyLog, sessions: SessionCache? = nil) {
        self.keyLog = keyLog
        self.sessions = sessions
        hasKeyLog = !keyLog.isEmpty
    }

    /// The direction that sent the ClientHello, once seen.
    public var client: FlowDirection? { clientDirection }

    public var outcome: Outcome {
        if recordsOpened > 0 { return .decrypted }
        if !hasKeyLog { return .noKeyLog }
        if let setupFailure { return setupFailure }
        if serverHello == nil, clientHello == nil { return .noHandshake }
        if let damage { return .damaged(damage) }
        if recordsFailed > 0 { return .damaged("no record opened with the logged keys: the key log may belong to another capture") }
        if serverHello == nil { return .damaged("the ServerHello is missing") }
        return .damaged("no encrypted records")
    }

    public func receive(_ bytes: ArraySlice<UInt8>, direction: FlowDirection) -> [Event] {
        let side = index(direction)
        guard !directions[side].lost else { return [] }
        directions[side].buffer += bytes
        if clientHello == nil, serverHello == nil, !readSSLv2Hello(side, direction: direction) { return [] }
        while let record = nextRecord(side) {
            process(type: record.type, version: record.version, fragment: record.fragment, direction: direction)
            if directions[side].lost { break }
        }
        compact(side)
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    /// Bytes missing from one direction: record boundaries and sequence numbers are lost with them.
    public func gap(_ length: Int, direction: FlowDirection) -> [Event] {
        let side = index(direction)
        guard !directions[side].lost else { return [] }
        loseDirection(side, because: "a capture gap of \(length) bytes broke the TLS records from the \(direction == clientDirection ? "client" : "server")")
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    private func index(_ direction: FlowDirection) -> Int { direction == .fromOriginator ? 0 : 1 }

    // MARK: - Records

    private func nextRecord(_ side: Int) -> (type: UInt8, version: UInt16, fragment: ArraySlice<UInt8>)? {
        let buffer = directions[side].buffer
        let start = directions[side].start
        guard buffer.count - start >= 5 else { return nil }
        let type = buffer[start]
        let version = UInt16(buffer[start + 1]) << 8 | UInt16(buffer[start + 2])
        let length = Int(buffer[start + 3]) << 8 | Int(buffer[start + 4])
        guard (20...24).contains(type), buffer[start + 1] == 3, length <= Self.maxRecordLength else {
            loseDirection(side, because: "bytes that are not a TLS record header (type \(type), length \(length)) ended the readable records")
            return nil
        }
        guard buffer.count - start >= 5 + length else { return nil }
        directions[side].start = start + 5 + length
        return (type, version, buffer[start + 5..<start + 5 + length])
    }

    /// A ClientHello in the SSL 2.0 record format that old clients send to reach servers of
    /// any version (RFC 5246 App. E.2); the rest of the connection uses TLS records. Returns
    /// false while more bytes are needed.
    private func readSSLv2Hello(_ side: Int, direction: FlowDirection) -> Bool {
        let buffer = directions[side].buffer
        guard let first = buffer.first, first & 0x80 != 0 else { return true }
        guard buffer.count >= 3 else { return false }
        let length = Int(first & 0x7F) << 8 | Int(buffer[1])
        guard buffer[2] == 1, length >= 9 else { return true }  // not a v2 ClientHello: the record reader will say so
        guard buffer.count >= 2 + length else { return false }
        if let hello = Hello(parsingSSLv2ClientHello: buffer[2..<2 + length]) {
            clientHello = hello
            clientDirection = direction
        }
        directions[side].start = 2 + length
        return true
    }

    private func compact(_ side: Int) {
        let start = directions[side].start
        guard start > 0 else { return }
        if start == directions[side].buffer.count {
            directions[side].buffer.removeAll(keepingCapacity: directions[side].buffer.capacity <= 1 << 16)
        } else {
            directions[side].buffer.removeFirst(start)
        }
        directions[side].start = 0
    }

    private func loseDirection(_ side: Int, because reason: String) {
        directions[side].lost = true
        directions[side].buffer = []
        directions[side].start = 0
        if damage == nil { damage = reason }
        events.append(.problem(reason))
    }

    private func process(type: UInt8, version: UInt16, fragment: ArraySlice<UInt8>, direction: FlowDirection) {
        let side = index(direction)
        if type == 20 {  // ChangeCipherSpec: TLS 1.2 switches keys; in TLS 1.3 only for compatibility
            if let serverHello, !isTLS13 {
                directions[side].protected = true
                if serverHello.compressionMethod == 1 { directions[side].decompression = RecordDecompression() }
                directions[side].keys = directions[side].pendingKey.map { [$0] } ?? []
                directions[side].pendingKey = nil
            }
            return
        }
        if serverHello == nil, type == 23, clientHello?.earlyData == true, direction == clientDirection {
            if earlyRecordBytes + fragment.count <= Self.maxEarlyRecordBytes {
                earlyRecords.append((type, version, fragment, direction))
                earlyRecordBytes += fragment.count
            }
            return
        }
        let isProtected = isTLS13 ? type == 23 : directions[side].protected
        guard isProtected else {
            deliver(type: type, content: fragment, direction: direction, decrypted: false)
            return
        }
        guard !directions[side].keys.isEmpty else { return }
        var keys = directions[side].keys
        for candidate in keys.indices {
            if let opened = try? keys[candidate].protection.open(type: type, version: version, fragment: fragment) {
                keys.removeFirst(candidate)
                directions[side].keys = keys
                directions[side].consecutiveFailures = 0
                recordsOpened += 1
                var content = opened.content
                if let decompression = directions[side].decompression {
                    guard let plain = decompression.decompress(content) else {
                        loseDirection(side, because: "a record's DEFLATE compression (RFC 3749) could not be undone")
                        return
                    }
                    content = plain
                }
                deliver(type: opened.type, content: content[...], direction: direction, decrypted: true)
                return
            }
        }
        recordsFailed += 1
        directions[side].consecutiveFailures += 1
        if directions[side].consecutiveFailures >= Self.maxConsecutiveFailures {
            loseDirection(side, because: "\(Self.maxConsecutiveFailures) records in a row from the \(direction == clientDirection ? "client" : "server") did not open with the logged keys")
        }
    }

    private func deliver(type: UInt8, content: ArraySlice<UInt8>, direction: FlowDirection, decrypted: Bool) {
        switch type {
        case 22:
            if clientDirection == nil, !decrypted, let first = content.first, first == 1 || first == 2 {
                clientDirection = first == 1 ? direction : direction.reversed
            }
            for message in directions[index(direction)].handshake.feed(content) {
                handle(message, direction: direction)
            }
        case 23 where decrypted:
            if !content.isEmpty { events.append(.applicationData(direction: direction, bytes: Array(content))) }
        default:
            break  // alerts, heartbeats, and application data that could not be opened
        }
    }

    // MARK: - Handshake

    private func handle(_ message: HandshakeAssembler.Message, direction: FlowDirection) {
        let side = index(direction)
        switch HandshakeType(rawValue: message.type) {
        case .clientHello:
            guard let hello = try? Hello(parsingClientHello: message.body) else {
                events.append(.problem("a ClientHello could not be read"))
                return
            }
            clientDirection = direction
            if clientHello == nil {
                clientHello = hello
                details.serverName = hello.serverName
            }
        case .serverHello:
            guard let hello = try? Hello(parsingServerHello: message.body) else {
                events.append(.problem("a ServerHello could not be read"))
                return
            }
            guard !hello.isHelloRetryRequest else { return }  // the real ServerHello follows the second ClientHello
            serverHello = hello
            details.version = hello.version
            details.cipherSuite = hello.cipherSuite
            if let chosen = hello.alpn.first { details.applicationProtocol = chosen }
            setUpKeys()
            let waiting = earlyRecords
            earlyRecords = []
            if isTLS13 {
                for record in waiting { process(type: record.type, version: record.version, fragment: record.fragment, direction: record.direction) }
            }
        case .encryptedExtensions:
            if let extensions = try? Hello(parsingEncryptedExtensions: message.body), let chosen = extensions.alpn.first {
                details.applicationProtocol = chosen
            }
        case .finished, .endOfEarlyData:
            // TLS 1.3: the sender's next records use its next secret (RFC 8446 §7.3 table).
            if isTLS13, directions[side].keys.count > 1 { directions[side].keys.removeFirst() }
        case .keyUpdate:
            guard isTLS13, let current = directions[side].keys.first, let secret = current.secret else { return }
            let suite = current.protection.suite
            let next = KeySchedule.expandLabel(suite.hash, secret: secret, label: "traffic upd", length: secret.count)
            directions[side].keys[0] = Key(protection: RecordProtection(tls13: suite, trafficSecret: next), secret: next)
        case .newSessionTicket:
            // TLS 1.2 (RFC 5077 §3.3): lifetime hint, then the ticket a later connection may offer.
            guard !isTLS13, let master = masterSecret, message.body.count > 6 else { return }
            sessions?.remember(master, for: Array(message.body.dropFirst(6)))
        case .none:
            break
        }
    }

    private func setUpKeys() {
        guard let serverHello else { return }
        let version = serverHello.version
        guard version == 0x0303 || version == 0x0304 else {
            setupFailure = .unsupportedVersion(version)
            return
        }
        guard serverHello.compressionMethod <= 1 else {
            setupFailure = .damaged("the ServerHello chose compression method \(serverHello.compressionMethod), which does not exist")
            return
        }
        isTLS13 = version == 0x0304
        guard let suite = CipherSuite.supported(serverHello.cipherSuite), suite.isTLS13 == isTLS13 else {
            setupFailure = .unsupportedSuite(serverHello.cipherSuite)
            return
        }
        guard let clientHello, let clientDirection else {
            setupFailure = .noKey
            return
        }
        let secrets = keyLog.secrets(forClientRandom: clientHello.random) ?? KeyLog.Secrets()
        let client = index(clientDirection)
        let server = 1 - client
        if isTLS13 {
            func key(_ secret: [UInt8]?) -> Key? {
                guard let secret, secret.count == suite.hash.length else { return nil }
                return Key(protection: RecordProtection(tls13: suite, trafficSecret: secret), secret: secret)
            }
            let early = clientHello.earlyData ? key(secrets.clientEarlyTraffic) : nil
            directions[client].keys = [early, key(secrets.clientHandshakeTraffic), key(secrets.clientApplicationTraffic)].compactMap { $0 }
            directions[server].keys = [key(secrets.serverHandshakeTraffic), key(secrets.serverApplicationTraffic)].compactMap { $0 }
            if directions[client].keys.isEmpty, directions[server].keys.isEmpty { setupFailure = .noKey }
        } else {
            // A resumed session keeps the master secret of the connection that made it. The server
            // accepts a resumption by echoing the session ID the client offered, beside a ticket
            // too (RFC 5077 §3.4).
            let resumed = !serverHello.sessionID.isEmpty && serverHello.sessionID == clientHello.sessionID
            guard let master = secrets.masterSecret
                ?? (resumed ? sessions?.master(for: serverHello.sessionID) ?? sessions?.master(for: clientHello.sessionTicket) : nil) else {
                setupFailure = .noKey
                return
            }
            masterSecret = master
            sessions?.remember(master, for: serverHello.sessionID)
            let macLength = suite.macKeyLength
            let ivLength = suite.protection == .aesGCM || suite.protection == .chaCha20Poly1305 ? suite.fixedIVLength : 0
            let block = KeySchedule.prf(suite.hash, secret: master, label: "key expansion", seed: serverHello.random + clientHello.random,
                                        length: 2 * (macLength + suite.keyLength + ivLength))
            var offset = 0
            func take(_ count: Int) -> [UInt8] {
                defer { offset += count }
                return Array(block[offset..<offset + count])
            }
            let clientMAC = take(macLength), serverMAC = take(macLength)
            let clientKey = take(suite.keyLength), serverKey = take(suite.keyLength)
            let clientIV = take(ivLength), serverIV = take(ivLength)
            let encryptThenMAC = clientHello.encryptThenMAC && serverHello.encryptThenMAC
            directions[client].pendingKey = Key(protection: RecordProtection(tls12: suite, key: clientKey, iv: clientIV, macKey: clientMAC, encryptThenMAC: encryptThenMAC))
            directions[server].pendingKey = Key(protection: RecordProtection(tls12: suite, key: serverKey, iv: serverIV, macKey: serverMAC, encryptThenMAC: encryptThenMAC))
        }
    }
}
