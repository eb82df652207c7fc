import Foundation
import SessionLintCore
import SessionLintHTTP
import SessionLintTokens

/// Gathers the session IDs of every input into populations per (host, cookie name): each value
/// at its issuance (Set-Cookie), or first sent (a Cookie header) when the input never showed it
/// being issued, as in a log that starts mid-session.
public struct TokenCollector {
    /// Hostile traffic with endless cookie names cannot grow this without bound.
    public static let maxPopulations = 1_000
    private let classifier: CookieClassifier
    private var populations: [String: TokenPopulation] = [:]
    private var order: [String] = []
    public private(set) var populationsDropped = 0

    public init(classifier: CookieClassifier) {
        self.classifier = classifier
    }

    public mutating func add(_ transaction: HTTPTransaction) {
        let host = transaction.request.host
        let client = transaction.client?.address
        if let response = transaction.response {
            let time = transaction.responseTime ?? transaction.requestTime
            for header in response.fields.values("Set-Cookie") {
                let cookie = SetCookie(header)
                guard !cookie.name.isEmpty, !cookie.value.isEmpty, !cookie.isDeletion(receivedAt: time),
                      classifier.role(name: cookie.name, value: cookie.value).isSession else { continue }
                record(TokenSample(value: cookie.value, time: time, client: client, issued: true), host: host, cookie: cookie.name)
            }
        }
        for pair in RequestCookies(fields: transaction.request.fields).pairs
        where !pair.value.isEmpty && classifier.role(name: pair.name, value: pair.value).isSession {
            record(TokenSample(value: pair.value, time: transaction.requestTime, client: client, issued: false), host: host, cookie: pair.name)
        }
    }

    /// The populations in order of first appearance.
    public var result: [TokenPopulation] { order.compactMap { populations[$0] } }

    private mutating func record(_ sample: TokenSample, host: String, cookie: String) {
        let key = host + "\u{0}" + cookie
        if populations[key] == nil {
            guard populations.count < Self.maxPopulations else { populationsDropped += 1; return }
            populations[key] = TokenPopulation(host: host, cookie: cookie)
            order.append(key)
        }
        populations[key]?.add(sample)
    }
}
