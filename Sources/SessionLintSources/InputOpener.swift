import Foundation
import SessionLintCore

/// Opens an input of the given (or detected) kind as a transaction source. "-" is standard input.
/// Within `limits`: access logs and JSON-lines logs are read from the file as they are parsed,
/// compressed or not, so their size does not matter; a `.gz` capture is decompressed into a
/// temporary file for libpcap; what is parsed whole (HAR files, standard input) must fit in
/// `documentBytes`; a `.gz` input stops at `decompressedBytes`, with a warning.
public enum InputOpener {
    /// How much of a file is read to recognise it.
    static let headLength = 64 * 1024

    public static func open(path: String, kind requested: InputKind?, logs: LogReadingOptions = LogReadingOptions(),
                            limits: Limits = Limits()) throws(InputError) -> any TransactionSource {
        let name = path == "-" ? "stdin" : path
        let input: Input
        if path == "-" {
            input = Input(head: try readStandardInput(limit: limits.documentBytes), path: nil)
        } else {
            input = Input(head: try read(path, upTo: headLength), path: path)
        }
        guard Gzip.isCompressed(input.head) else {
            let kind = try kind(requested, head: input.head, name: name)
            return try source(kind: kind, input: input, name: name, logs: logs, limits: limits)
        }
        return try openCompressed(input, name: name, kind: requested, logs: logs, limits: limits)
    }

    /// A `.gz` input: recognised from its decompressed beginning, then read as its kind needs.
    private static func openCompressed(_ input: Input, name: String, kind requested: InputKind?, logs: LogReadingOptions,
                                       limits: Limits) throws(InputError) -> any TransactionSource {
        let opening = Inflate.decode(input.head, wrapping: .gzip, limit: min(headLength, limits.decompressedBytes))
        guard !opening.output.isEmpty else {
            let damage = opening.damage.map { $0 == .endsEarly ? "the gzip data ends early" : $0.describe(format: "gzip") }
            throw InputError(file: name, message: damage ?? "the gzip data holds nothing")
        }
        let head = Data(opening.output)
        let kind = try kind(requested, head: head, name: name)
        guard let path = input.path else {
            // Standard input is in memory already: decompress it there, within the document bound.
            let whole = Inflate.decode(input.head, wrapping: .gzip, limit: min(limits.documentBytes, limits.decompressedBytes))
            let plain = Input(head: Data(whole.output), path: nil)
            let note = whole.reachedLimit ? "decompressing stopped at the \(limits.documentBytes <= limits.decompressedBytes ? limits.describe("document-bytes") : limits.describe("decompressed-bytes")) limit; the rest was not read"
                : whole.damage.map { ($0 == .endsEarly ? "the gzip data ends early" : $0.describe(format: "gzip")) + "; what came before was read" }
            let source = try self.source(kind: kind, input: plain, name: name, logs: logs, limits: limits)
            return WarningPrefixedSource(base: source, warning: note.map { InputWarning(provenance: Provenance(input: name, location: .whole), message: $0) })
        }
        switch kind {
        case .pcap:
            // libpcap reads files, not streams: decompress into a temporary file, a chunk at a time.
            return try decompressedCapture(path: path, name: name, limits: limits)
        case .log:
            let bytes = LogBytes.gzipFile(path: path, limit: limits.decompressedBytes)
            if logs.format == nil, let mapping = jsonMapping(for: head, logs: logs) {
                return JSONLogSource(inputName: name, bytes: bytes, mapping: mapping, assumedScheme: logs.assumedScheme, limits: limits)
            }
            return AccessLogSource(inputName: name, bytes: bytes, format: try logFormat(logs), assumedScheme: logs.assumedScheme, limits: limits)
        case .har:
            if let mapping = jsonMapping(for: head, logs: logs) {
                return JSONLogSource(inputName: name, bytes: .gzipFile(path: path, limit: limits.decompressedBytes), mapping: mapping,
                                     assumedScheme: logs.assumedScheme, limits: limits)
            }
            let bound = min(limits.documentBytes, limits.decompressedBytes)
            let whole = Inflate.decode(try input.whole(limit: limits.documentBytes, name: name), wrapping: .gzip, limit: bound)
            guard !whole.reachedLimit else {
                throw InputError(file: name, message: "decompresses to more than \(bound == limits.documentBytes ? limits.describe("document-bytes") : limits.describe("decompressed-bytes")), "
                                 + "which a HAR file must fit in to be parsed; raise it with --limit")
            }
            let source = HARSource(inputName: name, data: Data(whole.output), limits: limits)
            let note = whole.damage.map { ($0 == .endsEarly ? "the gzip data ends early" : $0.describe(format: "gzip")) + "; what came before was read" }
            return WarningPrefixedSource(base: source, warning: note.map { InputWarning(provenance: Provenance(input: name, location: .whole), message: $0) })
        }
    }

