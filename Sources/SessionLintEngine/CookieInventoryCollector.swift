import Foundation
import SessionLintCore
import SessionLintHTTP
import SessionLintRules

/// Builds the cookie inventory while the traffic goes by: one entry per host, name and path,
/// with the attributes of the last header that set it and the first place it was set.
struct CookieInventoryCollector {
    /// Entries kept; past this, new cookies are counted and the report says so.
    static let maxEntries = 10_000

    private struct Key: Hashable {
        let host: String, name: String, path: String
    }

    private let redaction: Redaction
    private var entries: [Key: Tally] = [:]
    private(set) var cookiesNotListed = 0

    /// One cookie's entry and the attribute sets seen for it.
    private struct Tally {
        var entry: CookieInventoryEntry
        var signatures: Set<AttributeSignature> = []
    }

    /// The attributes that make two settings of a cookie differ, for `attributeVariants`.
    private struct AttributeSignature: Hashable {
        let secure: Bool, httpOnly: Bool, persistent: Bool
        /// As written ("" when absent), like the domain.
        let sameSite: String
        let domain: String

        init(_ cookie: SetCookie) {
            secure = cookie.isSecure
            httpOnly = cookie.isHttpOnly
            persistent = cookie.maxAge != nil || cookie.expires != nil
            sameSite = cookie.sameSite?.description ?? ""
            domain = cookie.domain ?? ""
        }
    }

    init(redaction: Redaction) {
        self.redaction = redaction
    }

    /// Takes the Set-Cookie headers the transaction rules already parsed and classified (one
    /// parse per header for the whole scan); cookies the configuration ignores are not listed.
    /// Each cookie's key is hashed once for a cookie seen before (a day of logs sets millions).
    mutating func add(_ exchange: TransactionContext) {
        let transaction = exchange.transaction
        for context in exchange.cookies {
            let cookie = context.cookie
            guard !cookie.isIgnoredByBrowsers else { continue }
            let key = Key(host: context.host, name: cookie.name, path: context.path)
            let lifetime: Double? = switch context.lifetime {
            case .session: nil
            case .seconds(let seconds): seconds
            case .until(let date): date.timeIntervalSince(context.receivedAt ?? date)
            }
            let known = entries.index(forKey: key)
            let isNew = known == nil
            let index: Dictionary<Key, Tally>.Index
            if let known {
                index = known
            } else {
                guard entries.count < Self.maxEntries else { cookiesNotListed += 1; continue }
                entries[key] = Tally(entry: CookieInventoryEntry(
                    host: key.host, name: key.name, path: key.path, domain: nil, secure: false, httpOnly: false, sameSite: nil,
                    partitioned: false, lifetimeSeconds: nil, isSession: context.isSession, role: Self.describe(context.role),
                    timesSet: 0, timesSetOverHTTP: 0, attributeVariants: 1, firstSet: transaction.provenance,
                    firstSetRequest: "\(transaction.request.method) \(redaction.url(transaction))"))
                index = entries.index(forKey: key)!
            }
            entries.values[index].entry.timesSet += 1
            if context.scheme == .http { entries.values[index].entry.timesSetOverHTTP += 1 }
            // A deletion says nothing about the attributes the cookie lives with (unless it is all
            // the traffic shows of the cookie).
            if context.isDeletion {
                if isNew { entries.values[index].entry.apply(cookie, lifetime: lifetime) }
            } else {
                entries.values[index].entry.apply(cookie, lifetime: lifetime)
                entries.values[index].signatures.insert(AttributeSignature(cookie))
            }
        }
    }

    /// Hosts in order, session cookies first within a host, then by name and path.
    var result: [CookieInventoryEntry] {
        entries.values.map { tally in
            var entry = tally.entry
            entry.attributeVariants = max(1, tally.signatures.count)
            return entry
        }.sorted { a, b in
            (a.host, a.isSession ? 0 : 1, a.name, a.path) < (b.host, b.isSession ? 0 : 1, b.name, b.path)
        }
    }

    private static func describe(_ role: CookieRole) -> String {
        switch role {
        case .session(let because): "session: \(because)"
        case .antiCSRF: "anti-CSRF token"
        default: "other"
        }
    }
}

private extension CookieInventoryEntry {
    mutating func apply(_ cookie: SetCookie, lifetime: Double?) {
        domain = cookie.domain
        secure = cookie.isSecure
        httpOnly = cookie.isHttpOnly
        sameSite = cookie.sameSite.map { "\($0)" }
        partitioned = cookie.isPartitioned
        lifetimeSeconds = lifetime
    }
}
