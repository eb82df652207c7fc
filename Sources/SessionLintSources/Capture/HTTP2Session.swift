import Foundation
import SessionLintCapture
import SessionLintCore
import SessionLintHTTP

/// HTTP/2 on one connection (RFC 9113): frames per direction, header blocks joined from
/// HEADERS or PUSH_PROMISE and their CONTINUATION frames, one HPACK decoder per direction fed
/// every block, and each stream turned into an `HTTPTransaction` when it ends. Pushed streams
/// take their request from the PUSH_PROMISE. A class, like `HTTP1Session`.
final class HTTP2Session {
    private struct Stream {
        /// Stream 1 after an h2c upgrade: the HTTP/1.1 request that asked for it.
        var upgradedRequest: HTTPRequest?
        var request: [(name: String, value: String)]?
        var requestStart: MessageStart?
        var requestBody: [UInt8] = []
        var response: [(name: String, value: String)]?
        var responseStart: MessageStart?
        var responseBody: [UInt8] = []
    }

    /// A header block being joined from its frames (RFC 9113 §6.10).
    private struct PendingBlock {
        var kind: HTTP2Frame.Kind
        var stream: UInt32
        var promisedStream: UInt32?
        var endStream: Bool
        var fragment: [UInt8]
        var start: MessageStart
    }

    private struct Direction {
        var frames: HTTP2FrameReader
        var decoder: HPACKDecoder
        var pending: PendingBlock?
        /// HPACK state or framing is lost: nothing more of this direction can be read.
        var lost = false
    }

    /// Streams kept open at once; past it the oldest is reported without waiting for its end.
    static let maxOpenStreams = 1000

    private let info: ConnectionInfo
    private let sink: CaptureSink
    private let clientDirection: FlowDirection
    private let transport: ConnectionTransport
    private var directions: [Direction]
    private var streams: [UInt32: Stream] = [:]
    private var warnedTruncation = false
    private let clientEndpoint: Endpoint
    private let serverEndpoint: Endpoint

    init(info: ConnectionInfo, clientDirection: FlowDirection, sink: CaptureSink, transport: ConnectionTransport) {
        self.info = info
        self.sink = sink
        self.clientDirection = clientDirection
        self.transport = transport
        let maxFrame = max(1 << 14, min(1 << 20, sink.limits.headerBytes * 4))
        let fromOriginatorIsClient = clientDirection == .fromOriginator
        directions = [
            Direction(frames: HTTP2FrameReader(expectsPreface: fromOriginatorIsClient, maxBufferedFrame: maxFrame),
                      decoder: HPACKDecoder(maxHeaderListSize: sink.limits.headerBytes)),
            Direction(frames: HTTP2FrameReader(expectsPreface: !fromOriginatorIsClient, maxBufferedFrame: maxFrame),
                      decoder: HPACKDecoder(maxHeaderListSize: sink.limits.headerBytes)),
        ]
        (clientEndpoint, serverEndpoint) = info.endpoints(clientDirection: clientDirection)
    }

    /// After `Upgrade: h2c`, stream 1 carries the response to the HTTP/1.1 request that asked
    /// for the switch (RFC 7540 §3.2).
    func adoptUpgradedRequest(_ request: HTTPRequest, start: MessageStart) {
        streams[1, default: Stream()].upgradedRequest = request
        streams[1]?.requestStart = start
    }

    func receive(_ bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double) {
        let side = direction == .fromOriginator ? 0 : 1
        guard !directions[side].lost else { return }
        let start = MessageStart(frame: frame, timestamp: timestamp)
        for event in directions[side].frames.feed(bytes) {
            switch event {
            case .frame(let http2Frame):
                handle(http2Frame, side: side, fromClient: direction == clientDirection, at: start)
            case .skipped(let type, let stream, let length):
                // A DATA frame too large to hold is skipped: the body is searched as far as it got.
                if type == HTTP2Frame.Kind.data.rawValue { continue }
                lose(side, "a frame of type \(type) on stream \(stream) claims \(length) bytes, more than is held", frame: frame)
            }
            if directions[side].lost { break }
        }
    }

    func gap(_ length: Int, direction: FlowDirection) {
        let side = direction == .fromOriginator ? 0 : 1
        guard !directions[side].lost else { return }
        lose(side, "a capture gap of \(length) bytes broke the HTTP/2 frames and header compression from the \(direction == clientDirection ? "client" : "server")", frame: nil)
    }

