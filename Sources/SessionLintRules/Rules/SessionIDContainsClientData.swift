import SessionLintCore
import SessionLintTokens

/// Session IDs built from the client's own data (its address): what an attacker knows about a
/// victim narrows the IDs to guess, and the ID leaks it wherever it goes.
struct SessionIDContainsClientData: TokenRule {
    static let id: RuleID = "session-id-contains-client-data"

    func check(_ analysis: TokenAnalysis, options: RuleOptions) -> [Violation] {
        analysis.mechanisms.filter { $0.kind == .clientAddress }.map { Violation("\(analysis.cookie) IDs: \($0.detail)") }
    }
}
