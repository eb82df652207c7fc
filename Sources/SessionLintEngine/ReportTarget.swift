import Foundation
import SessionLintCore
import SessionLintReporters

/// One `--report FORMAT[:PATH]`: a format, and a file or standard output.
public struct ReportTarget: Sendable, Equatable {
    public var format: ReportFormat
    /// nil or "-" means standard output.
    public var path: String?

    public init(format: ReportFormat, path: String?) {
        self.format = format
        self.path = path
    }

    /// Parses `json`, `json:out.json`, `text:-`.
    public init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let format = ReportFormat(rawValue: String(parts[0]).lowercased()) else { return nil }
        self.format = format
        if parts.count == 2 {
            guard !parts[1].isEmpty else { return nil }
            path = parts[1] == "-" ? nil : String(parts[1])
        }
    }

    public var writesToStandardOutput: Bool { path == nil }

    /// Writes the rendered report. Files are written atomically (a temporary file renamed into
    /// place), so a CI step never reads half a report.
    public func write(_ text: String) throws(InputError) {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(file: path, message: "cannot write the \(format.rawValue) report: \((error as NSError).localizedDescription)")
        }
    }
}
