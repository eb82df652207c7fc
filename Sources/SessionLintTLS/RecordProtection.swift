import Crypto
import _CryptoExtras

/// Why a protected record could not be opened.
enum RecordFailure: Error, Equatable {
    /// The tag or MAC did not verify: a wrong key, or the wrong record.
    case authentication
    /// Too short for its cipher, or padding that cannot be.
    case malformed
}

/// One direction's record protection: the keys, and the sequence number that enters every
/// nonce or MAC. The number advances only when a record verifies, as Wireshark does, so that
/// records a key cannot open (rejected 0-RTT data) do not shift the ones after them.
struct RecordProtection {
    let suite: CipherSuite
    private let key: SymmetricKey
    private let iv: [UInt8]
    private let macKey: [UInt8]
    private let encryptThenMAC: Bool
    private(set) var sequence: UInt64 = 0

    /// TLS 1.2: the key block slices for one direction.
    init(tls12 suite: CipherSuite, key: [UInt8], iv: [UInt8], macKey: [UInt8], encryptThenMAC: Bool) {
        self.suite = suite
        self.key = SymmetricKey(data: key)
        self.iv = iv
        self.macKey = macKey
        self.encryptThenMAC = encryptThenMAC
    }

    /// TLS 1.3: key and IV expanded from a traffic secret (RFC 8446 §7.3).
    init(tls13 suite: CipherSuite, trafficSecret: [UInt8]) {
        self.suite = suite
        key = SymmetricKey(data: KeySchedule.expandLabel(suite.hash, secret: trafficSecret, label: "key", length: suite.keyLength))
        iv = KeySchedule.expandLabel(suite.hash, secret: trafficSecret, label: "iv", length: 12)
        macKey = []
        encryptThenMAC = false
    }

    /// Opens one record. TLS 1.3 returns the inner content type (RFC 8446 §5.2).
    mutating func open(type: UInt8, version: UInt16, fragment: ArraySlice<UInt8>) throws(RecordFailure) -> (type: UInt8, content: [UInt8]) {
        let opened: (type: UInt8, content: [UInt8])
        if suite.isTLS13 {
            opened = try openTLS13(type: type, version: version, fragment: fragment)
        } else {
            switch suite.protection {
            case .aesGCM, .chaCha20Poly1305: opened = (type, try openTLS12AEAD(type: type, version: version, fragment: fragment))
            case .aesCBC(let mac): opened = (type, try openCBC(type: type, version: version, fragment: fragment, mac: mac))
            }
        }
        sequence &+= 1
        return opened
    }

    private var sequenceBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: sequence >> (56 - 8 * $0)) } }

    /// The per-record nonce of RFC 8446 §5.3 and RFC 7905 §2: the IV XOR the padded sequence number.
    private var xorNonce: [UInt8] {
        var nonce = iv
        let sequence = sequenceBytes
        for index in 0..<8 { nonce[nonce.count - 8 + index] ^= sequence[index] }
        return nonce
    }

    private func openTLS13(type: UInt8, version: UInt16, fragment: ArraySlice<UInt8>) throws(RecordFailure) -> (type: UInt8, content: [UInt8]) {
        guard fragment.count >= 17 else { throw .malformed }
        let header: [UInt8] = [type, UInt8(version >> 8), UInt8(version & 0xFF), UInt8(fragment.count >> 8), UInt8(fragment.count & 0xFF)]
        var plain = try aeadOpen(nonce: xorNonce, ciphertext: fragment.dropLast(16), tag: fragment.suffix(16), aad: header)
        // TLSInnerPlaintext: content ‖ type ‖ zero padding.
        while plain.last == 0 { plain.removeLast() }
        guard let innerType = plain.popLast() else { throw .malformed }
        return (innerType, plain)
    }

    /// RFC 5246 §6.2.3.3 with RFC 5288 (GCM: 8 explicit nonce bytes lead the fragment) and
    /// RFC 7905 (ChaCha20-Poly1305: no explicit nonce).
    private func openTLS12AEAD(type: UInt8, version: UInt16, fragment: ArraySlice<UInt8>) throws(RecordFailure) -> [UInt8] {
        let explicitLength = suite.protection == .aesGCM ? 8 : 0
        guard fragment.count >= explicitLength + 16 else { throw .malformed }
        let nonce = explicitLength > 0 ? iv + fragment.prefix(explicitLength) : xorNonce
        let ciphertext = fragment.dropFirst(explicitLength).dropLast(16)
        return try aeadOpen(nonce: nonce, ciphertext: ciphertext, tag: fragment.suffix(16),
                            aad: additionalData(type: type, version: version, length: ciphertext.count))
    }

    private func additionalData(type: UInt8, version: UInt16, length: Int) -> [UInt8] {
        sequenceBytes + [type, UInt8(version >> 8), UInt8(version & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
    }

    private func aeadOpen(nonce: [UInt8], ciphertext: ArraySlice<UInt8>, tag: ArraySlice<UInt8>, aad: [UInt8]) throws(RecordFailure) -> [UInt8] {
        do {
            switch suite.protection {
            case .aesGCM:
                let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce), ciphertext: ciphertext, tag: tag)
                return Array(try AES.GCM.open(box, using: key, authenticating: aad))
            case .chaCha20Poly1305:
                let box = try ChaChaPoly.SealedBox(nonce: ChaChaPoly.Nonce(data: nonce), ciphertext: ciphertext, tag: tag)
                return Array(try ChaChaPoly.open(box, using: key, authenticating: aad))
            case .aesCBC:
                throw RecordFailure.malformed
            }
        } catch {
            throw .authentication
        }
    }

    /// RFC 5246 §6.2.3.2 (MAC-then-encrypt) and RFC 7366 (Encrypt-then-MAC): a 16-byte
    /// explicit IV, TLS padding (every pad byte holds the pad length, so not PKCS#7).
    private func openCBC(type: UInt8, version: UInt16, fragment: ArraySlice<UInt8>, mac: CipherSuite.HashAlgorithm) throws(RecordFailure) -> [UInt8] {
        var encrypted = fragment
        if encryptThenMAC {
            guard fragment.count >= 32 + mac.length else { throw .malformed }
            encrypted = fragment.dropLast(mac.length)
            let expected = KeySchedule.hmac(mac, key: macKey, data: additionalData(type: type, version: version, length: encrypted.count) + encrypted)
            guard expected.elementsEqual(fragment.suffix(mac.length)) else { throw .authentication }
        }
        guard encrypted.count >= 32, encrypted.count % 16 == 0 else { throw .malformed }
        let plain: [UInt8]
        do {
            plain = Array(try AES._CBC.decrypt(encrypted.dropFirst(16), using: key, iv: AES._CBC.IV(ivBytes: encrypted.prefix(16)), noPadding: true))
        } catch {
            throw .malformed
        }
        guard let padLength = plain.last.map(Int.init), padLength + 1 <= plain.count else { throw .authentication }
        let unpadded = plain.dropLast(padLength + 1)
        if encryptThenMAC { return Array(unpadded) }
        guard unpadded.count >= mac.length else { throw .authentication }
        let content = unpadded.dropLast(mac.length)
        let expected = KeySchedule.hmac(mac, key: macKey, data: additionalData(type: type, version: version, length: content.count) + content)
        guard expected.elementsEqual(unpadded.suffix(mac.length)) else { throw .authentication }
        return Array(content)
    }
}
