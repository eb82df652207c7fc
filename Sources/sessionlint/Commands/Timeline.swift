import ArgumentParser
import Foundation
import SessionLintCore
import SessionLintEngine
import SessionLintHTTP
import SessionLintRules
import SessionLintSessions
import SessionLintSources

struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what each client's session went through.",
        discussion: """
            Rebuilds a timeline per client from any input: requests, cookies issued, sent, rotated, \
            deleted and expired (values shown only as #tags), logins and logouts with the reason each \
            was recognised. Login and logout patterns and the client key come from the configuration.

            Examples:
              sessionlint timeline capture.pcap
              sessionlint timeline traffic.har --client 10.0.0.7
              sessionlint timeline access.log --session 3fa2 --format json
            """)

    @Argument(help: ArgumentHelp(InputsHelp.argument), completion: .file())
    var inputs: [String]

    @Option(name: .long, help: "Only clients whose key (address, User-Agent) contains this text.")
    var client: String?

    @Option(name: .long, help: "Only clients with a session cookie whose value or #tag starts with this.")
    var session: String?

    @Option(name: .long, help: "Output format: text or json (one object per client per line).")
    var format: OutputFormat = .text

    @Option(name: .long, help: "Configuration file (default: ./.sessionlint.yml when present).", completion: .file())
    var config: String?

    @OptionGroup var reading: InputOptions

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let walk = try InputWalk(config: config, reading: reading)
        let configuration = walk.configuration
        var builder = TimelineBuilder(settings: TimelineSettings(
            clientKey: configuration.clientKey, login: configuration.login, logout: configuration.logout, classifier: walk.classifier,
            maxOpenClients: walk.limits.clients, maxStoredSteps: walk.limits.timelineSteps))
        let allRead = try walk.read(inputs) { transaction in
            // Finished clients (idle, or beyond the open-client bound) are printed as they go.
            for timeline in builder.add(transaction) where matches(timeline) { emit(timeline) }
        }
        builder.finishAll { timeline in if matches(timeline) { emit(timeline) } }
        if !allRead { throw ExitCode(2) }
    }

    private func emit(_ timeline: ClientTimeline) {
        let text = format == .text ? TimelineRenderer.text(timeline) : TimelineRenderer.json(timeline)
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func matches(_ timeline: ClientTimeline) -> Bool {
        if let client, !timeline.label.localizedCaseInsensitiveContains(client) { return false }
        if let session {
            let prefix = session.hasPrefix("#") ? session : nil
            return timeline.sessionValues.contains { value in
                prefix.map { ValueTag(value).text.hasPrefix($0) } ?? value.hasPrefix(session)
            }
        }
        return true
    }
}
