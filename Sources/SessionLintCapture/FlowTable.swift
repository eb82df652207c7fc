/// Which way bytes travel on a connection. The originator sent the first SYN (or, for a
/// connection picked up mid-stream, the first segment seen); a consumer may decide from content
/// that the roles are the other way round.
public enum FlowDirection: Sendable, Hashable {
    case fromOriginator, fromResponder

    public var reversed: FlowDirection { self == .fromOriginator ? .fromResponder : .fromOriginator }
}

/// The endpoints of one TCP connection.
public struct ConnectionInfo: Sendable, Hashable {
    public var originatorAddress: IPAddress
    public var originatorPort: UInt16
    public var responderAddress: IPAddress
    public var responderPort: UInt16
    /// Whether the three-way handshake was seen (else the capture started mid-connection).
    public var sawHandshake: Bool
    /// The frame that opened the connection, for identification.
    public var firstFrame: Int

    public static func == (lhs: ConnectionInfo, rhs: ConnectionInfo) -> Bool {
        lhs.originatorAddress == rhs.originatorAddress && lhs.originatorPort == rhs.originatorPort
            && lhs.responderAddress == rhs.responderAddress && lhs.responderPort == rhs.responderPort && lhs.firstFrame == rhs.firstFrame
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(originatorAddress)
        hasher.combine(originatorPort)
        hasher.combine(responderAddress)
        hasher.combine(responderPort)
        hasher.combine(firstFrame)
    }
}

/// What sits on top of reassembly: HTTP today; a TLS decryptor or an HTTP/2 parser can be a
/// consumer too, or be wrapped by one, without reassembly or HTTP knowing.
public protocol StreamConsumer {
    mutating func receive(_ bytes: ArraySlice<UInt8>, direction: FlowDirection, frame: Int, timestamp: Double)
    mutating func gap(_ length: Int, direction: FlowDirection)
    /// The connection ended (FIN both ways, RST, idle timeout, end of capture, eviction).
    mutating func end(reason: FlowEndReason)
}

public enum FlowEndReason: String, Sendable {
    case closed, reset, idle, endOfCapture, evicted
}

/// Tracks TCP connections, reassembles both directions, and hands ordered bytes and gaps to one
/// consumer per connection. Bounded: at most `maxFlows` connections (the least recently active
/// is evicted), per-direction buffers of `maxBufferedBytesPerDirection`, and connections idle for
/// `idleTimeout` seconds of capture time are closed. Evictions are counted, never fatal.
public struct FlowTable<Consumer: StreamConsumer> {
    public struct Counters: Sendable, Equatable {
        public var connections = 0
        public var evicted = 0
        public var timedOut = 0
        public var gapBytes: Int64 = 0
        /// Holes given up because a direction's out-of-order bytes passed the buffer limit.
        public var reorderOverflows = 0
    }

    private struct Key: Hashable {
        var lowAddress: IPAddress
        var lowPort: UInt16
        var highAddress: IPAddress
        var highPort: UInt16

        init(_ segment: TCPSegment) {
            self.init(segment.sourceAddress, segment.sourcePort, segment.destinationAddress, segment.destinationPort)
        }

        /// The key of an open connection, from its endpoints.
        init(_ info: ConnectionInfo) {
            self.init(info.originatorAddress, info.originatorPort, info.responderAddress, info.responderPort)
        }

        private init(_ oneAddress: IPAddress, _ onePort: UInt16, _ otherAddress: IPAddress, _ otherPort: UInt16) {
            if (oneAddress, onePort) < (otherAddress, otherPort) {
                (lowAddress, lowPort, highAddress, highPort) = (oneAddress, onePort, otherAddress, otherPort)
            } else {
                (lowAddress, lowPort, highAddress, highPort) = (otherAddress, otherPort, oneAddress, onePort)
            }
        }
    }

    fileprivate struct Connection {
        var info: ConnectionInfo
        var consumer: Consumer
        var fromOriginator: StreamReassembler
        var fromResponder: StreamReassembler
        var reset = false
    }

