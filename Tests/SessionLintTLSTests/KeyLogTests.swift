import Testing
@testable import SessionLintTLS

/// RFC 9850 §2: labels, line ends, comments, hex case; unusable lines reported by number.
struct KeyLogTests {
    static let random = String(repeating: "ab", count: 32)
    static let master = String(repeating: "01", count: 48)
    static let secret32 = String(repeating: "02", count: 32)

    @Test func readsEveryLabelWithAnyLineEnd() {
        let text = "# written by curl\r\nCLIENT_RANDOM \(Self.random) \(Self.master)\r\n"
            + "CLIENT_HANDSHAKE_TRAFFIC_SECRET \(Self.random) \(Self.secret32)\r"
            + "SERVER_HANDSHAKE_TRAFFIC_SECRET \(Self.random) \(Self.secret32)\n\n"
            + "CLIENT_TRAFFIC_SECRET_0 \(Self.random) \(Self.secret32)\n"
            + "SERVER_TRAFFIC_SECRET_0 \(Self.random) \(Self.secret32.uppercased())\n"
            + "CLIENT_EARLY_TRAFFIC_SECRET \(Self.random.uppercased()) \(Self.secret32)\n"
            + "EXPORTER_SECRET \(Self.random) \(Self.secret32)\nEARLY_EXPORTER_SECRET \(Self.random) \(Self.secret32)\n"
            + "ECH_SECRET \(Self.random) \(Self.secret32)\nECH_CONFIG \(Self.random) 0011"
        var keyLog = KeyLog()
        let problems = keyLog.add(text: Array(text.utf8))
        #expect(problems.isEmpty)
        let secrets = keyLog.secrets(forClientRandom: [UInt8](repeating: 0xAB, count: 32))
        #expect(secrets?.masterSecret == [UInt8](repeating: 1, count: 48))
        #expect(secrets?.clientHandshakeTraffic == [UInt8](repeating: 2, count: 32))
        #expect(secrets?.serverHandshakeTraffic == [UInt8](repeating: 2, count: 32))
        #expect(secrets?.clientApplicationTraffic == [UInt8](repeating: 2, count: 32))
        #expect(secrets?.serverApplicationTraffic == [UInt8](repeating: 2, count: 32), "upper-case hex is the same secret")
        #expect(secrets?.clientEarlyTraffic == [UInt8](repeating: 2, count: 32), "an upper-case client random is the same connection")
        #expect(keyLog.linesIgnored == 4, "exporter and ECH lines are understood but do not open records")
        #expect(keyLog.clientRandomCount == 1)
    }

    @Test func reportsUnusableLinesWithTheirNumbers() {
        let text = """
        CLIENT_RANDOM \(Self.random) \(Self.master)
        CLIENT_RANDOM \(Self.random)
        CLIENT_RANDOM 1234 \(Self.master)
        CLIENT_RANDOM \(Self.random) 0102
        SERVER_TRAFFIC_SECRET_0 \(Self.random) zz
        FANCY_NEW_SECRET \(Self.random) \(Self.secret32)
        RSA 0011223344556677 \(Self.master)
        """
        var keyLog = KeyLog()
        let problems = keyLog.add(text: Array(text.utf8))
        #expect(problems.map(\.line) == [2, 3, 4, 5, 6])
        #expect(problems[0].message.contains("found 2 fields"))
        #expect(problems[1].message.contains("not 64 hex digits"))
        #expect(problems[2].message.contains("48 bytes, this one 2"))
        #expect(problems[3].message.contains("not hexadecimal"))
        #expect(problems[4].message.contains("unknown label \"FANCY_NEW_SECRET\""))
        #expect(keyLog.secrets(forClientRandom: [UInt8](repeating: 0xAB, count: 32))?.masterSecret != nil, "the good line is kept")
    }

    @Test func mergesFilesWithoutLosingSecrets() {
        var first = KeyLog()
        first.add(text: Array("CLIENT_HANDSHAKE_TRAFFIC_SECRET \(Self.random) \(Self.secret32)\n".utf8))
        var second = KeyLog()
        second.add(text: Array("CLIENT_TRAFFIC_SECRET_0 \(Self.random) \(Self.secret32)".utf8))  // no final newline
        first.merge(second)
        let secrets = first.secrets(forClientRandom: [UInt8](repeating: 0xAB, count: 32))
        #expect(secrets?.clientHandshakeTraffic != nil && secrets?.clientApplicationTraffic != nil)
    }
}
