import Foundation
import Testing
import SessionLintCore
@testable import SessionLintTokens

/// The worked examples of NIST SP 800-22 rev. 1a, section 2 (the 100-bit expansion of e and the
/// 128-bit sequence of §2.4.8), with the p-values the SP prints. §2.12.4 prints χ² = 0.502193
/// but p = 0.261961; recomputed by hand (Python), χ² is 10.043859 and the p-value is right.
struct StreamTestsTests {
    func bits(_ text: String) -> [UInt8] { text.compactMap { $0 == "1" ? 1 : $0 == "0" ? 0 : nil } }
    let e100 = "11001001000011111101101010100010001000010110100011" + "00001000110100110001001100011001100010100010111000"
    let e128 = "11001100000101010110110001001100111000000000001001" + "00110101010001000100111101011010000000110101111100" + "1100111001101101100010110010"

    func close(_ value: Double?, _ expected: Double, tolerance: Double = 1e-5, _ what: String) {
        #expect(abs((value ?? -1) - expected) < tolerance, "\(what): \(value ?? -1), the SP says \(expected)")
    }

    @Test func theIncompleteGammaFunction() {
        close(SpecialFunctions.upperIncompleteGamma(2, 0.8), 0.808792, "Q(2, 0.8)")
        close(SpecialFunctions.upperIncompleteGamma(1, 0.4), 0.670320, "Q(1, 0.4)")
        close(SpecialFunctions.upperIncompleteGamma(4, 0.502193 / 2), 0.999864, "Q(4, 0.251)")
        close(SpecialFunctions.upperIncompleteGamma(1.5, 100), 0, "far tail")
        close(SpecialFunctions.upperIncompleteGamma(50, 10), 1, "near 1")
    }

    @Test func theSPsWorkedExamples() {
        close(StreamTests.frequency(bits("1011010101")), 0.527089, "frequency, §2.1.4")
        close(StreamTests.frequency(bits(e100)), 0.109599, "frequency, §2.1.8")
        close(StreamTests.blockFrequency(bits("0110011010"), size: 3), 0.801252, "block frequency, §2.2.4")
        close(StreamTests.blockFrequency(bits(e100), size: 10), 0.706438, "block frequency, §2.2.8")
        close(StreamTests.runs(bits("1001101011")), 0.147232, "runs, §2.3.4")
        close(StreamTests.runs(bits(e100)), 0.500798, "runs, §2.3.8")
        close(StreamTests.longestRunOfOnes(bits(e128)), 0.180598, tolerance: 2e-4, "longest run, §2.4.8")
        close(StreamTests.cumulativeSums(bits("1011010111"), reversed: false), 0.4116588, tolerance: 1e-4, "cumulative sums, §2.13.4")
        close(StreamTests.cumulativeSums(bits(e100), reversed: false), 0.219194, "cumulative sums forward, §2.13.8")
        close(StreamTests.cumulativeSums(bits(e100), reversed: true), 0.114866, "cumulative sums reverse, §2.13.8")
        let serial = StreamTests.serial(bits("0011011101"), m: 3)
        close(serial.first, 0.808792, "serial 1, §2.11.6")
        close(serial.last, 0.670320, "serial 2, §2.11.6")
        close(StreamTests.approximateEntropy(bits("0100110101"), m: 3), 0.261961, "approximate entropy, §2.12.4")
    }

    /// A seeded good generator passes every stream test; a stream with a period (every token's
    /// second half a copy of its first) fails the ones that look for patterns.
    @Test func goodStreamsPassAndPeriodicOnesFail() {
        var generator = SplitMix64(seed: 11)
        var good: [UInt8] = []
        for _ in 0..<(1 << 14) {
            let word = generator.next()
            for shift in 0..<64 { good.append(UInt8(word >> UInt64(shift) & 1)) }
        }
        for result in StreamTests.all(good) { #expect(result.p > 1e-4, "\(result.name): \(result.p)") }

        var periodic: [UInt8] = []
        for _ in 0..<(1 << 13) {
            let half = (0..<64).map { _ in UInt8(generator.next() & 1) }
            periodic += half + half
        }
        let failed = Set(StreamTests.all(periodic).filter { $0.p < 1e-6 }.map(\.name))
        #expect(failed.contains("spectral (DFT)") || failed.contains("serial") || failed.contains("approximate entropy"), "\(failed)")
    }
}
