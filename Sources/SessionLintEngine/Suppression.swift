import Foundation
import SessionLintCore

/// A finding accepted in the configuration: which rule, where, why, and until when.
public struct Suppression: Sendable, Equatable {
    public var rule: RuleID
    public var host: Glob?
    public var cookie: Glob?
    /// The cookie path, exactly.
    public var path: String?
    public var reason: String
    /// The last day (UTC) on which it applies.
    public var expires: CalendarDay?
    /// Where it is written, for notes about it.
    public var source: Provenance

    public init(rule: RuleID, host: Glob?, cookie: Glob?, path: String?, reason: String, expires: CalendarDay?, source: Provenance) {
        self.rule = rule
        self.host = host
        self.cookie = cookie
        self.path = path
        self.reason = reason
        self.expires = expires
        self.source = source
    }

    public func matches(_ key: Finding.Key) -> Bool {
        key.rule == rule && (host?.matches(key.host) ?? true) && (cookie?.matches(key.cookieName) ?? true)
            && (path.map { $0 == key.cookiePath } ?? true)
    }

    public func isExpired(on today: CalendarDay) -> Bool {
        guard let expires else { return false }
        return today > expires
    }
}

/// A date without a time, as written in configuration files: `2027-01-31`.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(_ date: Date) {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        year = components.year ?? 1970
        month = components.month ?? 1
        day = components.day ?? 1
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}
