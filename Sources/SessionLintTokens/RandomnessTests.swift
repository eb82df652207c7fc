import Foundation

/// The statistical layer (predictability.md §2, §9 L2–L3) over the bit columns of one length of
/// token: FIPS 140-2-style monobit, runs, longest run and poker per bit position, pairwise bit
/// correlation, Holm's correction across every p-value, and an effective-entropy estimate next
/// to what a random source would score at the same sample size. Statistics can only show
/// non-randomness; a pass is never called secure.
public struct RandomnessReport: Sendable {
    public struct TestSummary: Sendable, Equatable {
        public let name: String
        /// p-values computed (one per bit position, or per pair of positions).
        public let count: Int
        public let smallestP: Double
        /// Below 1 %, before correction: a random source fails about 1 in 100.
        public let belowOnePercent: Int

        init(name: String, values: [Double]) {
            self.name = name
            count = values.count
            smallestP = values.min() ?? 1
            belowOnePercent = values.filter { $0 < 0.01 }.count
        }
    }

    public struct Rejection: Sendable, Equatable {
        public let test: String
        public let position: String
        public let pValue: Double
    }

    public static let minimumSamples = 100
    /// The family-wise level at which randomness is rejected after Holm's correction.
    public static let alpha = 1e-4

    public let tokensTested: Int
    public let bitsTested: Int
    /// Bit positions with the same value in every token: format, not entropy.
    public let constantBits: Int
    public let tests: [TestSummary]
    public let rejections: [Rejection]
    /// Bit positions whose every test has p ≥ 1 %.
    public let effectiveBits: Int
    /// What a random source of the same width would score on average.
    public let expectedEffectiveBits: Double

    /// Randomness rejected after Holm's correction, and the failure broad enough to be the
    /// generator rather than one odd bit of the decoding: the effective entropy 8 bits or more
    /// short of the null, or eight rejections or more, or a stream test (which reads every bit
    /// at once).
    public var rejectsRandomness: Bool {
        guard !rejections.isEmpty else { return false }
        return Double(effectiveBits) <= expectedEffectiveBits - 8 || rejections.count >= 8
            || rejections.contains { $0.position == Self.streamPosition }
    }

    /// How a stream test's p-value is placed: it reads all the varying bits, not one position.
    static let streamPosition = "the stream of varying bits"

    init?(_ bits: TokenBits) {
        guard bits.count >= Self.minimumSamples else { return nil }
        let n = bits.count
        let varying = (0..<bits.width).filter { let ones = bits.ones($0); return ones > 0 && ones < n }
        guard !varying.isEmpty else { return nil }
        tokensTested = n
        bitsTested = varying.count
        constantBits = bits.width - varying.count

        var perTest: [(name: String, values: [(position: String, p: Double)])] = []
        var worstPerBit = [Double](repeating: 1, count: varying.count)
        var testsPerBit = 0
        func column(_ name: String, _ test: (Int) -> Double?) {
            var values: [(String, Double)] = []
            for (slot, position) in varying.enumerated() {
                guard let p = test(position) else { continue }
                values.append(("bit \(position)", p))
                worstPerBit[slot] = min(worstPerBit[slot], p)
            }
            perTest.append((name, values))
            testsPerBit += 1
        }
        column("monobit") { Self.monobit(ones: bits.ones($0), n: n) }
        column("runs") { Self.runs(bits, position: $0) }
        column("longest run") { Self.longestRun(bits, position: $0) }
        if n >= 320 { column("poker") { Self.poker(bits, position: $0) } }
        if n >= 1_000 { perTest.append(("correlation", Self.correlations(bits, positions: Array(varying.prefix(512))))) }
        let stream = StreamTests.all(bits.stream(positions: varying, limit: StreamTests.maximumBits))
        for (offset, result) in stream.enumerated() where !stream.prefix(offset).contains(where: { $0.name == result.name }) {
            perTest.append((result.name, stream.filter { $0.name == result.name }.map { (Self.streamPosition, $0.p) }))
        }

        tests = perTest.map { TestSummary(name: $0.name, values: $0.values.map(\.p)) }
        rejections = Self.holm(perTest.flatMap { test in test.values.map { (test.name, $0.position, $0.p) } })
        effectiveBits = worstPerBit.filter { $0 >= 0.01 }.count
        expectedEffectiveBits = Double(varying.count) * pow(0.99, Double(testsPerBit))
    }

