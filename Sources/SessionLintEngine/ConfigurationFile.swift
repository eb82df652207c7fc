import Foundation
import SessionLintCore
import SessionLintRules

/// Finds and reads the configuration: `--config PATH`, else `.sessionlint.yml` in the working
/// directory, else the defaults.
public enum ConfigurationFile {
    public static func load(explicitPath: String?, catalogue: RuleCatalogue) throws(InputError) -> Configuration {
        let path = explicitPath ?? Configuration.fileName
        guard explicitPath != nil || FileManager.default.fileExists(atPath: path) else { return Configuration() }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(file: path, message: FileManager.default.fileExists(atPath: path)
                ? "cannot read the configuration (not UTF-8 text?)" : "configuration file not found")
        }
        return try Configuration(yaml: text, file: path, catalogue: catalogue)
    }
}
