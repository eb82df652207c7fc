import Foundation
import SessionLintCore
import SessionLintHTTP

/// One client's cookie store, replayed as a browser keeps it (RFC 6265bis §5.7): cookies keyed
/// by name, domain and path; host-only unless Domain was given; expiry in traffic time;
/// deletion by Max-Age ≤ 0 or an Expires in the past. Headers a browser would reject change
/// nothing: a Domain the host does not belong to, a Secure cookie from a non-secure origin,
/// SameSite=None without Secure, a broken prefix, control characters, oversize.
public struct CookieJar: Sendable {
    public struct StoredCookie: Sendable, Equatable {
        public var name: String
        public var value: String
        public var domain: String
        public var hostOnly: Bool
        public var path: String
        public var secure: Bool
        public var httpOnly: Bool
        /// nil: gone when the browser session ends.
        public var expires: Date?
        public var setAt: Date?
    }

    /// What storing a header did.
    public enum Change: Sendable, Equatable {
        case stored(StoredCookie, replaced: StoredCookie?)
        case deleted(StoredCookie)
        case rejected(reason: String)
        /// A deletion for a cookie the jar did not hold.
        case nothing
    }

    public private(set) var cookies: [StoredCookie] = []
    public static let maxCookies = 300

    public init() {}

    public mutating func store(_ cookie: SetCookie, host: String, requestPath: String, secureOrigin: Bool, at time: Date?) -> Change {
        if let reason = rejection(cookie, host: host, secureOrigin: secureOrigin) { return .rejected(reason: reason) }
        let domain = cookie.domain ?? host
        let path = cookie.effectivePath(requestPath: requestPath)
        let index = cookies.firstIndex { $0.name == cookie.name && $0.domain == domain && $0.path == path }
        if cookie.isDeletion(receivedAt: time) {
            guard let index else { return .nothing }
            return .deleted(cookies.remove(at: index))
        }
        var expires: Date?
        switch cookie.lifetime(receivedAt: time) {
        case .session: expires = nil
        case .seconds(let seconds): expires = time.map { $0.addingTimeInterval(min(seconds, SetCookie.lifetimeCapSeconds)) }
        case .until(let date): expires = date
        }
        let stored = StoredCookie(name: cookie.name, value: cookie.value, domain: domain, hostOnly: cookie.domain == nil,
                                  path: path, secure: cookie.isSecure, httpOnly: cookie.isHttpOnly, expires: expires, setAt: time)
        if let index {
            let old = cookies[index]
            cookies[index] = stored
            return .stored(stored, replaced: old)
        }
        if cookies.count >= Self.maxCookies { cookies.removeFirst() }
        cookies.append(stored)
        return .stored(stored, replaced: nil)
    }

    /// Removes cookies whose expiry has passed; returns them.
    public mutating func expire(at time: Date?) -> [StoredCookie] {
        guard let time else { return [] }
        let gone = cookies.filter { $0.expires.map { $0 <= time } ?? false }
        cookies.removeAll { $0.expires.map { $0 <= time } ?? false }
        return gone
    }

    /// The cookies a browser would send to this URL (§5.8.3: domain and path match, Secure only
    /// over a secure origin).
    public func cookies(forHost host: String, path: String, secureOrigin: Bool) -> [StoredCookie] {
        cookies.filter { cookie in
            let domainMatches = cookie.hostOnly ? cookie.domain == host : (host == cookie.domain || host.hasSuffix("." + cookie.domain))
            return domainMatches && Self.pathMatches(path, cookie.path) && (!cookie.secure || secureOrigin)
        }
    }

    /// §5.1.4 path-match.
    static func pathMatches(_ requestPath: String, _ cookiePath: String) -> Bool {
        if requestPath == cookiePath { return true }
        guard requestPath.hasPrefix(cookiePath) else { return false }
        return cookiePath.hasSuffix("/") || requestPath.dropFirst(cookiePath.count).first == "/"
    }

    private func rejection(_ cookie: SetCookie, host: String, secureOrigin: Bool) -> String? {
        if let reason = cookie.ignoredBy { return "ignored by browsers (\(reason.rawValue))" }
        if let domain = cookie.domain, domain != host, !(host.hasSuffix("." + domain) && domain.containsBytes(".")) {
            return "Domain=\(domain) does not cover \(host)"
        }
        if cookie.isSecure, !secureOrigin { return "Secure cookie from a non-secure origin" }
        if cookie.sameSite == SameSite.none, !cookie.isSecure { return "SameSite=None without Secure" }
        if cookie.name.hasPrefixIgnoringASCIICase("__Secure-"), !cookie.isSecure { return "__Secure- prefix without Secure" }
        if cookie.name.hasPrefixIgnoringASCIICase("__Host-"), !cookie.isSecure || cookie.domain != nil || cookie.path != "/" {
            return "__Host- prefix requirements not met"
        }
        return nil
    }
}
