import Foundation
import Testing

extension CLI {
    static let examples = packageRoot.appendingPathComponent("examples")
    static let sarifSchema = packageRoot.appendingPathComponent("../shared/schemas/sarif-schema-2.1.0.json").standardized.path

    static var canValidateSARIF: Bool {
        FileManager.default.fileExists(atPath: sarifSchema)
            && (try? run(python: "import jsonschema", arguments: [])) == 0
    }

    static func run(python script: String, arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func example(_ name: String) -> String { examples.appendingPathComponent(name).path }
}

/// The baseline workflow on three real recordings of the Django example: the original, a
/// re-recording (new session ids, new times), and one made with one flaw added
/// (EXAMPLE_FLAW=session-cookie-readable: sessionid without HttpOnly).
struct BaselineWorkflowTests {
    @Test func sameSiteAgainIsQuietOneNewFlawFails() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let baseline = directory.appendingPathComponent("baseline.json").path

        let written = try CLI.run(["scan", CLI.example("django-tutorial.har"), "--write-baseline", baseline])
        #expect(written.status == 0)
        #expect(written.stderr == "sessionlint: wrote 7 findings to the baseline \(baseline)\n")

        let rerun = try CLI.run(["scan", CLI.example("django-tutorial-rerun.har"), "--baseline", baseline, "--report", "json:\(directory.path)/rerun.json"])
        #expect(rerun.status == 0)
        let rerunJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("rerun.json"))) as? [String: Any])
        let statuses = (rerunJSON["findings"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
        #expect(statuses == Array(repeating: "baselined", count: 7))  // still in machine-readable reports, marked

        let flawed = try CLI.run(["scan", CLI.example("django-tutorial-flawed.har"), "--baseline", baseline, "--report", "json"])
        #expect(flawed.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(flawed.stdout.utf8)) as? [String: Any])
        let open = (object["findings"] as? [[String: Any]])?.filter { $0["status"] as? String == "open" } ?? []
        #expect(open.count == 1)
        #expect(open.first?["ruleId"] as? String == "cookie-missing-httponly")
        #expect((open.first?["cookie"] as? [String: Any])?["name"] as? String == "sessionid")
    }

    @Test func baselineFromTheConfigurationAndSuppressionNotes() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try CLI.run(["scan", CLI.example("django-tutorial.har"), "--write-baseline", directory.appendingPathComponent("b.json").path])
        try Data("""
            baseline: b.json
            suppressions:
              - rule: cookie-missing-httponly
                cookie: sessionid
                reason: the front-end reads it until ticket WEB-12 lands
              - rule: cookie-too-large
                reason: left over
              - rule: cookie-missing-secure
                reason: was accepted until the TLS migration
                expires: 2020-01-01
            """.utf8).write(to: directory.appendingPathComponent(".sessionlint.yml"))
        let result = try CLI.run(["scan", CLI.example("django-tutorial-flawed.har")], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("0 findings [7 baselined, 1 suppressed]"))
        #expect(result.stdout.contains(".sessionlint.yml:line 6: suppression of cookie-too-large matched no finding"))
        #expect(result.stdout.contains(".sessionlint.yml:line 8: suppression of cookie-missing-secure expired on 2020-01-01"))
    }
}

struct CIFormatTests {
    @Test func reportersListsEveryFormat() throws {
        let result = try CLI.run(["reporters"])
        #expect(result.status == 0)
        for format in ["text", "json", "sarif", "junit", "github", "markdown", "summary"] {
            #expect(result.stdout.contains("\n\(format) ") || result.stdout.hasPrefix("\(format) "), "\(format)")
        }
    }

