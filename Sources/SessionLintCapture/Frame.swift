/// One captured frame as libpcap delivered it.
public struct Frame: Sendable {
    /// One-based, as Wireshark numbers frames.
    public var number: Int
    /// Seconds since the epoch, with the capture's precision (micro- or nanoseconds).
    public var timestamp: Double
    public var linkType: LinkType
    /// The captured bytes; shorter than `originalLength` when the snapshot length cut it.
    public var data: [UInt8]
    public var originalLength: Int

    public init(number: Int, timestamp: Double, linkType: LinkType, data: [UInt8], originalLength: Int) {
        self.number = number
        self.timestamp = timestamp
        self.linkType = linkType
        self.data = data
        self.originalLength = originalLength
    }

    public var isTruncated: Bool { data.count < originalLength }
}

/// Link-layer header types (tcpdump.org/linktypes.html) that sessionlint decodes.
public struct LinkType: Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let null = LinkType(rawValue: 0)            // BSD loopback, host-order family
    public static let ethernet = LinkType(rawValue: 1)
    public static let raw = LinkType(rawValue: 101)           // raw IPv4 or IPv6
    public static let rawBSD12 = LinkType(rawValue: 12)       // DLT_RAW on some BSDs
    public static let rawBSD14 = LinkType(rawValue: 14)
    public static let ciscoHDLC = LinkType(rawValue: 104)
    public static let loop = LinkType(rawValue: 108)          // OpenBSD loopback, network-order family
    public static let linuxSLL = LinkType(rawValue: 113)
    public static let linuxSLL2 = LinkType(rawValue: 276)
    public static let ipv4 = LinkType(rawValue: 228)
    public static let ipv6 = LinkType(rawValue: 229)

    public static let supported: [LinkType] = [.null, .ethernet, .raw, .rawBSD12, .rawBSD14, .ciscoHDLC, .loop, .linuxSLL, .linuxSLL2, .ipv4, .ipv6]

    public var isSupported: Bool { Self.supported.contains(self) }

    public var description: String {
        switch self {
        case .null: "NULL (BSD loopback)"
        case .ethernet: "EN10MB (Ethernet)"
        case .raw, .rawBSD12, .rawBSD14: "RAW (IP)"
        case .ciscoHDLC: "C_HDLC (Cisco HDLC)"
        case .loop: "LOOP (OpenBSD loopback)"
        case .linuxSLL: "LINUX_SLL"
        case .linuxSLL2: "LINUX_SLL2"
        case .ipv4: "IPV4"
        case .ipv6: "IPV6"
        default: "link type \(rawValue)"
        }
    }
}
