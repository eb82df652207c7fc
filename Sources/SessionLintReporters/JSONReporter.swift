import Foundation
import SessionLintCore

/// The machine-readable report, schema version 1 (docs/json-report.md). Additive changes keep
/// the version; anything that renames or removes a field bumps it.
public struct JSONReporter: Reporter {
    public static let schemaVersion = 1

    public init() {}

    public func render(_ report: Report) -> String {
        let document = Document(
            schemaVersion: Self.schemaVersion,
            tool: .init(name: "sessionlint", version: SessionLintVersion.current),
            summary: .init(
                findings: report.findings.count,
                bySeverity: Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, report.count($0)) }),
                inputs: report.inputs.count, transactions: report.transactionCount, clients: report.clientCount,
                warnings: report.warnings.count, elapsedSeconds: (report.elapsedSeconds * 1000).rounded() / 1000,
                failOn: report.failThreshold?.rawValue ?? "never", failed: report.failed,
                baselined: report.baselinedCount, suppressed: report.suppressedCount),
            inputs: report.inputs,
            findings: report.findings.map { finding in
                .init(
                    ruleId: finding.rule.rawValue, ruleName: report.rules[finding.rule]?.name ?? finding.rule.rawValue,
                    severity: finding.severity.rawValue, host: finding.key.host,
                    cookie: .init(name: finding.key.cookieName, path: finding.key.cookiePath, session: finding.isSessionCookie),
                    message: finding.message, occurrences: finding.occurrences, clients: finding.clients,
                    first: .init(finding.first), last: .init(finding.last),
                    cwe: report.rules[finding.rule]?.references.cwe ?? [],
                    fingerprint: finding.key.fingerprint, status: finding.status.name,
                    suppression: {
                        if case .suppressed(let reason, let source) = finding.status { return .init(reason: reason, location: .init(source)) }
                        return nil
                    }())
            },
            warnings: report.warnings.map { .init(location: .init($0.provenance), message: $0.message) },
            configurationNotes: report.configurationNotes.map { .init(location: .init($0.provenance), message: $0.message) },
            inputErrors: report.inputErrors.map { .init(input: $0.file, message: $0.description) },
            inventory: report.inventory.map(InventoryRecord.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct Document: Encodable {
        var schemaVersion: Int
        var tool: Tool
        var summary: Summary
        var inputs: [String]
        var findings: [FindingRecord]
        var warnings: [WarningRecord]
        var configurationNotes: [WarningRecord]
        var inputErrors: [ErrorRecord]
        var inventory: [InventoryRecord]
    }

    /// One cookie of the inventory; no value.
    struct InventoryRecord: Encodable {
        var host, name, path: String
        var domain: String?
        var secure, httpOnly, partitioned, session: Bool
        var sameSite: String?
        var lifetimeSeconds: Double?
        var role: String
        var timesSet, timesSetOverHTTP, attributeVariants: Int
        var firstSet: Location
        var firstSetRequest: String

        init(_ entry: CookieInventoryEntry) {
            (host, name, path, domain) = (entry.host, entry.name, entry.path, entry.domain)
            (secure, httpOnly, partitioned, session) = (entry.secure, entry.httpOnly, entry.partitioned, entry.isSession)
            (sameSite, lifetimeSeconds, role) = (entry.sameSite, entry.lifetimeSeconds, entry.role)
            (timesSet, timesSetOverHTTP, attributeVariants) = (entry.timesSet, entry.timesSetOverHTTP, entry.attributeVariants)
            (firstSet, firstSetRequest) = (Location(entry.firstSet), entry.firstSetRequest)
        }
    }

    struct ErrorRecord: Encodable {
        var input: String
        var message: String
    }

    struct SuppressionRecord: Encodable {
        var reason: String
        var location: Location
    }

    struct Tool: Encodable {
        var name: String
        var version: String
    }

    struct Summary: Encodable {
        var findings: Int
        var bySeverity: [String: Int]
        var inputs: Int
        var transactions: Int
        var clients: Int
        var warnings: Int
        var elapsedSeconds: Double
        var failOn: String
        var failed: Bool
        var baselined: Int
        var suppressed: Int
    }

    struct FindingRecord: Encodable {
        var ruleId: String
        var ruleName: String
        var severity: String
        var host: String
        var cookie: Cookie
        var message: String
        var occurrences: Int
        var clients: [String]
        var first: EvidenceRecord
        var last: EvidenceRecord
        var cwe: [Int]
        var fingerprint: String
        /// "open", "baselined" or "suppressed"; only open findings count against the gate.
        var status: String
        var suppression: SuppressionRecord?
    }

    struct Cookie: Encodable {
        var name: String
        var path: String
        var session: Bool
    }

    struct EvidenceRecord: Encodable {
        var location: Location
        var time: Date?
        var method: String
        var url: String
        var status: Int?
        var excerpt: String

        init(_ evidence: Evidence) {
            location = Location(evidence.provenance)
            time = evidence.time
            method = evidence.method
            url = evidence.url
            status = evidence.status
            excerpt = evidence.excerpt
        }
    }

    /// `{"input": "a.har", "kind": "har-entry", "index": 3}` and the like.
    struct Location: Encodable {
        var input: String
        var kind: String
        var index: Int?
        var frame: Int?
        var line: Int?
        var byteOffset: Int?

        init(_ provenance: Provenance) {
            input = provenance.input
            line = provenance.line
            switch provenance.location {
            case .harEntry(let i): kind = "har-entry"; index = i
            case .frame(let n): kind = "frame"; frame = n
            case .line: kind = "line"
            case .byteOffset(let o): kind = "byte-offset"; byteOffset = o
            case .whole: kind = "input"
            }
        }
    }

    struct WarningRecord: Encodable {
        var location: Location
        var message: String
    }
}
