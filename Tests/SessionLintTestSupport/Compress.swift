import CZlib

/// Compresses with zlib's deflate side, so the decoder is checked against an independent encoder.
public func compress(_ bytes: [UInt8], windowBits: Int32) -> [UInt8] {
    var stream = z_stream()
    precondition(deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                               ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
    let written = input.withUnsafeMutableBufferPointer { inPointer in
        output.withUnsafeMutableBufferPointer { outPointer -> Int in
            stream.next_in = inPointer.baseAddress
            stream.avail_in = uInt(inPointer.count)
            stream.next_out = outPointer.baseAddress
            stream.avail_out = uInt(outPointer.count)
            precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
            return outPointer.count - Int(stream.avail_out)
        }
    }
    return Array(output.prefix(written))
}

public let gzipWindow: Int32 = 16 + 15, zlibWindow: Int32 = 15, rawWindow: Int32 = -15
