import CZlib
import Foundation
import SessionLintCore

/// zlib's inflate over bytes held in memory, for the three wrappings HTTP and files use:
/// gzip (RFC 1952, several members in a row too, as `cat a.gz b.gz` and logrotate make them),
/// zlib (RFC 1950, what `Content-Encoding: deflate` should be) and raw deflate (RFC 1951, what
/// some servers send as "deflate" anyway). Output stops at `limit`, so a small bomb cannot
/// grow into a large allocation; data cut short keeps what was decoded and says why.
enum Inflate {
    enum Wrapping {
        case gzip, zlib, raw

        var windowBits: Int32 {
            switch self {
            case .gzip: 16 + MAX_WBITS
            case .zlib: MAX_WBITS
            case .raw: -MAX_WBITS
            }
        }
    }

    enum Damage: Equatable {
        /// The input stops inside the compressed stream (cut off, or still being written).
        case endsEarly
        /// zlib rejected the data at this input byte.
        case invalid(atByte: Int, detail: String)

        func describe(format: String) -> String {
            switch self {
            case .endsEarly: "the \(format) data ends early"
            case .invalid(let byte, let detail): "the \(format) data is damaged at byte \(byte) (\(detail))"
            }
        }
    }

    struct Result {
        var output: [UInt8]
        /// Why decoding stopped before the end of the input, if it did.
        var damage: Damage?
        /// The output reached the limit; the rest of the input was not decoded.
        var reachedLimit: Bool
    }

    static func decode<Bytes: ContiguousBytes>(_ input: Bytes, wrapping: Wrapping, limit: Int = .max) -> Result {
        var result = Result(output: [], damage: nil, reachedLimit: false)
        var stream = z_stream()
        guard inflateInit2_(&stream, wrapping.windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            result.damage = .invalid(atByte: 0, detail: "zlib could not start")
            return result
        }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        input.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            guard let base = bytes.bindMemory(to: UInt8.self).baseAddress, !bytes.isEmpty else { return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(bytes.count)
            while true {
                let room = min(chunk, limit - result.output.count)
                guard room > 0 else { result.reachedLimit = true; return }
                let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(room)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    result.output.append(contentsOf: out.prefix(room - Int(stream.avail_out)))
                    return status
                }
                switch status {
                case Z_STREAM_END:
                    // Only gzip allows another member to follow.
                    guard wrapping == .gzip, stream.avail_in > 0 else { return }
                    inflateReset(&stream)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    result.damage = .endsEarly
                    return
                default:
                    result.damage = .invalid(atByte: Int(stream.total_in), detail: status == Z_DATA_ERROR ? "data error" : "zlib status \(status)")
                    return
                }
            }
        }
        return result
    }
}

/// gzip-compressed inputs (`.gz` captures and logs), recognised by their magic bytes; read
/// through `GzipStream`.
enum Gzip {
    static func isCompressed(_ data: Data) -> Bool { data.starts(with: [0x1F, 0x8B]) }
}

/// Undoes a response's Content-Encoding so its text can be searched (RFC 9110 §8.4).
enum ContentDecoding {
    /// The decoded body up to `limit`, or nil when the coding is one this build cannot undo
    /// (br, zstd, stacked codings) or the body is damaged before any text came out.
    static func decode(_ body: [UInt8], contentEncoding: String?, limit: Int) -> [UInt8]? {
        let codings = (contentEncoding ?? "").lowercased().split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "identity" }
        guard let coding = codings.first else { return Array(body.prefix(limit)) }
        guard codings.count == 1 else { return nil }
        switch coding {
        case "gzip", "x-gzip":
            return usable(Inflate.decode(body, wrapping: .gzip, limit: limit))
        case "deflate":
            // RFC 9110 says zlib-wrapped; some servers send raw deflate. The zlib header's check
            // bits tell them apart.
            let zlibWrapped = body.count >= 2 && body[0] & 0x0F == 8 && (UInt16(body[0]) << 8 | UInt16(body[1])) % 31 == 0
            return usable(Inflate.decode(body, wrapping: zlibWrapped ? .zlib : .raw, limit: limit))
        default:
            return nil
        }
    }

    private static func usable(_ result: Inflate.Result) -> [UInt8]? {
        result.output.isEmpty && result.damage != nil ? nil : result.output
    }
}

