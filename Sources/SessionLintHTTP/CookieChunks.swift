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
        guard sent.count > 1, sent.contains(where: { numberedBase($0.name) != nil || $0.value.hasPrefix(countPrefix) }) else { return sent }
        let positions = NamePositions(sent.map(\.name))
        var result = sent
        for index in sent.indices {
            let name = sent[index].name
            let base: String, chunks: [Int]
            if let count = count(in: sent[index].value) {
                (base, chunks) = (name, (1...count).compactMap { positions[name + "C\($0)"] })
                guard chunks.count == count else { continue }
            } else if let numbered = numberedBase(name) {
                (base, chunks) = (numbered, positions.numberedChunks(from: index, base: numbered))
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
        guard set.count > 1, set.contains(where: { numberedBase($0.cookie.name) != nil || $0.cookie.value.isEmpty || $0.cookie.value.hasPrefix(countPrefix) })
        else { return set }
        let positions = NamePositions(set.map(\.cookie.name))
        var result = set
        for index in set.indices {
            let parent = set[index].cookie
            if let base = numberedBase(parent.name) {
                let chunks = positions.numberedChunks(from: index, base: base)
                guard chunks.count >= 2 else { continue }
                let joined = parent.joiningChunks(chunks.map { set[$0].cookie.value }.joined(), count: chunks.count, name: base)
                result[index] = ExchangeCookies.Set(cookie: joined, role: classifier.role(name: base, value: joined.value))
                for chunk in chunks.dropFirst() { result[chunk].role = chunkRole(of: base) }
                continue
            }
            let count = count(in: parent.value)
            guard count != nil || parent.value.isEmpty else { continue }
            // Chunks set beside their cookie, or deleted beside its deletion.
            let present = (1...maximumCount).compactMap { positions[parent.name + "C\($0)"] }
            for chunk in present { result[chunk].role = chunkRole(of: parent.name) }
            guard let count, present.count >= count else { continue }
            let chunks = (1...count).compactMap { positions[parent.name + "C\($0)"] }
            guard chunks.count == count else { continue }
            let joined = parent.joiningChunks(chunks.map { set[$0].cookie.value }.joined(), count: count)
            result[index] = ExchangeCookies.Set(cookie: joined, role: classifier.role(name: joined.name, value: joined.value))
        }
        return result
    }
}

/// Where each cookie name first appears in an exchange: chunks are looked up by name, so a
/// header of thousands of cookies (hostile, or a bloated jar) costs a pass and bounded lookups,
/// not a search of every cookie for every candidate.
private struct NamePositions {
    private var first: [String: Int] = [:]

    init(_ names: [String]) {
        for (position, name) in names.enumerated() where first[name] == nil { first[name] = position }
    }

    subscript(name: String) -> Int? { first[name] }

    /// The positions of `<base>.0` (at `start`), `<base>.1`, … while the numbers run on.
    func numberedChunks(from start: Int, base: String) -> [Int] {
        var chunks = [start]
        while chunks.count <= CookieChunks.maximumCount, let next = first[base + ".\(chunks.count)"] { chunks.append(next) }
        return chunks
    }
}
