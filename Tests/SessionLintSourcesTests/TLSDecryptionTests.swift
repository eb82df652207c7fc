import Foundation
import Testing
import SessionLintCore
import SessionLintTLS
@testable import SessionLintSources

/// The keyed captures of ../shared/corpus/pcap, decrypted with the key log beside each (or the
/// keys embedded in the pcapng), compared request by request with tshark's decrypted view
/// (`*.tshark-decrypted.tsv`): frame number, method, host, target and Cookie header of every
/// request, HTTP/1 and HTTP/2, and the count of each response status.
struct TLSDecryptionTests {
    static let directory = PeerAgreementTests.directory
    static var available: Bool { PeerAgreementTests.available }

    struct Request: Hashable, CustomStringConvertible {
        var frame: Int, method: String, host: String, uri: String, cookie: String
        var description: String { "frame \(frame): \(method) \(host) \(uri)\(cookie.isEmpty ? "" : " [\(cookie)]")" }
    }

    /// Where tshark and sessionlint differ on purpose.
    /// `statuses`: ours minus tshark's, per status.
    static let differences: [String: (tsharkOnlyRequests: Int, statuses: [Int: Int], reason: String)] = [
        "lbirchler-tls-decryption-tls2-dump.pcapng": (31, [200: 42],
            "31 connections use suites swift-crypto lacks (RC4, 3DES, DES, IDEA, RC2, SEED, CAMELLIA; the summary names each); "
                + "tshark does not dissect the HTTP/1.0 responses that end with the connection, sessionlint reports them"),
        "suricata-verify-http2-keywords2-input.pcap": (0, [101: -1],
            "after Upgrade: h2c, sessionlint pairs GET /robots.txt with its real answer, the 200 on stream 1; the 101 only switches protocols"),
    ]

    static func read(_ name: String, keyLog: Bool = true) throws -> (transactions: [HTTPTransaction], warnings: [String]) {
        let path = directory.appendingPathComponent(name).path
        var keys = KeyLog()
        if keyLog, let text = FileManager.default.contents(atPath: path + ".keylog") {
            keys.add(text: [UInt8](text))
        }
        var transactions: [HTTPTransaction] = []
        var warnings: [String] = []
        try PcapSource(inputName: name, path: path, keyLog: keys).read(onTransaction: { transactions.append($0) }, onWarning: { warnings.append($0.message) })
        return (transactions, warnings)
    }

