import Foundation
import SessionLintCore

/// Where a message began in the capture: the frame carrying its first byte.
public struct MessageStart: Sendable, Equatable {
    public var frame: Int
    public var timestamp: Double

    public init(frame: Int, timestamp: Double) {
        self.frame = frame
        self.timestamp = timestamp
    }
}

public struct HTTP1RequestHead: Sendable, Equatable {
    public var method: String
    public var target: String
    public var version: String
    public var fields: HTTPFields
}

public struct HTTP1ResponseHead: Sendable, Equatable {
    public var version: String
    public var status: Int
    public var reason: String
    public var fields: HTTPFields

    /// 1xx other than 101: an interim response; the final one follows.
    public var isInterim: Bool { (100...199).contains(status) && status != 101 }
}

public enum HTTP1Event: Sendable, Equatable {
    /// A complete request; `body` holds a form body (urlencoded or multipart) up to a bound.
    case request(HTTP1RequestHead, body: [UInt8], start: MessageStart)
    /// A complete response, reported once its body has ended (or the stream did). `body` holds a
    /// textual body (see `HTTPResponse.isTextual`) as sent, still content-encoded, up to
    /// `maxResponseBody`; empty otherwise. Interim and tunnel-opening responses come at once.
    case response(HTTP1ResponseHead, body: [UInt8], start: MessageStart)
    /// Something worth knowing about the traffic or the parse (conflicting lengths, junk).
    case anomaly(String, frame: Int?)
    /// The parser skipped bytes to find the next message after a gap or junk.
    case resynchronised(skippedBytes: Int)
    /// The connection stopped being HTTP/1 (CONNECT tunnel, 101 Switching Protocols).
    case tunnel
}

/// An incremental HTTP/1.0 and 1.1 parser for one direction of a connection (RFC 9112):
/// keep-alive and pipelining, Content-Length, chunked with trailers, close-delimited bodies,
/// HEAD and 1xx/204/304 without bodies, CONNECT and 101 tunnels, obsolete line folding. Bodies
/// are skipped without copying, except request form bodies (kept up to `maxFormBody`) and
/// textual response bodies (kept up to `maxResponseBody`), which later layers search. After a
/// gap it keeps going when the framing says how long the lost part was, and otherwise looks for
/// the next start line. Lenient with real-world junk, and says so in `.anomaly` events.
public struct HTTP1Parser: Sendable {
    public enum Role: Sendable { case request, response }

    private enum State: Sendable, Equatable {
        case seeking
        case head
        case fixedBody(remaining: Int64)
        case chunkSize
        case chunkData(remaining: Int64)
        case chunkDataEnd
        case trailers
        case untilClose
        case tunnel
    }

    /// The default bounds (`Limits.headerBytes`, four times `Limits.bodyBytes`).
    public static let defaultMaxHeadBytes = 64 * 1024
    public static let defaultMaxResponseBody = 256 * 1024
    public static let maxFields = 512
    public static let maxFormBody = 64 * 1024
    /// A longer head is skipped with an anomaly.
    public let maxHeadBytes: Int
    /// Compressed bodies are kept as sent, so the bound leaves room for gzip's usual 4–10× ratio
    /// before the decoded text is cut at `Limits.bodyBytes`.
    public let maxResponseBody: Int
    /// Responses whose body was longer than `maxResponseBody` (kept only up to it).
    public private(set) var bodiesCut = 0
    private static let maxSeekBuffer = 16 * 1024

    public let role: Role
    private var state: State
    private var buffer: [UInt8] = []
    /// Where each delivered chunk begins in `buffer`, so a message starting mid-buffer gets the
    /// frame of its own first byte.
    private var marks: [(offset: Int, position: MessageStart)] = []
    private var bufferStart: MessageStart?
    private var scannedHeadBytes = 0
    private var pendingRequest: (head: HTTP1RequestHead, start: MessageStart, keepsBody: Bool)?
    private var pendingResponse: (head: HTTP1ResponseHead, start: MessageStart, keepsBody: Bool)?
    private var body: [UInt8] = []
    private var skippedWhileSeeking = 0
    /// Methods of requests whose responses have not been parsed yet (response role).
    private var awaitedMethods: [String] = []

