import SessionLintCore

/// What one piece of an access-log line means, whatever server wrote it.
public enum LogField: Sendable, Hashable {
    case clientAddress
    case remoteUser
    /// `10/Oct/2000:13:55:36 -0700`, with or without the brackets Apache adds.
    case timeLocal
    case timeISO8601
    /// Seconds since the epoch with a fraction (nginx $msec).
    case timeEpoch
    /// `GET /path?q HTTP/1.1`
    case requestLine
    case method
    /// Path and query as sent.
    case requestTarget
    case path
    /// The query without "?".
    case query
    case scheme
    /// `HTTP/1.1`
    case protocolVersion
    case host
    case serverPort
    case status
    case requestHeader(String)
    case responseHeader(String)
    /// One request cookie's value ($cookie_NAME, %{NAME}C).
    case requestCookie(String)
    /// Anything else: matched and ignored.
    case ignored(String)
}

/// A parsed log format: literals and fields in order, and how values were escaped.
public struct LogFormat: Sendable, Equatable {
    public enum Token: Sendable, Equatable {
        case literal([UInt8])
        case field(LogField)
    }

    public enum Escaping: Sendable, Equatable {
        /// nginx default and Apache: `\xHH`, `\"`, `\\`.
        case backslash
        /// nginx escape=json.
        case json
        /// nginx escape=none.
        case none
    }

    public enum Syntax: String, Sendable { case nginx, apache }

    public var tokens: [Token]
    public var escaping: Escaping
    public var syntax: Syntax
    /// The text it was parsed from, for messages.
    public var source: String

    public var fields: [LogField] {
        tokens.compactMap { if case .field(let field) = $0 { field } else { nil } }
    }

    /// Tells nginx (`$variable`) from Apache (`%directive`) syntax and parses either. An nginx
    /// format may start with `escape=json ` or `escape=none ` as in its log_format directive.
    public init(parsing given: String, escaping: Escaping? = nil) throws(LogFormatError) {
        var text = given
        var escaping = escaping
        for (prefix, mode) in [("escape=json ", Escaping.json), ("escape=none ", .none), ("escape=default ", .backslash)] where text.hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count))
            escaping = mode
        }
        let dollars = text.filter { $0 == "$" }.count
        let percents = text.filter { $0 == "%" }.count
        if dollars > percents {
            self = try NginxFormatParser.parse(text, escaping: escaping ?? .backslash)
        } else if percents > 0 {
            self = try ApacheFormatParser.parse(text)
        } else {
            throw LogFormatError(message: "\"\(text)\" has neither nginx $variables nor Apache %directives")
        }
    }

    init(tokens: [Token], escaping: Escaping, syntax: Syntax, source: String) {
        // Adjacent literals merge, so matching compares whole separators.
        var merged: [Token] = []
        for token in tokens {
            if case .literal(let bytes) = token, case .literal(let previous)? = merged.last {
                merged[merged.count - 1] = .literal(previous + bytes)
            } else if case .literal(let bytes) = token, bytes.isEmpty {
                continue
            } else {
                merged.append(token)
            }
        }
        self.tokens = merged
        self.escaping = escaping
        self.syntax = syntax
        self.source = source
    }
}

public struct LogFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
