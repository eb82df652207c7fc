import Foundation
import SessionLintCore

/// How sure a verdict is (predictability.md §9). There is deliberately no "secure": passing the
/// checks only means no evidence of predictability in this sample.
public enum TokenVerdict: String, Sendable, Comparable {
    /// A mechanism proven from the values themselves: a counter, a duplicate, a time-based UUID,
    /// a space too small to be safe.
    case certain = "CERTAIN"
    /// Structure strongly supported by the samples, leaving too few unknown bits.
    case likely = "LIKELY"
    /// Statistical tests reject randomness broadly enough to be the generator, with no mechanism
    /// named: supported, not proven.
    case statistical = "STATISTICAL"
    /// No mechanism found in this sample.
    case inconclusive = "INCONCLUSIVE"

    private var rank: Int { [.certain, .likely, .statistical, .inconclusive].firstIndex(of: self)! }
    public static func < (a: TokenVerdict, b: TokenVerdict) -> Bool { a.rank < b.rank }
}

/// One way the values can be predicted, with the evidence.
public struct TokenMechanism: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case duplicate, smallSpace = "small-space", counter, timestamp, timeBasedUUID = "time-based-uuid", clientAddress = "client-address"
        case statistical
        case hashOfGuessable = "hash-of-guessable"
        case weakGenerator = "weak-generator"
    }

    public let kind: Kind
    public let verdict: TokenVerdict
    public let detail: String
}

/// The layers of predictability.md §9 over one cookie's population: format first, then alphabet
/// and the entropy bound, structure across samples (L0, L1), and on what structure leaves the
/// character and bit statistics (L2 to L4).
public struct TokenAnalysis: Sendable {
    /// Fewer samples than this and structure across samples (counters, timestamps) is not judged.
    public static let minimumForSequences = 3
    /// Statistical layers start here (Burp Sequencer's minimum).
    public static let minimumForStatistics = RandomnessReport.minimumSamples

    public let host: String
    public let cookie: String
    public let sampleCount: Int
    /// When the first value of the format judged was seen (for a JWT's lifetime).
    public let firstSeen: Date?
    public let uniqueValues: Int
    public let format: TokenFormat
    /// The cookie set beside the values with their signature (`<name>.sig`), if any: readable
    /// state signed this way cannot be changed by the client.
    public let signatureCookie: String?
    public let alphabet: TokenAlphabet?
    public let lengths: ClosedRange<Int>?
    /// Length × log2(alphabet) of the longest value, after constant prefixes and suffixes (for a
    /// UUID, the 122 or 74 bits its version leaves random).
    public let maximumBits: Double?
    public let constantPrefix: String
    public let constantSuffix: String
    public let mechanisms: [TokenMechanism]
    /// Names of personal fields (email, name, phone…) in the readable part of the values: a
    /// JWT's payload or a signed session's JSON, from the first samples of that format.
    public let personalData: [String]
    /// Structure found and set aside without being a weakness (a counter beside enough random
    /// characters), so the reader knows what the statistics did not read.
    public let notes: [String]
    /// The statistical battery, when there were enough samples of one length and no structure
    /// already explained the values.
    public let randomness: RandomnessReport?
    /// The characters of the values of the most common length: their distribution, entropy per
    /// position (a position stuck on few characters stands out), the character count and
    /// transition tests and a min-entropy estimate beside a random source's. Shown, and
    /// supporting a statistical verdict, never deciding one alone.
    public let characters: CharacterReport?

    public var verdict: TokenVerdict { mechanisms.map(\.verdict).min() ?? .inconclusive }

