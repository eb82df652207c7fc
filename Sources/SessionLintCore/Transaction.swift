import Foundation

/// How a message travelled. `unknown` is common for access logs, where the scheme is not logged.
public enum Scheme: String, Sendable, Codable, CaseIterable {
    case http, https, unknown
}

/// One side of a connection. HAR files often know only the server; captures know both.
public struct Endpoint: Sendable, Hashable, Codable, CustomStringConvertible {
    public var address: String
    public var port: UInt16?

    @inlinable
    public init(address: String, port: UInt16? = nil) {
        self.address = address
        self.port = port
    }

    public var description: String {
        guard let port else { return address }
        return address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}

public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The request target as sent: origin-form (`/path?query`) or absolute-form.
    public var target: String
    /// The host the request was for (Host header, `:authority`, or the URL), lower-cased, no port.
    public var host: String
    public var version: String
    public var fields: HTTPFields
    /// A form body (urlencoded or multipart), kept up to a bound so logins can be recognised by
    /// their field names; empty otherwise.
    public var formBody: [UInt8]

    @inlinable
    public init(method: String, target: String, host: String, version: String = "HTTP/1.1", fields: HTTPFields, formBody: [UInt8] = []) {
        self.method = method
        self.target = target
        self.host = host
        self.version = version
        self.fields = fields
        self.formBody = formBody
    }

    /// The path part of the target, without query or fragment; "/" when the target has none.
    public var path: String {
        // The common case, an origin-form target: its bytes up to "?" or "#", found in place.
        let originFormEnd: Int? = target.withUTF8Bytes { bytes in
            guard bytes.first == UInt8(ascii: "/") else { return nil }
            return bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
        }
        if let end = originFormEnd {
            return end == target.utf8.count ? target : String(Substring(target.utf8.prefix(end)))
        }
        // Byte-level: asked for every request by several layers, and targets are ASCII.
        var rest = Substring(target)
        if rest.utf8.first != UInt8(ascii: "/"), let schemeEnd = rest.range(of: "://") {  // absolute-form only
            rest = rest[schemeEnd.upperBound...]
            rest = rest.utf8.firstIndex(of: UInt8(ascii: "/")).map { rest[$0...] } ?? "/"
        }
        if let end = rest.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) { rest = rest[..<end] }
        if rest.isEmpty { return "/" }
        return rest.utf8.count == target.utf8.count ? target : String(rest)  // the common case: no copy
    }
}

public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var reason: String
    public var fields: HTTPFields
    /// A textual body (JSON, HTML, JavaScript, XML, plain text), its first `Limits.bodyBytes`
    /// bytes, so a session value echoed into a page or an API answer can be found; empty when
    /// the source does not carry bodies or the body is not text.
    public var textBody: [UInt8]

    @inlinable
    public init(status: Int, reason: String = "", fields: HTTPFields, textBody: [UInt8] = []) {
        self.status = status
        self.reason = reason
        self.fields = fields
        self.textBody = textBody
    }

    /// Whether a body of this media type is text a script or a person reads.
    public static func isTextual(mediaType: String) -> Bool {
        let type = mediaType.asciiLowercased.prefix { $0 != ";" }.trimmingHTTPWhitespace
        return type.hasPrefix("text/") || type.hasSuffix("json") || type.hasSuffix("+json") || type.hasSuffix("xml")
            || type.hasSuffix("javascript") || type == "application/x-www-form-urlencoded"
    }
}

/// One request and, when it was seen, its response: the unit every source produces and every
/// later layer consumes.
public struct HTTPTransaction: Sendable {
    public var request: HTTPRequest
    public var response: HTTPResponse?
    public var requestTime: Date?
    public var responseTime: Date?
    public var client: Endpoint?
    public var server: Endpoint?
    public var scheme: Scheme
    /// The TLS version of a decrypted capture ("TLS 1.3"); nil in clear or where not known.
    public var tlsVersion: String?
    public var provenance: Provenance

    /// Inlinable, as the other messages' initialisers: built out of line, every transaction of
    /// every source was copied once more and the original destroyed.
    @inlinable
    public init(
        request: HTTPRequest, response: HTTPResponse?, requestTime: Date?, responseTime: Date?,
        client: Endpoint?, server: Endpoint?, scheme: Scheme, tlsVersion: String? = nil, provenance: Provenance
    ) {
        self.tlsVersion = tlsVersion
        self.request = request
        self.response = response
        self.requestTime = requestTime
        self.responseTime = responseTime
        self.client = client
        self.server = server
        self.scheme = scheme
        self.provenance = provenance
    }
}
