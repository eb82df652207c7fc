import Foundation
import SessionLintCore

/// What a cookie is for, as far as its name, its value and the configuration tell.
/// Session cookies carry the keys to an account, so their flaws rank higher.
public enum CookieRole: Sendable, Equatable {
    case session(because: String)
    case antiCSRF
    case other
    /// Load-balancer, CDN and analytics cookies that a site cannot or need not protect.
    case ignored(pattern: String)

    public var isSession: Bool {
        if case .session = self { return true }
        return false
    }
}

/// Sorts cookies into roles: configured names first, then known framework session cookies
/// (rules-anchors §3), anti-CSRF names, infrastructure and analytics names, name words and,
/// last, a value in a session-container format (JWT, signed framework sessions).
public struct CookieClassifier: Sendable {
    /// Framework defaults (OWASP cheat sheet, Wappalyzer, ZAP, CRS; rules-anchors §3.1–3.7).
    public static let frameworkSessionNames: [(Glob, String)] = [
        ("PHPSESSID", "PHP"), ("JSESSIONID", "Java servlet"), ("ASP.NET_SessionId", "ASP.NET"),
        ("ASPSESSIONID*", "classic ASP"), (".ASPXAUTH", "ASP.NET forms auth"), (".AspNetCore.Session", "ASP.NET Core"),
        (".AspNetCore.Identity.Application", "ASP.NET Core Identity"), (".AspNetCore.Cookies", "ASP.NET Core"),
        ("sessionid", "Django"), ("connect.sid", "Express"), ("sails.sid", "Sails.js"),
        ("laravel_session", "Laravel"), ("_session_id", "Rails"), ("*_session", "Rails/Laravel app"),
        ("ci_session", "CodeIgniter"), ("SESS????????????????????????????????", "Drupal"),
        ("SSESS????????????????????????????????", "Drupal (HTTPS)"), ("CFID", "ColdFusion"), ("CFTOKEN", "ColdFusion"),
        ("ZENDSERVERSESSID", "Zend"), ("CAKEPHP", "CakePHP"), ("MRHSession", "F5 BIG-IP APM"),
        ("JSESSIONIDSSO", "Java SSO"), ("SMSESSION", "SiteMinder"), ("PLAY_SESSION", "Play"),
        ("symfony", "Symfony"), ("wordpress_logged_in_*", "WordPress"), ("wordpress_sec_*", "WordPress"),
        ("remember_user_token", "Devise"), ("_forward_auth", "Traefik forward auth"), ("_oauth2_proxy", "oauth2-proxy"),
        // Jenkins (its Jetty) names the servlet session after the instance: JSESSIONID.<8 hex>.
        ("JSESSIONID.*", "Jenkins/Jetty"),
        ("KEYCLOAK_SESSION", "Keycloak"), ("KEYCLOAK_SESSION_LEGACY", "Keycloak"), ("KEYCLOAK_IDENTITY", "Keycloak"),
        ("KEYCLOAK_IDENTITY_LEGACY", "Keycloak"), ("AUTH_SESSION_ID", "Keycloak"), ("AUTH_SESSION_ID_LEGACY", "Keycloak"),
        ("grafana_session", "Grafana"), ("MoodleSession", "Moodle"), ("vertx-web.session", "Vert.x"),
        ("next-auth.session-token", "NextAuth.js"), ("__Secure-next-auth.session-token", "NextAuth.js"),
        ("authjs.session-token", "Auth.js"), ("__Secure-authjs.session-token", "Auth.js"),
        ("koa.sess", "koa-session"), ("koa:sess", "koa-session"), ("sb-*-auth-token", "Supabase"),
        // Single-sign-on and application defaults whose names hold no session word.
        ("_shibsession_*", "Shibboleth SP"), ("iPlanetDirectoryPro", "OpenAM/ForgeRock AM"),
        ("AMAuthCookie", "OpenAM/ForgeRock AM"), ("OAMAuthnCookie*", "Oracle Access Manager"),
        ("MYSAPSSO2", "SAP logon ticket"), ("rtFa", "SharePoint"), ("ESTSAUTH*", "Microsoft Entra ID"),
        ("OCSESSID", "OpenCart"), ("PrestaShop-*", "PrestaShop"), ("adminhtml", "Magento admin"),
        ("phpMyAdmin", "phpMyAdmin"), ("phpMyAdmin_https", "phpMyAdmin"),
    ].map { (Glob($0.0, caseInsensitive: true), $0.1) }
    /// Defaults told apart by case alone, tried first: lower-case `session` is Flask's, Starlette's,
    /// Pyramid's and cookie-session's; upper-case `SESSION` is Spring Session's. Matched without
    /// regard to case, a Spring application was reported as Flask.
    private static let caseSensitiveFrameworkSessionNames: [(Glob, String)] = [
        ("session", "Flask, Starlette, Pyramid or cookie-session"), ("SESSION", "Spring Session"),
    ].map { (Glob($0.0, caseInsensitive: false), $0.1) }
    private static let frameworkNames = NamePatterns(frameworkSessionNames, caseInsensitive: true)
    private static let caseSensitiveFrameworkNames = NamePatterns(caseSensitiveFrameworkSessionNames, caseInsensitive: false)

