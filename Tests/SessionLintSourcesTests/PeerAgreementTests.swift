import Foundation
import Testing
import SessionLintCore
@testable import SessionLintSources

/// sessionlint's transactions on the real captures in ../shared/corpus/pcap, compared with the
/// peers' own views stored beside them: tshark's fields (`*.tshark.tsv`) and Zeek's http.log.
/// Every difference is pinned below with the reason it is a deliberate choice; anything else
/// fails the test.
struct PeerAgreementTests {
    static let directory = Corpus.packageRoot.appendingPathComponent("../shared/corpus/pcap").standardized
    static var available: Bool { FileManager.default.fileExists(atPath: directory.path) }

    struct Request: Hashable, CustomStringConvertible {
        var method: String, host: String, uri: String
        var description: String { "\(method) \(host) \(uri)" }
    }

    /// Differences from tshark: requests only we find, requests only tshark finds, and response
    /// statuses only we report (tshark reports a response only once its whole body is
    /// reassembled; sessionlint also reports one whose body was cut by losses, since its head is
    /// what cookies need).
    static let tsharkDifferences: [String: (oursOnly: [Request], tsharkOnly: [Request], extraStatuses: [Int: Int], reason: String)] = [
        "pcap2har-go-insecure.pcap": ([Request(method: "GET", host: "demo", uri: "/admin/fish-and-chips")], [], [200: 1],
            "tshark leaves one connection to port 5000 undissected; pcap2har-go's own HAR for this capture has the same 21 entries as sessionlint"),
        "pcap2har-missing_response.pcap": ([], [], [200: 1], "the 200's body has a lost segment; its head is complete"),
        "pcap2har-out-of-order.pcap": ([], [], [200: 43, 304: 7], "bodies cut by losses and by the truncated end of the capture"),
        "suricata-verify-http-pipeline-files-with-gap-input.pcap": ([], [], [200: 2], "bodies with a capture gap"),
        "suricata-verify-tcp-rst-unacked-stream-10-TLPW1-tcp-174.56.47.59-10.3.11.101-tcp-80-49309.pcap": ([], [], [200: 1],
            "the body is cut by losses and a reset; suricata-verify expects this transaction too"),
        "zeek-http-methods.pcap": ([Request(method: "OPTIONS", host: "www.google.com", uri: "")], [Request(method: "OPTIONS", host: "www.google.com", uri: "HTTP/1.1")], [:],
            "in \"OPTIONS HTTP/1.1\" the last token is the version, so the target is empty, as Zeek reads it; tshark takes \"HTTP/1.1\" as the URI"),
        "zeek-tunnels-Teredo.pcap": ([Request(method: "GET", host: "ipv6.google.com", uri: "/"),
                                      Request(method: "GET", host: "ipv6.google.com", uri: "/search?hl=en&q=Wireshark+%21&btnG=Google+Search")], [], [200: 2],
            "Teredo through a relay on UDP port 32900, found by content as Zeek does (Zeek logs these two); tshark decodes Teredo on port 3544 only"),
    ]

    /// Differences from Zeek's http.log rows (method, host, URI, status).
    static let zeekDifferences: [String: (oursOnly: [String], zeekOnly: [String], reason: String)] = [
        "zeek-http-methods.pcap": (
            ["GET www.google.com /HTTP/1.1 403", "HEAD www.google.com /HTTP/1.1 400", "POST www.google.com /HTTP/1.1 411", "PUT www.google.com /HTTP/1.1 411",
             "DELETE www.google.com /HTTP/1.1 400", "TRACE www.google.com /HTTP/1.1 400", "CONNECT www.google.com /HTTP/1.1 400", "CCM_POST www.google.com /HTTP/1.1 400",
             "OPTIONS www.google.com  400"],
            ["GET www.google.com /HTTP/1.1 0", "HEAD www.google.com /HTTP/1.1 0", "POST www.google.com /HTTP/1.1 0", "PUT www.google.com /HTTP/1.1 0",
             "DELETE www.google.com /HTTP/1.1 0", "TRACE www.google.com /HTTP/1.1 0", "CONNECT www.google.com /HTTP/1.1 0", "CCM_POST www.google.com /HTTP/1.1 0",
             "- - - 400"],
            "\"GET /HTTP/1.1\" has no version: Zeek takes it for HTTP/0.9 and logs status 0; sessionlint (like tshark) reads the status line the server sent. "
                + "A bare \"OPTIONS\" line is a request to sessionlint and tshark, an unparsed line to Zeek"),
        "zeek-tls-tls12-decryption.pcap": ([], ["GET heise.de / 301"], "Zeek's test decrypts with keys its script loads; this comparison reads captures without their key logs (TLSDecryptionTests compares the decrypted view)"),
        "zeek-wikipedia.pcap": (["GET www.wikipedia.org / 304"], [], "Zeek's baseline lacks one 304 exchange that tshark decodes as well"),
    ]

