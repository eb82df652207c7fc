import ArgumentParser
import SessionLintReporters

struct Reporters: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the report formats for --report.")

    func run() throws {
        let width = ReportFormat.allCases.map(\.rawValue.count).max() ?? 0
        for format in ReportFormat.allCases {
            print(format.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + format.summary)
        }
    }
}
