import Foundation
import Testing
import SessionLintCore
import SessionLintHTTP
import SessionLintSources
@testable import SessionLintSessions

struct CookieJarTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func storesReplacesAndDeletesByNameDomainAndPath() {
        var jar = CookieJar()
        #expect(jar.store(SetCookie("sid=a; Path=/"), host: "shop.example.com", requestPath: "/login", secureOrigin: true, at: t0)
                == .stored(CookieJar.StoredCookie(name: "sid", value: "a", domain: "shop.example.com", hostOnly: true, path: "/",
                                                  secure: false, httpOnly: false, expires: nil, setAt: t0), replaced: nil))
        _ = jar.store(SetCookie("sid=b; Path=/app"), host: "shop.example.com", requestPath: "/", secureOrigin: true, at: t0)
        guard case .stored(_, let replaced) = jar.store(SetCookie("sid=c; Path=/"), host: "shop.example.com", requestPath: "/", secureOrigin: true, at: t0) else {
            Issue.record("not stored"); return
        }
        #expect(replaced?.value == "a")
        #expect(jar.cookies.map(\.value) == ["c", "b"])
        #expect(jar.store(SetCookie("sid=; Max-Age=0; Path=/app"), host: "shop.example.com", requestPath: "/", secureOrigin: true, at: t0) != .nothing)
        #expect(jar.cookies.map(\.value) == ["c"])
        #expect(jar.store(SetCookie("other=; Max-Age=0"), host: "shop.example.com", requestPath: "/", secureOrigin: true, at: t0) == .nothing)
    }

    @Test func rejectsWhatBrowsersReject() {
        var jar = CookieJar()
        let cases: [(String, String, Bool, String)] = [
            ("a=1; Domain=evil.example", "shop.example.com", true, "Domain=evil.example does not cover shop.example.com"),
            ("a=1; Secure", "shop.example.com", false, "Secure cookie from a non-secure origin"),
            ("a=1; SameSite=None", "shop.example.com", true, "SameSite=None without Secure"),
            ("__Host-a=1; Secure; Path=/; Domain=example.com", "shop.example.com", true, "__Host- prefix requirements not met"),
            ("a=1; Domain=com", "shop.example.com", true, "Domain=com does not cover shop.example.com"),
        ]
        for (header, host, secure, reason) in cases {
            #expect(jar.store(SetCookie(header), host: host, requestPath: "/", secureOrigin: secure, at: t0) == .rejected(reason: reason), "\(header)")
        }
        #expect(jar.cookies.isEmpty)
    }

    @Test func sendsByDomainPathAndSecureAndExpiresInTrafficTime() {
        var jar = CookieJar()
        _ = jar.store(SetCookie("wide=1; Domain=example.com; Path=/"), host: "shop.example.com", requestPath: "/", secureOrigin: true, at: t0)
        _ = jar.store(SetCookie("narrow=1; Path=/app"), host: "shop.example.com", requestPath: "/", secureOrigin: true, at: t0)
        _ = jar.store(SetCookie("tls=1; Secure"), host: "shop.example.com", requestPath: "/", secureOrigin: true, at: t0)
        _ = jar.store(SetCookie("short=1; Max-Age=60"), host: "shop.example.com", requestPath: "/", secureOrigin: true, at: t0)
        #expect(jar.cookies(forHost: "api.example.com", path: "/", secureOrigin: true).map(\.name) == ["wide"])
        #expect(Set(jar.cookies(forHost: "shop.example.com", path: "/application", secureOrigin: false).map(\.name)) == ["wide", "short"])
        #expect(Set(jar.cookies(forHost: "shop.example.com", path: "/app/x", secureOrigin: true).map(\.name)) == ["wide", "narrow", "tls", "short"])
        #expect(jar.expire(at: t0.addingTimeInterval(59)).isEmpty)
        #expect(jar.expire(at: t0.addingTimeInterval(61)).map(\.name) == ["short"])
    }
}

func exchange(_ method: String, _ path: String, client: String = "10.0.0.7", agent: String = "Firefox", cookie: String? = nil,
              body: String = "", status: Int = 200, setCookies: [String] = [], location: String? = nil, answer: String = "",
              at seconds: Double) -> HTTPTransaction {
    var request = HTTPFields([("User-Agent", agent)])
    if let cookie { request.append(name: "Cookie", value: cookie) }
    var response = HTTPFields(setCookies.map { ("Set-Cookie", $0) })
    if let location { response.append(name: "Location", value: location) }
    let time = Date(timeIntervalSince1970: 1_700_000_000 + seconds)
    return HTTPTransaction(
        request: HTTPRequest(method: method, target: path, host: "shop.example.com", fields: request, formBody: Array(body.utf8)),
        response: HTTPResponse(status: status, fields: response, textBody: Array(answer.utf8)), requestTime: time, responseTime: time,
        client: Endpoint(address: client), server: nil, scheme: .https,
        provenance: Provenance(input: "t", location: .line(number: Int(seconds))))
}

