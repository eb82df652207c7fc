import Testing
import SessionLintCore
@testable import SessionLintHTTP

struct RequestCookiesTests {
    @Test func splitsSeveralHeadersAndToleratesJunk() {
        let fields = HTTPFields([
            ("Cookie", "sessionid=abc; user_name=alice"),
            ("cookie", ";; csrftoken = x1 ;lonely; =empty"),
        ])
        let cookies = RequestCookies(fields: fields)
        #expect(cookies.pairs.map(\.name) == ["sessionid", "user_name", "csrftoken", "", ""])
        #expect(cookies.values(named: "csrftoken") == ["x1"])
        #expect(cookies.pairs[3].value == "lonely")
        #expect(cookies.pairs[4].value == "empty")
    }

    @Test func keepsValuesWithEqualsSigns() {
        #expect(RequestCookies(header: "lang=v=2&lang=en-us").values(named: "lang") == ["v=2&lang=en-us"])
    }
}

struct CookieClassifierTests {
    let classifier = CookieClassifier()

    @Test(arguments: [
        "PHPSESSID", "JSESSIONID", "ASP.NET_SessionId", "ASPSESSIONIDQQGGQGPG", "sessionid", "connect.sid",
        "laravel_session", "_session_id", "ci_session", "SESS0123456789abcdef0123456789abcdef", "_gitlab_session",
        "session", "remember_user_token", "auth_token", "authToken", "user_session", "sid", "leo_auth_token",
        "remember-me", "remember_web_59ba36addc2b2f9401580f014c7f58ea4e30989d",
    ])
    func sessionCookieNames(name: String) {
        #expect(classifier.role(name: name, value: "x").isSession, "\(name)")
    }


    /// Framework defaults are named for the framework that sets them: reports say which, and the
    /// HTML report orders each fix by it. Jenkins's `JSESSIONID.<hex>` has no session word and a
    /// random value, so it was not a session at all; Spring Session's `SESSION` was called Flask.
    @Test(arguments: [
        ("JSESSIONID.6f3c1b2a", "Jenkins/Jetty"), ("SESSION", "Spring Session"),
        ("session", "Flask, Starlette, Pyramid or cookie-session"),
        ("KEYCLOAK_SESSION", "Keycloak"), ("AUTH_SESSION_ID", "Keycloak"), ("grafana_session", "Grafana"),
        ("MoodleSession", "Moodle"), ("vertx-web.session", "Vert.x"), ("__Secure-next-auth.session-token", "NextAuth.js"),
        ("authjs.session-token", "Auth.js"), ("koa.sess", "koa-session"), ("sb-abcdefghijklmnop-auth-token", "Supabase"),
        ("_shibsession_64656661756c7468747470733a2f2f7370", "Shibboleth SP"), ("iPlanetDirectoryPro", "OpenAM/ForgeRock AM"),
        ("OAMAuthnCookie_app.example.com:443", "Oracle Access Manager"), ("MYSAPSSO2", "SAP logon ticket"),
        ("rtFa", "SharePoint"), ("ESTSAUTHPERSISTENT", "Microsoft Entra ID"), ("OCSESSID", "OpenCart"),
        ("PrestaShop-4f1ee6b8c5d7a2e0", "PrestaShop"), ("adminhtml", "Magento admin"), ("phpMyAdmin", "phpMyAdmin"),
    ])
    func frameworkDefaultsNameTheirFramework(name: String, framework: String) {
        #expect(classifier.role(name: name, value: "0123456789abcdef0123456789abcdef") == .session(because: "\(framework) session cookie name"))
    }

    /// Case alone tells `session` from `SESSION`; any other casing is a session by its word, for
    /// no framework in particular.
    @Test func sessionInAnotherCaseNamesNoFramework() {
        #expect(classifier.role(name: "Session", value: "x") == .session(because: "name contains \"session\""))
    }

