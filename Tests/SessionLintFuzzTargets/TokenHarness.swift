import Foundation
import SessionLintCore
import SessionLintTokens

/// Session ID analysis: each line is a value a server issued, a second apart, to one client in
/// three. The decoder (base64, hex, JWT, signed and encrypted containers) reads each value and
/// the analysis runs its counters, timestamps, hashes and statistics over the population.
enum TokenHarness {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        var population = TokenPopulation(host: "fuzz.example", cookie: "sid", capacity: 2_000)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(2_000).enumerated() {
            let value = String(line)
            _ = TokenFormat(value: value)
            _ = population.add(TokenSample(value: value, time: Date(timeIntervalSince1970: 1.7e9 + Double(index)),
                                           client: "10.0.0.\(index % 3)", issued: true))
        }
        let analysis = TokenAnalysis(population)
        _ = TokenReport.summary(analysis)
    }

    /// Populations of the kinds the analysis tells apart: random hex, a counter, timestamps,
    /// signed cookies, JWTs, time-based UUIDs.
    static func seeds() -> [[UInt8]] {
        var generator = SplitMix64(seed: 7)
        func lines(_ count: Int, _ value: (Int) -> String) -> [UInt8] {
            Array((0..<count).map(value).joined(separator: "\n").utf8)
        }
        let hex = "0123456789abcdef"
        return [
            lines(150) { _ in String((0..<32).map { _ in hex.randomElement(using: &generator) ?? "0" }) },
            lines(40) { "sess\(1000 + $0)" },
            lines(40) { String(1_700_000_000 + $0 * 3, radix: 16) + "a1b2" },
            lines(20) { "eyJ1c2VyIjoiYWxpY2UifQ.Z\(String($0, radix: 36)).sig\($0 * 7919 % 1000)" },
            lines(20) { "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1XzEiLCJpYXQiOjE3MDAwMDAwMDB9.c2ln\($0)" },
            lines(20) { "\(String(0x1e0b_0000 + $0, radix: 16))-d2f4-11ee-9c2a-0242ac120002" },
        ]
    }
}
