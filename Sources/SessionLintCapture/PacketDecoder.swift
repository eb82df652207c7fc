/// Decodes frames down to TCP segments: link layer (Ethernet with 802.1Q/QinQ and PPPoE,
/// Linux SLL/SLL2, BSD loopback, Cisco HDLC, raw IP), IPv4 with fragment reassembly, IPv6 with
/// extension headers and fragments, and IP tunnels (IP-in-IP, Teredo, AYIYA). Everything else
/// is counted and skipped; a malformed packet ends that packet only.
public struct PacketDecoder {
    public struct Counters: Sendable, Equatable {
        public var frames = 0
        public var tcpSegments = 0
        public var nonTCP = 0
        public var malformed = 0
        public var fragmentsPending = 0
        public var truncatedFrames = 0
        /// UDP datagrams on port 443 shaped as QUIC (RFC 9000 §17: the fixed bit set), and those
        /// with a long header of a known QUIC version, which every connection starts with: HTTP/3,
        /// which browsers prefer where servers offer it, and which cannot be read here.
        public var quicDatagrams = 0
        public var quicLongHeaders = 0
    }

    public private(set) var counters = Counters()
    private var fragments = FragmentReassembler()
    private static let maxTunnelDepth = 3

    public init() {}

    public var fragmentsDropped: Int { fragments.dropped }

    public mutating func decode(_ frame: Frame) -> TCPSegment? {
        counters.frames += 1
        if frame.isTruncated { counters.truncatedFrames += 1 }
        do {
            var cursor = ByteCursor(frame.data)
            guard let (version, payload) = try networkLayer(&cursor, linkType: frame.linkType) else {
                counters.nonTCP += 1
                return nil
            }
            return try ip(version: version, payload, frame: frame, depth: 0)
        } catch {
            counters.malformed += 1
            return nil
        }
    }

    // MARK: - Link layer

    /// The IP version (4 or 6) and the bytes of the IP packet, or nil for other protocols.
    private func networkLayer(_ cursor: inout ByteCursor, linkType: LinkType) throws(ByteCursor.OutOfBounds) -> (Int, ArraySlice<UInt8>)? {
        switch linkType {
        case .ethernet:
            try cursor.skip(12)
            return try etherType(try cursor.readUInt16BE(), &cursor)
        case .linuxSLL:
            try cursor.skip(14)
            return try etherType(try cursor.readUInt16BE(), &cursor)
        case .linuxSLL2:
            let protocolType = try cursor.readUInt16BE()
            try cursor.skip(18)
            return try etherType(protocolType, &cursor)
        case .null, .loop:
            let raw = try cursor.read(4)
            let bytes = Array(raw)
            // The family is in the capturing host's byte order for NULL; try both.
            let little = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
            let big = UInt32(bytes[3]) | UInt32(bytes[2]) << 8 | UInt32(bytes[1]) << 16 | UInt32(bytes[0]) << 24
            let family = linkType == .loop ? big : (little < 256 ? little : big)
            switch family {
            case 2: return (4, cursor.rest())
            case 10, 23, 24, 26, 28, 30: return (6, cursor.rest())
            default: return nil
            }
        case .ciscoHDLC:
            try cursor.skip(2)
            return try etherType(try cursor.readUInt16BE(), &cursor)
        case .raw, .rawBSD12, .rawBSD14, .ipv4, .ipv6:
            return rawIP(cursor.rest())
        default:
            return nil
        }
    }

