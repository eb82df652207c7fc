import Foundation
import SessionLintCore

/// A client's sessions as an SVG swimlane: one row per session ID it held (numbered, never its
/// value), spanning first appearance to last use, and the logins, logouts, issues, rotations and
/// deletions as marks across the rows. Coordinates are computed here; the template places them.
struct LaneView {
    struct Row { let y: String, x: String, width: String, label: String, labelY: String, ending: String }
    struct Mark { let x: String, kind: String, label: String, color: String }

    static let width = 1000.0
    static let rowHeight = 26.0
    static let top = 8.0

    let client: String
    let findings: String
    let period: String
    let height: Int
    let rows: [Row]
    let marks: [Mark]
    let bottom: String
    /// "288 session IDs and 570 events in the middle are not drawn", when some were left out.
    let omitted: String?

    init(_ lane: SessionLane) {
        client = lane.client
        findings = lane.findings.joined(separator: ", ")
        let formatter = ISO8601DateFormatter()
        let span = max(0.001, lane.end.timeIntervalSince(lane.start))
        period = "\(formatter.string(from: lane.start)) to \(formatter.string(from: lane.end)) (\(HumanDuration.humanReadable(seconds: span)))"
        func x(_ date: Date) -> Double { date.timeIntervalSince(lane.start) / span * (Self.width - 10) + 5 }
        rows = lane.spans.enumerated().map { index, span in
            let start = x(span.start), end = max(x(span.end), start + 4)
            let y = Self.top + Double(index) * Self.rowHeight
            return Row(y: String(format: "%.1f", y), x: String(format: "%.1f", start), width: String(format: "%.1f", end - start),
                       label: "\(span.label), \(span.ending)", labelY: String(format: "%.1f", y + 14), ending: span.ending)
        }
        let drawn = max(1, lane.spans.count)
        height = Int(Self.top * 2 + Double(drawn) * Self.rowHeight)
        bottom = String(format: "%.1f", Double(height) - 2)
        omitted = lane.omittedSpans + lane.omittedMarkers == 0 ? nil
            : "\(lane.omittedSpans) session IDs and \(lane.omittedMarkers) events in the middle are not drawn; `sessionlint timeline` lists them all."
        marks = lane.markers.map { Mark(x: String(format: "%.1f", x($0.time)), kind: $0.kind.rawValue, label: $0.label, color: Self.color($0.kind)) }
    }

    static func color(_ kind: SessionLane.Marker.Kind) -> String {
        switch kind {
        case .login: "#1a7f37"
        case .failedLogin: "#ef6c00"
        case .logout: "#1f2328"
        case .issued: "#1565c0"
        case .rotated: "#7b1fa2"
        case .deleted: "#c62828"
        }
    }
}
