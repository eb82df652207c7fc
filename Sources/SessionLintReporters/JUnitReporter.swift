import SessionLintCore

/// JUnit XML for GitLab, Jenkins and other test tabs: one test suite per input, one test case
/// per rule that ran, and a failure per finding that fails the gate. Findings below the gate
/// and accepted ones (baselined, suppressed) are listed in the case's system-out, so the tab
/// agrees with the exit code.
public struct JUnitReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        let rules = report.activeRules.isEmpty ? Array(Set(report.findings.map(\.rule))).sorted() : report.activeRules.sorted()
        let inputs = report.inputs.isEmpty ? Array(Set(report.findings.map(\.first.provenance.input))).sorted() : report.inputs
        var suites = ""
        var totalTests = 0, totalFailures = 0
        for input in inputs {
            var cases = ""
            var failures = 0
            for rule in rules {
                let findings = report.findings.filter { $0.rule == rule && $0.first.provenance.input == input }
                let failing = findings.filter(report.fails)
                let other = findings.filter { !report.fails($0) }
                failures += failing.isEmpty ? 0 : 1
                let name = xml("\(rule) in \(input)")
                cases += "    <testcase classname=\"sessionlint.\(xml(rule.rawValue))\" name=\"\(name)\" time=\"0\""
                guard !findings.isEmpty else { cases += "/>\n"; continue }
                cases += ">\n"
                for finding in failing {
                    cases += "      <failure type=\"\(finding.severity)\" message=\"\(xml(finding.message))\">"
                        + xml(details(finding)) + "</failure>\n"
                }
                if !other.isEmpty {
                    cases += "      <system-out>" + xml(other.map { "[\(state($0, report: report))] \(details($0))" }.joined(separator: "\n\n")) + "</system-out>\n"
                }
                cases += "    </testcase>\n"
            }
            totalTests += rules.count
            totalFailures += failures
            suites += "  <testsuite name=\"\(xml(input))\" tests=\"\(rules.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
                + cases + "  </testsuite>\n"
        }
        for error in report.inputErrors {
            totalTests += 1
            suites += "  <testsuite name=\"\(xml(error.file))\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n"
                + "    <testcase classname=\"sessionlint.input\" name=\"read \(xml(error.file))\" time=\"0\">\n"
                + "      <error type=\"input\" message=\"\(xml(error.description))\"/>\n    </testcase>\n  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"sessionlint\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"\(report.inputErrors.count)\" time=\"\(String(format: "%.3f", report.elapsedSeconds))\">\n"
            + suites + "</testsuites>\n"
    }

    private func state(_ finding: Finding, report: Report) -> String {
        switch finding.status {
        case .open: "below --fail-on, \(finding.severity)"
        case .baselined: "baselined"
        case .suppressed(let reason, _): "suppressed: \(reason)"
        }
    }

    private func details(_ finding: Finding) -> String {
        let cookie = finding.key.cookieName.isEmpty ? "(nameless)" : finding.key.cookieName
        return """
            \(finding.severity): \(finding.message)
            host \(finding.key.host), cookie \(cookie), path \(finding.key.cookiePath); \(finding.occurrences) occurrence(s)
            first at \(finding.first.provenance.description): \(finding.first.method) \(finding.first.url)
            \(finding.first.excerpt)
            """
    }
}

/// Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry.
func xml(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        default:
            let v = scalar.value
            if v < 0x20 || (0xFFFE...0xFFFF).contains(v) || (0x7F...0x9F).contains(v) {
                out += "\\x" + String(v, radix: 16, uppercase: true)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}
