import Foundation

/// Counts distinct values in bounded memory: exactly up to `exactLimit` (a set of their
/// seeded hashes), then as a HyperLogLog estimate (Flajolet et al., 2007) with 2^14
/// registers, whose standard error is 1.04 / √16384 ≈ 0.8 %. A log with millions of
/// distinct clients costs 16 KiB past the limit instead of growing with every new client.
public struct DistinctCounter: Sendable {
    public let exactLimit: Int
    private var exact: Set<Int> = []
    private var registers: [UInt8] = []
    private static let registerBits = 14

    public init(exactLimit: Int = 1 << 20) {
        self.exactLimit = exactLimit
    }

    /// Whether `count` is exact (or an estimate).
    public var isExact: Bool { registers.isEmpty }

    public mutating func insert(_ value: String) {
        insert(hash: value.hashValue)
    }

    mutating func insert(hash: Int) {
        if registers.isEmpty {
            exact.insert(hash)
            guard exact.count > exactLimit else { return }
            registers = [UInt8](repeating: 0, count: 1 << Self.registerBits)
            for seen in exact { record(seen) }
            exact = []
        } else {
            record(hash)
        }
    }

    private mutating func record(_ hash: Int) {
        // SplitMix64's finaliser spreads every bit of the (already mixed) hash once more, so the
        // register index and the rank below draw on independent bits.
        var bits = UInt64(bitPattern: Int64(hash)) &+ 0x9E37_79B9_7F4A_7C15
        bits = (bits ^ (bits >> 30)) &* 0xBF58_476D_1CE4_E5B9
        bits = (bits ^ (bits >> 27)) &* 0x94D0_49BB_1331_11EB
        bits ^= bits >> 31
        let index = Int(bits >> UInt64(64 - Self.registerBits))
        let rest = bits << UInt64(Self.registerBits)
        let rank = UInt8(min(rest.leadingZeroBitCount, 64 - Self.registerBits) + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    public var count: Int {
        guard !registers.isEmpty else { return exact.count }
        let m = Double(registers.count)
        let sum = registers.reduce(0.0) { $0 + 1 / Double(UInt64(1) << UInt64($1)) }
        let alpha = 0.7213 / (1 + 1.079 / m)
        var estimate = alpha * m * m / sum
        let zeros = registers.filter { $0 == 0 }.count
        if estimate <= 2.5 * m, zeros > 0 { estimate = m * log(m / Double(zeros)) }  // small-range correction
        return Int(estimate.rounded())
    }
}
