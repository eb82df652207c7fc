import ArgumentParser
import Foundation
import SessionLintCapture
import SessionLintCore
import Synchronization

struct Capture: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Capture live traffic from an interface, then scan it.",
        discussion: """
            Captures until --duration or --count is reached, Ctrl-C is pressed, or (with a command
            after --) the command exits; then analyses the capture like `scan` and exits with the
            gate's code. A command that fails makes sessionlint exit with the command's status.
            Needs root or the CAP_NET_RAW capability.

            Examples:
              sessionlint capture --interface eth0 --filter 'tcp port 80' --duration 60
              sessionlint capture --interface lo --filter 'tcp port 8000' -- pytest tests/integration
              sessionlint capture -i lo --filter 'tcp port 8000' --write ci.pcap --report sarif:out.sarif -- ./run-e2e.sh
            """)

    @Option(name: [.short, .long], help: "The interface to capture on (lo, eth0, any, …).")
    var interface: String

    @Option(name: .long, help: "A BPF capture filter, as tcpdump takes it.")
    var filter: String?

    @Option(name: .long, help: "Stop after this many seconds.")
    var duration: Double?

    @Option(name: .long, help: "Stop after this many frames.")
    var count: Int?

    @Option(name: .long, help: "Keep the capture in this pcap file (default: a temporary file, removed afterwards).", completion: .file())
    var write: String?

    @OptionGroup var analysis: AnalysisOptions

    @Argument(parsing: .postTerminator, help: "A command to run while capturing (after --).")
    var command: [String] = []

    func validate() throws {
        if command.isEmpty, duration == nil, count == nil, isatty(STDIN_FILENO) == 0 {
            throw ValidationError("Say when to stop: --duration, --count, or a command after --.")
        }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive.") }
        if let count, count <= 0 { throw ValidationError("--count must be positive.") }
    }

    func run() throws {
        let path = write ?? FileManager.default.temporaryDirectory.appendingPathComponent("sessionlint-\(UUID().uuidString).pcap").path
        defer { if write == nil { try? FileManager.default.removeItem(atPath: path) } }
        // The temporary recording holds the user's traffic: created readable by them only
        // (libpcap then writes into it and keeps the mode).
        if write == nil { _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) }

        let capture: LiveCapture
        do throws(InputError) {
            capture = try LiveCapture(interface: interface, filter: filter, writeTo: path)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }

        var process: Process?
        if !command.isEmpty {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            child.arguments = command
            // Let the capture settle before the command starts sending.
            for _ in 0..<2 { capture.captureNext() }
            do {
                try child.run()
            } catch {
                printError("cannot run \(command[0]): \(error.localizedDescription)")
                throw ExitCode(2)
            }
            process = child
        }

        // Ctrl-C stops capturing and goes on to the analysis. Installed after the command is
        // started, so the command does not inherit an ignored SIGINT.
        let stop = StopSignal()
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signal(SIGINT, SIG_IGN)
        interrupt.setEventHandler { stop.request() }
        interrupt.resume()
        defer { interrupt.cancel(); signal(SIGINT, SIG_DFL) }

        let started = Date()
        var graceUntil: Date?
        while !stop.isRequested {
            guard capture.captureNext() else {
                printError("\(interface): capture failed: \(capture.lastError)")
                break
            }
            if let count, capture.framesCaptured >= count { break }
            if let duration, Date().timeIntervalSince(started) >= duration { break }
            if let process, !process.isRunning {
                // Take the last packets in flight after the command exits.
                if graceUntil == nil { graceUntil = Date().addingTimeInterval(0.5) }
                if let graceUntil, Date() >= graceUntil { break }
            }
        }
        capture.flush()
        if let process, process.isRunning { process.terminate(); process.waitUntilExit() }
        FileHandle.standardError.write(Data("sessionlint: captured \(capture.framesCaptured) frame\(capture.framesCaptured == 1 ? "" : "s") on \(interface)\n".utf8))

        let gate = try analysis.analyse(inputs: [path], kind: .pcap)
        if let process, process.terminationStatus != 0 {
            FileHandle.standardError.write(Data("sessionlint: the command exited with status \(process.terminationStatus)\n".utf8))
            throw ExitCode(process.terminationStatus)
        }
        if gate != 0 { throw ExitCode(gate) }
    }
}

/// Set from the SIGINT handler's queue, read by the capture loop.
final class StopSignal: Sendable {
    private let requested = Atomic<Bool>(false)

    func request() { requested.store(true, ordering: .relaxed) }
    var isRequested: Bool { requested.load(ordering: .relaxed) }
}
