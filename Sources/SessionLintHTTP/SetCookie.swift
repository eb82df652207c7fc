import Foundation
import SessionLintCore

/// The SameSite attribute as written. Unrecognised values leave the browser at its default
/// enforcement (RFC 6265bis §5.6.7).
public enum SameSite: Sendable, Equatable, CustomStringConvertible {
    case strict, lax, none
    case unrecognized(String)

    init(attributeValue: String) {
        switch attributeValue.asciiLowercased {
        case "strict": self = .strict
        case "lax": self = .lax
        case "none": self = .none
        default: self = .unrecognized(attributeValue)
        }
    }

    public var description: String {
        switch self {
        case .strict: "Strict"
        case .lax: "Lax"
        case .none: "None"
        case .unrecognized(let value): value
        }
    }
}

/// How long a browser keeps a cookie, measured from the response that set it.
public enum CookieLifetime: Sendable, Equatable {
    /// No Expires and no Max-Age that a browser accepts: gone when the browser session ends.
    case session
    /// Seconds from receipt; zero or negative means the cookie is deleted on arrival.
    case seconds(Double)
    /// An Expires date with no time of receipt to measure it from.
    case until(Date)
}

/// One Set-Cookie header value, read twice: as a browser stores it (RFC 6265bis §5.6, last
/// attribute of each name wins) and against the server grammar (§4.1.1), whose breaches are
/// listed in `diagnostics`.
public struct SetCookie: Sendable, Equatable {
    /// Attributes a browser recognises (§5.6.1–5.6.7 plus Partitioned and Priority).
    public enum AttributeKind: String, Sendable, CaseIterable {
        case expires, maxAge = "max-age", domain, path, secure, httpOnly = "httponly", sameSite = "samesite"
        case partitioned, priority

        /// The kind an attribute name stands for, in any ASCII case; read from the bytes, as
        /// every Set-Cookie of a day of logs is parsed (a name that is not ASCII is no kind).
        init?(nameBytes: ArraySlice<UInt8>) {
            guard let kind = Self.allCases.first(where: { kind in
                let known = kind.rawValue.utf8
                return known.count == nameBytes.count && zip(known, nameBytes).allSatisfy { $0 == lowercasedASCIIByte($1) }
            }) else { return nil }
            self = kind
        }

        /// Its place in `allCases`, for counting kinds without a dictionary.
        var position: Int {
            switch self {
            case .expires: 0
            case .maxAge: 1
            case .domain: 2
            case .path: 3
            case .secure: 4
            case .httpOnly: 5
            case .sameSite: 6
            case .partitioned: 7
            case .priority: 8
            }
        }
    }

    public struct Attribute: Sendable, Equatable {
        public var name: String
        /// nil when written without `=`.
        public var value: String?
        public var kind: AttributeKind?
        /// True when browsers discard this attribute (unreadable date, over-long value, …).
        public var isIgnored = false
    }

    /// Why a browser drops the whole header.
    public enum IgnoreReason: String, Sendable, Equatable {
        case controlCharacter, nameValueTooLong, emptyNameAndValue, namelessWithPrefix
    }

    /// RFC 6265bis limits.
    public static let maxNameValueBytes = 4096
    public static let maxAttributeValueBytes = 1024
    /// §5.5: browsers cap every lifetime at 400 days.
    public static let lifetimeCapSeconds: Double = 400 * 86400

    public let raw: String
    public private(set) var name = ""
    public private(set) var value = ""
    /// False when there was no `=` in the name-value pair (§5.6 gives such a cookie an empty name).
    public private(set) var hasEquals = true
    public private(set) var attributes: [Attribute] = []

    public private(set) var expires: Date?
    public private(set) var maxAge: Int64?
    public private(set) var domain: String?
    public private(set) var path: String?
    public private(set) var isSecure = false
    public private(set) var isHttpOnly = false
    public private(set) var sameSite: SameSite?
    public private(set) var isPartitioned = false

    /// Bytes of name and value as the header carried them (what browsers limit), which stays
    /// the header's when chunks are joined into `value` (`joiningChunks`).
    public private(set) var nameValueBytes = 0
    /// How many chunk cookies `value` was joined from (ASP.NET Core's chunking), or nil.
    public private(set) var joinedChunks: Int?

    public private(set) var ignoredBy: IgnoreReason?
    public private(set) var diagnostics: [CookieDiagnostic] = []

    public init(_ headerValue: String) {
        raw = headerValue
        parse()
    }

    /// This cookie as the cookie its chunks make up (`CookieChunks`): named `name`, its value
    /// the chunks' values joined; everything a header says about the cookie stays this header's.
    func joiningChunks(_ joined: String, count: Int, name: String? = nil) -> SetCookie {
        var cookie = self
        if let name { cookie.name = name }
        cookie.value = joined
        cookie.joinedChunks = count
        return cookie
    }

