import Foundation
import Testing
import SessionLintCore
import SessionLintHTTP
@testable import SessionLintRules
import SessionLintSessions
import SessionLintEngine
import SessionLintTokens

/// Every example in rules/*.yaml is a test: a triggering example must produce the finding (with
/// the stated severity and message text), a non-triggering one must not. Removing a rule's logic
/// makes its triggering examples fail.
struct RuleExampleTests {
    static let catalogue: RuleCatalogue = {
        do { return try RuleCatalogue.builtIn() } catch { fatalError("built-in catalogue does not load: \(error)") }
    }()

    struct Case: CustomTestStringConvertible, Sendable {
        var rule: RuleDescription
        var example: RuleExample
        var testDescription: String { "\(rule.id) line \(example.line) (\(example.triggers ? "triggers" : "does not trigger"))" }
    }

    static var cases: [Case] {
        catalogue.files.flatMap { file in file.examples.map { Case(rule: file.description, example: $0) } }
    }

    @Test(arguments: cases)
    func example(_ test: Case) throws {
        var selection = RuleSelection()
        selection.enabled = [test.rule.id]  // opt-in rules run when their examples are checked
        selection.disabled = Set(Self.catalogue.descriptions.map(\.id)).subtracting([test.rule.id])
        for (name, text) in test.example.options {
            let spec = try #require(test.rule.options.first { $0.name == name }, "unknown option \(name)")
            let value = try #require(spec.defaultValue.parsingSameType(text), "bad value \(text) for \(name)")
            selection.optionOverrides[test.rule.id, default: [:]][name] = value
        }
        let rules = try RuleSet(catalogue: Self.catalogue, selection: selection)
        #expect(rules.activeIDs == [test.rule.id])

        let classifier = CookieClassifier(sessionNames: test.example.sessionCookies)
        var hits: [(severity: Severity, message: String)]
        if test.rule.scope == .timeline {
            var builder = TimelineBuilder(settings: TimelineSettings(classifier: classifier))
            for (index, step) in test.example.transcript.enumerated() { builder.add(try transaction(for: step, index: index)) }
            hits = builder.clients.flatMap { rules.evaluate($0) }.map { ($0.severity, $0.message) }
        } else if test.rule.scope == .tokenPopulation {
            var collector = TokenCollector(classifier: classifier)
            for (index, step) in test.example.transcript.enumerated() { collector.add(try transaction(for: step, index: index)) }
            hits = collector.result.flatMap { rules.evaluate(TokenAnalysis($0)) }.map { ($0.severity, $0.message) }
        } else {
            let exchange = TransactionContext(transaction: try transaction(for: test.example), classifier: classifier)
            hits = rules.evaluate(exchange).map { ($0.severity, $0.message) }
        }

        if test.example.triggers {
            let hit = try #require(hits.first, "\(test.testDescription): expected a finding")
            if let severity = test.example.expectedSeverity {
                #expect(hit.severity == severity, "\(test.testDescription): \(hit.message)")
            }
            if let text = test.example.messageContains {
                #expect(hit.message.contains(text), "\(test.testDescription): message was \"\(hit.message)\"")
            }
        } else {
            #expect(hits.isEmpty, "\(test.testDescription): unexpected \(hits.map(\.message))")
        }
    }

    private func transaction(for step: TranscriptStep, index: Int) throws -> HTTPTransaction {
        let url = try #require(URLComponents(string: step.url))
        var request = HTTPFields([("User-Agent", step.userAgent ?? "example")])
        if let cookie = step.cookie { request.append(name: "Cookie", value: cookie) }
        if let referer = step.referer { request.append(name: "Referer", value: referer) }
        var response = HTTPFields(step.setCookies.map { ("Set-Cookie", $0) })
        if let location = step.location { response.append(name: "Location", value: location) }
        if step.clearSiteData { response.append(name: "Clear-Site-Data", value: "\"cookies\"") }
        var target = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
        if let query = url.percentEncodedQuery { target += "?" + query }
        let time = Date(timeIntervalSince1970: 1_700_000_000 + (step.offset ?? Double(index)))
        return HTTPTransaction(
            request: HTTPRequest(method: step.method, target: target, host: url.host ?? "", fields: request, formBody: Array((step.form ?? "").utf8)),
            response: HTTPResponse(status: step.status, fields: response, textBody: Array((step.body ?? "").utf8)), requestTime: time, responseTime: time,
            client: Endpoint(address: step.client ?? "192.0.2.7"), server: nil, scheme: url.scheme == "https" ? .https : .http,
            provenance: Provenance(input: "example", location: .line(number: index + 1)))
    }

