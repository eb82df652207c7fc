import CZlib
import Foundation
import SessionLintCore

/// Decompresses gzip data (several members in a row too, as `cat a.gz b.gz` and logrotate make
/// them) through zlib. A stream cut short keeps what was decompressed and says so.
enum Gzip {
    static func isCompressed(_ data: Data) -> Bool { data.starts(with: [0x1F, 0x8B]) }

    /// The decompressed bytes and, when the data is damaged or cut short, why it stopped.
    static func decompress(_ data: Data, name: String) throws(InputError) -> (Data, damage: String?) {
        var output = Data()
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InputError(file: name, message: "cannot start gzip decompression")
        }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        var damage: String?
        data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard let base = input.bindMemory(to: UInt8.self).baseAddress else { return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            while true {
                let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunk)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    output.append(out.baseAddress!, count: chunk - Int(stream.avail_out))
                    return status
                }
                if status == Z_STREAM_END {
                    // Another member may follow.
                    if stream.avail_in == 0 { return }
                    inflateReset(&stream)
                    continue
                }
                if status == Z_BUF_ERROR, stream.avail_in == 0 {
                    damage = "the gzip data ends early (file cut off or still being written)"
                    return
                }
                if status != Z_OK {
                    damage = "the gzip data is damaged at byte \(Int(stream.total_in)) (\(status == Z_DATA_ERROR ? "data error" : "zlib status \(status)"))"
                    return
                }
            }
        }
        return (output, damage)
    }
}
