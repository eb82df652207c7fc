import Foundation
import Testing
@testable import SessionLintHTTP

struct SetCookieTests {
    @Test func readsDjangoSessionCookie() {
        let cookie = SetCookie("sessionid=w9yyxfiatxr2gp1yniejf0ihhvmcukk1; expires=Thu, 10 Dec 2026 15:50:32 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax")
        #expect(cookie.name == "sessionid")
        #expect(cookie.value == "w9yyxfiatxr2gp1yniejf0ihhvmcukk1")
        #expect(cookie.isHttpOnly)
        #expect(!cookie.isSecure)
        #expect(cookie.sameSite == .lax)
        #expect(cookie.path == "/")
        #expect(cookie.maxAge == 1_209_600)
        #expect(cookie.expires == Date(timeIntervalSince1970: 1_796_917_832))
        #expect(cookie.diagnostics.isEmpty)
        #expect(!cookie.isIgnoredByBrowsers)
    }

    @Test func attributeNamesAreCaseInsensitiveAndLastOneWins() {
        let cookie = SetCookie("id=1; PATH=/a; path=/b; SECURE; httponly; samesite=STRICT; Domain=.Example.COM")
        #expect(cookie.path == "/b")
        #expect(cookie.isSecure && cookie.isHttpOnly)
        #expect(cookie.sameSite == .strict)
        #expect(cookie.domain == "example.com")  // leading dot dropped, lower-cased (§5.6.3)
        #expect(cookie.diagnostics.map(\.code) == [.repeatedAttribute])
    }

    @Test func maxAgeWinsOverExpiresAndLifetimeIsMeasuredFromTheResponse() {
        let received = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        let both = SetCookie("a=1; Expires=Thu, 22 Oct 2015 07:28:00 GMT; Max-Age=60")
        #expect(both.lifetime(receivedAt: received) == .seconds(60))
        let expiresOnly = SetCookie("a=1; Expires=Thu, 22 Oct 2015 07:28:00 GMT")
        #expect(expiresOnly.lifetime(receivedAt: received) == .seconds(86_400))
        #expect(expiresOnly.lifetime(receivedAt: nil) == .until(Date(timeIntervalSince1970: 1_445_498_880)))
        #expect(SetCookie("a=1").lifetime(receivedAt: received) == .session)
    }

    @Test func recognisesDeletions() {
        let received = Date(timeIntervalSince1970: 1_445_412_480)
        #expect(SetCookie(#"sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"#).isDeletion(receivedAt: received))
        #expect(SetCookie("a=; Max-Age=-1").isDeletion(receivedAt: received))
        #expect(SetCookie("a=; Expires=Tue, 20 Oct 2015 07:28:00 GMT").isDeletion(receivedAt: received))
        #expect(SetCookie("a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT").isDeletion(receivedAt: nil))
        #expect(!SetCookie("a=1; Expires=Thu, 22 Oct 2015 07:28:00 GMT").isDeletion(receivedAt: received))
        #expect(!SetCookie("a=1").isDeletion(receivedAt: received))
    }

    @Test func ignoresWholeHeaderWithControlCharacters() {
        let cookie = SetCookie("___utmvaoyuasaE=Kvk\u{01}cLzS; path=/; Max-Age=900")
        #expect(cookie.ignoredBy == .controlCharacter)
        #expect(cookie.diagnostics.first?.effect == .cookieIgnored)
        #expect(!SetCookie("a=b\tc").isIgnoredByBrowsers)  // HTAB is allowed by §5.6
    }

    @Test func namelessAndEmptyCookies() {
        let nameless = SetCookie("justavalue; Secure")
        #expect(!nameless.hasEquals)
        #expect(nameless.name == "" && nameless.value == "justavalue")
        #expect(nameless.diagnostics.contains { $0.code == .nameless })

        #expect(SetCookie("=; Path=/").ignoredBy == .emptyNameAndValue)
        #expect(SetCookie("__Host-x; Secure; Path=/").ignoredBy == .namelessWithPrefix)
    }

    @Test func enforcesTheSizeLimits() {
        let big = SetCookie("n=" + String(repeating: "v", count: 4095))  // 1 + 4095 = 4096: allowed
        #expect(!big.isIgnoredByBrowsers)
        let tooBig = SetCookie("n=" + String(repeating: "v", count: 4096))
        #expect(tooBig.ignoredBy == .nameValueTooLong)

        let longPath = SetCookie("n=v; Path=/" + String(repeating: "p", count: 1024))  // 1025 bytes
        #expect(longPath.path == nil)
        #expect(longPath.diagnostics.contains { $0.code == .attributeValueTooLong && $0.effect == .attributeIgnored })
        let okPath = SetCookie("n=v; Path=/" + String(repeating: "p", count: 1023))  // 1024 bytes
        #expect(okPath.path?.utf8.count == 1024)
    }