    /// Ignored by default: they belong to the infrastructure or a third party, and flagging them
    /// is the noise users of other scanners complain about most (rules-anchors §3.7, §6).
    public static let defaultIgnoredNames: [String] = [
        "AWSALB", "AWSALBCORS", "AWSALBTG", "AWSALBTGCORS", "AWSELB", "AWSELBCORS",
        "ARRAffinity", "ARRAffinitySameSite", "TiPMix", "x-ms-routing-name",
        "__cfduid", "__cf_bm", "_cfuvid", "cf_clearance", "__cflb",
        "ak_bmsc", "bm_sv", "bm_sz", "bm_mi", "_abck",
        "_ga", "_ga_*", "_gid", "_gat", "_gat_*", "__utma", "__utmb", "__utmc", "__utmt", "__utmz", "__utmv", "_gcl_*",
        "_fbp", "_fbc", "_hj*", "_pk_*", "heroku-session-affinity", "NSC_*", "BIGipServer*", "incap_ses_*",
        "visid_incap_*", "nlbi_*",
        // Keygrip's signature of the cookie named before ".sig" (Koa's ctx.cookies, cookie-session):
        // no credential alone, judged through the cookie it signs.
        "*.sig",
        // Third-party widgets whose names contain session words: not the audited site's session.
        "__stripe_mid", "__stripe_sid", "intercom-session-*", "intercom-id-*", "intercom-device-id-*",
        "_uetsid", "_uetvid", "ajs_anonymous_id", "ajs_user_id", "__hssc", "__hstc", "__hssrc", "hubspotutk",
        "_clck", "_clsk", "OptanonConsent", "OptanonAlertBoxClosed",
        // Analytics and monitoring scripts' own "session" cookies, set from JavaScript (so never
        // HttpOnly) and holding visit counters and timestamps, not the site's login session.
        "kampyle*", "AMCVS_*", "s_sess", "s_pers", "mbox", "utag_main", "optimizelySession", "_sp_ses.*", "_sp_id.*",
        "_dd_s", "rxVisitor", "rxvt", "dtCookie", "dtPC", "dtLatC", "dtSa",
    ]

    private static let csrfWords = ["csrf", "xsrf", "antiforgery", "requestverificationtoken"].map { Array($0.utf8) }
    private static let sessionWords: Set<String> = ["sess", "session", "sid", "sessid", "sessionid", "auth", "login", "token", "remember"]

    private let sessionNames: NamePatterns
    private let ignoredNames: NamePatterns
    /// A day of traffic repeats a few dozen names millions of times; what a name alone says is
    /// worked out once per name (bounded, shared by copies of this classifier).
    private let nameRoles = NameRoleMemo()

    public init(sessionNames: [String] = [], ignoredNames: [String] = CookieClassifier.defaultIgnoredNames) {
        self.sessionNames = NamePatterns(sessionNames.map { (Glob($0), $0) }, caseInsensitive: false)
        self.ignoredNames = NamePatterns(ignoredNames.map { (Glob($0), $0) }, caseInsensitive: false)
    }

