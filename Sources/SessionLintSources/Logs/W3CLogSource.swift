import Foundation
import SessionLintCore
import SessionLintHTTP

/// Reads logs in the W3C Extended Log File Format (W3C working draft WD-logfile-960323), which
/// IIS writes by default and Oracle Web Cache and others also write. The log describes itself:
/// a `#Fields:` directive names the fields of the entries after it (and may name them again
/// further down, after a restart), entries separate their fields with spaces, `-` is no value,
/// and `cs(Name)` and `sc(Name)` are request and response headers (IIS logs `cs(Cookie)` when
/// asked to). IIS writes the spaces inside a value as `+` (`Mozilla/5.0+(Windows+NT+10.0…`,
/// `a=1;+b=2`); `#Software: Microsoft Internet Information Services` says so. Times are UTC
/// (GMT) unless a `#GMT-Offset` directive, which Oracle writes, says otherwise.
///
/// Amazon CloudFront's standard logs are W3C logs too (tab-separated, with its own `x-edge-*`
/// fields; Amazon's "Standard logging reference"). CloudFront percent-encodes spaces, `%` and some
/// other characters in its values, so a User-Agent reads `Mozilla/5.0%20(X11;…` and a Cookie
/// header `a=1;%20sid=…` (a `%20` the client sent is logged `%2520`): one layer of that encoding
/// is undone. Its `x-host-header` is the host the client asked for (`cs(Host)` is the
/// distribution's own cloudfront.net name) and `cs-protocol` the scheme.
public struct W3CLogSource: TransactionSource {
    public let inputName: String
    private let bytes: InputBytes
    private let assumedScheme: Scheme
    private let limits: Limits

    /// More fields than this in a `#Fields` directive is not a log: the directive is refused.
    static let maximumFields = 128

    public init(inputName: String, bytes: InputBytes, assumedScheme: Scheme, limits: Limits = Limits()) {
        self.inputName = inputName
        self.bytes = bytes
        self.assumedScheme = assumedScheme
        self.limits = limits
    }

    /// Whether the data starts the way W3C extended logs do: a directive line (`#Version:`,
    /// `#Software:`, `#Fields:` …) before any entry.
    static func looksLikeW3CLog(_ data: Data) -> Bool {
        for (_, line, _) in AccessLogSource.lines(of: data.prefix(64 * 1024), limit: 20) where !line.isEmpty {
            return ["#Version:", "#Software:", "#Fields:", "#Date:", "#Start-Date:", "#Remark:"].contains { line.starts(with: $0.utf8) }
        }
        return false
    }

    public func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
        var layout: W3CFieldLayout?
        var dialect = W3CDialect()
        var entries = 0, bad = 0, withoutFields = 0
        var logsCookies = false, logsSetCookie = false
        var reader = LineReader(maxLineLength: limits.lineBytes)
        var provenanceInput = PerBatchCopy(inputName)
        defer { LineReader.report(reader, limits: limits, input: inputName, onWarning) }
        try reader.forEachLine(of: bytes, name: inputName) { number, line, complete in
            let place = Provenance(input: provenanceInput.next(), location: .line(number: number))
            if line.first == UInt8(ascii: "#") {
                let directive = String(decoding: line, as: UTF8.self)
                if let names = Self.directiveValue(directive, "#Fields:") {
                    let fields = names.split(whereSeparator: \.isWhitespace).map(String.init)
                    if fields.isEmpty || fields.count > Self.maximumFields {
                        layout = nil
                        onWarning(InputWarning(provenance: place, message: "a #Fields directive with \(fields.count) fields; the entries after it are skipped until the next"))
                    } else {
                        layout = W3CFieldLayout(fields)
                        logsCookies = logsCookies || fields.contains { $0.equalsIgnoringASCIICase("cs(Cookie)") }
                        logsSetCookie = logsSetCookie || fields.contains { $0.equalsIgnoringASCIICase("sc(Set-Cookie)") }
                    }
                } else {
                    dialect.read(directive)
                }
                return
            }
            guard !line.isEmpty else { return }
            guard let layout else { withoutFields += 1; return }
            guard complete else {
                onWarning(LineReader.incompleteLastLine(input: inputName, line: number))
                return
            }
            let values = Self.values(of: line)
            guard values.count == layout.count, let transaction = layout.transaction(values, dialect: dialect, assumedScheme: assumedScheme, provenance: place) else {
                bad += 1
                if bad <= AccessLogSource.reportedBadLines {
                    onWarning(InputWarning(provenance: place, message: "\(values.count) fields where #Fields names \(layout.count), or no method; skipped"))
                }
                return
            }
            entries += 1
            onTransaction(transaction)
        }
        if entries == 0 {
            let why = withoutFields > 0 ? "its entries come before any #Fields directive" : "it has no entry that fits its #Fields directive"
            throw InputError(file: inputName, message: "a W3C extended log, but \(why)")
        }
        if !logsSetCookie {
            let cookies = logsCookies ? "only the cookies clients sent (cs(Cookie))" : "no cookies at all; switch on the Cookie field (cs(Cookie))"
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole),
                                   message: "the log records no Set-Cookie header (sc(Set-Cookie), which neither IIS's nor CloudFront's fields include), so cookie attributes cannot be checked; it holds \(cookies)"))
        }
        if bad > 0 {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole), message: "\(bad) entries did not fit their #Fields directive and were skipped"))
        }
        if withoutFields > 0 {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole), message: "\(withoutFields) entries came before any #Fields directive and were skipped"))
        }
    }

    private static func directiveValue(_ line: String, _ name: String) -> Substring? {
        line.hasPrefix(name) ? line.dropFirst(name.count) : nil
    }

    /// An entry's fields: separated by runs of spaces or tabs; a field that starts with `"` runs
    /// to the next lone `"` (a doubled one is a quote inside), which Oracle Web Cache writes.
    static func values(of line: some Collection<UInt8>) -> [String] {
        let bytes = Array(line)
        var values: [String] = []
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        while index < bytes.count {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            if bytes[index] == UInt8(ascii: "\"") {
                var value: [UInt8] = []
                index += 1
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") { value.append(bytes[index]); index += 2; continue }
                        index += 1
                        break
                    }
                    value.append(bytes[index])
                    index += 1
                }
                values.append(String(decoding: value, as: UTF8.self))
            } else {
                let start = index
                while index < bytes.count, !isSpace(bytes[index]) { index += 1 }
                values.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }
        return values
    }
}

