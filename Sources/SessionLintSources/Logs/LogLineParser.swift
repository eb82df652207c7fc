import Foundation
import SessionLintCore

/// Matches access-log lines against a parsed format, byte by byte and without a regex engine:
/// literals must match exactly; a field runs to the next literal that is not escaped.
///
/// A match does not copy the line: it records where each field's value lies (`MatchedLine`),
/// and only the fields a transaction is built from ever become strings. A day of logs is
/// millions of lines, and most of a line (sizes, timings, ignored fields) is never read.
struct LogLineParser: Sendable {
    let format: LogFormat
    /// The format as the matcher walks it, decided once: a line then costs plain reads, not
    /// copies of the tokens' payloads and lookups per field.
    private let steps: [Step]
    /// Every literal's bytes, one after another; steps refer to theirs by range.
    private let literals: [UInt8]
    private let escapes: Bool

    /// One literal to match, or one field to find the end of.
    private struct Step: Sendable {
        /// The literal that must come next; for a field, the literal after it, if any.
        var literal: Range<Int>
        var isField: Bool
        /// A field followed by a literal ends where that literal is; else it is the last word.
        var endsAtLiteral: Bool
        /// Also tells the local time apart: Apache brackets it, and a bracketed value runs to
        /// its "]".
        var check: Plausibility
    }

    /// What a field's value must look like; see `isPlausible`.
    enum Plausibility: Sendable {
        case any, scheme, port, status, address, timeLocal, protocolVersion
    }

    init(format: LogFormat) {
        self.format = format
        self.escapes = format.escaping != .none
        var literals: [UInt8] = []
        var ranges: [Range<Int>] = []
        for token in format.tokens {
            guard case .literal(let bytes) = token else { ranges.append(literals.count..<literals.count); continue }
            ranges.append(literals.count..<(literals.count + bytes.count))
            literals += bytes
        }
        var steps: [Step] = []
        for (index, token) in format.tokens.enumerated() {
            switch token {
            case .literal:
                steps.append(Step(literal: ranges[index], isField: false, endsAtLiteral: false, check: .any))
            case .field(let field):
                var next: Range<Int>?
                if index + 1 < format.tokens.count, case .literal = format.tokens[index + 1] { next = ranges[index + 1] }
                steps.append(Step(literal: next ?? 0..<0, isField: true, endsAtLiteral: next != nil, check: Self.plausibility(of: field)))
            }
        }
        self.steps = steps
        self.literals = literals
    }

    private static func plausibility(of field: LogField) -> Plausibility {
        switch field {
        case .scheme: .scheme
        case .serverPort: .port
        case .status: .status
        case .clientAddress: .address
        case .timeLocal: .timeLocal
        case .protocolVersion: .protocolVersion
        default: .any
        }
    }

    /// Whether the line matches; when it does, `matched` holds its fields' values in the
    /// format's field order (unescaped; "-" becomes empty). `matched` is reused from line to
    /// line so that matching allocates nothing once it has grown to the format's size.
    func match(_ line: UnsafeBufferPointer<UInt8>, into matched: inout MatchedLine) -> Bool {
        matched.reset(line)
        let apache = format.syntax == .apache
        // Most lines hold no backslash: one search of the line spares one per field and per
        // candidate literal.
        let escapes = escapes && Self.firstIndex(of: UInt8(ascii: "\\"), in: line, from: 0) != nil
        return steps.withUnsafeBufferPointer { steps in
            literals.withUnsafeBufferPointer { literals in
                var position = 0
                for step in steps {
                    let literal = UnsafeBufferPointer(rebasing: literals[step.literal])
                    guard step.isField else {
                        guard Self.starts(line, at: position, with: literal) else { return false }
                        position += literal.count
                        continue
                    }
                    let end: Int
                    let isTimeLocal = step.check == .timeLocal
                    if isTimeLocal, apache, position < line.count, line[position] == UInt8(ascii: "[") {
                        guard let close = Self.firstIndex(of: UInt8(ascii: "]"), in: line, from: position) else { return false }
                        end = close + 1
                    } else if step.endsAtLiteral {
                        guard let found = Self.find(literal, in: line, from: position, escapes: escapes) else { return false }
                        end = found
                    } else {
                        // A last unquoted field is one word: what follows must be only whitespace.
                        var stop = position
                        while stop < line.count, !Self.isLineEndSpace(line[stop]) { stop += 1 }
                        end = stop
                    }
                    matched.append(position..<end, unescaping: escapes && Self.firstIndex(of: UInt8(ascii: "\\"), in: line, from: position, to: end) != nil,
                                   escaping: format.escaping, stripBrackets: isTimeLocal)
                    if isTimeLocal {
                        guard matched.readTimeLocal(of: matched.count - 1) else { return false }
                    } else {
                        guard step.check == .any || matched.withBytes(matched.count - 1, { Self.isPlausible(step.check, $0) }) else { return false }
                    }
                    position = end
                }
                // Only line-end whitespace may remain.
                while position < line.count {
                    guard Self.isLineEndSpace(line[position]) else { return false }
                    position += 1
                }
                return true
            }
        }
    }