    private func etherType(_ type: UInt16, _ cursor: inout ByteCursor) throws(ByteCursor.OutOfBounds) -> (Int, ArraySlice<UInt8>)? {
        var type = type
        while true {
            switch type {
            case 0x0800: return (4, cursor.rest())
            case 0x86DD: return (6, cursor.rest())
            case 0x8100, 0x88A8, 0x9100, 0x9200:  // 802.1Q, 802.1ad (QinQ) and pre-standard QinQ
                try cursor.skip(2)
                type = try cursor.readUInt16BE()
            case 0x8864:  // PPPoE session: 6-byte header, then a PPP protocol number
                try cursor.skip(6)
                // With protocol-field compression (RFC 1661 §6.5) an odd first byte is the whole field.
                let first = try cursor.readUInt8()
                let protocolNumber = first & 1 == 1 ? UInt16(first) : UInt16(first) << 8 | UInt16(try cursor.readUInt8())
                switch protocolNumber {
                case 0x0021: return (4, cursor.rest())
                case 0x0057: return (6, cursor.rest())
                default: return nil
                }
            case ..<0x0600:  // 802.3 length field: LLC, with SNAP carrying an EtherType
                let llc = try cursor.read(3)
                guard llc.elementsEqual([0xAA, 0xAA, 0x03]) else { return nil }
                try cursor.skip(3)
                type = try cursor.readUInt16BE()
            default:
                return nil
            }
        }
    }

    private func rawIP(_ bytes: ArraySlice<UInt8>) -> (Int, ArraySlice<UInt8>)? {
        switch (bytes.first ?? 0) >> 4 {
        case 4: (4, bytes)
        case 6: (6, bytes)
        default: nil
        }
    }

    // MARK: - IP

    private mutating func ip(version: Int, _ packet: ArraySlice<UInt8>, frame: Frame, depth: Int) throws(ByteCursor.OutOfBounds) -> TCPSegment? {
        version == 4
            ? try ipv4(packet, frame: frame, depth: depth)
            : try ipv6(packet, frame: frame, depth: depth)
    }

    /// Bytes a length field says are missing from the frame: only the snapshot length can have
    /// cut them, so no more than it cut. A length that claims more on a whole frame is a lie (or
    /// a segmentation-offload artefact), and inventing a gap for it would lose the stream.
    private static func missing(claimed: Int, frame: Frame) -> Int {
        min(claimed, max(0, frame.originalLength - frame.data.count))
    }

    private mutating func ipv4(_ packet: ArraySlice<UInt8>, frame: Frame, depth: Int) throws(ByteCursor.OutOfBounds) -> TCPSegment? {
        var cursor = ByteCursor(packet)
        let versionAndLength = try cursor.readUInt8()
        let headerLength = Int(versionAndLength & 0x0F) * 4
        guard versionAndLength >> 4 == 4, headerLength >= 20 else { throw ByteCursor.OutOfBounds(needed: 20, available: 0) }
        try cursor.skip(1)
        let totalLength = Int(try cursor.readUInt16BE())
        let identification = try cursor.readUInt16BE()
        let flagsAndOffset = try cursor.readUInt16BE()
        try cursor.skip(1)
        let protocolNumber = try cursor.readUInt8()
        try cursor.skip(2)
        let source = try cursor.read(4)
        let destination = try cursor.read(4)
        try cursor.skip(headerLength - 20)
        // The IP length trims Ethernet padding; a snapshot length may have cut the packet short.
        let available = cursor.remaining
        let payloadLength = max(0, totalLength - headerLength)
        var payload = cursor.rest()
        var missing = 0
        if payloadLength <= available {
            payload = payload.prefix(payloadLength)
        } else {
            missing = Self.missing(claimed: payloadLength - available, frame: frame)
        }
        let moreFragments = flagsAndOffset & 0x2000 != 0
        let fragmentOffset = Int(flagsAndOffset & 0x1FFF) * 8
        if moreFragments || fragmentOffset > 0 {
            guard missing == 0 else { return nil }  // a cut fragment cannot be reassembled
            let key = FragmentReassembler.Key(source: Array(source), destination: Array(destination), identification: UInt32(identification), protocolNumber: protocolNumber)
            guard let whole = fragments.add(key, offset: fragmentOffset, moreFragments: moreFragments, payload: payload, time: frame.timestamp, frame: frame.number) else {
                counters.fragmentsPending += 1
                return nil
            }
            return try transport(protocolNumber, whole[...], source: source, destination: destination, frame: frame, depth: depth, missing: 0)
        }
        return try transport(protocolNumber, payload, source: source, destination: destination, frame: frame, depth: depth, missing: missing)
    }

