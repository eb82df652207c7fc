import Foundation

/// NIST SP 800-22 rev. 1a tests on one stream: the varying bits of every token, token after token
/// in issuance order (predictability.md §2.2). Column tests read one position across tokens;
/// these read within and across tokens at once, so a pattern inside each value (a half repeated,
/// a period shorter than the token) shows here. Constant bits are left out before, or a fixed
/// version nibble would fail everything. Each function returns p-values; the caller corrects
/// for their number.
enum StreamTests {
    /// Streams are cut here: 4 Mbit (32,768 tokens of 128 bits) is more than a sample holds.
    static let maximumBits = 1 << 22
    /// The DFT reads a power-of-two prefix of at most this many bits (4 MB of work space; the
    /// SP asks for 1,000).
    static let maximumTransformBits = 1 << 18
    static let minimumBits = 1_000

    /// Every test the stream is long enough for, named as in the SP.
    static func all(_ bits: [UInt8]) -> [(name: String, p: Double)] {
        guard bits.count >= minimumBits else { return [] }
        var results: [(String, Double)] = [("frequency", frequency(bits)), ("block frequency", blockFrequency(bits))]
        if let runs = runs(bits) { results.append(("stream runs", runs)) }
        results.append(("longest run of ones", longestRunOfOnes(bits)))
        results.append(("cumulative sums", cumulativeSums(bits, reversed: false)))
        results.append(("cumulative sums", cumulativeSums(bits, reversed: true)))
        let log2n = Int(log2(Double(bits.count)))
        let m = min(8, log2n - 6)
        // Both tests count overlapping patterns of up to m+1 bits: counted once.
        let counts = m >= 2 ? PatternCounts(bits, longest: m + 1) : nil
        if let counts { results.append(("approximate entropy", approximateEntropy(bits, m: m, counts: counts))) }
        if m >= 3, let counts { results += serial(bits, m: m, counts: counts).map { ("serial", $0) } }
        results.append(("spectral (DFT)", spectral(bits)))
        return results
    }

    /// §2.1: the share of ones.
    static func frequency(_ bits: [UInt8]) -> Double {
        RandomnessReport.monobit(ones: bits.reduce(0) { $0 + Int($1) }, n: bits.count)
    }

    /// §2.2: the share of ones in each of at most 99 blocks of at least 20 bits.
    static func blockFrequency(_ bits: [UInt8], size chosen: Int? = nil) -> Double {
        let size = chosen ?? max(20, (bits.count + 98) / 99)
        let blocks = bits.count / size
        var statistic = 0.0
        for block in 0..<blocks {
            let ones = bits[(block * size)..<((block + 1) * size)].reduce(0) { $0 + Int($1) }
            let share = Double(ones) / Double(size) - 0.5
            statistic += share * share
        }
        statistic *= 4 * Double(size)
        return SpecialFunctions.upperIncompleteGamma(Double(blocks) / 2, statistic / 2)
    }

    /// §2.3: the number of runs, when the share of ones allows the test (else frequency speaks).
    static func runs(_ bits: [UInt8]) -> Double? {
        let n = Double(bits.count)
        let pi = Double(bits.reduce(0) { $0 + Int($1) }) / n
        guard abs(pi - 0.5) < 2 / n.squareRoot() else { return nil }
        var runs = 1
        for i in 1..<bits.count where bits[i] != bits[i - 1] { runs += 1 }
        return runsPValue(runs: runs, count: bits.count, shareOfOnes: pi)
    }

    /// §2.3's statistic, shared with the per-position runs test.
    static func runsPValue(runs: Int, count: Int, shareOfOnes pi: Double) -> Double {
        let n = Double(count)
        return erfc(abs(Double(runs) - 2 * n * pi * (1 - pi)) / (2 * (2 * n).squareRoot() * pi * (1 - pi)))
    }

    /// §2.4: the longest run of ones in blocks of 8 bits (128 per block from 6,272 bits on),
    /// against the SP's class probabilities.
    static func longestRunOfOnes(_ bits: [UInt8]) -> Double {
        let (size, shortest, probabilities): (Int, Int, [Double]) = bits.count < 6_272
            ? (8, 1, [0.2148, 0.3672, 0.2305, 0.1875])
            : (128, 4, [0.1174, 0.2430, 0.2493, 0.1752, 0.1027, 0.1124])
        let blocks = bits.count / size
        var classes = [Int](repeating: 0, count: probabilities.count)
        for block in 0..<blocks {
            var longest = 0, current = 0
            for bit in bits[(block * size)..<((block + 1) * size)] {
                current = bit == 1 ? current + 1 : 0
                longest = max(longest, current)
            }
            classes[min(max(longest - shortest, 0), probabilities.count - 1)] += 1
        }
        let statistic = zip(classes, probabilities).reduce(0.0) { sum, cell in
            let expected = Double(blocks) * cell.1
            return sum + (Double(cell.0) - expected) * (Double(cell.0) - expected) / expected
        }
        return SpecialFunctions.upperIncompleteGamma(Double(probabilities.count - 1) / 2, statistic / 2)
    }

    /// §2.13: the largest excursion of the ±1 random walk, from the start or from the end.
    static func cumulativeSums(_ bits: [UInt8], reversed: Bool) -> Double {
        var sum = 0, largest = 0
        for index in bits.indices {
            sum += bits[reversed ? bits.count - 1 - index : index] == 1 ? 1 : -1
            largest = max(largest, abs(sum))
        }
        let n = Double(bits.count), z = Double(max(largest, 1)), root = n.squareRoot()
        var p = 1.0
        for k in Int(((-n / z + 1) / 4).rounded(.down))...Int(((n / z - 1) / 4).rounded(.down)) {
            p -= SpecialFunctions.normal(Double(4 * k + 1) * z / root) - SpecialFunctions.normal(Double(4 * k - 1) * z / root)
        }
        for k in Int(((-n / z - 3) / 4).rounded(.down))...Int(((n / z - 1) / 4).rounded(.down)) {
            p += SpecialFunctions.normal(Double(4 * k + 3) * z / root) - SpecialFunctions.normal(Double(4 * k + 1) * z / root)
        }
        return min(1, max(0, p))
    }

