import Crypto

/// The TLS 1.2 PRF (RFC 5246 §5) and the TLS 1.3 HKDF-Expand-Label (RFC 8446 §7.1), on
/// swift-crypto's HMAC and HKDF.
enum KeySchedule {
    /// `PRF(secret, label, seed)` = P_hash(secret, label ‖ seed), cut to `length` bytes.
    static func prf(_ hash: CipherSuite.HashAlgorithm, secret: [UInt8], label: String, seed: [UInt8], length: Int) -> [UInt8] {
        switch hash {
        case .sha384: pHash(SHA384.self, secret: secret, seed: Array(label.utf8) + seed, length: length)
        case .sha256, .sha1: pHash(SHA256.self, secret: secret, seed: Array(label.utf8) + seed, length: length)
        }
    }

    private static func pHash<H: HashFunction>(_: H.Type, secret: [UInt8], seed: [UInt8], length: Int) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        var output: [UInt8] = []
        output.reserveCapacity(length + H.Digest.byteCount)
        var a = Array(HMAC<H>.authenticationCode(for: seed, using: key))  // A(1)
        while output.count < length {
            output += HMAC<H>.authenticationCode(for: a + seed, using: key)
            a = Array(HMAC<H>.authenticationCode(for: a, using: key))
        }
        return Array(output.prefix(length))
    }

    /// HKDF-Expand-Label(secret, label, context, length) with the "tls13 " prefix.
    static func expandLabel(_ hash: CipherSuite.HashAlgorithm, secret: [UInt8], label: String, context: [UInt8] = [], length: Int) -> [UInt8] {
        let fullLabel = Array("tls13 \(label)".utf8)
        var info: [UInt8] = [UInt8(length >> 8), UInt8(length & 0xFF), UInt8(fullLabel.count)]
        info += fullLabel
        info.append(UInt8(context.count))
        info += context
        let key = SymmetricKey(data: secret)
        let expanded = switch hash {
        case .sha384: HKDF<SHA384>.expand(pseudoRandomKey: key, info: info, outputByteCount: length)
        case .sha256, .sha1: HKDF<SHA256>.expand(pseudoRandomKey: key, info: info, outputByteCount: length)
        }
        return expanded.withUnsafeBytes { Array($0) }
    }

    static func hmac(_ hash: CipherSuite.HashAlgorithm, key: [UInt8], data: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: key)
        return switch hash {
        case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: key))
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: data, using: key))
        case .sha384: Array(HMAC<SHA384>.authenticationCode(for: data, using: key))
        }
    }
}
