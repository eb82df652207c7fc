import ArgumentParser
import Foundation
import SessionLintCore
import SessionLintEngine
import SessionLintSources

struct Transactions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every HTTP transaction found in the inputs.",
        discussion: """
            One line per request/response pair: time, client, server, method, host, target, status,
            cookie names sent and set, and where it is in the input. Check it when a finding
            surprises you, or compare it with tshark or Zeek on the same capture.

            Examples:
              sessionlint transactions capture.pcap
              sessionlint transactions traffic.har --format json
            """)

    @Argument(help: ArgumentHelp(InputsHelp.argument), completion: .file())
    var inputs: [String]

    @Option(name: .long, help: "Output format: tsv or json (one object per line).")
    var format: TransactionListing.Format = .tsv

    @Option(name: .long, help: "Input type instead of detecting it from content: \(InputTypeChoice.allValueStrings.joined(separator: ", ")).")
    var inputType: InputTypeChoice = .auto

    @OptionGroup var reading: InputOptions

    @Flag(name: .long, help: "Also print input warnings (to standard error).")
    var warnings = false

    func run() throws {
        let output = FileHandle.standardOutput
        var buffer = format == .tsv ? TransactionListing.tsvHeader : ""
        var failed = false
        let (keyLog, keyLogWarnings) = try reading.keyLog(limits: reading.limits())
        if warnings {
            for warning in keyLogWarnings {
                FileHandle.standardError.write(Data("sessionlint: warning: \(terminalSafe(warning.provenance.description)): \(terminalSafe(warning.message))\n".utf8))
            }
        }
        for input in inputs {
            do throws(InputError) {
                let source = try InputOpener.open(path: input, kind: inputType.kind,
                                                  logs: LogReadingOptions(format: reading.logFormat, assumedScheme: reading.assumeScheme?.scheme ?? .unknown),
                                                  limits: reading.limits(), keyLog: keyLog)
                try source.read(onTransaction: { transaction in
                    buffer += format == .tsv ? TransactionListing.tsvLine(transaction) : TransactionListing.jsonLine(transaction)
                    if buffer.utf8.count > 1 << 16 {
                        output.write(Data(buffer.utf8))
                        buffer = ""
                    }
                }, onWarning: { warning in
                    if warnings { FileHandle.standardError.write(Data("sessionlint: warning: \(terminalSafe(warning.provenance.description)): \(terminalSafe(warning.message))\n".utf8)) }
                })
            } catch {
                printError(error.description)
                failed = true
            }
        }
        output.write(Data(buffer.utf8))
        if failed { throw ExitCode(2) }
    }
}

extension TransactionListing.Format: ExpressibleByArgument {}
