/// The cipher suites sessionlint can decrypt, by their IANA number, with what the key schedule
/// and the record layer need to know of each (RFC 5246 §6.3, RFC 5288, RFC 5289, RFC 7905,
/// RFC 8446 App. B.4). Anything else is named and reported as unsupported.
public struct CipherSuite: Sendable, Equatable {
    public enum Protection: Sendable, Equatable {
        case aesGCM
        case chaCha20Poly1305
        /// AES-CBC with an HMAC: TLS 1.2 only, MAC-then-encrypt unless Encrypt-then-MAC was agreed.
        case aesCBC(mac: HashAlgorithm)
    }

    public enum HashAlgorithm: Sendable, Equatable {
        case sha1, sha256, sha384
        var length: Int {
            switch self {
            case .sha1: 20
            case .sha256: 32
            case .sha384: 48
            }
        }
    }

    public var id: UInt16
    public var name: String
    public var protection: Protection
    public var keyLength: Int
    /// TLS 1.2: the PRF's hash. TLS 1.3: the HKDF hash.
    public var hash: HashAlgorithm
    public var isTLS13: Bool

    /// The implicit IV taken from the key block (TLS 1.2) or derived (TLS 1.3).
    var fixedIVLength: Int {
        switch protection {
        case .aesGCM: isTLS13 ? 12 : 4
        case .chaCha20Poly1305: 12
        case .aesCBC: 16
        }
    }

    var macKeyLength: Int {
        if case .aesCBC(let mac) = protection { return mac.length }
        return 0
    }

    public static func supported(_ id: UInt16) -> CipherSuite? {
        switch id {
        case 0x1301: tls13(id, "TLS_AES_128_GCM_SHA256", .aesGCM, 16, .sha256)
        case 0x1302: tls13(id, "TLS_AES_256_GCM_SHA384", .aesGCM, 32, .sha384)
        case 0x1303: tls13(id, "TLS_CHACHA20_POLY1305_SHA256", .chaCha20Poly1305, 32, .sha256)
        // The key exchange does not matter here: the key log holds the master secret.
        case 0xC02B, 0xC02F, 0x009C, 0x009E, 0x00A2, 0xC02D, 0xC031:
            tls12(id, .aesGCM, 16, .sha256)
        case 0xC02C, 0xC030, 0x009D, 0x009F, 0x00A3, 0xC02E, 0xC032:
            tls12(id, .aesGCM, 32, .sha384)
        case 0xCCA8, 0xCCA9, 0xCCAA:
            tls12(id, .chaCha20Poly1305, 32, .sha256)
        case 0xC009, 0xC013, 0x002F, 0x0033, 0x0032, 0xC004, 0xC00E:
            tls12(id, .aesCBC(mac: .sha1), 16, .sha256)
        case 0xC00A, 0xC014, 0x0035, 0x0039, 0x0038, 0xC005, 0xC00F:
            tls12(id, .aesCBC(mac: .sha1), 32, .sha256)
        case 0xC023, 0xC027, 0x003C, 0x0067, 0x0040, 0xC025, 0xC029:
            tls12(id, .aesCBC(mac: .sha256), 16, .sha256)
        case 0xC024, 0xC028, 0xC026, 0xC02A:
            tls12(id, .aesCBC(mac: .sha384), 32, .sha384)
        case 0x003D, 0x006B, 0x006A:
            tls12(id, .aesCBC(mac: .sha256), 32, .sha256)
        default: nil
        }
    }

    /// A readable name for any suite id, supported or not: the report names what it skipped.
    public static func name(of id: UInt16) -> String {
        if let suite = supported(id) { return suite.name }
        return knownUnsupported[id] ?? String(format4Hex: id)
    }

    /// The name and the number, or the number alone when the suite has no name here.
    public static func describe(_ id: UInt16) -> String {
        let name = name(of: id)
        return name.hasPrefix("0x") ? name : "\(name) (\(String(format4Hex: id)))"
    }