    /// True when a browser would store nothing from this header.
    public var isIgnoredByBrowsers: Bool { ignoredBy != nil }

    /// Whether an attribute of this kind is present and not discarded by browsers.
    public func has(_ kind: AttributeKind) -> Bool { attributes.contains { $0.kind == kind && !$0.isIgnored } }

    /// The Path a browser stores: the attribute when valid, else the default-path of the request
    /// (§5.1.4).
    public func effectivePath(requestPath: String) -> String {
        if let path { return path }
        guard requestPath.hasPrefix("/"), let lastSlash = requestPath.lastIndex(of: "/"),
              lastSlash != requestPath.startIndex else { return "/" }
        return String(requestPath[..<lastSlash])
    }

    /// Lifetime measured from `receivedAt`; Max-Age wins over Expires (§4.1.2.2).
    public func lifetime(receivedAt: Date?) -> CookieLifetime {
        if let maxAge { return .seconds(Double(maxAge)) }
        if let expires {
            guard let receivedAt else { return .until(expires) }
            return .seconds(expires.timeIntervalSince(receivedAt))
        }
        return .session
    }

    /// True for the usual way of deleting a cookie: Max-Age ≤ 0 or an Expires already past.
    /// Without a time of receipt, an Expires before 2000 counts as past: no capture is older.
    public func isDeletion(receivedAt: Date?) -> Bool {
        switch lifetime(receivedAt: receivedAt) {
        case .session: false
        case .seconds(let seconds): seconds <= 0
        case .until(let date): date < Date(timeIntervalSince1970: 946_684_800)
        }
    }

    // MARK: - Parsing (§5.6)

    private mutating func parse() {
        let bytes = Array(raw.utf8)
        if bytes.contains(where: isControlExceptTab) {
            ignoredBy = .controlCharacter
            note(.controlCharacter, "contains control characters; browsers ignore the whole header", .cookieIgnored)
        }

        let pairEnd = bytes.firstIndex(of: semicolon) ?? bytes.endIndex
        let pair = bytes[..<pairEnd]
        if let equals = pair.firstIndex(of: equalsSign) {
            name = string(trimmed(pair[..<equals]))
            value = string(trimmed(pair[(equals + 1)...]))
        } else {
            hasEquals = false
            value = string(trimmed(pair))
        }
        checkNameValueGrammar()

        nameValueBytes = name.utf8.count + value.utf8.count
        if nameValueBytes > Self.maxNameValueBytes {
            ignoredBy = ignoredBy ?? .nameValueTooLong
            note(.nameValueTooLong,
                 "name and value are \(nameValueBytes) bytes, over the \(Self.maxNameValueBytes)-byte limit; browsers ignore the cookie",
                 .cookieIgnored)
        }
        if name.isEmpty, value.isEmpty {
            ignoredBy = ignoredBy ?? .emptyNameAndValue
            note(.emptyNameAndValue, "has neither name nor value; browsers ignore it", .cookieIgnored)
        }
        if name.isEmpty, value.hasPrefixIgnoringASCIICase("__Secure-") || value.hasPrefixIgnoringASCIICase("__Host-") {
            ignoredBy = ignoredBy ?? .namelessWithPrefix
            note(.nameless, "nameless cookie whose value starts with a cookie prefix; browsers ignore it (§5.7 step 22)", .cookieIgnored)
        }

        // How often each kind appeared, by position: a vector in registers, not a dictionary.
        var seen = SIMD16<UInt16>()
        attributes.reserveCapacity(bytes[pairEnd...].count { $0 == semicolon })
        var index = pairEnd
        while index < bytes.endIndex {
            let start = index + 1
            let end = bytes[start...].firstIndex(of: semicolon) ?? bytes.endIndex
            parseAttribute(bytes[start..<end], seen: &seen)
            index = end
        }
        for kind in AttributeKind.allCases where seen[kind.position] > 1 {
            note(.repeatedAttribute, "attribute \(displayName(kind)) appears \(seen[kind.position]) times; browsers keep only the last", .none)
        }
    }

