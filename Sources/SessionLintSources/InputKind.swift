import Foundation
import SessionLintCore

/// The input formats sessionlint reads. Detected from content, never from the file name alone.
public enum InputKind: String, Sendable, CaseIterable {
    case har
    /// pcap or pcapng, read through libpcap.
    case pcap
    /// A web-server access log (nginx, Apache).
    case log

    /// Recognises an input from its first bytes.
    public static func detect(prefix: some Collection<UInt8>, inputName: String) throws(InputError) -> InputKind {
        var bytes = Array(prefix)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let firstNonSpace = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if firstNonSpace == UInt8(ascii: "{") { return .har }
        if isCapture(bytes) { return .pcap }
        if let format = knownButUnsupported(bytes) {
            throw InputError(file: inputName, message: "this is \(format); sessionlint reads HAR files and pcap/pcapng captures")
        }
        if bytes.isEmpty {
            throw InputError(file: inputName, message: "the input is empty")
        }
        if looksLikeText(bytes) { return .log }
        throw InputError(file: inputName, message: "cannot tell what kind of input this is (expected a HAR file, a pcap/pcapng capture or an access log); use --input-type to say")
    }

    /// pcap (both byte orders, micro- and nanosecond magic) and pcapng (section header block).
    static func isCapture(_ bytes: some Collection<UInt8>) -> Bool {
        let magic = bytes.prefix(4)
        return [[0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D], [0x0A, 0x0D, 0x0D, 0x0A]]
            .contains { magic.elementsEqual($0) }
    }

    /// Printable text with line breaks: what access logs are.
    private static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        let printable = bytes.filter { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 >= 0x80 }.count
        return printable * 100 >= bytes.count * 95
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

/// Opens an input of the given (or detected) kind as a transaction source. "-" is standard input.
public enum InputOpener {
    private static func isCapture(_ data: Data) -> Bool { InputKind.isCapture(data.prefix(4)) }

    /// How much of a file is read to recognise it. Access logs and captures are then read from
    /// the file as they are parsed; HAR files, JSON logs and `.gz` inputs are read whole.
    static let headLength = 64 * 1024

    public static func open(path: String, kind requested: InputKind?, logs: LogReadingOptions = LogReadingOptions()) throws(InputError) -> any TransactionSource {
        let name = path == "-" ? "stdin" : path
        let input: Input
        if path == "-" {
            input = Input(head: FileHandle.standardInput.readDataToEndOfFile(), path: nil)
        } else {
            input = Input(head: try read(path, upTo: headLength), path: path)
        }
        var data = input.head
        var decompressionWarning: InputWarning?
        let wasCompressed = Gzip.isCompressed(data)
        if wasCompressed {
            let (plain, damage) = Gzip.decompress(try input.whole())
            guard !plain.isEmpty || damage == nil else { throw InputError(file: name, message: damage ?? "empty gzip data") }
            if let damage { decompressionWarning = InputWarning(provenance: Provenance(input: name, location: .whole), message: damage + "; what came before was read") }
            data = plain
            guard !isCapture(data) else {
                // libpcap reads files, not memory: hand it the decompressed bytes in a temporary file.
                let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("sessionlint-\(UUID().uuidString).pcap")
                do { try data.write(to: temporary) } catch { throw InputError(file: name, message: "cannot decompress to a temporary file") }
                return WarningPrefixedSource(base: PcapSource(inputName: name, path: temporary.path, removeAfterReading: true), warning: decompressionWarning)
            }
        }
        let whole = wasCompressed ? Input(head: data, path: nil) : input
        let kind: InputKind
        if let requested { kind = requested } else { kind = try InputKind.detect(prefix: data.prefix(512), inputName: name) }
        let source = try source(kind: kind, input: whole, name: name, logs: logs)
        return decompressionWarning.map { WarningPrefixedSource(base: source, warning: $0) } ?? source
    }

    /// An input as far as it has been read: all of it (standard input, decompressed data, a
    /// short file), or the head of a file whose rest is read when a source needs it.
    private struct Input {
        let head: Data
        /// The file, when `head` may not be all of it.
        let path: String?

        var isWhole: Bool { path == nil || head.count < InputOpener.headLength }

        func whole() throws(InputError) -> Data {
            guard !isWhole, let path else { return head }
            return try InputOpener.read(path, upTo: nil)
        }

        /// Lines come from the file in chunks when there is one, so memory stays flat.
        var logBytes: LogBytes { path.map { .file(path: $0) } ?? .memory(head) }
    }

    private static func read(_ path: String, upTo limit: Int?) throws(InputError) -> Data {
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            return try (limit.map { try handle.read(upToCount: $0) } ?? handle.readToEnd()) ?? Data()
        } catch {
            throw InputError(file: path, message: "cannot read: \(readableReason(error))")
        }
    }

    private static func source(kind: InputKind, input: Input, name: String, logs: LogReadingOptions) throws(InputError) -> any TransactionSource {
        switch kind {
        case .har:
            // A file of JSON lines also starts with "{": an access log, not a HAR.
            if let mapping = jsonMapping(for: input.head, logs: logs) {
                return JSONLogSource(inputName: name, data: try input.whole(), mapping: mapping, assumedScheme: logs.assumedScheme)
            }
            return HARSource(inputName: name, data: try input.whole())
        case .pcap:
            guard let path = input.path else {
                throw InputError(file: name, message: "captures cannot be read from standard input; give the file")
            }
            return PcapSource(inputName: name, path: path)
        case .log:
            if logs.format == nil, let mapping = jsonMapping(for: input.head, logs: logs) {
                return JSONLogSource(inputName: name, data: try input.whole(), mapping: mapping, assumedScheme: logs.assumedScheme)
            }
            var format: LogFormat?
            if let text = logs.format {
                do {
                    format = try LogFormat(parsing: LogPresets.format(named: text) ?? text)
                } catch {
                    throw InputError(file: "--log-format", message: error.message)
                }
            }
            return AccessLogSource(inputName: name, bytes: input.logBytes, format: format, assumedScheme: logs.assumedScheme)
        }
    }

    /// The JSON-lines mapping that fits the data (the configured one, else Caddy's), if any.
    private static func jsonMapping(for data: Data, logs: LogReadingOptions) -> JSONLogMapping? {
        if logs.format == "caddy" || logs.format == "json" { return logs.jsonMapping ?? .caddy }
        for mapping in [logs.jsonMapping, .caddy].compactMap({ $0 }) where JSONLogSource.looksLikeJSONLog(data, mapping: mapping) {
            return mapping
        }
        return nil
    }

    private static func readableReason(_ error: Error) -> String {
        let nsError = error as NSError
        let posix = nsError.domain == NSPOSIXErrorDomain ? nsError
            : (nsError.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0 : nil }
        switch posix.map({ Int32($0.code) }) {
        case ENOENT?: return "no such file"
        case EACCES?: return "permission denied"
        case EISDIR?: return "it is a directory"
        case let code?: return String(cString: strerror(code))
        case nil: break
        }
        switch nsError.code {
        case NSFileReadNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError: return "permission denied"
        default: return nsError.localizedDescription
        }
    }
}

/// A source that reports one warning (say, about decompression) before its own.
struct WarningPrefixedSource: TransactionSource {
    let base: any TransactionSource
    let warning: InputWarning?

    var inputName: String { base.inputName }

    func read(onTransaction: (HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
        if let warning { onWarning(warning) }
        try base.read(onTransaction: onTransaction, onWarning: onWarning)
    }
}