    private mutating func ipv6(_ packet: ArraySlice<UInt8>, frame: Frame, depth: Int) throws(ByteCursor.OutOfBounds) -> TCPSegment? {
        var cursor = ByteCursor(packet)
        guard try cursor.readUInt8() >> 4 == 6 else { throw ByteCursor.OutOfBounds(needed: 40, available: 0) }
        try cursor.skip(3)
        let payloadLength = Int(try cursor.readUInt16BE())
        var nextHeader = try cursor.readUInt8()
        try cursor.skip(1)
        let source = try cursor.read(16)
        let destination = try cursor.read(16)
        let available = cursor.remaining
        var missing = 0
        var body = cursor.rest()
        if payloadLength <= available { body = body.prefix(payloadLength) } else { missing = Self.missing(claimed: payloadLength - available, frame: frame) }

        var headers = ByteCursor(body)
        while true {
            switch nextHeader {
            case 0, 43, 60, 135, 139, 140:  // hop-by-hop, routing, destination options, mobility, HIP, shim6
                let next = try headers.readUInt8()
                let length = (Int(try headers.readUInt8()) + 1) * 8
                try headers.skip(length - 2)
                nextHeader = next
            case 51:  // authentication header
                let next = try headers.readUInt8()
                let length = (Int(try headers.readUInt8()) + 2) * 4
                try headers.skip(length - 2)
                nextHeader = next
            case 44:  // fragment
                let next = try headers.readUInt8()
                try headers.skip(1)
                let offsetAndFlags = try headers.readUInt16BE()
                let identification = try headers.readUInt32BE()
                let offset = Int(offsetAndFlags & 0xFFF8)
                let more = offsetAndFlags & 0x0001 != 0
                if offset == 0, !more {  // an atomic fragment (RFC 6946): nothing to reassemble
                    nextHeader = next
                    continue
                }
                guard missing == 0 else { return nil }
                let key = FragmentReassembler.Key(source: Array(source), destination: Array(destination), identification: identification, protocolNumber: next)
                guard let whole = fragments.add(key, offset: offset, moreFragments: more, payload: headers.rest(), time: frame.timestamp, frame: frame.number) else {
                    counters.fragmentsPending += 1
                    return nil
                }
                return try transport(next, whole[...], source: source, destination: destination, frame: frame, depth: depth, missing: 0)
            default:
                return try transport(nextHeader, headers.rest(), source: source, destination: destination, frame: frame, depth: depth, missing: missing)
            }
        }
    }

    // MARK: - Transport and tunnels

    private mutating func transport(
        _ protocolNumber: UInt8, _ payload: ArraySlice<UInt8>, source: ArraySlice<UInt8>, destination: ArraySlice<UInt8>,
        frame: Frame, depth: Int, missing: Int
    ) throws(ByteCursor.OutOfBounds) -> TCPSegment? {
        switch protocolNumber {
        case 6:
            return try tcp(payload, source: source, destination: destination, frame: frame, missing: missing)
        case 4, 41:  // IPv4 or IPv6 inside IP
            guard depth < Self.maxTunnelDepth else { return nil }
            return try ip(version: protocolNumber == 4 ? 4 : 6, payload, frame: frame, depth: depth + 1)
        case 17:
            guard depth < Self.maxTunnelDepth else { return nil }
            return try udpTunnel(payload, frame: frame, depth: depth)
        default:
            counters.nonTCP += 1
            return nil
        }
    }

    private mutating func tcp(_ bytes: ArraySlice<UInt8>, source: ArraySlice<UInt8>, destination: ArraySlice<UInt8>, frame: Frame, missing: Int) throws(ByteCursor.OutOfBounds) -> TCPSegment? {
        var cursor = ByteCursor(bytes)
        let sourcePort = try cursor.readUInt16BE()
        let destinationPort = try cursor.readUInt16BE()
        let sequence = try cursor.readUInt32BE()
        let acknowledgement = try cursor.readUInt32BE()
        let dataOffset = Int(try cursor.readUInt8() >> 4) * 4
        let flags = TCPSegment.Flags(rawValue: try cursor.readUInt8() & 0x3F)
        guard dataOffset >= 20 else { throw ByteCursor.OutOfBounds(needed: 20, available: dataOffset) }
        try cursor.skip(6)
        try cursor.skip(dataOffset - 20)
        guard let sourceAddress = IPAddress(source), let destinationAddress = IPAddress(destination) else { return nil }
        counters.tcpSegments += 1
        return TCPSegment(
            sourceAddress: sourceAddress, sourcePort: sourcePort, destinationAddress: destinationAddress,
            destinationPort: destinationPort, sequence: sequence, acknowledgement: acknowledgement, flags: flags,
            payload: cursor.rest(), missingPayload: missing, frame: frame.number, timestamp: frame.timestamp)
    }