    /// What to do next when nothing was proven.
    public var advice: String? {
        guard verdict == .inconclusive else { return nil }
        guard case .identifier = format else {
            // Laravel encrypts its session ID with a fresh IV on every answer: the value changes
            // whether or not the ID inside does, and the rules that compare values cannot see a
            // missing rotation at login.
            if case .encrypted(_, holdsSession: false) = format {
                return "encrypted by the server: without the application's key, what it wraps (a server-side ID, or an ASP.NET Core authentication ticket) cannot be read, so neither its randomness nor whether it changes at login can be judged from traffic"
            }
            return "not an opaque ID, so its bits are not tested for randomness"
        }
        guard let randomness else {
            if sampleCount < Self.minimumForStatistics {
                return "no structural weakness in \(sampleCount) sample\(sampleCount == 1 ? "" : "s"); collect at least \(Self.minimumForStatistics - sampleCount) more issued values for the statistical tests (1,000 or more to test bit correlation)"
            }
            return "no structural weakness in \(sampleCount) samples; the values have no common length or alphabet the statistical tests can read"
        }
        let more = randomness.tokensTested < 5_000 ? "; 5,000 samples make the tests sharper (Burp Sequencer's advice)" : ""
        return "no evidence of predictability in \(randomness.tokensTested) samples (structure and statistics), which is not proof of randomness\(more)"
    }

