import SessionLintCapture

/// Handshake message types this reader acts on (RFC 8446 §4, RFC 5246 §7.4).
enum HandshakeType: UInt8 {
    case clientHello = 1, serverHello = 2, newSessionTicket = 4, endOfEarlyData = 5
    case encryptedExtensions = 8, finished = 20, keyUpdate = 24
}

/// Joins one direction's handshake bytes into messages: several may share a record and one
/// may span records. Bodies are kept only for the messages whose contents matter (hellos,
/// extensions, key updates) and only up to a bound; certificates are counted past, not stored.
struct HandshakeAssembler {
    struct Message {
        var type: UInt8
        var body: [UInt8]
    }

    static let keptTypes: Set<UInt8> = [1, 2, 8, 24]
    static let maxKeptBody = 1 << 16

    private var header: [UInt8] = []
    private var body: [UInt8] = []
    private var remaining = 0

    mutating func feed(_ bytes: ArraySlice<UInt8>) -> [Message] {
        var messages: [Message] = []
        var input = bytes
        while !input.isEmpty {
            if header.count < 4 {
                let take = min(4 - header.count, input.count)
                header += input.prefix(take)
                input = input.dropFirst(take)
                if header.count == 4 {
                    remaining = Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
                    body.removeAll(keepingCapacity: true)
                }
            }
            guard header.count == 4 else { break }
            let take = min(remaining, input.count)
            if Self.keptTypes.contains(header[0]), body.count + take <= Self.maxKeptBody {
                body += input.prefix(take)
            }
            input = input.dropFirst(take)
            remaining -= take
            if remaining == 0 {
                messages.append(Message(type: header[0], body: body))
                header.removeAll(keepingCapacity: true)
            }
        }
        return messages
    }
}

/// What a ClientHello or ServerHello says that the decryptor and the report need
/// (RFC 8446 §4.1.2–4.1.3, RFC 5246 §7.4.1).
struct Hello {
    var legacyVersion: UInt16 = 0
    var random: [UInt8] = []
    var sessionID: [UInt8] = []
    /// ServerHello: the chosen suite. ClientHello: not set.
    var cipherSuite: UInt16 = 0
    /// ServerHello: the chosen compression method (1 is DEFLATE).
    var compressionMethod: UInt8 = 0
    var serverName: String?
    /// ClientHello: every protocol offered. ServerHello or EncryptedExtensions: the one chosen.
    var alpn: [String] = []
    /// ServerHello: supported_versions' selected version (TLS 1.3). ClientHello: the highest offered.
    var supportedVersion: UInt16?
    var encryptThenMAC = false
    var earlyData = false
    /// ClientHello: the RFC 5077 ticket offered for resumption (empty when none).
    var sessionTicket: [UInt8] = []

    /// SHA-256("HelloRetryRequest"): the random of a ServerHello that is a HelloRetryRequest.
    static let helloRetryRandom: [UInt8] = [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ]

    var isHelloRetryRequest: Bool { random == Self.helloRetryRandom }
    var version: UInt16 { supportedVersion ?? legacyVersion }

    init(parsingClientHello body: [UInt8]) throws(ByteCursor.OutOfBounds) {
        var cursor = ByteCursor(body)
        legacyVersion = try cursor.readUInt16BE()
        random = Array(try cursor.read(32))
        sessionID = Array(try cursor.read(Int(try cursor.readUInt8())))
        try cursor.skip(Int(try cursor.readUInt16BE()))  // cipher suites
        try cursor.skip(Int(try cursor.readUInt8()))  // compression methods
        try readExtensions(&cursor, fromClient: true)
    }

    /// The SSL 2.0 form: the challenge, zero-padded on the left to 32 bytes, is the client
    /// random (RFC 5246 App. E.2).
    init?(parsingSSLv2ClientHello message: ArraySlice<UInt8>) {
        var cursor = ByteCursor(message)
        guard (try? cursor.skip(1)) != nil,  // message type 1
              let version = try? cursor.readUInt16BE(),
              let cipherSpecsLength = try? cursor.readUInt16BE(),
              let sessionIDLength = try? cursor.readUInt16BE(),
              let challengeLength = try? cursor.readUInt16BE(), (16...32).contains(challengeLength),
              (try? cursor.skip(Int(cipherSpecsLength))) != nil,
              let sessionID = try? cursor.read(Int(sessionIDLength)),
              let challenge = try? cursor.read(Int(challengeLength)) else { return nil }
        legacyVersion = version
        self.sessionID = Array(sessionID)
        random = [UInt8](repeating: 0, count: 32 - challenge.count) + challenge
    }

    init(parsingServerHello body: [UInt8]) throws(ByteCursor.OutOfBounds) {
        var cursor = ByteCursor(body)
        legacyVersion = try cursor.readUInt16BE()
        random = Array(try cursor.read(32))
        sessionID = Array(try cursor.read(Int(try cursor.readUInt8())))
        cipherSuite = try cursor.readUInt16BE()
        compressionMethod = try cursor.readUInt8()
        try readExtensions(&cursor, fromClient: false)
    }

    /// EncryptedExtensions (TLS 1.3): where the server's ALPN choice and early_data go.
    init(parsingEncryptedExtensions body: [UInt8]) throws(ByteCursor.OutOfBounds) {
        var cursor = ByteCursor(body)
        try readExtensions(&cursor, fromClient: false)
    }

    private mutating func readExtensions(_ cursor: inout ByteCursor, fromClient: Bool) throws(ByteCursor.OutOfBounds) {
        guard !cursor.isAtEnd else { return }  // old hellos carry no extensions
        var extensions = ByteCursor(try cursor.read(Int(try cursor.readUInt16BE())))
        while !extensions.isAtEnd {
            let type = try extensions.readUInt16BE()
            var data = ByteCursor(try extensions.read(Int(try extensions.readUInt16BE())))
            switch type {
            case 0:  // server_name (RFC 6066 §3); a server's is empty
                guard fromClient, !data.isAtEnd else { break }
                var names = ByteCursor(try data.read(Int(try data.readUInt16BE())))
                while !names.isAtEnd {
                    let nameType = try names.readUInt8()
                    let name = try names.read(Int(try names.readUInt16BE()))
                    if nameType == 0, serverName == nil { serverName = String(decoding: name, as: UTF8.self) }
                }
            case 16:  // application_layer_protocol_negotiation (RFC 7301 §3.1)
                var protocols = ByteCursor(try data.read(Int(try data.readUInt16BE())))
                while !protocols.isAtEnd {
                    alpn.append(String(decoding: try protocols.read(Int(try protocols.readUInt8())), as: UTF8.self))
                }
            case 22: encryptThenMAC = true
            case 35: if fromClient { sessionTicket = Array(data.rest()) }
            case 42: earlyData = true
            case 43:  // supported_versions
                if fromClient {
                    var versions = ByteCursor(try data.read(Int(try data.readUInt8())))
                    while !versions.isAtEnd {
                        let offered = try versions.readUInt16BE()
                        if offered & 0x0F0F != 0x0A0A, offered > (supportedVersion ?? 0) { supportedVersion = offered }  // skip GREASE
                    }
                } else {
                    supportedVersion = try data.readUInt16BE()
                }
            default: break
            }
        }
    }
}

/// TLS version numbers as people write them.
public func tlsVersionName(_ version: UInt16) -> String {
    switch version {
    case 0x0300: "SSL 3.0"
    case 0x0301: "TLS 1.0"
    case 0x0302: "TLS 1.1"
    case 0x0303: "TLS 1.2"
    case 0x0304: "TLS 1.3"
    default: String(format4Hex: version)
    }
}
