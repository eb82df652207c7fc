import Foundation
import SessionLintCore
import SessionLintHTTP

/// Reads Burp Suite's saved items (Proxy history or Target site map → "Save items"): an XML
/// document of `<item>` elements, each with the time, URL, host and its address, port,
/// protocol, and the raw request and response, base64-encoded (Burp's default) or as text.
/// The raw messages are parsed as they were sent (`HTTP1Parser`; Burp writes HTTP/2 messages
/// in the same textual form), so cookies come from the exact Set-Cookie bytes. Burp does not
/// record the client's address: every item is the one browser Burp proxied.
///
/// The XML is read by `BurpXMLReader`, not Foundation's XMLParser: that one traps on names that
/// are not UTF-8 (a mutated file crashed it), and Burp's own files break XML on purpose by
/// keeping NUL bytes in messages saved as text.
public struct BurpItemsSource: TransactionSource {
    public let inputName: String
    private let data: Data
    private let limits: Limits

    public init(inputName: String, data: Data, limits: Limits = Limits()) {
        self.inputName = inputName
        self.data = data
        self.limits = limits
    }

    /// Whether the first bytes are Burp's export: its DTD or its root element.
    static func looksLikeBurpItems(_ prefix: some Collection<UInt8>) -> Bool {
        let text = String(decoding: prefix, as: UTF8.self)
        return text.contains("<!DOCTYPE items [") || text.contains("<items burpVersion")
    }

    public func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
        var items: [BurpItem] = []
        var reader = BurpXMLReader(data)
        let failure = reader.readItems { items.append($0) }
        if let failure, items.isEmpty {
            throw InputError(file: inputName, place: .lineColumn(line: failure.line, column: failure.column),
                             message: "not a readable Burp items file: \(failure.reason)")
        }
        if items.isEmpty {
            throw InputError(file: inputName, message: "a Burp items file without any <item>")
        }
        let dates = JavaDateParser()
        var unknownZones: Set<String> = []
        for item in items {
            let place = Provenance(input: inputName, location: .line(number: item.line))
            switch transaction(item, place: place, dates: dates) {
            case .success(let (transaction, zone)):
                if let zone { unknownZones.insert(zone) }
                onTransaction(transaction)
            case .failure(let reason):
                onWarning(InputWarning(provenance: place, message: "item skipped: \(reason.message)"))
            }
        }
        if let failure {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .line(number: failure.line)),
                                   message: "the XML breaks off here (\(failure.reason)); the \(items.count) item\(items.count == 1 ? "" : "s") before it were read"))
        }
        if !unknownZones.isEmpty {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole),
                                   message: "times in the zone \(unknownZones.sorted().joined(separator: ", ")) were read as UTC: their order is kept, their clock time may be off"))
        }
    }

    private struct Skipped: Error { let message: String }

    private func transaction(_ item: BurpItem, place: Provenance, dates: JavaDateParser) -> Result<(HTTPTransaction, unknownZone: String?), Skipped> {
        guard item.has("request") else { return .failure(Skipped(message: "it holds no request")) }
        guard let requestBytes = item.bytes("request") else { return .failure(Skipped(message: "its request is not valid base64")) }
        var requests = HTTP1Parser(role: .request, maxHeadBytes: limits.headerBytes)
        var parsedRequest: (head: HTTP1RequestHead, body: [UInt8])?
        for case .request(let head, let body, _) in requests.feed(requestBytes[...], frame: 0, timestamp: 0) + requests.end() where parsedRequest == nil {
            parsedRequest = (head, body)
        }
        guard let request = parsedRequest else { return .failure(Skipped(message: "its request is not an HTTP request")) }

        var response: HTTPResponse?
        let responseBytes = item.bytes("response")  // decoded once: a response may be megabytes of base64
        if item.has("response"), responseBytes == nil {
            return .failure(Skipped(message: "its response is not valid base64"))
        }
        if let responseBytes, !responseBytes.isEmpty {
            var responses = HTTP1Parser(role: .response, maxHeadBytes: limits.headerBytes, maxResponseBody: limits.bodyBytes)
            responses.expectResponse(to: request.head.method)
            for case .response(let head, let body, _) in responses.feed(responseBytes[...], frame: 0, timestamp: 0) + responses.end()
            where response == nil && !head.isInterim {
                let text = body.isEmpty ? [] : ContentDecoding.decode(body, contentEncoding: head.fields.first("Content-Encoding"), limit: limits.bodyBytes) ?? []
                response = HTTPResponse(status: head.status, reason: head.reason, fields: head.fields, textBody: text)
            }
        }

        let scheme: Scheme = switch item.text("protocol")?.lowercased() {
        case "https": .https
        case "http": .http
        default: .unknown
        }
        let hostHeader = request.head.fields.first("Host") ?? request.head.fields.first(":authority")
        let host = LogTransactionBuilder.withoutPort((hostHeader ?? item.text("host") ?? "").asciiLowercased)
        let port = item.text("port").flatMap { UInt16($0) }
        let serverAddress = item.attributes["host"]?["ip"].flatMap { $0.isEmpty ? nil : $0 } ?? host
        let (time, unknownZone) = item.text("time").map(dates.date) ?? (nil, nil)
        let transaction = HTTPTransaction(
            request: HTTPRequest(method: request.head.method, target: request.head.target, host: host.isEmpty ? "-" : host,
                                 version: request.head.version, fields: request.head.fields, formBody: request.body),
            response: response, requestTime: time, responseTime: time, client: nil,
            server: Endpoint(address: serverAddress, port: port), scheme: scheme, provenance: place)
        return .success((transaction, unknownZone))
    }
}

