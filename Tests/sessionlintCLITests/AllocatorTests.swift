import Foundation
import Testing

/// The tool links mimalloc on Linux (Package.swift): its reading thread allocates every
/// transaction and the analysing thread frees it, which glibc's allocator served a quarter
/// slower on a day of logs. Dropping the link setting would lose that without any test noticing
/// the findings change, so this asks the allocator itself.
@Suite struct AllocatorTests {
    #if os(Linux)
    @Test func theToolAllocatesWithMimalloc() throws {
        // MIMALLOC_VERBOSE makes mimalloc say so on standard error as the process starts;
        // glibc's allocator ignores it.
        let result = try CLI.run(["scan", CLI.example, "--fail-on", "never"], environment: ["MIMALLOC_VERBOSE": "1"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("mimalloc: process init"))
        #expect(result.stdout.contains("7 findings"))
    }
    #endif
}
