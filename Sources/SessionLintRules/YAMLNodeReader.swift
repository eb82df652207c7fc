import SessionLintCore
import Yams

/// Typed reading of a YAML document with the file, line and column of every mistake, so a
/// typo in a rule file or a config names its place (exit 2) instead of being ignored.
public struct YAMLNodeReader {
    public let file: String

    public init(file: String) { self.file = file }

    /// Tags matter to this reader only where Yams' `Node.bool` refuses a scalar resolved as a
    /// string; numbers and strings are read from the scalar's text whatever its tag. Resolving
    /// every scalar against Yams' seven default patterns (regular expressions) was a third of
    /// the start-up of every scan, which parses the built-in rules.
    private static let resolver = Resolver.basic.appending(.bool)

    public func compose(_ text: String) throws(InputError) -> Node? {
        do {
            return try Yams.compose(yaml: text, Self.resolver)
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw InputError(file: file, message: "invalid YAML: \(error)")
        }
    }

    public func error(_ node: Node?, _ message: String) -> InputError {
        guard let mark = node?.mark else { return InputError(file: file, message: message) }
        return InputError(file: file, place: .lineColumn(line: mark.line, column: mark.column), message: message)
    }

    /// The mapping's pairs in order, with keys as strings; rejects keys not in `allowed`.
    public func mapping(_ node: Node, allowed: Set<String>? = nil, what: String) throws(InputError) -> [(key: String, keyNode: Node, value: Node)] {
        guard let map = node.mapping else { throw error(node, "\(what) must be a mapping of keys to values") }
        var pairs: [(String, Node, Node)] = []
        for (keyNode, value) in map {
            guard let key = keyNode.string else { throw error(keyNode, "keys in \(what) must be strings") }
            if let allowed, !allowed.contains(key) {
                let suggestion = closest(to: key, in: allowed).map { "; did you mean \"\($0)\"?" } ?? ""
                throw error(keyNode, "unknown key \"\(key)\" in \(what) (expected one of: \(allowed.sorted().joined(separator: ", ")))\(suggestion)")
            }
            pairs.append((key, keyNode, value))
        }
        return pairs
    }

    public func string(_ node: Node, what: String) throws(InputError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "\(what) must be a string") }
        return scalar.string
    }

    public func bool(_ node: Node, what: String) throws(InputError) -> Bool {
        guard let value = node.bool else { throw error(node, "\(what) must be true or false") }
        return value
    }

    public func int(_ node: Node, what: String) throws(InputError) -> Int {
        guard let value = node.int else { throw error(node, "\(what) must be a whole number") }
        return value
    }

    /// A list of strings; a single string counts as a list of one.
    public func strings(_ node: Node, what: String) throws(InputError) -> [String] {
        if case .scalar(let scalar) = node { return [scalar.string] }
        guard let sequence = node.sequence else { throw error(node, "\(what) must be a list of strings") }
        var values: [String] = []
        for item in sequence { values.append(try string(item, what: "each item of \(what)")) }
        return values
    }

    public func severity(_ node: Node, what: String) throws(InputError) -> Severity {
        let text = try string(node, what: what)
        guard let severity = Severity(rawValue: text.lowercased()) else {
            throw error(node, "\(what) must be one of \(Severity.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text)\"")
        }
        return severity
    }

    /// `references: {cwe: [614], asvs: [...], rfc: [...], zap: [...], other: [...]}`, shared by
    /// built-in and custom rule files.
    public func references(_ node: Node) throws(InputError) -> RuleDescription.References {
        var references = RuleDescription.References()
        for pair in try mapping(node, allowed: ["cwe", "asvs", "rfc", "zap", "other"], what: "references") {
            let values = try strings(pair.value, what: pair.key)
            switch pair.key {
            case "cwe":
                for text in values {
                    guard let number = Int(text) else { throw error(pair.value, "cwe must be numbers, not \"\(text)\"") }
                    references.cwe.append(number)
                }
            case "asvs": references.asvs = values
            case "rfc": references.rfc = values
            case "zap": references.zap = values
            default: references.other = values
            }
        }
        return references
    }

    private func syntaxError(_ error: YamlError) -> InputError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            return InputError(file: file, place: .lineColumn(line: mark.line, column: mark.column), message: "invalid YAML: \(detail)")
        default:
            return InputError(file: file, message: "invalid YAML: \(error)")
        }
    }

    private func closest(to key: String, in candidates: Set<String>) -> String? {
        candidates.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }
}

/// Levenshtein distance, for "did you mean" hints on short keys.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