/// gzip data decompressed as it is read, a chunk at a time, so a large compressed log costs one
/// chunk of memory and a decompression bomb is only a long input. Output stops at `limit`
/// (`Limits.decompressedBytes`); damage stops it too, keeping what came before. Either way
/// `note` says so.
final class GzipStream {

    private let compressed: ChunkReader
    private let limit: Int
    /// zlib keeps a pointer back to its stream, so the stream must not move: allocated once.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var produced = 0
    /// Between two gzip members (or before the first): the data may end here.
    private var atMemberBoundary = true
    private var finished = false
    /// Why decompression stopped before the data's end, if it did: what happened, and what that
    /// means for what was read.
    private(set) var stop: (reason: String, consequence: String)?

    var note: String? { stop.map { "\($0.reason); \($0.consequence)" } }

    init(_ compressed: ChunkReader, name: String, limit: Int) throws(InputError) {
        self.compressed = compressed
        self.limit = limit
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, Inflate.Wrapping.gzip.windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw InputError(file: name, message: "zlib could not start")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The next decompressed bytes (never empty), or nil at the end.
    func next() throws(InputError) -> Data? {
        guard !finished else { return nil }
        guard produced < limit else {
            finish("decompressing stopped at \(Limits.describe(limit, unit: .bytes)) (the decompressed-bytes limit)", "the rest of the file was not read")
            return nil
        }
        var output = [UInt8](repeating: 0, count: min(ChunkReader.chunkSize, limit - produced))
        var written = 0
        reading: while written < output.count {
            if inputOffset == input.count {
                input = Array(try compressed.next() ?? Data())
                inputOffset = 0
                if input.isEmpty {
                    if atMemberBoundary { finished = true } else {
                        finish("the gzip data ends early (file cut off or still being written)", "what came before was read")
                    }
                    break reading
                }
            }
            let (offsetBefore, writtenBefore) = (inputOffset, written)
            let status = inflateSome(into: &output, at: &written)
            switch status {
            case Z_OK:
                continue
            case Z_BUF_ERROR where inputOffset != offsetBefore || written != writtenBefore:
                continue
            case Z_STREAM_END:
                // Another member may follow (`cat a.gz b.gz`, logrotate); the data may also end here.
                inflateReset(stream)
                atMemberBoundary = true
            default:
                finish("the gzip data is damaged after \(produced + written) decompressed bytes (\(status == Z_DATA_ERROR ? "data error" : "zlib status \(status)"))",
                       "what came before was read")
                break reading
            }
        }
        produced += written
        return written > 0 ? Data(output.prefix(written)) : nil
    }

    /// One call to inflate from `input[inputOffset...]` into `output[written...]`.
    private func inflateSome(into output: inout [UInt8], at written: inout Int) -> Int32 {
        input.withUnsafeMutableBufferPointer { compressed in
            output.withUnsafeMutableBufferPointer { plain in
                stream.pointee.next_in = compressed.baseAddress.map { $0 + inputOffset }
                stream.pointee.avail_in = uInt(compressed.count - inputOffset)
                stream.pointee.next_out = plain.baseAddress.map { $0 + written }
                stream.pointee.avail_out = uInt(plain.count - written)
                let status = inflate(stream, Z_NO_FLUSH)
                let consumed = compressed.count - inputOffset - Int(stream.pointee.avail_in)
                if consumed > 0 { atMemberBoundary = false }
                inputOffset += consumed
                written = plain.count - Int(stream.pointee.avail_out)
                return status
            }
        }
    }

    private func finish(_ reason: String, _ consequence: String) {
        finished = true
        stop = (reason, consequence)
    }
}