    /// SimpleSAMLphp's session cookie: its session word follows an acronym.
    @Test func aSessionWordAfterAnAcronymIsFound() {
        #expect(classifier.role(name: "SimpleSAMLSessionID", value: "0123456789abcdef0123456789abcdef") == .session(because: "name contains \"session\""))
    }
    @Test(arguments: ["user_name", "lang", "theme", "consider", "bcookie", "visit", "oauth_provider", "L1e", "UID"])
    func otherCookieNames(name: String) {
        #expect(classifier.role(name: name, value: "1EB23a65a29a86a64f67f991453756870") == .other, "\(name)")
    }

    @Test(arguments: ["csrftoken", "XSRF-TOKEN", "_csrf", "csrf_token"])
    func antiCSRFNames(name: String) {
        #expect(classifier.role(name: name, value: "abc") == .antiCSRF)
    }

    @Test(arguments: ["AWSALB", "AWSALBCORS", "ARRAffinity", "_ga", "_ga_ABC123", "_gid", "__cf_bm", "NSC_vip", "_pk_id.1.1fff"])
    func infrastructureAndAnalyticsAreIgnored(name: String) {
        guard case .ignored = classifier.role(name: name, value: "x") else {
            Issue.record("\(name) should be ignored by default")
            return
        }
    }

    @Test func configurationComesFirst() {
        let custom = CookieClassifier(sessionNames: ["acme_*"], ignoredNames: ["sessionid"])
        #expect(custom.role(name: "acme_login_state", value: "1").isSession)
        #expect(custom.role(name: "sessionid", value: "1") == .ignored(pattern: "sessionid"))
        #expect(custom.role(name: "AWSALB", value: "1") != .ignored(pattern: "AWSALB"))  // replaced list
    }

    @Test(arguments: [
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "s%3AuKo2lBiHhL9e6aCg1Lg1WyT7pZZcPzJq.3tZ6i4m4Lr0mYJk%2BQf8n7pH8Wq5mQyq8y1x9zO2yM0E",
        "eyJfcGVybWFuZW50Ijp0cnVlfQ.Zk1x2w.5Yq0hT0qJk8G3a1s2d3f4g5h6j7",
        "V2VsY29tZSB0byBSYWlscw%3D%3D--OGQ5ZmRhYjM1ZjE2--kN2Qx7sT0lYf5eWv8hA9Jg%3D%3D",  // Rails 5.2+ encrypted
        "BAh7BkkiD3Nlc3Npb25faWQGOgZFVA==--0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",      // Rails signed (SHA1)
        // Tornado's set_signed_cookie, version 2 (examples/tornado-app, recorded) and version 1
        #"2|1:0|10:1795788706|4:user|8:dXNlcjE=|88d0d863ae3ec40a7e8e3566f6bd31d8df663af72eb5028405213ca902d63c30"#,
        #""2|1:0|10:1795788706|4:user|8:dXNlcjE=|88d0d863ae3ec40a7e8e3566f6bd31d8df663af72eb5028405213ca902d63c30""#,
        "dXNlcjE=|1795788706|0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
        // Mojolicious (examples/mojolicious-app): base64 JSON with "=" written as "-", so the
        // data runs into the separator; Bottle's signed cookie (examples/bottle-app, recorded,
        // quoted as Bottle sends it).
        "eyJlbWFpbCI6ImNhcm9sQGV4YW1wbGUubmV0In1aWlpaWg----55b556961f985280c2c84aff3b0edda945eaf020d3e844c4ed5fcb2f27bb5baf",
        #""!9UAlJS2OVgJRRHv3x6/UfFpCCtTA6H3wq7XQEk6cUTU=?gAWVFwAAAAAAAABdlCiMB2FjY291bnSUjAV1c2VyMZRlLg==""#,
        // Rails' cookie store as recorded (examples/rails-app), %-escaped: "/" and "+" in the IV
        // and tag are three characters each on the wire.
        "c9w7PXwHBtl4KPxZh75NWTqnn9Pot92SFrxNv7fQsfZRPpVAF5BxhbdhBUa%2Bv6A57e%2FlFz7bmynXIZ9rtsSZoBMcaeKy%2BkS20mAZz4QDh7pPXHo9%2BlrrQr8xTwALEEW6oXdMU3ihQSCgBQDwtKgZTrV6jYvMonrrIP5Oe7AVUwda57318hIFnC6wMwGas8Qbdzmp4t48JhR8Y6EOacS5jl6Ys4P9Lse4%2Fm83VaUDjnsAynzo--Z%2Fz9HIGnFO6C%2FBho--q7%2BibZ5FghjyugW5plgnFA%3D%3D",
    ])
    func sessionContainersByValue(value: String) {
        #expect(classifier.role(name: "x", value: value).isSession, "\(value)")
    }