    public init(_ population: TokenPopulation) {
        host = population.host
        cookie = population.cookie
        uniqueValues = population.uniqueValues
        signatureCookie = population.signatureCookie
        let samples = population.inTimeOrder
        sampleCount = samples.count
        let formats = samples.map { TokenFormat(value: $0.value) }
        let format = Self.mostCommon(formats) ?? .identifier(inner: "", wrapper: nil)
        self.format = format
        firstSeen = zip(formats, samples).first { $0.0 == format }?.1.time ?? samples.first?.time
        personalData = Array(Set(zip(formats, samples).lazy.filter { Self.sameKind($0.0, format) }.prefix(Self.samplesReadForPersonalData)
            .flatMap { PersonalData.fields(in: $0.1.value, format: $0.0) })).sorted()
        guard case .identifier = format else {
            (alphabet, lengths, maximumBits, constantPrefix, constantSuffix, mechanisms, notes, randomness, characters) = (nil, nil, nil, "", "", [], [], nil, nil)
            return
        }
        // The IDs themselves, with what wraps them peeled off.
        let ids: [(value: String, sample: TokenSample)] = zip(formats, samples).compactMap { format, sample in
            if case .identifier(let inner, _) = format { (inner, sample) } else { nil }
        }
        let values = ids.map(\.value)
        let prefix = values.count >= 2 ? Self.commonPrefix(values) : ""
        let suffix = values.count >= 2 ? Self.commonSuffix(values.map { String($0.dropFirst(prefix.count)) }) : ""
        let uuids = values.compactMap(UUIDLayout.init)
        let isUUID = !values.isEmpty && uuids.count == values.count
        // A UUID's hyphens, version and variant are format, not entropy.
        let variable = isUUID ? values.map { $0.replacingOccurrences(of: "-", with: "") }
            : values.map { String($0.dropFirst(prefix.count).dropLast(suffix.count)) }
        (constantPrefix, constantSuffix) = isUUID ? ("", "") : (prefix, suffix)
        let alphabet = TokenAlphabet(fitting: variable)
        self.alphabet = alphabet
        let counts = variable.map(\.count)
        lengths = counts.min().map { $0...(counts.max() ?? $0) }
        // An upper bound, so the longest value: numbers written without padding (Jetty's base36
        // longs) are shorter now and then without holding fewer bits.
        let bits: Double? = isUUID ? (uuids.allSatisfy { $0.version == 7 } ? 74 : 122) : counts.max().map { alphabet.maximumBits(length: $0) }
        var bound = bits
        // The statistics read the values structure leaves unexplained: nearly always all of
        // them. They start at once on a thread of their own, beside the structure searches (a
        // hash search alone is some 200,000 hashes), and are used when nothing was set aside.
        let statistics = variable.count >= RandomnessReport.minimumSamples
            ? BackgroundWork { [variable] in Statistics(variable, alphabet: alphabet, testingBits: true) } : nil

        var found: [TokenMechanism] = []
        if !population.duplicates.isEmpty {
            found.append(TokenMechanism(kind: .duplicate, verdict: .certain,
                                        detail: "\(population.duplicates.count) value\(population.duplicates.count == 1 ? " was" : "s were") issued more than once"))
        }
        if let bits, bits < 64 {
            found.append(TokenMechanism(kind: .smallSpace, verdict: .certain,
                                        detail: "at most \(Int(bits)) bits: \(lengths.map { "\($0.upperBound)" } ?? "?") \(alphabet.name) characters\(prefix.isEmpty && suffix.isEmpty ? "" : " besides constant parts")"))
        }
        if isUUID { found += Self.uuidMechanisms(uuids) }
        found += Self.clientData(ids.map { ($0.value, $0.sample) })
        let byLength = Dictionary(grouping: zip(ids, variable).map { (value: $0.value, sample: $0.sample, variable: $1) }, by: \.variable.count)
        let sequences = Self.sequenceMechanisms(byLength, alphabet: alphabet)
        found += sequences.mechanisms
        var notes = sequences.notes
        // A counter beside the random part (Jetty's), read across lengths since the random part
        // varies in length; the statistics read what is left.
        var unexplained = variable
        var counterSetAside = false
        if !found.contains(where: { $0.kind == .counter || $0.kind == .timestamp }), let counter = CounterField.embedded(variable) {
            let rest = counter.removed(from: variable)
            let residual = rest.map(\.count).max().map { TokenAlphabet(fitting: rest).maximumBits(length: $0) } ?? 0
            if residual < 64 {
                found.append(TokenMechanism(kind: .counter, verdict: .certain, detail: "\(counter.description); at most \(Int(residual)) bits besides it"))
            } else {
                notes.append("\(counter.description); the rest holds up to \(Int(residual)) bits, so the counter is left out of the statistics, not reported")
                unexplained = rest
                counterSetAside = true
                bound = residual  // a counter adds nothing to guess
            }
        }
        if let java = JavaRandomRecovery.search(unexplained) {
            found.append(TokenMechanism(kind: .weakGenerator, verdict: .certain, detail:
                "the values are java.util.Random outputs (\(java.reading)): the generator's 48-bit state, recovered from one value, gives the rest of it (\(java.hits) of the first \(java.tried) values)"
                + (java.predictedGap.map { "; it also predicts the next value issued, \($0) outputs later" } ?? "")))
        }
        self.notes = notes
        maximumBits = bound
        // Statistics read what structure left unexplained; with a mechanism found they add nothing.
        let testsBits = !found.contains(where: { $0.verdict <= .likely }) && variable.count >= RandomnessReport.minimumSamples
        // Worked out here only when an embedded counter was set aside (or too few to start early).
        let read = (counterSetAside ? nil : statistics?.result()) ?? Statistics(unexplained, alphabet: alphabet, testingBits: testsBits)
        let characters = read.characters
        self.characters = characters
        var randomness: RandomnessReport?
        if testsBits {
            randomness = read.randomness
            if let randomness, randomness.rejectsRandomness, let first = randomness.rejections.first {
                found.append(TokenMechanism(kind: .statistical, verdict: .statistical, detail:
                    "\(randomness.rejections.count) test result\(randomness.rejections.count == 1 ? "" : "s") reject randomness after Holm's correction (first: \(first.test) on \(first.position), p = \(String(format: "%.1e", first.pValue))); "
                    + "\(randomness.effectiveBits) of \(randomness.bitsTested) bits pass every test at 1 %, where a random source passes about \(Int(randomness.expectedEffectiveBits))"
                    + (characters.map { $0.rejections.isEmpty ? "" : "; the character tests agree at \($0.rejections.count) position\($0.rejections.count == 1 ? "" : "s")" } ?? "")))
            }
        }
        self.randomness = randomness
        mechanisms = found
    }

    /// The character report and (when `testingBits`) the bit statistics of the values of the
    /// commonest length.
    private struct Statistics: Sendable {
        let characters: CharacterReport?
        let randomness: RandomnessReport?

