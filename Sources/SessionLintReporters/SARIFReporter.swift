import Foundation
import SessionLintCore

/// SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: rules with help and security
/// severity, results located at a line of the input (HAR entries also as logical locations),
/// stable fingerprints, suppressions and baseline states, and the HTTP exchange as
/// webRequest/webResponse with values redacted as in every report.
public struct SARIFReporter: Reporter {
    public static let homepage = "https://github.com/sessionlint/sessionlint"

    public init() {}

    public func render(_ report: Report) -> String {
        let ruleIDs = report.rules.keys.sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
        let log = Log(runs: [Run(
            tool: Tool(driver: Driver(
                name: "sessionlint", version: SessionLintVersion.current, semanticVersion: SessionLintVersion.current,
                informationUri: Self.homepage,
                rules: ruleIDs.compactMap { report.rules[$0] }.map(descriptor))),
            invocations: [invocation(report)],
            results: report.findings.map { result($0, index: ruleIndex[$0.rule], report: report) })])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(log) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: - Pieces

    private func descriptor(_ rule: RuleDescription) -> ReportingDescriptor {
        var tags = ["security"]
        tags += rule.references.cwe.flatMap { ["CWE-\($0)", "external/cwe/cwe-\($0)"] }
        return ReportingDescriptor(
            id: rule.id.rawValue, name: pascalCase(rule.id.rawValue),
            shortDescription: Message(text: rule.summary), fullDescription: Message(text: rule.description),
            help: MultiformatMessage(text: helpText(rule), markdown: helpMarkdown(rule)),
            helpUri: RuleDocumentation.url(for: rule.id),
            defaultConfiguration: Configuration(level: level(rule.severity)),
            properties: DescriptorProperties(
                tags: tags, securitySeverity: securitySeverity(rule.severity), precision: "high",
                problemSeverity: level(rule.severity)))
    }

    private func invocation(_ report: Report) -> Invocation {
        Invocation(
            executionSuccessful: report.inputErrors.isEmpty,
            toolExecutionNotifications: report.inputErrors.map {
                Notification(level: "error", message: Message(text: $0.message), locations: [Location(file: $0.file, line: errorLine($0))])
            } + report.warnings.map {
                Notification(level: "warning", message: Message(text: $0.message), locations: [Location(provenance: $0.provenance)])
            },
            toolConfigurationNotifications: report.configurationNotes.map {
                Notification(level: "warning", message: Message(text: $0.message), locations: [Location(provenance: $0.provenance)])
            })
    }

    private func result(_ finding: Finding, index: Int?, report: Report) -> Result {
        let fingerprint = finding.key.fingerprint
        var suppressions: [Suppression]?
        switch finding.status {
        case .open: break
        case .baselined: suppressions = [Suppression(kind: "external", status: "accepted", justification: "accepted in the baseline")]
        case .suppressed(let reason, _): suppressions = [Suppression(kind: "external", status: "accepted", justification: reason)]
        }
        let evidence = finding.first
        return Result(
            ruleId: finding.rule.rawValue, ruleIndex: index, level: level(finding.severity),
            message: Message(text: finding.message),
            locations: [Location(provenance: evidence.provenance)],
            partialFingerprints: ["sessionlintFindingKey/v1": String(fingerprint.dropFirst(3))],
            fingerprints: ["sessionlint/v1": fingerprint],
            occurrenceCount: finding.occurrences,
            suppressions: suppressions,
            baselineState: report.comparedWithBaseline ? (finding.status == .baselined ? "unchanged" : "new") : nil,
            webRequest: WebRequest(protocol: "HTTP", target: evidence.url, method: evidence.method),
            webResponse: evidence.status.map { WebResponse(protocol: "HTTP", statusCode: $0, headers: setCookieHeader(evidence.excerpt)) },
            properties: ResultProperties(
                severity: finding.severity.rawValue, host: finding.key.host, cookie: finding.key.cookieName,
                cookiePath: finding.key.cookiePath, sessionCookie: finding.isSessionCookie, clients: finding.clients.isEmpty ? nil : finding.clients))
    }

    private func setCookieHeader(_ excerpt: String) -> [String: String] {
        let prefix = "Set-Cookie: "
        return excerpt.hasPrefix(prefix) ? ["Set-Cookie": String(excerpt.dropFirst(prefix.count))] : [:]
    }

    private func errorLine(_ error: InputError) -> Int? {
        switch error.place {
        case .lineColumn(let line, _), .line(let line): line
        default: nil
        }
    }

    private func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// GitHub's scale: ≥ 9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low.
    private func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        case .info: "0.5"
        }
    }

    private func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    private func helpText(_ rule: RuleDescription) -> String {
        var text = rule.description + "\n\nWhy this severity: " + rule.severityReasoning
        if !rule.remediation.isEmpty {
            text += "\n\nRemediation:\n" + rule.remediation.map { "- \(RuleDescription.frameworkDisplayName($0.framework)): \($0.text)" }.joined(separator: "\n")
        }
        return text
    }

    private func helpMarkdown(_ rule: RuleDescription) -> String {
        var text = "**\(rule.name)**\n\n\(rule.description)\n\n*Why this severity:* \(rule.severityReasoning)\n"
        if !rule.remediation.isEmpty {
            text += "\n### Remediation\n\n| Framework | Fix |\n|---|---|\n"
            text += rule.remediation.map { "| \(RuleDescription.frameworkDisplayName($0.framework)) | \($0.text.replacingOccurrences(of: "|", with: "\\|")) |" }.joined(separator: "\n") + "\n"
        }
        let refs = rule.references
        let lines = refs.cwe.map { "[CWE-\($0)](https://cwe.mitre.org/data/definitions/\($0).html)" }
            + refs.asvs.map { "OWASP ASVS \($0)" } + refs.rfc + refs.zap.map { "OWASP ZAP \($0)" } + refs.other
        if !lines.isEmpty { text += "\n### References\n\n" + lines.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        return text
    }

    // MARK: - The SARIF object model (only what is written)

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }

    struct Run: Encodable {
        var tool: Tool
        var invocations: [Invocation]
        var results: [Result]
        var columnKind = "unicodeCodePoints"
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name: String
        var version: String
        var semanticVersion: String
        var informationUri: String
        var rules: [ReportingDescriptor]
    }

    struct Message: Encodable { var text: String }

    struct MultiformatMessage: Encodable {
        var text: String
        var markdown: String
    }

    struct Configuration: Encodable { var level: String }

    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: MultiformatMessage
        var helpUri: String?
        var defaultConfiguration: Configuration
        var properties: DescriptorProperties
    }

    struct DescriptorProperties: Encodable {
        var tags: [String]
        var securitySeverity: String
        var precision: String
        var problemSeverity: String
        enum CodingKeys: String, CodingKey {
            case tags, precision
            case securitySeverity = "security-severity"
            case problemSeverity = "problem.severity"
        }
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]
        var toolConfigurationNotifications: [Notification]
    }

    struct Notification: Encodable {
        var level: String
        var message: Message
        var locations: [Location]
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]?

        init(file: String, line: Int?) {
            physicalLocation = PhysicalLocation(artifactLocation: ArtifactLocation(uri: uriReference(file)), region: line.map { Region(startLine: $0) })
        }

        init(provenance: Provenance) {
            var region = Region(startLine: provenance.line)
            var logical: [LogicalLocation]?
            switch provenance.location {
            case .harEntry(let index):
                region.startLine = region.startLine ?? 1
                logical = [LogicalLocation(name: "entry \(index)", fullyQualifiedName: "log.entries[\(index)]", kind: "element")]
            case .frame(let number):
                logical = [LogicalLocation(name: "frame \(number)", fullyQualifiedName: "frame \(number)", kind: "element")]
            case .line(let number):
                region.startLine = number
            case .byteOffset(let offset):
                region.byteOffset = offset
            case .whole:
                break
            }
            if region.startLine == nil, region.byteOffset == nil { region.startLine = 1 }
            physicalLocation = PhysicalLocation(artifactLocation: ArtifactLocation(uri: uriReference(provenance.input)), region: region)
            logicalLocations = logical
        }
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }

    struct ArtifactLocation: Encodable { var uri: String }

    struct Region: Encodable {
        var startLine: Int?
        var byteOffset: Int?
    }

    struct LogicalLocation: Encodable {
        var name: String
        var fullyQualifiedName: String
        var kind: String
    }

    struct Suppression: Encodable {
        var kind: String
        var status: String
        var justification: String
    }

    struct WebRequest: Encodable {
        var `protocol`: String
        var target: String
        var method: String
    }

    struct WebResponse: Encodable {
        var `protocol`: String
        var statusCode: Int
        var headers: [String: String]
    }

    struct ResultProperties: Encodable {
        var severity: String
        var host: String
        var cookie: String
        var cookiePath: String
        var sessionCookie: Bool
        var clients: [String]?
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var fingerprints: [String: String]
        var occurrenceCount: Int
        var suppressions: [Suppression]?
        var baselineState: String?
        var webRequest: WebRequest
        var webResponse: WebResponse?
        var properties: ResultProperties
    }
}

/// A path as a SARIF URI reference: relative paths stay relative (GitHub resolves them against
/// the repository), absolute ones become file: URIs; unsafe characters are percent-encoded.
func uriReference(_ path: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: ":")
    let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    return path.hasPrefix("/") ? "file://" + encoded : encoded
}
