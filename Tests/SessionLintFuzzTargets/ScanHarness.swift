import Foundation
import SessionLintEngine
import SessionLintReporters

/// A whole `sessionlint scan` of a HAR file, as the CLI runs it, rendered by every reporter: the
/// rules, timelines and token analyses see whatever transactions a hostile file yields, and every
/// output format must escape what it is given.
enum ScanHarness {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        ScratchFile.with(bytes, suffix: ".har") { path in
            var options = ScanOptions(inputs: [path])
            options.showValues = bytes.first.map { $0 & 1 == 1 } ?? false
            guard let outcome = try? ScanJob.run(options) else { return }
            for format in ReportFormat.allCases {
                _ = format.reporter(colored: true).render(outcome.report)
            }
        }
    }
}
