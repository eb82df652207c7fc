import Foundation
import SessionLintCore

/// The input formats sessionlint reads. Detected from content, never from the file name alone.
public enum InputKind: String, Sendable, CaseIterable {
    case har
    /// pcap or pcapng, read through libpcap.
    case pcap

    /// Recognises an input from its first bytes.
    public static func detect(prefix: some Collection<UInt8>, inputName: String) throws(InputError) -> InputKind {
        var bytes = Array(prefix)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let firstNonSpace = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if firstNonSpace == UInt8(ascii: "{") { return .har }
        if isCapture(bytes) { return .pcap }
        if let format = knownButUnsupported(bytes) {
            throw InputError(file: inputName, message: "this is \(format); sessionlint reads HAR files and pcap/pcapng captures")
        }
        if bytes.isEmpty {
            throw InputError(file: inputName, message: "the input is empty")
        }
        throw InputError(file: inputName, message: "cannot tell what kind of input this is (expected a HAR file or a pcap/pcapng capture); use --input-type to say")
    }

    /// pcap (both byte orders, micro- and nanosecond magic) and pcapng (section header block).
    private static func isCapture(_ bytes: [UInt8]) -> Bool {
        let magic = bytes.prefix(4)
        return [[0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D], [0x0A, 0x0D, 0x0D, 0x0A]]
            .contains { magic.elementsEqual($0) }
    }

    private static func knownButUnsupported(_ bytes: [UInt8]) -> String? {
        if bytes.prefix(2).elementsEqual([0x1F, 0x8B]) { return "gzip-compressed data (decompress it first, e.g. with gunzip)" }
        return nil
    }
}

/// Opens an input of the given (or detected) kind as a transaction source.
public enum InputOpener {
    public static func open(path: String, kind requested: InputKind?) throws(InputError) -> any TransactionSource {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw InputError(file: path, message: "cannot read: \(readableReason(error))")
        }
        let kind: InputKind
        if let requested { kind = requested } else { kind = try InputKind.detect(prefix: data.prefix(512), inputName: path) }
        switch kind {
        case .har: return HARSource(inputName: path, data: data)
        case .pcap: return PcapSource(inputName: path, path: path)
        }
    }

    private static func readableReason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        switch nsError.code {
        case NSFileReadNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError: return "permission denied"
        default: return nsError.localizedDescription
        }
    }
}
