import Foundation

/// One parser driven by arbitrary bytes, as libFuzzer hands them over. The harnesses live in the
/// main package so they compile with every build (no bit rot) and the test suite replays their
/// seeds and every crash ever found (`Fuzz/Regressions`); `Fuzz/` links them with libFuzzer.
/// A harness may reject nothing: whatever the bytes, the parser must return or report an error.
public struct FuzzTarget: Sendable {
    public let name: String
    /// What the harness drives, for `scripts/fuzz --list` and the README.
    public let summary: String
    public let run: @Sendable (UnsafeRawBufferPointer) -> Void
    /// Starting inputs: built in code, or read from the examples and the shared corpus.
    public let seeds: @Sendable (Seeds) -> [[UInt8]]

    public static let all: [FuzzTarget] = [
        FuzzTarget(name: "cookies", summary: "Set-Cookie and Cookie header parsers, cookie dates, the session-cookie classifier",
                   run: CookieHarness.run, seeds: { $0.setCookieHeaders() }),
        FuzzTarget(name: "http1", summary: "the HTTP/1 parser (requests and responses, chunking, bodies, gaps, tunnels)",
                   run: HTTP1Harness.run, seeds: { _ in HTTP1Harness.seeds() }),
        FuzzTarget(name: "pcap-file", summary: "a whole capture file: libpcap records, packet decoders, TCP reassembly, HTTP",
                   run: CaptureHarness.runFile, seeds: { $0.files(in: ["examples", "../shared/corpus/pcap"], endingIn: [".pcap", ".pcapng"], atMost: 256 << 10) }),
        FuzzTarget(name: "packets", summary: "the packet decoders (every link type, VLAN, tunnels, IPv4/IPv6 fragments) on frames",
                   run: CaptureHarness.runFrames, seeds: { _ in CaptureHarness.frameSeeds() }),
        FuzzTarget(name: "tcp-streams", summary: "the TCP reassembler and HTTP on scripted segments: reordered, overlapping, lost",
                   run: TCPStreamHarness.run, seeds: { _ in TCPStreamHarness.seeds() }),
        FuzzTarget(name: "har", summary: "the HAR reader (JSON, entries, headers, dates)",
                   run: HARHarness.run, seeds: { $0.files(in: ["examples", "../shared/corpus/har"], endingIn: [".har"], atMost: 512 << 10) }),
        FuzzTarget(name: "burp", summary: "Burp Suite's saved items (the XML reader, base64, raw messages, Java dates)",
                   run: BurpHarness.run, seeds: { $0.files(in: ["examples"], endingIn: ["-burp.xml"], atMost: 512 << 10) + BurpHarness.seeds() }),
        FuzzTarget(name: "log-format", summary: "nginx and Apache log format strings",
                   run: LogHarness.runFormat, seeds: { _ in LogHarness.formatSeeds() }),
        FuzzTarget(name: "log-lines", summary: "access log lines in every preset, format detection, JSON lines",
                   run: LogHarness.runLines, seeds: { LogHarness.lineSeeds($0) }),
        FuzzTarget(name: "gzip-log", summary: "a .gz log decompressed as it is read (members, damage, a cut)",
                   run: LogHarness.runGzip, seeds: { _ in LogHarness.gzipSeeds() }),
        FuzzTarget(name: "tokens", summary: "the token decoder and session ID analysis on a population of values",
                   run: TokenHarness.run, seeds: { _ in TokenHarness.seeds() }),
        FuzzTarget(name: "tls-capture", summary: "a capture with TLS read with real key logs: records, hellos, TLS 1.2 and 1.3 decryption, HTTP/2",
                   run: TLSHarness.runCapture, seeds: { $0.files(in: ["examples/https"], endingIn: [".pcap"], atMost: 64 << 10)
                       + $0.files(in: ["../shared/corpus/pcap"], endingIn: ["tls13-capture.pcap", "auth.pcap", "SHA256.pcap", "http2-dump.pcap"], atMost: 128 << 10) }),
        FuzzTarget(name: "tls-records", summary: "one TLS connection scripted chunk by chunk: framing, SSL 2 and TLS hellos, key changes, record opening",
                   run: TLSHarness.runRecords, seeds: { TLSHarness.recordSeeds($0) }),
        FuzzTarget(name: "http2", summary: "one cleartext HTTP/2 connection: frames, CONTINUATION, PUSH_PROMISE, HPACK, streams",
                   run: TLSHarness.runHTTP2, seeds: { TLSHarness.http2Seeds($0) }),
        FuzzTarget(name: "hpack", summary: "HPACK header blocks through one decoder: indexes, Huffman strings, table size updates",
                   run: TLSHarness.runHPACK, seeds: { _ in TLSHarness.hpackSeeds() }),
        FuzzTarget(name: "scan", summary: "a whole scan of a HAR file: rules, timelines, tokens and every reporter",
                   run: ScanHarness.run, seeds: { $0.files(in: ["examples"], endingIn: [".har"], atMost: 512 << 10) }),
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Reads structured choices off the front of a fuzz input, so one input can script a sequence
/// of operations; every read succeeds (zeros once the bytes run out).
struct FuzzInput {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) { bytes = Array(buffer) }

    var isEmpty: Bool { offset >= bytes.count }

    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16() -> UInt16 { UInt16(byte()) << 8 | UInt16(byte()) }

    mutating func uint32() -> UInt32 { UInt32(uint16()) << 16 | UInt32(uint16()) }

    /// Up to `count` bytes (fewer at the end).
    mutating func take(_ count: Int) -> [UInt8] {
        let end = min(bytes.count, offset + max(0, count))
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    mutating func rest() -> [UInt8] { take(bytes.count - offset) }
}

/// A scratch file for the readers that take a path (libpcap, the scan), removed after use. Named
/// uniquely: the test suite runs harnesses in parallel in one process.
enum ScratchFile {
    static func with(_ bytes: some Collection<UInt8>, suffix: String, _ body: (String) -> Void) {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(directory)/sessionlint-fuzz-\(getpid())-\(UUID().uuidString)\(suffix)"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))  // a failure shows as an unreadable input
        defer { try? FileManager.default.removeItem(atPath: path) }
        body(path)
    }
}

/// Where seed files come from: the repository's examples and the shared corpus beside it.
public struct Seeds: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// Files under the given directories (relative to the repository) with one of the endings,
    /// cut to `atMost` bytes (libFuzzer works best on small inputs; a cut file is still a seed).
    func files(in directories: [String], endingIn endings: [String], atMost limit: Int) -> [[UInt8]] {
        directories.flatMap { directory -> [[UInt8]] in
            let folder = root.appendingPathComponent(directory)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.sorted().filter { name in endings.contains { name.hasSuffix($0) } }.compactMap { name in
                (try? Data(contentsOf: folder.appendingPathComponent(name))).map { Array($0.prefix(limit)) }
            }
        }
    }

    /// The Set-Cookie and Cookie header values of the example HAR files.
    func setCookieHeaders() -> [[UInt8]] {
        guard let header = try? NSRegularExpression(pattern: #"(?i)"name":\s*"(?:set-)?cookie",\s*"value":\s*"((?:[^"\\]|\\.)*)""#) else { return [] }
        var values = Set<String>()
        for file in files(in: ["examples"], endingIn: [".har"], atMost: 4 << 20) {
            let text = String(decoding: file, as: UTF8.self)
            for match in header.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { values.insert(String(text[range])) }
            }
        }
        return values.sorted().prefix(300).map { Array($0.utf8) }
    }
}
