// swift-tools-version: 6.0
import PackageDescription

// Layers (DESIGN.md): data flows one way, and each module depends only on the ones before it.
//   Core ← Capture ← HTTP ← Sources ← Rules ← Engine ← sessionlint;  Reporters needs only Core
//   (and swift-mustache, whose templates HTML-escape every value they are given).
//   TLS (decryption with a key log: Core, Capture, swift-crypto, zlib) sits between Capture and Sources.
//   Tokens (session ID analysis) needs only Core and swift-crypto; Rules and Engine use it.
//   Capture reads packets through libpcap (CPcap: apt-get install libpcap-dev).
// The tool allocates with mimalloc on Linux (apt-get install libmimalloc-dev): its reading and
// analysing threads hand every transaction across, which glibc's allocator serves slowly once a
// log's million clients fragment its heap (README, Performance).
// Release builds on Linux link the Swift runtime and Foundation statically: the binary runs where
// no Swift is installed, and each of the hundreds of reference-count calls per log line is a
// direct call rather than one through the shared library's PLT (8 % faster on a log). Linked
// with the toolchain's lld: gold warns on every link about a mktemp inside static Foundation.
// Only this link is static, with the libraries the shared Foundation would have brought itself
// named: compiled with -static-stdlib, the modules also made the fuzz driver link statically,
// and the address sanitizer then aborted on a free inside static CoreFoundation.
// Release builds optimise across modules: the capture path's generic flow table and the
// layers' small accessors are specialised and inlined where they are used (scripts/benchmark).
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "sessionlint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sessionlint", targets: ["sessionlint"]),
        // For the libFuzzer driver in Fuzz/ (scripts/fuzz); not part of the tool.
        .library(name: "SessionLintFuzzTargets", targets: ["SessionLintFuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "SessionLintCore", swiftSettings: crossModule),
        .target(name: "SessionLintCapture", dependencies: ["SessionLintCore", "CPcap"], swiftSettings: crossModule),
        // TLS record decryption with a key log: bytes of a reassembled stream in, plaintext out.
        .target(name: "SessionLintTLS", dependencies: [
            "SessionLintCore", "SessionLintCapture", "CZlib", .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ], swiftSettings: crossModule),
        .target(name: "SessionLintHTTP", dependencies: ["SessionLintCore"], swiftSettings: crossModule),
        .target(name: "SessionLintSources", dependencies: ["SessionLintCore", "SessionLintCapture", "SessionLintTLS", "SessionLintHTTP", "CZlib"], swiftSettings: crossModule),
        .target(name: "SessionLintSessions", dependencies: ["SessionLintCore", "SessionLintHTTP"], swiftSettings: crossModule),
        .target(name: "SessionLintTokens", dependencies: ["SessionLintCore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: crossModule),
        .target(name: "SessionLintRules", dependencies: [
            "SessionLintCore", "SessionLintHTTP", "SessionLintSessions", "SessionLintTokens", .product(name: "Yams", package: "Yams"),
        ], swiftSettings: crossModule),
        .target(name: "SessionLintReporters", dependencies: ["SessionLintCore", .product(name: "Mustache", package: "swift-mustache")], swiftSettings: crossModule),
        .target(name: "SessionLintEngine", dependencies: [
            "SessionLintCore", "SessionLintHTTP", "SessionLintSources", "SessionLintSessions", "SessionLintRules",
            "SessionLintTokens", "SessionLintReporters", "SessionLintTLS", .product(name: "Yams", package: "Yams"),
        ], swiftSettings: crossModule),
        .executableTarget(name: "sessionlint", dependencies: [
            "SessionLintCore", "SessionLintEngine", "SessionLintRules", "SessionLintReporters", "SessionLintSessions",
            "SessionLintSources", "SessionLintTLS", "SessionLintTokens", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: crossModule, linkerSettings: [
            .linkedLibrary("mimalloc", .when(platforms: [.linux])),
            .unsafeFlags(["-static-stdlib", "-use-ld=lld", "-lCoreFoundation", "-l_FoundationCShims", "-l_FoundationCollections", "-l_FoundationICU"], .when(platforms: [.linux], configuration: .release)),
        ]),

        // Builds pcap files in code for tests (a library target so several test targets share it).
        .target(name: "SessionLintTestSupport", dependencies: ["CZlib"], path: "Tests/SessionLintTestSupport"),
        // The fuzz harnesses: built with everything, replayed by FuzzRegressionTests, linked with libFuzzer by Fuzz/.
        .target(name: "SessionLintFuzzTargets", dependencies: [
            "SessionLintCore", "SessionLintCapture", "SessionLintHTTP", "SessionLintSources", "SessionLintTokens", "SessionLintEngine",
            "SessionLintReporters", "SessionLintTLS", "SessionLintTestSupport",
        ], path: "Tests/SessionLintFuzzTargets"),
        .testTarget(name: "SessionLintCoreTests", dependencies: ["SessionLintCore"]),
        .testTarget(name: "SessionLintCaptureTests", dependencies: ["SessionLintCapture", "SessionLintTestSupport"]),
        .testTarget(name: "SessionLintHTTPTests", dependencies: ["SessionLintHTTP"]),
        .testTarget(name: "SessionLintTLSTests", dependencies: ["SessionLintTLS", "SessionLintCapture", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "SessionLintSourcesTests", dependencies: ["SessionLintSources", "SessionLintCapture", "SessionLintTestSupport", "CZlib"]),
        .testTarget(name: "SessionLintTokensTests", dependencies: ["SessionLintTokens", "SessionLintCore"]),
        .testTarget(name: "SessionLintSessionsTests", dependencies: ["SessionLintSessions", "SessionLintSources"]),
        .testTarget(name: "SessionLintRulesTests", dependencies: ["SessionLintRules", "SessionLintHTTP", "SessionLintSessions", "SessionLintTokens", "SessionLintEngine"]),
        .testTarget(name: "SessionLintReportersTests", dependencies: ["SessionLintReporters"]),
        .testTarget(name: "SessionLintEngineTests", dependencies: ["SessionLintEngine", "SessionLintHTTP", "SessionLintTokens"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["SessionLintFuzzTargets"]),
        .testTarget(name: "sessionlintCLITests", dependencies: ["sessionlint", "SessionLintTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
