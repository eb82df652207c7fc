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
    private var entries: [Key: CookieInventoryEntry] = [:]
    /// The attribute sets seen per cookie, as short signatures.
    private var signatures: [Key: Set<String>] = [:]
    private(set) var cookiesNotListed = 0

    init(redaction: Redaction) {
        self.redaction = redaction
    }

    /// Takes the Set-Cookie headers the transaction rules already parsed and classified (one
    /// parse per header for the whole scan); cookies the configuration ignores are not listed.
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
            let isNew = entries[key] == nil
            if isNew {
                guard entries.count < Self.maxEntries else { cookiesNotListed += 1; continue }
                entries[key] = CookieInventoryEntry(
                    host: key.host, name: key.name, path: key.path, domain: nil, secure: false, httpOnly: false, sameSite: nil,
                    partitioned: false, lifetimeSeconds: nil, isSession: context.isSession, role: Self.describe(context.role),
                    timesSet: 0, timesSetOverHTTP: 0, attributeVariants: 1, firstSet: transaction.provenance,
                    firstSetRequest: "\(transaction.request.method) \(redaction.url(transaction))")
            }
            entries[key]?.timesSet += 1
            if context.scheme == .http { entries[key]?.timesSetOverHTTP += 1 }
            // A deletion says nothing about the attributes the cookie lives with (unless it is all
            // the traffic shows of the cookie).
            if context.isDeletion {
                if isNew { entries[key]?.apply(cookie, lifetime: lifetime) }
            } else {
                entries[key]?.apply(cookie, lifetime: lifetime)
                signatures[key, default: []].insert(Self.signature(cookie))
            }
        }
    }

    /// Hosts in order, session cookies first within a host, then by name and path.
    var result: [CookieInventoryEntry] {
        entries.map { key, entry in
            var entry = entry
            entry.attributeVariants = max(1, signatures[key]?.count ?? 0)
            return entry
        }.sorted { a, b in
            (a.host, a.isSession ? 0 : 1, a.name, a.path) < (b.host, b.isSession ? 0 : 1, b.name, b.path)
        }
    }

    private static func signature(_ cookie: SetCookie) -> String {
        [cookie.isSecure ? "S" : "", cookie.isHttpOnly ? "H" : "", cookie.sameSite.map { "\($0)" } ?? "", cookie.domain ?? "",
         cookie.maxAge == nil && cookie.expires == nil ? "session" : "persistent"].joined(separator: "|")
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
