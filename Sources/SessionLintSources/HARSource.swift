import Foundation
import SessionLintCore
import SessionLintHTTP

/// Reads a HAR 1.2 file (Chrome, Firefox, mitmproxy, ZAP, Burp exports) into transactions.
/// Cookies come from the raw header values, never from HAR's cookie objects, which have no
/// SameSite and lose attribute spelling.
public struct HARSource: TransactionSource {
    public let inputName: String
    private let data: Data
    private let limits: Limits

    public init(inputName: String, data: Data, limits: Limits = Limits()) {
        self.inputName = inputName
        self.data = data
        self.limits = limits
    }

    public func read(
        onTransaction: (consuming HTTPTransaction) -> Void,
        onWarning: (InputWarning) -> Void
    ) throws(InputError) {
        // mitmproxy and Windows tools write a byte-order mark.
        let bomLength = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var body = data.dropFirst(bomLength)
        if let badByte = firstInvalidUTF8(body) {
            // JSON must be UTF-8; a stray byte in one header should not cost the whole file.
            body = Data(String(decoding: body, as: UTF8.self).utf8)
            onWarning(InputWarning(
                provenance: Provenance(input: inputName, location: .byteOffset(bomLength + badByte)),
                message: "invalid UTF-8 replaced with U+FFFD (first at this byte); values around it may be damaged"))
        }
        let har = try decode(body)
        let entryLines = JSONEntryLocator.entryLines(in: body)
        var census = CookieCensus()
        let dates = HARDateParser()
        var bodiesCut = 0

        for (index, decoded) in har.log.entries.enumerated() {
            let provenance = Provenance(
                input: inputName, location: .harEntry(index: index),
                line: entryLines.count == har.log.entries.count ? entryLines[index] : nil)
            switch decoded {
            case .damaged(let reason):
                onWarning(InputWarning(provenance: provenance, message: "entry skipped: \(reason)"))
            case .entry(let entry):
                guard let transaction = transaction(from: entry, provenance: provenance, dates: dates, bodiesCut: &bodiesCut, onWarning: onWarning) else {
                    continue
                }
                census.count(entry)
                onTransaction(transaction)
            }
        }
        if bodiesCut > 0 {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole), message:
                "\(bodiesCut) response bod\(bodiesCut == 1 ? "y was" : "ies were") longer than \(limits.describe("body-bytes")); only the beginning was searched for session values"))
        }
        for message in census.warnings(creator: har.log.creator?.name) {
            onWarning(InputWarning(provenance: Provenance(input: inputName, location: .whole), message: message))
        }
    }

    // MARK: - Decoding

    private func decode(_ body: Data) throws(InputError) -> HARFile {
        do {
            return try JSONDecoder().decode(HARFile.self, from: body)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw JSONSyntaxLocator.error(in: body, file: inputName)
            }
            throw InputError(file: inputName, place: .whole, message: "not a HAR file: \(describe(error))")
        } catch {
            throw InputError(file: inputName, message: "not a HAR file: \(error)")
        }
    }

    private func transaction(
        from entry: HARFile.Entry, provenance: Provenance, dates: HARDateParser, bodiesCut: inout Int,
        onWarning: (InputWarning) -> Void
    ) -> HTTPTransaction? {
        guard let url = URLComponents(string: entry.request.url) ?? URLComponents(string: percentEscapedSpaces(entry.request.url)),
              let host = url.host, !host.isEmpty else {
            onWarning(InputWarning(provenance: provenance, message: "entry skipped: request URL has no host"))
            return nil
        }
        let scheme: Scheme = switch url.scheme?.lowercased() {
        case "https", "wss": .https
        case "http", "ws": .http
        default: .unknown
        }
        var target = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
        if let query = url.percentEncodedQuery { target += "?" + query }

        let request = HTTPRequest(
            method: entry.request.method, target: target, host: host.lowercased().trimmingCharacters(in: ["[", "]"]),
            version: entry.request.httpVersion ?? "", fields: fields(entry.request.headers), formBody: formBody(entry.request.postData))

        // Status 0 is how Chrome and Firefox mark a request that never got a response.
        var response: HTTPResponse?
        if let harResponse = entry.response, harResponse.status.value > 0 {
            let (body, cut) = textBody(harResponse.content)
            if cut { bodiesCut += 1 }
            response = HTTPResponse(status: Int(harResponse.status.value), reason: harResponse.statusText ?? "",
                                    fields: fields(harResponse.headers), textBody: body)
        }

        let started = entry.startedDateTime.flatMap(dates.parse)
        if entry.startedDateTime != nil, started == nil {
            onWarning(InputWarning(provenance: provenance, message: "startedDateTime is not an ISO 8601 date; the entry has no time"))
        }
        let elapsed = entry.time.map { max(0, $0.value) / 1000 } ?? 0
        return HTTPTransaction(
            request: request, response: response,
            requestTime: started, responseTime: response == nil ? nil : started.map { $0.addingTimeInterval(elapsed) },
            client: nil,
            server: entry.serverIPAddress.flatMap { $0.isEmpty ? nil : Endpoint(address: $0.trimmingCharacters(in: ["[", "]"]), port: url.port.map(UInt16.init)) },
            scheme: scheme, provenance: provenance)
    }

    /// Header fields in order. Firefox writes several Set-Cookie headers as one value joined by
    /// newlines; they are split back so each cookie is judged on its own.
    /// The start of a textual body (at most `limits.bodyBytes`), and whether it was longer;
    /// base64 content is decoded only for a textual media type.
    private func textBody(_ content: HARFile.Content?) -> (bytes: [UInt8], cut: Bool) {
        guard let content, let text = content.text, !text.isEmpty,
              HTTPResponse.isTextual(mediaType: content.mimeType ?? "") else { return ([], false) }
        if content.encoding?.lowercased() == "base64" {
            // Decode no more than the kept bound: whole 4-character groups, line breaks dropped.
            let needed = (min(limits.bodyBytes, Int.max / 2) / 3 + 1) * 4
            var encoded = String(text.utf8.lazy.filter { $0 > 0x20 }.prefix(needed).map { Character(UnicodeScalar($0)) })
            encoded.removeLast(encoded.count % 4)
            let decoded = Data(base64Encoded: encoded).map { Array($0) } ?? []
            let longer = decoded.count > limits.bodyBytes || text.utf8.lazy.filter({ $0 > 0x20 }).count > needed
            return (Array(decoded.prefix(limits.bodyBytes)), longer)
        }
        return (Array(text.utf8.prefix(limits.bodyBytes)), text.utf8.count > limits.bodyBytes)
    }

    /// A form body, as the capture path keeps one (urlencoded or multipart, at most
    /// HTTP1Parser.maxFormBody bytes), so logins are recognised by their fields in HARs too.
    private func formBody(_ postData: HARFile.PostData?) -> [UInt8] {
        guard let postData, let text = postData.text, let type = postData.mimeType?.lowercased(),
              type.contains("application/x-www-form-urlencoded") || type.contains("multipart/form-data") else { return [] }
        return Array(text.utf8.prefix(HTTP1Parser.maxFormBody))
    }

    private func fields(_ headers: [HARFile.Header]?) -> HTTPFields {
        var fields = HTTPFields()
        for header in headers ?? [] {
            if header.name.equalsIgnoringASCIICase("set-cookie"), header.value.contains("\n") {
                // "\r\n" is one Character in Swift, so split on both.
                for line in header.value.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                    fields.append(name: header.name, value: String(line))
                }
            } else {
                fields.append(name: header.name, value: header.value)
            }
        }
        return fields
    }

    private func percentEscapedSpaces(_ url: String) -> String {
        url.replacingOccurrences(of: " ", with: "%20")
    }
}

