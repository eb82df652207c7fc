import Foundation

/// The smallest standard alphabet that holds every character of the samples, and from it the
/// most entropy a value of that length can carry (predictability.md §5, "Low-entropy alphabet").
public struct TokenAlphabet: Sendable, Equatable {
    public let name: String
    /// In the alphabet's own order (hex digits 0–f, base64's A–Z a–z 0–9 + /), so a character's
    /// position is its value when the values are decoded to bits.
    public let symbols: [Character]
    public let characters: Set<Character>
    /// One of the standard alphabets; otherwise only the characters seen, a weak bound.
    public var isStandard: Bool { Self.standard.contains(self) }

    public var size: Int { characters.count }
    public var bitsPerCharacter: Double { log2(Double(size)) }

    private static func range(_ from: Character, _ to: Character) -> [Character] {
        (from.asciiValue!...to.asciiValue!).map { Character(UnicodeScalar($0)) }
    }

    private static let digits = range("0", "9"), lower = range("a", "z"), upper = range("A", "Z")

    /// Smallest first, so the first that fits is the tightest bound.
    static let standard: [TokenAlphabet] = [
        TokenAlphabet(name: "decimal", symbols: digits),
        TokenAlphabet(name: "hex (lower case)", symbols: digits + range("a", "f")),
        TokenAlphabet(name: "hex (upper case)", symbols: digits + range("A", "F")),
        TokenAlphabet(name: "base32 (RFC 4648)", symbols: upper + range("2", "7")),
        TokenAlphabet(name: "0-9a-v (PHP, 5 bits per character)", symbols: digits + range("a", "v")),
        // ASP.NET session state: 120 bits as 24 characters of 5 bits (SessionIDManager.cs).
        TokenAlphabet(name: "a-z0-5 (ASP.NET, 5 bits per character)", symbols: lower + range("0", "5")),
        TokenAlphabet(name: "base36 (lower case)", symbols: digits + lower),
        TokenAlphabet(name: "base36 (upper case)", symbols: digits + upper),
        TokenAlphabet(name: "base62", symbols: digits + lower + upper),
        TokenAlphabet(name: "base64url", symbols: upper + lower + digits + ["-", "_"]),
        TokenAlphabet(name: "base64", symbols: upper + lower + digits + ["+", "/"]),
        TokenAlphabet(name: "0-9a-zA-Z,- (PHP, 6 bits per character)", symbols: digits + lower + upper + [",", "-"]),
    ]

    /// Each ASCII byte's position in `symbols`, or −1: values are decoded byte by byte.
    private let asciiPositions: [Int8]

    public init(name: String, symbols: [Character]) {
        self.name = name
        self.symbols = symbols
        self.characters = Set(symbols)
        var positions = [Int8](repeating: -1, count: 128)
        for (position, symbol) in symbols.enumerated() where position < 128 {
            if let ascii = symbol.asciiValue { positions[Int(ascii)] = Int8(position) }
        }
        asciiPositions = positions
    }

    /// Each character's position in the alphabet, or nil when one is not in it.
    func digits(of value: String) -> [Int]? {
        var digits: [Int] = []
        digits.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            guard byte < 0x80, case let position = asciiPositions[Int(byte)], position >= 0 else { return slowDigits(of: value) }
            digits.append(Int(position))
        }
        return digits
    }

    /// Alphabets of characters seen (not a standard one) may hold non-ASCII characters.
    private func slowDigits(of value: String) -> [Int]? {
        var digits: [Int] = []
        for character in value {
            guard let position = symbols.firstIndex(of: character) else { return nil }
            digits.append(position)
        }
        return digits
    }

    /// The tightest standard alphabet for the values, or the observed characters when none fits.
    public init(fitting values: [String]) {
        var ascii = [Bool](repeating: false, count: 128)
        var observed = Set<Character>()
        for value in values {
            for byte in value.utf8 {
                if byte < 0x80 { ascii[Int(byte)] = true } else { observed.formUnion(value); break }
            }
        }
        for (byte, seen) in ascii.enumerated() where seen { observed.insert(Character(UnicodeScalar(UInt8(byte)))) }
        observed.remove("=")  // base64 padding carries nothing
        self = Self.standard.first { observed.isSubset(of: $0.characters) }
            ?? TokenAlphabet(name: "\(observed.count) characters observed", symbols: observed.sorted())
    }

    /// The most entropy a value of `length` characters can hold: length × log2(alphabet), and for
    /// base64 the whole bytes it encodes (22 characters hold 16 bytes, not 132 bits: the last
    /// character carries only 2 of its 6 bits).
    public func maximumBits(length: Int) -> Double {
        let raw = Double(length) * bitsPerCharacter
        if size == 64 { return min(raw, Double(length * 6 / 8 * 8)) }
        return raw
    }
}
