import SessionLintCore
import SessionLintHTTP

/// RFC 6265bis §4.1.1: a response should not set one cookie name twice. When both headers
/// land in the same slot (same Domain and Path) the browser keeps the last and the first was
/// wasted or wrong; when they land in different slots the browser sends both back and the
/// server cannot tell which it reads. Clearing a name in other scopes (deletions) is the
/// normal way to log out everywhere and is not flagged.
struct CookieDuplicateInResponse: TransactionRule {
    static let id: RuleID = "cookie-duplicate-in-response"

    func check(_ exchange: TransactionContext, options: RuleOptions) -> [Violation] {
        // Nearly every response sets one cookie: no table is built for it (a day of logs with
        // hundreds of thousands of new sessions spent 2 % of its analysis building them).
        guard exchange.cookies.count > 1 else { return [] }
        var byName: [String: [SetCookieContext]] = [:]
        var order: [String] = []
        for cookie in exchange.cookies where !cookie.cookie.isIgnoredByBrowsers {
            if byName[cookie.name] == nil { order.append(cookie.name) }
            byName[cookie.name, default: []].append(cookie)
        }
        return order.compactMap { name -> Violation? in
            guard let group = byName[name], group.count > 1 else { return nil }
            let slots = Dictionary(grouping: group) { "\($0.cookie.domain ?? $0.host)|\($0.path)" }
            let sameSlot = slots.values.contains { $0.count > 1 }
            let liveScopes = slots.values.filter { $0.contains { !$0.isDeletion } }.count
            guard let last = group.last else { return nil }
            if sameSlot {
                return Violation("\(last.label) is set \(group.count) times in one response for the same domain and path; browsers keep only the last", cookie: last)
            }
            if liveScopes > 1 {
                return Violation("\(last.label) is set \(group.count) times in one response for different domains or paths; the browser will send back several cookies of that name", cookie: last)
            }
            return nil
        }
    }
}
