import Foundation
import SessionLintCore

/// Where an input's bytes come from. Files and standard input are read a chunk at a time, so
/// memory stays flat however large a log is (a mapped file would count toward the process's
/// memory as it is read); gzip-compressed bytes are decompressed the same way.
public indirect enum InputBytes: Sendable {
    case memory(Data)
    case file(path: String)
    /// Standard input: `head`, already read to recognise the input, then the rest of it.
    case standardInput(head: Data)
    /// Any of these gzip-compressed; decompression stops after `limit` bytes
    /// (`Limits.decompressedBytes`).
    case gzip(InputBytes, limit: Int)
}

/// Hands out the bytes of an `InputBytes` in chunks (never empty; nil at the end).
final class ChunkReader {
    static let chunkSize = 1 << 20

    private enum Origin {
        case memory(Data?)
        case handle(FileHandle, pending: Data?, closes: Bool)
        case gzip(GzipStream)
    }

    private var origin: Origin
    private let name: String

    init(_ bytes: InputBytes, name: String) throws(InputError) {
        self.name = name
        switch bytes {
        case .memory(let data):
            origin = .memory(data)
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else { throw InputError(file: name, message: "cannot read the file") }
            origin = .handle(handle, pending: nil, closes: true)
        case .standardInput(let head):
            origin = .handle(FileHandle.standardInput, pending: head, closes: false)
        case .gzip(let compressed, let limit):
            origin = .gzip(try GzipStream(try ChunkReader(compressed, name: name), name: name, limit: limit))
        }
    }

    deinit {
        if case .handle(let handle, _, true) = origin { try? handle.close() }
    }

    /// Why decompression stopped early, if it did, as a warning says it.
    var note: String? { gzipStop.map { "\($0.reason); \($0.consequence)" } }

    /// The same, in its two parts.
    var gzipStop: (reason: String, consequence: String)? {
        if case .gzip(let stream) = origin { return stream.stop }
        return nil
    }

    func next() throws(InputError) -> Data? {
        switch origin {
        case .memory(let data):
            origin = .memory(nil)
            return data?.isEmpty == false ? data : nil
        case .handle(let handle, let pending, let closes):
            if let pending, !pending.isEmpty {
                origin = .handle(handle, pending: nil, closes: closes)
                return pending
            }
            do {
                let chunk = try handle.read(upToCount: Self.chunkSize)
                return chunk?.isEmpty == false ? chunk : nil
            } catch {
                throw InputError(file: name, message: "cannot read on: \(error.localizedDescription)")
            }
        case .gzip(let stream):
            return try stream.next()
        }
    }

    /// The first `count` bytes, for format detection. Standard input gives only what was read
    /// of it already: what is read now could not be read again.
    static func prefix(of bytes: InputBytes, count: Int, name: String) throws(InputError) -> Data {
        switch bytes {
        case .standardInput(let head):
            return head.prefix(count)
        case .gzip(.standardInput(let head), let limit):
            return Data(Inflate.decode(head, wrapping: .gzip, limit: min(count, limit)).output)
        case .gzip(let compressed, let limit):
            return try read(.gzip(compressed, limit: min(count, limit)), count: count, name: name)
        case .memory, .file:
            return try read(bytes, count: count, name: name)
        }
    }

    private static func read(_ bytes: InputBytes, count: Int, name: String) throws(InputError) -> Data {
        let reader = try ChunkReader(bytes, name: name)
        var head = Data()
        while head.count < count, let chunk = try reader.next() { head.append(chunk.prefix(count - head.count)) }
        return head
    }
}
