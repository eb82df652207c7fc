import Foundation
import SessionLintCore
import SessionLintHTTP

/// Turns one parsed log line into an HTTPTransaction: the request line, the logged request
/// and response headers, cookies, time, client and scheme.
struct LogTransactionBuilder {
    let inputName: String
    /// The name each transaction carries, and the cue to renew `recent` with it: strings shared
    /// between the transactions of one batch only (see `PerBatchCopy`).
    private var provenanceInput: PerBatchCopy
    let assumedScheme: Scheme
    private let fields: [LogField]
    /// Where each field this builder reads sits in a line's values, found once from the format.
    private let positions: FieldPositions
    /// How many request header fields the format logs: the capacity their list starts with.
    private let requestHeaderCount: Int
    /// Strings of recent values, per field position; the request line's three parts come after
    /// the fields.
    private var recent: RecentValues

    init(inputName: String, assumedScheme: Scheme, format: LogFormat) {
        self.inputName = inputName
        provenanceInput = PerBatchCopy(inputName)
        self.assumedScheme = assumedScheme
        self.fields = format.fields
        self.positions = FieldPositions(format.fields)
        requestHeaderCount = format.fields.count { if case .requestHeader = $0 { true } else { false } } + 1  // and Cookie, from cookie fields
        recent = RecentValues(places: format.fields.count + 3)
    }

    /// A transaction from one matched line; `number` is the line's, for provenance.
    mutating func transaction(_ line: MatchedLine, number: Int) -> HTTPTransaction {
        let input = provenanceInput.next()
        if provenanceInput.renewedLast { recent.forget() }
        let values = LineValues(line: line, positions: positions)
        var method = text(of: .method, in: values) ?? ""
        var target = text(of: .requestTarget, in: values) ?? ""
        var version = text(of: .protocolVersion, in: values) ?? ""
        if let request = values.position(of: .requestLine) {
            let requestLinePlace = fields.count
            line.withBytes(request) { bytes in
                let parts = Self.requestLineParts(bytes)
                if let range = parts.method, method.isEmpty { method = recent.text(UnsafeBufferPointer(rebasing: bytes[range]), place: requestLinePlace) }
                if let range = parts.target, target.isEmpty { target = recent.text(UnsafeBufferPointer(rebasing: bytes[range]), place: requestLinePlace + 1) }
                if let range = parts.version, version.isEmpty { version = recent.text(UnsafeBufferPointer(rebasing: bytes[range]), place: requestLinePlace + 2) }
            }
        }
        if target.isEmpty, let path = values[.path] {
            target = path + (values[.query].map { $0.isEmpty ? "" : ($0.hasPrefix("?") ? $0 : "?" + $0) } ?? "")
        }

        var request = HTTPFields(capacity: requestHeaderCount)
        var response = HTTPFields()  // most lines log no response header (a "-"): no list to allocate
        var cookies: [String] = []
        for (position, field) in fields.enumerated() where !line.isEmpty(position) {
            switch field {
            case .requestHeader(let name): request.append(name: name, value: text(line, position))
            case .responseHeader(let name) where name.equalsIgnoringASCIICase("Set-Cookie"):
                for cookie in Self.splitSetCookie(line.string(position)) { response.append(name: "Set-Cookie", value: cookie) }
            case .responseHeader(let name): response.append(name: name, value: text(line, position))
            case .requestCookie(let name): cookies.append("\(name)=\(line.string(position))")
            default: break
            }
        }
        if !cookies.isEmpty, !request.contains("Cookie") { request.append(name: "Cookie", value: cookies.joined(separator: "; ")) }

        let host = Self.withoutPort((text(of: .host, in: values) ?? request.first("Host") ?? "").asciiLowercased)
        let time = Self.time(values)
        let port = values.position(of: .serverPort).flatMap { position in line.withBytes(position) { Self.integer($0).flatMap(UInt16.init(exactly:)) } }
        let status = values.position(of: .status).flatMap { position in line.withBytes(position) { Self.integer($0) } } ?? 0
        let client = text(of: .clientAddress, in: values).map { Endpoint(address: $0) }
        let scheme = scheme(values, port: port)
        let serverName = host.isEmpty ? "-" : host
        let server = port.map { Endpoint(address: serverName, port: $0) }
        let provenance = Provenance(input: input, location: .line(number: number))
        // Assembled from named parts: as one nested expression the transaction was built in a
        // temporary and copied out whole, each string retained and released once more.
        let requestMessage = HTTPRequest(method: method, target: target, host: serverName, version: version, fields: request)
        let responseMessage = HTTPResponse(status: status, fields: response)
        return HTTPTransaction(
            request: requestMessage, response: responseMessage, requestTime: time, responseTime: time,
            client: client, server: server, scheme: scheme, provenance: provenance)
    }

