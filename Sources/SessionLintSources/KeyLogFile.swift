import Foundation
import SessionLintCore
import SessionLintTLS

/// Reads the `--keylog` files: SSLKEYLOGFILE text as browsers, curl and TLS libraries write it.
public enum KeyLogFile {
    /// Lines reported one by one before the rest are only counted.
    static let reportedProblems = 20

    /// All files merged. A file that cannot be read, or that holds lines but not one usable
    /// secret, is an error; unusable lines in a usable file are warnings with their numbers.
    public static func load(paths: [String], limits: Limits = Limits()) throws(InputError) -> (keyLog: KeyLog, warnings: [InputWarning]) {
        var keyLog = KeyLog()
        var warnings: [InputWarning] = []
        for path in paths {
            let text = try contents(of: path, limit: limits.documentBytes)
            var file = KeyLog()
            let problems = file.add(text: text)
            if file.isEmpty, let first = problems.first {
                throw InputError(file: path, place: .line(first.line), message: "not a TLS key log (SSLKEYLOGFILE format): \(first.message)")
            }
            for problem in problems.prefix(reportedProblems) {
                warnings.append(InputWarning(provenance: Provenance(input: path, location: .line(number: problem.line)),
                                             message: "key log line skipped: \(problem.message)"))
            }
            if problems.count > reportedProblems {
                warnings.append(InputWarning(provenance: Provenance(input: path, location: .whole),
                                             message: "\(problems.count - reportedProblems) more key log lines skipped"))
            }
            if file.isEmpty {
                warnings.append(InputWarning(provenance: Provenance(input: path, location: .whole), message: "the key log holds no secrets"))
            }
            keyLog.merge(file)
        }
        return (keyLog, warnings)
    }

    private static func contents(of path: String, limit: Int) throws(InputError) -> [UInt8] {
        let data = try InputOpener.read(path, upTo: limit + 1)
        guard data.count <= limit else {
            throw InputError(file: path, message: "key log larger than \(Limits.describe(limit, unit: .bytes)) (document-bytes)")
        }
        return [UInt8](data)
    }
}
