import Foundation
import SessionLintCore
import SessionLintHTTP

/// The bytes are a header value, read every way the tool reads one: as Set-Cookie (with its
/// lifetime, path and deletion checks), as a Cookie header, as a cookie date, and through the
/// classifier and the per-exchange cookie parsing that feed the rules.
enum CookieHarness {
    static let classifier = CookieClassifier()

    static func run(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        let cookie = SetCookie(text)
        for received in [nil, Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1.8e9)] {
            _ = cookie.lifetime(receivedAt: received)
            _ = cookie.isDeletion(receivedAt: received)
        }
        _ = cookie.effectivePath(requestPath: text)
        _ = cookie.diagnostics.map(\.message)
        _ = CookieDate.parse(text)
        _ = CookieDate.isIMFFixdate(text)
        let sent = RequestCookies(header: text)
        _ = sent.values(named: cookie.name)
        let classifier = Self.classifier
        _ = classifier.role(name: cookie.name, value: cookie.value)
        let fields = HTTPFields([("Cookie", text), ("Set-Cookie", text)])
        let transaction = HTTPTransaction(
            request: HTTPRequest(method: "GET", target: "/", host: "example.com", fields: fields),
            response: HTTPResponse(status: 200, fields: fields), requestTime: nil, responseTime: nil,
            client: nil, server: nil, scheme: .https, provenance: Provenance(input: "fuzz", location: .whole))
        _ = ExchangeCookies(transaction, classifier: classifier)
    }
}
