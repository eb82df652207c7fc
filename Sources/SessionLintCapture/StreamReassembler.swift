/// Bytes of one direction of a TCP connection, delivered in order (Zeek's DeliverStream /
/// Undelivered split): contiguous data as it becomes available, and explicit gaps where the
/// capture lost data, so the protocol parser above can resynchronise.
///
/// Policy, documented because real captures need one:
/// - Retransmissions and overlaps: the first copy of a byte wins (as Zeek does); later copies
///   of delivered or buffered bytes are dropped.
/// - Out-of-order segments are buffered up to `maxBufferedBytes`; past that the hole before
///   the first buffered segment is declared a gap.
/// - A hole is also declared a gap when the other side acknowledges data beyond it (the
///   receiver got the bytes; the capture did not), and at the end of the connection.
/// - Sequence numbers wrap at 2^32; offsets are kept as 64-bit stream positions.
/// - A connection seen without its SYN starts at the first data segment seen.
public struct StreamReassembler: Sendable {
    public enum Event: Sendable, Equatable {
        case data(ArraySlice<UInt8>, frame: Int, timestamp: Double)
        case gap(Int)
    }

    private struct Pending: Sendable {
        var offset: Int64
        var bytes: ArraySlice<UInt8>
        var frame: Int
        var timestamp: Double
    }

    public var maxBufferedBytes: Int
    public private(set) var isInitialized = false
    public private(set) var sawSYN = false
    /// Stream offset of the next byte to deliver.
    public private(set) var nextOffset: Int64 = 0
    public private(set) var finOffset: Int64?
    public private(set) var deliveredBytes: Int64 = 0
    public private(set) var gapBytes: Int64 = 0
    /// Times the out-of-order buffer passed `maxBufferedBytes` and a hole was given up early.
    public private(set) var overflows = 0
    private var nextSequence: UInt32 = 0
    private var pending: [Pending] = []
    private var pendingBytes = 0

    public init(maxBufferedBytes: Int = 1 << 20) {
        self.maxBufferedBytes = maxBufferedBytes
    }

    /// The stream offset of a sequence number, relative to the next expected byte.
    private func offset(of sequence: UInt32) -> Int64 {
        nextOffset + Int64(Int32(bitPattern: sequence &- nextSequence))
    }

    public var isFinished: Bool { finOffset.map { nextOffset >= $0 } ?? false }

    /// Takes one segment sent in this direction and hands what became deliverable to `deliver`,
    /// in order. The common case — the next bytes, nothing buffered — goes straight through.
    public mutating func accept(_ segment: TCPSegment, deliver: (Event) -> Void) {
        if segment.flags.contains(.syn) {
            if !isInitialized || (!sawSYN && deliveredBytes == 0) {
                isInitialized = true
                sawSYN = true
                nextSequence = segment.sequence &+ 1
                nextOffset = 0
            }
        } else if !isInitialized {
            guard !segment.payload.isEmpty || segment.missingPayload > 0 else { return }
            isInitialized = true
            nextSequence = segment.sequence
        }
        let dataSequence = segment.flags.contains(.syn) ? segment.sequence &+ 1 : segment.sequence
        let start = offset(of: dataSequence)
        if !segment.payload.isEmpty {
            if start == nextOffset, pending.isEmpty {
                deliver(.data(segment.payload, frame: segment.frame, timestamp: segment.timestamp))
                deliveredBytes += Int64(segment.payload.count)
                advance(by: segment.payload.count)
            } else {
                insert(Pending(offset: start, bytes: segment.payload, frame: segment.frame, timestamp: segment.timestamp))
            }
        }
        if segment.missingPayload > 0 {
            // Bytes on the wire that the snapshot length cut off: known lost.
            insertLoss(at: start + Int64(segment.payload.count), length: segment.missingPayload, deliver: deliver)
        }
        if segment.flags.contains(.fin) {
            finOffset = start + Int64(segment.payload.count + segment.missingPayload)
        }
        drain(deliver)
        if pendingBytes > maxBufferedBytes {
            overflows += 1
            forceGap(deliver)
        }
    }

