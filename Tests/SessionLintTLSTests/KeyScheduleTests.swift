import Testing
@testable import SessionLintTLS

/// Key derivation against values computed elsewhere: The Illustrated TLS 1.3 (syncsynchalt/
/// illustrated-tls13, site/index.html) prints the server handshake key and IV; the PRF and
/// "traffic upd" values were computed with Python's hmac and cryptography packages.
struct KeyScheduleTests {
    static func hex(_ text: String) -> [UInt8] { KeyLog.hexBytes(Array(text.utf8))! }

    @Test func tls13TrafficKeysMatchTheIllustratedConnection() {
        // SERVER_HANDSHAKE_TRAFFIC_SECRET of corpus/pcap/illustrated-tls13-capture.pcap (TLS_AES_256_GCM_SHA384).
        let secret = Self.hex("23323da031634b241dd37d61032b62a4f450584d1f7f47983ba2f7cc0cdcc39a68f481f2b019f9403a3051908a5d1622")
        #expect(KeySchedule.expandLabel(.sha384, secret: secret, label: "key", length: 32)
            == Self.hex("9f13575ce3f8cfc1df64a77ceaffe89700b492ad31b4fab01c4792be1b266b7f"))
        #expect(KeySchedule.expandLabel(.sha384, secret: secret, label: "iv", length: 12) == Self.hex("9563bc8b590f671f488d2da3"))
    }

    @Test func keyUpdateDerivesTheNextTrafficSecret() {
        let secret0 = Self.hex("86c967fd7747a36a0685b4ed8d0e6b4c02b4ddaf3cd294aa44e9f6b0183bf911e89a189ba5dfd71fccffb5cc164901f8")
        #expect(KeySchedule.expandLabel(.sha384, secret: secret0, label: "traffic upd", length: 48)
            == Self.hex("5a776a85e667a92dd7e1e753b6f9bcc68614549b552b6eef0cea6d80678fc42c1e39c231f9ece8e0dc65bc58590b7b6d"))
    }

    @Test func tls12PRFWithSHA256AndSHA384() {
        let secret = (0..<48).map(UInt8.init)
        let seed = (100..<164).map(UInt8.init)
        #expect(KeySchedule.prf(.sha256, secret: secret, label: "key expansion", seed: seed, length: 72) == Self.hex(
            "28685edb204ecc92242de5440cbbaab263b26917badda780ffac162c8d5a190db504e2223d7549b8deb0af27d736ac5666527337fcb51c0d659d1398611083cae380cb76348f8fb5"))
        #expect(KeySchedule.prf(.sha384, secret: secret, label: "key expansion", seed: seed, length: 72) == Self.hex(
            "1ef6cb01527c4d5a83d5dc42afa62a9c27b940128ab240da3008c18b191d6cb911854353158b4b09047f65222a9e79e2a9484d3fc2388fcec5cd7a5cf1323e93599425a430ec6306"))
    }

    @Test func namesSuitesItCannotDecrypt() {
        #expect(CipherSuite.supported(0xC030)?.name == "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
        #expect(CipherSuite.supported(0x1304) == nil)
        #expect(CipherSuite.describe(0x1304) == "TLS_AES_128_CCM_SHA256 (0x1304)")
        #expect(CipherSuite.describe(0xFFFE) == "0xFFFE")
    }
}
