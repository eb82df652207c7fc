/// Header fields as they appeared on the wire: order kept, repeats kept, names compared
/// case-insensitively (RFC 9110 §5.1). Several `Set-Cookie` or `Cookie` lines stay separate.
public struct HTTPFields: Sendable, Equatable, Sequence {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    /// Empty, with room for `capacity` fields: a source that knows how many it will add.
    public init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    public init(_ pairs: [(String, String)]) {
        self.fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    public mutating func append(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Every value of the fields called `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.compactMap { $0.name.equalsIgnoringASCIICase(name) ? $0.value : nil }
    }

    /// The first value of the field called `name`.
    public func first(_ name: String) -> String? {
        fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.equalsIgnoringASCIICase(name) }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }
}

extension StringProtocol {
    /// ASCII case-insensitive comparison: header and attribute names are ASCII tokens, and
    /// Unicode case folding must not make `ſecure` equal `secure`.
    /// Inlinable so every caller gets a version specialised to its string types: header lookups
    /// run this for every field of every message.
    @inlinable
    public func equalsIgnoringASCIICase<Other: StringProtocol>(_ other: Other) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        return hasPrefixIgnoringASCIICase(other)
    }

    /// True when `self` begins with `prefix`, comparing ASCII letters case-insensitively.
    @inlinable
    public func hasPrefixIgnoringASCIICase<Other: StringProtocol>(_ prefix: Other) -> Bool {
        guard utf8.count >= prefix.utf8.count else { return false }
        // Compared byte by byte in place (see `withUTF8Bytes`).
        return withUTF8Bytes { text in
            prefix.withUTF8Bytes { start in
                for offset in 0..<start.count where lowercasedASCIIByte(text[offset]) != lowercasedASCIIByte(start[offset]) { return false }
                return true
            }
        }
    }

    public var asciiLowercased: String {
        // Hosts and names are usually lower-case already: then no new string is built.
        guard withUTF8Bytes({ $0.contains { $0 >= 0x41 && $0 <= 0x5A } }) else { return String(self) }
        return String(decoding: utf8.map(lowercasedASCIIByte), as: UTF8.self)
    }
}

@inlinable @inline(__always)
public func lowercasedASCIIByte(_ byte: UInt8) -> UInt8 {
    (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
}

extension Substring {
    /// Without leading and trailing spaces and tabs: HTTP's optional whitespace (RFC 9110
    /// §5.6.3). Byte-level, unlike Foundation's `trimmingCharacters`, which bridges through
    /// NSString and costs microseconds on every header of every message.
    public var trimmingHTTPWhitespace: Substring {
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { bytes.formIndex(after: &start) }
        while end > start {
            let before = bytes.index(before: end)
            guard bytes[before] == 0x20 || bytes[before] == 0x09 else { break }
            end = before
        }
        return self[start..<end]
    }
}

extension String {
    /// See `Substring.trimmingHTTPWhitespace`.
    public var trimmingHTTPWhitespace: Substring { self[...].trimmingHTTPWhitespace }
}
