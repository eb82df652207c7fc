import Foundation

/// Reads the XML that Burp Suite's "Save items" writes, and no more: a prolog (declaration,
/// comments, a DOCTYPE with its internal subset, all skipped), then elements with attributes,
/// text and CDATA. Only the five predefined entities and numeric character references are
/// undone; entities a DOCTYPE declares are never expanded, so nothing is fetched and nothing
/// multiplies. NUL bytes are kept: Burp writes them into messages saved as text, though XML
/// forbids them. Byte-level, bounded by the input; stops at the first malformation, saying
/// where.
struct BurpXMLReader {
    struct Failure: Error, Equatable {
        var line: Int
        var column: Int
        var reason: String
    }

    private let bytes: [UInt8]
    private var index = 0
    /// The line of `index`, kept as the reader moves forward (only forward).
    private var line = 1
    private var lineStart = 0
    private var countedUpTo = 0

    init(_ data: Data) {
        bytes = Array(data)
    }

    /// Hands each complete `<item>` to `body` in order; returns what stopped the reading early.
    mutating func readItems(_ body: (BurpItem) -> Void) -> Failure? {
        var open: [String] = []
        var item: BurpItem?
        var child: (name: String, content: [UInt8])?
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let end = bytes[index...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                if child != nil { Self.appendDecodingEntities(bytes[index..<end], to: &child!.content) }
                index = end
                continue
            }
            if starts(with: "<?") {
                guard skip(past: "?>") else { return failure("a processing instruction is not closed") }
            } else if starts(with: "<!--") {
                guard skip(past: "-->") else { return failure("a comment is not closed") }
            } else if starts(with: "<![CDATA[") {
                index += 9
                guard let end = find("]]>") else { return failure("a CDATA section is not closed: the document is cut short") }
                if child != nil { child!.content += bytes[index..<end] }
                index = end + 3
            } else if starts(with: "<!") {
                guard skipDeclaration() else { return failure("a DOCTYPE is not closed") }
            } else if starts(with: "</") {
                index += 2
                let name = readName()
                skipSpaces()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { return failure("an end tag is not closed") }
                index += 1
                guard open.last == name else { return failure("</\(name)> closes <\(open.last ?? "nothing")>") }
                open.removeLast()
                if let current = child, current.name == name, open.count == 2 {
                    item?.values[name] = current.content
                    child = nil
                } else if name == "item", open.count == 1, let finished = item {
                    body(finished)
                    item = nil
                }
            } else {
                let tagLine = currentLine()
                index += 1
                let name = readName()
                guard !name.isEmpty else { return failure("a \"<\" that starts no element") }
                guard let (attributes, selfClosing) = readAttributes() else { return failure("the tag <\(name)> is not closed") }
                if open.count == 1, name == "item" {
                    item = BurpItem(line: tagLine)
                } else if open.count == 2, item != nil {
                    child = (name, [])
                    if !attributes.isEmpty { item?.attributes[name] = attributes }
                }
                if selfClosing {
                    if child?.name == name, open.count == 2 { item?.values[name] = []; child = nil }
                } else {
                    open.append(name)
                }
            }
        }
        return open.isEmpty ? nil : failure("the document is cut short inside <\(open.last!)>")
    }

    // MARK: - Bytes

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { bytes[index..<(index + count)].elementsEqual($0) }
    }

    /// The position of the next `text` from here, if any.
    private func find(_ text: StaticString) -> Int? {
        text.withUTF8Buffer { pattern in
            var from = index
            while let first = bytes[from...].firstIndex(of: pattern[0]) {
                guard first + pattern.count <= bytes.count else { return nil }
                if bytes[first..<(first + pattern.count)].elementsEqual(pattern) { return first }
                from = first + 1
            }
            return nil
        }
    }

    private mutating func skip(past text: StaticString) -> Bool {
        guard let end = find(text) else { return false }
        index = end + text.utf8CodeUnitCount
        return true
    }

    /// `<!DOCTYPE items [ … ]>` or any `<!…>`: to its `>`, past a bracketed internal subset
    /// (whose declarations hold quoted `>` characters of their own).
    private mutating func skipDeclaration() -> Bool {
        var inSubset = false
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                inSubset = true
            } else if byte == UInt8(ascii: "]") {
                inSubset = false
            } else if byte == UInt8(ascii: ">"), !inSubset {
                return true
            }
        }
        return false
    }

    private mutating func skipSpaces() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count, !Self.endsName(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "<")].contains(byte)
    }

    /// `name="value"` pairs up to `>` or `/>`; nil when the tag runs off the end or breaks.
    private mutating func readAttributes() -> (attributes: [String: String], selfClosing: Bool)? {
        var attributes: [String: String] = [:]
        while true {
            skipSpaces()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ">") { index += 1; return (attributes, false) }
            if starts(with: "/>") { index += 2; return (attributes, true) }
            let name = readName()
            skipSpaces()
            guard !name.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { return nil }
            let quote = bytes[index]
            index += 1
            guard let end = bytes[index...].firstIndex(of: quote) else { return nil }
            var value: [UInt8] = []
            Self.appendDecodingEntities(bytes[index..<end], to: &value)
            attributes[name] = String(decoding: value, as: UTF8.self)
            index = end + 1
        }
    }

    /// Text with `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, `&#N;` and `&#xH;` undone; any
    /// other `&` is kept as it is.
    static func appendDecodingEntities(_ text: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index] == UInt8(ascii: "&"),
                  let semicolon = text[index..<min(text.endIndex, index + 12)].firstIndex(of: UInt8(ascii: ";")) else {
                out.append(text[index])
                index += 1
                continue
            }
            let name = String(decoding: text[(index + 1)..<semicolon], as: UTF8.self)
            let replacement: [UInt8]? = switch name {
            case "lt": [UInt8(ascii: "<")]
            case "gt": [UInt8(ascii: ">")]
            case "amp": [UInt8(ascii: "&")]
            case "quot": [UInt8(ascii: "\"")]
            case "apos": [UInt8(ascii: "'")]
            default: characterReference(name)
            }
            if let replacement {
                out += replacement
                index = semicolon + 1
            } else {
                out.append(text[index])
                index += 1
            }
        }
    }

    /// `#233` or `#xE9` as UTF-8; nil for anything else or a code point that is none.
    private static func characterReference(_ name: String) -> [UInt8]? {
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        return value.flatMap(Unicode.Scalar.init).map { Array(String(Character($0)).utf8) }
    }

    // MARK: - Places

    /// The line of the current position: newlines are counted from where the last count ended.
    private mutating func currentLine() -> Int {
        while countedUpTo < index {
            if bytes[countedUpTo] == 0x0A { line += 1; lineStart = countedUpTo + 1 }
            countedUpTo += 1
        }
        return line
    }

    private mutating func failure(_ reason: String) -> Failure {
        let line = currentLine()
        return Failure(line: line, column: index - lineStart + 1, reason: reason)
    }
}
