import Foundation
import SessionLintCore

/// The `tokens` command's output: what was found per cookie, without any value.
public enum TokenReport {
    public static func text(_ analysis: TokenAnalysis) -> String {
        var lines = ["\(terminalSafe(analysis.cookie)) on \(terminalSafe(analysis.host)): \(analysis.sampleCount) sample\(analysis.sampleCount == 1 ? "" : "s")"
            + (analysis.uniqueValues > analysis.sampleCount ? " of \(analysis.uniqueValues) unique values" : "")]
        lines.append("  format: \(describe(analysis.format))" + (analysis.signatureCookie.map { ", signed by the \(terminalSafe($0)) cookie beside it" } ?? ""))
        if let shape = shape(analysis) { lines.append("  alphabet: \(shape)") }
        if !analysis.constantPrefix.isEmpty || !analysis.constantSuffix.isEmpty {
            lines.append("  constant parts: prefix \"\(terminalSafe(analysis.constantPrefix))\", suffix \"\(terminalSafe(analysis.constantSuffix))\" (left out of the bound)")
        }
        lines.append("  verdict: \(analysis.verdict.rawValue)")
        for mechanism in analysis.mechanisms {
            lines.append("    \(mechanism.verdict.rawValue) \(mechanism.kind.rawValue): \(mechanism.detail)")
        }
        if let advice = analysis.advice { lines.append("    \(advice)") }
        for note in analysis.notes { lines.append("  structure set aside: \(note)") }
        if let characters = analysis.characters, let alphabet = analysis.alphabet {
            lines += characterLines(characters, alphabet: alphabet)
        }
        if let randomness = analysis.randomness {
            lines.append("  statistics on \(randomness.tokensTested) tokens, \(randomness.bitsTested) varying bits\(randomness.constantBits > 0 ? " (\(randomness.constantBits) constant, left out)" : ""):")
            lines += testTable(randomness.tests)
            lines.append("    effective entropy: \(randomness.effectiveBits) of \(randomness.bitsTested) bits pass every test at 1 % (a random source: about \(Int(randomness.expectedEffectiveBits)))")
            lines.append("    after Holm's correction at \(RandomnessReport.alpha): \(randomness.rejections.isEmpty ? "randomness not rejected" : "\(randomness.rejections.count) rejections")")
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    public static func json(_ analysis: TokenAnalysis) -> String {
        var object: [String: Any] = [
            "host": analysis.host, "cookie": analysis.cookie, "samples": analysis.sampleCount, "uniqueValues": analysis.uniqueValues,
            "format": describe(analysis.format), "verdict": analysis.verdict.rawValue,
            "mechanisms": analysis.mechanisms.map { ["kind": $0.kind.rawValue, "verdict": $0.verdict.rawValue, "detail": $0.detail] },
        ]
        if let alphabet = analysis.alphabet { object["alphabet"] = ["name": alphabet.name, "size": alphabet.size] }
        if let lengths = analysis.lengths { object["length"] = ["min": lengths.lowerBound, "max": lengths.upperBound] }
        if let bits = analysis.maximumBits { object["maximumBits"] = (bits * 10).rounded() / 10 }
        if let advice = analysis.advice { object["advice"] = advice }
        if !analysis.notes.isEmpty { object["structure"] = analysis.notes }
        if let characters = analysis.characters {
            object["characters"] = [
                "values": characters.tokens, "length": characters.length,
                "positionEntropy": characters.positionEntropy.map { ($0 * 100).rounded() / 100 },
                "distribution": characters.distribution.map { ["character": String($0.character), "count": $0.count] },
                "minEntropy": (characters.minEntropy * 10).rounded() / 10, "nullMinEntropy": (characters.nullMinEntropy * 10).rounded() / 10,
                "rejections": characters.rejections.count, "tests": characters.tests.map(json),
            ] as [String: Any]
        }
        if let randomness = analysis.randomness {
            object["statistics"] = [
                "tokens": randomness.tokensTested, "bits": randomness.bitsTested, "constantBits": randomness.constantBits,
                "effectiveBits": randomness.effectiveBits, "expectedEffectiveBits": (randomness.expectedEffectiveBits * 10).rounded() / 10,
                "rejections": randomness.rejections.count,
                "tests": randomness.tests.map(json),
            ] as [String: Any]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The analysis for reports that draw it (the HTML report's charts). Long alphabets of
    /// observed characters are cut to their first 128 symbols.
    public static func summary(_ analysis: TokenAnalysis) -> TokenSummary {
        let characters = analysis.characters
        func results(_ tests: [RandomnessReport.TestSummary]) -> [TokenSummary.TestResult] {
            tests.map { TokenSummary.TestResult(name: $0.name, pValues: $0.count, smallestP: $0.smallestP, belowOnePercent: $0.belowOnePercent) }
        }
        return TokenSummary(
            host: analysis.host, cookie: analysis.cookie, samples: analysis.sampleCount, format: describe(analysis.format), shape: shape(analysis),
            verdict: analysis.verdict.rawValue, mechanisms: analysis.mechanisms.map { "\($0.verdict.rawValue) \($0.kind.rawValue): \($0.detail)" },
            notes: analysis.notes, advice: analysis.advice, positionEntropy: characters?.positionEntropy ?? [],
            bitsPerCharacter: analysis.alphabet?.bitsPerCharacter ?? 0,
            distribution: (characters?.distribution ?? []).prefix(128).map { TokenSummary.SymbolCount(symbol: String($0.character), count: $0.count) },
            characterTests: results(characters?.tests ?? []), bitTests: results(analysis.randomness?.tests ?? []),
            effectiveEntropy: analysis.randomness.map { "\($0.effectiveBits) of \($0.bitsTested) bits pass every test at 1 % (a random source: about \(Int($0.expectedEffectiveBits)))" },
            minEntropy: characters.map { String(format: "%.1f bits; a random source at this sample size: %.1f", $0.minEntropy, $0.nullMinEntropy) })
    }

    /// "hex (lower case), length 32, at most 128 bits", when the values are IDs.
    private static func shape(_ analysis: TokenAnalysis) -> String? {
        guard let alphabet = analysis.alphabet, let lengths = analysis.lengths, let bits = analysis.maximumBits else { return nil }
        let length = lengths.lowerBound == lengths.upperBound ? "\(lengths.lowerBound)" : "\(lengths.lowerBound)–\(lengths.upperBound)"
        return "\(alphabet.name), length \(length), at most \(Int(bits)) bits"
    }

    private static func json(_ test: RandomnessReport.TestSummary) -> [String: Any] {
        ["name": test.name, "pValues": test.count, "smallestP": test.smallestP, "belowOnePercent": test.belowOnePercent]
    }

    /// Burp Sequencer's character-level analysis: entropy per position, how often each symbol
    /// occurs, the count and transition tests, and min-entropy beside a random source's.
    private static func characterLines(_ characters: CharacterReport, alphabet: TokenAlphabet) -> [String] {
        var lines = ["  characters of the \(characters.tokens) values of \(characters.length) (\(alphabet.size) symbols):"]
        lines.append("    entropy per position (bits, at most \(String(format: "%.1f", alphabet.bitsPerCharacter)) each):")
        for row in stride(from: 0, to: characters.positionEntropy.count, by: 16) {
            lines.append("      " + characters.positionEntropy[row..<min(characters.positionEntropy.count, row + 16)].map { String(format: "%.1f", $0) }.joined(separator: " "))
        }
        let expected = Double(characters.tokens * characters.length) / Double(max(1, characters.alphabetSize))
        lines.append("    distribution over all positions (a random source: about \(Int(expected.rounded())) each):")
        for row in stride(from: 0, to: characters.distribution.count, by: 8) {
            lines.append("      " + characters.distribution[row..<min(characters.distribution.count, row + 8)]
                .map { terminalSafe(String($0.character)) + String($0.count).leftPadded(7) }.joined(separator: "  "))
        }
        lines.append("    min-entropy (SP 800-90B most common value per position, summed): \(String(format: "%.1f", characters.minEntropy)) bits; a random source at this sample size: \(String(format: "%.1f", characters.nullMinEntropy))")
        if characters.tests.isEmpty {
            lines.append("    count and transition tests need \(5 * characters.alphabetSize) values (five per symbol)")
        } else {
            lines += testTable(characters.tests)
            lines.append("    after Holm's correction: \(characters.rejections.isEmpty ? "no position rejected" : "\(characters.rejections.count) rejections (character tests alone decide nothing: unpadded numbers make leading positions uneven)")")
        }
        return lines
    }

    private static func testTable(_ tests: [RandomnessReport.TestSummary]) -> [String] {
        ["    test                  p-values  smallest p  below 1 %"] + tests.map { test in
            "    " + test.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                + String(test.count).leftPadded(10) + String(format: "%.1e", test.smallestP).leftPadded(12) + String(test.belowOnePercent).leftPadded(11)
        }
    }

    static func describe(_ format: TokenFormat) -> String {
        switch format {
        case .identifier(_, let wrapper?): "identifier inside \(wrapper)"
        case .identifier: "identifier"
        case .jwt(let algorithm, let expires):
            "JWT (alg \(algorithm ?? "missing")\(expires.map { ", expires \(ISO8601DateFormatter().string(from: $0))" } ?? ", no exp"))"
        case .signedData(let kind): "signed data, readable by the client: \(kind)"
        case .encrypted(let kind, _): "encrypted container: \(kind)"
        case .readableState(let kind): "session state in the clear: \(kind)"
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
