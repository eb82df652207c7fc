import Testing
import SessionLintCore

/// Each row checked by hand against shell `case` semantics (`*` any run, `?` one character).
struct GlobTests {
    @Test(arguments: [
        // literal (fast path)
        ("sessionid", "sessionid", true), ("sessionid", "sessionid2", false), ("sessionid", "SessionID", false),
        // prefix* (fast path)
        ("wordpress_logged_in_*", "wordpress_logged_in_abc123", true), ("wordpress_logged_in_*", "wordpress_logged_in_", true),
        ("wordpress_logged_in_*", "wordpress_sec_1", false), ("*", "", true), ("*", "anything", true),
        // *infix* and *suffix (fast paths, as the login and logout patterns are written)
        ("*/logout*", "/account/logout?next=/", true), ("*/logout*", "/logout", true), ("*/logout*", "/LOGOUT", false),
        ("*/logout*", "/log/out", false), ("*ab*", "a", false), ("*/session", "/api/session", true),
        ("*/session", "/api/sessions", false), ("*/session", "session", false), ("*x", "x", true),
        // general matcher
        ("*sess*", "PHPSESSID", false), ("*SESS*", "PHPSESSID", true), ("/account/*/logout", "/account/7/logout", true),
        ("/account/*/logout", "/account/7/login", false), ("sid?", "sid1", true), ("sid?", "sid", false),
        ("a*b*c", "aXbYbZc", true), ("a*b*c", "aXbYbZ", false), ("*.example.com", "example.com", false),
    ])
    func caseSensitiveMatching(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test(arguments: [
        ("*.EXAMPLE.com", "shop.example.COM", true), ("*.example.com", "example.org", false),
        ("Shop.Example.Com", "shop.example.com", true), ("shop.example.com", "shop.example.co", false),
        ("JSESSION*", "jsessionid", true), ("JSESSION*", "jsess", false), ("s?d", "SID", true),
        ("*/logout*", "/Account/LogOut", true), ("*/SignIn*", "/signin?x", true), ("*/session", "/API/Session", true),
        ("*/session", "/api/sessionx", false),
    ])
    func caseInsensitiveMatching(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern, caseInsensitive: true).matches(text) == expected)
    }
}