/// One `<item>` as Burp wrote it: each child element's content (text and CDATA, entities
/// undone) and attributes.
struct BurpItem {
    var line: Int
    var values: [String: [UInt8]] = [:]
    var attributes: [String: [String: String]] = [:]

    func text(_ name: String) -> String? {
        values[name].map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            .flatMap { $0.isEmpty || $0 == "null" ? nil : $0 }
    }

    /// Whether the element is there with any content.
    func has(_ name: String) -> Bool { !(values[name]?.isEmpty ?? true) }

    /// A raw message: base64 when its `base64` attribute says so, else the bytes as they are.
    func bytes(_ name: String) -> [UInt8]? {
        guard let value = values[name] else { return nil }
        if attributes[name]?["base64"] == "true" {
            return Data(base64Encoded: Data(value.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) })).map { Array($0) }
        }
        return value
    }
}

/// Java's `Date.toString()`, which Burp writes: `Mon Nov 27 10:00:00 UTC 2023`. The zone is an
/// abbreviation; the common ones are known, any other is read as UTC and said.
struct JavaDateParser {
    /// Hours east of UTC.
    private static let zones: [String: Double] = [
        "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "EET": 2, "EEST": 3,
        "MSK": 3, "IST": 5.5, "SGT": 8, "HKT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
        "IDT": 3, "PKT": 5, "ICT": 7, "WIB": 7, "BRT": -3, "ART": -3,
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
    ]

    /// The date, and the zone when it was not known (then read as UTC); nil when it is not a date.
    func date(_ text: String) -> (Date?, unknownZone: String?) {
        let parts = text.split(separator: " ")
        guard parts.count == 6, let month = CookieDate.monthNames.firstIndex(of: String(parts[1])), let day = Int(parts[2]), let year = Int(parts[5]),
              (1...31).contains(day), (1970...9999).contains(year) else { return (nil, nil) }
        let clock = parts[3].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]), (0..<61).contains(clock[2]) else { return (nil, nil) }
        let zone = String(parts[4])
        let offset = Self.zones[zone] ?? Self.offset(zone)
        let seconds = CookieDate.secondsSinceEpoch(year: year, month: month + 1, day: day) + clock[0] * 3600 + clock[1] * 60 + clock[2]
        return (Date(timeIntervalSince1970: TimeInterval(seconds) - (offset ?? 0) * 3600), offset == nil ? zone : nil)
    }

    /// `GMT+05:30`, as Java writes a zone without an abbreviation.
    private static func offset(_ zone: String) -> Double? {
        guard zone.hasPrefix("GMT"), zone.count == 9, let sign = zone.dropFirst(3).first, sign == "+" || sign == "-" else { return nil }
        let digits = zone.dropFirst(4).split(separator: ":").compactMap { Int($0) }
        guard digits.count == 2 else { return nil }
        return (sign == "-" ? -1 : 1) * (Double(digits[0]) + Double(digits[1]) / 60)
    }
}
