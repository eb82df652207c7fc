/// Cookies too long for one header, split by the server and joined by it on every request, are
/// joined here the same way, so the session is one value, and its pieces are judged through it
/// (as `.sig` cookies are). Two layouts:
/// - counted, ASP.NET Core's ChunkingCookieManager (the default for its authentication cookies):
///   `<name>=chunks-<n>` and `<name>C1` … `<name>Cn`. Read piece by piece, the constant
///   `chunks-2` every signed-in client holds was one session ID issued to everyone, and merged
///   all of them into one client;
/// - numbered, Auth.js (NextAuth) and Better Auth: `<name>.0`, `<name>.1`, … and nothing under
///   `<name>` itself. Read piece by piece, a JWE cut in two was two sessions, one of them a
///   truncated token.
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

    /// Whether `name` is `parent` followed by "C" and a chunk number (the counted layout).
    static func isChunk(_ name: String, of parent: String) -> Bool {
        let name = name.utf8, parent = parent.utf8
        guard name.count > parent.count + 1, name.starts(with: parent) else { return false }
        let suffix = name.dropFirst(parent.count)
        return suffix.first == UInt8(ascii: "C") && suffix.dropFirst().isASCIIDecimal
    }

    /// The name a numbered chunk belongs to, when `name` is the first one (`<name>.0`).
    static func numberedBase(_ name: String) -> String? {
        guard name.utf8.count > 2, name.hasSuffix(".0") else { return nil }
        return String(name.dropLast(2))
    }

    private static func chunkRole(of parent: String) -> CookieRole { .ignored(pattern: "a chunk of \(parent)") }

    // MARK: - Requests

    /// A request's pairs with each complete set of chunks joined into one cookie, and the other
    /// chunks marked as such. Incomplete sets are left as sent.
    static func joined(_ sent: [ExchangeCookies.Sent], classifier: CookieClassifier) -> [ExchangeCookies.Sent] {
        guard sent.count > 1 else { return sent }
        var result = sent
        for index in sent.indices {
            let name = sent[index].name
            let base: String, chunks: [Int]
            if let count = count(in: sent[index].value) {
                let found = (1...count).compactMap { number in sent.firstIndex { $0.name == name + "C\(number)" } }
                guard found.count == count else { continue }
                (base, chunks) = (name, found)
            } else if let numbered = numberedBase(name) {
                (base, chunks) = (numbered, numberedChunks(after: index, base: numbered, in: sent.map(\.name)))
                guard chunks.count >= 2 else { continue }
            } else {
                continue
            }
            let value = chunks.map { sent[$0].value }.joined()
            result[index] = ExchangeCookies.Sent(name: base, value: value, role: classifier.role(name: base, value: value))
            for chunk in chunks where chunk != index {
                result[chunk] = ExchangeCookies.Sent(name: sent[chunk].name, value: sent[chunk].value, role: chunkRole(of: base))
            }
        }
        return result
    }

    // MARK: - Responses

    /// A response's cookies with each complete set of chunks joined into one cookie, and the
    /// other chunks, set or deleted beside it (at logout too), marked as such.
    static func joined(_ set: [ExchangeCookies.Set], classifier: CookieClassifier) -> [ExchangeCookies.Set] {
        guard set.count > 1 else { return set }
        var result = set
        let names = set.map(\.cookie.name)
        for index in set.indices {
            let parent = set[index].cookie
            if let base = numberedBase(parent.name) {
                let chunks = numberedChunks(after: index, base: base, in: names)
                guard chunks.count >= 2 else { continue }
                let joined = parent.joiningChunks(chunks.map { set[$0].cookie.value }.joined(), count: chunks.count, name: base)
                result[index] = ExchangeCookies.Set(cookie: joined, role: classifier.role(name: base, value: joined.value))
                for chunk in chunks.dropFirst() { result[chunk].role = chunkRole(of: base) }
                continue
            }
            let count = count(in: parent.value)
            guard count != nil || parent.value.isEmpty else { continue }
            for other in set.indices where other != index && isChunk(names[other], of: parent.name) {
                result[other].role = chunkRole(of: parent.name)
            }
            guard let count else { continue }
            let chunks = (1...count).compactMap { number in names.firstIndex(of: parent.name + "C\(number)") }
            guard chunks.count == count else { continue }
            let joined = parent.joiningChunks(chunks.map { set[$0].cookie.value }.joined(), count: count)
            result[index] = ExchangeCookies.Set(cookie: joined, role: classifier.role(name: joined.name, value: joined.value))
        }
        return result
    }

    /// The positions of `<base>.0` (at `first`), `<base>.1`, … while the numbers run on.
    private static func numberedChunks(after first: Int, base: String, in names: [String]) -> [Int] {
        var chunks = [first]
        while chunks.count <= maximumCount, let next = names.firstIndex(of: base + ".\(chunks.count)") { chunks.append(next) }
        return chunks
    }
}
