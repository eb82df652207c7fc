/// Apache `LogFormat` strings (mod_log_config): `%h`, `%>s`, `%{Header}i`, `%{Cookie}C`, with
/// optional status conditions and `<`/`>` modifiers, among literal text with C-style escapes.
enum ApacheFormatParser {
    static func parse(_ text: String) throws(LogFormatError) -> LogFormat {
        var tokens: [LogFormat.Token] = []
        var literal: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                // Escapes in the format string itself (as written in httpd.conf).
                switch bytes[index + 1] {
                case UInt8(ascii: "n"): literal.append(0x0A)
                case UInt8(ascii: "t"): literal.append(0x09)
                default: literal.append(bytes[index + 1])
                }
                index += 2
                continue
            }
            guard byte == UInt8(ascii: "%") else {
                literal.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { throw LogFormatError(message: "the Apache format ends with a lone \"%\"") }
            if bytes[index] == UInt8(ascii: "%") {
                literal.append(UInt8(ascii: "%"))
                index += 1
                continue
            }
            // Modifiers: status conditions ("!200,304"), "<" and ">".
            while index < bytes.count, "!,0123456789<>".utf8.contains(bytes[index]) { index += 1 }
            var argument: String?
            if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
                guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else {
                    throw LogFormatError(message: "unclosed %{ in the Apache format")
                }
                argument = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                index = close + 1
            }
            guard index < bytes.count else { throw LogFormatError(message: "the Apache format ends inside a directive") }
            let directive = Character(UnicodeScalar(bytes[index]))
            index += 1
            tokens.append(.literal(literal))
            literal = []
            tokens.append(.field(try field(directive, argument: argument)))
        }
        tokens.append(.literal(literal))
        return LogFormat(tokens: tokens, escaping: .backslash, syntax: .apache, source: text)
    }

    static func field(_ directive: Character, argument: String?) throws(LogFormatError) -> LogField {
        switch directive {
        case "h", "a": return .clientAddress
        case "u": return .remoteUser
        case "t": return argument == nil ? .timeLocal : .ignored("%{\(argument ?? "")}t")
        case "r": return .requestLine
        case "m": return .method
        case "U": return .path
        case "q": return .query
        case "H": return .protocolVersion
        case "v", "V": return .host
        case "p": return argument == nil || argument == "canonical" || argument == "local" ? .serverPort : .ignored("%{\(argument ?? "")}p")
        case "s": return .status
        case "i": return .requestHeader(argument ?? "")
        case "o": return .responseHeader(argument ?? "")
        case "C": return .requestCookie(argument ?? "")
        case "l", "b", "B", "D", "T", "e", "n", "x", "P", "k", "R", "L", "I", "O", "S", "X", "f", "A", "^":
            return .ignored("%\(directive)")
        default:
            throw LogFormatError(message: "unknown Apache format directive %\(directive)")
        }
    }
}
