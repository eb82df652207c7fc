/// A shell-style pattern for cookie names and hosts: `*` any run of characters, `?` one
/// character, everything else literal. Case-sensitive unless asked, since cookie names are.
/// A class: patterns are matched against every request and cookie, and copying a struct of
/// six buffers at each match cost more than the match.
public final class Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let bytes: [UInt8]
    private let caseInsensitive: Bool
    /// Most patterns are a plain name, "prefix*", "*infix*" or "*suffix": those skip the
    /// general matcher (login and logout paths are tried against every request).
    private let literal: String?
    private let prefix: String?
    private let infix: [UInt8]?
    private let suffix: [UInt8]?

    public init(_ pattern: String, caseInsensitive: Bool = false) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
        self.bytes = caseInsensitive ? pattern.utf8.map(lowercasedASCIIByte) : Array(pattern.utf8)
        let wildcards = pattern.filter { $0 == "*" || $0 == "?" }
        literal = wildcards.isEmpty ? pattern : nil
        prefix = wildcards == "*" && pattern.hasSuffix("*") ? String(pattern.dropLast()) : nil
        let inner = Array(bytes.dropFirst().dropLast())
        infix = wildcards == "**" && bytes.count >= 3 && bytes.first == UInt8(ascii: "*") && bytes.last == UInt8(ascii: "*") ? inner : nil
        suffix = wildcards == "*" && bytes.count >= 2 && bytes.first == UInt8(ascii: "*") ? Array(bytes.dropFirst()) : nil
    }

    public func matches(_ text: String) -> Bool {
        if let literal { return caseInsensitive ? text.equalsIgnoringASCIICase(literal) : text == literal }
        if let prefix { return caseInsensitive ? text.hasPrefixIgnoringASCIICase(prefix) : text.utf8.starts(with: prefix.utf8) }
        if let infix { return text.utf8.withContiguousStorageIfAvailable { contains(infix, in: $0) } ?? contains(infix, in: Array(text.utf8)) }
        if let suffix {
            let subject = text.utf8
            guard subject.count >= suffix.count else { return false }
            return zip(subject.suffix(suffix.count), suffix).allSatisfy { (caseInsensitive ? lowercasedASCIIByte($0) : $0) == $1 }
        }
        // Contiguous for native strings: matched in place, without copying the text.
        if let result = text.utf8.withContiguousStorageIfAvailable({ wildcardMatch($0) }) { return result }
        return wildcardMatch(Array(text.utf8))
    }

    /// Whether `needle` (already folded when case-insensitive) occurs in `subject`.
    private func contains<Subject: RandomAccessCollection<UInt8>>(_ needle: [UInt8], in subject: Subject) -> Bool where Subject.Index == Int {
        guard subject.count >= needle.count, let first = needle.first else { return needle.isEmpty }
        let fold = caseInsensitive
        let base = subject.startIndex
        for start in 0...(subject.count - needle.count) {
            let head = subject[base + start]
            guard (fold ? lowercasedASCIIByte(head) : head) == first else { continue }
            var offset = 1
            while offset < needle.count {
                let byte = subject[base + start + offset]
                guard (fold ? lowercasedASCIIByte(byte) : byte) == needle[offset] else { break }
                offset += 1
            }
            if offset == needle.count { return true }
        }
        return false
    }

    /// Iterative wildcard match with single-star backtracking: linear in practice, no recursion.
    private func wildcardMatch<Subject: RandomAccessCollection<UInt8>>(_ subject: Subject) -> Bool where Subject.Index == Int {
        let fold = caseInsensitive
        func byte(_ index: Int) -> UInt8 { fold ? lowercasedASCIIByte(subject[subject.startIndex + index]) : subject[subject.startIndex + index] }
        var p = 0, s = 0
        var starP = -1, starS = 0
        while s < subject.count {
            if p < bytes.count, bytes[p] != UInt8(ascii: "*"), bytes[p] == UInt8(ascii: "?") || bytes[p] == byte(s) {
                p += 1; s += 1
            } else if p < bytes.count, bytes[p] == UInt8(ascii: "*") {
                starP = p; starS = s; p += 1
            } else if starP >= 0 {
                p = starP + 1; starS += 1; s = starS
            } else {
                return false
            }
        }
        while p < bytes.count, bytes[p] == UInt8(ascii: "*") { p += 1 }
        return p == bytes.count
    }

    public var description: String { pattern }

    public static func == (lhs: Glob, rhs: Glob) -> Bool {
        lhs.pattern == rhs.pattern && lhs.caseInsensitive == rhs.caseInsensitive
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(caseInsensitive)
    }
}
