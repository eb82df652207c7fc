import Foundation
import SessionLintCore

/// Findings accepted at one point in time, by fingerprint. A JSON file meant to be committed
/// and reviewed: each entry also says in words what it accepts.
public struct Baseline: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, Codable {
        public var fingerprint: String
        public var rule: String
        public var host: String
        public var cookie: String
        public var path: String
        public var severity: String
        public var message: String
    }

    public static let formatVersion = 1
    public var entries: [Entry]

    public init(findings: [Finding]) {
        entries = findings.map {
            Entry(fingerprint: $0.key.fingerprint, rule: $0.rule.rawValue, host: $0.key.host, cookie: $0.key.cookieName,
                  path: $0.key.cookiePath, severity: $0.severity.rawValue, message: $0.message)
        }.sorted { ($0.rule, $0.host, $0.cookie, $0.path) < ($1.rule, $1.host, $1.cookie, $1.path) }
    }

    private struct File: Codable {
        var sessionlintBaseline: Int
        var generatedBy: String
        var findings: [Entry]
    }

    public init(contentsOf path: String) throws(InputError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(file: path, message: FileManager.default.fileExists(atPath: path) ? "cannot read the baseline" : "baseline file not found")
        }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            guard file.sessionlintBaseline == Self.formatVersion else {
                throw InputError(file: path, message: "baseline format \(file.sessionlintBaseline) is not supported (expected \(Self.formatVersion))")
            }
            entries = file.findings
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, message: "not a sessionlint baseline (write one with --write-baseline)")
        }
    }

    public func write(to path: String) throws(InputError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(File(
                sessionlintBaseline: Self.formatVersion, generatedBy: "sessionlint \(SessionLintVersion.current)", findings: entries))
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(file: path, message: "cannot write the baseline: \((error as NSError).localizedDescription)")
        }
    }
}

/// Decides each finding's status: suppressed by the configuration, baselined, or open. Also
/// reports suppressions that matched nothing and those past their expiry date.
public struct FindingTriage {
    public var suppressions: [Suppression]
    public var baseline: Baseline?
    public var today: CalendarDay

    public init(suppressions: [Suppression], baseline: Baseline?, today: CalendarDay) {
        self.suppressions = suppressions
        self.baseline = baseline
        self.today = today
    }

    public func apply(to findings: [Finding]) -> (findings: [Finding], notes: [InputWarning]) {
        var notes: [InputWarning] = []
        var used = Set<Int>()
        let live = suppressions.enumerated().filter { index, suppression in
            guard suppression.isExpired(on: today) else { return true }
            notes.append(InputWarning(
                provenance: suppression.source,
                message: "suppression of \(suppression.rule) expired on \(suppression.expires?.description ?? "?"); it no longer applies (\(suppression.reason))"))
            used.insert(index)  // already reported; not also "unused"
            return false
        }

        // Count-aware: each baseline entry accepts one finding with its fingerprint.
        var remaining: [String: Int] = [:]
        for entry in baseline?.entries ?? [] { remaining[entry.fingerprint, default: 0] += 1 }

        let triaged = findings.map { finding -> Finding in
            var finding = finding
            if let (index, suppression) = live.first(where: { $0.element.matches(finding.key) }) {
                used.insert(index)
                finding.status = .suppressed(reason: suppression.reason, source: suppression.source)
            } else if let count = remaining[finding.key.fingerprint], count > 0 {
                remaining[finding.key.fingerprint] = count - 1
                finding.status = .baselined
            }
            return finding
        }
        for (index, suppression) in suppressions.enumerated() where !used.contains(index) {
            notes.append(InputWarning(
                provenance: suppression.source,
                message: "suppression of \(suppression.rule) matched no finding; remove it if the flaw is fixed"))
        }
        return (triaged, notes)
    }
}