    private static func decompressedCapture(path: String, name: String, limits: Limits) throws(InputError) -> any TransactionSource {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("sessionlint-\(UUID().uuidString).pcap")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil), let output = FileHandle(forWritingAtPath: temporary.path) else {
            throw InputError(file: name, message: "cannot create a temporary file to decompress into (\(temporary.deletingLastPathComponent().path))")
        }
        defer { try? output.close() }
        let stream = try GzipFileStream(path: path, name: name, limit: limits.decompressedBytes)
        do {
            while let chunk = try stream.next() { try output.write(contentsOf: chunk) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw (error as? InputError) ?? InputError(file: name, message: "cannot decompress to a temporary file: \(readableReason(error))")
        }
        let warning = stream.note.map { InputWarning(provenance: Provenance(input: name, location: .whole), message: $0) }
        return WarningPrefixedSource(base: PcapSource(inputName: name, path: temporary.path, removeAfterReading: true, limits: limits), warning: warning)
    }

    /// An input as far as it has been read: all of it (standard input, a short file), or the head
    /// of a file whose rest is read when a source needs it.
    private struct Input {
        let head: Data
        /// The file, when `head` may not be all of it.
        let path: String?

        var isWhole: Bool { path == nil || head.count < InputOpener.headLength }

        /// All of it, for the sources that parse a document whole; at most `limit` bytes.
        func whole(limit: Int, name: String) throws(InputError) -> Data {
            guard !isWhole, let path else { return head }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= limit else {
                throw InputError(file: name, message: "is \(size) bytes, more than the document-bytes limit (\(Limits.describe(limit, unit: .bytes))) for inputs parsed whole; "
                                 + "raise it with --limit document-bytes=SIZE")
            }
            return try InputOpener.read(path, upTo: limit)
        }

        /// Lines come from the file in chunks when there is one, so memory stays flat.
        var logBytes: LogBytes { path.map { .file(path: $0) } ?? .memory(head) }
    }

    private static func source(kind: InputKind, input: Input, name: String, logs: LogReadingOptions, limits: Limits) throws(InputError) -> any TransactionSource {
        switch kind {
        case .har:
            // A file of JSON lines also starts with "{": an access log, not a HAR.
            if let mapping = jsonMapping(for: input.head, logs: logs) {
                return JSONLogSource(inputName: name, bytes: input.logBytes, mapping: mapping, assumedScheme: logs.assumedScheme, limits: limits)
            }
            return HARSource(inputName: name, data: try input.whole(limit: limits.documentBytes, name: name), limits: limits)
        case .pcap:
            guard let path = input.path else {
                throw InputError(file: name, message: "captures cannot be read from standard input; give the file")
            }
            return PcapSource(inputName: name, path: path, limits: limits)
        case .log:
            if logs.format == nil, let mapping = jsonMapping(for: input.head, logs: logs) {
                return JSONLogSource(inputName: name, bytes: input.logBytes, mapping: mapping, assumedScheme: logs.assumedScheme, limits: limits)
            }
            return AccessLogSource(inputName: name, bytes: input.logBytes, format: try logFormat(logs), assumedScheme: logs.assumedScheme, limits: limits)
        }
    }

    private static func kind(_ requested: InputKind?, head: Data, name: String) throws(InputError) -> InputKind {
        if let requested { return requested }
        return try InputKind.detect(prefix: head.prefix(512), inputName: name)
    }

    /// The format `--log-format` names, if any (nil: detected from the lines).
    private static func logFormat(_ logs: LogReadingOptions) throws(InputError) -> LogFormat? {
        guard let text = logs.format else { return nil }
        do {
            return try LogFormat(parsing: LogPresets.format(named: text) ?? text)
        } catch {
            throw InputError(file: "--log-format", message: error.message)
        }
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

    /// Standard input, whole (it cannot be read twice), within `limit`.
    private static func readStandardInput(limit: Int) throws(InputError) -> Data {
        var data = Data()
        while let chunk = try? FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            data.append(chunk)
            if data.count > limit {
                throw InputError(file: "stdin", message: "is longer than the document-bytes limit (\(Limits.describe(limit, unit: .bytes))) for standard input; "
                                 + "give the file instead, or raise it with --limit document-bytes=SIZE")
            }
        }
        return data
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
