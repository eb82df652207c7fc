import Foundation
import Testing
import SessionLintCore
import SessionLintRules
import SessionLintSources
@testable import SessionLintEngine

/// A scan of more clients than it keeps open judges the oldest early, on a thread of its own
/// (`TrafficScanner.judgesFinishedClientsApart`). Its report must be the one judging them inline
/// gives: the same findings with the same first and last evidence and clients, the same lanes.
struct EarlyJudgingTests {
    /// 600 clients of four hosts, 60 at a time, each visiting, logging in, using the account
    /// page and logging out, with flaws by client number: no rotation at login (every third),
    /// the session ID in a URL (every seventh), a session still accepted after logout (every fifth).
    struct ManyClients: TransactionSource {
        let inputName = "shop.log"
        func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
            var line = 0
            func exchange(_ client: Int, _ method: String, _ target: String, cookie: String?, status: Int, setCookie: String? = nil) -> HTTPTransaction {
                line += 1
                var request = [("User-Agent", "Mozilla/5.0 (client \(client))")]
                if let cookie { request.append(("Cookie", "sid=\(cookie)")) }
                var response = status == 302 ? [("Location", "/account")] : []
                if let setCookie { response.append(("Set-Cookie", setCookie)) }
                return HTTPTransaction(
                    request: HTTPRequest(method: method, target: target, host: "shop\(client % 4).example", fields: HTTPFields(request)),
                    response: HTTPResponse(status: status, fields: HTTPFields(response)),
                    requestTime: Date(timeIntervalSince1970: 1_795_000_000 + Double(line)), responseTime: nil,
                    client: Endpoint(address: "198.51.100.\(client % 250)"), server: nil, scheme: .https,
                    provenance: Provenance(input: inputName, location: .line(number: line)))
            }
            func sessionID(_ client: Int, _ generation: Int) -> String {
                var generator = SplitMix64(seed: UInt64(client * 10 + generation))
                return (0..<4).map { _ in String(generator.next(), radix: 16) }.joined()
            }
            let attributes = "; Path=/; Secure; HttpOnly; SameSite=Lax"
            for wave in stride(from: 0, to: 600, by: 60) {
                let clients = wave..<(wave + 60)
                for client in clients {
                    onTransaction(exchange(client, "GET", "/", cookie: nil, status: 200, setCookie: "sid=\(sessionID(client, 0))" + attributes))
                }
                for client in clients {
                    let rotated = client % 3 == 0 ? nil : "sid=\(sessionID(client, 1))" + attributes
                    onTransaction(exchange(client, "POST", "/login", cookie: sessionID(client, 0), status: 302, setCookie: rotated))
                }
                for client in clients {
                    let current = sessionID(client, client % 3 == 0 ? 0 : 1)
                    let target = client % 7 == 0 ? "/account?sid=\(current)" : "/account"
                    onTransaction(exchange(client, "GET", target, cookie: current, status: 200))
                    onTransaction(exchange(client, "POST", "/logout", cookie: current, status: 302, setCookie: "sid=; Max-Age=0" + attributes))
                    if client % 5 == 0 { onTransaction(exchange(client, "GET", "/account", cookie: current, status: 200)) }
                }
            }
        }
    }

    func report(judgingApart: Bool) throws -> ScanResult {
        var configuration = Configuration()
        configuration.limits.clients = 25
        // The token analyses have nothing to do with when clients are judged, and are slow in debug.
        configuration.rules.disabled = ["session-id-low-entropy", "session-id-predictable", "session-id-contains-client-data",
                                        "cookie-readable-client-state", "jwt-session-weak"]
        var scanner = try TrafficScanner(catalogue: try RuleCatalogue.builtIn(), configuration: configuration, showValues: false)
        scanner.judgesFinishedClientsApart = judgingApart
        try scanner.scan(ManyClients())
        return scanner.result()
    }

    @Test func judgingApartReportsWhatJudgingInlineDoes() throws {
        let inline = try report(judgingApart: false)
        // Most clients are finished early, and their flaws are found.
        #expect(inline.warnings.contains { $0.message.contains("client timelines were judged before the client went idle") })
        let rules = Set(inline.findings.map(\.key.rule.rawValue))
        #expect(rules.isSuperset(of: ["session-not-rotated-on-login", "session-id-in-url", "session-not-invalidated-on-logout"]), "\(rules)")
        let notRotated = try #require(inline.findings.first { $0.key.rule.rawValue == "session-not-rotated-on-login" && $0.key.host == "shop0.example" })
        #expect(notRotated.occurrences == 50)  // clients 0, 12, 24, … below 600: every third of every fourth
        #expect(inline.sessionLanes.count == TrafficScanner.maxSessionLanes)

        for _ in 0..<3 {  // the threads' timing differs from run to run; the report must not
            let apart = try report(judgingApart: true)
            #expect(apart.findings == inline.findings)
            #expect(apart.sessionLanes == inline.sessionLanes)
            #expect(apart.warnings.map(\.message) == inline.warnings.map(\.message))
        }
    }
}
