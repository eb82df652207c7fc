import Foundation
import Testing
@testable import SessionLintHTTP

/// Expected instants were computed independently with Python's calendar.timegm.
struct CookieDateTests {
    @Test(arguments: [
        ("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_480.0),            // IMF-fixdate
        ("Wednesday, 21-Oct-15 07:28:00 GMT", 1_445_412_480.0),        // RFC 850, two-digit year
        ("Wed Oct 21 07:28:00 2015", 1_445_412_480.0),                 // asctime
        ("Wed, 21-Oct-2015 07:28:00 GMT", 1_445_412_480.0),            // Netscape, as PHP and Java write it
        ("21 Oct 2015 07:28:00", 1_445_412_480.0),                     // no weekday, no zone
        ("Thu, 01 Jan 1970 00:00:01 GMT", 1.0),
        ("Sun, 14-Jan-2018 21:21:10 GMT", 1_515_964_870.0),            // from the LinkedIn HAR in the corpus
        ("Fri, 31 Dec 99 23:59:59 GMT", 946_684_799.0),                // 70–99 → 19xx
        ("Tue, 01 Jan 69 00:00:00 GMT", 3_124_224_000.0),              // 00–69 → 20xx
        ("Tue, 29 Feb 2000 12:00:00 GMT", 951_825_600.0),              // leap day of a 400-year
        ("Mon, 01 Jan 1601 00:00:00 GMT", -11_644_473_600.0),          // earliest year allowed
        ("  wed, 21 OCTOBER 2015 07:28:00 gmt  ", 1_445_412_480.0),    // case and month name length
    ])
    func parsesRealWorldForms(text: String, epoch: Double) {
        #expect(CookieDate.parse(text) == Date(timeIntervalSince1970: epoch))
    }

    @Test(arguments: [
        "next tuesday",
        "Wed, 21 Oct 2015",                 // no time
        "Wed, 32 Oct 2015 07:28:00 GMT",    // day out of range
        "Wed, 21 Oct 1600 07:28:00 GMT",    // before 1601
        "Wed, 21 Oct 2015 24:00:00 GMT",    // hour 24
        "Wed, 21 Oct 2015 07:60:00 GMT",    // minute 60
        "Fri, 30 Feb 2024 07:28:00 GMT",    // no such day
        "Wed, 21 Foo 2015 07:28:00 GMT",    // no month
        "",
        "0",
    ])
    func rejectsWhatBrowsersIgnore(text: String) {
        #expect(CookieDate.parse(text) == nil)
    }

    @Test func recognisesOnlyExactIMFFixdate() {
        #expect(CookieDate.isIMFFixdate("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(!CookieDate.isIMFFixdate("Sunday, 06-Nov-94 08:49:37 GMT"))
        #expect(!CookieDate.isIMFFixdate("Sun, 06-Nov-1994 08:49:37 GMT"))
        #expect(!CookieDate.isIMFFixdate("Sun Nov  6 08:49:37 1994"))
        #expect(!CookieDate.isIMFFixdate("sun, 06 Nov 1994 08:49:37 GMT"))
    }

    @Test func formatsIMFFixdateRoundTrip() throws {
        for epoch in [0.0, 1_445_412_480, 951_825_600, 1_796_917_832] {
            let text = CookieDate.imfFixdate(Date(timeIntervalSince1970: epoch))
            #expect(CookieDate.isIMFFixdate(text), "\(text)")
            #expect(CookieDate.parse(text) == Date(timeIntervalSince1970: epoch))
        }
        #expect(CookieDate.imfFixdate(Date(timeIntervalSince1970: 1_445_412_480)) == "Wed, 21 Oct 2015 07:28:00 GMT")
        #expect(CookieDate.imfFixdate(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }
}
