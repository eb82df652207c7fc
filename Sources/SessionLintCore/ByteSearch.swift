#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// Whether `needle` occurs in this text, compared byte for byte. The timeline rules ask this
    /// for every URL and Referer against every session value a client holds; Foundation's
    /// `contains` goes through NSString with locale-aware matching and costs far more, and
    /// session values and URLs are compared as bytes anyway.
    @inlinable
    public func containsBytes<Needle: StringProtocol>(_ needle: Needle) -> Bool {
        let haystack = utf8, pattern = needle.utf8
        let patternCount = pattern.count
        guard patternCount > 0 else { return true }
        guard patternCount <= haystack.count else { return false }
        let first = pattern[pattern.startIndex]
        var start = haystack.startIndex
        var remaining = haystack.count
        while remaining >= patternCount {
            if haystack[start] == first, haystack[start...].starts(with: pattern) { return true }
            haystack.formIndex(after: &start)
            remaining -= 1
        }
        return false
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes. Response bodies (up to 64 KiB each) are searched
    /// for every session value a client holds; the C library's `memmem` does that at memory
    /// speed (`memmem` is not exported to Swift; `memchr` and `memcmp` are), where a generic
    /// collection search costs a hundred times more.
    public func containsBytes(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= count else { return false }
        return withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                guard let base = haystack.baseAddress, let patternBase = pattern.baseAddress else { return false }
                var offset = 0
                let lastStart = haystack.count - pattern.count
                while offset <= lastStart {
                    guard let hit = memchr(base + offset, Int32(first), lastStart - offset + 1) else { return false }
                    let position = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(hit, patternBase, pattern.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }
}
