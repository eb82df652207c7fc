import Foundation
import SessionLintCapture
import SessionLintCore
import SessionLintHTTP

/// HTTP/1 on one connection: a parser per direction, requests queued until their responses
/// arrive (pipelining), each pair turned into an `HTTPTransaction` with its frame numbers.
/// A class: the connection's analyzer holds it in its mode and feeds it every segment, which
/// must not copy its parsers' buffers.
final class HTTP1Session {
    private struct PendingRequest {
        var head: HTTP1RequestHead
        var body: [UInt8]
        var start: MessageStart
    }

    private let info: ConnectionInfo
    let clientDirection: FlowDirection
    private let sink: CaptureSink
    private var requests: HTTP1Parser
    private var responses: HTTP1Parser
    private var waiting: [PendingRequest] = []
    /// A gap on the server side may have swallowed whole responses; the next response is then
    /// paired by time rather than by position.
    private var responsesMayBeLost = false
    private var warnedUndecodableBody = false
    private(set) var isTunnel = false
    /// A `101 Switching Protocols` to h2c (RFC 7540 §3.2): the request that asked for it, which
    /// stream 1 answers, and the server's first HTTP/2 bytes.
    private(set) var http2Upgrade: (request: HTTPRequest, start: MessageStart, serverBytes: [UInt8])?
    /// Both ends as every transaction on this connection names them, spelled once.
    private let clientEndpoint: Endpoint
    private let serverEndpoint: Endpoint
    private let transport: ConnectionTransport

    init(info: ConnectionInfo, clientDirection: FlowDirection, inSync: Bool, sink: CaptureSink, transport: ConnectionTransport = .cleartext) {
        self.info = info
        self.transport = transport
        self.clientDirection = clientDirection
        self.sink = sink
        (clientEndpoint, serverEndpoint) = info.endpoints(clientDirection: clientDirection)
        requests = HTTP1Parser(role: .request, startInSync: inSync, maxHeadBytes: sink.limits.headerBytes)
        responses = HTTP1Parser(role: .response, startInSync: inSync, maxHeadBytes: sink.limits.headerBytes,
                                maxResponseBody: sink.limits.rawBodyBytes)
    }

    func receive(_ bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double) {
        guard !isTunnel else { return }
        if direction == clientDirection {
            handle(requests.feed(bytes, frame: frame, timestamp: timestamp), lastFrame: frame)
        } else {
            handle(responses.feed(bytes, frame: frame, timestamp: timestamp), lastFrame: frame)
        }
    }

    func gap(_ length: Int, direction: FlowDirection) {
        guard !isTunnel else { return }
        let side = direction == clientDirection ? "client" : "server"
        sink.warn("capture gap: \(length) bytes from the \(side) missing on \(info.displayName); HTTP parsing resumed after it", frame: nil)
        if direction == clientDirection {
            handle(requests.gap(length), lastFrame: nil)
        } else {
            responsesMayBeLost = true
            handle(responses.gap(length), lastFrame: nil)
        }
    }

    func end() {
        handle(requests.end(), lastFrame: nil)
        handle(responses.end(), lastFrame: nil)
        for request in waiting { emit(request, response: nil) }
        waiting.removeAll()
        sink.bodiesCut += responses.bodiesCut
    }


    private func handle(_ events: [HTTP1Event], lastFrame: Int?) {
        for event in events {
            switch event {
            case .request(let head, let body, let start):
                waiting.append(PendingRequest(head: head, body: body, start: start))
                responses.expectResponse(to: head.method)
            case .response(let head, let body, let start):
                guard !head.isInterim else { continue }  // 100 Continue and friends: the final response follows
                if head.status == 101, !waiting.isEmpty,
                   head.fields.values("Upgrade").contains(where: { $0.split(separator: ",").contains { $0.trimmingHTTPWhitespace.equalsIgnoringASCIICase("h2c") } }) {
                    // The answer to this request comes as HTTP/2 on stream 1, not as the 101.
                    let request = waiting.removeFirst()
                    http2Upgrade = (httpRequest(request), request.start, [])
                    continue
                }
                let response = HTTPResponse(status: head.status, reason: head.reason, fields: head.fields,
                                            textBody: decodedText(body, of: head, start: start))
                if waiting.isEmpty {
                    // The capture began after the request: keep the response, it may set cookies.
                    emitOrphan(response, start: start)
                    continue
                }
                if responsesMayBeLost {
                    // Without pipelining a client sends its next request only after the previous
                    // response: requests older than the latest one sent before this response
                    // lost their responses in the gap.
                    responsesMayBeLost = false
                    if let latest = waiting.lastIndex(where: { $0.start.timestamp <= start.timestamp }), latest > 0 {
                        for request in waiting.prefix(latest) { emit(request, response: nil) }
                        waiting.removeFirst(latest)
                    }
                }
                emit(waiting.removeFirst(), response: (response, start))
            case .anomaly(let message, let frame):
                sink.warn("\(message) (\(info.displayName))", frame: frame ?? lastFrame)
            case .resynchronised(let skipped):
                if skipped > 0 { sink.warn("skipped \(skipped) bytes that were not HTTP to find the next message (\(info.displayName))", frame: lastFrame) }
            case .tunnel:
                isTunnel = true
                http2Upgrade?.serverBytes = responses.afterTunnel
                for request in waiting { emit(request, response: nil) }
                waiting.removeAll()
            }
        }
    }