    /// Runs for every cookie of every exchange: the name's verdict is memoised, and only a name
    /// that says nothing leads to a look at the value.
    public func role(name: String, value: String) -> CookieRole {
        let byName = nameRoles.role(for: name) { roleFromName(name) }
        if let byName { return byName }
        if let container = Self.sessionContainer(value) {
            return .session(because: container)
        }
        return .other
    }

    /// The role the name alone gives, or nil when it takes the value to decide.
    private func roleFromName(_ name: String) -> CookieRole? {
        if let configured = sessionNames.match(name) {
            return .session(because: "configured as a session cookie (\(configured))")
        }
        if let ignored = ignoredNames.match(name) {
            return .ignored(pattern: ignored)
        }
        if let framework = Self.caseSensitiveFrameworkNames.match(name) ?? Self.frameworkNames.match(name) {
            return .session(because: "\(framework) session cookie name")
        }
        let lowered = Array(name.utf8.map(lowercasedASCIIByte))
        if Self.csrfWords.contains(where: { lowered.contains($0) }) { return .antiCSRF }
        if let word = Self.words(of: name).first(where: { Self.sessionWords.contains($0) || $0.hasPrefix("sess") }) {
            return .session(because: "name contains \"\(word)\"")
        }
        return nil
    }

    /// A "remember me" login cookie (Spring's remember-me, Laravel's remember_web_…, Devise's
    /// remember_user_token): a session credential that is persistent by design.
    public static func isRememberMe(_ name: String) -> Bool {
        // Every word is a lower-cased piece of the name: without the letters in a row, no word
        // can be "remember", and the name need not be split (asked for every session cookie set).
        name.containsAnyIgnoringASCIICase([Array("remember".utf8)]) && words(of: name).contains("remember")
    }