        init(_ values: [String], alphabet: TokenAlphabet, testingBits: Bool) {
            let sameLength = Dictionary(grouping: values, by: \.count).max { $0.value.count < $1.value.count }?.value ?? []
            characters = CharacterReport(sameLength, alphabet: alphabet)
            randomness = testingBits ? TokenBits(sameLength, alphabet: alphabet).flatMap(RandomnessReport.init) : nil
        }
    }

    // MARK: - Detectors

    /// Counters, leading timestamps and hashes of guessable inputs, read for each length of
    /// value on its own: two generators can share a cookie name on one host (two apps on one
    /// address), and each must be judged as itself.
    /// `variable` is the value without its constant prefix and suffix; a timestamp is read from
    /// the whole value, since the time is often the part that looks constant.
    private static func sequenceMechanisms(_ byLength: [Int: [(value: String, sample: TokenSample, variable: String)]], alphabet: TokenAlphabet)
        -> (mechanisms: [TokenMechanism], notes: [String]) {
        var found: [TokenMechanism] = [], notes: [String] = []
        for (length, members) in byLength.sorted(by: { $0.key < $1.key }) {
            let scope = byLength.count > 1 ? " (the \(members.count) values of \(length) characters)" : ""
            let variable = members.map(\.variable)
            let memberAlphabet = byLength.count > 1 ? TokenAlphabet(fitting: variable) : alphabet
            // A timestamp also rises like a counter: name the more specific mechanism only.
            var groupFound: [TokenMechanism] = []
            if let time = TimestampField.find(members.map { ($0.value, $0.sample.time) }) {
                let residual = time.residualBits
                if residual < 64 {
                    groupFound.append(TokenMechanism(kind: .timestamp, verdict: residual == 0 ? .certain : .likely,
                                                     detail: "\(time.description); \(residual == 0 ? "nothing else" : "at most \(Int(residual)) bits") left to guess"))
                } else {
                    notes.append("\(time.description)\(scope); the rest holds up to \(Int(residual)) bits, and time beside that much randomness is sound (UUIDv7 and ULID do the same)")
                }
            } else if let counter = CounterField.whole(variable, alphabet: memberAlphabet) {
                groupFound.append(TokenMechanism(kind: .counter, verdict: .certain, detail: counter.description + ": the next ID is the last one plus a little"))
            } else if let clock = TimestampField.proportional(members.map { ($0.variable, $0.sample.time) }), clock.residualBits < 64 {
                groupFound.append(TokenMechanism(kind: .timestamp, verdict: .likely, detail:
                    "the values grow in step with the issuance time (a linear fit, r = \(String(format: "%.4f", clock.correlation))), as Snowflake-style IDs do; the fit misses by at most \(Int(clock.residualBits.rounded(.up))) bits' worth"))
            }
            if let preimage = HashPreimage.search(members.map { ($0.variable, $0.sample.time, $0.sample.client, $0.sample.user) }) {
                groupFound.append(TokenMechanism(kind: .hashOfGuessable, verdict: .certain,
                                                 detail: "the values are the \(preimage): hashing hides the pattern, it does not add entropy"))
            }
            found += groupFound.map { TokenMechanism(kind: $0.kind, verdict: $0.verdict, detail: $0.detail + scope) }
        }
        return (found, notes)
    }

    private static func uuidMechanisms(_ layouts: [UUIDLayout]) -> [TokenMechanism] {
        let timeBased = layouts.filter { $0.version == 1 || $0.version == 6 }
        guard !timeBased.isEmpty else { return [] }
        let macs = Set(timeBased.compactMap(\.macAddress))
        return [TokenMechanism(kind: .timeBasedUUID, verdict: .certain,
                               detail: "version \(timeBased[0].version) UUIDs: a 100 ns timestamp and a clock sequence, not random"
                                   + (macs.isEmpty ? "" : "; they also reveal the server's MAC address \(macs.sorted().joined(separator: ", "))"))]
    }

