import ArgumentParser

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan traffic and report cookie and session flaws.",
        discussion: """
            Examples:
              sessionlint scan traffic.har
              sessionlint scan capture.pcap --report sarif:results.sarif --fail-on high
              sessionlint scan a.har b.pcapng --report text --report json:out.json
              sessionlint scan traffic.har --write-baseline .sessionlint-baseline.json
              sessionlint scan traffic.har --baseline .sessionlint-baseline.json
            """)

    @Argument(help: ArgumentHelp(InputsHelp.argument), completion: .file())
    var inputs: [String]

    @Option(name: .long, help: "Input type instead of detecting it from content: \(InputTypeChoice.allValueStrings.joined(separator: ", ")).")
    var inputType: InputTypeChoice = .auto

    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("Give at least one input file.") }
    }

    func run() throws {
        let code = try analysis.analyse(inputs: inputs, kind: inputType)
        if code != 0 { throw ExitCode(code) }
    }
}
