import Testing
import SessionLintCore

/// The bound on remembered session values and Cookie headers: the newest generation is always there, at most two
/// generations are kept, and the oldest goes first.
struct AgeingMapTests {
    @Test func keepsTheNewestAndForgetsTheOldestAGenerationAtATime() {
        var map = AgeingMap<Int, Int>(generationSize: 100)
        for key in 0..<1_000 { map[key] = key * 2 }
        #expect(map.count <= 200)
        for key in 900..<1_000 { #expect(map[key] == key * 2) }  // the newest generation
        for key in 0..<800 { #expect(map[key] == nil) }          // aged out
    }

    @Test func aValueSetAgainIsRenewedAndRemovalReachesBothGenerations() {
        var map = AgeingMap<String, Int>(generationSize: 3)
        map["a"] = 1
        map["b"] = 2
        map["c"] = 3       // full: a, b, c become the previous generation
        map["a"] = 10      // renewed into the current one
        map["d"] = 4
        map["e"] = 5       // full again: a, d, e previous; b and c forgotten
        #expect(map["a"] == 10 && map["d"] == 4 && map["e"] == 5)
        #expect(map["b"] == nil && map["c"] == nil)
        map["a"] = nil
        #expect(map["a"] == nil)
    }
}