    static var decryptedViews: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".tshark-decrypted.tsv") }.map { String($0.dropLast(".tshark-decrypted.tsv".count)) }.sorted()
    }

    @Test(.enabled(if: available, "../shared/corpus is absent"))
    func agreesWithTsharksDecryptedView() throws {
        var compared = 0
        for name in Self.decryptedViews {
            let text = try String(contentsOfFile: Self.directory.appendingPathComponent(name + ".tshark-decrypted.tsv").path, encoding: .utf8)
            guard text.hasPrefix("frame.number\tip.src\ttcp.srcport\thttp.request.method") else { continue }  // not HTTP: see below
            let (theirs, theirStatuses) = tsharkView(text)
            let (transactions, _) = try Self.read(name)
            var ours: Set<Request> = []
            var ourStatuses: [Int: Int] = [:]
            for t in transactions {
                if !t.request.method.isEmpty, case .frame(let frame) = t.provenance.location {
                    // tshark shows the Host header; sessionlint falls back to the server name or address without one.
                    let host = t.request.fields.contains("host") || t.request.version == "HTTP/2" ? t.request.host : ""
                    ours.insert(Request(frame: frame, method: t.request.method, host: host, uri: t.request.target,
                                        cookie: t.request.fields.first("cookie") ?? ""))
                }
                if let status = t.response?.status { ourStatuses[status, default: 0] += 1 }
            }
            let difference = Self.differences[name]
            #expect(ours.subtracting(theirs).isEmpty, "\(name): only sessionlint finds \(ours.subtracting(theirs).sorted(by: { $0.frame < $1.frame }))")
            #expect(theirs.subtracting(ours).count == difference?.tsharkOnlyRequests ?? 0,
                    "\(name): only tshark finds \(theirs.subtracting(ours).sorted(by: { $0.frame < $1.frame }).prefix(5))")
            var expectedStatuses = theirStatuses
            for (status, count) in difference?.statuses ?? [:] { expectedStatuses[status, default: 0] += count }
            expectedStatuses = expectedStatuses.filter { $0.value != 0 }
            #expect(ourStatuses == expectedStatuses, "\(name): statuses")
            compared += 1
        }
        #expect(compared >= 8, "every keyed HTTP capture and the h2c ones are compared")
    }

    /// The captures whose plaintext is not HTTP ("ping"/"pong", "AAAA…"): every connection must
    /// decrypt, which the AEAD tags and MACs prove record by record.
    @Test(.enabled(if: available, "../shared/corpus is absent"), arguments: [
        "illustrated-tls13-capture.pcap", "snet-decrypt_by_keylog-TLS1_2_ECDHE-RSA-AES256-SHA384_auth.pcap",
        "snet-decrypt_by_keylog-TLS1_2_ECDHE-RSA-CHACHA20-POLY1305_auth.pcap", "snet-decrypt_by_keylog-TLS1_3_TLS_CHACHA20_POLY1305_SHA256.pcap",
    ])
    func decryptsEveryConnection(name: String) throws {
        let (_, warnings) = try Self.read(name)
        #expect(warnings.contains("1 TLS connection: 1 decrypted"), "\(warnings)")
        #expect(!warnings.contains { $0.contains("message head") }, "plaintext that is not HTTP is not fed to the HTTP parser")
    }

    @Test(.enabled(if: available, "../shared/corpus is absent"))
    func accountsForConnectionsItCannotDecrypt() throws {
        let (noKeys, noKeyWarnings) = try Self.read("zeek-tls-tls-1.2-stream-keylog.pcap", keyLog: false)
        #expect(noKeys.isEmpty)
        #expect(noKeyWarnings.contains { $0.hasPrefix("1 TLS connection: 1 not decrypted because no key log was given (--keylog)") })

        let (_, sweep) = try Self.read("lbirchler-tls-decryption-tls2-dump.pcapng")
        let summary = try #require(sweep.first { $0.hasPrefix("73 TLS connections") })
        #expect(summary.hasPrefix("73 TLS connections: 42 decrypted; 31 with a cipher suite that is not decrypted here (TLS_RSA_EXPORT_WITH_RC4_40_MD5 (0x0003)"))

        // The keys embedded in the pcapng's Decryption Secrets Block, with no key log given.
        let (embedded, _) = try Self.read("mikekap-pcap2har-http2-dump.pcap", keyLog: false)
        #expect(embedded.count == 8 && embedded.allSatisfy { $0.request.version == "HTTP/2" && $0.scheme == .https && $0.tlsVersion == "TLS 1.3" })
    }

    @Test(.enabled(if: available, "../shared/corpus is absent"))
    func aWrongKeyLogIsDamageNotSilence() throws {
        let name = "zeek-tls-tls-1.2-stream-keylog.pcap"
        let path = Self.directory.appendingPathComponent(name).path
        var keys = KeyLog()
        let line = try String(contentsOfFile: path + ".keylog", encoding: .utf8)
        // The right client random with another master secret: the records do not authenticate.
        keys.add(text: Array(line.replacingOccurrences(of: " 0d36faaa", with: " 0d36faab").utf8))
        var warnings: [String] = []
        var transactions = 0
        try PcapSource(inputName: name, path: path, keyLog: keys).read(onTransaction: { _ in transactions += 1 }, onWarning: { warnings.append($0.message) })
        #expect(transactions == 0)
        #expect(warnings.contains { $0.hasPrefix("1 TLS connection: 1 damaged: ") && $0.contains("did not open with the logged keys") }, "\(warnings)")
    }

    private func tsharkView(_ text: String) -> (Set<Request>, [Int: Int]) {
        var requests: Set<Request> = []
        var statuses: [Int: Int] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 17, let frame = Int(fields[0]) else { continue }
            func values(_ index: Int) -> [String] { fields[index].isEmpty ? [] : fields[index].split(separator: "\u{1E}", omittingEmptySubsequences: false).map(String.init) }
            for (index, method) in values(3).enumerated() {
                let host = values(4).indices.contains(index) ? hostOfAuthority(values(4)[index]) ?? "" : ""
                requests.insert(Request(frame: frame, method: method, host: host, uri: values(5).indices.contains(index) ? values(5)[index] : "",
                                        cookie: values(7).indices.contains(index) ? values(7)[index] : ""))
            }
            let (methods, authorities, paths) = (values(11), values(12), values(13))
            for (index, method) in methods.enumerated() {
                let host = authorities.indices.contains(index) ? hostOfAuthority(authorities[index]) ?? "" : ""
                requests.insert(Request(frame: frame, method: method, host: host, uri: paths.indices.contains(index) ? paths[index] : "", cookie: ""))
            }
            for status in values(6) + values(14) { statuses[Int(status) ?? -1, default: 0] += 1 }
        }
        return (requests, statuses)
    }
}

