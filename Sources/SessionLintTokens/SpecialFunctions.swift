import Foundation

/// The few distributions the randomness tests need, written from their textbook definitions.
enum SpecialFunctions {
    /// The regularised upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a): the upper tail of
    /// χ² with 2a degrees of freedom at 2x (SP 800-22's `igamc`). A power series below a + 1,
    /// a continued fraction (modified Lentz) above, where each converges fast.
    static func upperIncompleteGamma(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x > 0 else { return x <= 0 ? 1 : 0 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, denominator = a
            for _ in 0..<10_000 {
                denominator += 1
                term *= x / denominator
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, fraction = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            fraction *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return min(1, exp(logPrefix) * fraction)
    }

    /// The standard normal distribution function Φ.
    static func normal(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
}
