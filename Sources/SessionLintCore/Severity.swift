/// How much a finding matters. Ordered, so `--fail-on medium` means "medium or worse".
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case info, low, medium, high, critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// This severity moved `steps` levels down, never below `info`.
    public func lowered(by steps: Int) -> Severity {
        let target = max(0, rank - max(0, steps))
        return Severity.allCases.first { $0.rank == target } ?? .info
    }

    public var description: String { rawValue }
}
