import Foundation
import SessionLintCore
import SessionLintTLS

/// Opens an input of the given (or detected) kind as a transaction source. "-" is standard input.
/// Access logs and JSON-lines logs are read as they are parsed, from a file or standard input,
/// compressed or not, so their size does not matter; a `.gz` capture is decompressed into a
/// temporary file for libpcap; a HAR file is parsed whole and must fit in `documentBytes`; a
/// `.gz` input stops at `decompressedBytes`, with a warning.
public enum InputOpener {
    /// How much of an input is read to recognise it.
    static let headLength = 64 * 1024

    /// `keyLog` decrypts the TLS connections of captures.
    public static func open(path: String, kind requested: InputKind?, logs: LogReadingOptions = LogReadingOptions(),
                            limits: Limits = Limits(), keyLog: KeyLog = KeyLog()) throws(InputError) -> any TransactionSource {
        let name = path == "-" ? "stdin" : path
        let head = path == "-" ? try readStandardInputHead() : try read(path, upTo: headLength)
        let input = path == "-" ? Input(head: head, bytes: .standardInput(head: head), path: nil)
                                : Input(head: head, bytes: .file(path: path), path: path)
        guard Gzip.isCompressed(input.head) else {
            return try source(kind: try kind(requested, head: input.head, name: name), input: input, name: name, logs: logs, limits: limits, keyLog: keyLog)
        }
        // A `.gz` input: recognised from its decompressed beginning, then decompressed as it is read.
        let opening = Inflate.decode(input.head, wrapping: .gzip, limit: min(headLength, limits.decompressedBytes))
        guard !opening.output.isEmpty else {
            let damage = opening.damage.map { $0 == .endsEarly ? "the gzip data ends early" : $0.describe(format: "gzip") }
            throw InputError(file: name, message: damage ?? "the gzip data holds nothing")
        }
        let plain = Input(head: Data(opening.output), bytes: .gzip(input.bytes, limit: limits.decompressedBytes), path: nil)
        let kind = try kind(requested, head: plain.head, name: name)
        return try source(kind: kind, input: plain, name: name, logs: logs, limits: limits, keyLog: keyLog)
    }

    /// libpcap reads files, not streams: a compressed capture or one on standard input is copied
    /// into a temporary file first, a chunk at a time, and read from there.
    private static func spooledCapture(_ bytes: InputBytes, name: String, limits: Limits, keyLog: KeyLog) throws(InputError) -> any TransactionSource {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("sessionlint-\(UUID().uuidString).pcap")
        // Only the user may read it: it holds their traffic.
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: temporary.path) else {
            throw InputError(file: name, message: "cannot create a temporary file for libpcap to read (\(temporary.deletingLastPathComponent().path))")
        }
        defer { try? output.close() }
        let reader = try ChunkReader(bytes, name: name)
        do {
            while let chunk = try reader.next() { try output.write(contentsOf: chunk) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw (error as? InputError) ?? InputError(file: name, message: "cannot copy to a temporary file: \(readableReason(error))")
        }
        let warning = reader.note.map { InputWarning(provenance: Provenance(input: name, location: .whole), message: $0) }
        return WarningPrefixedSource(base: PcapSource(inputName: name, path: temporary.path, removeAfterReading: true, limits: limits, keyLog: keyLog), warning: warning)
    }

    /// An input as far as it has been read to recognise it, and where all of it comes from.
    private struct Input {
        /// The plain (decompressed) beginning.
        let head: Data
        /// All of it, read in chunks: the file from its start, standard input after the head,
        /// decompressed as it is read when compressed.
        let bytes: InputBytes
        /// The file, when it can be handed to libpcap as it is.
        let path: String?

        /// All of it, for the sources that parse a document whole; at most `limit` bytes.
        func whole(limit: Int, name: String) throws(InputError) -> Data {
            if path != nil, head.count < InputOpener.headLength, head.count <= limit { return head }
            let reader = try ChunkReader(bytes, name: name)
            let document = try InputOpener.readWhole(reader, limit: limit, name: name, limitName: "document-bytes")
            // Decompression stopped early (damage, its own limit): half a document cannot be parsed.
            if let stop = reader.gzipStop { throw InputError(file: name, message: "\(stop.reason); a HAR file is read whole") }
            return document
        }
    }

