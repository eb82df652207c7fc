/// A TCP segment with where and when it was seen: what the flow table consumes.
public struct TCPSegment: Sendable {
    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let fin = Flags(rawValue: 0x01)
        public static let syn = Flags(rawValue: 0x02)
        public static let rst = Flags(rawValue: 0x04)
        public static let psh = Flags(rawValue: 0x08)
        public static let ack = Flags(rawValue: 0x10)
    }

    public var sourceAddress: IPAddress
    public var sourcePort: UInt16
    public var destinationAddress: IPAddress
    public var destinationPort: UInt16
    public var sequence: UInt32
    public var acknowledgement: UInt32
    public var flags: Flags
    public var payload: ArraySlice<UInt8>
    /// Payload bytes the segment carried on the wire but the capture cut off (snapshot length).
    public var missingPayload: Int
    public var frame: Int
    public var timestamp: Double

    public init(
        sourceAddress: IPAddress, sourcePort: UInt16, destinationAddress: IPAddress, destinationPort: UInt16,
        sequence: UInt32, acknowledgement: UInt32, flags: Flags, payload: ArraySlice<UInt8>, missingPayload: Int = 0,
        frame: Int, timestamp: Double
    ) {
        self.sourceAddress = sourceAddress
        self.sourcePort = sourcePort
        self.destinationAddress = destinationAddress
        self.destinationPort = destinationPort
        self.sequence = sequence
        self.acknowledgement = acknowledgement
        self.flags = flags
        self.payload = payload
        self.missingPayload = missingPayload
        self.frame = frame
        self.timestamp = timestamp
    }
}
