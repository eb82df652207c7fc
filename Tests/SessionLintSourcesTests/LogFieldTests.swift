import Foundation
import Testing
import SessionLintCore
@testable import SessionLintSources

/// The byte-level readers of log fields, each row worked out by hand from nginx's and Apache's
/// documented formats.
struct LogFieldTests {
    func localTime(_ text: String) -> Date? {
        Array(text.utf8).withUnsafeBufferPointer { LogTransactionBuilder.parseTimeLocal(bytes: $0) }
    }

    @Test(arguments: [
        ("10/Oct/2000:13:55:36 -0700", 971_211_336), ("26/Nov/2026:00:00:00 +0000", 1_795_651_200),
        ("01/Jan/1970:01:00:00 +0100", 0), ("31/Dec/2025:23:59:59 +0000", 1_767_225_599),
    ])
    func localTimes(text: String, epoch: Int) {
        #expect(localTime(text) == Date(timeIntervalSince1970: TimeInterval(epoch)))
    }

    @Test(arguments: ["10/Okt/2000:13:55:36 -0700", "10/Oct/2000:13:55:36 0700", "1/Oct/2000:13:55:36 -0700", "10/Oct/2000:24:00:00 +0000", ""])
    func malformedTimesAreRejected(text: String) {
        #expect(localTime(text) == nil)
    }

    /// Method, target and version of a logged request line, as text (nil for a part it lacks).
    func parts(_ line: String) -> [String?] {
        Array(line.utf8).withUnsafeBufferPointer { bytes in
            let parts = LogTransactionBuilder.requestLineParts(bytes)
            return [parts.method, parts.target, parts.version].map { range in
                range.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            }
        }
    }

    @Test func requestLinesSplitAtRunsOfSpaces() {
        #expect(parts("GET  /a?b=1   HTTP/1.1") == ["GET", "/a?b=1", "HTTP/1.1"])
        #expect(parts(" ") == [nil, nil, nil])
        #expect(parts("GET /é") == ["GET", "/é", nil])
        // A target with a space the server did not escape: the version is the last word.
        #expect(parts("GET /a b HTTP/1.1") == ["GET", "/a", "HTTP/1.1"])
    }

    @Test(arguments: [("200", 200), ("08080", 8080), ("", nil), ("20x", nil), ("+80", nil), ("1234567890", nil)] as [(String, Int?)])
    func loggedNumbersAreDecimalDigitsOnly(text: String, expected: Int?) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { LogTransactionBuilder.integer($0) } == expected)
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
        func value(_ field: LogField, _ list: [String]) -> String? {
            positions.position(of: field) { list[$0].isEmpty }.map { list[$0] }
        }
        #expect(value(.host, ["10.0.0.1", "a.example", "GET / HTTP/1.1", "200", "b.example"]) == "b.example")
        #expect(value(.host, ["10.0.0.1", "a.example", "GET / HTTP/1.1", "200", ""]) == "a.example")
        #expect(value(.status, ["10.0.0.1", "a.example", "GET / HTTP/1.1", "200", ""]) == "200")
        #expect(value(.scheme, ["10.0.0.1", "a.example", "GET / HTTP/1.1", "200", ""]) == nil)
    }

    /// Reads one line with a given format.
    func transaction(_ format: String, _ line: String) throws -> HTTPTransaction? {
        var transactions: [HTTPTransaction] = []
        try AccessLogSource(inputName: "t.log", data: Data((line + "\n").utf8), format: try LogFormat(parsing: format), assumedScheme: .https)
            .read(onTransaction: { transactions.append($0) }, onWarning: { _ in })
        return transactions.first
    }

    /// nginx writes `"` and `\` inside a value as \x22 and \x5C, Apache as \" and \\ (their
    /// documentation of log escaping); "-" means no value; Apache brackets the time.
    @Test func escapesAreUndoneAndADashIsNoValue() throws {
        let nginx = try #require(try transaction(
            #"$remote_addr - - [$time_local] "$request" $status "$http_user_agent" "$http_cookie""#,
            #"10.0.0.1 - - [26/Nov/2026:00:00:00 +0000] "GET /a\x22b HTTP/1.1" 200 "Mozilla \x5C x" "-""#))
        #expect(nginx.request.target == #"/a"b"#)
        #expect(nginx.request.fields.first("User-Agent") == #"Mozilla \ x"#)
        #expect(!nginx.request.fields.contains("Cookie"))
        #expect(nginx.requestTime == Date(timeIntervalSince1970: 1_795_651_200))

        let apache = try #require(try transaction(
            #"%h %l %u %t \"%r\" %>s \"%{User-Agent}i\" \"%{Cookie}i\""#,
            #"10.0.0.1 - - [26/Nov/2026:00:00:00 +0000] "GET /q HTTP/1.1" 404 "say \"hi\" \\o/" "sid=\"x\"""#))
        #expect(apache.request.fields.first("User-Agent") == #"say "hi" \o/"#)
        #expect(apache.request.fields.first("Cookie") == #"sid="x""#)
        #expect(apache.response?.status == 404)
        #expect(apache.requestTime == Date(timeIntervalSince1970: 1_795_651_200))
    }
}