    @Test func valuesThatOnlyLookLikeContainersAreNot() {
        #expect(classifier.role(name: "AEC", value: "AakniGMB0y-axp1nJWWJ--X5FZpLXxzJ3uqJkC31JA736N2Ujp9V4ptAC34") == .other)
        #expect(classifier.role(name: "pref", value: "a.b.c") == .other)
        // Keygrip's signature cookie is judged through the cookie it signs.
        #expect(classifier.role(name: "koa.sess.sig", value: "zctuepGQWJ762i67Gv8shLmlMQc") == .ignored(pattern: "*.sig"))
        // Bars alone are not Tornado's shape: a list, or a bar-joined pair without its HMAC.
        #expect(classifier.role(name: "prefs", value: "dark|compact|en") == .other)
        #expect(classifier.role(name: "prefs", value: "2|1:0|10:1795788706|4:user|8:dXNlcjE=|not-hex") == .other)
        // A query-like value is not Bottle's: no base64 HMAC of its length, no pickle.
        #expect(classifier.role(name: "ret", value: "!/cart?step=2") == .other)
        #expect(classifier.role(name: "ret", value: "!9UAlJS2OVgJRRHv3x6/UfFpCCtTA6H3wq7XQEk6cUTU=?step=2") == .other)
        // Dashes before a hex tail that is not an HMAC's length.
        #expect(classifier.role(name: "theme", value: "dark-mode--0a1b2c") == .other)
    }

    /// Remember-me cookies by framework (Spring Security's remember-me, Laravel's
    /// remember_web_<hash>, Devise's remember_user_token, ASP.NET-style RememberMe), in any
    /// case; "remember" must be a word of the name, not part of one.
    @Test(arguments: [
        ("remember-me", true), ("remember_web_59ba36addc2b2f9401580f014c7f58ea4e30989d", true), ("remember_user_token", true),
        ("RememberMe", true), ("REMEMBER_ME", true), ("userRememberToken", true),
        ("sessionid", false), ("remembered", false), ("rememberance", false), ("nonremember", false), ("rem", false),
    ])
    func rememberMeCookies(name: String, isRememberMe: Bool) {
        #expect(CookieClassifier.isRememberMe(name) == isRememberMe)
    }

    @Test func wordSplitting() {
        #expect(CookieClassifier.words(of: "remember_user_token") == ["remember", "user", "token"])
        #expect(CookieClassifier.words(of: "authToken") == ["auth", "token"])
        #expect(CookieClassifier.words(of: "connect.sid") == ["connect", "sid"])
        // An acronym ends at its last capital when a word follows; all capitals stay one word.
        #expect(CookieClassifier.words(of: "SimpleSAMLSessionID") == ["simple", "saml", "session", "id"])
        #expect(CookieClassifier.words(of: "PHPSessID") == ["php", "sess", "id"])
        #expect(CookieClassifier.words(of: "XSRFToken") == ["xsrf", "token"])
        #expect(CookieClassifier.words(of: "JSESSIONID") == ["jsessionid"])
        #expect(CookieClassifier.words(of: "ASPXAUTH") == ["aspxauth"])
    }
}

