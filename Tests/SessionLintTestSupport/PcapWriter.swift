import Foundation

/// Writes classic pcap files (little-endian, microsecond or nanosecond) so tests build their
/// captures in code, byte by byte, instead of committing opaque blobs.
public struct PcapWriter {
    public var linkType: UInt32
    public var nanosecond: Bool
    public private(set) var data = Data()

    public init(linkType: UInt32 = 1, nanosecond: Bool = false, snapLength: UInt32 = 65_535) {
        self.linkType = linkType
        self.nanosecond = nanosecond
        append32(nanosecond ? 0xA1B2_3C4D : 0xA1B2_C3D4)
        append16(2); append16(4)
        append32(0); append32(0)
        append32(snapLength)
        append32(linkType)
    }

    /// Adds a frame; `capturedLength` shorter than the frame simulates a snapshot length.
    public mutating func add(_ frame: [UInt8], time: Double, capturedLength: Int? = nil) {
        let captured = min(capturedLength ?? frame.count, frame.count)
        let seconds = UInt32(time)
        let fraction = time - Double(seconds)
        append32(seconds)
        append32(UInt32((fraction * (nanosecond ? 1e9 : 1e6)).rounded()))
        append32(UInt32(captured))
        append32(UInt32(frame.count))
        data.append(contentsOf: frame.prefix(captured))
    }

    public func write(to url: URL) throws {
        try data.write(to: url)
    }

    public func writeTemporary(named name: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).pcap")
        try write(to: url)
        return url
    }

    private mutating func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    private mutating func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
}

/// Builds link, network and transport headers.
public enum Packet {
    public static func ethernet(_ payload: [UInt8], type: UInt16, vlans: [UInt16] = [], qinq: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = [0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01]
        for (index, vlan) in vlans.enumerated() {
            bytes += be16(qinq && index == 0 ? 0x88A8 : 0x8100) + be16(vlan)
        }
        return bytes + be16(type) + payload
    }

    /// Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113).
    public static func sll(_ payload: [UInt8], type: UInt16) -> [UInt8] {
        [0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0] + be16(type) + payload
    }

    /// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276).
    public static func sll2(_ payload: [UInt8], type: UInt16) -> [UInt8] {
        be16(type) + [0, 0] + [0, 0, 0, 1] + [0, 1] + [0] + [6] + [2, 0, 0, 0, 0, 1, 0, 0] + payload
    }

    /// BSD loopback (LINKTYPE_NULL, 0): the address family in the capturing host's byte order.
    public static func null(_ payload: [UInt8], family: UInt32) -> [UInt8] {
        withUnsafeBytes(of: family.littleEndian) { Array($0) } + payload
    }

    public static func ipv4(_ payload: [UInt8], from source: [UInt8], to destination: [UInt8], protocolNumber: UInt8 = 6,
                            identification: UInt16 = 1, fragmentOffset: Int = 0, moreFragments: Bool = false, totalLength: Int? = nil) -> [UInt8] {
        let length = totalLength ?? 20 + payload.count
        let flags: UInt16 = (moreFragments ? 0x2000 : 0) | UInt16(fragmentOffset / 8)
        return [0x45, 0] + be16(UInt16(length)) + be16(identification) + be16(flags) + [64, protocolNumber, 0, 0]
            + source + destination + payload
    }

    public static func ipv6(_ payload: [UInt8], from source: [UInt8], to destination: [UInt8], nextHeader: UInt8 = 6) -> [UInt8] {
        [0x60, 0, 0, 0] + be16(UInt16(payload.count)) + [nextHeader, 64] + source + destination + payload
    }

    public struct TCPFlags: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let fin = TCPFlags(rawValue: 1), syn = TCPFlags(rawValue: 2), rst = TCPFlags(rawValue: 4)
        public static let psh = TCPFlags(rawValue: 8), ack = TCPFlags(rawValue: 16)
    }

    public static func tcp(_ payload: [UInt8], sourcePort: UInt16, destinationPort: UInt16, sequence: UInt32, acknowledgement: UInt32, flags: TCPFlags) -> [UInt8] {
        be16(sourcePort) + be16(destinationPort) + be32(sequence) + be32(acknowledgement) + [0x50, flags.rawValue] + be16(65_535) + [0, 0, 0, 0] + payload
    }

    public static func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    public static func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
}

/// A TCP connection scripted segment by segment, tracking sequence numbers, so a test reads
/// like the exchange it captures: handshake, client sends, server sends, close.
public struct TCPConversation {
    public enum Network: Sendable { case ipv4, ipv6 }
    public enum Link: Sendable { case ethernet(vlans: [UInt16], qinq: Bool), sll, sll2, null, raw }

