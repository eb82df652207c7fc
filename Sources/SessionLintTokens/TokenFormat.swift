import Foundation
import SessionLintCore

/// What a session cookie value is, recognised before any randomness test: most real session
/// cookies are not bare random IDs, and testing a signed or encrypted container as one is the
/// first source of false alarms (predictability.md §6).
public enum TokenFormat: Sendable, Equatable {
    /// An opaque identifier. `inner` carries the randomness: the ID inside an Express signature,
    /// the UUID inside Spring Session's base64; `wrapper` names what was peeled off.
    case identifier(inner: String, wrapper: String?)
    /// A JSON Web Token: its strength is the signature's, not the value's bits.
    case jwt(algorithm: String?, expires: Date?)
    /// Data signed by the server but readable by anyone (Flask, Django signing, Rails signed).
    case signedData(String)
    /// An encrypted container (Rails, ASP.NET Core data protection, Laravel, Fernet, JWE).
    /// `holdsSession`: the container is the session itself, encrypted (Rails' cookie store,
    /// aiohttp-session's Fernet storage, a JWE's claims), rather than a wrapped server-side ID.
    case encrypted(String, holdsSession: Bool)
    /// Session state in the clear, base64 or serialised: readable and, unsigned, tamperable.
    case readableState(String)

    /// Whether the value is the session itself, kept by the client: signed data, a JWT,
    /// readable state, or state encrypted into the cookie. The server signs or encrypts it afresh
    /// whenever the session changes (every request, for some), so a new value in an answer is
    /// not a new session, and the server cannot revoke a copy. Containers wrapping a server-side
    /// ID are left out: Laravel's is re-encrypted on every answer, so a new one may well be a new
    /// session; ASP.NET Core's data protection wraps either, and is not told apart by its bytes.
    public var keepsSessionInCookie: Bool {
        switch self {
        case .jwt, .signedData, .readableState: true
        case .encrypted(_, let holdsSession): holdsSession
        case .identifier: false
        }
    }

    public init(value raw: String) {
        let value = Self.normalised(raw)
        // Letters and digits only, the commonest session ID: no container has that shape but
        // base64 state, so the separator-based readings are skipped.
        // ASP.NET Core's base64url may hold no separator at all, so its magic comes first.
        if value.hasPrefix("CfDJ8") { self = .encrypted("ASP.NET Core data protection", holdsSession: false); return }
        if !value.utf8.allSatisfy(Self.isASCIIAlphanumeric) {
            if let container = Self.delimitedContainer(value) { self = container; return }
        }
        // A random ID is often valid base64 too, so each reading must be unmistakable: JSON that
        // parses, a PHP serialize() header, Java's serialization magic, a UUID's exact layout.
        if let decoded = Base64.decode(value), !decoded.isEmpty {
            if Self.isFernetToken(decoded) {
                self = .encrypted("Fernet token (aiohttp-session's EncryptedCookieStorage)", holdsSession: true)
                return
            }
            if let gorilla = Self.gorillaSecureCookie(decoded) { self = gorilla; return }
            if Self.jsonAfterSignature(decoded) != nil {
                self = .signedData("signed session in base64, HMAC then JSON (Pyramid's SignedCookieSessionFactory)")
                return
            }
            if let object = Self.json(decoded) {
                let keys = (object as? [String: Any]).map { Set($0.keys) } ?? []
                self = keys.isSuperset(of: ["iv", "value", "mac"])
                    ? .encrypted("Laravel encrypted cookie", holdsSession: false) : .readableState("base64 JSON")
                return
            }
            if decoded.count == 36, let text = Optional(String(decoding: decoded, as: UTF8.self)), UUIDLayout(text) != nil {
                self = .identifier(inner: text, wrapper: "base64 (Spring Session)")
                return
            }
            if decoded.starts(with: Array("a:".utf8)) || decoded.starts(with: Array("O:".utf8)), Self.isPHPSerialized(String(decoding: decoded, as: UTF8.self)) {
                self = .readableState("base64 PHP serialize() data")
                return
            }
            if decoded.starts(with: [0xAC, 0xED, 0x00, 0x05]) { self = .readableState("base64 Java serialized object"); return }
        }
        if Self.json(Array(value.utf8)) is [String: Any] || Self.isPHPSerialized(value) { self = .readableState("plain serialized data"); return }
        self = .identifier(inner: value, wrapper: nil)
    }