    static var captures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
    }

    func ours(_ name: String) throws -> [HTTPTransaction] {
        var transactions: [HTTPTransaction] = []
        let path = Self.directory.appendingPathComponent(name).path
        try PcapSource(inputName: name, path: path).read(onTransaction: { transactions.append($0) }, onWarning: { _ in })
        return transactions
    }

    @Test(.enabled(if: available, "../shared/corpus is absent"))
    func agreesWithTsharkTransactionByTransaction() throws {
        var compared = 0
        for name in Self.captures {
            let tsvPath = Self.directory.appendingPathComponent(name + ".tshark.tsv").path
            guard FileManager.default.fileExists(atPath: tsvPath), name != "pcap2har-empty.pcap" else { continue }
            let (tsharkRequests, tsharkStatuses) = try tsharkView(tsvPath)
            let transactions = try ours(name)
            var ourRequests: [Request: Int] = [:]
            var ourStatuses: [Int: Int] = [:]
            for t in transactions {
                if !t.request.method.isEmpty {
                    ourRequests[Request(method: t.request.method, host: t.request.host, uri: t.request.target), default: 0] += 1
                }
                if let status = t.response?.status { ourStatuses[status, default: 0] += 1 }
            }
            let pinned = Self.tsharkDifferences[name] ?? ([], [], [:], "")
            #expect(subtract(ourRequests, tsharkRequests) == counted(pinned.oursOnly), "\(name): requests only sessionlint found")
            #expect(subtract(tsharkRequests, ourRequests) == counted(pinned.tsharkOnly), "\(name): requests only tshark found")
            #expect(subtract(ourStatuses, tsharkStatuses) == pinned.extraStatuses, "\(name): statuses only sessionlint reported")
            #expect(subtract(tsharkStatuses, ourStatuses).isEmpty, "\(name): statuses only tshark reported")
            compared += 1
        }
        #expect(compared >= 25)
    }

    @Test(.enabled(if: available, "../shared/corpus is absent"))
    func agreesWithZeekHTTPLog() throws {
        var compared = 0
        for name in Self.captures {
            let logPath = Self.directory.appendingPathComponent(name + ".zeek-http.log").path
            guard FileManager.default.fileExists(atPath: logPath) else { continue }
            let zeekRows = try zeekView(logPath)
            var ourRows: [String: Int] = [:]
            for t in try ours(name) {
                let row = t.request.method.isEmpty
                    ? "- - - \(t.response?.status ?? 0)"
                    : "\(t.request.method) \(t.request.host) \(t.request.target.removingPercentEncoding ?? t.request.target) \(t.response?.status ?? 0)"
                ourRows[row, default: 0] += 1
            }
            let pinned = Self.zeekDifferences[name] ?? ([], [], "")
            #expect(subtract(ourRows, zeekRows) == counted(pinned.oursOnly), "\(name): rows only sessionlint has")
            #expect(subtract(zeekRows, ourRows) == counted(pinned.zeekOnly), "\(name): rows only Zeek has")
            compared += 1
        }
        #expect(compared >= 8)
    }

    /// Zeek's capture of MSN scripts sent as `Content-Encoding: deflate` without the zlib header
    /// (raw deflate). tshark shows the decoded text of frames 12 and 23 (`-e http.file_data`)
    /// starting like this; sessionlint must read the same text to search it.
    @Test(.enabled(if: available, "../shared/corpus is absent"))
    func decodesRawDeflateBodiesAsTsharkDoes() throws {
        let scripts = try ours("zeek-http-missing-zlib-header.pcap").filter { $0.response?.fields.first("Content-Encoding") == "deflate" }
        #expect(scripts.count == 2)
        for script in scripts {
            let text = String(decoding: script.response?.textBody ?? [], as: UTF8.self)
            #expect(text.hasPrefix("\nvar _daprr=new Array('http://rad.msn.com/ADSAdClient31.dll?GetSAd=','http://a.rad.msn.com/ADSAdClient31.dll?GetSAd='"))
        }
    }

    @Test(.enabled(if: available, "../shared/corpus is absent"))
    func pinnedDifferencesStillExist() {
        // A pinned difference that no capture produces any more is stale: remove it.
        for name in Array(Self.tsharkDifferences.keys) + Array(Self.zeekDifferences.keys) {
            #expect(FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent(name).path), "\(name)")
        }
    }

    // MARK: - The peers' files

    /// tshark rows: one per frame that completes a message; several values joined by 0x1E.
    private func tsharkView(_ path: String) throws -> ([Request: Int], [Int: Int]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var requests: [Request: Int] = [:]
        var statuses: [Int: Int] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 7 else { continue }
            func values(_ index: Int) -> [String] { fields[index].isEmpty ? [] : fields[index].split(separator: "\u{1E}", omittingEmptySubsequences: false).map(String.init) }
            let methods = values(3), hosts = values(4), uris = values(5)
            for (index, method) in methods.enumerated() {
                let host = index < hosts.count ? hostWithoutPort(hosts[index]) : ""
                requests[Request(method: method, host: host, uri: index < uris.count ? uris[index] : ""), default: 0] += 1
            }
            for status in values(6) { statuses[Int(status) ?? -1, default: 0] += 1 }
        }
        return (requests, statuses)
    }

    private func zeekView(_ path: String) throws -> [String: Int] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var columns: [String] = []
        var rows: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#fields") { columns = line.split(separator: "\t").dropFirst().map(String.init); continue }
            if line.hasPrefix("#") { continue }
            let values = Dictionary(zip(columns, line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)), uniquingKeysWith: { a, _ in a })
            let method = values["method"] ?? "-"
            let host = method == "-" ? "-" : hostWithoutPort(values["host"] ?? "-")
            var uri = values["uri"] ?? "-"
            if uri == "(empty)" { uri = "" }
            let status = values["status_code"].flatMap { Int($0) } ?? 0
            let row = method == "-" ? "- - - \(status)" : "\(method) \(host) \(uri) \(status)"
            rows[row, default: 0] += 1
        }
        return rows
    }

    private func hostWithoutPort(_ host: String) -> String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[host.index(after: host.startIndex)..<close]).lowercased() }
        if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") { return String(host[..<colon]).lowercased() }
        return host.lowercased()
    }

    private func subtract<Key: Hashable>(_ a: [Key: Int], _ b: [Key: Int]) -> [Key: Int] {
        var result: [Key: Int] = [:]
        for (key, count) in a where count > (b[key] ?? 0) { result[key] = count - (b[key] ?? 0) }
        return result
    }

    private func counted<Key: Hashable>(_ keys: [Key]) -> [Key: Int] {
        keys.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}
