import Foundation
import SessionLintCore

/// Personal data in the part of a cookie anyone holding it can read: a JWT's payload, the JSON of
/// a Flask or Django signed session, base64 JSON state. Signing stops changes, not reading; the
/// value sits in browser storage, proxies' logs and every request (RFC 8725 §3.13 advises against
/// sensitive claims; OWASP's JWT cheat sheet says the same).
enum PersonalData {
    /// Claim names that hold personal or secret data, compared without case, `_` or `-`.
    static let sensitiveNames: Set<String> = [
        "email", "emailaddress", "mail", "phone", "phonenumber", "mobile", "tel", "address", "streetaddress", "postalcode",
        "birthdate", "dateofbirth", "dob", "ssn", "socialsecuritynumber", "nationalid", "passport", "taxid",
        "name", "fullname", "givenname", "familyname", "firstname", "lastname", "surname",
        "password", "passwd", "pwd", "secret", "apikey", "creditcard", "cardnumber", "iban", "accountnumber",
    ]
    /// Objects nested deeper than this are not read.
    static let maximumDepth = 6

    /// The names of the personal fields in the readable part of `value`, sorted.
    static func fields(in value: String, format: TokenFormat) -> [String] {
        guard let object = readablePart(of: TokenFormat.normalised(value), format: format) else { return [] }
        var found = Set<String>()
        collect(object, depth: 0, into: &found)
        return found.sorted()
    }

    private static func readablePart(of value: String, format: TokenFormat) -> Any? {
        let encoded: Substring
        switch format {
        case .jwt: encoded = value.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first ?? ""
        case .signedData:
            if case .signed(let data)? = DoubleDashCookie(Array(value.utf8)) { return jsonBeforeDoubleDash(data) }
            // Signature and JSON in one base64 value (Pyramid).
            guard value.contains(where: { $0 == "." || $0 == ":" }) else { return Base64.decode(value).flatMap(TokenFormat.jsonAfterSignature) }
            encoded = value.split(whereSeparator: { $0 == "." || $0 == ":" }).first ?? ""
        case .readableState: encoded = Substring(value)
        default: return nil
        }
        guard let bytes = Base64.decode(String(encoded)), bytes.first == UInt8(ascii: "{") else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(bytes))
    }

    /// The JSON in a `data--HMAC` cookie's data, when it is base64 JSON (Rails' JSON serializer,
    /// Mojolicious, which writes base64's "=" as "-" and pads the JSON with "Z" to hide its
    /// length); nil for Rack's Marshal data.
    private static func jsonBeforeDoubleDash(_ data: ArraySlice<UInt8>) -> Any? {
        let padding = data.reversed().prefix { $0 == UInt8(ascii: "-") }.count
        let base64 = String(decoding: data.dropLast(padding), as: UTF8.self) + String(repeating: "=", count: padding)
        guard let bytes = Base64.decode(base64), bytes.first == UInt8(ascii: "{"), let end = bytes.lastIndex(of: UInt8(ascii: "}")),
              bytes[(end + 1)...].allSatisfy({ $0 == UInt8(ascii: "Z") }) else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(bytes[...end]))
    }

    private static func collect(_ object: Any, depth: Int, into found: inout Set<String>) {
        guard depth < maximumDepth else { return }
        if let dictionary = object as? [String: Any] {
            for (key, nested) in dictionary {
                let plain = key.lowercased().filter { $0 != "_" && $0 != "-" }
                if sensitiveNames.contains(plain) || (nested as? String).map(looksLikeEmailAddress) == true { found.insert(key) }
                collect(nested, depth: depth + 1, into: &found)
            }
        } else if let array = object as? [Any] {
            for nested in array.prefix(100) { collect(nested, depth: depth + 1, into: &found) }
        }
    }

    private static func looksLikeEmailAddress(_ text: String) -> Bool {
        guard text.count <= 254, let at = text.firstIndex(of: "@"), at > text.startIndex else { return false }
        let domain = text[text.index(after: at)...]
        return domain.contains(".") && !domain.contains("@") && !text.contains(" ")
    }
}
