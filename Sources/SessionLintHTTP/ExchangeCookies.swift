import SessionLintCore

/// The cookies of one exchange, parsed and classified once for every layer that reads them:
/// the rules, the client timelines, the token populations and the inventory. A scan builds it
/// on the reading thread, beside decoding, so the analysing thread starts from parsed values.
public struct ExchangeCookies: Sendable {
    public struct Sent: Sendable, Equatable {
        public var name: String
        public var value: String
        public var role: CookieRole
    }

    public struct Set: Sendable {
        public var cookie: SetCookie
        public var role: CookieRole
    }

    /// Every name=value pair of the request's Cookie headers, in order.
    public var sent: [Sent]
    /// Every Set-Cookie header of the response, in order, except blank ones (seen in real
    /// HARs), which set nothing and say nothing.
    public var set: [Set]

    public init(_ transaction: HTTPTransaction, classifier: CookieClassifier) {
        sent = RequestCookies(fields: transaction.request.fields).pairs.map {
            Sent(name: $0.name, value: $0.value, role: classifier.role(name: $0.name, value: $0.value))
        }
        set = []
        guard let response = transaction.response else { return }
        for header in response.fields.values("Set-Cookie") where !header.allSatisfy(\.isWhitespace) {
            let cookie = SetCookie(header)
            set.append(Set(cookie: cookie, role: classifier.role(name: cookie.name, value: cookie.value)))
        }
    }
}