    /// Typed fields must look like their type: this tells apart formats of the same shape
    /// (nginx's "$scheme $host" and Apache's "%v %p") and rejects lines that only match by
    /// accident.
    static func isPlausible(_ check: Plausibility, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !value.isEmpty else { return true }
        let digits = { value.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        switch check {
        case .scheme: return equalsIgnoringCase(value, "http") || equalsIgnoringCase(value, "https")
        case .port: return value.count <= 5 && digits()
        case .status: return value.count == 3 && digits()
        case .address: return !value.contains(0x20)
        // `match` reads the time through `MatchedLine.readTimeLocal` instead, the same test that
        // also keeps the time for the transaction; this case keeps the check complete.
        case .timeLocal: return LogTransactionBuilder.parseTimeLocal(bytes: value) != nil
        case .protocolVersion: return value.starts(with: "HTTP/".utf8)
        case .any: return true
        }
    }

    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { lowercasedASCIIByte($0) == lowercasedASCIIByte($1) }
    }

    private static func isLineEndSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    private static func starts(_ line: UnsafeBufferPointer<UInt8>, at position: Int, with literal: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.count - position >= literal.count else { return false }
        guard let expected = literal.baseAddress, !literal.isEmpty else { return true }
        return memcmp(line.baseAddress! + position, expected, literal.count) == 0
    }