    /// Containers told apart by their separators: JWT, Express, ASP.NET Core, Rails, Flask-Login,
    /// itsdangerous, Django signing.
    private static func delimitedContainer(_ value: String) -> TokenFormat? {
        if let jwt = Self.jwt(value) { return jwt }
        if Self.isClientSessionsValue(value) {
            return .encrypted("client-sessions (Node): IV, ciphertext, creation, duration, HMAC", holdsSession: true)
        }
        if value.hasPrefix("s:"), let dot = value.lastIndex(of: "."), dot > value.index(value.startIndex, offsetBy: 2) {
            return .identifier(inner: String(value[value.index(value.startIndex, offsetBy: 2)..<dot]), wrapper: "Express signed cookie")
        }
        let bytes = Array(value.utf8)  // the byte-level readers below share one copy
        switch DoubleDashCookie(bytes) {
        case .signed: return .signedData(Self.doubleDashSigned)
        case .encrypted: return .encrypted(Self.doubleDashEncrypted, holdsSession: true)  // the session itself, encrypted
        case nil: break
        }
        if TornadoSignedValue.matches(bytes) { return .signedData("Tornado signed cookie") }
        if BottleSignedCookie.matches(bytes) { return .signedData("Bottle signed cookie, !HMAC?pickle") }
        if let bar = value.lastIndex(of: "|"), [64, 128].contains(value.distance(from: bar, to: value.endIndex) - 1),
           value[value.index(after: bar)...].allSatisfy(\.isHexDigit) {
            return .signedData("value|HMAC (Flask-Login remember cookie)")
        }
        let dotParts = value.split(separator: ".", omittingEmptySubsequences: false)
        if (dotParts.count == 3 && dotParts[0].hasPrefix("eyJ")) || (dotParts.count == 4 && dotParts[0].isEmpty && dotParts[1].hasPrefix("eJ")) {
            return .signedData("signed session from itsdangerous (Flask, Starlette)")
        }
        let colonParts = value.split(separator: ":", omittingEmptySubsequences: false)
        if colonParts.count >= 3, let signature = colonParts.last, [27, 43].contains(signature.count), signature.allSatisfy(Self.isBase64URL) {
            return .signedData("Django signed value")
        }
        return nil
    }

    static let doubleDashSigned = "signed cookie, data--HMAC (Rails, Rack::Session::Cookie, Mojolicious)"
    static let doubleDashEncrypted = "AES-GCM encrypted cookie, data--iv--tag (Rails' cookie store, Sinatra's rack-protection)"

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// The value as a browser would send it back: outer quotes removed, %-escapes decoded.
    static func normalised(_ raw: String) -> String {
        var value = raw
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        if value.containsBytes("%"), let decoded = value.removingPercentEncoding { value = decoded }
        return value
    }

