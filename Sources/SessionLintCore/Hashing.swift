/// FNV-1a, 64 bits (Fowler, Noll, Vo): a fast, stable hash for fingerprints, value tags and
/// duplicate checks. Stable across runs and platforms, unlike `Hasher`; never for secrets.
public func fnv1a64(_ text: String) -> UInt64 {
    text.withUTF8Bytes { bytes in  // in place: session IDs are hashed on every request
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast, seedable generator, for sampling and
/// tests that must repeat; never for anything secret.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