    /// §2.12: how much more frequent m+1-bit patterns are than m-bit ones predict.
    static func approximateEntropy(_ bits: [UInt8], m: Int, counts given: PatternCounts? = nil) -> Double {
        let counts = given ?? PatternCounts(bits, longest: m + 1)
        func phi(_ length: Int) -> Double {
            let n = Double(bits.count)
            return counts[length].reduce(0) { sum, count in
                count == 0 ? sum : sum + Double(count) / n * log(Double(count) / n)
            }
        }
        let apen = phi(m) - phi(m + 1)
        let statistic = 2 * Double(bits.count) * (log(2) - apen)
        return SpecialFunctions.upperIncompleteGamma(pow(2, Double(m - 1)), statistic / 2)
    }

    /// §2.11: the evenness of overlapping m-bit patterns, two p-values.
    static func serial(_ bits: [UInt8], m: Int, counts given: PatternCounts? = nil) -> [Double] {
        let counts = given ?? PatternCounts(bits, longest: m)
        func psi(_ length: Int) -> Double {
            guard length > 0 else { return 0 }
            let n = Double(bits.count)
            return pow(2, Double(length)) / n * counts[length].reduce(0) { $0 + Double($1) * Double($1) } - n
        }
        let (m0, m1, m2) = (psi(m), psi(m - 1), psi(m - 2))
        return [SpecialFunctions.upperIncompleteGamma(pow(2, Double(m - 2)), (m0 - m1) / 2),
                SpecialFunctions.upperIncompleteGamma(pow(2, Double(m - 3)), (m0 - 2 * m1 + m2) / 2)]
    }

    /// §2.6: peaks in the spectrum of the ±1 sequence (periodic features), on the largest
    /// power-of-two prefix, with the SP's corrected variance (0.95 · 0.05 / 4).
    static func spectral(_ bits: [UInt8]) -> Double {
        var n = 1
        while n * 2 <= min(bits.count, maximumTransformBits) { n *= 2 }
        var real = bits.prefix(n).map { $0 == 1 ? 1.0 : -1.0 }
        var imaginary = [Double](repeating: 0, count: n)
        fourierTransform(&real, &imaginary)
        let threshold = (log(1 / 0.05) * Double(n)).squareRoot()
        var below = 0
        for i in 0..<(n / 2) where (real[i] * real[i] + imaginary[i] * imaginary[i]).squareRoot() < threshold { below += 1 }
        let expected = 0.95 * Double(n) / 2
        let d = (Double(below) - expected) / (Double(n) * 0.95 * 0.05 / 4).squareRoot()
        return erfc(abs(d) / 2.0.squareRoot())
    }

    // MARK: - Helpers

    /// Counts of every overlapping pattern of 1 to `longest` bits, the sequence wrapped around
    /// its end (§2.11, §2.12). Counted once, for the longest: each position starts one pattern
    /// of every length, so a pattern's count is the sum of its two one-bit-longer extensions'.
    struct PatternCounts {
        private var byLength: [[Int]]

        init(_ bits: [UInt8], longest: Int) {
            byLength = [[Int]](repeating: [], count: longest + 1)
            var counts = [Int](repeating: 0, count: 1 << longest)
            let mask = (1 << longest) - 1, n = bits.count
            bits.withUnsafeBufferPointer { bits in
                var window = 0
                for i in 0..<(longest - 1) { window = (window << 1 | Int(bits[i % n])) & mask }
                for i in 0..<n {
                    let next = i + longest - 1
                    window = (window << 1 | Int(bits[next < n ? next : next % n])) & mask
                    counts[window] += 1
                }
            }
            byLength[longest] = counts
            for length in stride(from: longest - 1, through: 1, by: -1) {
                let longer = byLength[length + 1]
                byLength[length] = (0..<(1 << length)).map { longer[$0 << 1] + longer[$0 << 1 | 1] }
            }
        }

        /// The counts of the `length`-bit patterns, indexed by the pattern read as a number.
        subscript(length: Int) -> [Int] { byLength[length] }
    }

    /// In-place iterative radix-2 Cooley–Tukey transform; the count must be a power of two.
    private static func fourierTransform(_ real: inout [Double], _ imaginary: inout [Double]) {
        let n = real.count
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { real.swapAt(i, j); imaginary.swapAt(i, j) }
        }
        var length = 2
        while length <= n {
            let angle = -2 * Double.pi / Double(length)
            let (stepReal, stepImaginary) = (cos(angle), sin(angle))
            for start in stride(from: 0, to: n, by: length) {
                var (wReal, wImaginary) = (1.0, 0.0)
                for k in 0..<(length / 2) {
                    let (a, b) = (start + k, start + k + length / 2)
                    let tReal = real[b] * wReal - imaginary[b] * wImaginary
                    let tImaginary = real[b] * wImaginary + imaginary[b] * wReal
                    real[b] = real[a] - tReal
                    imaginary[b] = imaginary[a] - tImaginary
                    real[a] += tReal
                    imaginary[a] += tImaginary
                    (wReal, wImaginary) = (wReal * stepReal - wImaginary * stepImaginary, wReal * stepImaginary + wImaginary * stepReal)
                }
            }
            length *= 2
        }
    }
}