/// Repeated values are handed out as the same string; what is handed out is always exactly
/// what decoding the bytes gives.
struct RecentValuesTests {
    private func text(_ values: inout RecentValues, _ bytes: [UInt8], place: Int = 0) -> String {
        bytes.withUnsafeBufferPointer { values.text($0, place: place) }
    }

    /// Two strings share storage when their UTF-8 views start at the same address.
    private func sameStorage(_ a: String, _ b: String) -> Bool {
        a.utf8.withContiguousStorageIfAvailable { x in b.utf8.withContiguousStorageIfAvailable { y in x.baseAddress == y.baseAddress } } == true
    }

    @Test func aRepeatedValueIsTheSameString() {
        var values = RecentValues(places: 2)
        let agent = Array("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0".utf8)
        let first = text(&values, agent)
        // Other clients' values in between, in the same place and in another.
        for index in 0..<3 { _ = text(&values, Array("curl/8.\(index).0".utf8)); _ = text(&values, agent, place: 1) }
        let again = text(&values, agent)
        #expect(again == first && sameStorage(again, first))
        #expect(text(&values, agent, place: 1) == first)  // places are apart, values equal
    }

    /// Strings are shared between the transactions of one batch, and made anew for the next: a
    /// string shared across batches has its reference count changed by both threads at once.
    @Test func stringsAreSharedOnlyWithinABatch() throws {
        let agent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
        let line = #"10.0.0.1 - - [26/Nov/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "\#(agent)""#
        let log = String(repeating: line + "\n", count: ReadAhead.batchSize + 1)
        let read = try readLog(log, name: "/var/log/nginx/shop.example.com-access.log").transactions
        let first = read[0], lastOfBatch = read[ReadAhead.batchSize - 1], next = read[ReadAhead.batchSize]
        for transaction in [lastOfBatch, next] {
            #expect(transaction.request.fields.first("User-Agent") == agent)
            #expect(transaction.provenance.input == "/var/log/nginx/shop.example.com-access.log")
        }
        #expect(sameStorage(first.request.fields.first("User-Agent")!, lastOfBatch.request.fields.first("User-Agent")!))
        #expect(sameStorage(first.provenance.input, lastOfBatch.provenance.input))
        #expect(!sameStorage(first.request.fields.first("User-Agent")!, next.request.fields.first("User-Agent")!))
        #expect(!sameStorage(first.provenance.input, next.provenance.input))
    }

    @Test func valuesAreExactlyTheirDecodedBytes() {
        var values = RecentValues(places: 1)
        let invalid: [UInt8] = [0x61, 0xFF, 0x62]
        #expect(text(&values, invalid) == String(decoding: invalid, as: UTF8.self))
        #expect(text(&values, invalid) == "a\u{FFFD}b")  // repaired, the same every time
        #expect(text(&values, Array("ab".utf8)) == "ab" && text(&values, Array("ba".utf8)) == "ba")
        #expect(text(&values, []) == "")
        let long = [UInt8](repeating: 0x41, count: RecentValues.longestRemembered + 1)
        let a = text(&values, long), b = text(&values, long)
        #expect(a == String(repeating: "A", count: long.count) && a == b && !sameStorage(a, b))  // long ones are not kept
        #expect(text(&values, Array("x".utf8), place: 5) == "x")  // a place beyond the room: decoded, not kept
    }
}
