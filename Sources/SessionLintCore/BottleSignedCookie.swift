/// The shape of a value from Bottle's signed cookies (`response.set_cookie(name, value,
/// secret=…)`, which its tutorial logs users in with): `!<base64 HMAC>?<base64 pickle>`, the
/// HMAC SHA-256 since Bottle 0.12.20 and MD5 before (44 or 24 base64 characters), the pickle
/// of `[name, value]` (protocol 2 or later starts with 0x80 and the protocol number, `gA` in
/// base64). Readable by whoever holds it, and unpickled by the server once the HMAC checks out.
/// Here because both the cookie classifier (a session cookie by its value) and the token
/// analysis (signed data, not an ID) need it.
public enum BottleSignedCookie {
    /// Whether `bytes` (the cookie value, quotes removed) has the shape.
    public static func matches(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == UInt8(ascii: "!"), let question = bytes.firstIndex(of: UInt8(ascii: "?")) else { return false }
        let signature = bytes[1..<question], pickle = bytes[(question + 1)...]
        return (signature.count == 44 || signature.count == 24) && signature.allSatisfy(\.isBase64Character)
            && pickle.starts(with: "gA".utf8) && pickle.count >= 8 && pickle.allSatisfy(\.isBase64Character)
    }
}
