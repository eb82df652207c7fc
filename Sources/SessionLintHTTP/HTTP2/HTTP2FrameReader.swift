/// One HTTP/2 frame (RFC 9113 §4.1): the 9-byte header's fields and the payload.
public struct HTTP2Frame: Sendable {
    public enum Kind: UInt8, Sendable {
        case data = 0, headers = 1, priority = 2, resetStream = 3, settings = 4, pushPromise = 5
        case ping = 6, goAway = 7, windowUpdate = 8, continuation = 9
    }

    public static let endStream: UInt8 = 0x1
    public static let endHeaders: UInt8 = 0x4
    public static let padded: UInt8 = 0x8
    public static let priorityFlag: UInt8 = 0x20

    public var type: UInt8
    public var flags: UInt8
    public var stream: UInt32
    public var payload: ArraySlice<UInt8>

    public var kind: Kind? { Kind(rawValue: type) }
    public func has(_ flag: UInt8) -> Bool { flags & flag != 0 }

    /// The payload without padding (§6.1, §6.2, §6.6) and, for HEADERS, the priority fields
    /// (§6.2); nil when the padding claims more than the frame holds.
    public var content: ArraySlice<UInt8>? {
        var content = payload
        var padding = 0
        if has(Self.padded), kind == .data || kind == .headers || kind == .pushPromise {
            guard let length = content.first else { return nil }
            padding = Int(length)
            content = content.dropFirst()
        }
        if kind == .headers, has(Self.priorityFlag) {
            guard content.count >= 5 else { return nil }
            content = content.dropFirst(5)
        }
        guard padding <= content.count else { return nil }
        return content.dropLast(padding)
    }
}

/// Cuts one direction's byte stream into HTTP/2 frames. Frames up to `maxBufferedFrame` are
/// handed on whole; a larger one (SETTINGS_MAX_FRAME_SIZE allows 16 MiB) is counted past,
/// and reported, so a hostile length cannot make it buffer without bound.
public struct HTTP2FrameReader: Sendable {
    public enum Event: Sendable {
        case frame(HTTP2Frame)
        /// A frame too large to hold: its type, stream and length; its bytes were skipped.
        case skipped(type: UInt8, stream: UInt32, length: Int)
    }

    public static let connectionPreface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    public let maxBufferedFrame: Int
    private var buffer: [UInt8] = []
    private var skipping = 0
    private var expectsPreface: Bool

    /// `expectsPreface`: the client's direction, whose stream opens with the connection preface.
    public init(expectsPreface: Bool, maxBufferedFrame: Int = 1 << 20) {
        self.expectsPreface = expectsPreface
        self.maxBufferedFrame = maxBufferedFrame
    }

    public mutating func feed(_ bytes: ArraySlice<UInt8>) -> [Event] {
        var input = bytes
        if skipping > 0 {
            let skipped = min(skipping, input.count)
            skipping -= skipped
            input = input.dropFirst(skipped)
        }
        buffer += input
        var events: [Event] = []
        var start = 0
        if expectsPreface {
            let available = min(buffer.count, Self.connectionPreface.count)
            if buffer.prefix(available).elementsEqual(Self.connectionPreface.prefix(available)) {
                guard available == Self.connectionPreface.count else { return [] }
                start = available
            }
            expectsPreface = false
        }
        while buffer.count - start >= 9 {
            let length = Int(buffer[start]) << 16 | Int(buffer[start + 1]) << 8 | Int(buffer[start + 2])
            let type = buffer[start + 3]
            let flags = buffer[start + 4]
            let stream = (UInt32(buffer[start + 5]) << 24 | UInt32(buffer[start + 6]) << 16 | UInt32(buffer[start + 7]) << 8 | UInt32(buffer[start + 8])) & 0x7FFF_FFFF
            if length > maxBufferedFrame {
                let here = min(length, buffer.count - start - 9)
                skipping = length - here
                start += 9 + here
                events.append(.skipped(type: type, stream: stream, length: length))
                continue
            }
            guard buffer.count - start >= 9 + length else { break }
            events.append(.frame(HTTP2Frame(type: type, flags: flags, stream: stream, payload: buffer[start + 9..<start + 9 + length])))
            start += 9 + length
        }
        if start > 0 {
            // Frames hold slices of the old buffer (copy on write keeps them valid).
            buffer = Array(buffer[start...])
        }
        return events
    }
}