    public init(role: Role, startInSync: Bool = true, maxHeadBytes: Int = defaultMaxHeadBytes,
                maxResponseBody: Int = defaultMaxResponseBody) {
        self.role = role
        self.maxHeadBytes = maxHeadBytes
        self.maxResponseBody = maxResponseBody
        self.state = startInSync ? .head : .seeking
    }

    /// For the response side: the request this connection sent, in order, so HEAD and CONNECT
    /// responses are framed right.
    public mutating func expectResponse(to method: String) {
        awaitedMethods.append(method)
    }

    public var isTunnel: Bool { state == .tunnel }

    /// The bytes that followed the tunnel-opening message in the same input (after a
    /// `101 Switching Protocols`, the new protocol's first bytes), up to 64 KiB.
    public private(set) var afterTunnel: [UInt8] = []

    // MARK: - Input

    public mutating func feed(_ bytes: ArraySlice<UInt8>, frame: Int, timestamp: Double) -> [HTTP1Event] {
        var events: [HTTP1Event] = []
        var input = bytes
        let position = MessageStart(frame: frame, timestamp: timestamp)
        while !input.isEmpty {
            switch state {
            case .tunnel:
                afterTunnel += input.prefix(max(0, (1 << 16) - afterTunnel.count))
                return events
            case .untilClose:
                keepBody(input)
                return events
            case .fixedBody(let remaining):
                let take = Int(min(Int64(input.count), remaining))
                keepBody(input.prefix(take))
                input = input.dropFirst(take)
                let left = remaining - Int64(take)
                if left == 0 { finishBody(into: &events) } else { state = .fixedBody(remaining: left) }
            case .chunkData(let remaining):
                let take = Int(min(Int64(input.count), remaining))
                keepBody(input.prefix(take))
                input = input.dropFirst(take)
                let left = remaining - Int64(take)
                state = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
            case .head, .chunkSize, .chunkDataEnd, .trailers, .seeking:
                if buffer.isEmpty { bufferStart = position }
                marks.append((buffer.count, position))
                // Line-oriented states take the input into the buffer and parse what is complete.
                let consumed = takeLines(input, into: &events, at: position)
                input = input.dropFirst(consumed)
            }
        }
        return events
    }

    /// `length` bytes of this direction were lost from the capture.
    public mutating func gap(_ length: Int) -> [HTTP1Event] {
        var events: [HTTP1Event] = []
        switch state {
        case .tunnel:
            break
        case .untilClose:
            stopKeepingBody()
        case .fixedBody(let remaining) where Int64(length) < remaining:
            stopKeepingBody()
            state = .fixedBody(remaining: remaining - Int64(length))
        case .fixedBody(let remaining) where Int64(length) == remaining:
            stopKeepingBody()
            finishBody(into: &events)
        case .chunkData(let remaining) where Int64(length) < remaining:
            stopKeepingBody()
            state = .chunkData(remaining: remaining - Int64(length))
        default:
            if !buffer.isEmpty, state == .head {
                events.append(.anomaly("a message head was cut by a capture gap", frame: bufferStart?.frame))
            }
            flushPendingMessage(into: &events)
            buffer.removeAll(keepingCapacity: true)
            marks.removeAll(keepingCapacity: true)
            scannedHeadBytes = 0
            state = .seeking
        }
        return events
    }

    /// The stream ended: a close-delimited body completes; a message waiting for the end of its
    /// body is still reported.
    public mutating func end() -> [HTTP1Event] {
        var events: [HTTP1Event] = []
        switch state {
        case .untilClose, .fixedBody, .chunkData, .chunkSize, .chunkDataEnd, .trailers:
            flushPendingMessage(into: &events)
        case .head where !buffer.isEmpty && !buffer.allSatisfy({ $0 == 0x0D || $0 == 0x0A }):
            events.append(.anomaly("the stream ends inside a message head", frame: bufferStart?.frame))
        default:
            break
        }
        state = .seeking
        buffer.removeAll()
        marks.removeAll()
        return events
    }

    // MARK: - Line-oriented states

    /// Appends input to the buffer and parses; returns how many input bytes were consumed
    /// (the rest belongs to a body state that follows).
    /// The capture position of the byte at `offset` in the buffer.
    private func position(at offset: Int) -> MessageStart? {
        marks.last { $0.offset <= offset }?.position
    }

