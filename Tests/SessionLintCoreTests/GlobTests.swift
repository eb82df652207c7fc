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
    ])
    func caseInsensitiveMatching(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern, caseInsensitive: true).matches(text) == expected)
    }
}
