import Crypto
import SessionLintCore
import Foundation

/// Session IDs that are a hash of something guessable (predictability.md §5): MD5, SHA-1 or
/// SHA-256 of a small counter, of the issuance time in seconds or milliseconds, or of the
/// client's address. Hashing hides the pattern from every statistical test (Burp's own docs say
/// so), but finding one preimage proves the mechanism. The search is bounded so every scan can
/// afford it: counters up to 100,000, an hour of seconds and ten seconds of milliseconds around
/// each of the first three issuances, the account name a login posted, and the client's address
/// joined to the time in seconds (either order, the usual separators) for ten minutes around the
/// first issuance: the pattern of Apache's mod_usertrack (CVE-2001-1534) and of hand-made IDs.
enum HashPreimage {
    static let counterLimit = 100_000
    static let joinedTimeWindow = 600
    static let separators = ["", ".", ":", "-", "_", " ", "|"]

    /// A hash function as the search uses it: hundreds of thousands of candidates per
    /// population, so each is hashed from its bytes in place and compared by its first eight
    /// digest bytes; a match is confirmed on the whole digest.
    private struct Algorithm: Sendable {
        let name: String
        let hexLength: Int
        let digest: @Sendable (UnsafeRawBufferPointer) -> [UInt8]
        let digestPrefix: @Sendable (UnsafeRawBufferPointer) -> UInt64
    }

    private static let algorithms: [Algorithm] = [
        Algorithm(name: "MD5", hexLength: 32, digest: { Array(Insecure.MD5.hash(data: $0)) }, digestPrefix: { prefix(Insecure.MD5.hash(data: $0)) }),
        Algorithm(name: "SHA-1", hexLength: 40, digest: { Array(Insecure.SHA1.hash(data: $0)) }, digestPrefix: { prefix(Insecure.SHA1.hash(data: $0)) }),
        Algorithm(name: "SHA-256", hexLength: 64, digest: { Array(SHA256.hash(data: $0)) }, digestPrefix: { prefix(SHA256.hash(data: $0)) }),
    ]

    private static func prefix(_ digest: some Digest) -> UInt64 {
        digest.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    /// The first preimage found, described ("MD5 of the counter 4711"), or nil.
    static func search(_ samples: [(value: String, time: Date?, client: String?, user: String?)]) -> String? {
        let values = samples.map { $0.value.lowercased() }
        // Bytes, not Characters: a Character's hexDigitValue costs a hundred times more, and
        // this runs over every sampled value.
        guard let length = values.first?.utf8.count, values.allSatisfy({ $0.utf8.count == length && $0.utf8.allSatisfy { nibble($0) != nil } }),
              let algorithm = algorithms.first(where: { $0.hexLength == length }) else { return nil }
        let targets = Set(values.compactMap(bytes(hex:)))
        let search = Search(algorithm: algorithm, targets: targets,
                            targetPrefixes: Set(targets.map { $0.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } }))
        // Two halves of about a hundred thousand hashes each, searched side by side (the token
        // analysis runs at the end of a scan, when the other core is often idle); the first
        // half's answer comes first, as when searched in one go.
        let counters = BackgroundWork { searchCounters(algorithm: algorithm, hit: search.hit) }
        return searchGuessableInputs(samples, algorithm: algorithm, hit: search.hit) ?? counters.result()
    }

    /// The digests searched for, in full and by their first eight bytes (the quick test).
    private struct Search: Sendable {
        let algorithm: Algorithm
        let targets: Set<[UInt8]>
        let targetPrefixes: Set<UInt64>

        func hit(_ candidate: [UInt8]) -> Bool {
            candidate.withUnsafeBytes { input in
                targetPrefixes.contains(algorithm.digestPrefix(input)) && targets.contains(algorithm.digest(input))
            }
        }
    }

    /// One candidate at a time, written into a reused buffer: numbers are written as decimal
    /// digits in place, since making a String of each of some 200,000 cost as much as hashing.
    struct Candidate {
        private(set) var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(64) }

        mutating func set(_ text: String) {
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: text.utf8)
        }

        /// `prefix`, then `number` in decimal, then `suffix`.
        mutating func set(_ number: Int, prefix: String = "", suffix: String = "") {
            bytes.removeAll(keepingCapacity: true)
            // Appending an empty string's bytes is not free: most candidates are a bare number.
            if !prefix.isEmpty { bytes.append(contentsOf: prefix.utf8) }
            Self.appendDecimal(number, to: &bytes)
            if !suffix.isEmpty { bytes.append(contentsOf: suffix.utf8) }
        }

        /// As `String(number)` writes it.
        static func appendDecimal(_ number: Int, to bytes: inout [UInt8]) {
            if number < 0 { bytes.append(UInt8(ascii: "-")) }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
                var magnitude = number.magnitude, start = digits.count
                repeat {
                    start -= 1
                    digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                } while magnitude > 0
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
            }
        }
    }

    /// The client's address, the account name, the issuance time and both joined.
    private static func searchGuessableInputs(_ samples: [(value: String, time: Date?, client: String?, user: String?)],
                                              algorithm: Algorithm, hit: ([UInt8]) -> Bool) -> String? {
        var candidate = Candidate()
        let first = samples.prefix(3)
        for client in Set(first.compactMap(\.client)) {
            candidate.set(client)
            if hit(candidate.bytes) { return "\(algorithm.name) of the client's address" }
        }
        for user in Set(samples.prefix(100).compactMap(\.user)) {
            for spelling in [user, user.lowercased()] {
                candidate.set(spelling)
                if hit(candidate.bytes) { return "\(algorithm.name) of the account name posted at login" }
            }
        }
        for sample in first {
            guard let time = sample.time?.timeIntervalSince1970 else { continue }
            let seconds = Int(time)
            for stamp in (seconds - 3_600)...(seconds + 3_600) {
                candidate.set(stamp)
                if hit(candidate.bytes) { return "\(algorithm.name) of the issuance time in seconds (\(stamp))" }
            }
            let milliseconds = Int(time * 1000)
            for stamp in (milliseconds - 10_000)...(milliseconds + 10_000) {
                candidate.set(stamp)
                if hit(candidate.bytes) { return "\(algorithm.name) of the issuance time in milliseconds" }
            }
        }
        if let first = first.first(where: { $0.client != nil && $0.time != nil }), let client = first.client, let time = first.time {
            let seconds = Int(time.timeIntervalSince1970)
            let joined = separators.map { (separator: $0, before: client + $0, after: $0 + client) }
            for stamp in (seconds - joinedTimeWindow)...(seconds + joinedTimeWindow) {
                for (separator, before, after) in joined {
                    candidate.set(stamp, prefix: before)
                    if hit(candidate.bytes) { return "\(algorithm.name) of the client's address and the issuance time (\"address\(separator)seconds\")" }
                    candidate.set(stamp, suffix: after)
                    if hit(candidate.bytes) { return "\(algorithm.name) of the issuance time and the client's address (\"seconds\(separator)address\")" }
                }
            }
        }
        return nil
    }

    /// A counter from 0 to `counterLimit`.
    private static func searchCounters(algorithm: Algorithm, hit: ([UInt8]) -> Bool) -> String? {
        var candidate = Candidate()
        for counter in 0...counterLimit {
            candidate.set(counter)
            if hit(candidate.bytes) { return "\(algorithm.name) of the counter \(counter)" }
        }
        return nil
    }

    private static func bytes(hex: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = nibble(high), let l = nibble(low) else { return nil }
            bytes.append(h << 4 | l)
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}