    private mutating func takeLines(_ input: ArraySlice<UInt8>, into events: inout [HTTP1Event], at position: MessageStart) -> Int {
        buffer.append(contentsOf: input)
        var used = 0  // bytes of the buffer consumed by complete elements
        loop: while true {
            switch state {
            case .seeking:
                switch findMessageStart(from: used) {
                case .found(let start):
                    skippedWhileSeeking += start - used
                    if skippedWhileSeeking > 0 {
                        events.append(.resynchronised(skippedBytes: skippedWhileSeeking))
                        skippedWhileSeeking = 0
                    }
                    used = start
                    bufferStart = self.position(at: start) ?? position
                    state = .head
                case .incompleteLine(let lineStart):
                    // A line that may be a start line is still arriving: keep it (bounded).
                    let keepFrom = buffer.count - lineStart > Self.maxSeekBuffer ? buffer.count : lineStart
                    skippedWhileSeeking += keepFrom - used
                    used = keepFrom
                    break loop
                }
            case .head:
                // Tolerate blank lines before a message (RFC 9112 §2.2).
                while used + 1 < buffer.count, buffer[used] == 0x0D, buffer[used + 1] == 0x0A { used += 2 }
                while used < buffer.count, buffer[used] == 0x0A { used += 1 }
                let headStart = self.position(at: used) ?? position
                guard let end = headEnd(from: used) else {
                    if buffer.count - used > maxHeadBytes {
                        events.append(.anomaly("a message head longer than \(maxHeadBytes) bytes; skipped", frame: bufferStart?.frame))
                        used = buffer.count
                        state = .seeking
                    }
                    break loop
                }
                guard end.headEnd - used <= maxHeadBytes else {
                    events.append(.anomaly("a message head longer than \(maxHeadBytes) bytes; skipped", frame: headStart.frame))
                    used = end.next
                    state = .seeking
                    continue
                }
                let head = buffer[used..<end.headEnd]
                used = end.next
                bufferStart = headStart
                parseHead(head, start: headStart, into: &events)
                if case .fixedBody = state { break loop }
                if case .chunkData = state { break loop }
                if state == .untilClose || state == .tunnel { break loop }
            case .chunkSize:
                guard let lineEnd = lineEnd(from: used) else {
                    if buffer.count - used > 1024 { chunkError("a chunk-size line longer than 1024 bytes", into: &events); used = buffer.count }
                    break loop
                }
                let line = buffer[used..<lineEnd.contentEnd]
                used = lineEnd.next
                guard let size = parseChunkSize(line) else {
                    chunkError("an invalid chunk-size line", into: &events)
                    break
                }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
                if size > 0 { break loop }
            case .chunkDataEnd:
                guard let lineEnd = lineEnd(from: used) else { break loop }
                if lineEnd.contentEnd != used { events.append(.anomaly("chunk data not followed by CRLF", frame: bufferStart?.frame)) }
                used = lineEnd.next
                state = .chunkSize
            case .trailers:
                guard let lineEnd = lineEnd(from: used) else { break loop }
                let empty = lineEnd.contentEnd == used
                used = lineEnd.next
                if empty { finishBody(into: &events) }
            default:
                break loop
            }
        }
        let removed = min(used, buffer.count)
        buffer.removeFirst(removed)
        // Keep the mark covering the new first byte; shift the rest.
        let covering = marks.lastIndex { $0.offset <= removed }
        marks = marks.enumerated().compactMap { index, mark in
            if let covering, index < covering { return nil }
            return (max(0, mark.offset - removed), mark.position)
        }
        if state != .seeking, state != .head, state != .chunkSize, state != .chunkDataEnd, state != .trailers {
            // A body state follows: bytes after `used` go back to the caller.
            let handBack = buffer.count
            buffer.removeAll(keepingCapacity: true)
            marks.removeAll(keepingCapacity: true)
            return input.count - handBack
        }
        if buffer.isEmpty { scannedHeadBytes = 0 }
        return input.count
    }

    private mutating func chunkError(_ message: String, into events: inout [HTTP1Event]) {
        events.append(.anomaly(message, frame: bufferStart?.frame))
        flushPendingMessage(into: &events)
        state = .seeking
    }

