/// An error that stops a run, with the file and the place in it. The CLI prints it and exits 2.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Place: Sendable, Equatable {
        case whole
        case lineColumn(line: Int, column: Int)
        case line(Int)
        case byteOffset(Int)
        case keyPath(String)
    }

    public var file: String
    public var place: Place
    public var message: String

    public init(file: String, place: Place = .whole, message: String) {
        self.file = file
        self.place = place
        self.message = message
    }

    public var description: String {
        switch place {
        case .whole: "\(file): \(message)"
        case .lineColumn(let line, let column): "\(file):\(line):\(column): \(message)"
        case .line(let line): "\(file):\(line): \(message)"
        case .byteOffset(let offset): "\(file): byte \(offset): \(message)"
        case .keyPath(let path): "\(file): \(path): \(message)"
        }
    }
}