    /// The body as text to search: content coding undone, bounded. A coding this build cannot
    /// undo (br, zstd) leaves it unsearched, and says so once per connection.
    private func decodedText(_ body: [UInt8], of head: HTTP1ResponseHead, start: MessageStart) -> [UInt8] {
        guard !body.isEmpty else { return [] }
        let coding = head.fields.first("Content-Encoding")
        if let text = ContentDecoding.decode(body, contentEncoding: coding, limit: sink.limits.bodyBytes) { return text }
        if !warnedUndecodableBody {
            warnedUndecodableBody = true
            sink.warn("a response body with Content-Encoding \"\((coding ?? "").prefix(40))\" could not be decoded, so it was not searched for session values (\(info.displayName))", frame: start.frame)
        }
        return []
    }

    private var scheme: Scheme { transport.scheme }
    private var tlsVersion: String? { transport.tlsVersion }
    private var hostFallback: String { transport.hostFallback(serverAddress: serverEndpoint.address) }

    private func httpRequest(_ request: PendingRequest) -> HTTPRequest {
        HTTPRequest(method: request.head.method, target: request.head.target, host: Self.host(of: request.head, fallback: hostFallback),
                    version: request.head.version, fields: request.head.fields, formBody: request.body)
    }

    private func emit(_ request: PendingRequest, response: (response: HTTPResponse, start: MessageStart)?) {
        sink.transactions.append(HTTPTransaction(
            request: httpRequest(request),
            response: response?.response,
            requestTime: Date(timeIntervalSince1970: request.start.timestamp),
            responseTime: response.map { Date(timeIntervalSince1970: $0.start.timestamp) },
            client: clientEndpoint, server: serverEndpoint,
            scheme: scheme, tlsVersion: tlsVersion,
            provenance: sink.provenance(frame: request.start.frame)))
    }

    private func emitOrphan(_ response: HTTPResponse, start: MessageStart) {
        sink.transactions.append(HTTPTransaction(
            request: HTTPRequest(method: "", target: "", host: hostFallback, version: "", fields: HTTPFields()),
            response: response,
            requestTime: nil, responseTime: Date(timeIntervalSince1970: start.timestamp),
            client: clientEndpoint, server: serverEndpoint,
            scheme: scheme, tlsVersion: tlsVersion,
            provenance: sink.provenance(frame: start.frame)))
    }

    /// The Host header (or the authority of an absolute-form target), lower-cased, without port.
    static func host(of head: HTTP1RequestHead, fallback: String) -> String {
        var authority = head.fields.first("Host") ?? ""
        if authority.isEmpty, let range = head.target.range(of: "://") {
            authority = String(head.target[range.upperBound...].prefix { $0 != "/" && $0 != "?" })
        }
        return hostOfAuthority(authority) ?? fallback
    }
}

/// The host of an authority ("Example.com:8443", "[::1]:80"), lower-cased, without port;
/// nil when empty.
func hostOfAuthority(_ authority: String) -> String? {
    let authority = String(authority.trimmingHTTPWhitespace)
    guard !authority.isEmpty else { return nil }
    if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
        return authority[authority.index(after: authority.startIndex)..<close].asciiLowercased
    }
    if let colon = authority.lastIndex(of: ":"), authority.filter({ $0 == ":" }).count == 1 {
        return authority[..<colon].asciiLowercased
    }
    return authority.asciiLowercased
}

/// How a connection's bytes travelled: in clear, or decrypted from TLS.
enum ConnectionTransport {
    case cleartext
    case tls(version: String?, serverName: String?)

    var scheme: Scheme {
        if case .tls = self { return .https }
        return .http
    }

    var tlsVersion: String? {
        if case .tls(let version, _) = self { return version }
        return nil
    }

    /// Where a request names no host: the TLS server name, else the server's address.
    func hostFallback(serverAddress: String) -> String {
        if case .tls(_, let serverName?) = self, !serverName.isEmpty { return serverName.asciiLowercased }
        return serverAddress
    }
}

extension ConnectionInfo {
    /// "10.0.0.7:51000 ⇄ 10.0.0.1:80", as warnings name a connection.
    var displayName: String {
        "\(endpoint(originatorAddress, originatorPort)) ⇄ \(endpoint(responderAddress, responderPort))"
    }

    /// Both ends as the transactions of this connection name them, once the client is known.
    func endpoints(clientDirection: FlowDirection) -> (client: Endpoint, server: Endpoint) {
        let originator = Endpoint(address: originatorAddress.description, port: originatorPort)
        let responder = Endpoint(address: responderAddress.description, port: responderPort)
        return clientDirection == .fromOriginator ? (originator, responder) : (responder, originator)
    }
}

func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
    address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
}