/// Default cookies of the frameworks in rules-anchors §3, as their documentation shows them.
struct FrameworkDefaultCookieTests {
    let classifier = CookieClassifier()

    @Test(arguments: [
        ("connect.sid", "s%3AuKo2lBiHhL9e6aCg1Lg1WyT7pZZcPzJq.3tZ6i4m4Lr0mYJk", true),  // Express
        ("_myapp_session", "V2VsY29tZQ%3D%3D--OGQ5ZmRhYjM1ZjE2", true),                 // Rails CookieStore
        ("JSESSIONID", "8A0E2C6F1B3D4E5F6A7B8C9D0E1F2A3B", true),                        // Spring / Tomcat
        (".AspNetCore.Session", "CfDJ8Kp", true),                                        // ASP.NET Core
        ("ASP.NET_SessionId", "iothqqsrn3abpnq5wlffgbds", true),                         // ASP.NET
        ("laravel_session", "eyJpdiI6", true),                                           // Laravel
        ("XSRF-TOKEN", "eyJpdiI6", false),                                               // Laravel, Angular, Spring Security
        (".AspNetCore.Antiforgery.9fXoN5jHCXs", "CfDJ8Kp", false),                       // ASP.NET Core anti-forgery
        ("__RequestVerificationToken", "abc", false),                                    // ASP.NET MVC anti-forgery
        ("__stripe_sid", "ab12cd34-5678-90ef", false),                                   // third-party widget
    ])
    func roles(name: String, value: String, isSession: Bool) {
        #expect(classifier.role(name: name, value: value).isSession == isSession, "\(name)")
    }
}

/// Remembering parsed Cookie headers must not change what an exchange's cookies are: the same
/// pairs, roles and digests as parsing each exchange afresh, for repeated headers, several
/// headers in one request, none, and more distinct headers than are remembered at once.
struct ExchangeCookieParserTests {
    func exchange(_ cookieHeaders: [String], setCookie: [String] = []) -> HTTPTransaction {
        HTTPTransaction(
            request: HTTPRequest(method: "GET", target: "/", host: "shop.example", fields: HTTPFields(cookieHeaders.map { ("Cookie", $0) })),
            response: HTTPResponse(status: 200, fields: HTTPFields(setCookie.map { ("Set-Cookie", $0) })),
            requestTime: nil, responseTime: nil, client: nil, server: nil, scheme: .https,
            provenance: Provenance(input: "t", location: .whole))
    }

    @Test func rememberedHeadersGiveWhatParsingGives() {
        let classifier = CookieClassifier(sessionNames: ["app_auth"])
        var parser = ExchangeCookieParser(classifier: classifier)
        var exchanges = [
            exchange(["PHPSESSID=abc123abc123; _ga=GA1.1.1.2; lang=en"]),
            exchange(["PHPSESSID=abc123abc123; _ga=GA1.1.1.2; lang=en"], setCookie: ["PHPSESSID=new456new456; Path=/; HttpOnly", " "]),
            exchange(["app_auth=x"], setCookie: ["app_auth=; Max-Age=0"]),
            exchange(["a=1", "b=2"]),
            exchange([]),
            exchange(["PHPSESSID=abc123abc123; _ga=GA1.1.1.2; lang=en"]),
        ]
        // Past the memory's size, so it is dropped and refilled along the way.
        exchanges += (0..<(ExchangeCookieParser.rememberedHeaders * 2 + 100)).map { exchange(["sessionid=\($0 % 20_000)"]) }
        for transaction in exchanges + exchanges.reversed() {
            let remembered = parser.cookies(of: transaction)
            let fresh = ExchangeCookies(transaction, classifier: classifier)
            #expect(remembered.sent == fresh.sent)
            #expect(remembered.sessionSent == fresh.sent.filter(\.role.isSession) && fresh.sessionSent == remembered.sessionSent)
            #expect(remembered.set.map(\.cookie.name) == fresh.set.map(\.cookie.name))
            #expect(remembered.set.map(\.role) == fresh.set.map(\.role))
        }
        let first = parser.cookies(of: exchanges[0])
        #expect(first.sent.map(\.name) == ["PHPSESSID", "_ga", "lang"])
        #expect(first.sessionSent.map(\.name) == ["PHPSESSID"])
        #expect(parser.cookies(of: exchanges[2]).sessionSent.map(\.name) == ["app_auth"])
        #expect(first.sent[0].role.isSession && !first.sent[2].role.isSession)
        #expect(first.sent[0].digest == ExchangeCookies.Sent.digest(name: "PHPSESSID", value: "abc123abc123"))
        #expect(parser.cookies(of: exchanges[1]).set.count == 1)  // the blank Set-Cookie says nothing
        #expect(parser.cookies(of: exchanges[3]).sent.map(\.value) == ["1", "2"])
    }
}