struct TimelineBuilderTests {
    func kinds(_ timeline: ClientTimeline) -> [String] {
        timeline.events.compactMap { event in
            if case .request = event.kind { return nil }
            return TimelineRenderer.describe(event.kind)
        }
    }

    @Test func loginWithRotationAndLogout() {
        var builder = TimelineBuilder(settings: TimelineSettings())
        builder.add(exchange("GET", "/login", setCookies: ["sessionid=pre; Path=/; HttpOnly"], at: 0))
        builder.add(exchange("POST", "/login", cookie: "sessionid=pre", body: "user=alice&password=x", status: 302,
                             setCookies: ["sessionid=post; Path=/; HttpOnly"], location: "/home", at: 1))
        builder.add(exchange("POST", "/logout", cookie: "sessionid=post", status: 302, setCookies: ["sessionid=; Max-Age=0; Path=/"], location: "/", at: 2))
        #expect(builder.clients.count == 1)
        #expect(kinds(builder.clients[0]) == [
            "issued sessionid \(ValueTag("pre"))",
            "rotated sessionid \(ValueTag("pre")) → \(ValueTag("post"))",
            "login succeeded: POST /login matches the login pattern; redirected to /home",
            "deleted sessionid \(ValueTag("post"))",
            "logout: POST /logout matches the logout pattern",
        ])
    }

    @Test func failedLoginAndPasswordFieldHeuristic() {
        var settings = TimelineSettings()
        settings.login = RequestPattern(paths: [Glob("/nothing-matches")], methods: ["POST"])
        var builder = TimelineBuilder(settings: settings)
        builder.add(exchange("POST", "/account/signon", body: "usr=alice&passwd=wrong", status: 200, at: 0))
        builder.add(exchange("POST", "/account/signon", body: "usr=alice&passwd=right", status: 303, location: "/account/signon?error=1", at: 1))
        #expect(kinds(builder.clients[0]) == [
            "login failed: a form posted with a password field (passwd); answered 200 without a redirect or a new session cookie",
            "login failed: a form posted with a password field (passwd); redirected back to the login page",
        ])
    }

    /// A 2xx answer to a login is judged by its body when the input has one: the form again is
    /// a failure; a JSON answer or a page without the form is a success (single-page apps).
    @Test func twoHundredLoginsAreJudgedByTheirBody() {
        var builder = TimelineBuilder(settings: TimelineSettings())
        builder.add(exchange("POST", "/api/login", cookie: "sessionid=s1", status: 200,
                             answer: #"<form><input name=user><input TYPE="Password" name=pw></form>"#, at: 0))
        builder.add(exchange("POST", "/api/login", cookie: "sessionid=s1", status: 200, answer: #"{"ok": true, "user": "alice"}"#, at: 1))
        builder.add(exchange("POST", "/api/login", cookie: "sessionid=s1", status: 200, at: 2))  // an access log: no body
        #expect(kinds(builder.clients[0]) == [
            "login failed: POST /api/login matches the login pattern; the login form came back (a password input in the answer)",
            "login succeeded: POST /api/login matches the login pattern; answered 200 without the login form",
            "login failed: POST /api/login matches the login pattern; answered 200 without a redirect or a new session cookie",
        ])
    }

    @Test func cookieLineageFollowsAClientAcrossAddresses() {
        var builder = TimelineBuilder(settings: TimelineSettings())
        builder.add(exchange("GET", "/", client: "10.0.0.7", setCookies: ["sessionid=s1"], at: 0))
        builder.add(exchange("GET", "/next", client: "192.0.2.44", agent: "Firefox mobile", cookie: "sessionid=s1", at: 60))
        #expect(builder.clients.count == 1)
        #expect(builder.clients[0].requests == 2)
    }

    @Test func browsersBehindOneAddressAreKeptApartByTheirJars() {
        var builder = TimelineBuilder(settings: TimelineSettings(clientKey: .ip))
        builder.add(exchange("GET", "/", setCookies: ["sessionid=a"], at: 0))
        builder.add(exchange("GET", "/", cookie: "sessionid=b", at: 1))  // same address, another session: another browser
        builder.add(exchange("GET", "/x", cookie: "sessionid=a", at: 2))
        #expect(builder.clients.count == 2)
        #expect(builder.clients.map(\.requests) == [2, 1])
    }

    @Test func aValueTheJarDoesNotHoldIsNoted() {
        var settings = TimelineSettings(clientKey: .ip)
        settings.classifier = CookieClassifier(sessionNames: ["sid"])
        var fixed = TimelineBuilder(settings: settings)
        fixed.add(exchange("GET", "/", setCookies: ["sid=server"], at: 0))
        fixed.add(exchange("GET", "/a", cookie: "sid=server", at: 1))
        // A request carrying both the server's value and a planted one in a second Cookie header.
        fixed.add(exchange("GET", "/b", cookie: "sid=server; sid=planted", at: 2))
        #expect(kinds(fixed.clients[0]).contains("sent sid \(ValueTag("planted")), which its jar does not hold (it holds \(ValueTag("server")))"))
    }

    @Test func expiryHappensInTrafficTime() {
        var builder = TimelineBuilder(settings: TimelineSettings(clientKey: .ip))
        builder.add(exchange("GET", "/", setCookies: ["sessionid=a; Max-Age=60"], at: 0))
        builder.add(exchange("GET", "/later", at: 120))
        #expect(kinds(builder.clients[0]) == ["issued sessionid \(ValueTag("a")) (persistent)", "expired sessionid \(ValueTag("a"))"])
    }

    @Test func valueTagsHideValuesButStayStable() {
        #expect(ValueTag("w9yyxfiatxr2gp1yniejf0ihhvmcukk1") == ValueTag("w9yyxfiatxr2gp1yniejf0ihhvmcukk1"))
        #expect(ValueTag("a") != ValueTag("b"))
        #expect(ValueTag("secret").text.count == 7 && !ValueTag("secret").text.contains("secret"))
    }

    @Test func djangoExampleTimeline() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/django-tutorial.har").standardized.path
        var builder = TimelineBuilder(settings: TimelineSettings())
        try InputOpener.open(path: path, kind: nil).read(onTransaction: { builder.add($0) }, onWarning: { _ in })
        let events = kinds(try #require(builder.clients.first))
        #expect(events.contains { $0.hasPrefix("rotated sessionid") })
        #expect(events.contains("login succeeded: POST /accounts/login/ matches the login pattern; redirected to /session/get/"))
        #expect(events.contains { $0.hasPrefix("deleted sessionid") })
        #expect(events.contains("logout: POST /accounts/logout/ matches the logout pattern"))
    }
}

struct BoundedTimelineTests {
    @Test func leastRecentClientsAreFinishedBeyondTheBound() {
        var builder = TimelineBuilder(settings: TimelineSettings(clientKey: .ip, maxOpenClients: 20))
        var finished: [ClientTimeline] = []
        for i in 0..<50 {
            finished += builder.add(exchange("GET", "/", client: "10.0.\(i / 250).\(i % 250)", setCookies: ["sessionid=v\(i)"], at: Double(i)))
        }
        // Over 20 open clients, the oldest are finished down to 18 at a time, oldest first.
        #expect(builder.clients.count <= 20)
        #expect(finished.count >= 30)
        #expect(finished.map(\.label) == (0..<finished.count).map { "10.0.0.\($0)" })
        #expect(finished.count + builder.clients.count == 50)
        let rest = builder.finishAllCollected()
        #expect(rest.map(\.label) == (finished.count..<50).map { "10.0.0.\($0)" })  // in order of first appearance
        #expect(builder.clients.isEmpty)
    }

    /// Every 10,000 requests, clients idle past the horizon (an hour here) are finished, and only
    /// they. A request written late, with an older time (unsorted input), must not escape a
    /// sweep because every client seen before it was recent.
    @Test func clientsIdlePastTheHorizonAreFinishedBySweeps() {
        var builder = TimelineBuilder(settings: TimelineSettings(clientKey: .ip, idleHorizon: 3_600))
        var finished: [String] = []
        func add(_ transaction: HTTPTransaction) { finished += builder.add(transaction).map(\.label) }
        func busy(_ count: Int, from start: Double, to end: Double) {
            for i in 0..<count { add(exchange("GET", "/", client: "10.0.0.9", at: start + Double(i) / Double(count - 1) * (end - start))) }
        }
        add(exchange("GET", "/", client: "10.0.0.1", at: 0))
        add(exchange("GET", "/", client: "10.0.0.2", at: 5_000))
        busy(9_998, from: 5_000, to: 7_000)  // the sweep at 7,000 s: 10.0.0.1 is over an hour old
        #expect(finished == ["10.0.0.1"])
        add(exchange("GET", "/", client: "10.0.0.3", at: 4_000))  // late, older than every open client
        busy(9_999, from: 7_000, to: 8_000)  // the sweep at 8,000 s: 10.0.0.3 is, 10.0.0.2 is not
        #expect(finished == ["10.0.0.1", "10.0.0.3"])
        busy(10_000, from: 8_000, to: 9_000)  // the sweep at 9,000 s: 10.0.0.2 is
        #expect(finished == ["10.0.0.1", "10.0.0.3", "10.0.0.2"])
        #expect(builder.clients.map(\.label) == ["10.0.0.9"])
    }

    @Test func storedRequestsAcrossClientsAreBounded() {
        // Three busy clients and a budget of 100 requests: the least recently active are
        // judged early, so memory follows the budget rather than the length of the log.
        var builder = TimelineBuilder(settings: TimelineSettings(clientKey: .ip, maxStoredSteps: 100))
        var finished: [ClientTimeline] = []
        for i in 0..<300 {
            let client = "10.0.0.\(i % 3 == 0 ? 1 : i % 3 == 1 ? 2 : 3)"
            finished += builder.add(exchange("GET", "/\(i)", client: client, cookie: "sessionid=value-of-\(client)", at: Double(i)))
            let held: Int = builder.clients.map(\.steps.count).reduce(0, +)
            #expect(held <= 100)
        }
        #expect(builder.clientsFinishedEarly == finished.count && finished.count > 0)
        let judgedEarly: Int = finished.map(\.steps.count).reduce(0, +)
        let stillOpen: Int = builder.clients.map(\.steps.count).reduce(0, +)
        #expect(judgedEarly + stillOpen == 300)
    }

    @Test func scanTimelinesKeepStepsButNoEvents() {
        var builder = TimelineBuilder(settings: TimelineSettings(clientKey: .ip, recordsEvents: false))
        builder.add(exchange("GET", "/", setCookies: ["sessionid=first-0123456789; Path=/"], at: 0))
        builder.add(exchange("POST", "/login", cookie: "sessionid=first-0123456789", body: "username=a&password=b", status: 302,
                             setCookies: ["sessionid=second-0123456789; Path=/"], location: "/", at: 1))
        let client = builder.clients[0]
        #expect(client.events.isEmpty && client.sessionValues.isEmpty)
        #expect(client.steps.count == 2 && client.steps[1].login?.succeeded == true && client.sawLogin)
        #expect(client.steps[1].setSessionCookies.map(\.value) == ["second-0123456789"])
    }

    /// Scan mode thins out routine requests but never invents a gap: a browser requesting every
    /// 10 seconds for an hour, idle for 45 minutes, then back. Kept steps must show the real
    /// 45-minute gap between the two real requests around it, and no other gap above the
    /// interval; eventful steps (the login, the request right after it) are all kept.
    @Test func compactionKeepsGapsAndEventsExact() throws {
        var builder = TimelineBuilder(settings: TimelineSettings(clientKey: .ip, recordsEvents: false, compactionInterval: 60))
        let id = "sessionid=first-0123456789"
        builder.add(exchange("GET", "/", setCookies: ["sessionid=first-0123456789; Path=/"], at: 0))
        var times: [Double] = [0]
        for second in stride(from: 10.0, through: 3_600, by: 10) {
            builder.add(exchange("GET", "/static/app.js", cookie: id, at: second))
            times.append(second)
        }
        for second in stride(from: 6_300.0, through: 6_400, by: 10) {  // 2,700 s after the last one
            builder.add(exchange("GET", "/products", cookie: id, at: second))
            times.append(second)
        }
        builder.add(exchange("POST", "/login", cookie: id, body: "username=a&password=b", status: 302,
                             setCookies: ["sessionid=second-0123456789; Path=/"], location: "/", at: 6_410))
        builder.add(exchange("GET", "/", cookie: "sessionid=second-0123456789", at: 6_411))
        builder.add(exchange("GET", "/", cookie: "sessionid=second-0123456789", at: 6_412))
        let timeline = try #require(builder.finishAllCollected().first)
        let kept = timeline.steps.compactMap { $0.time?.timeIntervalSince1970 }.map { $0 - 1_700_000_000 }
        #expect(kept.count < 100 && timeline.requests == times.count + 3)
        let gaps = zip(kept, kept.dropFirst()).map { $1 - $0 }
        #expect(gaps.filter { $0 > 60 } == [2_700])  // the real gap, between 3,600 and 6,300
        #expect(kept.contains(3_600) && kept.contains(6_300))
        #expect(kept.first == 0 && kept.suffix(3) == [6_410, 6_411, 6_412])  // login, the next, and the last request
    }

    @Test func eventsPerClientAreCapped() {
        var builder = TimelineBuilder(settings: TimelineSettings(clientKey: .ip, maxEventsPerClient: 5))
        for i in 0..<20 { builder.add(exchange("GET", "/\(i)", at: Double(i))) }
        let client = builder.clients[0]
        #expect(client.events.count == 5 && client.steps.count == 5)
        #expect(client.droppedEvents == 15)
        #expect(client.requests == 20)
    }
}

struct SessionSummaryTests {
    /// Issued at 0, used at 60 and 1,860 (a 30-minute gap), rotated at login at 1,900, the new
    /// value used at 2,000 and deleted at logout at 2,100. Expected values worked out by hand.
    @Test func issuedUsedIdleRotatedAndDeleted() throws {
        var builder = TimelineBuilder(settings: TimelineSettings(clientKey: .ip))
        _ = builder.add(exchange("GET", "/", setCookies: ["sessionid=first-0123456789; Path=/"], at: 0))
        _ = builder.add(exchange("GET", "/cart", cookie: "sessionid=first-0123456789", at: 60))
        _ = builder.add(exchange("GET", "/cart", cookie: "sessionid=first-0123456789", at: 1_860))
        _ = builder.add(exchange("POST", "/login", cookie: "sessionid=first-0123456789", body: "username=a&password=b", status: 302,
                                 setCookies: ["sessionid=second-0123456789; Path=/"], location: "/", at: 1_900))
        _ = builder.add(exchange("GET", "/account", cookie: "sessionid=second-0123456789", at: 2_000))
        _ = builder.add(exchange("POST", "/logout", cookie: "sessionid=second-0123456789", status: 302,
                                 setCookies: ["sessionid=; Path=/; Max-Age=0"], location: "/", at: 2_100))
        let timeline = try #require(builder.finishAllCollected().first)
        let sessions = timeline.sessionSummaries
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(sessions.count == 2)
        let first = try #require(sessions.first), second = try #require(sessions.last)
        #expect(first.value == ValueTag("first-0123456789"))
        #expect(first.issued == start && first.firstSeen == start)
        #expect(first.lastSeen == start.addingTimeInterval(1_900))
        #expect(first.uses == 3)
        #expect(first.longestIdleGap == 1_800)
        #expect(first.deleted == nil)
        #expect(second.issued == start.addingTimeInterval(1_900))
        #expect(second.uses == 2 && second.lifetime == 200 && second.longestIdleGap == 100)
        #expect(second.deleted == start.addingTimeInterval(2_100))
        let line = TimelineRenderer.describe(first)
        #expect(line.hasPrefix("session sessionid \(ValueTag("first-0123456789")): "))
        #expect(line.hasSuffix("3 uses, longest idle 30 minutes"), "\(line)")
    }

    @Test func aValueFirstSeenInARequestWasIssuedBeforeTheTraffic() throws {
        var builder = TimelineBuilder(settings: TimelineSettings(clientKey: .ip))
        _ = builder.add(exchange("GET", "/", cookie: "sessionid=older-0123456789", at: 0))
        let session = try #require(builder.finishAllCollected().first?.sessionSummaries.first)
        #expect(session.issued == nil && session.uses == 1)
        #expect(TimelineRenderer.describe(session).hasSuffix("issued before this traffic"))
    }
}

extension TimelineBuilder {
    /// `finishAll`'s clients gathered, for tests that look at them together.
    mutating func finishAllCollected() -> [ClientTimeline] {
        var all: [ClientTimeline] = []
        finishAll { all.append($0) }
        return all
    }
}

/// The early-finish sweep takes clients from a heap: in exactly the order sorting the keys
/// gives, ties in time broken by the lower number.
struct AgeHeapTests {
    @Test func theOldestComeOutInSortedOrder() {
        var generator = SplitMix64(seed: 42)
        let keys = (0..<2_000).map { number in
            (lastSeen: Date(timeIntervalSince1970: Double(generator.next() % 50)), number: number)
        }
        var heap = AgeHeap(keys.shuffled(using: &generator))
        var popped: [Int] = []
        while let next = heap.popOldest() { popped.append(next) }
        #expect(popped == keys.sorted { ($0.lastSeen, $0.number) < ($1.lastSeen, $1.number) }.map(\.number))
        var empty = AgeHeap([])
        #expect(empty.popOldest() == nil)
    }
}
