/// What the session ID analysis found for one cookie, in the shape reports draw it (the HTML
/// report's charts): plain numbers and words, never a value.
public struct TokenSummary: Sendable, Equatable {
    public struct SymbolCount: Sendable, Equatable {
        public var symbol: String
        public var count: Int
        public init(symbol: String, count: Int) { (self.symbol, self.count) = (symbol, count) }
    }

    public struct TestResult: Sendable, Equatable {
        public var name: String
        public var pValues: Int
        public var smallestP: Double
        public var belowOnePercent: Int
        public init(name: String, pValues: Int, smallestP: Double, belowOnePercent: Int) {
            (self.name, self.pValues, self.smallestP, self.belowOnePercent) = (name, pValues, smallestP, belowOnePercent)
        }
    }

    public var host: String
    public var cookie: String
    public var samples: Int
    public var format: String
    /// "base36 (lower case), length 32, at most 165 bits", when the values are IDs.
    public var shape: String?
    public var verdict: String
    /// "CERTAIN counter: …", one per mechanism found.
    public var mechanisms: [String]
    public var notes: [String]
    public var advice: String?
    /// Shannon entropy per character position of the commonest length, and its ceiling.
    public var positionEntropy: [Double]
    public var bitsPerCharacter: Double
    public var distribution: [SymbolCount]
    public var characterTests: [TestResult]
    public var bitTests: [TestResult]
    /// "121 of 128 bits pass every test at 1 % (a random source: about 124)".
    public var effectiveEntropy: String?
    /// "93.7 bits; a random source at this sample size: 93.1".
    public var minEntropy: String?

    public init(host: String, cookie: String, samples: Int, format: String, shape: String?, verdict: String, mechanisms: [String],
                notes: [String], advice: String?, positionEntropy: [Double], bitsPerCharacter: Double, distribution: [SymbolCount],
                characterTests: [TestResult], bitTests: [TestResult], effectiveEntropy: String?, minEntropy: String?) {
        self.host = host
        self.cookie = cookie
        self.samples = samples
        self.format = format
        self.shape = shape
        self.verdict = verdict
        self.mechanisms = mechanisms
        self.notes = notes
        self.advice = advice
        self.positionEntropy = positionEntropy
        self.bitsPerCharacter = bitsPerCharacter
        self.distribution = distribution
        self.characterTests = characterTests
        self.bitTests = bitTests
        self.effectiveEntropy = effectiveEntropy
        self.minEntropy = minEntropy
    }
}