    private static func firstIndex(of byte: UInt8, in line: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int? = nil) -> Int? {
        let end = end ?? line.count
        guard start < end, let base = line.baseAddress, let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The next occurrence of `literal` at or after `start` that is not part of an escape.
    private static func find(_ literal: UnsafeBufferPointer<UInt8>, in line: UnsafeBufferPointer<UInt8>, from start: Int, escapes: Bool) -> Int? {
        guard let first = literal.first else { return start }
        if escapes, first == UInt8(ascii: "\\") { return nil }  // a backslash in the line always starts an escape
        var index = start
        while index < line.count {
            // Jump to the next byte that can matter: the literal's first byte, or a backslash.
            guard let candidate = firstIndex(of: first, in: line, from: index) else { return nil }
            if escapes, let backslash = firstIndex(of: UInt8(ascii: "\\"), in: line, from: index, to: candidate) {
                index = backslash + 2
                continue
            }
            if starts(line, at: candidate, with: literal) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}

/// The fields of one matched line, as byte ranges: of the line itself, or of a scratch buffer
/// for the few values that had escapes to undo. Valid only while the line's bytes are (during
/// the call that read the line).
struct MatchedLine {
    private struct Field {
        var range: Range<Int>
        var inScratch: Bool
    }

    private var line = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var fields: [Field] = []
    private var scratch: [UInt8] = []

    /// The line's local time (`$time_local`, `%t`), read while matching: it is what tells the
    /// format's lines apart from others, and the transaction is dated with it.
    private(set) var timeLocal: Date?
    /// The last local time read and its text: lines come in time order, many in the same
    /// second, and the same text need not be read again.
    private var previousTimeText: [UInt8] = []
    private var previousTime: Date?

    var count: Int { fields.count }

    mutating func reset(_ line: UnsafeBufferPointer<UInt8>) {
        self.line = line
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        timeLocal = nil
    }

    /// Reads field `index` as the local time; false when it is not one. An empty value (a "-")
    /// is no time but no mismatch either.
    mutating func readTimeLocal(of index: Int) -> Bool {
        let (time, isEmpty): (Date?, Bool) = withBytes(index) { text in
            if text.isEmpty { return (nil, true) }
            if let previousTime, text.count == previousTimeText.count,
               previousTimeText.withUnsafeBytes({ memcmp($0.baseAddress!, text.baseAddress!, text.count) }) == 0 {
                return (previousTime, false)
            }
            return (LogTransactionBuilder.parseTimeLocal(bytes: text), false)
        }
        guard let time else { return isEmpty }
        if previousTime != time {
            previousTime = time
            previousTimeText.removeAll(keepingCapacity: true)
            withBytes(index) { previousTimeText.append(contentsOf: $0) }
        }
        timeLocal = time
        return true
    }

    /// Records the next field. Apache's bracketed time loses its brackets; a lone "-" (the
    /// servers' way of saying "none") becomes empty.
    mutating func append(_ range: Range<Int>, unescaping: Bool, escaping: LogFormat.Escaping, stripBrackets: Bool) {
        var field = Field(range: range, inScratch: false)
        if unescaping {
            let start = scratch.count
            Self.unescape(UnsafeBufferPointer(rebasing: line[range]), escaping: escaping, into: &scratch)
            field = Field(range: start..<scratch.count, inScratch: true)
        }
        let index = fields.count
        fields.append(field)
        let (bracketed, dash) = withBytes(index) { value in
            (value.first == UInt8(ascii: "[") && value.last == UInt8(ascii: "]"), value.count == 1 && value[0] == UInt8(ascii: "-"))
        }
        let range = field.range
        if stripBrackets, bracketed {
            fields[index].range = range.count < 2 ? range.lowerBound..<range.lowerBound : (range.lowerBound + 1)..<(range.upperBound - 1)
            if withBytes(index, { $0.count == 1 && $0[0] == UInt8(ascii: "-") }) { fields[index].range = range.lowerBound..<range.lowerBound }
        } else if dash {
            fields[index].range = range.lowerBound..<range.lowerBound
        }
    }

    /// Records the next field from a value already decoded (a JSON log's): kept in the scratch
    /// bytes; a lone "-" becomes empty, as in a text log.
    mutating func append(decoded value: String) {
        let start = scratch.count
        if value != "-" { scratch.append(contentsOf: value.utf8) }
        fields.append(Field(range: start..<scratch.count, inScratch: true))
    }

    /// Runs `body` on the value of field `index` (empty when the line had none).
    func withBytes<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let field = fields[index]
        guard field.inScratch else { return body(UnsafeBufferPointer(rebasing: line[field.range])) }
        return scratch.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[field.range])) }
    }

    func isEmpty(_ index: Int) -> Bool { fields[index].range.isEmpty }

    /// The value of field `index` as text (invalid UTF-8 repaired).
    func string(_ index: Int) -> String { withBytes(index) { String(decoding: $0, as: UTF8.self) } }

    /// Undoes the server's escaping: `\xHH`, `\"`, `\\`, `\n` (nginx default, Apache) or JSON
    /// escapes (nginx escape=json).
    private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, escaping: LogFormat.Escaping, into out: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else { out.append(byte); index += 1; continue }
            let next = bytes[index + 1]
            switch next {
            case UInt8(ascii: "x") where index + 3 < bytes.count:
                if let value = UInt8(String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 2)...(index + 3)]), as: UTF8.self), radix: 16) {
                    out.append(value)
                    index += 4
                    continue
                }
                out.append(byte); index += 1
            case UInt8(ascii: "u") where escaping == .json && index + 5 < bytes.count:
                if let value = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 2)...(index + 5)]), as: UTF8.self), radix: 16),
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
    }
}
