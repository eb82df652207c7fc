import CPcap
import Foundation
import SessionLintCore

/// Reads pcap (micro- and nanosecond) and pcapng files through libpcap, one frame at a time.
/// A file that cannot be opened is an `InputError`; a file that ends in the middle of a
/// record ends with `.truncated`, after every complete frame before it.
public final class PcapFileReader {
    public enum Next {
        case frame(Frame)
        case end
        /// The file stops mid-record: everything before `byteOffset` was read.
        case truncated(byteOffset: Int, detail: String)
    }

    public let path: String
    public let linkType: LinkType
    private let handle: OpaquePointer
    private var frameNumber = 0
    private var lastGoodOffset = 0
    /// Classic pcap's records are a 16-byte header and the captured bytes, so the offset is
    /// counted rather than asked of the C library (a system call per frame); pcapng blocks
    /// carry options and padding libpcap does not report, so there the file is asked.
    /// Given up (for good) at a record as long as the snapshot length: libpcap may have clamped
    /// an oversized one, and then the record's true length is unknown here.
    private var countsOffsets: Bool
    private let snapshotLength: Int

    /// libpcap reads through stdio; a 1 MiB buffer instead of the default 4 KiB makes the
    /// reading a few hundred system calls per gigabyte.
    public static let readBufferSize = 1 << 20

    public init(path: String) throws(InputError) {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let file = fopen(path, "rb") else {
            throw InputError(file: path, message: "cannot read the capture: \(Self.explain(String(cString: strerror(errno))))")
        }
        setvbuf(file, nil, _IOFBF, Self.readBufferSize)
        var magic: UInt32 = 0
        // The classic format in either byte order, micro- or nanosecond (not the rare modified
        // format, whose record headers are longer).
        let isClassic = fread(&magic, 4, 1, file) == 1 && [0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1].contains(magic)
        rewind(file)
        // On success libpcap owns the file and closes it with the handle.
        guard let handle = pcap_fopen_offline_with_tstamp_precision(file, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer) else {
            fclose(file)
            let detail = cString(errorBuffer)
            throw InputError(file: path, message: "cannot read the capture: \(Self.explain(detail))")
        }
        self.path = path
        self.handle = handle
        self.linkType = LinkType(rawValue: pcap_datalink(handle))
        countsOffsets = isClassic
        snapshotLength = Int(pcap_snapshot(handle))
        lastGoodOffset = isClassic ? 24 : Self.fileOffset(handle) ?? 0  // after the classic file header
        guard linkType.isSupported else {
            // The handle is closed by deinit, which runs for a fully initialised instance.
            let name = pcap_datalink_val_to_name(linkType.rawValue).map { String(cString: $0) } ?? "unknown"
            throw InputError(file: path, message: "unsupported link type \(linkType.rawValue) (\(name)); sessionlint reads Ethernet, 802.1Q, Linux SLL/SLL2, BSD loopback, Cisco HDLC and raw IP captures")
        }
    }

    deinit { pcap_close(handle) }

    public func next() -> Next {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        switch pcap_next_ex(handle, &header, &data) {
        case 1:
            guard let header, let data else { return .end }
            frameNumber += 1
            let length = Int(header.pointee.caplen)
            if countsOffsets, length >= snapshotLength { countsOffsets = false }
            lastGoodOffset = countsOffsets ? lastGoodOffset + 16 + length : Self.fileOffset(handle) ?? lastGoodOffset
            let ts = header.pointee.ts
            return .frame(Frame(
                number: frameNumber,
                timestamp: Double(ts.tv_sec) + Double(ts.tv_usec) / 1_000_000_000,
                linkType: linkType,
                data: Array(UnsafeBufferPointer(start: data, count: length)),
                originalLength: Int(header.pointee.len)))
        case -2:
            return .end
        default:
            let detail = String(cString: pcap_geterr(handle))
            return .truncated(byteOffset: lastGoodOffset, detail: detail)
        }
    }

    /// The number of frames read so far.
    public var framesRead: Int { frameNumber }

    private static func fileOffset(_ handle: OpaquePointer) -> Int? {
        guard let file = pcap_file(handle) else { return nil }
        let offset = ftell(file)
        return offset >= 0 ? offset : nil
    }

    /// libpcap's wording, made to say what to do.
    private static func explain(_ detail: String) -> String {
        if detail.contains("unknown file format") {
            return "not a pcap or pcapng file (\(detail))"
        }
        if detail.contains("No such file") { return "no such file" }
        if detail.contains("Permission denied") { return "permission denied" }
        return detail
    }
}

/// The text in a NUL-terminated C buffer.
func cString(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