    /// Teredo (UDP 3544, RFC 4380) and AYIYA (UDP 5072) carry IPv6 (or IPv4) over UDP.
    private mutating func udpTunnel(_ bytes: ArraySlice<UInt8>, frame: Frame, depth: Int) throws(ByteCursor.OutOfBounds) -> TCPSegment? {
        var cursor = ByteCursor(bytes)
        let sourcePort = try cursor.readUInt16BE()
        let destinationPort = try cursor.readUInt16BE()
        try cursor.skip(4)
        var payload = ByteCursor(cursor.rest())
        if sourcePort == 3544 || destinationPort == 3544 {
            // Optional authentication (0x0001) and origin indication (0x0000) headers precede IPv6.
            while let first = payload.peekUInt8(), first == 0 {
                switch payload.peekUInt8(at: 1) {
                case 1:
                    try payload.skip(2)
                    let idLength = Int(try payload.readUInt8())
                    let authLength = Int(try payload.readUInt8())
                    try payload.skip(idLength + authLength + 9)
                case 0:
                    try payload.skip(8)
                default:
                    return nil
                }
            }
            guard payload.peekUInt8().map({ $0 >> 4 == 6 }) == true else { return nil }
            return try ipv6(payload.rest(), frame: frame, depth: depth + 1)
        }
        if sourcePort == 5072 || destinationPort == 5072 {
            let identityAndType = try payload.readUInt8()
            let signatureAndHash = try payload.readUInt8()
            try payload.skip(1)
            let nextHeader = try payload.readUInt8()
            try payload.skip(4)
            try payload.skip((1 << Int(identityAndType >> 4)) + Int(signatureAndHash >> 4) * 4)
            guard nextHeader == 41 || nextHeader == 4 else { return nil }
            return try ip(version: nextHeader == 4 ? 4 : 6, payload.rest(), frame: frame, depth: depth + 1)
        }
        // Teredo through a relay uses any port (Zeek finds it by content): an IPv6 header whose
        // payload length accounts for exactly the rest of the datagram.
        let rest = payload.rest()
        if rest.count >= 40, rest.first.map({ $0 >> 4 == 6 }) == true {
            let declared = Int(rest[rest.startIndex + 4]) << 8 | Int(rest[rest.startIndex + 5])
            let next = rest[rest.startIndex + 6]
            if declared + 40 == rest.count, [6, 17, 58, 59, 0, 44].contains(next) {
                return try ipv6(rest, frame: frame, depth: depth + 1)
            }
        }
        if sourcePort == 443 || destinationPort == 443 { noteQUIC(rest) }
        counters.nonTCP += 1
        return nil
    }

    /// Counts a datagram that looks like QUIC: the fixed bit (0x40) set; a long header (0x80)
    /// carries the version after the first byte: 1 (RFC 9000), 2 (RFC 9369, 0x6b3343cf) or an
    /// IETF draft (0xff0000xx).
    private mutating func noteQUIC(_ datagram: ArraySlice<UInt8>) {
        guard let first = datagram.first, first & 0x40 != 0 else { return }
        counters.quicDatagrams += 1
        guard first & 0x80 != 0, datagram.count >= 5 else { return }
        let version = datagram.dropFirst().prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if version == 1 || version == 0x6B33_43CF || version & 0xFFFF_FF00 == 0xFF00_0000 { counters.quicLongHeaders += 1 }
    }
}