    private mutating func parseAttribute(_ av: ArraySlice<UInt8>, seen: inout SIMD16<UInt16>) {
        let trimmedAV = trimmed(av)
        guard !trimmedAV.isEmpty else { return }  // ";;" and a trailing ";" are harmless
        let nameBytes: ArraySlice<UInt8>
        var valueBytes: ArraySlice<UInt8>?
        if let equals = trimmedAV.firstIndex(of: equalsSign) {
            nameBytes = trimmed(trimmedAV[..<equals])
            valueBytes = trimmed(trimmedAV[(equals + 1)...])
        } else {
            nameBytes = trimmedAV
        }
        let attributeName = string(nameBytes)
        let attributeValue = valueBytes.map(string)
        let kind = AttributeKind(nameBytes: nameBytes)
        attributes.append(Attribute(name: attributeName, value: attributeValue, kind: kind))

        guard let kind else {
            note(.unknownAttribute, "unknown attribute \(quoted(attributeName)) is ignored by browsers", .none)
            return
        }
        // A header is at most 64 KiB, so fewer attributes than the counter holds; saturate anyway.
        if seen[kind.position] < .max { seen[kind.position] += 1 }

        if let valueBytes, valueBytes.count > Self.maxAttributeValueBytes {
            attributes[attributes.count - 1].isIgnored = true
            note(.attributeValueTooLong,
                 "\(displayName(kind)) value is \(valueBytes.count) bytes, over the \(Self.maxAttributeValueBytes)-byte limit; browsers ignore the attribute",
                 .attributeIgnored)
            return
        }
        let text = attributeValue ?? ""

        switch kind {
        case .expires:
            if let date = CookieDate.parse(text) {
                expires = date
                if !CookieDate.isIMFFixdate(text) {
                    note(.expiresNotIMFFixdate, "Expires \(quoted(text)) is not an IMF-fixdate (\"Sun, 06 Nov 1994 08:49:37 GMT\"); browsers accept it, the grammar does not", .none)
                }
            } else {
                attributes[attributes.count - 1].isIgnored = true
                note(.expiresUnparseable, "Expires \(quoted(text)) is not a date browsers can read; they ignore it", .attributeIgnored)
            }
        case .maxAge:
            parseMaxAge(text)
        case .domain:
            if text.isEmpty {
                attributes[attributes.count - 1].isIgnored = true
                note(.domainEmpty, "Domain has an empty value; browsers ignore the attribute", .attributeIgnored)
            } else {
                domain = String(text.drop { $0 == "." }).asciiLowercased
            }
        case .path:
            if text.hasPrefix("/") {
                path = text
            } else {
                path = nil
                note(.pathInvalid, "Path \(quoted(text)) does not start with \"/\"; browsers use the default path instead", .attributeIgnored)
            }
        case .secure:
            isSecure = true
            if attributeValue != nil { note(.flagWithValue, "Secure takes no value; the value is ignored", .none) }
        case .httpOnly:
            isHttpOnly = true
            if attributeValue != nil { note(.flagWithValue, "HttpOnly takes no value; the value is ignored", .none) }
        case .sameSite:
            sameSite = SameSite(attributeValue: text)
        case .partitioned:
            isPartitioned = true
        case .priority:
            break
        }
    }

    /// §5.6.2: an optional "-", then digits only; anything else and the attribute is ignored.
    private mutating func parseMaxAge(_ text: String) {
        let negative = text.hasPrefix("-")
        let digits = text.utf8.dropFirst(negative ? 1 : 0)
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            attributes[attributes.count - 1].isIgnored = true
            note(.maxAgeInvalid, "Max-Age \(quoted(text)) is not a whole number of seconds; browsers ignore it", .attributeIgnored)
            return
        }
        // Saturate rather than overflow: a 30-digit Max-Age is just "as long as allowed".
        var magnitude: Int64 = 0
        for byte in digits {
            let (times, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(Int64(byte - 0x30))
            if overflowA || overflowB { magnitude = .max; break }
            magnitude = sum
        }
        maxAge = negative ? -magnitude : magnitude
        if negative {
            note(.maxAgeNegative, "Max-Age \(quoted(text)) is negative; the grammar allows digits only (browsers delete the cookie)", .none)
        }
    }

    // MARK: - Server grammar (§4.1.1) for the name-value pair