    private static func jwt(_ value: String) -> TokenFormat? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 5, parts[0].hasPrefix("eyJ"),
              let header = Base64.decode(String(parts[0])),
              let headerJSON = try? JSONSerialization.jsonObject(with: Data(header)) as? [String: Any],
              headerJSON["alg"] != nil || headerJSON["enc"] != nil else { return nil }  // RFC 7515 §4.1.1: alg is required
        guard parts.count == 3 else { return .encrypted("JWE (encrypted JWT)", holdsSession: true) }
        let payload = Base64.decode(String(parts[1])).flatMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
        let expires = (payload?["exp"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
        return .jwt(algorithm: headerJSON["alg"] as? String, expires: expires)
    }

    /// Mozilla's client-sessions for Node: `iv.ciphertext.createdAt.duration.hmac`, a 16-byte IV,
    /// AES-CBC ciphertext in 16-byte blocks, two decimal millisecond counts and a 32-byte
    /// HMAC-SHA256, the binary parts in unpadded base64url.
    private static func isClientSessionsValue(_ value: String) -> Bool {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[2].utf8.count >= 12, parts[2].utf8.isASCIIDecimal, parts[3].utf8.isASCIIDecimal,
              Base64.decode(String(parts[0]))?.count == 16, Base64.decode(String(parts[4]))?.count == 32,
              let ciphertext = Base64.decode(String(parts[1])), !ciphertext.isEmpty, ciphertext.count % 16 == 0 else { return false }
        return true
    }

    /// A Fernet token (github.com/fernet/spec, Spec.md): version byte 0x80, a 64-bit big-endian
    /// timestamp in seconds, a 128-bit IV, AES-CBC ciphertext in 16-byte blocks, a 256-bit
    /// HMAC; 57 + 16n bytes. The timestamp must fall between 2013 (the spec) and 2100, which a
    /// random ID's bytes do about once in four billion.
    private static func isFernetToken(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 73, (bytes.count - 57) % 16 == 0, bytes[0] == 0x80 else { return false }
        let seconds = bytes[1...8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return (1_356_998_400...4_102_444_800).contains(seconds)
    }

    /// gorilla/securecookie (Go's gorilla/sessions CookieStore): base64url of
    /// `unix-time|base64url(payload)|HMAC`, the HMAC binary (SHA-256 by default, 32 bytes). The
    /// payload is gob (starting with gob's type header 0x0E 0xFF 0x81 for the session map) or
    /// JSON when only signed, and ciphertext when the store was given an encryption key. Either
    /// way the session lives in the cookie.
    private static func gorillaSecureCookie(_ bytes: [UInt8]) -> TokenFormat? {
        let bar = UInt8(ascii: "|")
        guard let firstBar = bytes.prefix(21).firstIndex(of: bar), firstBar >= 9,
              bytes[..<firstBar].isASCIIDecimal,
              let secondBar = bytes[(firstBar + 1)...].firstIndex(of: bar), bytes.count - secondBar - 1 >= 20,
              let payload = Base64.decode(String(decoding: bytes[(firstBar + 1)..<secondBar], as: UTF8.self)), !payload.isEmpty
        else { return nil }
        if payload.starts(with: [0x0E, 0xFF, 0x81]) || json(payload) != nil {
            return .signedData("gorilla/securecookie (Go): time, gob or JSON, HMAC")
        }
        return .encrypted("gorilla/securecookie (Go), with an encryption key", holdsSession: true)
    }

    /// JSON behind a binary HMAC of a common size (SHA-512, -256, -384, SHA-1), as Pyramid's
    /// SignedSerializer writes it: `base64url(signature + JSON)`. The JSON must parse, which
    /// random bytes at that offset never do.
    static func jsonAfterSignature(_ bytes: [UInt8]) -> Any? {
        for length in [64, 32, 48, 20] where bytes.count > length + 1 && (bytes[length] == UInt8(ascii: "{") || bytes[length] == UInt8(ascii: "[")) {
            if let object = json(Array(bytes[length...])) { return object }  // copied only when it may be JSON: asked of every sample
        }
        return nil
    }

    private static func json(_ bytes: [UInt8]) -> Any? {
        guard let first = bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(bytes))
    }

    /// `a:2:{…` or `O:4:"User":…`: what PHP's serialize() writes.
    private static func isPHPSerialized(_ text: String) -> Bool {
        guard text.hasPrefix("a:") || text.hasPrefix("O:") else { return false }
        let digits = text.dropFirst(2).prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && text.dropFirst(2 + digits.count).first == ":"
    }

    static func isBase64URL(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == "_")
    }
}

/// Lenient base64: standard or URL alphabet, padded or not. Nil when the text is not base64.
/// Decoded by hand on the UTF-8 bytes: every sample of every session cookie comes through here.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        var symbols = Array(text.utf8)
        guard symbols.count >= 4 else { return nil }
        while symbols.last == UInt8(ascii: "=") { symbols.removeLast() }
        guard text.utf8.count - symbols.count <= 2, symbols.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(symbols.count * 3 / 4)
        var accumulator: UInt32 = 0, pending = 0
        for symbol in symbols {
            guard let value = sextet(symbol) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            pending += 6
            if pending >= 8 {
                pending -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(pending)))
            }
        }
        return bytes
    }

    private static func sextet(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x41...0x5A: b - 0x41
        case 0x61...0x7A: b - 0x61 + 26
        case 0x30...0x39: b - 0x30 + 52
        case 0x2B, 0x2D: 62  // + and -
        case 0x2F, 0x5F: 63  // / and _
        default: nil
        }
    }
}
