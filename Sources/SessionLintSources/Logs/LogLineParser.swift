import Foundation
import SessionLintCore

/// Matches access-log lines against a parsed format, byte by byte and without a regex engine:
/// literals must match exactly; a field runs to the next literal that is not escaped.
struct LogLineParser: Sendable {
    let format: LogFormat
    private let fieldCount: Int
    /// Per token: whether it is the local time (bracketed in Apache logs), decided once rather
    /// than by comparing enum payloads on every field of every line.
    private let isTimeLocal: [Bool]

    init(format: LogFormat) {
        self.format = format
        self.fieldCount = format.fields.count
        self.isTimeLocal = format.tokens.map { token in
            if case .field(.timeLocal) = token { return true }
            return false
        }
    }

    /// The values of a line's fields in the format's field order (unescaped; "-" becomes
    /// empty), or nil when it does not match.
    func parse(_ line: ArraySlice<UInt8>) -> [String]? {
        var values: [String] = []
        values.reserveCapacity(fieldCount)
        var position = line.startIndex
        let tokens = format.tokens
        for (index, token) in tokens.enumerated() {
            switch token {
            case .literal(let literal):
                guard line[position...].starts(with: literal) else { return nil }
                position += literal.count
            case .field(let field):
                let end: Int
                let isTime = isTimeLocal[index]
                if isTime, format.syntax == .apache, position < line.endIndex, line[position] == UInt8(ascii: "[") {
                    guard let close = line[position...].firstIndex(of: UInt8(ascii: "]")) else { return nil }
                    end = close + 1
                } else if index + 1 < tokens.count, case .literal(let next) = tokens[index + 1] {
                    guard let found = find(next, in: line, from: position) else { return nil }
                    end = found
                } else {
                    // A last unquoted field is one word: what follows must be only whitespace.
                    end = line[position...].firstIndex { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } ?? line.endIndex
                }
                var value = unescape(line[position..<end])
                if isTime, value.hasPrefix("["), value.hasSuffix("]") { value = String(value.dropFirst().dropLast()) }
                if value == "-" { value = "" }
                guard Self.isPlausible(field, value) else { return nil }
                values.append(value)
                position = end
            }
        }
        // Only line-end whitespace may remain.
        guard line[position...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { return nil }
        return values
    }

    /// Typed fields must look like their type: this tells apart formats of the same shape
    /// (nginx's "$scheme $host" and Apache's "%v %p") and rejects lines that only match by
    /// accident.
    static func isPlausible(_ field: LogField, _ value: String) -> Bool {
        guard !value.isEmpty else { return true }
        let bytes = value.utf8
        let digits = { bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        switch field {
        case .scheme: return value.equalsIgnoringASCIICase("http") || value.equalsIgnoringASCIICase("https")
        case .serverPort: return bytes.count <= 5 && digits()
        case .status: return bytes.count == 3 && digits()
        case .clientAddress: return !bytes.contains(0x20)
        case .timeLocal: return LogTransactionBuilder.parseTimeLocal(value) != nil  // cheap: fixed positions
        case .protocolVersion: return value.hasPrefix("HTTP/")
        default: return true
        }
    }

    /// The next occurrence of `literal` at or after `start` that is not part of an escape.
    private func find(_ literal: [UInt8], in line: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard let first = literal.first else { return start }
        var index = start
        let escapes = format.escaping != .none
        while index < line.endIndex {
            let byte = line[index]
            if escapes, byte == UInt8(ascii: "\\") { index += 2; continue }
            if byte == first, line[index...].starts(with: literal) { return index }
            index += 1
        }
        return nil
    }

    /// Undoes the server's escaping: `\xHH`, `\"`, `\\`, `\n` (nginx default, Apache) or JSON
    /// escapes (nginx escape=json).
    private func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        guard format.escaping != .none, bytes.contains(UInt8(ascii: "\\")) else {
            return bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }  // the fast validating path
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.endIndex else { out.append(byte); index += 1; continue }
            let next = bytes[index + 1]
            switch next {
            case UInt8(ascii: "x") where index + 3 < bytes.endIndex:
                if let value = UInt8(String(decoding: bytes[(index + 2)...(index + 3)], as: UTF8.self), radix: 16) {
                    out.append(value)
                    index += 4
                    continue
                }
                out.append(byte); index += 1
            case UInt8(ascii: "u") where format.escaping == .json && index + 5 < bytes.endIndex:
                if let value = UInt32(String(decoding: bytes[(index + 2)...(index + 5)], as: UTF8.self), radix: 16),
                   let scalar = Unicode.Scalar(value) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    index += 6
                    continue
                }
                out.append(byte); index += 1
            case UInt8(ascii: "n"): out.append(0x0A); index += 2
            case UInt8(ascii: "t"): out.append(0x09); index += 2
            case UInt8(ascii: "r"): out.append(0x0D); index += 2
            default: out.append(next); index += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
