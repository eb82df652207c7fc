import SessionLintCore
import SessionLintTokens

/// Session IDs whose structure gives the next one away: a counter, the issuance time, a
/// time-based UUID, a hash of a counter, the time or the client's address, java.util.Random's
/// outputs; or whose bits fail the statistical tests. Reported with the mechanism
/// named; a LIKELY or STATISTICAL verdict (supported, not proven) one level lower. IDs issued
/// twice are session-id-issued-twice's.
struct SessionIDPredictable: TokenRule {
    static let id: RuleID = "session-id-predictable"
    private static let kinds: Set<TokenMechanism.Kind> = [.counter, .timestamp, .timeBasedUUID, .hashOfGuessable, .weakGenerator, .statistical]

    func check(_ analysis: TokenAnalysis, options: RuleOptions) -> [Violation] {
        let mechanisms = analysis.mechanisms.filter { Self.kinds.contains($0.kind) }
        guard let strongest = mechanisms.min(by: { $0.verdict < $1.verdict }) else { return [] }
        let named = mechanisms.map { "\($0.kind.rawValue) (\($0.verdict.rawValue)): \($0.detail)" }.joined(separator: "; ")
        return [Violation("\(analysis.cookie) IDs are predictable from \(analysis.sampleCount) issued values: \(named)",
                          demotion: strongest.verdict == .certain ? 0 : 1)]
    }
}