    @Test func initWritesAStarterThatScansAndRefusesToOverwrite() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLI.run(["init"], in: directory).status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(".sessionlint.yml").path))
        #expect(try CLI.run(["scan", CLI.example, "--fail-on", "never"], in: directory).status == 0)
        let again = try CLI.run(["init"], in: directory)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func customRulesFromTheCommandLine() throws {
        let result = try CLI.run(["scan", CLI.example, "--rules", CLI.example("custom-rules"), "--fail-on", "critical"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("CRITICAL  no-session-cookie-over-http  127.0.0.1  sessionid"))
        #expect(result.stdout.contains("session cookie sessionid is issued by 127.0.0.1 over plain HTTP (needs to be set over https)"))
    }

    @Test func badCustomRuleExitsTwo() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("id: x\nname: y\nseverity: high\nrequire: {attributes: {HttpOnly: yes}}\n".utf8).write(to: directory.appendingPathComponent("bad.yaml"))
        let result = try CLI.run(["scan", CLI.example, "--rules", directory.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("sessionlint: error: \(directory.appendingPathComponent("bad.yaml").path):4:34: expected present, absent"))
    }

    /// Every format, over every real input, leaks no cookie value unless asked to.
    @Test func noCookieValueInAnyReportWithoutShowValues() throws {
        var inputs = ["django-tutorial.har", "flask-session.har", "php-session.har"].map(CLI.example)
        if CLI.corpusAvailable {
            inputs += try FileManager.default.contentsOfDirectory(atPath: CLI.corpusHAR.path).filter { $0.hasSuffix(".har") }
                .map { CLI.corpusHAR.appendingPathComponent($0).path }
        }
        let secrets = try cookieValues(in: inputs)
        #expect(secrets.count > 40)
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let formats = ["text", "json", "sarif", "junit", "github", "markdown", "summary"]
        let result = try CLI.run(["scan"] + inputs + ["--fail-on", "never"] + formats.map { "--report=\($0):\(directory.path)/report.\($0)" })
        #expect(result.status == 0, "\(result.stderr)")
        for format in formats {
            let text = try String(contentsOfFile: "\(directory.path)/report.\(format)", encoding: .utf8)
            let leaked = secrets.filter { text.contains($0) }
            #expect(leaked.isEmpty, "\(format) leaks \(leaked.prefix(3))")
        }
        let shown = try CLI.run(["scan", CLI.example, "--fail-on", "never", "--show-values", "--report", "sarif"])
        #expect(shown.stdout.contains("w9yyxfiatxr2gp1yniejf0ihhvmcukk1"))
    }

    @Test(.enabled(if: CLI.canValidateSARIF, "python3 with jsonschema, or ../shared/schemas, is absent"))
    func sarifOfTheWholeCorpusValidatesAndNamesOnlyKnownRules() throws {
        var inputs = ["django-tutorial.har", "flask-session.har", "php-session.har"].map(CLI.example)
        if CLI.corpusAvailable {
            inputs += try FileManager.default.contentsOfDirectory(atPath: CLI.corpusHAR.path).filter { $0.hasSuffix(".har") }
                .map { CLI.corpusHAR.appendingPathComponent($0).path }
        }
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("corpus.sarif").path
        let result = try CLI.run(["scan"] + inputs + ["--report", "sarif:\(path)", "--fail-on", "never"])
        #expect(result.status == 0)
        #expect(try CLI.run(python: "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
                            arguments: [path, CLI.sarifSchema]) == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let ruleIDs = Set(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"].flatMap { $0 as? [[String: Any]] }?.compactMap { $0["id"] as? String } ?? [])
        let results = run["results"] as? [[String: Any]] ?? []
        #expect(results.count > 100)
        #expect(results.allSatisfy { ruleIDs.contains($0["ruleId"] as? String ?? "") })
    }

    /// Cookie values of at least 6 characters in the inputs' Set-Cookie headers, read with
    /// Foundation's JSON parser independently of sessionlint's own reader.
    private func cookieValues(in paths: [String]) throws -> Set<String> {
        var values: Set<String> = []
        for path in paths {
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
            let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            for entry in ((root?["log"] as? [String: Any])?["entries"] as? [[String: Any]]) ?? [] {
                for header in ((entry["response"] as? [String: Any])?["headers"] as? [[String: Any]]) ?? [] {
                    guard (header["name"] as? String)?.lowercased() == "set-cookie", let value = header["value"] as? String else { continue }
                    for line in value.split(separator: "\n") {
                        let pair = line.split(separator: ";", maxSplits: 1).first ?? ""
                        guard let equals = pair.firstIndex(of: "=") else { continue }
                        let cookieValue = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                        if cookieValue.count >= 6, !["deleted", "\"\""].contains(cookieValue) { values.insert(cookieValue) }
                    }
                }
            }
        }
        return values
    }
}
