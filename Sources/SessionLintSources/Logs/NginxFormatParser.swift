/// nginx `log_format` strings (ngx_http_log_module): `$variable` and `${variable}` among
/// literal text.
enum NginxFormatParser {
    static func parse(_ text: String, escaping: LogFormat.Escaping) throws(LogFormatError) -> LogFormat {
        var tokens: [LogFormat.Token] = []
        var literal: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "$") else {
                literal.append(bytes[index])
                index += 1
                continue
            }
            var name: [UInt8] = []
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
                guard let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
                    throw LogFormatError(message: "unclosed ${ in the nginx format at character \(index + 1)")
                }
                name = Array(bytes[(index + 2)..<close])
                index = close + 1
            } else {
                var end = index + 1
                while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                name = Array(bytes[(index + 1)..<end])
                index = end
            }
            guard !name.isEmpty else { throw LogFormatError(message: "a lone \"$\" in the nginx format") }
            tokens.append(.literal(literal))
            literal = []
            tokens.append(.field(field(String(decoding: name, as: UTF8.self))))
        }
        tokens.append(.literal(literal))
        return LogFormat(tokens: tokens, escaping: escaping, syntax: .nginx, source: text)
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_")
    }

    /// nginx header variables use lower case with "_" for "-".
    private static func headerName(_ suffix: Substring) -> String {
        suffix.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
    }

    static func field(_ name: String) -> LogField {
        switch name {
        case "remote_addr", "binary_remote_addr", "realip_remote_addr": return .clientAddress
        case "remote_user": return .remoteUser
        case "time_local": return .timeLocal
        case "time_iso8601": return .timeISO8601
        case "msec": return .timeEpoch
        case "request": return .requestLine
        case "request_method": return .method
        case "request_uri": return .requestTarget
        case "uri", "document_uri": return .path
        case "args", "query_string": return .query
        case "scheme": return .scheme
        case "server_protocol": return .protocolVersion
        case "host", "server_name": return .host
        case "server_port": return .serverPort
        case "status": return .status
        default:
            if name.hasPrefix("http_") { return .requestHeader(headerName(name.dropFirst(5))) }
            if name.hasPrefix("sent_http_") { return .responseHeader(headerName(name.dropFirst(10))) }
            if name.hasPrefix("cookie_") { return .requestCookie(String(name.dropFirst(7))) }
            return .ignored(name)
        }
    }
}
