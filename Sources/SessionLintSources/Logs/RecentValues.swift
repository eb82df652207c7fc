#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SessionLintCore

/// The strings of values a log repeats — its host and protocol, the method, a client's address,
/// User-Agent and Cookie header — handed out again rather than decoded anew. A repeated value
/// then costs a byte comparison instead of a validated copy on the heap, and the layers after
/// compare the shared strings at once (equal storage is equal text).
///
/// Each field keeps a few recent values, placed by length and two of their bytes, so clients
/// whose lines interleave do not keep evicting each other's. Only values up to
/// `longestRemembered` bytes are kept: a hostile log's megabyte-long fields are not held on to.
struct RecentValues {
    static let ways = 8
    static let longestRemembered = 1_024
    private var slots: [String?]

    /// Room for `places` distinct fields to remember values of.
    init(places: Int) {
        slots = Array(repeating: nil, count: max(places, 0) * Self.ways)
    }

    /// Forgets every value remembered: what is handed out next is made anew (see `PerBatchCopy`).
    mutating func forget() {
        for index in slots.indices { slots[index] = nil }
    }

    /// The text of `bytes` (invalid UTF-8 repaired), remembered for `place`.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, place: Int) -> String {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return "" }
        guard bytes.count <= Self.longestRemembered, place >= 0, place * Self.ways < slots.count else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let way = (bytes.count &+ Int(bytes[bytes.count - 1]) &+ Int(bytes[bytes.count / 2])) & (Self.ways - 1)
        let slot = place * Self.ways + way
        // A repaired value's bytes differ from the line's: it never matches, and is made again.
        if let known = slots[slot], known.utf8.count == bytes.count,
           known.withUTF8Bytes({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) {
            return known
        }
        let text = String(decoding: bytes, as: UTF8.self)
        slots[slot] = text
        return text
    }
}