    private static func tls13(_ id: UInt16, _ name: String, _ protection: Protection, _ keyLength: Int, _ hash: HashAlgorithm) -> CipherSuite {
        CipherSuite(id: id, name: name, protection: protection, keyLength: keyLength, hash: hash, isTLS13: true)
    }

    private static func tls12(_ id: UInt16, _ protection: Protection, _ keyLength: Int, _ prf: HashAlgorithm) -> CipherSuite {
        CipherSuite(id: id, name: tls12Names[id] ?? String(format4Hex: id), protection: protection, keyLength: keyLength, hash: prf, isTLS13: false)
    }

    private static let tls12Names: [UInt16: String] = [
        0xC02B: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xC02F: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        0x009C: "TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009E: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        0x00A2: "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
        0xC02C: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 0xC030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        0x009D: "TLS_RSA_WITH_AES_256_GCM_SHA384", 0x009F: "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        0x00A3: "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
        0xCCA8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0xCCA9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        0xCCAA: "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        0xC009: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xC013: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        0x002F: "TLS_RSA_WITH_AES_128_CBC_SHA", 0x0033: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", 0x0032: "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
        0xC00A: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", 0xC014: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA", 0x0039: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", 0x0038: "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
        0xC023: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", 0xC027: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        0x003C: "TLS_RSA_WITH_AES_128_CBC_SHA256", 0x0067: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", 0x0040: "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
        0xC024: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", 0xC028: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        0xC02D: "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", 0xC031: "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256",
        0xC02E: "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", 0xC032: "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384",
        0xC004: "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", 0xC00E: "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA",
        0xC005: "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", 0xC00F: "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA",
        0xC025: "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", 0xC029: "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256",
        0xC026: "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", 0xC02A: "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384",
        0x003D: "TLS_RSA_WITH_AES_256_CBC_SHA256", 0x006B: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", 0x006A: "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
    ]

    /// Suites seen in real captures that swift-crypto cannot decrypt (no CCM, 3DES, RC4,
    /// CAMELLIA, SEED, ARIA): named so the report says what was skipped.
    private static let knownUnsupported: [UInt16: String] = [
        0x1304: "TLS_AES_128_CCM_SHA256", 0x1305: "TLS_AES_128_CCM_8_SHA256",
        0x000A: "TLS_RSA_WITH_3DES_EDE_CBC_SHA", 0xC012: "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
        0x0016: "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", 0x0004: "TLS_RSA_WITH_RC4_128_MD5", 0x0005: "TLS_RSA_WITH_RC4_128_SHA",
        0xC011: "TLS_ECDHE_RSA_WITH_RC4_128_SHA", 0xC0AC: "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", 0xC0AD: "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
        0xC09C: "TLS_RSA_WITH_AES_128_CCM", 0xC09D: "TLS_RSA_WITH_AES_256_CCM", 0x0041: "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA",
        0x0084: "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", 0x0096: "TLS_RSA_WITH_SEED_CBC_SHA", 0x0009: "TLS_RSA_WITH_DES_CBC_SHA",
        0x0007: "TLS_RSA_WITH_IDEA_CBC_SHA", 0x0003: "TLS_RSA_EXPORT_WITH_RC4_40_MD5", 0x0006: "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5",
        0x0008: "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", 0x0011: "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", 0x0012: "TLS_DHE_DSS_WITH_DES_CBC_SHA",
        0x0013: "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", 0x0014: "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", 0x0015: "TLS_DHE_RSA_WITH_DES_CBC_SHA",
        0x0044: "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", 0x0045: "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA",
        0x0087: "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", 0x0088: "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA",
        0x0099: "TLS_DHE_DSS_WITH_SEED_CBC_SHA", 0x009A: "TLS_DHE_RSA_WITH_SEED_CBC_SHA", 0xC002: "TLS_ECDH_ECDSA_WITH_RC4_128_SHA",
        0xC003: "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", 0xC007: "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
        0xC008: "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", 0xC00C: "TLS_ECDH_RSA_WITH_RC4_128_SHA", 0xC00D: "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA",
    ]
}

extension String {
    init(format4Hex value: UInt16) {
        let digits = String(value, radix: 16, uppercase: true)
        self = "0x" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
