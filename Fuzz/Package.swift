// swift-tools-version: 6.0
import PackageDescription

// The libFuzzer driver for the harnesses in ../Tests/SessionLintFuzzTargets. A package of its own
// because everything in it is built with `-sanitize=fuzzer,address` (coverage for libFuzzer, the
// address sanitizer); `scripts/fuzz` builds and runs it.
let package = Package(
    name: "sessionlint-fuzz",
    dependencies: [.package(name: "sessionlint", path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "fuzz-sessionlint", dependencies: [
            "CFuzzerDriver", .product(name: "SessionLintFuzzTargets", package: "sessionlint"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
