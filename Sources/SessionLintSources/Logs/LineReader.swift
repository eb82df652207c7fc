import Foundation
import SessionLintCore

/// Where the lines of a log come from: a file read in chunks, so memory stays flat however large
/// the log is (a mapped file would count toward the process's memory as it is read), or bytes
/// already in memory (standard input, a decompressed `.gz`).
public enum LogBytes: Sendable {
    case file(path: String)
    case memory(Data)
}

/// Hands out the lines of a log one at a time, with one-based numbers; the last line is marked
/// incomplete when the input does not end with a newline. A line is valid only during the call.
enum LineReader {
    static let chunkSize = 1 << 20
    /// A longer line is cut here (and reported as not matching): a bound, not a format limit.
    static let maxLineLength = 1 << 20

    static func forEachLine(of bytes: LogBytes, name: String, _ body: (Int, ArraySlice<UInt8>, Bool) -> Void) throws(InputError) {
        switch bytes {
        case .memory(let data):
            forEachLine(inMemory: data, body)
        case .file(let path):
            try forEachLine(inFile: path, name: name, body)
        }
    }

    /// The first `count` bytes, for format detection.
    static func prefix(of bytes: LogBytes, count: Int, name: String) throws(InputError) -> Data {
        switch bytes {
        case .memory(let data):
            return data.prefix(count)
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else { throw InputError(file: name, message: "cannot read the file") }
            defer { try? handle.close() }
            do { return try handle.read(upToCount: count) ?? Data() } catch { throw InputError(file: name, message: "cannot read: \(error.localizedDescription)") }
        }
    }

    private static func forEachLine(inMemory data: Data, _ body: (Int, ArraySlice<UInt8>, Bool) -> Void) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            var number = 1
            var line: [UInt8] = []
            while start < bytes.count {
                let newline = bytes[start...].firstIndex(of: 0x0A)
                let end = newline ?? bytes.count
                line.removeAll(keepingCapacity: true)
                line.append(contentsOf: bytes[start..<min(end, start + maxLineLength)])
                body(number, line[...], newline != nil)
                start = end + 1
                number += 1
            }
        }
    }

    private static func forEachLine(inFile path: String, name: String, _ body: (Int, ArraySlice<UInt8>, Bool) -> Void) throws(InputError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw InputError(file: name, message: "cannot read the file") }
        defer { try? handle.close() }
        var pending: [UInt8] = []  // the start of a line whose end is in a later chunk
        var pendingWasCut = false
        var number = 1
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: chunkSize) ?? Data() } catch {
                throw InputError(file: name, place: .line(number), message: "cannot read on: \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let bytes = raw.bindMemory(to: UInt8.self)
                var start = 0
                while let newline = bytes[start...].firstIndex(of: 0x0A) {
                    if pending.isEmpty, !pendingWasCut {
                        body(number, ArraySlice(bytes[start..<min(newline, start + maxLineLength)]), true)
                    } else {
                        pending.append(contentsOf: bytes[start..<min(newline, start + max(0, maxLineLength - pending.count))])
                        body(number, pending[...], true)
                        pending.removeAll(keepingCapacity: true)
                        pendingWasCut = false
                    }
                    number += 1
                    start = newline + 1
                }
                let room = maxLineLength - pending.count
                if bytes.count - start > room { pendingWasCut = true }
                pending.append(contentsOf: bytes[start..<min(bytes.count, start + max(0, room))])
            }
        }
        if !pending.isEmpty || pendingWasCut { body(number, pending[...], false) }
    }
}
