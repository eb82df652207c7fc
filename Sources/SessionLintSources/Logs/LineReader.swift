import Foundation
import SessionLintCore

/// Hands out the lines of a log one at a time, with one-based numbers; the last line is marked
/// incomplete when the input does not end with a newline. A line is valid only during the call:
/// it is the reader's buffer itself, not a copy.
/// A line longer than `maxLineLength` is cut there (and then does not match the format): a bound
/// on memory, counted in `linesCut`. What stopped reading early, short of an error (a damaged or
/// cut-off `.gz`, the decompression limit), is in `notes`.
struct LineReader {
    let maxLineLength: Int
    private(set) var linesCut = 0
    private(set) var notes: [String] = []

    init(maxLineLength: Int = Limits().lineBytes) {
        self.maxLineLength = max(1, maxLineLength)
    }

    mutating func forEachLine(of bytes: InputBytes, name: String, _ body: (Int, UnsafeBufferPointer<UInt8>, Bool) -> Void) throws(InputError) {
        let chunks = try ChunkReader(bytes, name: name)
        try forEachLine(name: name, nextChunk: chunks.next, body)
        if let note = chunks.note { notes.append(note) }
    }

    /// What a reading stopped short of, as input warnings: lines cut at the bound, a `.gz` that
    /// ended early, was damaged or reached the decompression limit.
    static func report(_ reader: LineReader, limits: Limits, input: String, _ onWarning: (InputWarning) -> Void) {
        if reader.linesCut > 0 {
            onWarning(InputWarning(provenance: Provenance(input: input, location: .whole),
                                   message: "\(reader.linesCut) line\(reader.linesCut == 1 ? " was" : "s were") longer than \(limits.describe("line-bytes")) and cut there"))
        }
        for note in reader.notes {
            onWarning(InputWarning(provenance: Provenance(input: input, location: .whole), message: note))
        }
    }

    /// The warning for a last line without its line feed, which every log source skips: the
    /// log may still be being written.
    static func incompleteLastLine(input: String, line number: Int) -> InputWarning {
        InputWarning(provenance: Provenance(input: input, location: .line(number: number)),
                     message: "the last line is incomplete (the log may still be being written); it was skipped")
    }

    /// The next line feed at or after `start` (memchr: lines are long, and a hostile one is huge).
    private static func newline(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count,
              let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Splits chunks into lines; a line whose end is in a later chunk is carried over in `pending`.
    private mutating func forEachLine(name: String, nextChunk: () throws(InputError) -> Data?,
                                      _ body: (Int, UnsafeBufferPointer<UInt8>, Bool) -> Void) throws(InputError) {
        var pending: [UInt8] = []
        var pendingWasCut = false
        var number = 1
        let maxLineLength = self.maxLineLength
        var linesCut = 0
        defer { self.linesCut += linesCut }
        while true {
            let next: Data?
            do throws(InputError) { next = try nextChunk() } catch {
                throw InputError(file: error.file, place: .line(number), message: error.message)
            }
            guard let chunk = next, !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let bytes = raw.bindMemory(to: UInt8.self)
                var start = 0
                while let newline = Self.newline(in: bytes, from: start) {
                    if pending.isEmpty, !pendingWasCut {
                        if newline - start > maxLineLength { linesCut += 1 }
                        body(number, UnsafeBufferPointer(rebasing: bytes[start..<min(newline, start + maxLineLength)]), true)
                    } else {
                        if pendingWasCut || pending.count + (newline - start) > maxLineLength { linesCut += 1 }
                        pending.append(contentsOf: bytes[start..<min(newline, start + max(0, maxLineLength - pending.count))])
                        pending.withUnsafeBufferPointer { body(number, $0, true) }
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
        if !pending.isEmpty || pendingWasCut {
            if pendingWasCut { linesCut += 1 }
            pending.withUnsafeBufferPointer { body(number, $0, false) }
        }
    }
}