    /// A field's value as text, shared with an earlier line that had the same value.
    private mutating func text(_ line: MatchedLine, _ position: Int) -> String {
        line.withBytes(position) { recent.text($0, place: position) }
    }

    /// The value of a field read by name; nil when the line has none (or only "-").
    private mutating func text(of field: LogField, in values: LineValues) -> String? {
        values.position(of: field).map { text(values.line, $0) }
    }

    /// A decimal number of at most nine digits, as logged statuses and ports are; nil otherwise.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Where a request line's method, target and version lie: its first, second and (of three
    /// or more) last words, split at runs of spaces. Byte-level: the line is ASCII where it
    /// matters, and a split at a space never cuts a character.
    static func requestLineParts(_ bytes: UnsafeBufferPointer<UInt8>) -> (method: Range<Int>?, target: Range<Int>?, version: Range<Int>?) {
        var words: (first: Range<Int>?, second: Range<Int>?, last: Range<Int>?) = (nil, nil, nil)
        var count = 0
        var index = 0
        while index < bytes.count {
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            guard index < bytes.count else { break }
            let start = index
            while index < bytes.count, bytes[index] != 0x20 { index += 1 }
            count += 1
            if count == 1 { words.first = start..<index } else if count == 2 { words.second = start..<index }
            words.last = start..<index
        }
        return (words.first, words.second, count >= 3 ? words.last : nil)
    }

    /// A Host value without its port: `[::1]:8080` → `::1`, `shop.example:443` → `shop.example`.
    static func withoutPort(_ host: String) -> String {
        // Found in place: most hosts have no port, and are handed back as they are.
        let (start, end) = host.withUTF8Bytes { bytes -> (Int, Int) in
            if bytes.first == UInt8(ascii: "[") { return (1, bytes[1...].firstIndex(of: UInt8(ascii: "]")) ?? bytes.count) }
            return (0, bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count)
        }
        if start == 0, end == host.utf8.count { return host }
        return String(Substring(host.utf8.dropFirst(start).prefix(end - start)))
    }

    /// The scheme as logged ($scheme), else from the port, else the assumption.
    func scheme(_ values: LineValues, port: UInt16?) -> Scheme {
        if let position = values.position(of: .scheme) {
            if values.line.withBytes(position, { LogLineParser.equalsIgnoringCase($0, "https") }) { return .https }
            if values.line.withBytes(position, { LogLineParser.equalsIgnoringCase($0, "http") }) { return .http }
        }
        if port == 443 { return .https }
        if port == 80 { return .http }
        return assumedScheme
    }