    public var maxFlows: Int
    public var idleTimeout: Double
    public var maxBufferedBytesPerDirection: Int
    public private(set) var counters = Counters()

    /// Connections live in `slots`, found through `slotOfKey`: a packet looks its connection up
    /// once and updates it in place, and a closed connection's slot is reused.
    private var slotOfKey: [Key: Int] = [:]
    private var slots: [Connection?] = []
    /// When each slot's connection last carried a segment (NaN for a free slot): apart from the
    /// connections, so sweeping and evicting read a plain array of times.
    private var lastSeenOfSlot: [Double] = []
    private var freeSlots: [Int] = []
    private let makeConsumer: (ConnectionInfo) -> Consumer
    private var lastSweep: Double = 0

    public init(maxFlows: Int = 100_000, idleTimeout: Double = 300, maxBufferedBytesPerDirection: Int = 1 << 20,
                makeConsumer: @escaping (ConnectionInfo) -> Consumer) {
        self.maxFlows = maxFlows
        self.idleTimeout = idleTimeout
        self.maxBufferedBytesPerDirection = maxBufferedBytesPerDirection
        self.makeConsumer = makeConsumer
    }

    public var activeConnections: Int { slotOfKey.count }

    public mutating func process(_ segment: TCPSegment) {
        if segment.timestamp - lastSweep > 10 { sweep(now: segment.timestamp) }
        let key = Key(segment)
        var slot: Int
        if let existing = slotOfKey[key] {
            slot = existing
            // A new SYN on a closed 4-tuple starts a new connection.
            if segment.flags.contains(.syn), !segment.flags.contains(.ack), let ended = slots[slot]?.endReason {
                finish(key, reason: ended)
                slot = open(key, for: segment)
            }
        } else {
            // Any first segment starts a connection (the capture may begin mid-stream).
            if slotOfKey.count >= maxFlows { evictLeastRecent() }
            slot = open(key, for: segment)
        }
        // Moved out while it is worked on, so its parts can be mutated together without copies.
        guard var connection = slots[slot].take() else { return }
        lastSeenOfSlot[slot] = segment.timestamp
        let direction: FlowDirection = segment.sourceAddress == connection.info.originatorAddress && segment.sourcePort == connection.info.originatorPort
            ? .fromOriginator : .fromResponder
        connection.receive(segment, direction: direction, counters: &counters)
        let ended = connection.endReason
        slots[slot] = consume connection
        if let ended { finish(key, reason: ended) }
    }

    /// Ends every connection still open: call at the end of the capture.
    public mutating func finishAll() {
        for key in Array(slotOfKey.keys) { finish(key, reason: .endOfCapture) }
    }

