import Foundation
import SessionLintCore

/// The input formats sessionlint reads. Detected from content, never from the file name alone.
public enum InputKind: String, Sendable, CaseIterable {
    case har
    /// pcap or pcapng, read through libpcap.
    case pcap
    /// A web-server access log (nginx, Apache).
    case log
    /// Burp Suite's saved items: XML with each request and response as sent.
    case burp

    /// Recognises an input from its first bytes.
    public static func detect(prefix: some Collection<UInt8>, inputName: String) throws(InputError) -> InputKind {
        var bytes = Array(prefix)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let firstNonSpace = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if firstNonSpace == UInt8(ascii: "{") { return .har }
        if firstNonSpace == UInt8(ascii: "<"), BurpItemsSource.looksLikeBurpItems(bytes) { return .burp }
        if isCapture(bytes) { return .pcap }
        if let format = knownButUnsupported(bytes) {
            throw InputError(file: inputName, message: "this is \(format); sessionlint reads HAR files, pcap/pcapng captures, Burp items and access logs")
        }
        if bytes.isEmpty {
            throw InputError(file: inputName, message: "the input is empty")
        }
        if looksLikeText(bytes) { return .log }
        throw InputError(file: inputName, message: "cannot tell what kind of input this is (expected a HAR file, a pcap/pcapng capture, Burp Suite's saved items or an access log); use --input-type to say")
    }

    /// pcap (both byte orders, micro- and nanosecond magic) and pcapng (section header block).
    static func isCapture(_ bytes: some Collection<UInt8>) -> Bool {
        let magic = bytes.prefix(4)
        return [[0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D], [0x0A, 0x0D, 0x0D, 0x0A]]
            .contains { magic.elementsEqual($0) }
    }

    /// Printable text with line breaks: what access logs are. Judged on the complete lines when
    /// there are any, so a log whose tail is damaged (a block of NULs after a crash) still counts.
    private static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        let lines = bytes.lastIndex(of: 0x0A).map { bytes[...$0] } ?? bytes[...]
        let printable = lines.filter { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 >= 0x80 }.count
        return printable * 100 >= lines.count * 95
    }

    private static func knownButUnsupported(_ bytes: [UInt8]) -> String? {
        if bytes.prefix(2).elementsEqual([0x1F, 0x8B]) { return "gzip-compressed data" }
        return nil
    }
}

/// How to read access logs: a format (preset name or format string) and the scheme to assume.
public struct LogReadingOptions: Sendable {
    public var format: String?
    public var assumedScheme: Scheme
    /// For JSON-lines logs other than Caddy's.
    public var jsonMapping: JSONLogMapping?

    public init(format: String? = nil, assumedScheme: Scheme = .unknown, jsonMapping: JSONLogMapping? = nil) {
        self.format = format
        self.assumedScheme = assumedScheme
        self.jsonMapping = jsonMapping
    }
}

/// A source that reports one warning (say, about decompression) before its own.
struct WarningPrefixedSource: TransactionSource {
    let base: any TransactionSource
    let warning: InputWarning?

    var inputName: String { base.inputName }

    func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
        if let warning { onWarning(warning) }
        try base.read(onTransaction: onTransaction, onWarning: onWarning)
    }
}
