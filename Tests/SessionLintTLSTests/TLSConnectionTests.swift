import Crypto
import Foundation
import SessionLintCapture
import Testing
@testable import SessionLintTLS

/// The TLS 1.3 key changes, on a connection built here record by record: 0-RTT data under the
/// early secret, EndOfEarlyData, each side's Finished, KeyUpdate, a HelloRetryRequest and the
/// compatibility ChangeCipherSpec. The records are sealed with swift-crypto's AES-GCM from keys
/// of RFC 8446 §7.3 (the derivation itself is checked against published values in
/// KeyScheduleTests).
struct TLSConnectionTests {
    static let clientRandom = [UInt8](repeating: 0x11, count: 32)
    static let secrets = (early: [UInt8](repeating: 1, count: 32), clientHandshake: [UInt8](repeating: 2, count: 32),
                          serverHandshake: [UInt8](repeating: 3, count: 32), clientApplication: [UInt8](repeating: 4, count: 32),
                          serverApplication: [UInt8](repeating: 5, count: 32))

    /// Seals records for one direction under one traffic secret, counting its sequence numbers.
    struct Sealer {
        var secret: [UInt8]
        var sequence: UInt64 = 0

        mutating func record(_ type: UInt8, _ content: [UInt8]) -> [UInt8] {
            let key = KeySchedule.expandLabel(.sha256, secret: secret, label: "key", length: 16)
            var nonce = KeySchedule.expandLabel(.sha256, secret: secret, label: "iv", length: 12)
            for index in 0..<8 { nonce[4 + index] ^= UInt8(truncatingIfNeeded: sequence >> (56 - 8 * index)) }
            sequence += 1
            let plain = content + [type] + [0, 0, 0]  // with padding
            let length = plain.count + 16
            let header: [UInt8] = [23, 3, 3, UInt8(length >> 8), UInt8(length & 0xFF)]
            let box = try! AES.GCM.seal(plain, using: SymmetricKey(data: key), nonce: AES.GCM.Nonce(data: nonce), authenticating: header)
            return header + box.ciphertext + box.tag
        }
    }

