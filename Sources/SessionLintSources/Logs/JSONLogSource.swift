import Foundation
import SessionLintCore

/// Where a JSON-lines access log keeps each part of a transaction: dotted paths into each
/// line's object. Header objects map a name to a string or a list of strings; a header path
/// that ends in `*` names the keys that start with what comes before it instead, the rest of
/// the key being the header's name (Traefik's flat `request_Cookie`: `request_*`).
public struct JSONLogMapping: Sendable, Equatable {
    public var client: String?
    /// Seconds since the epoch (number) or an ISO 8601 string.
    public var time: String?
    public var method: String?
    public var host: String?
    public var target: String?
    public var version: String?
    public var status: String?
    public var scheme: String?
    /// Present (not null) means the request came over TLS.
    public var tls: String?
    public var requestHeaders: String?
    public var responseHeaders: String?
    /// The keys are nginx variable names (`request`, `http_cookie` …), read as in a text format
    /// (`NginxVariableJSON`); the paths above are then unused.
    public var keysAreNginxVariables = false

    public init(client: String? = nil, time: String? = nil, method: String? = nil, host: String? = nil, target: String? = nil,
                version: String? = nil, status: String? = nil, scheme: String? = nil, tls: String? = nil,
                requestHeaders: String? = nil, responseHeaders: String? = nil) {
        self.client = client
        self.time = time
        self.method = method
        self.host = host
        self.target = target
        self.version = version
        self.status = status
        self.scheme = scheme
        self.tls = tls
        self.requestHeaders = requestHeaders
        self.responseHeaders = responseHeaders
    }

    /// Caddy's access log (`logger: http.log.access`).
    public static let caddy = JSONLogMapping(
        client: "request.client_ip", time: "ts", method: "request.method", host: "request.host", target: "request.uri",
        version: "request.proto", status: "status", tls: "request.tls", requestHeaders: "request.headers",
        responseHeaders: "resp_headers")

    /// Traefik's JSON access log (`accessLog.format: json`): its core fields by their names in
    /// Traefik's logdata.go, headers as flat `request_NAME` and `downstream_NAME` keys, a header's
    /// values joined by ",". Traefik drops headers unless told to keep them.
    public static let traefik = JSONLogMapping(
        client: "ClientHost", time: "StartUTC", method: "RequestMethod", host: "RequestHost", target: "RequestPath",
        version: "RequestProtocol", status: "DownstreamStatus", scheme: "RequestScheme", requestHeaders: "request_*",
        responseHeaders: "downstream_*")

    /// nginx JSON formats whose keys are the variables' names (`"http_cookie":"$http_cookie"`).
    public static let nginxVariables: JSONLogMapping = {
        var mapping = JSONLogMapping()
        mapping.keysAreNginxVariables = true
        return mapping
    }()

    /// The mapping of a named JSON preset.
    public static func preset(named name: String) -> JSONLogMapping? {
        switch name {
        case "caddy": .caddy
        case "traefik": .traefik
        case "nginx-json": .nginxVariables
        default: nil
        }
    }

    public static let keys = ["client", "time", "method", "host", "target", "version", "status", "scheme", "tls", "request-headers", "response-headers"]

    public mutating func set(_ key: String, _ path: String) {
        switch key {
        case "client": client = path
        case "time": time = path
        case "method": method = path
        case "host": host = path
        case "target": target = path
        case "version": version = path
        case "status": status = path
        case "scheme": scheme = path
        case "tls": tls = path
        case "request-headers": requestHeaders = path
        case "response-headers": responseHeaders = path
        default: break
        }
    }
}

/// Reads JSON-lines access logs (Caddy, or any with a field mapping). Text before the first "{"
/// on a line (a docker-compose "caddy  | " prefix) is ignored; lines that are JSON but not
/// access entries (startup messages) are counted and skipped.
public struct JSONLogSource: TransactionSource {
    public let inputName: String
    private let bytes: InputBytes
    private let mapping: JSONLogMapping
    private let assumedScheme: Scheme
    private let limits: Limits

    public init(inputName: String, bytes: InputBytes, mapping: JSONLogMapping, assumedScheme: Scheme, limits: Limits = Limits()) {
        self.inputName = inputName
        self.bytes = bytes
        self.mapping = mapping
        self.assumedScheme = assumedScheme
        self.limits = limits
    }