/// examples/https captures, cut and damaged: nothing crashes, nothing is invented, and what
/// comes before the damage is kept.
struct HostileTLSCaptureTests {
    static let name = "php-h2-tls13"
    static let capture = Corpus.packageRoot.appendingPathComponent("examples/https/\(name).pcap")

    static func read(_ bytes: [UInt8]) throws -> (requests: Set<String>, warnings: [String]) {
        var keys = KeyLog()
        keys.add(text: [UInt8](try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("examples/https/\(name).keylog"))))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sessionlint-hostile-tls-\(UUID().uuidString).pcap")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var requests: Set<String> = []
        var warnings: [String] = []
        try PcapSource(inputName: "damaged.pcap", path: url.path, keyLog: keys).read(onTransaction: { t in
            if case .frame(let frame) = t.provenance.location { requests.insert("\(frame) \(t.request.method) \(t.request.target)") }
        }, onWarning: { warnings.append($0.message) })
        return (requests, warnings)
    }

    @Test func aCaptureCutAnywhereKeepsOnlyRealRequests() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.capture))
        let whole = try Self.read(bytes).requests
        #expect(whole.count == 6)
        for cut in stride(from: 24, to: bytes.count, by: 331) {
            let (requests, warnings) = try Self.read(Array(bytes.prefix(cut)))
            #expect(requests.isSubset(of: whole), "cut at \(cut): \(requests.subtracting(whole))")
            if requests.count < whole.count, cut > bytes.count / 2 {
                #expect(warnings.contains { $0.contains("cut off") || $0.contains("TLS connection") }, "cut at \(cut)")
            }
        }
    }

    @Test func flippedBytesAreDamageNotCrashes() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.capture))
        var generator = SplitMix64(seed: 23)
        for _ in 0..<40 {
            var damaged = bytes
            for _ in 0..<8 { damaged[Int.random(in: 24..<damaged.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator) }
            let (requests, warnings) = try Self.read(damaged)
            #expect(requests.count <= 8)
            let summary = warnings.first { $0.contains("TLS connection") }
            #expect(summary != nil || requests.isEmpty, "every TLS connection is accounted for")
        }
    }
}

/// examples/https/php-chrome-h2.pcap: Chromium over TLS 1.3 and HTTP/2, which sends each cookie
/// as its own HPACK field. Expected values are tshark's (`-o tls.keylog_file:…`, fields
/// frame.number, http2.headers.path, http2.headers.cookie), crumbs joined by "; ".
struct ChromeCookieCrumbTests {
    @Test func crumbsBecomeOneCookieHeaderAsTsharkShowsThem() throws {
        var keys = KeyLog()
        keys.add(text: [UInt8](try Data(contentsOf: Corpus.packageRoot.appendingPathComponent("examples/https/php-chrome-h2.keylog"))))
        var requests: [Int: (path: String, cookie: String?)] = [:]
        try PcapSource(inputName: "chrome", path: Corpus.packageRoot.appendingPathComponent("examples/https/php-chrome-h2.pcap").path, keyLog: keys)
            .read(onTransaction: { t in
                if case .frame(let frame) = t.provenance.location { requests[frame] = (t.request.target, t.request.fields.first("cookie")) }
            }, onWarning: { _ in })
        #expect(requests.keys.sorted() == [26, 31, 46, 55, 77, 82, 101, 107])
        #expect(requests.sorted { $0.key < $1.key }.map(\.value.path) == ["/", "/favicon.ico", "/lang", "/favicon.ico", "/prefs", "/favicon.ico", "/api/whoami", "/favicon.ico"])
        #expect(requests[26]?.cookie == nil)
        #expect(requests[31]?.cookie == "PHPSESSID=45206a31cbac3ce437717ca005de3db3")
        #expect(requests[55]?.cookie == "PHPSESSID=b9d211f55117fdfe902ab15c9b314278; lang=en")
        #expect(requests[82]?.cookie == "lang=en; PHPSESSID=2163d6c106cc7f98fce31fc32394d196; theme=dark; layout=wide")
        #expect(requests[107]?.cookie == "lang=en; PHPSESSID=559cf008bbf2c48da77ca2ca270b363a")
    }
}