/// ASP.NET Core's ChunkingCookieManager: an authentication ticket longer than 4,050 characters
/// is set as `<name>=chunks-<n>` plus `<name>C1` … `<name>Cn`, and sent back the same way. The
/// session is the joined ticket; the chunks are judged through it.
struct CookieChunksTests {
    let classifier = CookieClassifier()
    let first = "CfDJ8" + String(repeating: "Ab3_", count: 1_000)
    let second = String(repeating: "x9Z-", count: 300)

    func exchange(cookie: String?, setCookie: [String]) -> ExchangeCookies {
        ExchangeCookies(ExchangeCookieParserTests().exchange(cookie.map { [$0] } ?? [], setCookie: setCookie), classifier: classifier)
    }

    @Test func chunksSetAndSentAreJoinedIntoTheirCookie() {
        let set = exchange(cookie: nil, setCookie: [
            ".AspNetCore.Cookies=chunks-2; path=/; samesite=lax; httponly",
            ".AspNetCore.CookiesC1=\(first); path=/; samesite=lax; httponly",
            ".AspNetCore.CookiesC2=\(second); path=/; samesite=lax; httponly",
        ]).set
        #expect(set[0].cookie.value == first + second)
        #expect(set[0].cookie.joinedChunks == 2)
        #expect(set[0].cookie.nameValueBytes == ".AspNetCore.Cookies".utf8.count + "chunks-2".utf8.count)  // as sent
        #expect(set[0].cookie.isHttpOnly && set[0].role.isSession)
        #expect(set[1].role == .ignored(pattern: "a chunk of .AspNetCore.Cookies"))
        #expect(set[2].role == .ignored(pattern: "a chunk of .AspNetCore.Cookies"))

        // Sent in another order, beside another cookie.
        let sent = exchange(cookie: ".AspNetCore.CookiesC2=\(second); theme=dark; .AspNetCore.Cookies=chunks-2; .AspNetCore.CookiesC1=\(first)", setCookie: [])
        #expect(sent.sessionSent.map(\.name) == [".AspNetCore.Cookies"])
        #expect(sent.sessionSent.first?.value == first + second)
        #expect(sent.sent.map(\.name) == [".AspNetCore.CookiesC2", "theme", ".AspNetCore.Cookies", ".AspNetCore.CookiesC1"])
    }

    @Test func theLogoutDeletesTheChunksWithTheirCookie() {
        let set = exchange(cookie: nil, setCookie: [
            ".AspNetCore.Cookies=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/",
            ".AspNetCore.CookiesC1=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/",
            ".AspNetCore.CookiesC2=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/",
        ]).set
        #expect(set[0].role.isSession)
        #expect(set.dropFirst().allSatisfy { $0.role == .ignored(pattern: "a chunk of .AspNetCore.Cookies") })
    }