    @Test func discardedAttributesDoNotCount() {
        let longSameSite = SetCookie("a=1; SameSite=" + String(repeating: "L", count: 1025))
        #expect(!longSameSite.has(.sameSite))
        #expect(longSameSite.sameSite == nil)
        #expect(!SetCookie("a=1; Expires=soon").has(.expires))
        #expect(SetCookie("a=1; SameSite").has(.sameSite))  // present, with an unrecognised value
    }

    @Test func repeatedAttributesAreListedInAStableOrder() {
        let cookie = SetCookie("a=1; Path=/; Secure; Path=/x; Secure; Domain=a.example; Domain=b.example")
        #expect(cookie.diagnostics.map(\.message) == [
            "attribute Domain appears 2 times; browsers keep only the last",
            "attribute Path appears 2 times; browsers keep only the last",
            "attribute Secure appears 2 times; browsers keep only the last",
        ])
    }

    @Test func maxAgeMustBeDigits() {
        #expect(SetCookie("a=1; Max-Age=1h").maxAge == nil)
        #expect(SetCookie("a=1; Max-Age=1h").diagnostics.contains { $0.code == .maxAgeInvalid })
        #expect(SetCookie("a=1; Max-Age=+5").maxAge == nil)
        #expect(SetCookie("a=1; Max-Age=-").maxAge == nil)
        #expect(SetCookie("a=1; Max-Age=-5").maxAge == -5)
        #expect(SetCookie("a=1; Max-Age=99999999999999999999999").maxAge == .max)
    }

    @Test func unreadableExpiresIsIgnoredAndNonIMFIsOnlyAGrammarNote() {
        let bad = SetCookie("a=1; Expires=soon")
        #expect(bad.expires == nil)
        #expect(bad.diagnostics.map(\.code) == [.expiresUnparseable])
        let rfc850 = SetCookie("a=1; Expires=Wednesday, 21-Oct-15 07:28:00 GMT")
        #expect(rfc850.expires == Date(timeIntervalSince1970: 1_445_412_480))
        #expect(rfc850.diagnostics.map(\.code) == [.expiresNotIMFFixdate])
        #expect(rfc850.diagnostics.first?.effect == CookieDiagnostic.BrowserEffect.none)
    }

    @Test func quotedValuesAndCookieOctets() {
        #expect(SetCookie(#"lang="v=2&lang=en-us"; Path=/"#).diagnostics.isEmpty)
        #expect(SetCookie(#"lang="v=2&lang=en-us"; Path=/"#).value == #""v=2&lang=en-us""#)  // DQUOTEs are part of the value
        #expect(SetCookie(#"a="x; Path=/"#).diagnostics.map(\.code) == [.unbalancedQuotes])
        #expect(SetCookie("a=x y").diagnostics.map(\.code) == [.invalidValueCharacter])
        #expect(SetCookie("a=x,y").diagnostics.map(\.code) == [.invalidValueCharacter])
        #expect(SetCookie("a b=x").diagnostics.map(\.code) == [.invalidNameCharacter])
        #expect(SetCookie("a=ü").diagnostics.map(\.code) == [.invalidValueCharacter])
    }

    @Test func sameSiteValues() {
        #expect(SetCookie("a=1; SameSite=none").sameSite == SameSite.none)
        #expect(SetCookie("a=1; SameSite").sameSite == .unrecognized(""))
        #expect(SetCookie("a=1; SameSite=Stict").sameSite == .unrecognized("Stict"))
        #expect(SetCookie("a=1").sameSite == nil)
    }

    @Test func pathAndDomainEdgeCases() {
        let relative = SetCookie("a=1; Path=app")
        #expect(relative.path == nil)
        #expect(relative.effectivePath(requestPath: "/shop/cart/add") == "/shop/cart")
        #expect(SetCookie("a=1").effectivePath(requestPath: "/login") == "/")
        #expect(SetCookie("a=1").effectivePath(requestPath: "/") == "/")
        #expect(SetCookie("a=1; Domain=").domain == nil)
        #expect(SetCookie("a=1; Domain=").diagnostics.map(\.code) == [.domainEmpty])
    }

    @Test func knownAndUnknownAttributes() {
        let modern = SetCookie("id=a3fWa; Path=/; Secure; HttpOnly; SameSite=Strict; Partitioned; Priority=High;")
        #expect(modern.diagnostics.isEmpty)
        #expect(modern.isPartitioned)
        let legacy = SetCookie("visit=v=1; Version=1; Max-Age=63072000; Secur")
        #expect(legacy.diagnostics.filter { $0.code == .unknownAttribute }.count == 2)
        #expect(!legacy.isSecure)
        #expect(SetCookie("a=1; Secure=true").diagnostics.map(\.code) == [.flagWithValue])
    }

    @Test func emptyAttributesAreHarmless() {
        #expect(SetCookie("a=1;; Path=/;").diagnostics.isEmpty)
    }
}
