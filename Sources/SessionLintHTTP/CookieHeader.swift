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

    private mutating func add(_ header: String) {
        for piece in header.split(separator: ";", omittingEmptySubsequences: true) {
            let trimmedPiece = piece.trimmingWhitespace
            guard !trimmedPiece.isEmpty else { continue }
            if let equals = trimmedPiece.firstIndex(of: "=") {
                pairs.append(Pair(name: String(trimmedPiece[..<equals].trimmingWhitespace),
                                  value: String(trimmedPiece[trimmedPiece.index(after: equals)...].trimmingWhitespace)))
            } else {
                pairs.append(Pair(name: "", value: String(trimmedPiece)))
            }
        }
    }
}

extension Substring {
    var trimmingWhitespace: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
