import Testing
import SessionLintCore

/// The client count of a scan: exact as long as it is small, then a HyperLogLog estimate whose
/// error the paper bounds at 1.04/√m (0.8 % for m = 16,384); checked here at 3 %, about
/// four standard errors, on addresses like a log's.
struct DistinctCounterTests {
    static func address(_ n: Int) -> String { "10.\(n >> 16 & 255).\(n >> 8 & 255).\(n & 255)" }

    @Test func exactBelowTheLimitAndRepeatsDoNotCount() {
        var counter = DistinctCounter(exactLimit: 1_000)
        for _ in 0..<3 { for n in 0..<1_000 { counter.insert(Self.address(n)) } }
        #expect(counter.isExact)
        #expect(counter.count == 1_000)
    }

    @Test(arguments: [5_000, 200_000, 1_000_000])
    func estimatedPastTheLimit(distinct: Int) {
        var counter = DistinctCounter(exactLimit: 1_000)
        for n in 0..<distinct {
            counter.insert(Self.address(n))
            if n % 3 == 0 { counter.insert(Self.address(n)) }  // repeats change nothing
        }
        #expect(!counter.isExact)
        let error = abs(Double(counter.count - distinct)) / Double(distinct)
        #expect(error < 0.03, "estimated \(counter.count) for \(distinct)")
    }
}
