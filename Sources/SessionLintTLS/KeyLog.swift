/// Secrets from an SSLKEYLOGFILE (RFC 9850; the NSS key log format), looked up by the
/// 32-byte random of a connection's ClientHello. The file carries no cipher suite or version:
/// the decryptor learns those from the handshake in the capture.
public struct KeyLog: Sendable {
    /// What one client random unlocks. TLS 1.2 needs the master secret; TLS 1.3 needs a
    /// traffic secret per direction and phase.
    public struct Secrets: Sendable, Equatable {
        public var masterSecret: [UInt8]?
        public var clientEarlyTraffic: [UInt8]?
        public var clientHandshakeTraffic: [UInt8]?
        public var serverHandshakeTraffic: [UInt8]?
        public var clientApplicationTraffic: [UInt8]?
        public var serverApplicationTraffic: [UInt8]?

        public init() {}
    }

    /// A line the parser could not use, by its number in the file (from 1).
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    private var secretsByClientRandom: [[UInt8]: Secrets] = [:]
    /// Lines with labels that are understood but not used to decrypt (exporter and ECH secrets,
    /// RSA pre-master secrets by encrypted prefix): counted so a summary can say so.
    public private(set) var linesIgnored = 0

    public init() {}

    public var isEmpty: Bool { secretsByClientRandom.isEmpty }
    public var clientRandomCount: Int { secretsByClientRandom.count }

    public func secrets(forClientRandom random: some Collection<UInt8>) -> Secrets? {
        secretsByClientRandom[Array(random)]
    }

    /// Adds every usable line of a key log's text; returns the lines that were not usable.
    /// Accepts LF, CRLF and CR line ends, `#` comments, blank lines and hex in either case.
    @discardableResult
    public mutating func add(text: some Collection<UInt8>) -> [Problem] {
        var problems: [Problem] = []
        var lineNumber = 0
        var line: [UInt8] = []
        var previous: UInt8 = 0
        func finishLine() {
            lineNumber += 1
            if let problem = addLine(line) { problems.append(Problem(line: lineNumber, message: problem)) }
            line.removeAll(keepingCapacity: true)
        }
        for byte in text {
            switch byte {
            case 0x0A where previous == 0x0D:
                break  // the LF of a CRLF: the CR already ended the line
            case 0x0A, 0x0D:
                finishLine()
            default:
                line.append(byte)
            }
            previous = byte
        }
        if !line.isEmpty { finishLine() }
        return problems
    }

    public mutating func merge(_ other: KeyLog) {
        for (random, secrets) in other.secretsByClientRandom {
            secretsByClientRandom[random, default: Secrets()].fill(from: secrets)
        }
        linesIgnored += other.linesIgnored
    }

    /// Parses one line; the reason it is unusable, or nil.
    private mutating func addLine(_ line: [UInt8]) -> String? {
        let fields = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        guard let first = fields.first else { return nil }  // blank
        if first.first == UInt8(ascii: "#") { return nil }  // comment
        let label = String(decoding: first, as: UTF8.self)
        // Wireshark's form for `openssl s_client` output: "RSA Session-ID:… Master-Key:…".
        if label == "RSA", fields.count >= 2, fields[1].starts(with: Array("Session-ID:".utf8)) {
            linesIgnored += 1
            return nil
        }
        guard fields.count == 3 else {
            return "expected \"LABEL CLIENT_RANDOM SECRET\", found \(fields.count) field\(fields.count == 1 ? "" : "s")"
        }
        guard let secret = Self.hexBytes(fields[2]), !secret.isEmpty else {
            return "the secret of \(Self.printable(label)) is not hexadecimal"
        }
        if label == "RSA" {
            // NSS ≤ 3.33: keyed by the first 8 bytes of the encrypted pre-master secret, not by a
            // client random; useless without the RSA exchange, which is not decrypted here.
            guard Self.hexBytes(fields[1])?.count == 8 else { return "an RSA line needs 16 hex digits of encrypted pre-master secret" }
            linesIgnored += 1
            return nil
        }
        guard let random = Self.hexBytes(fields[1]), random.count == 32 else {
            return "the client random of \(Self.printable(label)) is not 64 hex digits"
        }
        var secrets = secretsByClientRandom[random, default: Secrets()]
        switch label {
        case "CLIENT_RANDOM":
            guard secret.count == 48 else { return "a CLIENT_RANDOM master secret has 48 bytes, this one \(secret.count)" }
            secrets.masterSecret = secret
        case "CLIENT_EARLY_TRAFFIC_SECRET", "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
             "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0":
            guard secret.count == 32 || secret.count == 48 else {
                return "a TLS 1.3 traffic secret has 32 or 48 bytes (SHA-256 or SHA-384), this one \(secret.count)"
            }
            switch label {
            case "CLIENT_EARLY_TRAFFIC_SECRET": secrets.clientEarlyTraffic = secret
            case "CLIENT_HANDSHAKE_TRAFFIC_SECRET": secrets.clientHandshakeTraffic = secret
            case "SERVER_HANDSHAKE_TRAFFIC_SECRET": secrets.serverHandshakeTraffic = secret
            case "CLIENT_TRAFFIC_SECRET_0": secrets.clientApplicationTraffic = secret
            default: secrets.serverApplicationTraffic = secret
            }
        case "EXPORTER_SECRET", "EARLY_EXPORTER_SECRET", "ECH_SECRET", "ECH_CONFIG", "PMS_CLIENT_RANDOM":
            // Exporter secrets do not protect records; ECH and pre-master secrets would need the
            // inner ClientHello or the handshake hash, which a key log reader does not have.
            linesIgnored += 1
            return nil
        default:
            return "unknown label \(Self.printable(label))"
        }
        secretsByClientRandom[random] = secrets
        return nil
    }

    static func hexBytes(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var high: UInt8?
        for character in text {
            let nibble: UInt8
            switch character {
            case 0x30...0x39: nibble = character - 0x30
            case 0x41...0x46: nibble = character - 0x41 + 10
            case 0x61...0x66: nibble = character - 0x61 + 10
            default: return nil
            }
            if let value = high {
                bytes.append(value << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    /// A label as a message may quote it: bounded, printable ASCII only.
    private static func printable(_ label: String) -> String {
        let visible = label.unicodeScalars.prefix(40).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }
        return "\"" + String(visible) + (label.unicodeScalars.count > 40 ? "…" : "") + "\""
    }
}

extension KeyLog.Secrets {
    mutating func fill(from other: KeyLog.Secrets) {
        masterSecret = other.masterSecret ?? masterSecret
        clientEarlyTraffic = other.clientEarlyTraffic ?? clientEarlyTraffic
        clientHandshakeTraffic = other.clientHandshakeTraffic ?? clientHandshakeTraffic
        serverHandshakeTraffic = other.serverHandshakeTraffic ?? serverHandshakeTraffic
        clientApplicationTraffic = other.clientApplicationTraffic ?? clientApplicationTraffic
        serverApplicationTraffic = other.serverApplicationTraffic ?? serverApplicationTraffic
    }
}
