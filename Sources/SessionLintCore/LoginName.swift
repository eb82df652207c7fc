import Foundation

extension HTTPRequest {
    /// Form fields that carry the account name at login, compared without case.
    static let userNameFields: Set<String> = ["username", "user", "login", "email", "user_name", "userid", "user_id", "uname", "account", "j_username"]
    /// Names longer than this are not names.
    static let maximumUserNameLength = 128

    /// The account name a POSTed urlencoded form carries in one of the usual fields, decoded
    /// (`+` and %-escapes), or nil. Session IDs issued in answer to it belong to that user, so
    /// token analysis can look for the name inside them or a hash of it.
    public var postedUserName: String? {
        guard method == "POST", !formBody.isEmpty, !formBody.starts(with: Array("--".utf8)) else { return nil }
        for pair in formBody.prefix(8_192).split(separator: UInt8(ascii: "&")) {
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: pair[..<equals], as: UTF8.self).lowercased()
            guard Self.userNameFields.contains(name) else { continue }
            let raw = String(decoding: pair[(equals + 1)...], as: UTF8.self).replacingOccurrences(of: "+", with: " ")
            guard let value = raw.removingPercentEncoding, !value.isEmpty, value.count <= Self.maximumUserNameLength else { return nil }
            return value
        }
        return nil
    }
}
