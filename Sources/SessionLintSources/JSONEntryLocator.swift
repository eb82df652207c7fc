import Foundation

/// Finds where each element of `log.entries` begins in a HAR file, so findings can point at a
/// line (SARIF regions, GitHub annotations, editors). A light byte scan that follows strings,
/// escapes and nesting; it never builds values. Entries it cannot place get no line.
enum JSONEntryLocator {
    private enum Container { case object, array }

    private struct Frame {
        var container: Container
        /// For objects: the key whose value is being read.
        var key: String?
    }

    /// One-based line of each element of the array at `log.entries`, in order.
    static func entryLines(in bytes: Data) -> [Int] {
        var stack: [Frame] = []
        var lines: [Int] = []
        var line = 1
        var inString = false, escaped = false
        var stringBytes: [UInt8] = []
        var lastString: String?

        /// True when the value about to start sits directly in the log.entries array.
        func atEntriesElementStart() -> Bool {
            guard stack.count == 3, stack[2].container == .array,
                  stack[1].container == .object, stack[1].key == "entries",
                  stack[0].container == .object, stack[0].key == "log" else { return false }
            return true
        }
        var pendingElement = false  // inside log.entries, waiting for the next value to start

        // Through a raw buffer: Data's own iterator costs a call per byte.
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for byte in raw {
                if byte == 0x0A { line += 1 }
                if inString {
                    if escaped { escaped = false; continue }
                    if byte == UInt8(ascii: "\\") { escaped = true; continue }
                    if byte == UInt8(ascii: "\"") {
                        inString = false
                        lastString = stringBytes.count <= 64 ? String(decoding: stringBytes, as: UTF8.self) : nil
                    } else if stringBytes.count <= 64 {
                        stringBytes.append(byte)
                    }
                    continue
                }
                let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
                if pendingElement, !isSpace, byte != UInt8(ascii: "]") {
                    lines.append(line)
                    pendingElement = false
                }
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                    stringBytes.removeAll(keepingCapacity: true)
                case UInt8(ascii: "{"):
                    stack.append(Frame(container: .object))
                case UInt8(ascii: "["):
                    stack.append(Frame(container: .array))
                    if atEntriesElementStart() { pendingElement = true }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    _ = stack.popLast()
                    pendingElement = false
                case UInt8(ascii: ":"):
                    if let last = stack.indices.last, stack[last].container == .object {
                        stack[last].key = lastString
                    }
                case UInt8(ascii: ","):
                    if atEntriesElementStart() { pendingElement = true }
                default:
                    break
                }
            }
        }
        return lines
    }
}
