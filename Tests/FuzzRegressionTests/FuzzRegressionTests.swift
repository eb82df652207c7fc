import Foundation
import Testing
import SessionLintFuzzTargets

/// Replays, through the same harnesses libFuzzer drives (scripts/fuzz), every input that once
/// crashed or hung a parser (Fuzz/Regressions/TARGET/) and every seed. A regression shows here as
/// a crash of the test process, or as a hang the test's time limit stops.
struct FuzzRegressionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func regressions(of target: FuzzTarget) -> [URL] {
        let folder = repository.appendingPathComponent("Fuzz/Regressions/\(target.name)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { folder.appendingPathComponent($0) }
    }

    @Test(.timeLimit(.minutes(2)), arguments: FuzzTarget.all.map(\.name))
    func regressionInputsNoLongerCrash(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        for file in Self.regressions(of: target) {
            let bytes = try Data(contentsOf: file)
            bytes.withUnsafeBytes { target.run($0) }
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: FuzzTarget.all.map(\.name))
    func seedsAreFoundAndParse(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let seeds = target.seeds(Seeds(root: Self.repository))
        // Every harness starts from real inputs: the examples are in the repository.
        #expect(seeds.count >= 2, "\(name) has \(seeds.count) seeds")
        #expect(seeds.contains { !$0.isEmpty })
        for seed in seeds { seed.withUnsafeBytes { target.run($0) } }
    }

    /// scripts/fuzz runs the harnesses by name; a harness it does not list would never be fuzzed.
    @Test func theFuzzScriptListsEveryHarness() throws {
        let script = try String(contentsOf: Self.repository.appendingPathComponent("scripts/fuzz"), encoding: .utf8)
        let line = try #require(script.split(separator: "\n").first { $0.hasPrefix("all=(") })
        let listed = line.dropFirst("all=(".count).prefix { $0 != ")" }.split(separator: " ").map(String.init)
        #expect(listed == FuzzTarget.all.map(\.name))
    }
}
