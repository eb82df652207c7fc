/// The shape of a value from Tornado's `set_signed_cookie`, which its authentication guide keeps
/// the logged-in user in, whatever the cookie is called (tornado.web, create_signed_value):
/// version 2 is `2|1:0|10:<time>|<n>:<name>|<n>:<base64 value>|<64 hex HMAC-SHA256>`, version 1
/// `<base64 value>|<time>|<40 hex HMAC-SHA1>`. Here because both the cookie classifier (a session
/// cookie by its value) and the token analysis (signed data, not an ID) need it.
public enum TornadoSignedValue {
    /// Whether `bytes` (the cookie value, quotes removed) has either version's shape.
    public static func matches(_ bytes: [UInt8]) -> Bool {
        let bar = UInt8(ascii: "|")
        let fields = bytes.split(separator: bar, omittingEmptySubsequences: false)
        if fields.count == 6, fields[0].elementsEqual("2".utf8), let signature = fields.last, signature.count == 64, signature.allSatisfy(\.isLowercaseHexDigit) {
            // Each middle field is "length:text".
            return fields[1..<5].allSatisfy { field in
                guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else { return false }
                return field[..<colon].isASCIIDecimal
            }
        }
        return fields.count == 3 && fields[1].isASCIIDecimal && fields[2].count == 40 && fields[2].allSatisfy(\.isLowercaseHexDigit)
            && !fields[0].isEmpty && fields[0].allSatisfy(\.isBase64Character)
    }
}
