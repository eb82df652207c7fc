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
    }

    private struct Key: Hashable {
        var lowAddress: IPAddress
        var lowPort: UInt16
        var highAddress: IPAddress
        var highPort: UInt16

        init(_ segment: TCPSegment) {
            if (segment.sourceAddress, segment.sourcePort) < (segment.destinationAddress, segment.destinationPort) {
                (lowAddress, lowPort, highAddress, highPort) = (segment.sourceAddress, segment.sourcePort, segment.destinationAddress, segment.destinationPort)
            } else {
                (lowAddress, lowPort, highAddress, highPort) = (segment.destinationAddress, segment.destinationPort, segment.sourceAddress, segment.sourcePort)
            }
        }
    }

    private struct Connection {
        var info: ConnectionInfo
        var consumer: Consumer
        var fromOriginator: StreamReassembler
        var fromResponder: StreamReassembler
        var lastSeen: Double
        var reset = false
    }

    public var maxFlows: Int
    public var idleTimeout: Double
    public var maxBufferedBytesPerDirection: Int
    public private(set) var counters = Counters()

    private var connections: [Key: Connection] = [:]
    private let makeConsumer: (ConnectionInfo) -> Consumer
    private var lastSweep: Double = 0

    public init(maxFlows: Int = 100_000, idleTimeout: Double = 300, maxBufferedBytesPerDirection: Int = 1 << 20,
                makeConsumer: @escaping (ConnectionInfo) -> Consumer) {
        self.maxFlows = maxFlows
        self.idleTimeout = idleTimeout
        self.maxBufferedBytesPerDirection = maxBufferedBytesPerDirection
        self.makeConsumer = makeConsumer
    }

    public var activeConnections: Int { connections.count }

    public mutating func process(_ segment: TCPSegment) {
        if segment.timestamp - lastSweep > 10 { sweep(now: segment.timestamp) }
        let key = Key(segment)
        if connections[key] == nil {
            // A new SYN on a closed 4-tuple starts a new connection; so does any first segment.
            if connections.count >= maxFlows { evictLeastRecent() }
            connections[key] = newConnection(for: segment)
        } else if segment.flags.contains(.syn), !segment.flags.contains(.ack), let existing = connections[key],
                  existing.reset || (existing.fromOriginator.isFinished && existing.fromResponder.isFinished) {
            finish(key, reason: existing.reset ? .reset : .closed)
            connections[key] = newConnection(for: segment)
        }
        guard var connection = connections.removeValue(forKey: key) else { return }
        connection.lastSeen = segment.timestamp
        let direction: FlowDirection = segment.sourceAddress == connection.info.originatorAddress && segment.sourcePort == connection.info.originatorPort
            ? .fromOriginator : .fromResponder

        var events: [StreamReassembler.Event]
        var ackEvents: [StreamReassembler.Event] = []
        switch direction {
        case .fromOriginator:
            events = connection.fromOriginator.accept(segment)
            if segment.flags.contains(.ack) { ackEvents = connection.fromResponder.acknowledged(segment.acknowledgement) }
        case .fromResponder:
            events = connection.fromResponder.accept(segment)
            if segment.flags.contains(.ack) { ackEvents = connection.fromOriginator.acknowledged(segment.acknowledgement) }
        }
        deliver(ackEvents, direction: direction.reversed, to: &connection)
        deliver(events, direction: direction, to: &connection)
        if segment.flags.contains(.rst) { connection.reset = true }

        if connection.reset || (connection.fromOriginator.isFinished && connection.fromResponder.isFinished) {
            connections[key] = connection
            finish(key, reason: connection.reset ? .reset : .closed)
        } else {
            connections[key] = connection
        }
    }

    /// Ends every connection still open: call at the end of the capture.
    public mutating func finishAll() {
        for key in Array(connections.keys) { finish(key, reason: .endOfCapture) }
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
            fromResponder: StreamReassembler(maxBufferedBytes: maxBufferedBytesPerDirection),
            lastSeen: segment.timestamp)
    }

    private mutating func deliver(_ events: [StreamReassembler.Event], direction: FlowDirection, to connection: inout Connection) {
        for event in events {
            switch event {
            case .data(let bytes, let frame, let timestamp):
                connection.consumer.receive(bytes, direction: direction, frame: frame, timestamp: timestamp)
            case .gap(let length):
                counters.gapBytes += Int64(length)
                connection.consumer.gap(length, direction: direction)
            }
        }
    }

    private mutating func finish(_ key: Key, reason: FlowEndReason) {
        guard var connection = connections.removeValue(forKey: key) else { return }
        counters.connections += 1
        deliver(connection.fromOriginator.flush(), direction: .fromOriginator, to: &connection)
        deliver(connection.fromResponder.flush(), direction: .fromResponder, to: &connection)
        connection.consumer.end(reason: reason)
    }

    private mutating func sweep(now: Double) {
        lastSweep = now
        let idle = connections.filter { now - $0.value.lastSeen > idleTimeout }.map(\.key)
        counters.timedOut += idle.count
        for key in idle { finish(key, reason: .idle) }
    }

    private mutating func evictLeastRecent() {
        guard let oldest = connections.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key else { return }
        counters.evicted += 1
        finish(oldest, reason: .evicted)
    }
}