    /// Auth.js (NextAuth v5) splits its session JWE into `authjs.session-token.0`, `.1`, … with
    /// nothing under the name itself, and clears every chunk at sign-out.
    @Test func numberedChunksAreJoinedIntoTheCookieTheyMakeUp() {
        let header = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoiS3RZTlp0In0"
        let jwe = header + "..c2Vzc2lvbmxpbnQtaXY." + String(repeating: "q8Lw-Z_3", count: 600) + ".dGFnLXRhZy10YWctdGFn"
        let (first, second) = (String(jwe.prefix(3_933)), String(jwe.dropFirst(3_933)))
        let attributes = "; Path=/; HttpOnly; Secure; SameSite=Lax"
        let set = exchange(cookie: nil, setCookie: [
            "__Secure-authjs.session-token.0=\(first)" + attributes, "__Secure-authjs.session-token.1=\(second)" + attributes,
        ]).set
        #expect(set[0].cookie.name == "__Secure-authjs.session-token" && set[0].cookie.value == jwe && set[0].cookie.joinedChunks == 2)
        #expect(set[0].cookie.isSecure && set[0].role.isSession)
        #expect(set[1].role == .ignored(pattern: "a chunk of __Secure-authjs.session-token"))

        let sent = exchange(cookie: "__Secure-authjs.session-token.1=\(second); __Secure-authjs.session-token.0=\(first)", setCookie: [])
        #expect(sent.sessionSent.map(\.name) == ["__Secure-authjs.session-token"])
        #expect(sent.sessionSent.first?.value == jwe)

        let signOut = exchange(cookie: nil, setCookie: [
            "__Secure-authjs.session-token.0=; Max-Age=0" + attributes, "__Secure-authjs.session-token.1=; Max-Age=0" + attributes,
        ]).set
        #expect(signOut[0].cookie.name == "__Secure-authjs.session-token" && signOut[0].cookie.isDeletion(receivedAt: nil))
        #expect(signOut[1].role == .ignored(pattern: "a chunk of __Secure-authjs.session-token"))
    }

    @Test func incompleteOrUnrelatedCookiesAreLeftAsTheyAre() {
        // A chunk missing: nothing to join (ASP.NET Core would refuse the request).
        let partial = exchange(cookie: ".AspNetCore.Cookies=chunks-3; .AspNetCore.CookiesC1=\(first); .AspNetCore.CookiesC2=\(second)", setCookie: [])
        #expect(partial.sessionSent.first?.value == "chunks-3")
        // A value that only starts like a count, and names that only start like a chunk's.
        let other = exchange(cookie: nil, setCookie: ["note=chunks-of-text", "noteC1=a", "sessionid=abc123abc123abc1", "sessionidCount=4"]).set
        #expect(other.map(\.cookie.value) == ["chunks-of-text", "a", "abc123abc123abc1", "4"])
        #expect(!other.contains { if case .ignored = $0.role { true } else { false } })
        // A first numbered chunk alone, or numbers that do not start at 0.
        #expect(exchange(cookie: "token.0=abc; lang=en", setCookie: []).sent.map(\.name) == ["token.0", "lang"])
        #expect(exchange(cookie: nil, setCookie: ["v.1=a", "v.2=b"]).set.map(\.cookie.name) == ["v.1", "v.2"])
        // Thousands of cookies that each could start a set (a hostile header): each is looked up,
        // not searched for, and none is joined without its partner.
        let many = exchange(cookie: (0..<5_000).map { "k\($0).0=v" }.joined(separator: "; "),
                            setCookie: (0..<5_000).map { "d\($0)=; Max-Age=0" } + ["s.0=a", "s.1=b"])
        #expect(many.sent.count == 5_000 && many.sent.allSatisfy { $0.name.hasSuffix(".0") })
        #expect(many.set.count == 5_002 && many.set[5_000].cookie.name == "s" && many.set[5_000].cookie.value == "ab")
        #expect(CookieChunks.count(in: "chunks-65") == nil && CookieChunks.count(in: "chunks-0") == nil && CookieChunks.count(in: "chunks-12") == 12)
    }
}