    /// The other direction acknowledged up to `acknowledgement`: a hole below it will never be
    /// filled by this capture.
    public mutating func acknowledged(_ acknowledgement: UInt32, deliver: (Event) -> Void) {
        guard isInitialized, let first = pending.first else { return }
        let acked = offset(of: acknowledgement)
        guard acked >= first.offset, first.offset > nextOffset else { return }
        forceGap(deliver)
    }

    /// Delivers everything still buffered, declaring the holes between as gaps.
    public mutating func flush(deliver: (Event) -> Void) {
        while !pending.isEmpty { forceGap(deliver) }
        if let finOffset, finOffset > nextOffset, isInitialized {
            let length = Int(finOffset - nextOffset)
            deliver(.gap(length))
            gapBytes += Int64(length)
            advance(by: length)
        }
    }

    /// The same three, collecting the events: for tests and callers that want them as a list.
    public mutating func accept(_ segment: TCPSegment) -> [Event] {
        var events: [Event] = []
        accept(segment) { events.append($0) }
        return events
    }

    public mutating func acknowledged(_ acknowledgement: UInt32) -> [Event] {
        var events: [Event] = []
        acknowledged(acknowledgement) { events.append($0) }
        return events
    }

    public mutating func flush() -> [Event] {
        var events: [Event] = []
        flush { events.append($0) }
        return events
    }

    // MARK: - Internals

    private mutating func insert(_ segment: Pending) {
        var segment = segment
        // Drop what was already delivered (retransmissions, keep-alive probes).
        if segment.offset < nextOffset {
            let overlap = Int(min(Int64(segment.bytes.count), nextOffset - segment.offset))
            segment.bytes = segment.bytes.dropFirst(overlap)
            segment.offset += Int64(overlap)
            guard !segment.bytes.isEmpty else { return }
        }
        // First copy wins: cut the new segment around bytes already buffered.
        var pieces = [segment]
        for existing in pending {
            let existingEnd = existing.offset + Int64(existing.bytes.count)
            pieces = pieces.flatMap { piece -> [Pending] in
                let pieceEnd = piece.offset + Int64(piece.bytes.count)
                guard piece.offset < existingEnd, existing.offset < pieceEnd else { return [piece] }
                var kept: [Pending] = []
                if piece.offset < existing.offset {
                    var head = piece
                    head.bytes = piece.bytes.prefix(Int(existing.offset - piece.offset))
                    kept.append(head)
                }
                if pieceEnd > existingEnd {
                    var tail = piece
                    tail.bytes = piece.bytes.suffix(Int(pieceEnd - existingEnd))
                    tail.offset = existingEnd
                    kept.append(tail)
                }
                return kept
            }
        }
        for piece in pieces where !piece.bytes.isEmpty {
            let index = pending.firstIndex { $0.offset > piece.offset } ?? pending.endIndex
            pending.insert(piece, at: index)
            pendingBytes += piece.bytes.count
        }
    }

    private mutating func insertLoss(at offset: Int64, length: Int, deliver: (Event) -> Void) {
        // Represented as a zero-filled placeholder would lie; instead, if it is next, gap now.
        drain(deliver)
        if offset == nextOffset {
            deliver(.gap(length))
            gapBytes += Int64(length)
            advance(by: length)
        }
    }

    private mutating func drain(_ deliver: (Event) -> Void) {
        while let first = pending.first, first.offset <= nextOffset {
            pending.removeFirst()
            pendingBytes -= first.bytes.count
            let skip = Int(nextOffset - first.offset)
            guard skip < first.bytes.count else { continue }
            let bytes = first.bytes.dropFirst(skip)
            deliver(.data(bytes, frame: first.frame, timestamp: first.timestamp))
            deliveredBytes += Int64(bytes.count)
            advance(by: bytes.count)
        }
    }

    /// Declares the hole before the first buffered segment lost, then delivers what follows.
    private mutating func forceGap(_ deliver: (Event) -> Void) {
        guard let first = pending.first else { return }
        if first.offset > nextOffset {
            let length = Int(first.offset - nextOffset)
            deliver(.gap(length))
            gapBytes += Int64(length)
            advance(by: length)
        }
        drain(deliver)
    }

    private mutating func advance(by count: Int) {
        nextOffset += Int64(count)
        nextSequence = nextSequence &+ UInt32(truncatingIfNeeded: count)
    }
}
