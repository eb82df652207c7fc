import Foundation
import Testing
import SessionLintCore
@testable import SessionLintTokens

/// java.util.Random's recurrence and its recovery. The vectors were printed by OpenJDK 17 on this
/// project's build machine (`new Random(42).nextInt()` twice, `nextLong()`, `Long.toHexString`,
/// `new Random(7).nextBytes(16)` in hex, and two `Math.abs(nextLong())` of `new Random(1234)` in
/// base36 as old Jetty wrote its session IDs).
struct JavaRandomRecoveryTests {
    @Test func theGeneratorMatchesTheJDK() {
        var generator = JavaRandom(seed: 42)
        #expect(generator.nextInt() == -1_170_105_035 && generator.nextInt() == 234_785_527)
        var longs = JavaRandom(seed: 42)
        #expect(longs.nextLong() == -5_025_562_857_975_149_833)
        #expect(JavaRandomRecovery.outputs(ofLong: -5_025_562_857_975_149_833) == [UInt32(bitPattern: -1_170_105_035), 234_785_527])
    }

    /// The seven-candidate recovery against trying all 2^16 low bits, on seeded states.
    @Test func recoveryAgreesWithTryingEveryLowHalf() {
        var seeds = SplitMix64(seed: 3)
        for _ in 0..<200 {
            var generator = JavaRandom(state: seeds.next())
            let (first, second) = (generator.next(bits: 32), generator.next(bits: 32))
            let recovered = JavaRandom.recover(first: first, second: second)
            #expect(recovered?.state == generator.state)
            var exhaustive: [UInt64] = []
            for low in UInt64(0)..<(1 << 16) {
                var candidate = JavaRandom(state: UInt64(first) << 16 | low)
                if candidate.next(bits: 32) == second { exhaustive.append(candidate.state) }
            }
            #expect(exhaustive.first == recovered?.state)
        }
    }

    @Test func oneValueGivesTheStateAway() {
        // The JDK's own outputs, read back.
        #expect(JavaRandomRecovery.Reading.decimalLong.outputs(of: "-5025562857975149833").first == [UInt32(bitPattern: -1_170_105_035), 234_785_527])
        #expect(JavaRandomRecovery.Reading.hexLongs.outputs(of: "ba419d350dfe8af7").first == [UInt32(bitPattern: -1_170_105_035), 234_785_527])
        var bytes = JavaRandom(seed: 7)
        let ints = (0..<4).map { _ in UInt32(bitPattern: bytes.nextInt()) }
        #expect(JavaRandomRecovery.Reading.hexBytes.outputs(of: "99170fbb183477a35a94c9bf390b7702").first == ints)
        var jetty = JavaRandom(seed: 1234)
        let expected = (0..<2).flatMap { _ in JavaRandomRecovery.outputs(ofLong: jetty.nextLong()) }
        #expect(JavaRandomRecovery.Reading.base36AbsoluteLongs.outputs(of: "1dj4pdooygppq6tf3ef2opnrc").contains(expected))
    }

    /// Session IDs from one java.util.Random shared by the server, other users' IDs taking
    /// outputs in between: found in every writing, and the next ID predicted.
    @Test(arguments: ["decimal", "hex", "bytes", "jetty"])
    func weakJavaIDsAreFound(writing: String) {
        var generator = JavaRandom(seed: 1_795_000_000_123)
        let ids = (0..<30).map { index -> String in
            for _ in 0..<(index % 3) { _ = generator.nextLong() }  // IDs issued to clients not captured
            switch writing {
            case "decimal": return String(generator.nextLong())
            case "hex": return String(UInt64(bitPattern: generator.nextLong()), radix: 16)
            case "bytes": return (0..<4).map { _ in String(format: "%08x", UInt32(bitPattern: generator.nextInt()).byteSwapped) }.joined()
            default: return "node0" + (0..<2).map { _ in String(generator.nextLong().magnitude, radix: 36) }.joined()
            }
        }
        let analysis = TokenAnalysis(population(ids))
        let mechanism = analysis.mechanisms.first { $0.kind == .weakGenerator }
        #expect(mechanism?.verdict == .certain, "\(writing): \(analysis.mechanisms.map { $0.detail })")
        #expect(mechanism?.detail.contains("predicts the next value issued") == true, "\(mechanism?.detail ?? "")")
    }

    /// The same writings from the system's CSPRNG: never a hit.
    @Test func randomValuesAreNotMistakenForIt() {
        let decimal = (0..<30).map { _ in String(Int64.random(in: .min ... .max)) }
        let hex = (0..<30).map { _ in String(UInt64.random(in: 1 << 60 ... .max), radix: 16) }
        let bytes = (0..<30).map { _ in Framework.php() }
        for values in [decimal, hex, bytes, (0..<30).map { _ in Framework.jetty() }] {
            #expect(JavaRandomRecovery.search(values.map { $0.hasPrefix("node0") ? String($0.dropFirst(5)) : $0 }) == nil)
        }
    }
}
