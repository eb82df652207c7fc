/// Cookie values whose parts are joined with "--", the layout Ruby and Perl frameworks share:
/// - signed, `data--HMAC` with the HMAC in 40 or 64 lowercase hex digits: Rails' signed cookies
///   (ActiveSupport::MessageVerifier), Rack::Session::Cookie (base64 Marshal, HMAC-SHA1), and
///   Mojolicious' session (base64 JSON padded with "Z" to hide its length, "=" written as "-",
///   so the data may itself end in dashes: `…Wlo---55b5…`);
/// - encrypted, `data--iv--tag` with a 12-byte IV and a 16-byte tag in base64 (16 and 24
///   characters): AES-256-GCM, Rails' cookie store since 5.2 and Sinatra 3's rack-protection.
/// Here because both the cookie classifier (a session cookie by its value) and the token
/// analysis (signed or encrypted, not an ID) read it. Values that merely contain "--" (Google's
/// AEC cookie) have neither tail.
public enum DoubleDashCookie: Sendable, Equatable {
    /// `data` is the signed part, as it appears in the value.
    case signed(data: ArraySlice<UInt8>)
    case encrypted

    /// The value as sent (%-escaped, as Rails writes it) or decoded; quotes removed.
    public init?(_ bytes: [UInt8]) {
        let dash = UInt8(ascii: "-")
        guard let lastSeparator = Self.lastDoubleDash(in: bytes, before: bytes.count) else { return nil }
        let tail = bytes[(lastSeparator + 2)...]
        if let middleSeparator = Self.lastDoubleDash(in: bytes, before: lastSeparator), middleSeparator >= 8,
           Self.escapedLength(bytes[(middleSeparator + 2)..<lastSeparator]) == 16, Self.escapedLength(tail) == 24,
           !bytes[..<middleSeparator].contains(where: { $0 == dash }) {
            self = .encrypted
            return
        }
        guard lastSeparator >= 8, tail.count == 40 || tail.count == 64, tail.allSatisfy(\.isLowercaseHexDigit) else { return nil }
        self = .signed(data: bytes[..<lastSeparator])
    }

    /// The start of the last "--" that ends at or before `end`; in a run of dashes, the last two.
    private static func lastDoubleDash(in bytes: [UInt8], before end: Int) -> Int? {
        var index = end - 2
        while index >= 0 {
            if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") { return index }
            index -= 1
        }
        return nil
    }

    /// Characters, counting each %-escape ("%3D" for "=", "%2F" for "/", "%2B" for "+", which
    /// Rails and Rack write into the Set-Cookie) as the one character it stands for.
    private static func escapedLength(_ part: ArraySlice<UInt8>) -> Int {
        var length = 0, index = part.startIndex
        while index < part.endIndex {
            let isEscape = part.endIndex - index >= 3 && part[index] == UInt8(ascii: "%")
                && part[index + 1].isHexDigit && part[index + 2].isHexDigit
            index += isEscape ? 3 : 1
            length += 1
        }
        return length
    }
}
