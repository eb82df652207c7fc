import Foundation
import SessionLintCore

/// The session ID analysis as the HTML report draws it: the verdict and mechanisms, entropy per
/// character position and the character distribution as SVG bar charts (Burp Sequencer's two
/// character-level views), and the table of tests. Coordinates are computed here; the template
/// only places them.
struct TokenView {
    struct Bar { let x: String, y: String, width: String, height: String, label: String }
    struct Chart {
        let caption: String
        let width: Int, height: Int
        let bars: [Bar]
        /// Where a random source's level lies, as a y coordinate, when the chart has one.
        let reference: String?
    }
    struct TestRow { let level: String, name: String, pValues: Int, smallestP: String, belowOnePercent: Int, flagged: Bool }

    let host: String, cookie: String, samples: Int, verdict: String, verdictClass: String, format: String, shape: String?
    let mechanisms: [String], notes: [String], advice: String?
    let charts: [Chart]
    let tests: [TestRow]
    let effectiveEntropy: String?, minEntropy: String?

    /// Reports keep at most this many analyses on the page, findings first.
    static let maximumShown = 50
    static let chartHeight = 120

    init(_ summary: TokenSummary) {
        host = summary.host
        cookie = summary.cookie
        samples = summary.samples
        verdict = summary.verdict
        verdictClass = switch summary.verdict {
        case "CERTAIN": "sev-high"
        case "LIKELY", "STATISTICAL": "sev-medium"
        default: "sev-info"
        }
        format = summary.format
        shape = summary.shape
        mechanisms = summary.mechanisms
        notes = summary.notes
        advice = summary.advice
        var charts: [Chart] = []
        if !summary.positionEntropy.isEmpty, summary.bitsPerCharacter > 0 {
            charts.append(Self.chart(
                caption: "Entropy per character position (bits, at most \(String(format: "%.1f", summary.bitsPerCharacter)) each)",
                values: summary.positionEntropy, ceiling: summary.bitsPerCharacter,
                labels: summary.positionEntropy.enumerated().map { "position \($0.offset + 1): \(String(format: "%.2f", $0.element)) bits" },
                reference: nil))
        }
        if !summary.distribution.isEmpty {
            let counts = summary.distribution.map { Double($0.count) }
            let expected = counts.reduce(0, +) / Double(counts.count)
            charts.append(Self.chart(
                caption: "How often each character occurs, all positions together (the line: a random source)",
                values: counts, ceiling: max(counts.max() ?? 1, expected * 1.25),
                labels: summary.distribution.map { "\"\($0.symbol)\": \($0.count)" }, reference: expected))
        }
        self.charts = charts
        tests = summary.characterTests.map { Self.row("characters", $0) } + summary.bitTests.map { Self.row("bits", $0) }
        effectiveEntropy = summary.effectiveEntropy
        minEntropy = summary.minEntropy
    }

    private static func row(_ level: String, _ test: TokenSummary.TestResult) -> TestRow {
        TestRow(level: level, name: test.name, pValues: test.pValues, smallestP: String(format: "%.1e", test.smallestP),
                belowOnePercent: test.belowOnePercent, flagged: test.smallestP < 1e-4)
    }

    /// Bars scaled so `ceiling` fills the height; 6 units per bar, 2 of them gap.
    private static func chart(caption: String, values: [Double], ceiling: Double, labels: [String], reference: Double?) -> Chart {
        let height = Double(chartHeight), step = 6.0
        let bars = values.enumerated().map { index, value in
            let barHeight = max(0.5, min(1, value / ceiling) * height)
            return Bar(x: String(format: "%.1f", Double(index) * step), y: String(format: "%.1f", height - barHeight),
                       width: String(format: "%.1f", step - 2), height: String(format: "%.1f", barHeight), label: labels[index])
        }
        return Chart(caption: caption, width: max(60, Int(Double(values.count) * step)), height: chartHeight, bars: bars,
                     reference: reference.map { String(format: "%.1f", height - min(1, $0 / ceiling) * height) })
    }

    /// Cookies with a verdict first, then by host and name; at most `maximumShown`.
    static func views(_ summaries: [TokenSummary]) -> [TokenView] {
        summaries.sorted { a, b in
            (a.verdict == "INCONCLUSIVE" ? 1 : 0, a.host, a.cookie) < (b.verdict == "INCONCLUSIVE" ? 1 : 0, b.host, b.cookie)
        }.prefix(maximumShown).map(TokenView.init)
    }
}