    func end() {
        for id in streams.keys.sorted() { finish(id) }
    }

    // MARK: - Frames

    private func handle(_ frame: HTTP2Frame, side: Int, fromClient: Bool, at start: MessageStart) {
        if let pending = directions[side].pending {
            // Only CONTINUATION of the same stream may follow an unfinished header block.
            guard frame.kind == .continuation, frame.stream == pending.stream else {
                lose(side, "a header block on stream \(pending.stream) is interrupted by another frame", frame: start.frame)
                return
            }
            directions[side].pending?.fragment += frame.payload
            guard directions[side].pending!.fragment.count <= sink.limits.headerBytes * 4 else {
                lose(side, "a header block on stream \(pending.stream) is larger than \(sink.limits.describe("header-bytes")) allows", frame: start.frame)
                return
            }
            if frame.has(HTTP2Frame.endHeaders) { completeBlock(side: side, fromClient: fromClient) }
            return
        }
        switch frame.kind {
        case .headers, .pushPromise:
            guard var content = frame.content, frame.stream != 0 else {
                lose(side, "a malformed \(frame.kind == .headers ? "HEADERS" : "PUSH_PROMISE") frame on stream \(frame.stream)", frame: start.frame)
                return
            }
            var promised: UInt32?
            if frame.kind == .pushPromise {
                guard content.count >= 4 else { lose(side, "a PUSH_PROMISE without a promised stream", frame: start.frame); return }
                promised = content.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } & 0x7FFF_FFFF
                content = content.dropFirst(4)
            }
            directions[side].pending = PendingBlock(kind: frame.kind!, stream: frame.stream, promisedStream: promised,
                                                    endStream: frame.has(HTTP2Frame.endStream), fragment: Array(content), start: start)
            if frame.has(HTTP2Frame.endHeaders) { completeBlock(side: side, fromClient: fromClient) }
        case .data:
            guard frame.stream != 0, let content = frame.content else { return }
            appendBody(content, stream: frame.stream, fromClient: fromClient)
            if frame.has(HTTP2Frame.endStream), !fromClient { finish(frame.stream) }
        case .resetStream:
            finish(frame.stream)
        case .continuation:
            lose(side, "a CONTINUATION frame without a header block before it", frame: start.frame)
        case .settings, .priority, .ping, .goAway, .windowUpdate, .none:
            break  // nothing about cookies; unknown types are ignored (RFC 9113 §4.1)
        }
    }

    private func completeBlock(side: Int, fromClient: Bool) {
        guard let block = directions[side].pending else { return }
        directions[side].pending = nil
        let decoded: HPACKDecoder.Block
        do {
            decoded = try directions[side].decoder.decode(block.fragment)
        } catch {
            lose(side, "header compression failed on stream \(block.stream) (\(error)); later header blocks cannot be read", frame: block.start.frame)
            return
        }
        if decoded.truncated, !warnedTruncation {
            warnedTruncation = true
            sink.warn("a header list on stream \(block.stream) is larger than \(sink.limits.describe("header-bytes")); the fields past it were left out (\(info.displayName))", frame: block.start.frame)
        }
        if let promised = block.promisedStream {
            // A pushed request: the server sends it, the response follows on the promised stream.
            streams[promised, default: Stream()].request = decoded.fields
            streams[promised]?.requestStart = block.start
            return
        }
        if fromClient {
            if streams[block.stream]?.request == nil {
                streams[block.stream, default: Stream()].request = decoded.fields
                streams[block.stream]?.requestStart = block.start
            }  // else trailers: nothing about cookies
        } else {
            let status = decoded.fields.first { $0.name == ":status" }?.value
            let isInterim = status.map { $0.count == 3 && $0.hasPrefix("1") } ?? false
            if !isInterim, streams[block.stream]?.response == nil {
                streams[block.stream, default: Stream()].response = decoded.fields
                streams[block.stream]?.responseStart = block.start
            }
            if block.endStream { finish(block.stream) }
        }
        if streams.count > Self.maxOpenStreams, let oldest = streams.keys.min() { finish(oldest) }
    }

    private func appendBody(_ content: ArraySlice<UInt8>, stream id: UInt32, fromClient: Bool) {
        guard streams[id] != nil else { return }
        if fromClient {
            let room = sink.limits.bodyBytes - streams[id]!.requestBody.count
            if room > 0 { streams[id]!.requestBody += content.prefix(room) }
        } else {
            let room = sink.limits.rawBodyBytes - streams[id]!.responseBody.count
            if room > 0 { streams[id]!.responseBody += content.prefix(room) }
        }
    }

    private func lose(_ side: Int, _ reason: String, frame: Int?) {
        if !directions[0].lost, !directions[1].lost { sink.http2Damaged += 1 }
        directions[side].lost = true
        directions[side].pending = nil
        sink.warn("HTTP/2: \(reason) (\(info.displayName))", frame: frame)
    }

    // MARK: - Transactions

    private func finish(_ id: UInt32) {
        guard let stream = streams.removeValue(forKey: id) else { return }
        let response = stream.response.map { fields in
            let head = HTTPFields(fields.filter { !$0.name.hasPrefix(":") }.map { ($0.name, $0.value) })
            let status = Int(fields.first { $0.name == ":status" }?.value ?? "") ?? 0
            let body = ContentDecoding.decode(stream.responseBody, contentEncoding: head.first("content-encoding"), limit: sink.limits.bodyBytes) ?? []
            return HTTPResponse(status: status, reason: "", fields: head, textBody: body)
        }
        if let upgraded = stream.upgradedRequest, let requestStart = stream.requestStart {
            emit(upgraded, response: response, requestStart: requestStart, responseStart: stream.responseStart, provenanceFrame: requestStart.frame, scheme: transport.scheme)
            return
        }
        guard let request = stream.request, let requestStart = stream.requestStart else {
            guard let response, let start = stream.responseStart else { return }
            // The capture began after the request: keep the response, it may set cookies.
            emit(HTTPRequest(method: "", target: "", host: transport.hostFallback(serverAddress: serverEndpoint.address), version: "", fields: HTTPFields()),
                 response: response, requestStart: nil, responseStart: start, provenanceFrame: start.frame, scheme: transport.scheme)
            return
        }
        func pseudo(_ name: String) -> String? { request.first { $0.name == name }?.value }
        let authority = pseudo(":authority") ?? request.first { $0.name == "host" }?.value ?? ""
        let scheme: Scheme = if case .tls = transport { .https } else { pseudo(":scheme") == "https" ? .https : .http }
        emit(HTTPRequest(method: pseudo(":method") ?? "", target: pseudo(":path") ?? "",
                         host: hostOfAuthority(authority) ?? transport.hostFallback(serverAddress: serverEndpoint.address),
                         version: "HTTP/2", fields: Self.requestFields(request), formBody: stream.requestBody),
             response: response, requestStart: requestStart, responseStart: stream.responseStart, provenanceFrame: requestStart.frame, scheme: scheme)
    }

    /// The regular fields, with every `cookie` crumb joined into one field by "; " as
    /// RFC 9113 §8.2.3 asks before HTTP/1 semantics apply.
    static func requestFields(_ fields: [(name: String, value: String)]) -> HTTPFields {
        var result = HTTPFields()
        let crumbs = fields.filter { $0.name == "cookie" }.map(\.value)
        var cookieAdded = false
        for field in fields where !field.name.hasPrefix(":") {
            if field.name == "cookie" {
                guard !cookieAdded else { continue }
                cookieAdded = true
                result.append(name: "cookie", value: crumbs.joined(separator: "; "))
            } else {
                result.append(name: field.name, value: field.value)
            }
        }
        return result
    }

    private func emit(_ request: HTTPRequest, response: HTTPResponse?, requestStart: MessageStart?, responseStart: MessageStart?, provenanceFrame: Int, scheme: Scheme) {
        sink.transactions.append(HTTPTransaction(
            request: request, response: response,
            requestTime: requestStart.map { Date(timeIntervalSince1970: $0.timestamp) },
            responseTime: responseStart.map { Date(timeIntervalSince1970: $0.timestamp) },
            client: clientEndpoint, server: serverEndpoint,
            scheme: scheme, tlsVersion: transport.tlsVersion,
            provenance: sink.provenance(frame: provenanceFrame)))
    }

}
