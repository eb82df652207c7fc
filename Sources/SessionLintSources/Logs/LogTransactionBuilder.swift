import Foundation
import SessionLintCore
import SessionLintHTTP

/// Turns one parsed log line into an HTTPTransaction: the request line, the logged request
/// and response headers, cookies, time, client and scheme.
struct LogTransactionBuilder {
    let inputName: String
    let assumedScheme: Scheme
    private let fields: [LogField]
    /// Where each field this builder reads sits in a line's values, found once from the format.
    private let positions: FieldPositions

    init(inputName: String, assumedScheme: Scheme, format: LogFormat) {
        self.inputName = inputName
        self.assumedScheme = assumedScheme
        self.fields = format.fields
        self.positions = FieldPositions(format.fields)
    }

    /// A transaction from one matched line; `number` is the line's, for provenance.
    func transaction(_ line: MatchedLine, number: Int) -> HTTPTransaction {
        let values = LineValues(line: line, positions: positions)
        var method = values[.method] ?? ""
        var target = values[.requestTarget] ?? ""
        var version = values[.protocolVersion] ?? ""
        if let request = values.position(of: .requestLine) {
            line.withBytes(request) { bytes in
                let parts = Self.requestLineParts(bytes)
                if let range = parts.method, method.isEmpty { method = Self.text(bytes, range) }
                if let range = parts.target, target.isEmpty { target = Self.text(bytes, range) }
                if let range = parts.version, version.isEmpty { version = Self.text(bytes, range) }
            }
        }
        if target.isEmpty, let path = values[.path] {
            target = path + (values[.query].map { $0.isEmpty ? "" : ($0.hasPrefix("?") ? $0 : "?" + $0) } ?? "")
        }

        var request = HTTPFields()
        var response = HTTPFields()
        var cookies: [String] = []
        for (position, field) in fields.enumerated() where !line.isEmpty(position) {
            switch field {
            case .requestHeader(let name): request.append(name: name, value: line.string(position))
            case .responseHeader(let name) where name.equalsIgnoringASCIICase("Set-Cookie"):
                for cookie in Self.splitSetCookie(line.string(position)) { response.append(name: "Set-Cookie", value: cookie) }
            case .responseHeader(let name): response.append(name: name, value: line.string(position))
            case .requestCookie(let name): cookies.append("\(name)=\(line.string(position))")
            default: break
            }
        }
        if !cookies.isEmpty, !request.contains("Cookie") { request.append(name: "Cookie", value: cookies.joined(separator: "; ")) }

        let host = Self.withoutPort((values[.host] ?? request.first("Host") ?? "").asciiLowercased)
        let time = Self.time(values)
        let port = values.position(of: .serverPort).flatMap { position in line.withBytes(position) { Self.integer($0).flatMap(UInt16.init(exactly:)) } }
        let status = values.position(of: .status).flatMap { position in line.withBytes(position) { Self.integer($0) } } ?? 0
        let client = values[.clientAddress].map { Endpoint(address: $0) }
        return HTTPTransaction(
            request: HTTPRequest(method: method, target: target, host: host.isEmpty ? "-" : host, version: version, fields: request),
            response: HTTPResponse(status: status, fields: response),
            requestTime: time, responseTime: time, client: client,
            server: port.map { Endpoint(address: host.isEmpty ? "-" : host, port: $0) },
            scheme: scheme(values, port: port),
            provenance: Provenance(input: inputName, location: .line(number: number)))
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
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
        let bytes = host.utf8
        if bytes.first == UInt8(ascii: "[") {
            let inner = host.utf8.dropFirst()
            let end = inner.firstIndex(of: UInt8(ascii: "]")) ?? inner.endIndex
            return String(host[inner.startIndex..<end])
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return host }
        return String(host[..<colon])
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
    /// repeated headers that way). Split where ", " is followed by a new name=value, which an
    /// Expires date ("Wed, 21 Oct …") never is.
    static func splitSetCookie(_ value: String) -> [String] {
        // Most fields hold one cookie: skip the search when there is no ", " at all.
        let bytes = value.utf8
        guard zip(bytes, bytes.dropFirst()).contains(where: { $0 == 0x2C && $1 == 0x20 }) else { return [value] }
        var parts: [String] = []
        var pieceStart = value.startIndex
        var searchFrom = value.startIndex
        while let range = value.range(of: ", ", range: searchFrom..<value.endIndex) {
            let rest = value[range.upperBound...]
            let name = rest.prefix { $0 != "=" && $0 != ";" && $0 != " " && $0 != "," }
            if !name.isEmpty, rest.dropFirst(name.count).first == "=" {
                parts.append(String(value[pieceStart..<range.lowerBound]))
                pieceStart = range.upperBound
            }
            searchFrom = range.upperBound
        }
        parts.append(String(value[pieceStart...]))
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func time(_ values: LineValues) -> Date? {
        if let local = values.position(of: .timeLocal), let date = values.line.withBytes(local, { parseTimeLocal(bytes: $0) }) { return date }
        if let iso = values[.timeISO8601], let date = try? Date(iso, strategy: .iso8601) { return date }
        if let epoch = values[.timeEpoch].flatMap(Double.init) { return Date(timeIntervalSince1970: epoch) }
        return nil
    }

    /// `10/Oct/2000:13:55:36 -0700`, read at fixed positions in the line's bytes (no Calendar,
    /// no copy: this runs twice for every line, to recognise the format and to date the
    /// transaction).
    static func parseTimeLocal(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count == 26, b[2] == 0x2F, b[6] == 0x2F, b[11] == 0x3A, b[14] == 0x3A, b[17] == 0x3A, b[20] == 0x20 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard b[index] >= 0x30, b[index] <= 0x39 else { return nil }
                value = value * 10 + Int(b[index] - 0x30)
            }
            return value
        }
        guard let day = number(0..<2), let month = month(b[3], b[4], b[5]), let year = number(7..<11),
              let hour = number(12..<14), let minute = number(15..<17), let second = number(18..<20),
              let offsetHours = number(22..<24), let offsetMinutes = number(24..<26),
              b[21] == 0x2B || b[21] == 0x2D, (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let offset = (b[21] == 0x2D ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60)
        let seconds = CookieDate.secondsSinceEpoch(year: year, month: month, day: day) + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// 1 for "Jan" … 12 for "Dec", exactly as nginx and Apache write them.
    private static func month(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        let name = UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c)
        return monthNames.firstIndex(of: name).map { $0 + 1 }
    }

    private static let monthNames: [UInt32] = months.map { name in
        name.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
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