    public var clientAddress: [UInt8]
    public var serverAddress: [UInt8]
    public var clientPort: UInt16
    public var serverPort: UInt16
    public var link: Link
    public private(set) var clientSequence: UInt32
    public private(set) var serverSequence: UInt32
    public private(set) var frames: [(bytes: [UInt8], time: Double)] = []
    public var time: Double = 1_700_000_000

    public init(client: [UInt8] = [10, 0, 0, 7], server: [UInt8] = [10, 0, 0, 1], clientPort: UInt16 = 51_000, serverPort: UInt16 = 80,
                link: Link = .ethernet(vlans: [], qinq: false), clientISN: UInt32 = 1000, serverISN: UInt32 = 50_000) {
        clientAddress = client
        serverAddress = server
        self.clientPort = clientPort
        self.serverPort = serverPort
        self.link = link
        clientSequence = clientISN
        serverSequence = serverISN
    }

    public var network: Network { clientAddress.count == 16 ? .ipv6 : .ipv4 }

    public mutating func handshake() {
        emit(fromClient: true, [], flags: .syn, sequence: clientSequence, acknowledgement: 0)
        emit(fromClient: false, [], flags: [.syn, .ack], sequence: serverSequence, acknowledgement: clientSequence &+ 1)
        clientSequence &+= 1
        serverSequence &+= 1
        emit(fromClient: true, [], flags: .ack, sequence: clientSequence, acknowledgement: serverSequence)
    }

    /// Sends `text` from one side in segments of at most `segmentSize` bytes.
    public mutating func send(fromClient: Bool, _ text: String, segmentSize: Int = 1400) {
        send(fromClient: fromClient, Array(text.utf8), segmentSize: segmentSize)
    }

    public mutating func send(fromClient: Bool, _ bytes: [UInt8], segmentSize: Int = 1400) {
        var offset = 0
        while offset < bytes.count {
            let chunk = Array(bytes[offset..<min(bytes.count, offset + segmentSize)])
            sendSegment(fromClient: fromClient, chunk)
            offset += chunk.count
        }
    }

    /// One segment; returns its index in `frames` so a test can drop, duplicate or move it.
    @discardableResult
    public mutating func sendSegment(fromClient: Bool, _ bytes: [UInt8], flags: Packet.TCPFlags = [.ack, .psh]) -> Int {
        let sequence = fromClient ? clientSequence : serverSequence
        let acknowledgement = fromClient ? serverSequence : clientSequence
        emit(fromClient: fromClient, bytes, flags: flags, sequence: sequence, acknowledgement: acknowledgement)
        if fromClient { clientSequence &+= UInt32(bytes.count) } else { serverSequence &+= UInt32(bytes.count) }
        return frames.count - 1
    }

    public mutating func close() {
        emit(fromClient: true, [], flags: [.fin, .ack], sequence: clientSequence, acknowledgement: serverSequence)
        clientSequence &+= 1
        emit(fromClient: false, [], flags: [.fin, .ack], sequence: serverSequence, acknowledgement: clientSequence)
        serverSequence &+= 1
        emit(fromClient: true, [], flags: .ack, sequence: clientSequence, acknowledgement: serverSequence)
    }

    public mutating func emit(fromClient: Bool, _ payload: [UInt8], flags: Packet.TCPFlags, sequence: UInt32, acknowledgement: UInt32) {
        let segment = Packet.tcp(payload, sourcePort: fromClient ? clientPort : serverPort, destinationPort: fromClient ? serverPort : clientPort,
                                 sequence: sequence, acknowledgement: acknowledgement, flags: flags)
        let source = fromClient ? clientAddress : serverAddress
        let destination = fromClient ? serverAddress : clientAddress
        let ip = network == .ipv4 ? Packet.ipv4(segment, from: source, to: destination) : Packet.ipv6(segment, from: source, to: destination)
        let type: UInt16 = network == .ipv4 ? 0x0800 : 0x86DD
        let frame: [UInt8] = switch link {
        case .ethernet(let vlans, let qinq): Packet.ethernet(ip, type: type, vlans: vlans, qinq: qinq)
        case .sll: Packet.sll(ip, type: type)
        case .sll2: Packet.sll2(ip, type: type)
        case .null: Packet.null(ip, family: network == .ipv4 ? 2 : 30)
        case .raw: ip
        }
        time += 0.001
        frames.append((frame, time))
    }

    public var linkType: UInt32 {
        switch link {
        case .ethernet: 1
        case .sll: 113
        case .sll2: 276
        case .null: 0
        case .raw: 101
        }
    }

    /// A pcap of the frames in the order given (indices into `frames`), or all in order.
    public func pcap(order: [Int]? = nil) -> PcapWriter {
        var writer = PcapWriter(linkType: linkType)
        for index in order ?? Array(frames.indices) {
            writer.add(frames[index].bytes, time: frames[index].time)
        }
        return writer
    }
}
