import Foundation

/// One session ID as the traffic showed it first: issued by a Set-Cookie, or (in inputs without
/// the issuing response, such as logs that start mid-session) first sent in a Cookie header.
public struct TokenSample: Sendable, Equatable {
    public var value: String
    public var time: Date?
    public var client: String?
    /// Seen in a Set-Cookie (issuance time known) rather than first sent by a client.
    public var issued: Bool

    public init(value: String, time: Date?, client: String?, issued: Bool) {
        self.value = value
        self.time = time
        self.client = client
        self.issued = issued
    }
}

/// The unique values of one session cookie on one host, in the order they appeared, bounded by
/// a reservoir: past `capacity`, each new value replaces a random kept one with the probability
/// that keeps the sample uniform (Vitter's algorithm R), from a fixed seed so runs repeat.
public struct TokenPopulation: Sendable {
    public let host: String
    public let cookie: String
    public private(set) var samples: [TokenSample] = []
    /// Unique values seen, kept or not.
    public private(set) var uniqueValues = 0
    /// Values issued more than once (to the same or another client): a duplicate is a finding of
    /// its own, so the population remembers them rather than dropping the repeat.
    public private(set) var duplicates: [String] = []
    public let capacity: Int
    private var seen: Set<String> = []
    private var random = SplitMix64(seed: 0x5EED_1D5)
    /// Memory bound on the duplicate check; beyond it repeats are no longer detected.
    private static let maxRemembered = 200_000

    public init(host: String, cookie: String, capacity: Int = 20_000) {
        self.host = host
        self.cookie = cookie
        self.capacity = capacity
    }

    /// Adds a value unless it is already known; an issuance of a known value is a duplicate.
    public mutating func add(_ sample: TokenSample) {
        guard !seen.contains(sample.value) else {
            if sample.issued, duplicates.count < 100, !duplicates.contains(sample.value) { duplicates.append(sample.value) }
            return
        }
        if seen.count < Self.maxRemembered { seen.insert(sample.value) }
        uniqueValues += 1
        if samples.count < capacity {
            samples.append(sample)
        } else {
            let slot = Int(random.next() % UInt64(uniqueValues))
            if slot < capacity { samples[slot] = sample }
        }
    }

    /// The kept samples in time order (issuance order is what sequence detectors need).
    public var inTimeOrder: [TokenSample] {
        samples.enumerated().sorted { a, b in
            switch (a.element.time, b.element.time) {
            case let (x?, y?) where x != y: return x < y
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64), for reproducible
/// reservoir sampling; never used for anything secret.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
