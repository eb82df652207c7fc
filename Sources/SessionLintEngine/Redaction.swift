import SessionLintCore
import SessionLintHTTP

/// Keeps secrets out of reports: cookie values and query strings are replaced by their length
/// unless the user passed --show-values.
struct Redaction: Sendable {
    var showValues: Bool

    static let maxExcerptLength = 400

    /// `Set-Cookie: sessionid=<redacted 32 bytes>; HttpOnly; Path=/`
    func setCookieExcerpt(_ cookie: SetCookie) -> String {
        let raw = cookie.raw
        guard !showValues else { return "Set-Cookie: " + clipped(raw) }
        let attributes = raw.firstIndex(of: ";").map { String(raw[$0...]) } ?? ""
        let shownName = cookie.hasEquals ? cookie.name + "=" : ""
        return "Set-Cookie: " + clipped(shownName + redacted(cookie.value) + attributes)
    }

    func redacted(_ value: String) -> String {
        if showValues { return value }
        let length = value.utf8.count
        if length == 0 || value == "\"\"" { return value }
        return "<redacted \(length) bytes>"
    }

    /// scheme://host/path, with the query replaced unless values are shown.
    func url(_ transaction: HTTPTransaction) -> String {
        let scheme = transaction.scheme == .unknown ? "" : transaction.scheme.rawValue + "://"
        var target = transaction.request.target
        if !showValues, let query = target.firstIndex(of: "?") {
            target = String(target[..<query]) + "?<query redacted>"
        }
        let host = transaction.request.host.contains(":") ? "[\(transaction.request.host)]" : transaction.request.host
        let port = transaction.server?.port.flatMap { port -> String? in
            (transaction.scheme == .http && port == 80) || (transaction.scheme == .https && port == 443) ? nil : ":\(port)"
        } ?? ""
        return scheme + host + port + clipped(target)
    }

    private func clipped(_ text: String) -> String {
        text.count > Self.maxExcerptLength ? String(text.prefix(Self.maxExcerptLength)) + "…" : text
    }
}