    public init(inputName: String, data: Data, mapping: JSONLogMapping, assumedScheme: Scheme, limits: Limits = Limits()) {
        self.init(inputName: inputName, bytes: .memory(data), mapping: mapping, assumedScheme: assumedScheme, limits: limits)
    }

    /// Whether the first lines look like JSON access entries of this mapping.
    static func looksLikeJSONLog(_ data: Data, mapping: JSONLogMapping) -> Bool {
        var found = false
        for (_, line, _) in AccessLogSource.lines(of: data.prefix(64 * 1024), limit: 50) where !found {
            guard let object = object(in: line) else { continue }
            found = mapping.keysAreNginxVariables ? NginxVariableJSON.looksLike(object) : value(at: mapping.method ?? "", in: object) != nil
        }
        return found
    }

    /// Whether the data is JSON lines: its first two lines each a whole JSON object (a HAR is
    /// one document, and its first line alone is not one).
    static func looksLikeJSONLines(_ data: Data) -> Bool {
        let lines = AccessLogSource.lines(of: data.prefix(64 * 1024), limit: 3).filter { !$0.bytes.isEmpty && $0.complete }
        return lines.count >= 2 && lines.prefix(2).allSatisfy { $0.bytes.first == UInt8(ascii: "{") && object(in: $0.bytes) != nil }
    }