    private func transaction(for example: RuleExample) throws -> HTTPTransaction {
        let url = try #require(URLComponents(string: example.url))
        var fields = HTTPFields(example.setCookies.map { ("Set-Cookie", $0) })
        if let date = example.date { fields.append(name: "Date", value: date) }
        return HTTPTransaction(
            request: HTTPRequest(method: "GET", target: url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath,
                                 host: url.host ?? "", fields: HTTPFields()),
            response: HTTPResponse(status: 200, fields: fields),
            requestTime: nil, responseTime: nil, client: nil, server: nil,
            scheme: url.scheme == "https" ? .https : .http,
            provenance: Provenance(input: "example", location: .line(number: example.line)))
    }
}

struct RuleCatalogueTests {
    let catalogue = RuleExampleTests.catalogue

    @Test func everyRuleHasLogicAndEveryLogicHasADescription() {
        let described = Set(catalogue.descriptions.map(\.id))
        let implemented = Set(RuleRegistry.allIDs)
        #expect(described == implemented)
        #expect(implemented.count == RuleRegistry.allIDs.count, "a rule is registered twice")
    }

    @Test func everyRuleIsFullyDocumented() {
        for file in catalogue.files {
            let rule = file.description
            #expect(rule.id.rawValue.range(of: "^[a-z]+(-[a-z]+)*$", options: .regularExpression) != nil, "\(rule.id) is not kebab-case")
            #expect(Set(rule.remediation.map(\.framework)) == Set(RuleFile.frameworks), "\(rule.id) remediation must cover every framework")
            #expect(file.examples.contains { $0.triggers }, "\(rule.id) has no triggering example")
            #expect(file.examples.contains { !$0.triggers }, "\(rule.id) has no non-triggering example")
            #expect(!rule.severityReasoning.isEmpty && !rule.summary.isEmpty && !rule.description.isEmpty)
            #expect(!rule.references.cwe.isEmpty || !rule.references.rfc.isEmpty, "\(rule.id) cites nothing")
        }
    }

    @Test func ruleFileNamesMatchIDs() throws {
        for embedded in embeddedRuleFiles {
            let file = try RuleFile(yaml: embedded.yaml, file: embedded.name)
            #expect(embedded.name == "\(file.description.id).yaml")
        }
    }

    /// The binary carries rules/*.yaml compiled in; this fails until
    /// scripts/generate-rule-catalogue is run after a rule file changes.
    @Test func embeddedCatalogueIsUpToDate() throws {
        let rulesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../rules").standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: rulesDirectory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names == embeddedRuleFiles.map(\.name).sorted(), "run scripts/generate-rule-catalogue")
        for embedded in embeddedRuleFiles {
            let onDisk = try String(contentsOf: rulesDirectory.appendingPathComponent(embedded.name), encoding: .utf8)
            let trimmed = onDisk.hasSuffix("\n") ? String(onDisk.dropLast()) : onDisk
            #expect(trimmed == embedded.yaml, "\(embedded.name) changed: run scripts/generate-rule-catalogue")
        }
    }

    @Test func readmeRuleTableMatchesTheCatalogue() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../README.md").standardized, encoding: .utf8)
        #expect(readme.contains(RuleCatalogueText.markdownTable(catalogue)),
                "README.md's rule table differs from `sessionlint rules --markdown`")
    }
}

struct RuleFileErrorTests {
    @Test func unknownKeyNamesItsLine() {
        let yaml = "id: x\nname: X\nsumary: typo\n"
        #expect(throws: InputError(file: "x.yaml", place: .lineColumn(line: 3, column: 1),
                                   message: "unknown key \"sumary\" in a rule file (expected one of: description, examples, id, name, opt-in, options, references, remediation, scope, severity, severity-reasoning, summary); did you mean \"summary\"?")) {
            _ = try RuleFile(yaml: yaml, file: "x.yaml")
        }
    }

    @Test func badSeverityIsNamed() {
        let yaml = """
            id: x
            name: X
            summary: s
            description: d
            severity: severe
            severity-reasoning: r
            scope: set-cookie
            remediation: {}
            """
        #expect(throws: InputError(file: "x.yaml", place: .lineColumn(line: 5, column: 11),
                                   message: "severity must be one of info, low, medium, high, critical, not \"severe\"")) {
            _ = try RuleFile(yaml: yaml, file: "x.yaml")
        }
    }
}

/// Loopback hosts are left out of the scheme rules: a developer's http://localhost is no leak.
struct LoopbackTests {
    @Test func loopbackNamesAndAddresses() {
        for host in ["localhost", "app.localhost", ".localhost", "127.0.0.1", "127.1.2.3", "::1"] { #expect(isLoopback(host), "\(host)") }
        for host in ["localhost.example", "mylocalhost", "128.0.0.1", "::2", "", "shop.example.com", "1270.0.0.1"] { #expect(!isLoopback(host), "\(host)") }
    }
}
