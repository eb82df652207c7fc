/// Reads a packet front to back with every length checked: a read past the end throws instead
/// of trapping, so a lying length field in a hostile capture ends that packet, not the run.
public struct ByteCursor {
    public struct OutOfBounds: Error, Equatable {
        public var needed: Int
        public var available: Int
    }

    public let bytes: ArraySlice<UInt8>
    public private(set) var position: Int

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    public init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    public var remaining: Int { bytes.endIndex - position }
    public var isAtEnd: Bool { position >= bytes.endIndex }
    /// Bytes consumed so far.
    public var offset: Int { position - bytes.startIndex }

    private func require(_ count: Int) throws(OutOfBounds) {
        guard count >= 0, remaining >= count else { throw OutOfBounds(needed: count, available: remaining) }
    }

    public mutating func readUInt8() throws(OutOfBounds) -> UInt8 {
        try require(1)
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func readUInt16BE() throws(OutOfBounds) -> UInt16 {
        try require(2)
        defer { position += 2 }
        return UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
    }

    public mutating func readUInt16LE() throws(OutOfBounds) -> UInt16 {
        try require(2)
        defer { position += 2 }
        return UInt16(bytes[position + 1]) << 8 | UInt16(bytes[position])
    }

    public mutating func readUInt32BE() throws(OutOfBounds) -> UInt32 {
        try require(4)
        defer { position += 4 }
        return UInt32(bytes[position]) << 24 | UInt32(bytes[position + 1]) << 16
            | UInt32(bytes[position + 2]) << 8 | UInt32(bytes[position + 3])
    }

    public mutating func readUInt32LE() throws(OutOfBounds) -> UInt32 {
        try require(4)
        defer { position += 4 }
        return UInt32(bytes[position + 3]) << 24 | UInt32(bytes[position + 2]) << 16
            | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position])
    }

    public mutating func read(_ count: Int) throws(OutOfBounds) -> ArraySlice<UInt8> {
        try require(count)
        defer { position += count }
        return bytes[position..<position + count]
    }

    public mutating func skip(_ count: Int) throws(OutOfBounds) {
        try require(count)
        position += count
    }

    /// Everything not yet read.
    public mutating func rest() -> ArraySlice<UInt8> {
        defer { position = bytes.endIndex }
        return bytes[position...]
    }

    public func peekUInt8(at offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.endIndex && index >= position ? bytes[index] : nil
    }
}
