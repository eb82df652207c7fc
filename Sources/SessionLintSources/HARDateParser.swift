import Foundation
import SessionLintHTTP

/// ISO 8601 as HAR writers produce it (RFC 3339: `2026-11-26T10:00:00.123Z`, `…+01:00`), with
/// or without fractional seconds. The usual shape is read byte by byte — ICU's date formatter
/// cost half the time of reading a large HAR — and gives the formatter's result exactly
/// (fractions truncated to milliseconds); anything else goes to the formatter.
final class HARDateParser {
    private let withFraction: ISO8601DateFormatter
    private let withoutFraction: ISO8601DateFormatter

    init() {
        withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        withoutFraction = ISO8601DateFormatter()
        withoutFraction.formatOptions = [.withInternetDateTime]
    }

    func parse(_ text: String) -> Date? {
        Self.rfc3339(text) ?? withFraction.date(from: text) ?? withoutFraction.date(from: text)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)` with every field in its calendar range;
    /// nil for anything else (the formatter decides those, its leniency included).
    static func rfc3339(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count >= 20 else { return nil }
            func number(_ start: Int, _ length: Int) -> Int? {
                var value = 0
                for index in start..<start + length {
                    let digit = Int(bytes[index]) - 0x30
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
                  let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  (1...12).contains(month), (1...28).contains(day) || day <= Self.days(inMonth: month, year: year),
                  day >= 1, hour < 24, minute < 60, second < 60 else { return nil }
            var index = 19
            var milliseconds = 0
            if bytes[index] == 0x2E {  // a fraction: at least one digit, kept to milliseconds
                index += 1
                let start = index
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                    if index - start < 3 { milliseconds = milliseconds * 10 + Int(bytes[index] - 0x30) }
                    index += 1
                }
                guard index > start else { return nil }
                for _ in min(3, index - start)..<3 { milliseconds *= 10 }
            }
            guard index < bytes.count else { return nil }
            var offset = 0
            switch bytes[index] {
            case 0x5A where index + 1 == bytes.count:
                break
            case 0x2B, 0x2D:
                let sign = bytes[index] == 0x2D ? -1 : 1
                let rest = bytes.count - index - 1
                guard rest == 5 && bytes[index + 3] == 0x3A || rest == 4,
                      let hours = number(index + 1, 2), let minutes = number(index + (rest == 5 ? 4 : 3), 2),
                      hours < 24, minutes < 60 else { return nil }
                offset = sign * (hours * 3600 + minutes * 60)
            default:
                return nil
            }
            let seconds = CookieDate.secondsSinceEpoch(year: year, month: month, day: day) + hour * 3600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds) / 1000)
        }
    }

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
