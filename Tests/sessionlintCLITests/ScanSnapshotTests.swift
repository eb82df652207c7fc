import Foundation
import Testing

/// Findings must not change when the reading gets faster. Every example and every corpus input
/// (captures, HARs, logs) is scanned, and the whole JSON report — findings with their evidence
/// and frame numbers, warnings, the cookie inventory, counts — is compared with the snapshot
/// taken before the performance work (Tests/Snapshots/scan/), whose findings earlier tests
/// checked against tshark, Zeek and the recordings by hand. Only the elapsed time is left out.
///
/// A deliberate change of behaviour updates the snapshots: run the tests with
/// `SESSIONLINT_UPDATE_SNAPSHOTS=1` and read the diff before committing it.
struct ScanSnapshotTests {
    static let snapshotDirectory = CLI.packageRoot.appendingPathComponent("Tests/Snapshots/scan")

    /// Paths relative to the package root, as they appear in the reports' provenance.
    static let inputs: [String] = {
        let fileManager = FileManager.default
        func files(_ directory: String, where keep: (String) -> Bool = { _ in true }) -> [String] {
            let url = CLI.packageRoot.appendingPathComponent(directory)
            let names = (try? fileManager.contentsOfDirectory(atPath: url.path)) ?? []
            return names.filter(keep).sorted().map { "\(directory)/\($0)" }
        }
        let capture = { (name: String) in name.hasSuffix(".pcap") || name.hasSuffix(".pcapng") || name.hasSuffix(".pcap.gz") }
        return files("examples") { $0.hasSuffix(".har") || capture($0) }
            + files("examples/logs") { $0.hasSuffix(".log") }
            + files("examples/tokens", where: capture)
            + files("../shared/corpus/har")
            + files("../shared/corpus/logs")
            + files("../shared/corpus/pcap", where: capture)
    }()

    @Test(arguments: inputs)
    func scanReportIsUnchanged(input: String) throws {
        let result = try CLI.run(["scan", input, "--report", "json", "--fail-on", "never"], in: CLI.packageRoot)
        // An input that cannot be read at all has no report, only its error: that is kept too.
        var report = result.stdout.isEmpty
            ? ["error": result.stderr]
            : try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        report["exitStatus"] = Int(result.status)
        if var summary = report["summary"] as? [String: Any] {
            summary["elapsedSeconds"] = nil
            report["summary"] = summary
        }
        let snapshot = Self.snapshotDirectory.appendingPathComponent(Self.snapshotName(input))
        let canonical = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        if ProcessInfo.processInfo.environment["SESSIONLINT_UPDATE_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.snapshotDirectory, withIntermediateDirectories: true)
            try canonical.write(to: snapshot)
            return
        }
        let expected = try #require(try? Data(contentsOf: snapshot), "no snapshot for \(input): run with SESSIONLINT_UPDATE_SNAPSHOTS=1")
        let expectedReport = try #require(try JSONSerialization.jsonObject(with: expected) as? [String: Any])
        if !NSDictionary(dictionary: report).isEqual(to: expectedReport) {
            // Name what moved, so a failure reads without a diff tool.
            for key in Set(report.keys).union(expectedReport.keys).sorted() {
                let now = report[key].map { NSArray(array: [$0]) }, then = expectedReport[key].map { NSArray(array: [$0]) }
                if now != then {
                    Issue.record("\(input): '\(key)' differs from the snapshot\nnow:  \(Self.brief(report[key]))\nthen: \(Self.brief(expectedReport[key]))")
                }
            }
        }
    }

    @Test func everyInputHasASnapshot() {
        #expect(Self.inputs.count >= 20, "examples missing")
        if CLI.corpusAvailable { #expect(Self.inputs.contains { $0.hasPrefix("../shared/corpus/pcap/") }) }
    }

    static func snapshotName(_ input: String) -> String {
        input.replacingOccurrences(of: "../shared/", with: "").replacingOccurrences(of: "/", with: "--") + ".json"
    }

    static func brief(_ value: Any?) -> String {
        guard let value else { return "(absent)" }
        let data = (try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])) ?? Data()
        return String(String(decoding: data, as: UTF8.self).prefix(2_000))
    }
}
