import Foundation
import SessionLintSources

/// The bytes as a HAR file: JSON syntax, the entry structure, header lists, dates, bodies.
enum HARHarness {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        try? HARSource(inputName: "fuzz.har", data: Data(bytes)).read(onTransaction: { _ in }, onWarning: { _ in })
    }
}

/// The bytes as Burp Suite's saved items: the XML reader, base64, the raw messages, Java dates.
enum BurpHarness {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        try? BurpItemsSource(inputName: "fuzz.xml", data: Data(bytes)).read(onTransaction: { _ in }, onWarning: { _ in })
    }

    static func seeds() -> [[UInt8]] {
        let request = Data("POST /login HTTP/1.1\r\nHost: a.example\r\nCookie: sid=1\r\nContent-Length: 3\r\n\r\nu=1".utf8).base64EncodedString()
        let response = "HTTP/1.1 302 Found\nSet-Cookie: sid=2; Path=/; Secure\nLocation: /\n\n"
        let document = """
            <?xml version="1.1"?>
            <!DOCTYPE items [<!ELEMENT items (item*)><!ATTLIST request base64 (true|false) "false">]>
            <items burpVersion="2025.6.5" exportTime="Thu Nov 26 10:31:45 CET 2026">
              <item>
                <time>Thu Nov 26 10:30:05 CET 2026</time>
                <url><![CDATA[https://a.example/login]]></url>
                <host ip="203.0.113.10">a.example</host>
                <port>443</port>
                <protocol>https</protocol>
                <request base64="true"><![CDATA[\(request)]]></request>
                <status>302</status>
                <response base64="false"><![CDATA[\(response)]]></response>
                <comment>&lt;note&gt; &#233;</comment>
              </item>
            </items>
            """
        return [Array(document.utf8)]
    }
}