/// What the directives other than `#Fields` say about the entries.
struct W3CDialect {
    /// IIS writes spaces inside values as "+".
    var plusForSpace = false
    /// Seconds to add to a logged time to get UTC (`#GMT-Offset: -0800` adds eight hours).
    var secondsToUTC = 0

    mutating func read(_ directive: String) {
        if directive.hasPrefix("#Software:"), directive.contains("Microsoft Internet Information Services") { plusForSpace = true }
        if directive.hasPrefix("#GMT-Offset:") {
            let offset = directive.dropFirst("#GMT-Offset:".count).trimmingCharacters(in: .whitespaces)
            let digits = offset.dropFirst()
            guard offset.count == 5, let sign = offset.first, sign == "+" || sign == "-", Array(digits.utf8).isASCIIDecimal,
                  let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)) else { return }
            secondsToUTC = (sign == "-" ? 1 : -1) * (hours * 3600 + minutes * 60)
        }
    }
}

/// Where each part of a transaction sits among a `#Fields` directive's fields.
struct W3CFieldLayout {
    let count: Int
    private var date, time, client, method, uriStem, uriQuery, uri, status, version, host, port: Int?
    /// CloudFront's: the host the client asked for, the scheme (`http`, `https`, `ws`, `wss`), the
    /// protocol version (`HTTP/2.0`), and the viewer behind a proxy.
    private var hostHeader, protocolName, protocolVersion, forwardedFor: Int?
    /// Values are percent-encoded once more than the client sent them (CloudFront's `x-edge-*`
    /// fields say the log is CloudFront's).
    private var percentEncoded = false
    /// `cs(Name)` and `sc(Name)` fields: position and header name.
    private var requestHeaders: [(position: Int, name: String)] = []
    private var responseHeaders: [(position: Int, name: String)] = []

    init(_ fields: [String]) {
        count = fields.count
        for (position, field) in fields.enumerated() {
            switch field.lowercased() {
            case "date": date = position
            case "time": time = position
            case "c-ip": client = position
            case "cs-method": method = position
            case "cs-uri-stem": uriStem = position
            case "cs-uri-query": uriQuery = position
            case "cs-uri": uri = position
            case "sc-status": status = position
            case "cs-version": version = position
            case "cs-host": host = position
            case "s-port": port = position
            case "x-host-header": hostHeader = position
            case "cs-protocol": protocolName = position
            case "cs-protocol-version": protocolVersion = position
            case "x-forwarded-for": forwardedFor = position
            case let name where name.hasPrefix("x-edge-"): percentEncoded = true
            default:
                if let name = Self.headerName(field, prefix: "cs(") { requestHeaders.append((position, name)) }
                else if let name = Self.headerName(field, prefix: "sc(") { responseHeaders.append((position, name)) }
            }
        }
    }

    /// `cs(User-Agent)` → `User-Agent`; Oracle's `cs(Referrer)` is the Referer header.
    private static func headerName(_ field: String, prefix: String) -> String? {
        guard field.lowercased().hasPrefix(prefix), field.hasSuffix(")"), field.count > prefix.count + 1 else { return nil }
        let name = String(field.dropFirst(prefix.count).dropLast())
        return name.equalsIgnoringASCIICase("Referrer") ? "Referer" : name
    }