    private mutating func checkNameValueGrammar() {
        // Nearly every cookie is plain ASCII tokens and octets: nothing to note, and no need to
        // read it as Unicode, which the messages below need.
        if hasEquals, !name.isEmpty, name.utf8.allSatisfy(isTokenByte), value.utf8.allSatisfy(isCookieOctetByte) { return }
        if !hasEquals || name.isEmpty {
            note(.nameless, hasEquals ? "cookie name is empty" : "has no \"=\"; browsers store it as a cookie with an empty name", .none)
        } else if let bad = name.unicodeScalars.first(where: { !isTokenCharacter($0) }) {
            note(.invalidNameCharacter, "cookie name contains \(describe(bad)), which is not allowed in a token", .none)
        }

        var inner = Substring(value)
        let quoteCount = value.utf8.count { $0 == UInt8(ascii: "\"") }
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\""), quoteCount == 2 {
            inner = value.dropFirst().dropLast()
        } else if quoteCount > 0 {
            note(.unbalancedQuotes, "cookie value has stray double quotes; only a fully quoted value is allowed", .none)
            inner = Substring(value.filter { $0 != "\"" })
        }
        if let bad = inner.unicodeScalars.first(where: { !isCookieOctet($0) }), bad != "\"" {
            note(.invalidValueCharacter, "cookie value contains \(describe(bad)), outside cookie-octet; encode the value (e.g. Base64)", .none)
        }
    }

    private mutating func note(_ code: CookieDiagnostic.Code, _ message: String, _ effect: CookieDiagnostic.BrowserEffect) {
        diagnostics.append(CookieDiagnostic(code: code, message: message, effect: effect))
    }

    private func displayName(_ kind: AttributeKind) -> String {
        switch kind {
        case .expires: "Expires"
        case .maxAge: "Max-Age"
        case .domain: "Domain"
        case .path: "Path"
        case .secure: "Secure"
        case .httpOnly: "HttpOnly"
        case .sameSite: "SameSite"
        case .partitioned: "Partitioned"
        case .priority: "Priority"
        }
    }
}

/// One breach of the server grammar, and what a browser does about it.
public struct CookieDiagnostic: Sendable, Equatable {
    public enum Code: String, Sendable, CaseIterable {
        case controlCharacter = "control-character"
        case nameValueTooLong = "name-value-too-long"
        case emptyNameAndValue = "empty-name-and-value"
        case nameless
        case invalidNameCharacter = "invalid-name-character"
        case invalidValueCharacter = "invalid-value-character"
        case unbalancedQuotes = "unbalanced-quotes"
        case attributeValueTooLong = "attribute-value-too-long"
        case repeatedAttribute = "repeated-attribute"
        case expiresUnparseable = "expires-unparseable"
        case expiresNotIMFFixdate = "expires-not-imf-fixdate"
        case maxAgeInvalid = "max-age-invalid"
        case maxAgeNegative = "max-age-negative"
        case domainEmpty = "domain-empty"
        case domainMismatch = "domain-mismatch"
        case pathInvalid = "path-invalid"
        case unknownAttribute = "unknown-attribute"
        case flagWithValue = "flag-with-value"
    }

    /// What the breach costs, worst first: the cookie is dropped, one attribute is dropped, or
    /// browsers cope and only the grammar is broken.
    public enum BrowserEffect: Int, Sendable, Comparable {
        case none = 0, attributeIgnored = 1, cookieIgnored = 2
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var code: Code
    public var message: String
    public var effect: BrowserEffect

    public init(code: Code, message: String, effect: BrowserEffect) {
        self.code = code
        self.message = message
        self.effect = effect
    }
}

// MARK: - Byte helpers

private let semicolon = UInt8(ascii: ";")
private let equalsSign = UInt8(ascii: "=")

private func isControlExceptTab(_ b: UInt8) -> Bool { (b <= 0x1F && b != 0x09) || b == 0x7F }

private func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

private func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var slice = bytes
    while let first = slice.first, isWhitespace(first) { slice = slice.dropFirst() }
    while let last = slice.last, isWhitespace(last) { slice = slice.dropLast() }
    return slice
}

private func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

/// cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E (all ASCII, no double quote)
private func isCookieOctetByte(_ b: UInt8) -> Bool {
    b == 0x21 || (0x23...0x2B).contains(b) || (0x2D...0x3A).contains(b) || (0x3C...0x5B).contains(b) || (0x5D...0x7E).contains(b)
}

private func isCookieOctet(_ s: Unicode.Scalar) -> Bool { s.isASCII && isCookieOctetByte(UInt8(s.value)) }

/// tchar (RFC 9110 §5.6.2), all of it ASCII.
private func isTokenByte(_ b: UInt8) -> Bool {
    switch b {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
         UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
         UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
    default: false
    }
}

private func isTokenCharacter(_ s: Unicode.Scalar) -> Bool { s.isASCII && isTokenByte(UInt8(s.value)) }

private func describe(_ s: Unicode.Scalar) -> String {
    switch s {
    case " ": "a space"
    case ",": "a comma"
    case "\"": "a double quote"
    case "\\": "a backslash"
    default:
        s.value < 0x20 || s.value == 0x7F || s.value > 0x7E
            ? "U+" + String(s.value, radix: 16, uppercase: true) : "\"\(s)\""
    }
}

/// Quotes untrusted text for a message, shortened so a 4 KB attribute cannot flood a report.
func quoted(_ text: String) -> String {
    let limit = 60
    let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
    return "\"\(shown)\""
}
