import Foundation
import Testing
import SessionLintCore
@testable import SessionLintSources

/// The byte-level readers of log fields, each row worked out by hand from nginx's and Apache's
/// documented formats.
struct LogFieldTests {
    @Test(arguments: [
        ("10/Oct/2000:13:55:36 -0700", 971_211_336), ("26/Nov/2026:00:00:00 +0000", 1_795_651_200),
        ("01/Jan/1970:01:00:00 +0100", 0), ("31/Dec/2025:23:59:59 +0000", 1_767_225_599),
    ])
    func localTimes(text: String, epoch: Int) {
        #expect(LogTransactionBuilder.parseTimeLocal(text) == Date(timeIntervalSince1970: TimeInterval(epoch)))
    }

    @Test(arguments: ["10/Okt/2000:13:55:36 -0700", "10/Oct/2000:13:55:36 0700", "1/Oct/2000:13:55:36 -0700", "10/Oct/2000:24:00:00 +0000", ""])
    func malformedTimesAreRejected(text: String) {
        #expect(LogTransactionBuilder.parseTimeLocal(text) == nil)
    }

    @Test func requestLinesSplitAtRunsOfSpaces() {
        #expect(LogTransactionBuilder.words(of: "GET  /a?b=1   HTTP/1.1").map(String.init) == ["GET", "/a?b=1", "HTTP/1.1"])
        #expect(LogTransactionBuilder.words(of: " ").isEmpty)
        #expect(LogTransactionBuilder.words(of: "GET /é").map(String.init) == ["GET", "/é"])
    }

    @Test(arguments: [
        ("shop.example:443", "shop.example"), ("shop.example", "shop.example"), ("[::1]:8080", "::1"), ("[2001:db8::1]", "2001:db8::1"),
        ("", ""), (":8080", ""),
    ])
    func hostsLoseTheirPort(host: String, expected: String) {
        #expect(LogTransactionBuilder.withoutPort(host) == expected)
    }

    /// A format naming a field twice: the last non-empty value wins, as it did when the values
    /// went through a dictionary.
    @Test func aRepeatedFieldTakesTheLastValueGiven() throws {
        let format = try LogFormat(parsing: #"$remote_addr $host "$request" $status $host"#)
        let positions = FieldPositions(format.fields)
        #expect(positions.value(of: .host, in: ["10.0.0.1", "a.example", "GET / HTTP/1.1", "200", "b.example"]) == "b.example")
        #expect(positions.value(of: .host, in: ["10.0.0.1", "a.example", "GET / HTTP/1.1", "200", ""]) == "a.example")
        #expect(positions.value(of: .status, in: ["10.0.0.1", "a.example", "GET / HTTP/1.1", "200", ""]) == "200")
        #expect(positions.value(of: .scheme, in: ["10.0.0.1", "a.example", "GET / HTTP/1.1", "200", ""]) == nil)
    }
}
