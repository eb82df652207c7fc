import Testing
import SessionLintCore

struct LimitsTests {
    @Test(arguments: [
        ("line-bytes=65536", "line-bytes", 65_536), ("line-bytes=64K", "line-bytes", 64 << 10), ("line-bytes=4MB", "line-bytes", 4 << 20),
        ("document-bytes=2g", "document-bytes", 2 << 30), ("connections=200000", "connections", 200_000),
        ("connections=1_000_000", "connections", 1_000_000), ("clients= 500 ", "clients", 500),
    ])
    func assignmentsAreRead(assignment: String, name: String, value: Int) throws {
        var limits = Limits()
        try limits.set(assignment)
        #expect(limits[name] == value)
        // Nothing else moves.
        for other in Limits.names where other != name { #expect(limits[other] == Limits()[other]) }
    }

    @Test(arguments: [
        ("connections", "unknown limit \"connection\""), ("connection=5", "unknown limit \"connection\""),
        ("connections=0", "is not a whole number above 0"), ("connections=-3", "is not a whole number above 0"),
        ("connections=4K", "is not a whole number above 0"), ("line-bytes=12X", "is not a size"),
        ("line-bytes=99999999999999G", "is not a size"), ("line-bytes=", "is not a size"),
    ])
    func badAssignmentsSayWhy(assignment: String, message: String) {
        var limits = Limits()
        #expect {
            try limits.set(assignment)
        } throws: { error in
            guard let error = error as? LimitError else { return false }
            return error.message.contains(message) || (message.hasPrefix("unknown") && error.message.hasPrefix("expected NAME=VALUE"))
        }
        #expect(limits == Limits())
    }

    @Test func anUnknownNameListsTheKnownOnes() {
        var limits = Limits()
        #expect(throws: LimitError("unknown limit \"flows\"; the limits are \(Limits.names.joined(separator: ", "))")) {
            try limits.set("flows=10")
        }
    }

    @Test func commandLineErrorsNameTheOption() {
        var limits = Limits()
        #expect(throws: InputError(file: "--limit clients=lots", message: "clients: \"lots\" is not a whole number above 0")) {
            try limits.apply(["connections=10", "clients=lots"])
        }
    }

    @Test func valuesAreDescribedAsPeopleWriteThem() {
        #expect(Limits.describe(1 << 20, unit: .bytes) == "1M")
        #expect(Limits.describe(64 << 10, unit: .bytes) == "64K")
        #expect(Limits.describe(16 << 30, unit: .bytes) == "16G")
        #expect(Limits.describe(1_500, unit: .bytes) == "1500")
        #expect(Limits.describe(40_000, unit: .count) == "40000")
        #expect(Limits().describe("reorder-bytes") == "reorder-bytes=1M")
    }

    /// The documented defaults (README "Limits and guarantees").
    @Test func defaults() {
        let limits = Limits()
        #expect(Limits.names == ["connections", "reorder-bytes", "header-bytes", "body-bytes", "line-bytes", "document-bytes",
                                 "decompressed-bytes", "clients", "timeline-steps", "token-values", "findings", "warnings"])
        let values: [Int] = Limits.names.map { limits[$0] ?? 0 }
        let documented: [Int] = [100_000, 1_048_576, 65_536, 65_536, 1_048_576, 1_073_741_824, 17_179_869_184, 40_000, 120_000, 500_000, 10_000, 1_000]
        #expect(values == documented)
        #expect(limits.rawBodyBytes == 256 << 10)
    }
}