    private static func source(kind: InputKind, input: Input, name: String, logs: LogReadingOptions, limits: Limits, keyLog: KeyLog) throws(InputError) -> any TransactionSource {
        switch kind {
        case .har:
            // A file of JSON lines also starts with "{": an access log, not a HAR.
            if let mapping = jsonMapping(for: input.head, logs: logs) {
                return JSONLogSource(inputName: name, bytes: input.bytes, mapping: mapping, assumedScheme: logs.assumedScheme, limits: limits)
            }
            if JSONLogSource.looksLikeJSONLines(input.head) {
                throw InputError(file: name, message: "a JSON-lines log, but its fields are not Caddy's, Traefik's or nginx variable names (request, http_cookie …): "
                    + "name them with json-log-fields in the configuration (README: Access logs), or pass the nginx log_format with --log-format")
            }
            return HARSource(inputName: name, data: try input.whole(limit: limits.documentBytes, name: name), limits: limits)
        case .burp:
            return BurpItemsSource(inputName: name, data: try input.whole(limit: limits.documentBytes, name: name), limits: limits)
        case .pcap:
            guard let path = input.path else { return try spooledCapture(input.bytes, name: name, limits: limits, keyLog: keyLog) }
            return PcapSource(inputName: name, path: path, limits: limits, keyLog: keyLog)
        case .log:
            if logs.format == "w3c" || (logs.format == nil && W3CLogSource.looksLikeW3CLog(input.head)) {
                return W3CLogSource(inputName: name, bytes: input.bytes, assumedScheme: logs.assumedScheme, limits: limits)
            }
            if logs.format.map(LogPresets.jsonPresets.contains) ?? true, let mapping = jsonMapping(for: input.head, logs: logs) {
                return JSONLogSource(inputName: name, bytes: input.bytes, mapping: mapping, assumedScheme: logs.assumedScheme, limits: limits)
            }
            return AccessLogSource(inputName: name, bytes: input.bytes, format: try logFormat(logs), assumedScheme: logs.assumedScheme, limits: limits)
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

    static func read(_ path: String, upTo limit: Int?) throws(InputError) -> Data {
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            return try (limit.map { try handle.read(upToCount: $0) } ?? handle.readToEnd()) ?? Data()
        } catch {
            throw InputError(file: path, message: "cannot read: \(readableReason(error))")
        }
    }

    /// The beginning of standard input, to recognise it; the rest is read as the source needs it.
    private static func readStandardInputHead() throws(InputError) -> Data {
        var head = Data()
        do {
            while head.count < headLength, let chunk = try FileHandle.standardInput.read(upToCount: headLength - head.count), !chunk.isEmpty {
                head.append(chunk)
            }
        } catch {
            throw InputError(file: "stdin", message: "cannot read: \(readableReason(error))")
        }
        return head
    }

    /// Everything a reader gives, failing beyond `limit` bytes with the limit's name.
    fileprivate static func readWhole(_ reader: ChunkReader, limit: Int, name: String, limitName: String) throws(InputError) -> Data {
        var data = Data()
        while let chunk = try reader.next() {
            data.append(chunk)
            if data.count > limit {
                throw InputError(file: name, message: "is larger than the \(limitName) limit (\(Limits.describe(limit, unit: .bytes))) for inputs parsed whole; "
                                 + "raise it with --limit \(limitName)=SIZE")
            }
        }
        return data
    }

    /// The JSON-lines mapping that fits the data (the configured one, else Caddy's, Traefik's or
    /// nginx variable names as keys), if any.
    private static func jsonMapping(for data: Data, logs: LogReadingOptions) -> JSONLogMapping? {
        if let format = logs.format, let preset = JSONLogMapping.preset(named: format) { return preset }
        if logs.format == "json" { return logs.jsonMapping ?? .caddy }
        for mapping in [logs.jsonMapping, .caddy, .traefik, .nginxVariables].compactMap({ $0 }) where JSONLogSource.looksLikeJSONLog(data, mapping: mapping) {
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
