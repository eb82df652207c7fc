import Foundation

/// A UUID in its text form (RFC 9562 §4): the version nibble says how it was made. Version 1
/// and 6 carry a timestamp and usually the host's MAC address; 4 is random (122 bits); 7 is a
/// millisecond timestamp followed by 74 random bits.
public struct UUIDLayout: Sendable, Equatable {
    public let version: Int
    /// The 48-bit node of a v1/v6 UUID when it is a real MAC address (multicast bit clear).
    public let macAddress: String?
    /// The creation time a v1, v6 or v7 UUID states.
    public let time: Date?

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 36, [8, 13, 18, 23].allSatisfy({ bytes[$0] == UInt8(ascii: "-") }) else { return nil }
        let hex = bytes.enumerated().filter { ![8, 13, 18, 23].contains($0.offset) }.map(\.element)
        guard hex.allSatisfy({ UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 || UInt8(ascii: "a")...UInt8(ascii: "f") ~= ($0 | 0x20) }),
              let value = UInt64(String(decoding: hex.prefix(16), as: UTF8.self), radix: 16),
              let low = UInt64(String(decoding: hex.suffix(16), as: UTF8.self), radix: 16) else { return nil }
        version = Int((value >> 12) & 0xF)
        let node = low & 0xFFFF_FFFF_FFFF
        switch version {
        case 1, 6:
            let timestamp: UInt64 = version == 1
                ? ((value & 0xFFF) << 48) | (((value >> 16) & 0xFFFF) << 32) | (value >> 32)
                : ((value >> 16) << 12) | (value & 0xFFF)
            // 100 ns intervals since 1582-10-15.
            time = Date(timeIntervalSince1970: Double(timestamp) / 1e7 - 12_219_292_800)
            macAddress = node & 0x0100_0000_0000 == 0
                ? stride(from: 40, through: 0, by: -8).map { String(format: "%02x", (node >> UInt64($0)) & 0xFF) }.joined(separator: ":")
                : nil
        case 7:
            time = Date(timeIntervalSince1970: Double(value >> 16) / 1000)
            macAddress = nil
        default:
            time = nil
            macAddress = nil
        }
    }
}
