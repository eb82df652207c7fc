import CZlib

/// TLS compression method 1, DEFLATE (RFC 3749): one zlib stream per direction runs through
/// every protected record, handshake records included, each record ending on a sync flush.
/// Dead since CRIME, but old captures (and old OpenSSL servers) have it.
final class RecordDecompression {
    /// A record decompresses to at most 2^14 bytes (RFC 5246 §6.2.2); a little more is allowed
    /// before the stream is called damaged.
    static let maxPlaintext = (1 << 14) + 1024

    /// zlib keeps a pointer back to its stream, so the stream must not move: allocated once.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var started = false

    init() {
        stream.initialize(to: z_stream())
        started = inflateInit_(stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if started { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The record's plaintext, or nil when the stream is damaged.
    func decompress(_ record: [UInt8]) -> [UInt8]? {
        guard started else { return nil }
        guard !record.isEmpty else { return [] }
        var input = record
        var output = [UInt8](repeating: 0, count: Self.maxPlaintext)
        let status = input.withUnsafeMutableBufferPointer { compressed in
            output.withUnsafeMutableBufferPointer { plain in
                stream.pointee.next_in = compressed.baseAddress
                stream.pointee.avail_in = uInt(compressed.count)
                stream.pointee.next_out = plain.baseAddress
                stream.pointee.avail_out = uInt(plain.count)
                return inflate(stream, Z_SYNC_FLUSH)
            }
        }
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR, stream.pointee.avail_in == 0 else { return nil }
        return Array(output.prefix(Self.maxPlaintext - Int(stream.pointee.avail_out)))
    }
}
