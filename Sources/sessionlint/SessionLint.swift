import ArgumentParser
import SessionLintCore

@main
struct SessionLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessionlint",
        abstract: "Audit the cookies and sessions in captured HTTP traffic.",
        discussion: """
            Reads captured traffic (HAR files, pcap/pcapng captures, live capture, web-server access \
            logs, Burp Suite items), rebuilds each client's session over time, and reports what is \
            wrong with how the site issues, protects and rotates its cookies and session identifiers.

            Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; \
            2 the run could not complete (unreadable input, bad configuration); 64 usage error.
            """,
        version: SessionLintVersion.current,
        subcommands: [Scan.self, Capture.self, Transactions.self, Timeline.self, Tokens.self, Rules.self, Reporters.self, Init.self],
        defaultSubcommand: nil)
}
