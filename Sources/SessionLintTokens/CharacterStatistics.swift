import Foundation
import SessionLintCore

/// Burp Sequencer's character-level view of tokens of one length (predictability.md §1, §3, §10):
/// how often each symbol occurs at each position, whether one token's character predicts the
/// next token's at the same position, and a per-position min-entropy estimate set against what
/// a random source reads at the same sample size.
///
/// These results are shown, not acted on alone. Numbers written without padding (Jetty writes
/// two random longs in base36 and lets their length vary) make the leading positions uneven
/// though the bits are fine, so character-level rejections only support a verdict the bit-level
/// tests reach (RandomnessReport).
public struct CharacterReport: Sendable {
    public struct Symbol: Sendable, Equatable {
        public let character: Character
        public let count: Int
    }

    public let tokens: Int
    public let length: Int
    public let alphabetSize: Int
    /// Every symbol of the alphabet with its count over all positions, in the alphabet's order.
    public let distribution: [Symbol]
    /// Shannon entropy of each position's characters, in bits (small samples read low).
    public let positionEntropy: [Double]
    /// The character count and transition tests, when the sample allows them (five expected
    /// per cell: N ≥ 5 × alphabet size).
    public let tests: [RandomnessReport.TestSummary]
    /// Positions whose count or transition test rejects after Holm's correction.
    public let rejections: [RandomnessReport.Rejection]
    /// SP 800-90B's most-common-value estimate summed over positions (99 % upper bound on each
    /// position's commonest character), in bits.
    public let minEntropy: Double
    /// The same estimate on a seeded random source of the same alphabet, length and N: small
    /// samples read low, so the estimate is only meaningful next to this.
    public let nullMinEntropy: Double

    /// Characters clearly less even than chance: the min-entropy 8 bits or more below a random
    /// source's at this N.
    public var minEntropyShortfall: Double { max(0, nullMinEntropy - minEntropy) }

    init?(_ values: [String], alphabet: TokenAlphabet) {
        guard values.count >= 2, let length = values.first?.count, length > 0, length <= TokenBits.maxLength,
              values.allSatisfy({ $0.count == length }) else { return nil }
        let k = alphabet.size
        let digits: [[Int]] = values.map { value in alphabet.digits(of: value) ?? [Int](repeating: 0, count: length) }
        let n = values.count

        // counts[position][symbol]
        var counts = [[Int]](repeating: [Int](repeating: 0, count: k), count: length)
        for token in digits {
            for (position, digit) in token.enumerated() { counts[position][digit] += 1 }
        }
        tokens = n
        self.length = length
        alphabetSize = k
        distribution = alphabet.symbols.enumerated().map { symbol, character in
            Symbol(character: character, count: counts.reduce(0) { $0 + $1[symbol] })
        }
        positionEntropy = counts.map { Self.shannon($0, total: n) }
        minEntropy = Self.mostCommonValueBits(counts, total: n)
        nullMinEntropy = Self.nullMostCommonValueBits(tokens: n, length: length, alphabetSize: k)

        var perTest: [(name: String, values: [(position: String, p: Double)])] = []
        if k >= 2, n >= 5 * k {
            // Each position, and all of them together: a slight bias (a modulo reduction) hides in
            // one position's counts and shows in the pooled ones. A position with one character
            // throughout (a UUID's version) is format, not a test result.
            let varying = counts.indices.filter { position in counts[position].filter { $0 > 0 }.count > 1 }
            let pooled = (0..<k).map { symbol in varying.reduce(0) { $0 + counts[$1][symbol] } }
            perTest.append(("char count", varying.map { position in
                ("position \(position)", Self.uniformity(counts[position], total: n))
            } + (varying.isEmpty ? [] : [("all positions", Self.uniformity(pooled, total: n * varying.count))])))
            perTest.append(("char transition", varying.map { position in
                // The step from one token's character to the next token's at the same position,
                // modulo the alphabet: uniform when consecutive tokens are independent.
                var steps = [Int](repeating: 0, count: k)
                for (previous, next) in zip(digits, digits.dropFirst()) { steps[(next[position] - previous[position] + k) % k] += 1 }
                return ("position \(position)", Self.uniformity(steps, total: n - 1))
            }))
        }
        tests = perTest.map { RandomnessReport.TestSummary(name: $0.name, values: $0.values.map(\.p)) }
        rejections = RandomnessReport.holm(perTest.flatMap { test in test.values.map { (test.name, $0.position, $0.p) } })
    }

    /// χ² of counts against equal shares, df = cells − 1, upper tail.
    static func uniformity(_ counts: [Int], total: Int) -> Double {
        let expected = Double(total) / Double(counts.count)
        let statistic = counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        return RandomnessReport.chiSquareUpperTail(statistic, degreesOfFreedom: Double(counts.count - 1))
    }

    private static func shannon(_ counts: [Int], total: Int) -> Double {
        counts.reduce(0) { sum, count in
            guard count > 0 else { return sum }
            let share = Double(count) / Double(total)
            return sum - share * log2(share)
        }
    }

    /// SP 800-90B §6.3.1 per position: p_u = p̂ + 2.576·√(p̂(1−p̂)/(n−1)), H = −log2 p_u.
    static func mostCommonValueBits(_ counts: [[Int]], total: Int) -> Double {
        let n = Double(total)
        return counts.reduce(0) { sum, row in
            let p = Double(row.max() ?? 0) / n
            let upper = min(1, p + 2.576 * sqrt(p * (1 - p) / max(1, n - 1)))
            return sum - log2(upper)
        }
    }

    /// The estimate on uniform random tokens, seeded by the shape so a report repeats.
    static func nullMostCommonValueBits(tokens n: Int, length: Int, alphabetSize k: Int) -> Double {
        var generator = SplitMix64(seed: UInt64(n) &* 0x9E37_79B9 &+ UInt64(length) &* 0x1000_0001 &+ UInt64(k))
        var counts = [[Int]](repeating: [Int](repeating: 0, count: k), count: length)
        for _ in 0..<n {
            for position in 0..<length { counts[position][Int(generator.next() % UInt64(k))] += 1 }
        }
        return mostCommonValueBits(counts, total: n)
    }
}
