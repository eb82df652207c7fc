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
    private mutating func add(_ header: String) {
        let bytes = header.utf8
        var pieceStart = bytes.startIndex
        while pieceStart < bytes.endIndex {
            let pieceEnd = bytes[pieceStart...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
            let piece = trimmedWhitespace(bytes[pieceStart..<pieceEnd])
            pieceStart = pieceEnd < bytes.endIndex ? bytes.index(after: pieceEnd) : pieceEnd
            guard !piece.isEmpty else { continue }
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                pairs.append(Pair(name: String(Substring(trimmedWhitespace(piece[..<equals]))),
                                  value: String(Substring(trimmedWhitespace(piece[piece.index(after: equals)...])))))
            } else {
                pairs.append(Pair(name: "", value: String(Substring(piece))))
            }
        }
    }

    private func trimmedWhitespace(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while end > start, bytes[bytes.index(before: end)] == 0x20 || bytes[bytes.index(before: end)] == 0x09 { end = bytes.index(before: end) }
        return bytes[start..<end]
    }
}

