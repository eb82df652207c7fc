import Testing
import SessionLintCore
import SessionLintRules

/// The reader resolves only YAML 1.1 booleans (not Yams' seven default patterns): rule files and
/// configs must read exactly as they did with the full resolver.
struct YAMLNodeReaderTests {
    let reader = YAMLNodeReader(file: "config.yaml")

    func pairs(_ yaml: String) throws -> [(key: String, value: String, bool: Bool?, int: Int?)] {
        let root = try #require(try reader.compose(yaml))
        return try reader.mapping(root, what: "the file").map { pair in
            (pair.key, try reader.string(pair.value, what: pair.key),
             try? reader.bool(pair.value, what: pair.key), try? reader.int(pair.value, what: pair.key))
        }
    }

    @Test func plainBooleansInEveryYAML11SpellingAreBooleans() throws {
        let read = try pairs("a: true\nb: False\nc: yes\nd: off\ne: On\nf: NO\n")
        #expect(read.map(\.bool) == [true, false, true, false, true, false])
    }

    @Test func quotedOrOtherWordsAreNotBooleans() throws {
        let read = try pairs("a: 'true'\nb: \"yes\"\nc: maybe\nd: 1\n")
        #expect(read.map(\.bool) == [nil, nil, nil, nil])
        #expect(read.map(\.value) == ["true", "yes", "maybe", "1"])
    }

    @Test func numbersNullsAndDatesReadAsTheirText() throws {
        let read = try pairs("a: 86400\nb: 0x10\nc: ~\nd: 2026-11-27\ne: 1.5\nf: -3\n")
        #expect(read.map(\.int) == [86_400, 16, nil, nil, nil, -3])
        #expect(read.map(\.value) == ["86400", "0x10", "~", "2026-11-27", "1.5", "-3"])
    }

    @Test func aWrongTypeNamesItsPlace() throws {
        let root = try #require(try reader.compose("opt-in: perhaps\n"))
        let value = try reader.mapping(root, what: "the file")[0].value
        #expect(throws: InputError(file: "config.yaml", place: .lineColumn(line: 1, column: 9), message: "opt-in must be true or false")) {
            try reader.bool(value, what: "opt-in")
        }
    }
}