/// The offset of the first byte that is not valid UTF-8, or nil when all of it is.
func firstInvalidUTF8(_ data: Data) -> Int? {
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int? in
        var iterator = raw.makeIterator()
        var decoder = UTF8()
        var scalarStart = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalarStart += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return scalarStart
            }
        }
    }
}

/// Counts cookie headers against HAR cookie objects, to tell a site that sets no cookies from an
/// export that stripped them (Chrome's default "sanitized" export drops Cookie and Set-Cookie).
struct CookieCensus {
    private(set) var entries = 0
    private(set) var cookieHeaders = 0
    private(set) var setCookieHeaders = 0
    private(set) var requestsWithObjectsButNoHeader = 0
    private(set) var responsesWithObjectsButNoHeader = 0

    mutating func count(_ entry: HARFile.Entry) {
        entries += 1
        let requestHeaders = entry.request.headers ?? []
        let hasCookie = requestHeaders.contains { $0.name.equalsIgnoringASCIICase("cookie") }
        if hasCookie { cookieHeaders += 1 }
        if !hasCookie, !(entry.request.cookies ?? []).isEmpty { requestsWithObjectsButNoHeader += 1 }

        let responseHeaders = entry.response?.headers ?? []
        let hasSetCookie = responseHeaders.contains { $0.name.equalsIgnoringASCIICase("set-cookie") }
        if hasSetCookie { setCookieHeaders += 1 }
        if !hasSetCookie, !(entry.response?.cookies ?? []).isEmpty { responsesWithObjectsButNoHeader += 1 }
    }

    func warnings(creator: String?) -> [String] {
        var warnings: [String] = []
        let exporter = creator.map { " (written by \($0))" } ?? ""
        if entries > 0, cookieHeaders == 0, setCookieHeaders == 0 {
            let stripped = requestsWithObjectsButNoHeader + responsesWithObjectsButNoHeader > 0
            warnings.append(
                (stripped
                    ? "cookie headers were stripped from this HAR on export\(exporter): entries list cookies but carry no Cookie or Set-Cookie header"
                    : "no Cookie or Set-Cookie header in any of \(entries) entries\(exporter): either the site set no cookies or the exporter stripped them")
                    + "; this is not a clean result. Chrome strips them by default: export with \"Export HAR (with sensitive data)\"")
        } else if responsesWithObjectsButNoHeader > 0 {
            warnings.append("\(responsesWithObjectsButNoHeader) responses list cookies but have no Set-Cookie header (stripped on export\(exporter)); their cookies' attributes could not be checked")
        }
        return warnings
    }
}

