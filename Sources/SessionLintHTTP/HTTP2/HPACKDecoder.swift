/// Decodes HPACK header blocks (RFC 7541) for one direction of one HTTP/2 connection. Every
/// block the direction carries must pass through, in order, even those whose fields are not
/// wanted: the dynamic table is shared state, and one missed block corrupts every later one.
public struct HPACKDecoder: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        public var description: String {
            switch self {
            case .malformed(let detail): detail
            }
        }
    }

    /// The decoded fields, and whether some were left out because the list passed its bound.
    public struct Block: Sendable, Equatable {
        public var fields: [(name: String, value: String)]
        public var truncated: Bool

        public static func == (lhs: Block, rhs: Block) -> Bool {
            lhs.truncated == rhs.truncated && lhs.fields.elementsEqual(rhs.fields, by: { $0 == $1 })
        }
    }

    /// Table sizes a peer may ask for. The receiving endpoint's SETTINGS set the real ceiling,
    /// but a passive reader may have missed them, so any size browsers and servers use is
    /// accepted (Chrome and Firefox advertise 64 KiB); a larger one is an error, not a table
    /// that a hostile capture could grow on every connection.
    public static let maxTableSize = 1 << 16

    /// Newest first, as HPACK indexes them (RFC 7541 §2.3.3).
    private var dynamicTable: [(name: String, value: String)] = []
    private var tableSize = 0
    /// The encoder's current limit: 4096 until a size update says otherwise (RFC 7541 §4.2).
    /// Starting larger would evict at the wrong moment and silently misread later blocks.
    private var tableLimit = 4096
    /// Fields past this many bytes (name + value + 32 each, RFC 9113 §6.5.2) are decoded, to keep
    /// the table in step, but not returned.
    public let maxHeaderListSize: Int

    public init(maxHeaderListSize: Int = 1 << 16) {
        self.maxHeaderListSize = maxHeaderListSize
    }

    public mutating func decode(_ block: some Collection<UInt8>) throws(Failure) -> Block {
        let bytes = Array(block)
        var position = 0
        var result = Block(fields: [], truncated: false)
        var listSize = 0
        var fieldSeen = false

        func emit(_ name: String, _ value: String) {
            fieldSeen = true
            listSize += name.utf8.count + value.utf8.count + 32
            if listSize <= maxHeaderListSize { result.fields.append((name, value)) } else { result.truncated = true }
        }

        while position < bytes.count {
            let first = bytes[position]
            if first & 0x80 != 0 {  // indexed field (§6.1)
                let index = try integer(bytes, &position, prefixBits: 7)
                let entry = try entry(at: index)
                emit(entry.name, entry.value)
            } else if first & 0xC0 == 0x40 {  // literal with incremental indexing (§6.2.1)
                let index = try integer(bytes, &position, prefixBits: 6)
                let name = index == 0 ? try string(bytes, &position) : try entry(at: index).name
                let value = try string(bytes, &position)
                insert(name, value)
                emit(name, value)
            } else if first & 0xE0 == 0x20 {  // dynamic table size update (§6.3)
                guard !fieldSeen else { throw .malformed("a table size update after a field (RFC 7541 §4.2)") }
                let size = try integer(bytes, &position, prefixBits: 5)
                guard size <= Self.maxTableSize else { throw .malformed("a table size update to \(size) bytes") }
                tableLimit = size
                evict(toFit: 0)
            } else {  // literal without indexing or never indexed (§6.2.2, §6.2.3)
                let index = try integer(bytes, &position, prefixBits: 4)
                let name = index == 0 ? try string(bytes, &position) : try entry(at: index).name
                emit(name, try string(bytes, &position))
            }
        }
        return result
    }

    private func entry(at index: Int) throws(Failure) -> (name: String, value: String) {
        if index >= 1, index <= HPACKStaticTable.entries.count { return HPACKStaticTable.entries[index - 1] }
        let dynamicIndex = index - HPACKStaticTable.entries.count - 1
        guard index >= 1, dynamicIndex < dynamicTable.count else {
            throw .malformed("index \(index) is not in the table (\(HPACKStaticTable.entries.count) static, \(dynamicTable.count) dynamic entries)")
        }
        return dynamicTable[dynamicIndex]
    }

    private mutating func insert(_ name: String, _ value: String) {
        let size = name.utf8.count + value.utf8.count + 32
        evict(toFit: size)
        // An entry larger than the table empties it and is not added (§4.4).
        guard size <= tableLimit else { return }
        dynamicTable.insert((name, value), at: 0)
        tableSize += size
    }

    private mutating func evict(toFit incoming: Int) {
        while tableSize + incoming > tableLimit, let oldest = dynamicTable.popLast() {
            tableSize -= oldest.name.utf8.count + oldest.value.utf8.count + 32
        }
    }

    /// An integer with an N-bit prefix (§5.1), bounded so a hostile encoding cannot overflow.
    private func integer(_ bytes: [UInt8], _ position: inout Int, prefixBits: Int) throws(Failure) -> Int {
        let mask = (1 << prefixBits) - 1
        var value = Int(bytes[position]) & mask
        position += 1
        guard value == mask else { return value }
        var shift = 0
        while true {
            guard position < bytes.count else { throw .malformed("an integer runs past the end of the block") }
            let byte = bytes[position]
            position += 1
            // Past 28 bits of shift a byte either breaks the bound or pads with zeros; padded
            // far enough, a shift would push bits into the sign and past the bound check.
            guard shift <= 28 else { throw .malformed("an integer longer than 2^30 allows") }
            value += Int(byte & 0x7F) << shift
            guard value < 1 << 30 else { throw .malformed("an integer larger than 2^30") }
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A string literal (§5.2), Huffman-coded or raw.
    private func string(_ bytes: [UInt8], _ position: inout Int) throws(Failure) -> String {
        guard position < bytes.count else { throw .malformed("a string is missing at the end of the block") }
        let huffman = bytes[position] & 0x80 != 0
        let length = try integer(bytes, &position, prefixBits: 7)
        guard length <= bytes.count - position else { throw .malformed("a string of \(length) bytes runs past the end of the block") }
        let raw = bytes[position..<position + length]
        position += length
        return String(decoding: huffman ? try Huffman.decode(raw) : Array(raw), as: UTF8.self)
    }
}

/// The HPACK Huffman decoder: a binary tree built once from the code table.
enum Huffman {
    /// Node children (index into `nodes`, or -1) and, for leaves, the symbol.
    private struct Node {
        var children: (Int32, Int32) = (-1, -1)
        var symbol: Int16 = -1
    }

    private static let nodes: [Node] = {
        var nodes = [Node()]
        for (symbol, code) in HuffmanCode.codes.enumerated() {
            var current = 0
            for bit in stride(from: Int(code.length) - 1, through: 0, by: -1) {
                let one = (code.code >> UInt32(bit)) & 1 == 1
                let next = one ? nodes[current].children.1 : nodes[current].children.0
                if next >= 0 {
                    current = Int(next)
                } else {
                    nodes.append(Node())
                    let created = Int32(nodes.count - 1)
                    if one { nodes[current].children.1 = created } else { nodes[current].children.0 = created }
                    current = Int(created)
                }
            }
            nodes[current].symbol = Int16(symbol)
        }
        return nodes
    }()

    static func decode(_ input: ArraySlice<UInt8>) throws(HPACKDecoder.Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 8 / 5)
        var current = 0
        var bitsSinceSymbol = 0
        var onlyOnesSinceSymbol = true
        for byte in input {
            for bit in stride(from: 7, through: 0, by: -1) {
                let one = (byte >> UInt8(bit)) & 1 == 1
                let next = one ? nodes[current].children.1 : nodes[current].children.0
                guard next >= 0 else { throw .malformed("an invalid Huffman code") }
                current = Int(next)
                bitsSinceSymbol += 1
                onlyOnesSinceSymbol = onlyOnesSinceSymbol && one
                let symbol = nodes[current].symbol
                if symbol >= 0 {
                    guard symbol < 256 else { throw .malformed("the Huffman end-of-string code inside a string") }
                    output.append(UInt8(symbol))
                    current = 0
                    bitsSinceSymbol = 0
                    onlyOnesSinceSymbol = true
                }
            }
        }
        // Padding is the most significant bits of EOS: all ones, fewer than 8 (§5.2).
        guard bitsSinceSymbol < 8, onlyOnesSinceSymbol else { throw .malformed("invalid Huffman padding") }
        return output
    }
}
