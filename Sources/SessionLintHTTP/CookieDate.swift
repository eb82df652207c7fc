import Foundation

/// Cookie dates as browsers read them: the RFC 6265bis §5.1.1 algorithm, which accepts every
/// real-world form (`Wed, 21 Oct 2015 07:28:00 GMT`, `Wednesday, 21-Oct-15 07:28:00 GMT`,
/// `Wed Oct 21 07:28:00 2015`, …) and rejects impossible dates.
public enum CookieDate {
    /// The instant a §5.1.1 parser reads from `text`, or nil where a browser would ignore the
    /// attribute.
    public static func parse(_ text: some StringProtocol) -> Date? {
        var hour: Int?, minute = 0, second = 0
        var dayOfMonth: Int?, month: Int?, year: Int?

        for token in dateTokens(Array(text.utf8)) {
            if hour == nil, let time = parseTime(token) {
                (hour, minute, second) = time
            } else if dayOfMonth == nil, let day = leadingDigits(token, min: 1, max: 2) {
                dayOfMonth = day
            } else if month == nil, let m = parseMonth(token) {
                month = m
            } else if year == nil, let y = leadingDigits(token, min: 2, max: 4) {
                year = y
            }
        }

        guard var year, let month, let dayOfMonth, let hour else { return nil }
        if (70...99).contains(year) { year += 1900 } else if (0...69).contains(year) { year += 2000 }
        guard (1...31).contains(dayOfMonth), year >= 1601, hour <= 23, minute <= 59, second <= 59 else {
            return nil
        }
        guard dayOfMonth <= daysIn(month: month, year: year) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(
            secondsSinceEpoch(year: year, month: month, day: dayOfMonth) + hour * 3600 + minute * 60 + second))
    }

    /// True when `text` is exactly an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only
    /// form the §4.1.1 server grammar allows.
    /// The English month and weekday abbreviations HTTP dates (and Java's `Date.toString()`) use.
    public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public static func isIMFFixdate(_ text: some StringProtocol) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 29 else { return false }
        func slice(_ from: Int, _ count: Int) -> String { String(decoding: b[from..<from + count], as: UTF8.self) }
        func digits(_ from: Int, _ count: Int) -> Bool { b[from..<from + count].allSatisfy(isDigit) }
        return dayNames.contains(slice(0, 3)) && slice(3, 2) == ", " && digits(5, 2) && b[7] == 0x20
            && monthNames.contains(slice(8, 3)) && b[11] == 0x20 && digits(12, 4) && b[16] == 0x20
            && digits(17, 2) && b[19] == 0x3A && digits(20, 2) && b[22] == 0x3A && digits(23, 2)
            && slice(25, 4) == " GMT"
    }

    /// Formats an instant as an IMF-fixdate, for messages.
    public static func imfFixdate(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        var days = total >= 0 ? total / 86400 : (total - 86399) / 86400
        let secondsOfDay = total - days * 86400
        let weekday = ((days % 7) + 10) % 7  // 1970-01-01 was a Thursday: index 3 counting from Monday
        var year = 1970
        while true {
            let length = isLeap(year) ? 366 : 365
            if days < 0 { year -= 1; days += isLeap(year) ? 366 : 365; continue }
            if days < length { break }
            days -= length; year += 1
        }
        var month = 1
        while days >= daysIn(month: month, year: year) { days -= daysIn(month: month, year: year); month += 1 }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(dayNames[weekday]), \(two(days + 1)) \(monthNames[month - 1]) \(year) "
            + "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60)) GMT"
    }

    // MARK: - §5.1.1 pieces

    /// delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
    private static func isDelimiter(_ b: UInt8) -> Bool {
        b == 0x09 || (0x20...0x2F).contains(b) || (0x3B...0x40).contains(b)
            || (0x5B...0x60).contains(b) || (0x7B...0x7E).contains(b)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func dateTokens(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(whereSeparator: isDelimiter)
    }

    /// 1*max DIGIT ( non-digit *OCTET ): the digits must be followed by nothing or a non-digit.
    private static func leadingDigits(_ token: ArraySlice<UInt8>, min: Int, max: Int) -> Int? {
        let digits = token.prefix(while: isDigit)
        guard digits.count >= min, digits.count <= max else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// hms-time = time-field ":" time-field ":" time-field, time-field = 1*2DIGIT,
    /// optionally followed by a non-digit and anything.
    private static func parseTime(_ token: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        var fields: [Int] = []
        var index = token.startIndex
        for position in 0..<3 {
            let start = index
            while index < token.endIndex, isDigit(token[index]), index - start < 2 { index += 1 }
            guard index > start else { return nil }
            fields.append(token[start..<index].reduce(0) { $0 * 10 + Int($1 - 0x30) })
            if position < 2 {
                guard index < token.endIndex, token[index] == 0x3A else { return nil }
                index += 1
            }
        }
        if index < token.endIndex, isDigit(token[index]) { return nil }
        return (fields[0], fields[1], fields[2])
    }

    private static func parseMonth(_ token: ArraySlice<UInt8>) -> Int? {
        guard token.count >= 3 else { return nil }
        let prefix = String(decoding: token.prefix(3).map(asciiLower), as: UTF8.self)
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        return months.firstIndex(of: prefix).map { $0 + 1 }
    }

    private static func asciiLower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    private static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days-from-civil (proleptic Gregorian), in seconds; exact for every year the parser accepts.
    public static func secondsSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return (era * 146097 + doe - 719468) * 86400
    }
}