    /// The client's own address, or the account name its login posted, written into its ID
    /// (plain, or in hex).
    private static func clientData(_ values: [(value: String, sample: TokenSample)]) -> [TokenMechanism] {
        var found: [TokenMechanism] = []
        let addresses = values.filter { value, sample in
            guard let client = sample.client, client.count >= 7, client.containsBytes(".") else { return false }
            return value.containsBytes(client)
        }
        if !addresses.isEmpty {
            found.append(TokenMechanism(kind: .clientAddress, verdict: .certain,
                                        detail: "\(addresses.count) of \(values.count) values contain the address of the client they were issued to"))
        }
        let withUser = values.filter { $0.sample.user.map { $0.count >= 3 } == true }
        let names = withUser.filter { value, sample in
            guard let user = sample.user else { return false }
            let lowered = value.lowercased()
            return lowered.containsBytes(user.lowercased()) || lowered.containsBytes(user.utf8.map { String(format: "%02x", $0) }.joined())
        }
        if !names.isEmpty {
            found.append(TokenMechanism(kind: .clientAddress, verdict: .certain,
                                        detail: "\(names.count) of \(withUser.count) values issued at a login contain the account name the login posted"))
        }
        return found
    }

    // MARK: - Helpers

    static let samplesReadForPersonalData = 100

    private static func sameKind(_ a: TokenFormat, _ b: TokenFormat) -> Bool { kindKey(a) == kindKey(b) }

    private static func mostCommon(_ formats: [TokenFormat]) -> TokenFormat? {
        let counts = Dictionary(grouping: formats, by: kindKey)
        return counts.max { $0.value.count < $1.value.count }?.value.first
    }

    /// Identifiers are compared by kind, not by value: every ID is different.
    private static func kindKey(_ format: TokenFormat) -> String {
        switch format {
        case .identifier(_, let wrapper): "id \(wrapper ?? "")"
        case .jwt: "jwt"
        case .signedData(let kind): "signed \(kind)"
        case .encrypted(let kind, _): "encrypted \(kind)"
        case .readableState(let kind): "state \(kind)"
        }
    }

    static func commonPrefix(_ values: [String]) -> String {
        let prefix = sharedStart(values, reversed: false)
        return isStructural(prefix, among: values.count) ? prefix : ""
    }

    static func commonSuffix(_ values: [String]) -> String {
        let suffix = sharedStart(values, reversed: true)
        return isStructural(suffix, among: values.count) ? suffix : ""
    }

    /// The characters every value starts (or ends) with. Compared as bytes when every value is
    /// ASCII, the usual case, and as characters otherwise.
    private static func sharedStart(_ values: [String], reversed: Bool) -> String {
        guard let first = values.first else { return "" }
        if values.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            var shared = first.utf8.count
            let reference = reversed ? Array(first.utf8.reversed()) : Array(first.utf8)
            for value in values.dropFirst() where shared > 0 {
                var matched = 0
                if reversed {
                    for (a, b) in zip(reference.prefix(shared), value.utf8.reversed()) { guard a == b else { break }; matched += 1 }
                } else {
                    for (a, b) in zip(reference.prefix(shared), value.utf8) { guard a == b else { break }; matched += 1 }
                }
                shared = matched
            }
            let bytes = reference.prefix(shared)
            return String(decoding: reversed ? Array(bytes.reversed()) : Array(bytes), as: UTF8.self)
        }
        let characters = values.map { reversed ? Array($0.reversed()) : Array($0) }
        var shared = characters[0][...]
        for value in characters.dropFirst() {
            shared = shared.prefix(zip(shared, value).prefix { $0 == $1 }.count)
        }
        return String(reversed ? shared.reversed() : Array(shared))
    }

    /// A few shared characters can be chance: three hex digits match between two random IDs
    /// once in 4,096. A shared part counts as structure when it has a separator (Tomcat's
    /// ".jvmRoute"), is five characters or more, or is shared by five samples or more.
    private static func isStructural(_ shared: String, among count: Int) -> Bool {
        let separator = shared.contains { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return separator || shared.count >= 5 || (shared.count >= 3 && count >= 5)
    }
}