    static func handshake(_ type: UInt8, _ body: [UInt8]) -> [UInt8] {
        [type, UInt8(body.count >> 16), UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)] + body
    }

    static func plainRecord(_ type: UInt8, _ content: [UInt8]) -> [UInt8] {
        [type, 3, 1, UInt8(content.count >> 8), UInt8(content.count & 0xFF)] + content
    }

    static func extensions(_ list: [(UInt16, [UInt8])]) -> [UInt8] {
        let body = list.flatMap { [UInt8($0.0 >> 8), UInt8($0.0 & 0xFF), UInt8($0.1.count >> 8), UInt8($0.1.count & 0xFF)] + $0.1 }
        return [UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    }

    static func clientHello(earlyData: Bool) -> [UInt8] {
        let name = Array("shop.test".utf8)
        var list: [(UInt16, [UInt8])] = [(0, [0, UInt8(name.count + 3), 0, 0, UInt8(name.count)] + name), (43, [2, 3, 4])]
        if earlyData { list.append((42, [])) }
        return plainRecord(22, handshake(1, [3, 3] + clientRandom + [0, 0, 2, 0x13, 0x01, 1, 0] + extensions(list)))
    }

    static func serverHello(random: [UInt8] = [UInt8](repeating: 0x22, count: 32)) -> [UInt8] {
        plainRecord(22, handshake(2, [3, 3] + random + [0, 0x13, 0x01, 0] + extensions([(43, [3, 4])])))
    }

    static func keyLog(withEarlySecret: Bool) -> KeyLog {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        let random = hex(clientRandom)
        var text = """
        CLIENT_HANDSHAKE_TRAFFIC_SECRET \(random) \(hex(secrets.clientHandshake))
        SERVER_HANDSHAKE_TRAFFIC_SECRET \(random) \(hex(secrets.serverHandshake))
        CLIENT_TRAFFIC_SECRET_0 \(random) \(hex(secrets.clientApplication))
        SERVER_TRAFFIC_SECRET_0 \(random) \(hex(secrets.serverApplication))

        """
        if withEarlySecret { text += "CLIENT_EARLY_TRAFFIC_SECRET \(random) \(hex(secrets.early))\n" }
        var keyLog = KeyLog()
        keyLog.add(text: Array(text.utf8))
        return keyLog
    }

    /// Runs the whole connection; returns the application data each side was seen to send.
    static func run(keyLog: KeyLog, helloRetry: Bool = false) -> (client: [String], server: [String], connection: TLSConnection) {
        let connection = TLSConnection(keyLog: keyLog)
        var client: [String] = []
        var server: [String] = []
        func feed(_ bytes: [UInt8], _ direction: FlowDirection) {
            for case .applicationData(let from, let data) in connection.receive(bytes[...], direction: direction) {
                if from == .fromOriginator { client.append(String(decoding: data, as: UTF8.self)) } else { server.append(String(decoding: data, as: UTF8.self)) }
            }
        }
        var early = Sealer(secret: secrets.early)
        var clientHandshake = Sealer(secret: secrets.clientHandshake)
        var serverHandshake = Sealer(secret: secrets.serverHandshake)
        var clientApplication = Sealer(secret: secrets.clientApplication)
        var serverApplication = Sealer(secret: secrets.serverApplication)

        if helloRetry {
            feed(clientHello(earlyData: false), .fromOriginator)
            feed(serverHello(random: Hello.helloRetryRandom), .fromResponder)
            feed(plainRecord(20, [1]), .fromOriginator)  // compatibility ChangeCipherSpec
            feed(clientHello(earlyData: false), .fromOriginator)
        } else {
            feed(clientHello(earlyData: true), .fromOriginator)
            feed(early.record(23, Array("GET /early HTTP/1.1\r\n\r\n".utf8)), .fromOriginator)
        }
        feed(serverHello() + plainRecord(20, [1]), .fromResponder)
        let alpn = Array("http/1.1".utf8)
        let encryptedExtensions = handshake(8, extensions([(16, [0, UInt8(alpn.count + 1), UInt8(alpn.count)] + alpn)]))
        // EncryptedExtensions, Certificate (skipped unread), Finished: one record, then application data.
        feed(serverHandshake.record(22, encryptedExtensions + handshake(11, [UInt8](repeating: 0xCE, count: 3000)) + handshake(20, [UInt8](repeating: 0xF1, count: 32))), .fromResponder)
        feed(serverApplication.record(23, Array("HTTP/1.1 425 Too Early\r\n\r\n".utf8)), .fromResponder)
        if !helloRetry { feed(early.record(22, handshake(5, [])), .fromOriginator) }  // EndOfEarlyData
        feed(clientHandshake.record(22, handshake(20, [UInt8](repeating: 0xF2, count: 32))), .fromOriginator)
        feed(clientApplication.record(23, Array("GET /one HTTP/1.1\r\n\r\n".utf8)), .fromOriginator)
        // KeyUpdate: the client's next records use the next secret.
        feed(clientApplication.record(22, handshake(24, [0])), .fromOriginator)
        var updated = Sealer(secret: KeySchedule.expandLabel(.sha256, secret: secrets.clientApplication, label: "traffic upd", length: 32))
        feed(updated.record(23, Array("GET /two HTTP/1.1\r\n\r\n".utf8)), .fromOriginator)
        feed(serverApplication.record(23, Array("HTTP/1.1 200 OK\r\n\r\n".utf8)), .fromResponder)
        return (client, server, connection)
    }

    @Test func followsEveryKeyChangeOfATLS13Connection() {
        let (client, server, connection) = Self.run(keyLog: Self.keyLog(withEarlySecret: true))
        #expect(client == ["GET /early HTTP/1.1\r\n\r\n", "GET /one HTTP/1.1\r\n\r\n", "GET /two HTTP/1.1\r\n\r\n"])
        #expect(server == ["HTTP/1.1 425 Too Early\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n"])
        #expect(connection.outcome == .decrypted)
        #expect(connection.details == TLSConnection.Details(version: 0x0304, cipherSuite: 0x1301, serverName: "shop.test", applicationProtocol: "http/1.1"))
    }

    @Test func skipsEarlyDataItHasNoKeyForAndReadsTheRest() {
        let (client, server, connection) = Self.run(keyLog: Self.keyLog(withEarlySecret: false))
        #expect(client == ["GET /one HTTP/1.1\r\n\r\n", "GET /two HTTP/1.1\r\n\r\n"])
        #expect(server.count == 2)
        #expect(connection.outcome == .decrypted)
    }

    @Test func waitsForTheRealServerHelloAfterAHelloRetryRequest() {
        let (client, server, _) = Self.run(keyLog: Self.keyLog(withEarlySecret: false), helloRetry: true)
        #expect(client == ["GET /one HTTP/1.1\r\n\r\n", "GET /two HTTP/1.1\r\n\r\n"])
        #expect(server.count == 2)
    }

    @Test func aGapEndsThatDirectionAndIsReported() {
        let connection = TLSConnection(keyLog: Self.keyLog(withEarlySecret: false))
        _ = connection.receive(Self.clientHello(earlyData: false)[...], direction: .fromOriginator)
        let events = connection.gap(100, direction: .fromResponder)
        guard case .problem(let message) = events.first else { Issue.record("no problem reported"); return }
        #expect(message == "a capture gap of 100 bytes broke the TLS records from the server")
        #expect(connection.outcome == .damaged("a capture gap of 100 bytes broke the TLS records from the server"))
    }

    @Test func recordsThatAreNotTLSEndTheReading() {
        let connection = TLSConnection(keyLog: KeyLog())
        let events = connection.receive(Self.clientHello(earlyData: false)[...] + [0x47, 0x45, 0x54, 0x20, 0x2F], direction: .fromOriginator)
        guard case .problem(let message) = events.first else { Issue.record("no problem reported"); return }
        #expect(message.hasPrefix("bytes that are not a TLS record header (type 71"))
        #expect(connection.outcome == .noKeyLog)
    }
}