    public func read(onTransaction: (consuming HTTPTransaction) -> Void, onWarning: (InputWarning) -> Void) throws(InputError) {
        var entries = 0, other = 0, invalid = 0
        var redacted = 0
        var withCookies = 0
        var nginx = NginxVariableJSON(inputName: inputName, assumedScheme: assumedScheme)
        var reader = LineReader(maxLineLength: limits.lineBytes)
        defer { LineReader.report(reader, limits: limits, input: inputName, onWarning) }
        try reader.forEachLine(of: bytes, name: inputName) { number, line, complete in
            guard line.contains(UInt8(ascii: "{")) else { if !line.isEmpty { other += 1 }; return }
            guard let object = Self.object(in: line) else {
                if !complete {
                    onWarning(LineReader.incompleteLastLine(input: inputName, line: number))
                    return
                }
                invalid += 1
                if invalid <= AccessLogSource.reportedBadLines {
                    onWarning(InputWarning(provenance: Provenance(input: inputName, location: .line(number: number)), message: "not valid JSON; skipped"))
                }
                return
            }
            let entry = mapping.keysAreNginxVariables ? nginx.transaction(object, number: number) : transaction(object, line: number, redacted: &redacted)
            guard let transaction = entry else { other += 1; return }
            entries += 1
            if transaction.request.fields.contains("Cookie") || transaction.response?.fields.contains("Set-Cookie") == true { withCookies += 1 }
            onTransaction(transaction)
        }
        if entries == 0 {
            let expected = mapping.keysAreNginxVariables ? "nginx variable names as keys (request or request_method)" : "the field mapping (method at \(mapping.method ?? "?"))"
            throw InputError(file: inputName, message: "no line is a JSON access-log entry with \(expected)")
        }
        if invalid > 0 {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole), message: "\(invalid) lines were not valid JSON and were skipped"))
        }
        if redacted > 0 {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole),
                                   message: "\(redacted) Cookie or Set-Cookie values were redacted by the server (Caddy does so unless `log_credentials` is set, Traefik for headers whose mode is `redact`); they could not be checked"))
        } else if withCookies == 0 {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole),
                                   message: "no entry carries a Cookie or Set-Cookie header, so there is nothing to judge sessions by; log them (Caddy: `log_credentials`; Traefik: "
                                       + "`accessLog.fields.headers.names` with `Cookie: keep` and `Set-Cookie: keep`, as Traefik drops headers by default; nginx: "
                                       + "`\"http_cookie\":\"$http_cookie\"` and `\"sent_http_set_cookie\":\"$sent_http_set_cookie\"`)"))
        }
        if other > 0 {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole), message: "\(other) lines were not access-log entries (other log messages) and were skipped"))
        }
    }

    private func transaction(_ object: [String: Any], line: Int, redacted: inout Int) -> HTTPTransaction? {
        func string(_ path: String?) -> String? {
            guard let path, let value = Self.value(at: path, in: object) else { return nil }
            if let text = value as? String { return text }
            if let number = value as? NSNumber { return number.stringValue }
            return nil
        }
        guard let method = string(mapping.method), !method.isEmpty else { return nil }
        var time: Date?
        if let path = mapping.time, let value = Self.value(at: path, in: object) {
            if let seconds = (value as? NSNumber)?.doubleValue { time = Date(timeIntervalSince1970: seconds) }
            else if let text = value as? String { time = try? Date(text, strategy: .iso8601) }
        }
        var scheme = assumedScheme
        if let logged = string(mapping.scheme).flatMap({ Scheme(rawValue: $0.lowercased()) }), logged != .unknown {
            scheme = logged
        } else if let path = mapping.tls {
            // The mapping names where TLS details live: present means HTTPS, absent means HTTP.
            scheme = Self.value(at: path, in: object).map { $0 is NSNull ? .http : .https } ?? .http
        }
        let host = (string(mapping.host) ?? "").lowercased()
        let hostOnly = host.hasPrefix("[") ? String(host.dropFirst().prefix { $0 != "]" }) : String(host.split(separator: ":").first ?? "")
        return HTTPTransaction(
            request: HTTPRequest(method: method, target: string(mapping.target) ?? "", host: hostOnly.isEmpty ? "-" : hostOnly,
                                 version: string(mapping.version) ?? "", fields: headers(mapping.requestHeaders, object, redacted: &redacted)),
            response: HTTPResponse(status: Int(string(mapping.status) ?? "") ?? 0, fields: headers(mapping.responseHeaders, object, redacted: &redacted)),
            requestTime: time, responseTime: time,
            client: string(mapping.client).flatMap { $0.isEmpty ? nil : Endpoint(address: $0) }, server: nil,
            scheme: scheme, provenance: Provenance(input: inputName, location: .line(number: line)))
    }

    private func headers(_ path: String?, _ object: [String: Any], redacted: inout Int) -> HTTPFields {
        var fields = HTTPFields()
        guard let path else { return fields }
        for (name, value) in Self.headerValues(at: path, in: object) {
            let values: [String] = (value as? [Any])?.compactMap { $0 as? String } ?? (value as? String).map { [$0] } ?? []
            for value in values {
                // A redacted credential is no cookie: leave it out rather than judge "REDACTED".
                if value == "REDACTED", name.equalsIgnoringASCIICase("Cookie") || name.equalsIgnoringASCIICase("Set-Cookie") {
                    redacted += 1
                    continue
                }
                if name.equalsIgnoringASCIICase("Set-Cookie") {
                    // One string may hold several, joined (Traefik joins a header's values with ",").
                    for cookie in LogTransactionBuilder.splitSetCookie(value) { fields.append(name: name, value: cookie) }
                } else {
                    fields.append(name: name, value: value)
                }
            }
        }
        return fields
    }

    /// The headers at `path`, by name in a stable order: an object's members, or for a path
    /// ending in `*` the keys that start with its prefix, less the prefix.
    static func headerValues(at path: String, in object: [String: Any]) -> [(name: String, value: Any)] {
        guard path.hasSuffix("*") else {
            guard let headers = value(at: path, in: object) as? [String: Any] else { return [] }
            return headers.keys.sorted().map { ($0, headers[$0]!) }
        }
        let pattern = path.dropLast()
        let (parentPath, prefix) = pattern.lastIndex(of: ".").map { (String(pattern[..<$0]), String(pattern[pattern.index(after: $0)...])) } ?? ("", String(pattern))
        guard let parent = parentPath.isEmpty ? object : value(at: parentPath, in: object) as? [String: Any] else { return [] }
        return parent.keys.filter { $0.count > prefix.count && $0.hasPrefix(prefix) }.sorted()
            .map { (String($0.dropFirst(prefix.count)), parent[$0]!) }
    }

    static func object<Line: Collection<UInt8>>(in line: Line) -> [String: Any]? {
        guard let brace = line.firstIndex(of: UInt8(ascii: "{")) else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(line[brace...]))) as? [String: Any]
    }

    static func value(at path: String, in object: [String: Any]) -> Any? {
        var current: Any? = object
        for key in path.split(separator: ".") {
            guard let dictionary = current as? [String: Any] else { return nil }
            current = dictionary[String(key)]
        }
        return current
    }
}
