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
    }

    public var input: String
    public var location: Location

    public init(input: String, location: Location) {
        self.input = input
        self.location = location
    }

    public var locationDescription: String {
        switch location {
        case .harEntry(let index): "entry \(index)"
        case .frame(let number): "frame \(number)"
        case .line(let number): "line \(number)"
        case .byteOffset(let offset): "byte \(offset)"
        }
    }

    public var description: String { "\(input) \(locationDescription)" }
}