    /// Splits a cookie name into lower-case words at separators, case changes and digits:
    /// `remember_user_token` → [remember, user, token], `authToken` → [auth, token].
    static func words(of name: String) -> [String] {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return unicodeWords(of: name) }
        // Cookie names are ASCII tokens (RFC 6265bis §4.1.1): split their bytes.
        var words: [String] = []
        var start: Int?
        var previousWasLower = false
        let bytes = Array(name.utf8)
        func close(at end: Int) {
            if let first = start { words.append(String(decoding: bytes[first..<end].map(lowercasedASCIIByte), as: UTF8.self)) }
            start = nil
        }
        func isSmallLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        for (index, byte) in bytes.enumerated() {
            let isUpper = byte >= 0x41 && byte <= 0x5A, isLower = isSmallLetter(byte)
            if isUpper || isLower {
                // A word starts at a capital after a small letter (authToken), and at the last
                // capital of an acronym that runs into a word (SAMLSession → saml, session).
                let endsAcronym = isUpper && !previousWasLower && start.map { $0 < index } == true
                    && index + 1 < bytes.count && isSmallLetter(bytes[index + 1])
                if isUpper, previousWasLower || endsAcronym { close(at: index) }
                if start == nil { start = index }
                previousWasLower = isLower
            } else {
                close(at: index)
                previousWasLower = false
            }
        }
        close(at: bytes.count)
        return words
    }

    private static func unicodeWords(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for character in name {
            if character.isLetter {
                if character.isUppercase, previousWasLower, !current.isEmpty {
                    words.append(current); current = ""
                }
                current.append(Character(character.lowercased()))
                previousWasLower = character.isLowercase
            } else {
                if !current.isEmpty { words.append(current); current = "" }
                previousWasLower = false
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Values whose format is a session or authentication container, whatever the name:
    /// a JWT, an Express signed cookie (`s:<id>.<signature>`), a Rails, Rack or Mojolicious
    /// signed or encrypted cookie (`<data>--<HMAC>`, `<data>--<iv>--<tag>`), a Tornado or Bottle
    /// signed cookie, or an itsdangerous-signed Flask session (`<payload>.<time>.<signature>`).
    /// An opaque random value alone is not enough: trackers issue those too.
    static func sessionContainer(_ value: String) -> String? {
        // Every container joins its parts with ".", "--", "|" or "?": most values have none, and
        // are answered here without copying (this runs for every cookie whose name did not decide).
        var previous: UInt8 = 0
        guard value.utf8.contains(where: { byte in
            defer { previous = byte }
            return byte == dot || byte == bar || byte == question || (byte == dash && previous == dash)
        }) else { return nil }
        var bytes = Array(value.utf8)
        if bytes.count >= 2, bytes.first == quote, bytes.last == quote { bytes = Array(bytes.dropFirst().dropLast()) }
        if TornadoSignedValue.matches(bytes) { return "value is a Tornado signed cookie" }
        if BottleSignedCookie.matches(bytes) { return "value is a Bottle signed cookie" }
        let parts = bytes.split(separator: dot, omittingEmptySubsequences: false)
        let allBase64URL = parts.allSatisfy { $0.allSatisfy(isBase64URL) }
        if parts.count == 3, parts[0].starts(with: Array("eyJ".utf8)), parts[1].count >= 2, allBase64URL {
            return "value is a JWT"
        }
        if bytes.starts(with: Array("s:".utf8)) || bytes.starts(with: Array("s%3A".utf8)) || bytes.starts(with: Array("s%3a".utf8)),
           bytes.contains(dot) {
            return "value is an Express signed session id"
        }
        switch DoubleDashCookie(bytes) {
        case .signed: return "value is a signed cookie, data--HMAC (Rails, Rack, Mojolicious)"
        case .encrypted: return "value is an encrypted cookie, data--iv--tag (Rails, Sinatra)"
        case nil: break
        }
        let nonEmpty = parts.filter { !$0.isEmpty }
        if (parts.count == 3 || (parts.count == 4 && parts[0].isEmpty)), nonEmpty.count == 3, allBase64URL,
           let payload = nonEmpty.first, payload.starts(with: Array("eJ".utf8)) || payload.starts(with: Array("eyJ".utf8)) {
            return "value is an itsdangerous-signed session"
        }
        return nil
    }

    private static func isBase64URL(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == dash || b == underscore
    }
}

/// Name patterns split for lookup: exact names in a dictionary, wildcard patterns in a list
/// tried after it, each with the label it reports. An exact name wins over a wildcard that also
/// matches; among wildcards, the first given.
private struct NamePatterns: Sendable {
    private var exact: [String: String] = [:]
    private var wildcards: [(Glob, String)] = []
    private let caseInsensitive: Bool

    init(_ patterns: [(Glob, String)], caseInsensitive: Bool) {
        self.caseInsensitive = caseInsensitive
        for (glob, label) in patterns {
            if glob.pattern.contains(where: { $0 == "*" || $0 == "?" }) {
                wildcards.append((glob, label))
            } else {
                let key = caseInsensitive ? glob.pattern.asciiLowercased : glob.pattern
                if exact[key] == nil { exact[key] = label }
            }
        }
    }

    func match(_ name: String) -> String? {
        if !exact.isEmpty, let label = exact[caseInsensitive ? name.asciiLowercased : name] { return label }
        for (glob, label) in wildcards where glob.matches(name) { return label }
        return nil
    }
}

/// Name → role verdicts already worked out. A lock, not an actor: lookups are on the hot path and
/// never wait on anything else. Hostile traffic with endless new names stops filling it at the
/// bound rather than growing.
private final class NameRoleMemo: @unchecked Sendable {
    private static let bound = 4096
    private let lock = NSLock()
    private var verdicts: [String: CookieRole?] = [:]

    func role(for name: String, compute: () -> CookieRole?) -> CookieRole? {
        lock.lock()
        let known = verdicts[name]
        lock.unlock()
        if let known { return known }
        let verdict = compute()
        lock.lock()
        if verdicts.count < Self.bound { verdicts[name] = verdict }
        lock.unlock()
        return verdict
    }
}

private let quote = UInt8(ascii: "\""), dot = UInt8(ascii: "."), dash = UInt8(ascii: "-"), underscore = UInt8(ascii: "_"), bar = UInt8(ascii: "|"),
    question = UInt8(ascii: "?")
private let plus = UInt8(ascii: "+"), slash = UInt8(ascii: "/"), equals = UInt8(ascii: "="), percent = UInt8(ascii: "%")
