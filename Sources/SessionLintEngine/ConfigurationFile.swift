import Foundation
import SessionLintCore
import SessionLintRules

/// Finds and reads the configuration: `--config PATH`, else `.sessionlint.yml` in the working
/// directory, else the defaults.
public enum ConfigurationFile {
    /// The configuration's text and path, or nil when there is none to read.
    public static func text(explicitPath: String?) throws(InputError) -> (text: String, path: String)? {
        let path = explicitPath ?? Configuration.fileName
        guard explicitPath != nil || FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return (try String(contentsOfFile: path, encoding: .utf8), path)
        } catch {
            throw InputError(file: path, message: FileManager.default.fileExists(atPath: path)
                ? "cannot read the configuration (not UTF-8 text?)" : "configuration file not found")
        }
    }
}
