import Foundation

/// Tokens of one length decoded to bits, stored by column: bit position j of every token, in
/// issuance order, packed 64 tokens to a word. Column tests (Burp Sequencer's model) read one
/// position across tokens; packing makes counting and pairwise correlation cheap.
struct TokenBits {
    /// Bits per token that carry entropy.
    let width: Int
    /// Tokens decoded.
    let count: Int
    /// columns[j][w]: bit j of tokens 64w ..< 64w+64, token 64w in the lowest bit.
    let columns: [[UInt64]]

    /// Decodes values of equal length in `alphabet`. Alphabets of 2^k symbols give k bits per
    /// character (base64 only in whole bytes: the last-character trap); other sizes are read as
    /// one base-k number, of which the low bits are kept with a 16-bit margin under
    /// L·log2(k), so the unevenness of the top of the range stays out of the tests.
    /// Session IDs are short; past these the values are something else, and reading them as one
    /// number would cost time quadratic in their length.
    static let maxLength = 256
    static let maxWidth = 1_024

    init?(_ values: [String], alphabet: TokenAlphabet) {
        guard let length = values.first?.count, length > 0, length <= Self.maxLength,
              values.allSatisfy({ $0.count == length }) else { return nil }
        let size = alphabet.size
        let bitsPerSymbol = size.trailingZeroBitCount
        let powerOfTwo = size > 1 && size & (size - 1) == 0
        var width: Int
        if powerOfTwo {
            width = size == 64 ? length * 6 / 8 * 8 : length * bitsPerSymbol
        } else {
            width = Int((Double(length) * log2(Double(size))).rounded(.down)) - 16
        }
        guard width >= 8 else { return nil }
        width = min(width, Self.maxWidth)
        let words = (values.count + 63) / 64
        var columns = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: width)
        for (token, value) in values.enumerated() {
            guard let digits = alphabet.digits(of: value), digits.count == length else { return nil }
            let bits = powerOfTwo ? Self.packed(digits, bitsPerSymbol: bitsPerSymbol, width: width)
                : Self.mixedRadix(digits, radix: size, width: width)
            for (position, bit) in bits.enumerated() where bit {
                columns[position][token >> 6] |= 1 << UInt64(token & 63)
            }
        }
        self.width = width
        self.count = values.count
        self.columns = columns
    }

    /// The symbols' bits, most significant first, cut to `width`.
    private static func packed(_ digits: [Int], bitsPerSymbol: Int, width: Int) -> [Bool] {
        var bits: [Bool] = []
        bits.reserveCapacity(digits.count * bitsPerSymbol)
        for digit in digits {
            for shift in stride(from: bitsPerSymbol - 1, through: 0, by: -1) { bits.append(digit >> shift & 1 == 1) }
        }
        return Array(bits.prefix(width))
    }

    /// The digits as one number in base `radix`, its lowest `width` bits (least significant first).
    private static func mixedRadix(_ digits: [Int], radix: Int, width: Int) -> [Bool] {
        var limbs: [UInt32] = [0]  // little-endian
        for digit in digits {
            var carry = UInt64(digit)
            for i in limbs.indices {
                let product = UInt64(limbs[i]) * UInt64(radix) + carry
                limbs[i] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry > 0 { limbs.append(UInt32(carry)) }
        }
        return (0..<width).map { bit in
            let limb = bit / 32
            return limb < limbs.count && (limbs[limb] >> UInt32(bit % 32)) & 1 == 1
        }
    }

    func bit(_ position: Int, token: Int) -> Bool {
        columns[position][token >> 6] >> UInt64(token & 63) & 1 == 1
    }

    func ones(_ position: Int) -> Int {
        columns[position].reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// The bits at `positions` of every token, token after token in issuance order, as 0 and 1,
    /// at most `limit` of them (whole tokens).
    func stream(positions: [Int], limit: Int) -> [UInt8] {
        guard !positions.isEmpty else { return [] }
        let tokens = min(count, limit / positions.count)
        var bits: [UInt8] = []
        bits.reserveCapacity(tokens * positions.count)
        for token in 0..<tokens {
            for position in positions { bits.append(bit(position, token: token) ? 1 : 0) }
        }
        return bits
    }
}
