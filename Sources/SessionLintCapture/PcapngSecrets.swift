import Foundation

/// The Decryption Secrets Blocks of a pcapng file (block type 0x0000000A; draft-ietf-opsawg-
/// pcapng §4.7), which libpcap skips. Walks the block headers section by section, honouring
/// each section's byte order, and keeps only the secrets, up to a total size.
public enum PcapngSecrets {
    public struct Block: Sendable, Equatable {
        /// 0x544c534b ("TLSK") for a TLS key log.
        public var type: UInt32
        public var data: [UInt8]
        /// Where the block starts in the file, for messages.
        public var offset: Int
    }

    public static let tlsKeyLogType: UInt32 = 0x544C_534B
    private static let sectionHeaderType: UInt32 = 0x0A0D_0D0A
    private static let decryptionSecretsType: UInt32 = 0x0000_000A

    /// nil when the file is not pcapng (classic pcap carries no secrets) or cannot be read.
    /// A damaged block structure ends the walk: the secrets found before it are kept.
    public static func read(path: String, limit: Int) -> [Block]? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        var blocks: [Block] = []
        var kept = 0
        var offset = 0
        var bigEndian = false
        while let header = try? file.read(upToCount: 12), header.count == 12 {
            let bytes = [UInt8](header)
            let rawType = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
            if rawType == sectionHeaderType {
                // The byte-order magic follows the length: 1A2B3C4D as written.
                let magic = Array(bytes[8..<12])
                if magic == [0x1A, 0x2B, 0x3C, 0x4D] { bigEndian = true } else if magic == [0x4D, 0x3C, 0x2B, 0x1A] { bigEndian = false } else { break }
            } else if offset == 0 {
                return nil
            }
            let type = word(bytes, 0, bigEndian)
            let length = Int(word(bytes, 4, bigEndian))
            guard length >= 12, length % 4 == 0 else { break }
            if type == decryptionSecretsType {
                let secretsType = word(bytes, 8, bigEndian)
                guard let lengthField = try? file.read(upToCount: 4), lengthField.count == 4 else { break }
                let secretsLength = Int(word([UInt8](lengthField), 0, bigEndian))
                guard secretsLength <= length - 20, kept + secretsLength <= limit,
                      let secrets = try? file.read(upToCount: secretsLength), secrets.count == secretsLength else { break }
                blocks.append(Block(type: secretsType, data: [UInt8](secrets), offset: offset))
                kept += secretsLength
            }
            offset += length
            do { try file.seek(toOffset: UInt64(offset)) } catch { break }
        }
        return offset == 0 ? nil : blocks
    }

    private static func word(_ bytes: [UInt8], _ at: Int, _ bigEndian: Bool) -> UInt32 {
        let value = UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
        return bigEndian ? value : value.byteSwapped
    }
}
