import Foundation
import Testing
import SessionLintCore
import SessionLintHTTP
@testable import SessionLintSources

/// Reading on a second thread must hand everything over exactly as reading inline would:
/// the same transactions and warnings, interleaved in the same order, across many batches,
/// and a source's failure after partial output still reported after that output.
struct ReadAheadTests {
    /// Emits `count` transactions, a warning after every 100th, then fails if asked.
    struct CountingSource: TransactionSource {
        var count: Int
        var failAtEnd = false
        var inputName: String { "counting" }

        func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
            for number in 0..<count {
                let cookie = HTTPFields([("Cookie", "sessionid=v\(number % 7); theme=dark")])
                let setCookie = number % 5 == 0 ? HTTPResponse(status: 200, fields: HTTPFields([("Set-Cookie", "sessionid=v\(number); Path=/")])) : nil
                onTransaction(HTTPTransaction(
                    request: HTTPRequest(method: "GET", target: "/\(number)", host: "example.test", version: "HTTP/1.1", fields: cookie),
                    response: setCookie, requestTime: nil, responseTime: nil, client: nil, server: nil, scheme: .http,
                    provenance: Provenance(input: inputName, location: .line(number: number + 1))))
                if number % 100 == 99 {
                    onWarning(InputWarning(provenance: Provenance(input: inputName, location: .line(number: number + 1)), message: "after \(number)"))
                }
            }
            if failAtEnd { throw InputError(file: inputName, message: "cut off") }
        }
    }

    static func events(_ source: CountingSource) -> (events: [String], error: InputError?) {
        var events: [String] = []
        do {
            try ReadAhead.read(source, classifier: CookieClassifier(), onTransaction: { transaction, _ in events.append(transaction.request.target) },
                               onWarning: { events.append("warning " + $0.message) })
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    @Test(arguments: [0, 1, ReadAhead.batchSize, ReadAhead.batchSize * ReadAhead.maxBatches * 3 + 7])
    func orderIsKept(count: Int) {
        let source = CountingSource(count: count)
        var inline: [String] = []
        try? source.read(onTransaction: { inline.append($0.request.target) }, onWarning: { inline.append("warning " + $0.message) })
        let (events, error) = Self.events(source)
        #expect(error == nil)
        #expect(events == inline)
        #expect(events.count == count + count / 100)
    }

    /// The reader parses cookies while the analysis is behind and leaves them to it otherwise:
    /// whichever side did, each exchange's cookies are what parsing it gives.
    @Test func cookiesAreTheSameWhicheverSideParsesThem() throws {
        let source = CountingSource(count: ReadAhead.batchSize * 40)
        let classifier = CookieClassifier()
        var mismatches = 0, seen = 0
        try ReadAhead.read(source, classifier: classifier, onTransaction: { transaction, cookies in
            // A slow analysis in the first half lets the reader get ahead, a fast one in the second.
            if seen < source.count / 2, seen % 64 == 0 { Thread.sleep(forTimeInterval: 0.002) }
            let fresh = ExchangeCookies(transaction, classifier: classifier)
            if cookies.sent != fresh.sent || cookies.sessionSent != fresh.sessionSent || cookies.set.map(\.cookie.raw) != fresh.set.map(\.cookie.raw) {
                mismatches += 1
            }
            seen += 1
        }, onWarning: { _ in })
        #expect(seen == source.count && mismatches == 0)
    }

    @Test func aFailureComesAfterEverythingReadBeforeIt() {
        let (events, error) = Self.events(CountingSource(count: 1_000, failAtEnd: true))
        #expect(events.count == 1_010)
        #expect(error?.message == "cut off")
    }
}
