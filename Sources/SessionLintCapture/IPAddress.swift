/// An IPv4 or IPv6 address as bytes, printed the usual way (RFC 5952 for IPv6).
/// Stored inline (two words and a flag), so decoding a packet and looking up its flow allocate
/// nothing.
public struct IPAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address as a 128-bit big-endian number, high then low word; IPv4 in the low 32 bits.
    private let high: UInt64
    private let low: UInt64
    public let isIPv6: Bool

    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        for byte in bytes {
            high = high << 8 | low >> 56
            low = low << 8 | UInt64(byte)
        }
        (self.high, self.low, isIPv6) = (high, low, bytes.count == 16)
    }

    public var bytes: [UInt8] {
        let count = isIPv6 ? 16 : 4
        return (0..<count).map { index in
            let shift = (count - 1 - index) * 8
            return UInt8(truncatingIfNeeded: shift >= 64 ? high >> (shift - 64) : low >> shift)
        }
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        // Within a family the order of the bytes; IPv4 before IPv6 (a flow never mixes them,
        // and the order only has to be consistent: it names a flow's lower endpoint).
        (lhs.isIPv6 ? 1 : 0, lhs.high, lhs.low) < (rhs.isIPv6 ? 1 : 0, rhs.high, rhs.low)
    }

    public var description: String {
        guard isIPv6 else { return bytes.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        // The longest run of two or more zero groups becomes "::".
        var bestStart = -1, bestLength = 0, runStart = -1
        for (index, group) in groups.enumerated() {
            if group == 0 {
                if runStart < 0 { runStart = index }
                let length = index - runStart + 1
                if length > bestLength { bestStart = runStart; bestLength = length }
            } else {
                runStart = -1
            }
        }
        func hex(_ slice: ArraySlice<UInt16>) -> String { slice.map { String($0, radix: 16) }.joined(separator: ":") }
        guard bestLength >= 2 else { return hex(groups[...]) }
        return hex(groups[..<bestStart]) + "::" + hex(groups[(bestStart + bestLength)...])
    }
}
