import ArgumentParser
import Foundation
import SessionLintEngine

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented starter .sessionlint.yml.")

    @Option(name: .shortAndLong, help: "Where to write it.", completion: .file())
    var output = ".sessionlint.yml"

    @Flag(name: .long, help: "Replace an existing file.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: output), !force {
            printError("\(output) already exists; pass --force to replace it")
            throw ExitCode(2)
        }
        do {
            try Data(StarterConfiguration.text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            printError("\(output): cannot write: \((error as NSError).localizedDescription)")
            throw ExitCode(2)
        }
        print("wrote \(output)")
    }
}
