/// Where a piece of evidence came from, precisely enough for a person to open it.
public struct Provenance: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Location: Sendable, Hashable, Codable {
        /// Zero-based index into a HAR file's `log.entries`.
        case harEntry(index: Int)
        /// One-based frame number, as Wireshark numbers them.
        case frame(number: Int)
        /// One-based line number in a text input.
        case line(number: Int)
        /// Byte offset from the start of the input.
        case byteOffset(Int)
        /// The input as a whole (a summary note about it).
        case whole
    }

    public var input: String
    public var location: Location
    /// The one-based line of the input where the evidence begins, when known: what editors,
    /// SARIF viewers and GitHub annotations point at.
    public var line: Int?

    public init(input: String, location: Location, line: Int? = nil) {
        self.input = input
        self.location = location
        if line == nil, case .line(let number) = location {
            self.line = number
        } else {
            self.line = line
        }
    }

    public var locationDescription: String {
        switch location {
        case .harEntry(let index): "entry \(index)"
        case .frame(let number): "frame \(number)"
        case .line(let number): "line \(number)"
        case .byteOffset(let offset): "byte \(offset)"
        case .whole: ""
        }
    }

    public var description: String {
        switch location {
        case .whole: input
        case .line: "\(input):\(locationDescription)"
        default: "\(input) \(locationDescription)" + (line.map { " (line \($0))" } ?? "")
        }
    }
}
