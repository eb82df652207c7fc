import Foundation
import SessionLintCore

/// Turns one parsed log line into an HTTPTransaction: the request line, the logged request
/// and response headers, cookies, time, client and scheme.
struct LogTransactionBuilder {
    let inputName: String
    let assumedScheme: Scheme

    func transaction(_ values: [LogField: String], line: Int) -> HTTPTransaction {
        var method = values[.method] ?? ""
        var target = values[.requestTarget] ?? ""
        var version = values[.protocolVersion] ?? ""
        if let request = values[.requestLine], !request.isEmpty {
            let parts = request.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 1, method.isEmpty { method = String(parts[0]) }
            if parts.count >= 2, target.isEmpty { target = String(parts[1]) }
            if parts.count >= 3, version.isEmpty { version = String(parts[parts.count - 1]) }
        }
        if target.isEmpty, let path = values[.path] {
            target = path + (values[.query].map { $0.isEmpty ? "" : ($0.hasPrefix("?") ? $0 : "?" + $0) } ?? "")
        }

        var request = HTTPFields()
        var response = HTTPFields()
        var cookies: [String] = []
        for (field, value) in values where !value.isEmpty {
            switch field {
            case .requestHeader(let name): request.append(name: name, value: value)
            case .responseHeader(let name) where name.equalsIgnoringASCIICase("Set-Cookie"):
                for cookie in Self.splitSetCookie(value) { response.append(name: "Set-Cookie", value: cookie) }
            case .responseHeader(let name): response.append(name: name, value: value)
            case .requestCookie(let name): cookies.append("\(name)=\(value)")
            default: break
            }
        }
        if !cookies.isEmpty, !request.contains("Cookie") { request.append(name: "Cookie", value: cookies.joined(separator: "; ")) }

        let host = (values[.host].flatMap { $0.isEmpty ? nil : $0 } ?? request.first("Host") ?? "").lowercased()
        let hostOnly = host.hasPrefix("[") ? String(host.dropFirst().prefix { $0 != "]" }) : String(host.split(separator: ":").first ?? "")
        let time = Self.time(values)
        let port = values[.serverPort].flatMap { UInt16($0) }
        let client = values[.clientAddress].flatMap { $0.isEmpty ? nil : Endpoint(address: $0) }
        return HTTPTransaction(
            request: HTTPRequest(method: method, target: target, host: hostOnly.isEmpty ? "-" : hostOnly, version: version, fields: request),
            response: HTTPResponse(status: Int(values[.status] ?? "") ?? 0, fields: response),
            requestTime: time, responseTime: time, client: client,
            server: port.map { Endpoint(address: hostOnly.isEmpty ? "-" : hostOnly, port: $0) },
            scheme: scheme(values, port: port),
            provenance: Provenance(input: inputName, location: .line(number: line)))
    }

    /// The scheme as logged ($scheme), else from the port, else the assumption.
    func scheme(_ values: [LogField: String], port: UInt16?) -> Scheme {
        if let logged = values[.scheme]?.lowercased(), let scheme = Scheme(rawValue: logged), scheme != .unknown { return scheme }
        if port == 443 { return .https }
        if port == 80 { return .http }
        return assumedScheme
    }

    /// A logged Set-Cookie field may hold several cookies joined with ", " (Apache joins
    /// repeated headers that way). Split where ", " is followed by a new name=value, which an
    /// Expires date ("Wed, 21 Oct …") never is.
    static func splitSetCookie(_ value: String) -> [String] {
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

    static func time(_ values: [LogField: String]) -> Date? {
        if let local = values[.timeLocal], let date = parseTimeLocal(local) { return date }
        if let iso = values[.timeISO8601], let date = try? Date(iso, strategy: .iso8601) { return date }
        if let epoch = values[.timeEpoch].flatMap(Double.init) { return Date(timeIntervalSince1970: epoch) }
        return nil
    }

    /// `10/Oct/2000:13:55:36 -0700`
    static func parseTimeLocal(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 26 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
        guard let day = number(0..<2), let month = months.firstIndex(of: String(decoding: bytes[3..<6], as: UTF8.self)),
              let year = number(7..<11), let hour = number(12..<14), let minute = number(15..<17), let second = number(18..<20),
              let offsetHours = number(22..<24), let offsetMinutes = number(24..<26) else { return nil }
        let sign = bytes[21] == UInt8(ascii: "-") ? -1 : 1
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month + 1, day)
        (components.hour, components.minute, components.second) = (hour, minute, second)
        components.timeZone = TimeZone(secondsFromGMT: sign * (offsetHours * 3600 + offsetMinutes * 60))
        return Calendar(identifier: .gregorian).date(from: components)
    }
}
