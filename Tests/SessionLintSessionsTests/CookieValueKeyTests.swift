import Testing
import SessionLintHTTP
@testable import SessionLintSessions

/// The keys the timeline builder remembers session values by.
struct CookieValueKeyTests {
    @Test func cookieValueKeysTellNameFromValue() {
        #expect(CookieValueKey(name: "sid", value: "1") == CookieValueKey(name: "sid", value: "1"))
        #expect(CookieValueKey(name: "sid=", value: "1") != CookieValueKey(name: "sid", value: "=1"))
    }

    /// A sent cookie's key comes from the digest its parse worked out: the same key as from
    /// its name and value.
    @Test func aSentCookiesKeyIsItsNameAndValuesKey() {
        let sent = ExchangeCookies.Sent(name: "sid", value: "abc", role: .other)
        #expect(CookieValueKey(sent) == CookieValueKey(name: "sid", value: "abc"))
        #expect(CookieValueKey(sent) != CookieValueKey(name: "sid", value: "abd"))
    }
}