    // MARK: - Tests on one bit position across tokens

    /// SP 800-22 §2.1: the share of ones.
    static func monobit(ones: Int, n: Int) -> Double {
        erfc(abs(Double(2 * ones - n)) / sqrt(2 * Double(n)))
    }

    /// SP 800-22 §2.3: the number of runs (changes from one token to the next). Not computed
    /// when the share of ones is far from a half (the SP's prerequisite): monobit speaks then.
    static func runs(_ bits: TokenBits, position: Int) -> Double? {
        let n = Double(bits.count)
        let pi = Double(bits.ones(position)) / n
        guard abs(pi - 0.5) < 2 / sqrt(n) else { return nil }
        var changes = 0
        var previous = bits.bit(position, token: 0)
        for token in 1..<bits.count {
            let current = bits.bit(position, token: token)
            if current != previous { changes += 1 }
            previous = current
        }
        return StreamTests.runsPValue(runs: changes + 1, count: bits.count, shareOfOnes: pi)
    }

    /// The longest run of equal bits: P(a run of r or more in n bits) ≈ 1 − exp(−n / 2^r).
    static func longestRun(_ bits: TokenBits, position: Int) -> Double {
        var longest = 1, current = 1
        var previous = bits.bit(position, token: 0)
        for token in 1..<bits.count {
            let bit = bits.bit(position, token: token)
            current = bit == previous ? current + 1 : 1
            longest = max(longest, current)
            previous = bit
        }
        return min(1, 1 - exp(-Double(bits.count) / pow(2, Double(longest))))
    }

    /// FIPS 140-2 poker on 4-bit groups of consecutive tokens: χ² with 15 degrees of freedom,
    /// both tails (too uneven and too even).
    static func poker(_ bits: TokenBits, position: Int) -> Double {
        let groups = bits.count / 4
        var counts = [Int](repeating: 0, count: 16)
        for group in 0..<groups {
            var nibble = 0
            for offset in 0..<4 where bits.bit(position, token: group * 4 + offset) { nibble |= 1 << offset }
            counts[nibble] += 1
        }
        let m = Double(groups)
        let x = 16 / m * counts.reduce(0) { $0 + Double($1 * $1) } - m
        let upper = chiSquareUpperTail(x, degreesOfFreedom: 15)
        return min(1, 2 * min(upper, 1 - upper))
    }

    /// Pairwise correlation of bit positions (φ coefficient, χ² with one degree of freedom).
    static func correlations(_ bits: TokenBits, positions: [Int]) -> [(position: String, p: Double)] {
        let n = Double(bits.count)
        let ones = positions.map { Double(bits.ones($0)) }
        var results: [(String, Double)] = []
        for a in 0..<positions.count {
            for b in (a + 1)..<positions.count {
                var both = 0
                for (wordA, wordB) in zip(bits.columns[positions[a]], bits.columns[positions[b]]) { both += (wordA & wordB).nonzeroBitCount }
                let denominator = ones[a] * (n - ones[a]) * ones[b] * (n - ones[b])
                guard denominator > 0 else { continue }
                let phi = (n * Double(both) - ones[a] * ones[b]) / sqrt(denominator)
                results.append(("bits \(positions[a]) and \(positions[b])", erfc(sqrt(n * phi * phi / 2))))
            }
        }
        return results
    }

    static func chiSquareUpperTail(_ x: Double, degreesOfFreedom k: Double) -> Double {
        SpecialFunctions.upperIncompleteGamma(k / 2, x / 2)
    }

    /// Holm–Bonferroni: the smallest p-values in turn against α / (m − rank).
    static func holm(_ values: [(test: String, position: String, p: Double)]) -> [Rejection] {
        let sorted = values.sorted { $0.p < $1.p }
        var rejected: [Rejection] = []
        for (rank, value) in sorted.enumerated() {
            guard value.p <= alpha / Double(sorted.count - rank) else { break }
            rejected.append(Rejection(test: value.test, position: value.position, pValue: value.p))
        }
        return rejected
    }
}
