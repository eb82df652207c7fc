import Foundation
import SessionLintCore

/// The `tokens` command's output: what was found per cookie, without any value.
public enum TokenReport {
    public static func text(_ analysis: TokenAnalysis) -> String {
        var lines = ["\(terminalSafe(analysis.cookie)) on \(terminalSafe(analysis.host)): \(analysis.sampleCount) sample\(analysis.sampleCount == 1 ? "" : "s")"
            + (analysis.uniqueValues > analysis.sampleCount ? " of \(analysis.uniqueValues) unique values" : "")]
        lines.append("  format: \(describe(analysis.format))")
        if let alphabet = analysis.alphabet, let lengths = analysis.lengths, let bits = analysis.maximumBits {
            let length = lengths.lowerBound == lengths.upperBound ? "\(lengths.lowerBound)" : "\(lengths.lowerBound)–\(lengths.upperBound)"
            lines.append("  alphabet: \(alphabet.name), length \(length), at most \(Int(bits)) bits")
        }
        if !analysis.constantPrefix.isEmpty || !analysis.constantSuffix.isEmpty {
            lines.append("  constant parts: prefix \"\(terminalSafe(analysis.constantPrefix))\", suffix \"\(terminalSafe(analysis.constantSuffix))\" (left out of the bound)")
        }
        lines.append("  verdict: \(analysis.verdict.rawValue)")
        for mechanism in analysis.mechanisms {
            lines.append("    \(mechanism.verdict.rawValue) \(mechanism.kind.rawValue): \(mechanism.detail)")
        }
        if let advice = analysis.advice { lines.append("    \(advice)") }
        if let (values, bits) = analysis.positionEntropy, let alphabet = analysis.alphabet, !bits.isEmpty {
            lines.append("  entropy per position over \(values) values (bits, at most \(String(format: "%.1f", alphabet.bitsPerCharacter)) each):")
            for row in stride(from: 0, to: bits.count, by: 16) {
                lines.append("    " + bits[row..<min(bits.count, row + 16)].map { String(format: "%.1f", $0) }.joined(separator: " "))
            }
        }
        if let randomness = analysis.randomness {
            lines.append("  statistics on \(randomness.tokensTested) tokens, \(randomness.bitsTested) varying bits\(randomness.constantBits > 0 ? " (\(randomness.constantBits) constant, left out)" : ""):")
            lines.append("    test          p-values  smallest p  below 1 %")
            for test in randomness.tests {
                lines.append("    " + test.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                             + String(test.count).leftPadded(10) + String(format: "%.1e", test.smallestP).leftPadded(12) + String(test.belowOnePercent).leftPadded(11))
            }
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
        if let (values, bits) = analysis.positionEntropy {
            object["positionEntropy"] = ["values": values, "bits": bits.map { ($0 * 100).rounded() / 100 }] as [String: Any]
        }
        if let randomness = analysis.randomness {
            object["statistics"] = [
                "tokens": randomness.tokensTested, "bits": randomness.bitsTested, "constantBits": randomness.constantBits,
                "effectiveBits": randomness.effectiveBits, "expectedEffectiveBits": (randomness.expectedEffectiveBits * 10).rounded() / 10,
                "rejections": randomness.rejections.count,
                "tests": randomness.tests.map { ["name": $0.name, "pValues": $0.count, "smallestP": $0.smallestP, "belowOnePercent": $0.belowOnePercent] },
            ] as [String: Any]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func describe(_ format: TokenFormat) -> String {
        switch format {
        case .identifier(_, let wrapper?): "identifier inside \(wrapper)"
        case .identifier: "identifier"
        case .jwt(let algorithm, let expires):
            "JWT (alg \(algorithm ?? "missing")\(expires.map { ", expires \(ISO8601DateFormatter().string(from: $0))" } ?? ", no exp"))"
        case .signedData(let kind): "signed data, readable by the client: \(kind)"
        case .encrypted(let kind): "encrypted container: \(kind)"
        case .readableState(let kind): "session state in the clear: \(kind)"
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
