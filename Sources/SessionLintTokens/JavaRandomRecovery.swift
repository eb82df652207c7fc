import Foundation

/// java.util.Random as the JDK defines it: a 48-bit linear congruential generator whose outputs
/// are the top bits of the state (java.util.Random's documentation gives the recurrence). Old
/// Jetty (CVE-2006-6969) and hand-made Java session IDs drew on it; one 64-bit output gives the
/// whole state away (predictability.md §5, "Weak PRNG state recovery").
struct JavaRandom {
    static let multiplier: UInt64 = 0x5_DEEC_E66D
    static let increment: UInt64 = 0xB
    static let mask: UInt64 = (1 << 48) - 1

    var state: UInt64

    /// `new Random(seed)`: the seed is scrambled with the multiplier first.
    init(seed: Int64) { state = (UInt64(bitPattern: seed) ^ Self.multiplier) & Self.mask }
    init(state: UInt64) { self.state = state & Self.mask }

    mutating func next(bits: Int) -> UInt32 {
        state = (state &* Self.multiplier &+ Self.increment) & Self.mask
        return UInt32(truncatingIfNeeded: state >> UInt64(48 - bits))
    }

    mutating func nextInt() -> Int32 { Int32(bitPattern: next(bits: 32)) }
    /// (nextInt() << 32) + nextInt(), the second added as a signed number.
    mutating func nextLong() -> Int64 { (Int64(nextInt()) << 32) &+ Int64(nextInt()) }

    /// The generator right after it produced `first` then `second` as consecutive 32-bit
    /// outputs, if any state does. The state before was `first` · 2^16 + x with x below 2^16, and
    /// the one after must be `second` · 2^16 + y: a · x must fall, modulo 2^48, in a window
    /// 2^16 wide. a · x stays below 2^51, so it wraps at most seven times, and each wrap leaves
    /// at most one x (a exceeds the window): seven candidates instead of 2^16 guesses.
    static func recover(first: UInt32, second: UInt32) -> JavaRandom? {
        let modulus: UInt64 = 1 << 48, window: UInt64 = 1 << 16
        let high = UInt64(first) << 16
        // T = second · 2^16 − (a · high + c), modulo 2^48.
        let target = ((UInt64(second) << 16) &- (multiplier &* high &+ increment)) & mask
        let wraps = multiplier * (window - 1) / modulus
        for wrap in 0...wraps {
            let lower = target + wrap * modulus
            let x = (lower + multiplier - 1) / multiplier  // the least x with a · x ≥ lower
            guard x < window, multiplier * x - lower < window else { continue }
            var generator = JavaRandom(state: high | x)
            if generator.next(bits: 32) == second { return generator }
        }
        return nil
    }
}

/// Finds session IDs made of java.util.Random outputs. Each value is read the ways Java code
/// writes them: `Long.toString(nextLong())` in decimal, `Long.toHexString`, hex of `nextBytes`
/// (four little-endian ints per 16 bytes), 16-digit hex longs side by side, and Jetty's two
/// `Math.abs(nextLong())` in unpadded base36. A reading whose first two outputs recover a
/// state that also yields the rest of the value is a hit; a random 64-bit value is one by
/// chance once in 2^16 readings, so two values must be hits (or one hit must predict the next
/// value issued) before it is called.
enum JavaRandomRecovery {
    /// Values tried, from the first issued.
    static let valuesTried = 24
    /// A reading is dropped after this many values it fits without a hit: a real generator
    /// hits on every value.
    static let missesAllowed = 4
    /// How far ahead of one value the next issued one is looked for (other users' IDs and
    /// other uses of the generator take outputs in between).
    static let lookahead = 20_000

    struct Finding {
        let reading: String
        let hits: Int
        let tried: Int
        /// Outputs between one value and the next one issued, when the next was predicted.
        let predictedGap: Int?
    }

    static func search(_ values: [String]) -> Finding? {
        let tried = Array(values.prefix(valuesTried))
        guard tried.count >= 2 else { return nil }
        for reading in Reading.allCases {
            var hits = 0, misses = 0, predicted: Int?
            for (index, value) in tried.enumerated() where misses < missesAllowed {
                let candidates = reading.outputs(of: value)
                guard !candidates.isEmpty else { continue }
                guard let generator = candidates.lazy.compactMap(verified).first else { misses += 1; continue }
                hits += 1
                if predicted == nil, index + 1 < tried.count, let next = reading.outputs(of: tried[index + 1]).first, next.count >= 2 {
                    predicted = stepsTo(next, from: generator)
                }
            }
            if hits >= 2 || (hits == 1 && predicted != nil) {
                return Finding(reading: reading.description, hits: hits, tried: tried.count, predictedGap: predicted)
            }
        }
        return nil
    }

