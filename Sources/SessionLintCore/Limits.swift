/// Every bound sessionlint puts on memory and work for one run. Each has a default that suits a
/// day of traffic on a small machine, and is set with `--limit NAME=VALUE` or the configuration
/// file's `limits:` map. Reaching one is reported as an input warning that names the limit;
/// nothing is dropped without saying so.
public struct Limits: Sendable, Equatable {
    /// TCP connections tracked at once; beyond it the least recently active are finished early.
    public var connections = 100_000
    /// Out-of-order bytes held per connection direction while waiting for a missing segment;
    /// beyond it the hole is given up as a gap.
    public var reorderBytes = 1 << 20
    /// One HTTP message head (start line and header fields); a longer head is skipped.
    public var headerBytes = 64 << 10
    /// Of one response body, the decoded text kept for the rules that search bodies (session
    /// values echoed into pages). A compressed body is kept up to four times this before decoding.
    public var bodyBytes = 64 << 10
    /// One access-log line; a longer line is cut there and reported as not matching the format.
    public var lineBytes = 1 << 20
    /// Inputs that are parsed whole: HAR files and standard input.
    public var documentBytes = 1 << 30
    /// What one `.gz` input may decompress to; the rest is not read.
    public var decompressedBytes = 16 << 30
    /// Clients whose session timelines are open at once; beyond it the least recently active are
    /// judged early.
    public var clients = 40_000
    /// Requests stored across all open timelines; beyond it the oldest clients are judged early.
    public var timelineSteps = 120_000
    /// Session IDs kept for the token analysis, over all cookies.
    public var tokenValues = 500_000
    /// Distinct findings (rule, host, cookie, path) kept for the report; a hostile input can
    /// invent endless cookie names.
    public var findings = 10_000
    /// Input warnings kept for the report, over all inputs.
    public var warnings = 1_000

    public init() {}

    /// How much of a response body the HTTP parser keeps before decoding: room for gzip's usual
    /// 4–10× ratio, so the decoded text can still reach `bodyBytes`.
    public var rawBodyBytes: Int { bodyBytes > Int.max / 4 ? Int.max : bodyBytes * 4 }

    public enum Unit: Sendable { case bytes, count }

    /// One limit as the command line and the configuration name it.
    public struct Entry: Sendable {
        public let name: String
        public let unit: Unit
        public let summary: String
        public let keyPath: WritableKeyPath<Limits, Int> & Sendable
    }

    public static let entries: [Entry] = [
        Entry(name: "connections", unit: .count, summary: "TCP connections a capture tracks at once", keyPath: \.connections),
        Entry(name: "reorder-bytes", unit: .bytes, summary: "out-of-order bytes held per connection direction", keyPath: \.reorderBytes),
        Entry(name: "header-bytes", unit: .bytes, summary: "one HTTP message head", keyPath: \.headerBytes),
        Entry(name: "body-bytes", unit: .bytes, summary: "response body text searched for echoed session values", keyPath: \.bodyBytes),
        Entry(name: "line-bytes", unit: .bytes, summary: "one access-log line", keyPath: \.lineBytes),
        Entry(name: "document-bytes", unit: .bytes, summary: "a HAR file or standard input, which are parsed whole", keyPath: \.documentBytes),
        Entry(name: "decompressed-bytes", unit: .bytes, summary: "what one .gz input may decompress to", keyPath: \.decompressedBytes),
        Entry(name: "clients", unit: .count, summary: "clients with an open session timeline", keyPath: \.clients),
        Entry(name: "timeline-steps", unit: .count, summary: "requests stored across open timelines", keyPath: \.timelineSteps),
        Entry(name: "token-values", unit: .count, summary: "session IDs kept for the token analysis", keyPath: \.tokenValues),
        Entry(name: "findings", unit: .count, summary: "distinct findings kept for the report", keyPath: \.findings),
        Entry(name: "warnings", unit: .count, summary: "input warnings kept for the report", keyPath: \.warnings),
    ]

    public static var names: [String] { entries.map(\.name) }

    public subscript(name: String) -> Int? {
        Self.entries.first { $0.name == name }.map { self[keyPath: $0.keyPath] }
    }

    /// Sets one limit from `NAME=VALUE`, as `--limit` takes it.
    public mutating func set(_ assignment: String) throws(LimitError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw LimitError("expected NAME=VALUE, such as connections=200000 or line-bytes=4M")
        }
        try set(String(assignment[..<equals]), to: String(assignment[assignment.index(after: equals)...]))
    }

    /// Applies `--limit` assignments in order; an error names the option.
    public mutating func apply(_ assignments: [String]) throws(InputError) {
        for assignment in assignments {
            do throws(LimitError) { try set(assignment) } catch {
                throw InputError(file: "--limit \(assignment)", message: error.message)
            }
        }
    }

    /// Sets one limit by name; VALUE is a whole number, for sizes with an optional K, M or G
    /// (powers of 1024) and an optional B: `64K`, `4MB`, `2G`.
    public mutating func set(_ name: String, to text: String) throws(LimitError) {
        guard let entry = Self.entries.first(where: { $0.name == name }) else {
            throw LimitError("unknown limit \"\(name)\"; the limits are \(Self.names.joined(separator: ", "))")
        }
        guard let value = Self.parse(text, unit: entry.unit), value > 0 else {
            let example = entry.unit == .bytes ? "a size such as 65536, 64K, 4M or 2G" : "a whole number above 0"
            throw LimitError("\(name): \"\(text)\" is not \(example)")
        }
        self[keyPath: entry.keyPath] = value
    }

    static func parse(_ text: String, unit: Unit) -> Int? {
        var digits = text.trimmingHTTPWhitespace.uppercased()[...]
        var multiplier = 1
        if unit == .bytes {
            if digits.hasSuffix("B") { digits = digits.dropLast() }
            switch digits.last {
            case "K": multiplier = 1 << 10
            case "M": multiplier = 1 << 20
            case "G": multiplier = 1 << 30
            default: break
            }
            if multiplier > 1 { digits = digits.dropLast() }
        }
        let underscoresRemoved = digits.filter { $0 != "_" }
        guard let number = Int(underscoresRemoved) else { return nil }
        let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    /// A value as people write it: sizes in K, M or G when they divide evenly.
    public static func describe(_ value: Int, unit: Unit) -> String {
        guard unit == .bytes else { return String(value) }
        for (suffix, size) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where value >= size && value % size == 0 {
            return "\(value / size)\(suffix)"
        }
        return String(value)
    }

    public func describe(_ name: String) -> String {
        guard let entry = Self.entries.first(where: { $0.name == name }) else { return name }
        return "\(name)=\(Self.describe(self[keyPath: entry.keyPath], unit: entry.unit))"
    }
}

/// A `--limit` or `limits:` value that cannot be used.
public struct LimitError: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }
}
