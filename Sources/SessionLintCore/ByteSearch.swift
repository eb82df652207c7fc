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
