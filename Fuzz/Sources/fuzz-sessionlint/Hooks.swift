import Foundation
import SessionLintFuzzTargets

// libFuzzer's hooks: Initialize once, then TestOneInput for every input. The harness is named by
// SESSIONLINT_FUZZ_TARGET. With SESSIONLINT_FUZZ_WRITE_SEEDS=DIR, Initialize writes the harness's
// seeds into DIR and exits (scripts/fuzz does that before fuzzing).

private let target = ProcessInfo.processInfo.environment["SESSIONLINT_FUZZ_TARGET"].flatMap(FuzzTarget.named)

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    let environment = ProcessInfo.processInfo.environment
    guard let target else {
        FileHandle.standardError.write(Data("set SESSIONLINT_FUZZ_TARGET to one of: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    if let directory = environment["SESSIONLINT_FUZZ_WRITE_SEEDS"] {
        let root = URL(fileURLWithPath: environment["SESSIONLINT_REPOSITORY"] ?? "..")
        for (index, seed) in target.seeds(Seeds(root: root)).enumerated() {
            try? Data(seed).write(to: URL(fileURLWithPath: directory).appendingPathComponent("seed-\(index)"))
        }
        exit(0)
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    target?.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