    func transaction(_ values: [String], dialect: W3CDialect, assumedScheme: Scheme, provenance: Provenance) -> HTTPTransaction? {
        func value(_ position: Int?) -> String? {
            guard let position, values[position] != "-", !values[position].isEmpty else { return nil }
            return percentEncoded ? Self.percentDecoded(values[position]) : values[position]
        }
        guard let method = value(method) else { return nil }
        var target = value(uri) ?? value(uriStem) ?? "/"
        if uri == nil, let query = value(uriQuery) { target += "?" + query }
        var request = HTTPFields(), response = HTTPFields()
        for header in requestHeaders {
            guard let text = value(header.position) else { continue }
            request.append(name: header.name, value: Self.unplussed(text, header: header.name, dialect: dialect))
        }
        for header in responseHeaders {
            guard let text = value(header.position) else { continue }
            let unplussed = Self.unplussed(text, header: header.name, dialect: dialect)
            if header.name.equalsIgnoringASCIICase("Set-Cookie") {
                for cookie in LogTransactionBuilder.splitSetCookie(unplussed) { response.append(name: "Set-Cookie", value: cookie) }
            } else {
                response.append(name: header.name, value: unplussed)
            }
        }
        if let forwarded = value(forwardedFor), !request.contains("X-Forwarded-For") { request.append(name: "X-Forwarded-For", value: forwarded) }
        let portNumber = value(port).flatMap { UInt16($0) }
        let hostName = LogTransactionBuilder.withoutPort((value(hostHeader) ?? value(host) ?? request.first("Host") ?? "").asciiLowercased)
        let scheme: Scheme = switch value(protocolName)?.lowercased() {
        case "https", "wss": .https
        case "http", "ws": .http
        default: portNumber == 443 ? .https : (portNumber == 80 ? .http : assumedScheme)
        }
        let time = Self.time(date: value(date), time: value(time)).map { $0.addingTimeInterval(TimeInterval(dialect.secondsToUTC)) }
        return HTTPTransaction(
            request: HTTPRequest(method: method, target: target, host: hostName.isEmpty ? "-" : hostName,
                                 version: value(protocolVersion) ?? value(version) ?? "", fields: request),
            response: HTTPResponse(status: value(status).flatMap { Int($0) } ?? 0, fields: response),
            requestTime: time, responseTime: time, client: value(client).map { Endpoint(address: $0) },
            server: portNumber.map { Endpoint(address: hostName.isEmpty ? "-" : hostName, port: $0) },
            scheme: scheme, provenance: provenance)
    }

    /// IIS's "+" for a space, undone where it cannot be a character of the value: everywhere in
    /// a User-Agent or Referer, only after a ";" in a Cookie header (a cookie value may hold "+").
    private static func unplussed(_ text: String, header: String, dialect: W3CDialect) -> String {
        guard dialect.plusForSpace, text.containsBytes("+") else { return text }
        if header.equalsIgnoringASCIICase("Cookie") || header.equalsIgnoringASCIICase("Set-Cookie") {
            return text.replacingOccurrences(of: ";+", with: "; ")
        }
        return text.replacingOccurrences(of: "+", with: " ")
    }

    /// One layer of percent-encoding undone: each `%` and two hex digits is the byte they
    /// name; anything else, a stray `%` included, stays as it is.
    static func percentDecoded(_ text: String) -> String {
        guard text.containsBytes("%") else { return text }
        return text.withUTF8Bytes { bytes in
            var decoded: [UInt8] = []
            decoded.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                   let high = bytes[index + 1].hexDigitValue, let low = bytes[index + 2].hexDigitValue {
                    decoded.append(high << 4 | low)
                    index += 3
                } else {
                    decoded.append(bytes[index])
                    index += 1
                }
            }
            return String(decoding: decoded, as: UTF8.self)
        }
    }

    /// `2001-10-31` and `00:00:18` (or `00:00:18.25`), in UTC.
    static func time(date: String?, time: String?) -> Date? {
        guard let date, let time else { return nil }
        let day = date.split(separator: "-"), clock = time.split(separator: ":")
        guard day.count == 3, clock.count == 3, let year = Int(day[0]), let month = Int(day[1]), let dayOfMonth = Int(day[2]),
              let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Double(clock[2]),
              (1601...9999).contains(year), (1...12).contains(month), (1...31).contains(dayOfMonth), (0..<24).contains(hour), (0..<60).contains(minute), (0..<61).contains(second)
        else { return nil }
        let seconds = CookieDate.secondsSinceEpoch(year: year, month: month, day: dayOfMonth) + hour * 3600 + minute * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds) + second)
    }
}
