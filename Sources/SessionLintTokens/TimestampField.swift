import Foundation

/// The issuance time written into each value (predictability.md §5): 13 decimal digits of
/// milliseconds, 10 of seconds or 8 hex digits of seconds, at the same place in every value and
/// within an hour of the traffic's own clock. PHP's uniqid() starts with it, MongoDB's ObjectId
/// too; UUIDv7, ULID and "random bytes + time()" designs carry one beside enough randomness,
/// which is sound. What is left to guess is the rest, without its own constant parts.
struct TimestampField {
    let offset: Int
    let layout: String
    /// The most entropy the rest of the value can hold.
    let residualBits: Double

    private static let layouts: [(digits: Int, radix: Int, scale: Double, name: String)] = [
        (16, 10, 1_000_000, "microseconds as 16 decimal digits"), (13, 10, 1000, "milliseconds as 13 decimal digits"),
        (10, 10, 1, "seconds as 10 decimal digits"), (12, 16, 1000, "milliseconds as 12 hex digits"),
        (11, 16, 1000, "milliseconds as 11 hex digits"), (8, 16, 1, "seconds as 8 hex digits"),
    ]
    /// A field within this of the traffic's clock counts as the time (clocks drift; logs round).
    static let skew: Double = 3_600

    /// The first layout and place at which every value holds its own issuance time.
    static func find(_ values: [(value: String, time: Date?)]) -> TimestampField? {
        let timed = values.compactMap { value, time in time.map { (bytes: Array(value.utf8), time: $0.timeIntervalSince1970) } }
        guard timed.count >= TokenAnalysis.minimumForSequences, timed.count == values.count,
              let shortest = timed.map(\.bytes.count).min() else { return nil }
        for layout in layouts where shortest >= layout.digits {
            for offset in 0...(shortest - layout.digits) {
                let fits = timed.allSatisfy { bytes, time in
                    guard let field = number(bytes[offset..<(offset + layout.digits)], radix: layout.radix) else { return false }
                    return abs(Double(field) / layout.scale - time) < skew
                }
                guard fits else { continue }
                let rests = timed.map { String(decoding: $0.bytes[..<offset] + $0.bytes[(offset + layout.digits)...], as: UTF8.self) }
                return TimestampField(offset: offset, layout: layout.name, residualBits: residual(rests))
            }
        }
        return nil
    }

    /// Whole numeric values that grow in step with the issuance time, whatever the scale and
    /// epoch: Snowflake-style IDs (milliseconds since a custom epoch shifted left, then a worker
    /// and a sequence), scaled clocks. Nine in ten steps up and a linear fit against the time
    /// with r ≥ 0.999 on at least five values; random values are not ordered by time. The
    /// unknown part is what the fit leaves: log2 of the widest miss, both ways.
    static func proportional(_ values: [(value: String, time: Date?)]) -> (residualBits: Double, correlation: Double)? {
        guard values.count >= 5 else { return nil }
        var points: [(x: Double, y: Double)] = []
        for (value, time) in values {
            guard let time, value.count <= 20 else { return nil }
            guard let number = UInt64(value) ?? (value.count <= 16 ? UInt64(value, radix: 16) : nil) else { return nil }
            points.append((time.timeIntervalSince1970, Double(number)))
        }
        let rising = zip(points, points.dropFirst()).filter { $1.y > $0.y }.count
        guard Double(rising) >= 0.9 * Double(points.count - 1) else { return nil }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / n, meanY = points.reduce(0) { $0 + $1.y } / n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for point in points {
            sxx += (point.x - meanX) * (point.x - meanX)
            syy += (point.y - meanY) * (point.y - meanY)
            sxy += (point.x - meanX) * (point.y - meanY)
        }
        guard sxx > 0, syy > 0 else { return nil }
        let correlation = sxy / (sxx * syy).squareRoot()
        guard correlation >= 0.999 else { return nil }
        let slope = sxy / sxx
        let widest = points.map { abs($0.y - (meanY + slope * ($0.x - meanX))) }.max() ?? 0
        return (log2(2 * widest + 1), correlation)
    }

    var description: String {
        "each value holds its issuance time (\(layout)\(offset == 0 ? " at the start" : " from character \(offset + 1)"), within an hour of the traffic's clock)"
    }

    /// The rest's bound after its constant parts: an ObjectId's per-process bytes are the same in
    /// every value, and only its counter is left.
    private static func residual(_ rests: [String]) -> Double {
        guard let longest = rests.map(\.count).max(), longest > 0 else { return 0 }
        let prefix = TokenAnalysis.commonPrefix(rests)
        let trimmed = rests.map { String($0.dropFirst(prefix.count)) }
        let suffix = TokenAnalysis.commonSuffix(trimmed)
        let variable = trimmed.map { String($0.dropLast(suffix.count)) }
        guard let length = variable.map(\.count).max(), length > 0 else { return 0 }
        return TokenAlphabet(fitting: variable).maximumBits(length: length)
    }

    private static func number(_ bytes: ArraySlice<UInt8>, radix: Int) -> UInt64? {
        var value: UInt64 = 0
        for byte in bytes {
            let digit: UInt64
            switch byte {
            case 0x30...0x39: digit = UInt64(byte - 0x30)
            case 0x61...0x66 where radix == 16: digit = UInt64(byte - 0x61 + 10)
            case 0x41...0x46 where radix == 16: digit = UInt64(byte - 0x41 + 10)
            default: return nil
            }
            value = value * UInt64(radix) + digit
        }
        return value
    }
}