    private mutating func open(_ key: Key, for segment: TCPSegment) -> Int {
        let connection = newConnection(for: segment)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = connection
            lastSeenOfSlot[slot] = segment.timestamp
        } else {
            slot = slots.count
            slots.append(connection)
            lastSeenOfSlot.append(segment.timestamp)
        }
        slotOfKey[key] = slot
        return slot
    }

    private func newConnection(for segment: TCPSegment) -> Connection {
        // A SYN-ACK seen first means its receiver opened the connection.
        let reversed = segment.flags.contains(.syn) && segment.flags.contains(.ack)
        let info = ConnectionInfo(
            originatorAddress: reversed ? segment.destinationAddress : segment.sourceAddress,
            originatorPort: reversed ? segment.destinationPort : segment.sourcePort,
            responderAddress: reversed ? segment.sourceAddress : segment.destinationAddress,
            responderPort: reversed ? segment.sourcePort : segment.destinationPort,
            sawHandshake: segment.flags.contains(.syn), firstFrame: segment.frame)
        return Connection(
            info: info, consumer: makeConsumer(info),
            fromOriginator: StreamReassembler(maxBufferedBytes: maxBufferedBytesPerDirection),
            fromResponder: StreamReassembler(maxBufferedBytes: maxBufferedBytesPerDirection))
    }

    private mutating func finish(_ key: Key, reason: FlowEndReason) {
        guard let slot = slotOfKey.removeValue(forKey: key), var connection = slots[slot].take() else { return }
        freeSlots.append(slot)
        lastSeenOfSlot[slot] = .nan
        counters.connections += 1
        connection.flush(counters: &counters)
        counters.reorderOverflows += connection.fromOriginator.overflows + connection.fromResponder.overflows
        connection.consumer.end(reason: reason)
    }

    private mutating func sweep(now: Double) {
        lastSweep = now
        let idle = slotOfKey.filter { now - lastSeenOfSlot[$0.value] > idleTimeout }.map(\.key)
        counters.timedOut += idle.count
        for key in idle { finish(key, reason: .idle) }
    }

    /// Makes room when the table is full: the least recently active sixty-fourth goes at once,
    /// so a flood of new connections costs one pass per many evictions, not one per connection.
    /// Only (time, slot) pairs are ordered, never keys or connections, so a flood of new
    /// connections (a SYN scan) costs little per eviction.
    private mutating func evictLeastRecent() {
        let batch = max(1, maxFlows / 64)
        var ages: [(lastSeen: Double, slot: Int)] = []
        ages.reserveCapacity(slotOfKey.count)
        for (slot, lastSeen) in lastSeenOfSlot.enumerated() where !lastSeen.isNaN { ages.append((lastSeen, slot)) }
        ages.sort { ($0.lastSeen, $0.slot) < ($1.lastSeen, $1.slot) }
        for entry in ages.prefix(batch) {
            guard let info = slots[entry.slot]?.info else { continue }
            counters.evicted += 1
            finish(Key(info), reason: .evicted)
        }
    }
}

extension FlowTable.Connection {
    /// Why the connection is over, once it is: reset, or finished both ways.
    var endReason: FlowEndReason? {
        if reset { return .reset }
        return fromOriginator.isFinished && fromResponder.isFinished ? .closed : nil
    }

    /// One segment: its bytes to the reassembler of its direction, its acknowledgement to the
    /// other's (a hole the receiver acknowledged is a capture gap), whatever becomes deliverable
    /// to the consumer.
    mutating func receive(_ segment: TCPSegment, direction: FlowDirection, counters: inout FlowTable.Counters) {
        let acknowledges = segment.flags.contains(.ack)
        switch direction {
        case .fromOriginator:
            if acknowledges {
                fromResponder.acknowledged(segment.acknowledgement) { Self.deliver($0, direction: .fromResponder, to: &consumer, counters: &counters) }
            }
            fromOriginator.accept(segment) { Self.deliver($0, direction: .fromOriginator, to: &consumer, counters: &counters) }
        case .fromResponder:
            if acknowledges {
                fromOriginator.acknowledged(segment.acknowledgement) { Self.deliver($0, direction: .fromOriginator, to: &consumer, counters: &counters) }
            }
            fromResponder.accept(segment) { Self.deliver($0, direction: .fromResponder, to: &consumer, counters: &counters) }
        }
        if segment.flags.contains(.rst) { reset = true }
    }

    mutating func flush(counters: inout FlowTable.Counters) {
        fromOriginator.flush { Self.deliver($0, direction: .fromOriginator, to: &consumer, counters: &counters) }
        fromResponder.flush { Self.deliver($0, direction: .fromResponder, to: &consumer, counters: &counters) }
    }

    private static func deliver(_ event: StreamReassembler.Event, direction: FlowDirection, to consumer: inout Consumer,
                                counters: inout FlowTable.Counters) {
        switch event {
        case .data(let bytes, let frame, let timestamp):
            consumer.receive(bytes, direction: direction, frame: frame, timestamp: timestamp)
        case .gap(let length):
            counters.gapBytes += Int64(length)
            consumer.gap(length, direction: direction)
        }
    }
}
