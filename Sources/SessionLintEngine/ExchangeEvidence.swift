import Foundation
import SessionLintCore
import SessionLintHTTP

/// What the evidence of a violation found in one exchange is made from: the exchange's own
/// strings, shared rather than copied, until the evidence is needed.
struct ExchangeEvidence: Sendable {
    var provenance: Provenance
    var time: Date?
    var method: String
    var scheme: Scheme
    var host: String
    var port: UInt16?
    var target: String
    var status: Int?
    /// The Set-Cookie header, and the cookie's name and value (those of joined chunks).
    var setCookie: (raw: String, name: String, value: String, hasEquals: Bool)

    init(_ transaction: HTTPTransaction, cookie: SetCookie) {
        provenance = transaction.provenance
        time = transaction.responseTime ?? transaction.requestTime
        method = transaction.request.method
        scheme = transaction.scheme
        host = transaction.request.host
        port = transaction.server?.port
        target = transaction.request.target
        status = transaction.response?.status
        setCookie = (cookie.raw, cookie.name, cookie.value, cookie.hasEquals)
    }

    /// The evidence as reports show it: the URL and the Set-Cookie header redacted.
    func evidence(_ redaction: Redaction) -> Evidence {
        Evidence(provenance: provenance, time: time, method: method,
                 url: redaction.url(scheme: scheme, host: host, port: port, target: target),
                 status: status, excerpt: redaction.setCookieExcerpt(raw: setCookie.raw, name: setCookie.name,
                                                                      value: setCookie.value, hasEquals: setCookie.hasEquals))
    }
}