/// examples/https/tls12-resumed.pcap: curl resumes the first connection's TLS 1.2 session in
/// the next two (the ServerHello echoes the session ID; tshark shows the same ID on all three).
/// curl logged a line for each; with lines left out, the resumed sessions are found through the
/// session they resume.
struct TLSResumptionTests {
    static func summary(keepingLines kept: [Int]) throws -> (warnings: [String], targets: [String]) {
        let directory = Corpus.packageRoot.appendingPathComponent("examples/https")
        let lines = try String(contentsOf: directory.appendingPathComponent("tls12-resumed.keylog"), encoding: .utf8).split(separator: "\n")
        var keys = KeyLog()
        keys.add(text: Array(kept.map { String(lines[$0]) }.joined(separator: "\n").utf8))
        var warnings: [String] = []
        var targets: [String] = []
        try PcapSource(inputName: "resumed", path: directory.appendingPathComponent("tls12-resumed.pcap").path, keyLog: keys)
            .read(onTransaction: { targets.append($0.request.target) }, onWarning: { warnings.append($0.message) })
        return (warnings, targets)
    }

    @Test func resumedSessionsDecryptWithTheKeyOfTheSessionTheyResume() throws {
        let first = try Self.summary(keepingLines: [0])
        #expect(first.warnings.contains("3 TLS connections: 3 decrypted"))
        #expect(first.targets == ["/a", "/b", "/c"])
        // The first connection's own line missing: nothing before it to resume from.
        let second = try Self.summary(keepingLines: [1])
        #expect(second.warnings.contains("3 TLS connections: 2 decrypted; 1 with no key in the key log; cookies inside the 1 not decrypted are not visible"))
        #expect(second.targets == ["/b", "/c"])
    }
}

/// A key log with only the application traffic secrets (no handshake secrets): the
/// EncryptedExtensions that names h2 stay closed, and the server's SETTINGS come before the
/// client's preface, so the protocol is recognised from the client's first bytes while the
/// server's wait.
struct ServerSpeaksFirstTests {
    @Test(.enabled(if: PeerAgreementTests.available, "../shared/corpus is absent"))
    func http2IsFoundFromTheClientsPrefaceWhenALPNCannotBeRead() throws {
        let name = "lbirchler-tls-decryption-tls3-tls3.cryptohack.org.pcapng"
        let path = PeerAgreementTests.directory.appendingPathComponent(name).path
        let lines = try String(contentsOfFile: path + ".keylog", encoding: .utf8).split(separator: "\n").filter { $0.contains("TRAFFIC_SECRET_0") }
        #expect(lines.count == 2)
        var keys = KeyLog()
        keys.add(text: Array(lines.joined(separator: "\n").utf8))
        var transactions: [HTTPTransaction] = []
        try PcapSource(inputName: name, path: path, keyLog: keys).read(onTransaction: { transactions.append($0) }, onWarning: { _ in })
        #expect(transactions.map { "\($0.request.method) \($0.request.host) \($0.request.target) \($0.request.version) \($0.response?.status ?? 0)" }
            == ["GET tls3.cryptohack.org / HTTP/2 200"])
    }
}
