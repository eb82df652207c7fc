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

    public init(path: String) throws(InputError) {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer) else {
            let detail = cString(errorBuffer)
            throw InputError(file: path, message: "cannot read the capture: \(Self.explain(detail))")
        }
        self.path = path
        self.handle = handle
        self.linkType = LinkType(rawValue: pcap_datalink(handle))
        lastGoodOffset = Self.fileOffset(handle) ?? 0
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
            lastGoodOffset = Self.fileOffset(handle) ?? lastGoodOffset
            let length = Int(header.pointee.caplen)
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
