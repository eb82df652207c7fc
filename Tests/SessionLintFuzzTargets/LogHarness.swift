import Foundation
import SessionLintCore
import SessionLintSources
import SessionLintTestSupport

/// Access logs: format strings as `--log-format` takes them, and log lines read through a preset,
/// through format detection, or as JSON lines (Caddy's mapping).
enum LogHarness {
    static func runFormat(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        for escaping in [nil, LogFormat.Escaping.backslash, .json, LogFormat.Escaping.none] {
            _ = try? LogFormat(parsing: text, escaping: escaping)
        }
    }

    /// First byte: how to read the lines (a preset, detection, or JSON); the rest is the log.
    static func runLines(_ buffer: UnsafeRawBufferPointer) {
        var input = FuzzInput(buffer)
        let choice = Int(input.byte())
        let data = Data(input.rest())
        let presets = LogPresets.all
        let source: any TransactionSource
        switch choice % (presets.count + 2) {
        case presets.count:
            source = AccessLogSource(inputName: "fuzz.log", data: data, format: nil, assumedScheme: .unknown)
        case presets.count + 1:
            source = JSONLogSource(inputName: "fuzz.log", data: data, mapping: .caddy, assumedScheme: .https)
        case let index:
            guard let format = try? LogFormat(parsing: presets[index].format) else { return }
            source = AccessLogSource(inputName: "fuzz.log", data: data, format: format, assumedScheme: .unknown)
        }
        try? source.read(onTransaction: { _ in }, onWarning: { _ in })
    }

    static func formatSeeds() -> [[UInt8]] {
        LogPresets.all.map { Array($0.format.utf8) } + [
            Array(#"$remote_addr [$time_iso8601] "$request" $status "$cookie_sessionid" $request_time $upstream_http_set_cookie"#.utf8),
            Array(#"%a %{%d/%b/%Y:%H:%M:%S %z}t "%m %U%q %H" %>s %D "%{Cookie}i" %{c}a %{X-Forwarded-For}i"#.utf8),
        ]
    }

    /// The example logs, each behind every choice of reader.
    static func lineSeeds(_ seeds: Seeds) -> [[UInt8]] {
        let logs = seeds.files(in: ["examples/logs", "../shared/corpus/logs"], endingIn: [".log", ".0", ".1"], atMost: 64 << 10)
        return logs.flatMap { log in (0..<UInt8(LogPresets.all.count + 2)).map { [$0] + log } }
    }

    /// The bytes as a `.gz` log, decompressed as it is read (several members, damage, a cut).
    static func runGzip(_ buffer: UnsafeRawBufferPointer) {
        ScratchFile.with(buffer, suffix: ".log.gz") { path in
            var limits = Limits()
            limits.lineBytes = 4096
            let source = AccessLogSource(inputName: "fuzz.log.gz", bytes: .gzip(.file(path: path), limit: 1 << 20), format: nil,
                                         assumedScheme: .unknown, limits: limits)
            try? source.read(onTransaction: { _ in }, onWarning: { _ in })
        }
    }

    /// Small gzip files: one member, two members, one cut short.
    static func gzipSeeds() -> [[UInt8]] {
        let log = Array("127.0.0.1 - - [26/Nov/2026:16:58:21 +0000] \"GET / HTTP/1.1\" 200 10 \"-\" \"curl\"\n".utf8)
        let member = compress(log + log, windowBits: gzipWindow)
        return [member, member + member, Array(member.prefix(member.count - 6))]
    }
}
