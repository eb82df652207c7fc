import SessionLintCore
import SessionLintTokens

/// Session IDs that cannot hold enough entropy whatever generates them: the bound is
/// length × log2(alphabet) after constant parts. Below `minimum-bits` (ASVS 4.0.3 V3.2.2: 64)
/// at the rule's severity; below `recommended-bits` (ASVS 5.0 V7.2.3: 128) one level lower.
struct SessionIDLowEntropy: TokenRule {
    static let id: RuleID = "session-id-low-entropy"

    func check(_ analysis: TokenAnalysis, options: RuleOptions) -> [Violation] {
        // Values with separators or odd characters ("ajax:…") fit no standard alphabet; the
        // characters seen then say too little about what the generator can produce to judge.
        guard let bits = analysis.maximumBits, let alphabet = analysis.alphabet, alphabet.isStandard, let lengths = analysis.lengths else { return [] }
        let minimum = Double(options.integer("minimum-bits") ?? 64), recommended = Double(options.integer("recommended-bits") ?? 128)
        guard bits < recommended else { return [] }
        let shape = "\(lengths.upperBound) \(alphabet.name) characters"
            + (analysis.constantPrefix.isEmpty && analysis.constantSuffix.isEmpty ? "" : " besides constant parts")
        if bits < minimum {
            return [Violation("\(analysis.cookie) IDs hold at most \(Int(bits)) bits (\(shape)), below the \(Int(minimum)) bits every session ID needs")]
        }
        return [Violation("\(analysis.cookie) IDs hold at most \(Int(bits)) bits (\(shape)), below the recommended \(Int(recommended))", demotion: 1)]
    }
}