    /// The generator after the last output, when one state yields them all.
    private static func verified(_ outputs: [UInt32]) -> JavaRandom? {
        guard outputs.count >= 2, var generator = JavaRandom.recover(first: outputs[0], second: outputs[1]) else { return nil }
        for output in outputs.dropFirst(2) where generator.next(bits: 32) != output { return nil }
        return generator
    }

    /// How many outputs after `generator` the pair starting `outputs` comes, within the lookahead.
    private static func stepsTo(_ outputs: [UInt32], from generator: JavaRandom) -> Int? {
        var runner = generator
        var previous = runner.next(bits: 32)
        for step in 0..<lookahead {
            let current = runner.next(bits: 32)
            if previous == outputs[0], current == outputs[1] { return step }
            previous = current
        }
        return nil
    }

    /// Ways a value can hold consecutive 32-bit outputs.
    enum Reading: CaseIterable {
        case decimalLong, hexLongs, hexBytes, base36AbsoluteLongs

        var description: String {
            switch self {
            case .decimalLong: "Long.toString(nextLong())"
            case .hexLongs: "nextLong() in hex"
            case .hexBytes: "nextBytes() in hex"
            case .base36AbsoluteLongs: "two Math.abs(nextLong()) in base36 (old Jetty)"
            }
        }

        /// Candidate output sequences; usually one, several where the writing is ambiguous.
        func outputs(of value: String) -> [[UInt32]] {
            switch self {
            case .decimalLong:
                guard value.count >= 10, let long = Int64(value) else { return [] }
                return [JavaRandomRecovery.outputs(ofLong: long)]
            case .hexLongs:
                let lower = value.lowercased()
                guard lower.allSatisfy(\.isHexDigit) else { return [] }
                if lower.count >= 12, lower.count <= 16, let word = UInt64(lower, radix: 16) {
                    return [JavaRandomRecovery.outputs(ofLong: Int64(bitPattern: word))]
                }
                guard lower.count % 16 == 0, lower.count <= 64 else { return [] }
                let words = stride(from: 0, to: lower.count, by: 16).compactMap { offset in
                    UInt64(lower.dropFirst(offset).prefix(16), radix: 16)
                }
                return [words.flatMap { JavaRandomRecovery.outputs(ofLong: Int64(bitPattern: $0)) }]
            case .hexBytes:
                let lower = value.lowercased()
                guard lower.count % 8 == 0, lower.count >= 16, lower.count <= 64, lower.allSatisfy(\.isHexDigit) else { return [] }
                // nextBytes writes each int's low byte first.
                let ints = stride(from: 0, to: lower.count, by: 8).compactMap { offset -> UInt32? in
                    guard let big = UInt32(lower.dropFirst(offset).prefix(8), radix: 16) else { return nil }
                    return big.byteSwapped
                }
                return [ints]
            case .base36AbsoluteLongs:
                guard value.count >= 14, value.count <= 26, value.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLowercase) }) else { return [] }
                var candidates: [[UInt32]] = []
                for split in max(1, value.count - 13)...min(13, value.count - 1) {
                    guard let first = Int64(value.prefix(split), radix: 36), let second = Int64(value.dropFirst(split), radix: 36) else { continue }
                    // The sign was dropped: each long was either itself or its negation.
                    for a in [first, -first] { for b in [second, -second] {
                        candidates.append(JavaRandomRecovery.outputs(ofLong: a) + JavaRandomRecovery.outputs(ofLong: b))
                    } }
                }
                return candidates
            }
        }
    }

    /// The two nextInt() outputs a nextLong() was made of.
    static func outputs(ofLong long: Int64) -> [UInt32] {
        let low = Int32(truncatingIfNeeded: long)
        let high = Int32(truncatingIfNeeded: (long &- Int64(low)) >> 32)
        return [UInt32(bitPattern: high), UInt32(bitPattern: low)]
    }
}
