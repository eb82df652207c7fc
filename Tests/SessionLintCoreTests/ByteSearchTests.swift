import Testing
import SessionLintCore

/// The byte-level helpers the hot paths use instead of Foundation, against what Foundation's
/// and the standard library's generic versions answer (computed by hand for each row).
struct ByteSearchTests {
    @Test(arguments: [
        ("", "", true), ("abc", "", true), ("", "a", false), ("abc", "abc", true), ("abc", "abcd", false),
        ("xxabcxx", "abc", true), ("ababac", "abac", true), ("aaaaab", "aab", true), ("aaaaa", "aab", false),
        ("token=5f2c; next", "5f2c", true), ("5f2", "5f2c", false), ("end5f2c", "5f2c", true),
        ("café=1", "é=", true), ("cafe\u{301}", "e", true),  // bytes, not characters
    ])
    func bytesContain(haystack: String, needle: String, expected: Bool) {
        #expect(Array(haystack.utf8).containsBytes(Array(needle.utf8)) == expected)
        #expect(haystack.containsBytes(needle) == expected)
        #expect(("<" + haystack + ">").dropFirst().dropLast().containsBytes(needle[...]) == expected)  // substrings
    }

    @Test func aValueInALargeBodyIsFoundWhereverItSits() {
        let value = Array("d41d8cd98f00b204e9800998ecf8427e".utf8)
        var body = Array(repeating: UInt8(ascii: "d"), count: 65_536)  // the first byte everywhere
        #expect(!body.containsBytes(value))
        for position in [0, 1, 30_000, 65_536 - value.count] {
            var copy = body
            copy.replaceSubrange(position..<(position + value.count), with: value)
            #expect(copy.containsBytes(value), "at \(position)")
        }
        body[65_535] = UInt8(ascii: "4")
        #expect(!body.containsBytes(value))
    }

    @Test(arguments: [
        ("  a b \t", "a b"), ("\t\t", ""), ("", ""), ("x", "x"), (" \u{00A0}x", "\u{00A0}x"), ("1, 2", "1, 2"),
    ])
    func httpWhitespaceIsTrimmedOnly(text: String, expected: String) {
        // Only SP and HTAB are HTTP whitespace (RFC 9110 §5.6.3); a no-break space stays.
        #expect(String(text.trimmingHTTPWhitespace) == expected)
    }

    /// The login words a timeline rule looks for in paths: anywhere, in any ASCII case, at the
    /// very end, and never by a near miss or a non-ASCII byte that only lowercases alike.
    @Test(arguments: [
        ("/accounts/LogIn/", true), ("/sign_in", true), ("/x/SIGNIN", true), ("/logon", true), ("/api/orders", false),
        ("/sign-in", false), ("/log", false), ("", false), ("/logi", false), ("/LOGİN", false), ("/sign\u{7F}in", false),
    ])
    func anyOfSeveralWordsIsFoundIgnoringCase(path: String, found: Bool) {
        let words = ["login", "signin", "sign_in", "logon"].map { Array($0.utf8) }
        #expect(path.containsAnyIgnoringASCIICase(words) == found)
    }
}
