import SessionLintCore
import SessionLintHTTP

/// Keeps secrets out of reports: cookie values and query strings are replaced by their length
/// unless the user passed --show-values.
struct Redaction: Sendable {
    var showValues: Bool

    static let maxExcerptLength = 400

    /// `Set-Cookie: sessionid=<redacted 32 bytes>; HttpOnly; Path=/`, from the header as it came
    /// and the cookie's name and value (which differ from the header's for chunks joined into one
    /// cookie).
    func setCookieExcerpt(raw: String, name: String, value: String, hasEquals: Bool) -> String {
        guard !showValues else { return "Set-Cookie: " + clipped(raw) }
        // Byte-wise: a 4 KB (or, in hostile input, 5 MB) value must not cost grapheme breaking.
        let attributes = raw.utf8.firstIndex(of: UInt8(ascii: ";")).map { String(raw.utf8[$0...]) ?? "" } ?? ""
        let shownName = hasEquals ? name + "=" : ""
        return "Set-Cookie: " + clipped(shownName + redacted(value) + attributes)
    }

    func redacted(_ value: String) -> String {
        if showValues { return value }
        let length = value.utf8.count
        if length == 0 || value == "\"\"" { return value }
        return "<redacted \(length) bytes>"
    }

    /// scheme://host/path, with the query replaced unless values are shown.
    func url(_ transaction: HTTPTransaction) -> String {
        url(scheme: transaction.scheme, host: transaction.request.host, port: transaction.server?.port, target: transaction.request.target)
    }

    func url(scheme: Scheme, host: String, port: UInt16?, target: String) -> String {
        let prefix = scheme == .unknown ? "" : scheme.rawValue + "://"
        let target = showValues ? target : Self.redactedTarget(target)
        let shownHost = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
        let shownPort = port.flatMap { port -> String? in
            (scheme == .http && port == 80) || (scheme == .https && port == 443) ? nil : ":\(port)"
        } ?? ""
        return prefix + shownHost + shownPort + clipped(target)
    }

    /// The target with its query replaced, and a `;jsessionid=` path parameter's value (before
    /// the query) too. On bytes: evidence URLs are made for every cookie a rule flags, and
    /// Foundation's case-insensitive search cost more than the rules.
    static func redactedTarget(_ target: String) -> String {
        let (query, rewrite) = target.withUTF8Bytes { bytes -> (Int?, Int?) in
            let query = bytes.firstIndex(of: UInt8(ascii: "?"))
            let path = bytes[..<(query ?? bytes.count)]
            let marker = ";jsessionid=".utf8
            guard path.count >= marker.count else { return (query, nil) }
            let rewrite = (path.startIndex...(path.endIndex - marker.count)).first { start in
                bytes[start] == UInt8(ascii: ";")
                    && zip(bytes[start..<(start + marker.count)], marker).allSatisfy { lowercasedASCIIByte($0) == $1 }
            }
            return (query, rewrite.map { $0 + marker.count })
        }
        if let rewrite { return String(Substring(target.utf8.prefix(rewrite))) + "<redacted>" }
        if let query { return String(Substring(target.utf8.prefix(query))) + "?<query redacted>" }
        return target
    }

    /// At most `maxExcerptLength` bytes; a multi-byte character cut in half becomes U+FFFD.
    private func clipped(_ text: String) -> String {
        guard text.utf8.count > Self.maxExcerptLength else { return text }
        return String(decoding: text.utf8.prefix(Self.maxExcerptLength), as: UTF8.self) + "…"
    }
}
