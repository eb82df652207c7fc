import SessionLintCore

/// The cookies a client sent: every `Cookie` header of a request, split on ";" as servers
/// read them (RFC 6265bis §4.2.1, §5.8.3). Tolerant of real-world junk: empty pieces are
/// skipped, a piece without "=" is a nameless cookie, whitespace is trimmed.
public struct RequestCookies: Sendable, Equatable {
    public struct Pair: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var pairs: [Pair] = []

    public init(fields: HTTPFields) {
        for header in fields.values("Cookie") { add(header) }
    }

    public init(header: String) { add(header) }

    public func values(named name: String) -> [String] {
        pairs.compactMap { $0.name == name ? $0.value : nil }
    }

    /// Splits on bytes: every request of every input passes here, and `;`, `=` and the
    /// whitespace trimmed are ASCII, so cutting the UTF-8 there never splits a character.
    /// Native strings are read in place; the rare bridged one is copied first.
    private mutating func add(_ header: String) {
        if header.utf8.withContiguousStorageIfAvailable({ add(bytes: $0) }) == nil {
            Array(header.utf8).withUnsafeBufferPointer { add(bytes: $0) }
        }
    }

    private mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
        func text(_ range: Range<Int>) -> String {
            let trimmed = trimmedWhitespace(range, in: bytes)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[trimmed]), as: UTF8.self)
        }
        var pieceStart = 0
        while pieceStart < bytes.count {
            let pieceEnd = bytes[pieceStart...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            let piece = trimmedWhitespace(pieceStart..<pieceEnd, in: bytes)
            pieceStart = pieceEnd + 1
            guard !piece.isEmpty else { continue }
            if let equals = bytes[piece].firstIndex(of: UInt8(ascii: "=")) {
                pairs.append(Pair(name: text(piece.lowerBound..<equals), value: text((equals + 1)..<piece.upperBound)))
            } else {
                pairs.append(Pair(name: "", value: text(piece)))
            }
        }
    }

    private func trimmedWhitespace(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return start..<end
    }
}