    private func lineEnd(from start: Int) -> (contentEnd: Int, next: Int)? {
        guard let newline = buffer[start...].firstIndex(of: 0x0A) else { return nil }
        let contentEnd = newline > start && buffer[newline - 1] == 0x0D ? newline - 1 : newline
        return (contentEnd, newline + 1)
    }

    /// The end of a head: an empty line (CRLF CRLF, or bare LF LF as lenient servers send).
    private mutating func headEnd(from start: Int) -> (headEnd: Int, next: Int)? {
        var index = max(start, start + scannedHeadBytes - 3)
        while let newline = buffer[index...].firstIndex(of: 0x0A) {
            let after = newline + 1
            if after < buffer.count, buffer[after] == 0x0A { scannedHeadBytes = 0; return (newline, after + 1) }
            if after + 1 < buffer.count, buffer[after] == 0x0D, buffer[after + 1] == 0x0A { scannedHeadBytes = 0; return (newline, after + 2) }
            if after >= buffer.count || (after + 1 >= buffer.count && buffer[after] == 0x0D) { break }
            index = after
        }
        scannedHeadBytes = buffer.count - start
        return nil
    }

    // MARK: - Heads

    private mutating func parseHead(_ head: ArraySlice<UInt8>, start: MessageStart, into events: inout [HTTP1Event]) {
        var lines = Self.lines(of: head)
        guard !lines.isEmpty else { state = .head; return }
        let startLine = lines.removeFirst()
        var fields = HTTPFields()
        var count = 0
        for line in lines where !line.isEmpty {
            if line.first == 0x20 || line.first == 0x09, count > 0 {
                // Obsolete line folding (RFC 9112 §5.2): a continuation of the previous value.
                var last = fields.fields
                last[last.count - 1].value += " " + text(trim(line))
                fields = HTTPFields(last)
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A) else {
                events.append(.anomaly("a header line without a colon", frame: start.frame))
                continue
            }
            count += 1
            guard count <= Self.maxFields else {
                events.append(.anomaly("more than \(Self.maxFields) header fields; the rest ignored", frame: start.frame))
                break
            }
            fields.append(name: text(trim(line[..<colon])), value: text(trim(line[(colon + 1)...])))
        }

        switch role {
        case .request:
            guard let (method, target, version) = requestLine(startLine) else {
                events.append(.anomaly("not an HTTP request line", frame: start.frame))
                state = .seeking
                return
            }
            let head = HTTP1RequestHead(method: method, target: target, version: version, fields: fields)
            let contentType = fields.first("Content-Type")?.asciiLowercased ?? ""
            let keepsBody = contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.hasPrefix("multipart/form-data")
            pendingRequest = (head, start, keepsBody)
            body = []
            frameBody(fields: fields, isResponseWithoutBody: false, closeDelimitedAllowed: false, start: start, into: &events)
        case .response:
            guard let (version, status, reason) = statusLine(startLine) else {
                events.append(.anomaly("not an HTTP status line", frame: start.frame))
                state = .seeking
                return
            }
            let head = HTTP1ResponseHead(version: version, status: status, reason: reason, fields: fields)
            let method = awaitedMethods.first ?? ""
            if !head.isInterim, !awaitedMethods.isEmpty { awaitedMethods.removeFirst() }
            if status == 101 || (method == "CONNECT" && (200...299).contains(status)) {
                events.append(.response(head, body: [], start: start))
                state = .tunnel
                events.append(.tunnel)
                return
            }
            let noBody = method == "HEAD" || (100...199).contains(status) || status == 204 || status == 304
            let keepsBody = !noBody && HTTPResponse.isTextual(mediaType: fields.first("Content-Type") ?? "")
            pendingResponse = (head, start, keepsBody)
            body = []
            frameBody(fields: fields, isResponseWithoutBody: noBody, closeDelimitedAllowed: true, start: start, into: &events)
        }
    }

