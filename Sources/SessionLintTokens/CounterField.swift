import Foundation

/// A number that grows in issuance order, as the whole value or written before or after the
/// random part: sequential IDs, MongoDB ObjectIds' trailing counter, and Jetty (since 9.4)
/// appending a decimal counter to two random base36 longs (predictability.md §5). Gaps are
/// expected: other users take the values a capture does not see.
///
/// A counter is only a weakness when it is all there is, or nearly: Jetty's still leaves about
/// 126 random bits, so the judgement is the caller's, on what remains.
struct CounterField: Equatable {
    enum Place: Equatable { case whole, prefix, suffix }

    let place: Place
    /// Characters the counter takes in each value, in the order the values were given: a
    /// counter grows a digit now and then (999 to 1000), and unpadded random parts beside it
    /// vary in length too, so its width is read value by value.
    let widths: [Int]
    let radix: Int
    let medianStep: UInt64
    let risingSteps: Int
    let steps: Int

    /// Fewer values than this and a counter beside random characters is not looked for: fifteen
    /// steps, nine in ten upward and small, are not chance, even with the field's width read
    /// value by value. The statistics, which a counter would mislead, start at 100 values anyway.
    static let minimumForEmbedded = 16
    /// A step this small is a counter's whatever the field's width: Jetty's starts at 0, one
    /// digit wide, and other users' sessions make gaps.
    static let smallStepFloor: UInt64 = 16

    /// A whole value that is a decimal or hex number rising in issuance order.
    static func whole(_ values: [String], alphabet: TokenAlphabet) -> CounterField? {
        guard values.count >= TokenAnalysis.minimumForSequences else { return nil }
        let radix = alphabet.name == "decimal" ? 10 : alphabet.name.hasPrefix("hex") ? 16 : 0
        guard radix > 0, values.allSatisfy({ $0.count <= 18 }) else { return nil }
        var numbers: [UInt64] = []
        for value in values {
            guard let number = UInt64(value, radix: radix) else { return nil }
            numbers.append(number)
        }
        return judge(numbers, place: .whole, widths: values.map(\.count), radix: radix, smallStep: 1 << 24)
    }

    /// A decimal counter written after (or before) the random part of each value, in issuance
    /// order. The widest field that rises is the counter: its low digits rise too, and one
    /// character more takes in randomness.
    ///
    /// Except where that character happened to fit: a random `0` before Jetty's `9993` reads as
    /// a 5-digit `09993`, and the one step down at `10000` is within the tolerance. So a narrower
    /// reading that rises more often wins; a true counter read narrower only falls where its
    /// low digits wrap, so it never rises more often than the counter itself.
    static func embedded(_ values: [String]) -> CounterField? {
        guard values.count >= minimumForEmbedded, let shortest = values.map(\.count).min(), shortest >= 4 else { return nil }
        for width in stride(from: min(18, shortest - 1), through: 1, by: -1) {
            for place in [Place.suffix, .prefix] {
                guard var found = follow(values, place: place, firstWidth: width) else { continue }
                while let first = found.widths.first, first > 1,
                      let narrower = follow(values, place: place, firstWidth: first - 1),
                      narrower.risingSteps > found.risingSteps {
                    found = narrower
                }
                return found
            }
        }
        return nil
    }

    /// Reads the counter value by value: each one's width is the previous one's, or one more
    /// when the count passes a power of ten (999 to 1000). A counter never narrows, so a random
    /// field cannot be fitted by choosing widths.
    private static func follow(_ values: [String], place: Place, firstWidth: Int) -> CounterField? {
        func field(_ value: String, _ width: Int) -> UInt64? {
            guard width >= 1, width <= 18, width < value.count else { return nil }
            return UInt64(place == .suffix ? value.suffix(width) : value.prefix(width))
        }
        guard let first = field(values[0], firstWidth) else { return nil }
        var numbers = [first], widths = [firstWidth]
        for value in values.dropFirst() {
            let previous = numbers[numbers.count - 1], width = widths[widths.count - 1]
            // Widening only where the count is about to pass the power of ten (within 2 %, or 3),
            // so a random field cannot be made to rise by reading more of it.
            let allowed = previous + max(3, pow10(width) / 50) >= pow10(width) ? [width, width + 1] : [width]
            let candidates = allowed.compactMap { w in field(value, w).map { (width: w, number: $0) } }
            guard !candidates.isEmpty else { return nil }
            let next = candidates.filter { $0.number >= previous }.min { $0.number < $1.number }
                ?? candidates.min { $0.number.distance(to: previous).magnitude < $1.number.distance(to: previous).magnitude }!
            numbers.append(next.number)
            widths.append(next.width)
        }
        let narrowest = widths.min() ?? firstWidth
        return judge(numbers, place: place, widths: widths, radix: 10, smallStep: max(smallStepFloor, pow10(narrowest) / 256))
    }

    /// Mostly upward steps (nine in ten) whose median is small.
    private static func judge(_ numbers: [UInt64], place: Place, widths: [Int], radix: Int, smallStep: UInt64) -> CounterField? {
        guard numbers.count >= 2 else { return nil }
        let steps = zip(numbers, numbers.dropFirst()).map { Int64(bitPattern: $1 &- $0) }
        let rising = steps.filter { $0 > 0 }.count
        let sizes = steps.map { $0.magnitude }.sorted()
        let median = sizes[sizes.count / 2]
        guard Double(rising) >= 0.9 * Double(steps.count), median <= smallStep else { return nil }
        return CounterField(place: place, widths: widths, radix: radix, medianStep: median, risingSteps: rising, steps: steps.count)
    }

    private static func pow10(_ exponent: Int) -> UInt64 {
        exponent >= 19 ? .max : (0..<exponent).reduce(UInt64(1)) { value, _ in value * 10 }
    }

    /// The values (the ones given to `embedded`, in that order) without the counter.
    func removed(from values: [String]) -> [String] {
        zip(values, widths).map { value, width in
            switch place {
            case .whole: ""
            case .prefix: String(value.dropFirst(width))
            case .suffix: String(value.dropLast(width))
            }
        }
    }

    var description: String {
        let base = radix == 10 ? "decimal" : "hex"
        let low = widths.min() ?? 0, high = widths.max() ?? 0
        let width = low == high ? "\(low)-digit" : "\(low)- to \(high)-digit"
        let where_ = switch place {
        case .whole: "the values are a \(base) counter"
        case .prefix: "each value starts with a \(width) \(base) counter"
        case .suffix: "each value ends with a \(width) \(base) counter"
        }
        return "\(where_) rising in issuance order by a median step of \(medianStep) (\(risingSteps) of \(steps) steps upward)"
    }
}
