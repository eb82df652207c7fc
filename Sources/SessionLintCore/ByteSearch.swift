#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether `needle` occurs in `haystack`: `memchr` finds each candidate start, `memcmp` checks
/// it (`memmem` itself is not exported to Swift on Linux). Session values are looked for in
/// every URL, Referer and text body a client sends or receives; a generic collection search, or
/// Foundation's locale-aware `contains`, costs tens of times more, and the comparison is of
/// bytes anyway.
public func containsBytes(_ haystack: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer) -> Bool {
    guard let first = needle.first else { return true }
    guard needle.count <= haystack.count, let base = haystack.baseAddress, let pattern = needle.baseAddress else { return false }
    let lastStart = haystack.count - needle.count
    var offset = 0
    while offset <= lastStart {
        guard let hit = memchr(base + offset, Int32(first), lastStart - offset + 1) else { return false }
        if memcmp(hit, pattern, needle.count) == 0 { return true }
        offset = base.distance(to: UnsafeRawPointer(hit)) + 1
    }
    return false
}

extension StringProtocol {
    /// Whether `needle` occurs in this text, compared byte for byte (see `containsBytes(_:_:)`).
    @inlinable
    public func containsBytes<Needle: StringProtocol>(_ needle: Needle) -> Bool {
        withUTF8Bytes { text in
            needle.withUTF8Bytes { pattern in SessionLintCore.containsBytes(UnsafeRawBufferPointer(text), UnsafeRawBufferPointer(pattern)) }
        }
    }
}

extension StringProtocol {
    /// Whether any of `needles` (lowercase ASCII) occurs in this text, ASCII case ignored: one
    /// pass over the text in place, where lowercasing a copy first cost an allocation on every
    /// step a timeline rule judged.
    public func containsAnyIgnoringASCIICase(_ needles: [[UInt8]]) -> Bool {
        withUTF8Bytes { text in
            for start in text.indices {
                let first = lowercasedASCIIByte(text[start])
                for needle in needles where needle.first == first && needle.count <= text.count - start {
                    var matched = 1
                    while matched < needle.count, lowercasedASCIIByte(text[start + matched]) == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                }
            }
            return false
        }
    }
}

extension StringProtocol {
    /// Calls `body` with the text's UTF-8 bytes in place when they are contiguous (native and
    /// small strings), else with a copy (a bridged string, copied once). Scanning the view index
    /// by index instead costs tens of instructions a byte, and these scans run on every request.
    @inlinable
    public func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes (see `containsBytes(_:_:)`): response bodies, up
    /// to 64 KiB each, searched for every session value a client holds.
    public func containsBytes(_ needle: [UInt8]) -> Bool {
        withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in SessionLintCore.containsBytes(haystack, pattern) }
        }
    }
}

extension Collection where Element == UInt8 {
    /// Non-empty and nothing but ASCII decimal digits: the timestamps and lengths that cookie
    /// container formats write between their separators.
    public var isASCIIDecimal: Bool { !isEmpty && allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
}

extension UInt8 {
    /// A character of standard base64, padding included (RFC 4648 §4): what the signed-cookie
    /// formats encode their data and signatures in.
    public var isBase64Character: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A)
            || self == UInt8(ascii: "+") || self == UInt8(ascii: "/") || self == UInt8(ascii: "=")
    }
}

extension UInt8 {
    /// 0-9 or a-f: how the signed-cookie formats write their HMACs.
    public var isLowercaseHexDigit: Bool { (self >= 0x30 && self <= 0x39) || (self >= 0x61 && self <= 0x66) }
    /// 0-9, a-f or A-F.
    public var isHexDigit: Bool { isLowercaseHexDigit || (self >= 0x41 && self <= 0x46) }
    /// The value of a hex digit (either case), nil for any other byte.
    public var hexDigitValue: UInt8? {
        switch self {
        case 0x30...0x39: self - 0x30
        case 0x61...0x66: self - 0x61 + 10
        case 0x41...0x46: self - 0x41 + 10
        default: nil
        }
    }
}