    /// Decides how the body is delimited (RFC 9112 §6.3).
    private mutating func frameBody(fields: HTTPFields, isResponseWithoutBody: Bool, closeDelimitedAllowed: Bool, start: MessageStart, into events: inout [HTTP1Event]) {
        if isResponseWithoutBody {
            finishBody(into: &events)
            return
        }
        let transferEncodings = fields.values("Transfer-Encoding")
        let contentLengths = fields.values("Content-Length").flatMap { $0.split(separator: ",") }.map { String($0.trimmingHTTPWhitespace) }
        if !transferEncodings.isEmpty {
            if !contentLengths.isEmpty {
                events.append(.anomaly("both Transfer-Encoding and Content-Length (a request-smuggling pattern); Transfer-Encoding used", frame: start.frame))
            }
            let last = transferEncodings.joined(separator: ",").split(separator: ",").last.map { $0.trimmingHTTPWhitespace.asciiLowercased }
            if last == "chunked" {
                state = .chunkSize
                return
            }
            if closeDelimitedAllowed {
                state = .untilClose
            } else {
                events.append(.anomaly("a request with a Transfer-Encoding that is not chunked", frame: start.frame))
                finishBody(into: &events)
            }
            return
        }
        if let first = contentLengths.first {
            if Set(contentLengths).count > 1 {
                events.append(.anomaly("conflicting Content-Length values \(contentLengths.joined(separator: ", ")); the first used", frame: start.frame))
            }
            guard let length = Int64(first), length >= 0 else {
                events.append(.anomaly("an invalid Content-Length \"\(first.prefix(40))\"", frame: start.frame))
                if closeDelimitedAllowed { state = .untilClose } else { finishBody(into: &events) }
                return
            }
            if length == 0 { finishBody(into: &events) } else { state = .fixedBody(remaining: length) }
            return
        }
        if closeDelimitedAllowed { state = .untilClose } else { finishBody(into: &events) }
    }

    private mutating func keepBody(_ bytes: ArraySlice<UInt8>) {
        let limit: Int
        switch role {
        case .request:
            guard pendingRequest?.keepsBody == true else { return }
            limit = Self.maxFormBody
        case .response:
            guard pendingResponse?.keepsBody == true else { return }
            limit = maxResponseBody
        }
        guard body.count < limit else { return }
        if bytes.count > limit - body.count, role == .response { bodiesCut += 1 }
        body.append(contentsOf: bytes.prefix(limit - body.count))
    }

    /// Bytes of the body were lost: what came before is still worth searching, but nothing
    /// after the hole is kept, so the body never has a silent gap in the middle.
    private mutating func stopKeepingBody() {
        pendingRequest?.keepsBody = false
        pendingResponse?.keepsBody = false
    }

    private mutating func finishBody(into events: inout [HTTP1Event]) {
        flushPendingMessage(into: &events)
        state = .head
    }

    private mutating func flushPendingMessage(into events: inout [HTTP1Event]) {
        if let request = pendingRequest {
            events.append(.request(request.head, body: body, start: request.start))
        } else if let response = pendingResponse {
            events.append(.response(response.head, body: body, start: response.start))
        }
        pendingRequest = nil
        pendingResponse = nil
        body = []
    }

    // MARK: - Start lines

