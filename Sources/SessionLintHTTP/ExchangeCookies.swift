import SessionLintCore

/// The cookies of one exchange, parsed and classified once for every layer that reads them:
/// the rules, the client timelines, the token populations and the inventory. A scan builds it
/// with `ExchangeCookieParser`, which parses a repeated Cookie header once, on whichever of its
/// two threads is ahead (`ReadAhead`).
public struct ExchangeCookies: Sendable {
    public struct Sent: Sendable, Equatable {
        public let name: String
        public let value: String
        public let role: CookieRole
        /// A digest of name and value (SipHash with the process's seed), for the maps that
        /// remember values. Worked out with the parse, so a header repeated request after
        /// request (and parsed once, `ExchangeCookieParser`) is not hashed again each time.
        public let digest: Int

        public init(name: String, value: String, role: CookieRole) {
            self.name = name
            self.value = value
            self.role = role
            self.digest = Self.digest(name: name, value: value)
        }

        public static func digest(name: String, value: String) -> Int {
            var hasher = Hasher()
            hasher.combine(name)
            hasher.combine(value)
            return hasher.finalize()
        }
    }

    public struct Set: Sendable {
        public var cookie: SetCookie
        public var role: CookieRole
    }

    /// Every name=value pair of the request's Cookie headers, in order.
    public let sent: [Sent]
    /// The pairs of `sent` that are session cookies: what timelines and token populations
    /// follow. Worked out with the parse, so a repeated header is not filtered again each time.
    public let sessionSent: [Sent]
    /// Every Set-Cookie header of the response, in order, except blank ones (seen in real
    /// HARs), which set nothing and say nothing.
    public let set: [Set]

    public init(_ transaction: HTTPTransaction, classifier: CookieClassifier) {
        self.init(sent: Self.sent(RequestCookies(fields: transaction.request.fields), classifier: classifier),
                  set: Self.set(transaction.response?.fields, classifier: classifier))
    }

    init(sent: [Sent], set: [Set]) {
        self.init(sent: sent, sessionSent: Self.sessions(of: sent), set: set)
    }

    init(sent: [Sent], sessionSent: [Sent], set: [Set]) {
        self.sent = sent
        self.sessionSent = sessionSent
        self.set = set
    }

    /// The session pairs of `sent`: the same array when all of them are.
    static func sessions(of sent: [Sent]) -> [Sent] {
        sent.allSatisfy(\.role.isSession) ? sent : sent.filter(\.role.isSession)
    }

    static func set(_ fields: HTTPFields?, classifier: CookieClassifier) -> [Set] {
        var set: [Set] = []
        for field in fields ?? HTTPFields() where field.name.equalsIgnoringASCIICase("Set-Cookie") && !field.value.allSatisfy(\.isWhitespace) {
            let cookie = SetCookie(field.value)
            set.append(Set(cookie: cookie, role: classifier.role(name: cookie.name, value: cookie.value)))
        }
        return CookieChunks.joined(set, classifier: classifier)
    }

    static func sent(_ cookies: RequestCookies, classifier: CookieClassifier) -> [Sent] {
        let sent = cookies.pairs.map { Sent(name: $0.name, value: $0.value, role: classifier.role(name: $0.name, value: $0.value)) }
        return CookieChunks.joined(sent, classifier: classifier)
    }
}

/// Builds `ExchangeCookies` for a stream of exchanges. A client sends the same Cookie header on
/// request after request (nine in ten lines of a busy shop's log), so a header's parsed and
/// classified pairs are remembered and handed out again; the pairs are a function of the header
/// text alone, so the result is the same as parsing every time.
public struct ExchangeCookieParser {
    public let classifier: CookieClassifier
    /// The headers parsed lately: the newest `rememberedHeaders` always, at most twice that
    /// (about two megabytes, whatever the input).
    private var sentByHeader = AgeingMap<String, ParsedHeader>(generationSize: rememberedHeaders)
    static let rememberedHeaders = 4_096
    /// The last header looked up: a client's requests come in bursts (a page and its assets),
    /// and a log source hands a repeated header over as the same string, which compares at once
    /// where a lookup would hash all of it.
    private var lastHeader: String?
    private var lastParsed: ParsedHeader = ([], [])
    private typealias ParsedHeader = (all: [ExchangeCookies.Sent], sessions: [ExchangeCookies.Sent])

    public init(classifier: CookieClassifier) {
        self.classifier = classifier
    }

    public mutating func cookies(of transaction: HTTPTransaction) -> ExchangeCookies {
        let sent = sent(transaction.request.fields)
        return ExchangeCookies(sent: sent.all, sessionSent: sent.sessions, set: ExchangeCookies.set(transaction.response?.fields, classifier: classifier))
    }

    private mutating func sent(_ fields: HTTPFields) -> (all: [ExchangeCookies.Sent], sessions: [ExchangeCookies.Sent]) {
        var header: String?
        var headers = 0
        // By index: iterating would copy (retain and release) every field.
        let list = fields.fields
        for index in list.indices where list[index].name.equalsIgnoringASCIICase("Cookie") {
            header = list[index].value
            headers += 1
        }
        guard headers == 1, let header else {  // none, or several to join: nothing to remember
            let sent = ExchangeCookies.sent(RequestCookies(fields: fields), classifier: classifier)
            return (sent, ExchangeCookies.sessions(of: sent))
        }
        // Compared in place: binding the optional pair copied both lists and the header first.
        if lastHeader == header { return lastParsed }
        let parsed: ParsedHeader
        if let known = sentByHeader[header] {
            parsed = known
        } else {
            let sent = ExchangeCookies.sent(RequestCookies(header: header), classifier: classifier)
            parsed = (all: sent, sessions: ExchangeCookies.sessions(of: sent))
            sentByHeader[header] = parsed
        }
        (lastHeader, lastParsed) = (header, parsed)
        return parsed
    }
}