    /// A logged Set-Cookie field may hold several cookies joined with ", " (Apache joins
    /// repeated headers that way) or "," (Traefik's JSON log). Split where the comma (and its
    /// one space) is followed by a new name=value, which an Expires date ("Wed, 21 Oct …") never is.
    static func splitSetCookie(_ value: String) -> [String] {
        // Byte-level: the separators are ASCII, and Foundation's search cost microseconds a field.
        value.withUTF8Bytes { bytes in
            var pieces: [Range<Int>] = []
            var pieceStart = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: ",") {
                let nameStart = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: " ") ? index + 2 : index + 1
                var nameEnd = nameStart
                while nameEnd < bytes.count, !Self.endsCookieName(bytes[nameEnd]) { nameEnd += 1 }
                if nameEnd > nameStart, nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: "=") {
                    pieces.append(pieceStart..<index)
                    pieceStart = nameStart
                }
            }
            guard !pieces.isEmpty else { return [value] }  // most fields hold one cookie
            pieces.append(pieceStart..<bytes.count)
            return pieces.compactMap { range in
                let piece = Substring(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).trimmingHTTPWhitespace
                return piece.isEmpty ? nil : String(piece)
            }
        }
    }

    private static func endsCookieName(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: ",")
    }

    static func time(_ values: LineValues) -> Date? {
        if values.position(of: .timeLocal) != nil, let date = values.line.timeLocal { return date }
        if let iso = values[.timeISO8601], let date = try? Date(iso, strategy: .iso8601) { return date }
        if let epoch = values[.timeEpoch].flatMap(Double.init) { return Date(timeIntervalSince1970: epoch) }
        return nil
    }

    /// `10/Oct/2000:13:55:36 -0700`, read at fixed positions in the line's bytes (no Calendar,
    /// no copy: this runs for nearly every line, while matching it; see `MatchedLine.timeLocal`).
    static func parseTimeLocal(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count == 26, b[2] == 0x2F, b[6] == 0x2F, b[11] == 0x3A, b[14] == 0x3A, b[17] == 0x3A, b[20] == 0x20,
              b[21] == 0x2B || b[21] == 0x2D else { return nil }
        // Two digits at `index`, or -1: checked arithmetic on bytes, no ranges or optionals.
        func twoDigits(_ index: Int) -> Int {
            let high = b[index] &- 0x30, low = b[index + 1] &- 0x30
            return high < 10 && low < 10 ? Int(high) * 10 + Int(low) : -1
        }
        let day = twoDigits(0), century = twoDigits(7), yearInCentury = twoDigits(9)
        let hour = twoDigits(12), minute = twoDigits(15), second = twoDigits(18)
        let offsetHours = twoDigits(22), offsetMinutes = twoDigits(24)
        guard let month = month(b[3], b[4], b[5]), century >= 0, yearInCentury >= 0, offsetHours >= 0, offsetMinutes >= 0,
              (1...31).contains(day), (0..<24).contains(hour), (0..<60).contains(minute), (0..<61).contains(second) else { return nil }
        let offset = (b[21] == 0x2D ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60)
        let seconds = CookieDate.secondsSinceEpoch(year: century * 100 + yearInCentury, month: month, day: day) + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// 1 for "Jan" … 12 for "Dec", exactly as nginx and Apache write them.
    private static func month(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        switch (a, b, c) {
        case (0x4A, 0x61, 0x6E): 1  // Jan
        case (0x46, 0x65, 0x62): 2  // Feb
        case (0x4D, 0x61, 0x72): 3  // Mar
        case (0x41, 0x70, 0x72): 4  // Apr
        case (0x4D, 0x61, 0x79): 5  // May
        case (0x4A, 0x75, 0x6E): 6  // Jun
        case (0x4A, 0x75, 0x6C): 7  // Jul
        case (0x41, 0x75, 0x67): 8  // Aug
        case (0x53, 0x65, 0x70): 9  // Sep
        case (0x4F, 0x63, 0x74): 10  // Oct
        case (0x4E, 0x6F, 0x76): 11  // Nov
        case (0x44, 0x65, 0x63): 12  // Dec
        default: nil
        }
    }
}

/// The positions in a format's field list of the fields a transaction is built from. When a
/// format names a field twice, the last non-empty value wins.
struct FieldPositions: Sendable {
    private static let slotCount = 14
    /// Every position of each field read by name, in format order (usually one, or none).
    private var positions = [[Int]](repeating: [], count: FieldPositions.slotCount)

    init(_ fields: [LogField]) {
        for (position, field) in fields.enumerated() {
            if let slot = Self.slot(field) { positions[slot].append(position) }
        }
    }

    /// Where in a line's values `field` is: the last non-empty one.
    func position(of field: LogField, isEmpty: (Int) -> Bool) -> Int? {
        guard let slot = Self.slot(field) else { return nil }
        return positions[slot].last { !isEmpty($0) }
    }

    /// The fields read by name; headers and cookies are walked in order instead.
    private static func slot(_ field: LogField) -> Int? {
        switch field {
        case .clientAddress: 0
        case .timeLocal: 1
        case .timeISO8601: 2
        case .timeEpoch: 3
        case .requestLine: 4
        case .method: 5
        case .requestTarget: 6
        case .path: 7
        case .query: 8
        case .scheme: 9
        case .protocolVersion: 10
        case .host: 11
        case .serverPort: 12
        case .status: 13
        case .remoteUser, .requestHeader, .responseHeader, .requestCookie, .ignored: nil
        }
    }
}

/// One line's values, looked up by field.
struct LineValues {
    let line: MatchedLine
    let positions: FieldPositions

    func position(of field: LogField) -> Int? { positions.position(of: field, isEmpty: line.isEmpty) }

    /// The field's value as text; nil when the line has none (or only "-").
    subscript(field: LogField) -> String? { position(of: field).map(line.string) }
}