    private func requestLine(_ line: ArraySlice<UInt8>) -> (String, String, String)? {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: true)
        if parts.count == 1, parts[0].count <= 20, parts[0].allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) {
            return (text(parts[0]), "", "HTTP/0.9")  // a bare method, as tshark reads it
        }
        guard parts.count >= 2, isToken(parts[0]) else { return nil }
        if parts.count == 2, parts[1].starts(with: Array("HTTP/".utf8)) {
            return (text(parts[0]), "", text(parts[1]))  // "OPTIONS  HTTP/1.1": an empty target
        }
        let version = parts.count >= 3 ? text(parts[parts.count - 1]) : "HTTP/0.9"
        guard parts.count == 2 || version.hasPrefix("HTTP/") else { return nil }
        let target = parts.count >= 3 ? parts[1..<(parts.count - 1)].map(text).joined(separator: " ") : text(parts[1])
        return (text(parts[0]), target, version)
    }

    private func statusLine(_ line: ArraySlice<UInt8>) -> (String, Int, String)? {
        guard line.starts(with: Array("HTTP/".utf8)) else { return nil }
        let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[1].count == 3, let status = Int(text(parts[1])) else { return nil }
        return (text(parts[0]), status, parts.count > 2 ? text(parts[2]) : "")
    }

    private enum SeekResult { case found(Int), incompleteLine(Int) }

    /// Where the next plausible start line begins at or after `from`. After a gap or a
    /// mid-stream pickup the previous body usually ends mid-line, so this looks for the
    /// version token anywhere: a status line starts with it; a request line ends with it, and
    /// starts at the method just before its target. When nothing is found, the tail that could
    /// still grow into a start line is kept (`incompleteLine`).
    private func findMessageStart(from: Int) -> SeekResult {
        let version = Array("HTTP/1.".utf8)
        var index = from
        while index + version.count <= buffer.count {
            guard let h = buffer[index...].firstIndex(of: 0x48) else { break }  // "H"
            guard h + version.count <= buffer.count else { return .incompleteLine(lineStartBefore(h, floor: from)) }
            if buffer[h..<h + version.count].elementsEqual(version) {
                switch role {
                case .response:
                    guard let lineEnd = buffer[h...].firstIndex(of: 0x0A) else { return .incompleteLine(h) }
                    let line = buffer[h..<lineEnd]
                    if statusLine(line.last == 0x0D ? line.dropLast() : line) != nil { return .found(h) }
                case .request:
                    // "… SP HTTP/1.x CRLF": walk back over the target and the method.
                    let afterVersion = h + version.count + 1
                    if afterVersion <= buffer.count, afterVersion == buffer.count || buffer[afterVersion] == 0x0D || buffer[afterVersion] == 0x0A,
                       h > from, buffer[h - 1] == 0x20 {
                        var targetStart = h - 1
                        while targetStart > from, buffer[targetStart - 1] != 0x20, buffer[targetStart - 1] != 0x0A, h - targetStart < 8192 { targetStart -= 1 }
                        var methodStart = targetStart - 1
                        while methodStart > from, buffer[methodStart - 1] >= 0x41, buffer[methodStart - 1] <= 0x5A, targetStart - methodStart <= 20 { methodStart -= 1 }
                        if targetStart - 1 > methodStart, buffer[targetStart - 1] == 0x20, (methodStart..<(targetStart - 1)).allSatisfy({ buffer[$0] >= 0x41 && buffer[$0] <= 0x5A }) {
                            return afterVersion == buffer.count ? .incompleteLine(methodStart) : .found(methodStart)
                        }
                    }
                }
            }
            index = h + 1
        }
        // Keep a tail that may hold the start of a line still arriving.
        return .incompleteLine(max(from, buffer.count - 8192))
    }

    private func lineStartBefore(_ index: Int, floor: Int) -> Int {
        var start = index
        while start > floor, buffer[start - 1] != 0x0A, index - start < 8192 { start -= 1 }
        return start
    }

    private func parseChunkSize(_ line: ArraySlice<UInt8>) -> Int64? {
        let digits = trim(line.prefix { $0 != 0x3B })  // drop chunk extensions
        guard !digits.isEmpty, digits.count <= 15 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            let digit: Int64
            switch byte {
            case 0x30...0x39: digit = Int64(byte - 0x30)
            case 0x41...0x46: digit = Int64(byte - 0x41 + 10)
            case 0x61...0x66: digit = Int64(byte - 0x61 + 10)
            default: return nil
            }
            value = value * 16 + digit
        }
        return value
    }

    /// A head's lines without their CR LF (or bare LF) endings.
    private static func lines(of head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        lines.reserveCapacity(16)
        var start = head.startIndex
        while let newline = head[start...].firstIndex(of: 0x0A) {
            lines.append(head[start..<(newline > start && head[newline - 1] == 0x0D ? newline - 1 : newline)])
            start = newline + 1
        }
        let last = head[start...]
        lines.append(last.last == 0x0D ? last.dropLast() : last)
        return lines
    }

    private func isToken(_ bytes: ArraySlice<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "!#$%&'*+-.^_`|~".utf8.contains(b)
        }
    }
}

private func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var slice = bytes
    while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
    while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
    return slice
}

/// Header text as Latin-1-tolerant UTF-8: invalid bytes become U+FFFD rather than failing.
/// Decoded from contiguous memory, which takes the standard library's fast validating path.
private func text(_ bytes: ArraySlice<UInt8>) -> String {
    bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
}

