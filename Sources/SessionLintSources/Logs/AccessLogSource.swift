import Foundation
import SessionLintCore

/// Reads a web-server access log (nginx or Apache format strings, presets) into transactions,
/// line by line. Lines that do not match are counted and the first few reported; the scan goes
/// on. When nothing matches, the input is an error that shows the first line and the format.
public struct AccessLogSource: TransactionSource {
    public let inputName: String
    private let bytes: InputBytes
    private let format: LogFormat?
    private let assumedScheme: Scheme
    private let limits: Limits

    /// `format` nil: detect one of the presets from the first lines.
    public init(inputName: String, bytes: InputBytes, format: LogFormat?, assumedScheme: Scheme, limits: Limits = Limits()) {
        self.inputName = inputName
        self.bytes = bytes
        self.format = format
        self.assumedScheme = assumedScheme
        self.limits = limits
    }

    public init(inputName: String, data: Data, format: LogFormat?, assumedScheme: Scheme, limits: Limits = Limits()) {
        self.init(inputName: inputName, bytes: .memory(data), format: format, assumedScheme: assumedScheme, limits: limits)
    }

    static let reportedBadLines = 5

    public func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
        let format: LogFormat
        if let given = self.format {
            format = given
        } else {
            format = try detect(Self.lines(of: try ChunkReader.prefix(of: bytes, count: 256 * 1024, name: inputName), limit: 200))
        }
        let parser = LogLineParser(format: format)
        var builder = LogTransactionBuilder(inputName: inputName, assumedScheme: assumedScheme, format: format)
        var matched = MatchedLine()
        var matchedCount = 0, unmatched = 0
        var firstLine: String?

        var firstLineNumber: Int?
        var reader = LineReader(maxLineLength: limits.lineBytes)
        defer { LineReader.report(reader, limits: limits, input: inputName, onWarning) }
        try reader.forEachLine(of: bytes, name: inputName) { number, line, complete in
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { return }
            if firstLineNumber == nil { firstLineNumber = number }
            if firstLine == nil { firstLine = String(decoding: line.prefix(300), as: UTF8.self) }
            guard parser.match(line, into: &matched) else {
                if !complete {
                    onWarning(LineReader.incompleteLastLine(input: inputName, line: number))
                    return
                }
                unmatched += 1
                if unmatched <= Self.reportedBadLines {
                    onWarning(InputWarning(provenance: Provenance(input: inputName, location: .line(number: number)),
                                           message: "the line does not match the log format; skipped"))
                }
                return
            }
            matchedCount += 1
            onTransaction(builder.transaction(matched, number: number))
        }

        if matchedCount == 0, unmatched > 0 {
            throw InputError(file: inputName, place: .line(firstLineNumber ?? 1),
                             message: "no line matches the log format \(format.source)\n  first line: \(terminalSafe(firstLine ?? ""))")
        }
        if unmatched > 0 {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole),
                                   message: "\(unmatched) of \(matchedCount + unmatched) lines did not match the log format and were skipped"))
        }
        let fields = Set(format.fields)
        if matchedCount > 0, !fields.contains(.scheme), !fields.contains(.serverPort) {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole),
                                   message: assumedScheme == .unknown
                                       ? "the log does not record the scheme; cookies are judged as if the scheme were unknown (set --assume-scheme or assume-scheme)"
                                       : "the log does not record the scheme; \(assumedScheme.rawValue) was assumed"))
        }
        let logsSetCookie = fields.contains { if case .responseHeader(let name) = $0 { name.equalsIgnoringASCIICase("Set-Cookie") } else { false } }
        if matchedCount > 0, !logsSetCookie {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole),
                                   message: "the log format records no Set-Cookie header, so cookie attributes cannot be checked; log $sent_http_set_cookie (nginx) or %{Set-Cookie}o (Apache): see the sessionlint-nginx and sessionlint-apache presets"))
        } else if matchedCount > 0, format.syntax == .nginx {
            // Checked with nginx 1.22: $sent_http_set_cookie holds the first Set-Cookie header only.
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole),
                                   message: "nginx logs only the first Set-Cookie header of each response; cookies set after it in the same response are not in this log, so their attributes and rotations cannot be judged"))
        }
    }

    /// The first `limit` lines of bytes in memory, for format detection.
    static func lines(of data: Data, limit: Int) -> [(number: Int, bytes: ArraySlice<UInt8>, complete: Bool)] {
        var result: [(Int, ArraySlice<UInt8>, Bool)] = []
        var reader = LineReader()
        try? reader.forEachLine(of: .memory(data), name: "") { number, line, complete in
            if result.count < limit { result.append((number, ArraySlice(line), complete)) }
        }
        return result
    }

    /// The preset matching most of the first 50 lines.
    private func detect(_ lines: [(number: Int, bytes: ArraySlice<UInt8>, complete: Bool)]) throws(InputError) -> LogFormat {
        let sample = lines.lazy.filter { !$0.bytes.isEmpty }.prefix(50).map(\.bytes)
        var best: (format: LogFormat, matches: Int)?
        for preset in LogPresets.all {
            guard let format = try? LogFormat(parsing: preset.format) else { continue }
            let parser = LogLineParser(format: format)
            var matched = MatchedLine()
            let matches = sample.filter { line in line.withUnsafeBufferPointer { parser.match($0, into: &matched) } }.count
            if matches > (best?.matches ?? 0) { best = (format, matches) }
        }
        guard let best else {
            let first = lines.first { !$0.bytes.isEmpty }
            throw InputError(file: inputName, place: .line(first?.number ?? 1),
                             message: "no line matches a known access-log format; give it with --log-format (a preset: \(LogPresets.all.map(\.name).joined(separator: ", ")); or the nginx log_format or Apache LogFormat string)\n  first line: \(terminalSafe(String(decoding: (first?.bytes ?? []).prefix(300), as: UTF8.self)))")
        }
        return best.format
    }
}
