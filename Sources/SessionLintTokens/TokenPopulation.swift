import Foundation
import SessionLintCore

/// One session ID as the traffic showed it first: issued by a Set-Cookie, or (in inputs without
/// the issuing response, such as logs that start mid-session) first sent in a Cookie header.
public struct TokenSample: Sendable, Equatable {
    public var value: String
    public var time: Date?
    public var client: String?
    /// Seen in a Set-Cookie (issuance time known) rather than first sent by a client.
    public var issued: Bool
    /// Where the input shows it, for evidence.
    public var provenance: Provenance?
    /// The account name the login form posted, when the value was issued in answer to it.
    public var user: String?

    public init(value: String, time: Date?, client: String?, issued: Bool, provenance: Provenance? = nil, user: String? = nil) {
        self.value = value
        self.time = time
        self.client = client
        self.issued = issued
        self.provenance = provenance
        self.user = user
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
    /// Values issued again to another client than the first (a server re-sending the same
    /// client its own ID, as PHP does on every response with a cookie lifetime, is no duplicate).
    public private(set) var duplicates: [String] = []
    public let capacity: Int
    /// The cookie that carries these values' signature, set beside them (`<name>.sig`, Keygrip's
    /// convention in Koa's ctx.cookies and cookie-session), when the traffic showed one.
    public private(set) var signatureCookie: String?
    /// Each value seen lately, as a 64-bit hash, with a hash of the client it was first seen
    /// with: a fraction of the strings' memory, and collisions are negligible at these counts.
    /// Ageing keeps it bounded on a day with millions of sessions: the newest
    /// `rememberedPerGeneration` values are always remembered, at most twice that are kept. A
    /// value sent again after that many newer ones were seen counts as unique once more, which
    /// a session ID rarely is: clients send theirs on every request while the session lasts.
    private var seen: AgeingMap<UInt64, UInt64>
    private var random = SplitMix64(seed: 0x5EED_1D5)

    public init(host: String, cookie: String, capacity: Int = 20_000, rememberedPerGeneration: Int = 100_000) {
        self.host = host
        self.cookie = cookie
        self.capacity = capacity
        seen = AgeingMap(generationSize: rememberedPerGeneration)
    }

    /// Notes that a response set `cookie`, the values' signature, beside one of them.
    public mutating func noteSignatureCookie(_ cookie: String) {
        signatureCookie = cookie
    }

    /// Values remembered for recognising them when seen again: what this population's memory
    /// grows with, besides its bounded sample.
    public var rememberedValues: Int { seen.count }

    /// Whether `value` was seen (and remembered) before: adding a known value that was not
    /// issued changes nothing, so callers can skip building its sample.
    public func knows(_ value: String) -> Bool {
        seen[fnv1a64(value)] != nil
    }

    /// Adds a value unless it is already known; an issuance of a known value to another client
    /// is a duplicate. `mayGrow` false (the caller's memory budget is spent): new values are
    /// counted and may replace kept ones, but neither the sample nor the memory of seen values
    /// grows. Returns whether the value was new.
    @discardableResult
    public mutating func add(_ sample: TokenSample, mayGrow: Bool = true) -> Bool {
        let valueHash = fnv1a64(sample.value), clientHash = sample.client.map(fnv1a64) ?? 0
        if let firstClient = seen[valueHash] {
            if sample.issued, clientHash != 0, firstClient != 0, clientHash != firstClient,
               duplicates.count < 100, !duplicates.contains(sample.value) {
                duplicates.append(sample.value)
            }
            return false
        }
        if mayGrow { seen[valueHash] = clientHash }
        uniqueValues += 1
        if samples.count < capacity, mayGrow {
            samples.append(sample)
        } else {
            let slot = Int(random.next() % UInt64(uniqueValues))
            if slot < samples.count { samples[slot] = sample }
        }
        return true
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
