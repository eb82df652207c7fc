/// ASP.NET Core's ChunkingCookieManager, which its authentication cookies use by default, splits
/// a cookie too long for one header (a ticket with claims, often) into `<name>C1` … `<name>Cn`
/// and sets `<name>` itself to `chunks-<n>`; reading, it joins the chunks in order
/// (Microsoft.AspNetCore.Authentication.Cookies, ChunkingCookieManager). Joined here the same way:
/// the session is then its encrypted ticket, where before it was the constant `chunks-2` every
/// signed-in client holds, read as one ID issued to everyone, and merging all of them into one
/// client. The chunks themselves are judged through the cookie they make up, as `.sig` cookies are.
enum CookieChunks {
    /// More than this many chunks is not a cookie a browser would keep (it allows 50 to 180 per
    /// site): such a count is taken for an ordinary value.
    static let maximumCount = 64
    private static let countPrefix = "chunks-"

    /// The `n` of a `chunks-<n>` value.
    static func count(in value: String) -> Int? {
        guard value.hasPrefix(countPrefix), let count = Int(value.dropFirst(countPrefix.count)), (1...maximumCount).contains(count) else { return nil }
        return count
    }

    /// Whether `name` is `parent` followed by "C" and a chunk number.
    static func isChunk(_ name: String, of parent: String) -> Bool {
        let name = name.utf8, parent = parent.utf8
        guard name.count > parent.count + 1, name.starts(with: parent) else { return false }
        let suffix = name.dropFirst(parent.count)
        return suffix.first == UInt8(ascii: "C") && suffix.dropFirst().isASCIIDecimal
    }

    private static func chunkRole(of parent: String) -> CookieRole { .ignored(pattern: "a chunk of \(parent)") }

    /// A request's pairs with each complete set of chunks joined into its `chunks-<n>` cookie,
    /// and the chunks marked as such. Incomplete sets are left as sent.
    static func joined(_ sent: [ExchangeCookies.Sent], classifier: CookieClassifier) -> [ExchangeCookies.Sent] {
        guard sent.count > 1, sent.contains(where: { $0.value.hasPrefix(countPrefix) }) else { return sent }
        var result = sent
        for index in sent.indices {
            guard let count = count(in: sent[index].value) else { continue }
            let name = sent[index].name
            let chunks = (1...count).map { number in sent.firstIndex { $0.name == name + "C\(number)" } }
            guard chunks.allSatisfy({ $0 != nil }) else { continue }
            let value = chunks.map { sent[$0!].value }.joined()
            result[index] = ExchangeCookies.Sent(name: name, value: value, role: classifier.role(name: name, value: value))
            for chunk in chunks { result[chunk!] = ExchangeCookies.Sent(name: sent[chunk!].name, value: sent[chunk!].value, role: chunkRole(of: name)) }
        }
        return result
    }

    /// A response's cookies with each complete set of chunks joined into its `chunks-<n>`
    /// cookie, and the cookies named as its chunks, set beside it or deleted beside its
    /// deletion (at logout), marked as chunks.
    static func joined(_ set: [ExchangeCookies.Set], classifier: CookieClassifier) -> [ExchangeCookies.Set] {
        guard set.count > 1 else { return set }
        var result = set
        for index in set.indices {
            let parent = set[index].cookie
            let count = count(in: parent.value)
            guard count != nil || parent.value.isEmpty else { continue }
            for other in set.indices where other != index && isChunk(set[other].cookie.name, of: parent.name) {
                result[other].role = chunkRole(of: parent.name)
            }
            guard let count else { continue }
            let chunks = (1...count).map { number in set.firstIndex { $0.cookie.name == parent.name + "C\(number)" } }
            guard chunks.allSatisfy({ $0 != nil }) else { continue }
            let joined = parent.joiningChunks(chunks.map { set[$0!].cookie.value }.joined(), count: count)
            result[index] = ExchangeCookies.Set(cookie: joined, role: classifier.role(name: joined.name, value: joined.value))
        }
        return result
    }
}
