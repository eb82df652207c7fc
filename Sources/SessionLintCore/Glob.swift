/// A shell-style pattern for cookie names and hosts: `*` any run of characters, `?` one
/// character, everything else literal. Case-sensitive unless asked, since cookie names are.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let bytes: [UInt8]
    private let caseInsensitive: Bool

    public init(_ pattern: String, caseInsensitive: Bool = false) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
        self.bytes = caseInsensitive ? pattern.utf8.map(lowercasedASCIIByte) : Array(pattern.utf8)
    }

    public func matches(_ text: String) -> Bool {
        let subject = caseInsensitive ? text.utf8.map(lowercasedASCIIByte) : Array(text.utf8)
        // Iterative wildcard match with single-star backtracking: linear in practice, no recursion.
        var p = 0, s = 0
        var starP = -1, starS = 0
        while s < subject.count {
            if p < bytes.count, bytes[p] == UInt8(ascii: "?") || bytes[p] == subject[s], bytes[p] != UInt8(ascii: "*") {
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
}
