import Foundation
import Testing
import SessionLintCore
import SessionLintHTTP
@testable import SessionLintRules

struct CustomRuleTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/custom-rules").standardized.path

    func context(_ header: String, url: String = "https://shop.acme.com/login", session: Bool = true) -> SetCookieContext {
        let components = URLComponents(string: url)!
        return SetCookieContext(
            cookie: SetCookie(header), role: session ? .session(because: "test") : .other, host: components.host!,
            scheme: components.scheme == "https" ? .https : .http, requestPath: components.path, receivedAt: nil)
    }

    @Test func companyPolicyFromTheExamples() throws {
        let rules = try CustomRuleParser.load(directory: Self.examples, builtIn: try RuleCatalogue.builtIn())
        let policy = try #require(rules.first { $0.description.id == "acme-cookie-policy" })
        #expect(policy.description.severity == .high)

        #expect(policy.failures(context("__Host-sid=1; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=3600")) == nil)
        #expect(policy.failures(context("__Host-sid=1; Path=/; Secure; HttpOnly; SameSite=strict")) == nil)  // a session cookie lives < 12 h
        #expect(policy.failures(context("sid=1; Secure; SameSite=Lax; Max-Age=86400")) == [
            "a name matching __Host-*", "HttpOnly", "SameSite=Strict", "a lifetime of at most 12 hours",
        ])
        #expect(policy.failures(context("sid=1", url: "https://example.org/")) == nil)  // not covered
        #expect(policy.failures(context("sid=; Max-Age=0", url: "https://shop.acme.com/")) == nil)  // deletions skipped
        let violation = try #require(policy.violation(context("sid=1; HttpOnly; SameSite=Strict", url: "https://acme.com/")))
        #expect(violation.message == "sid on acme.com breaks the ACME cookie standard (needs a name matching __Host-*)")
    }

    @Test func regexHostsAndSchemes() throws {
        let rules = try CustomRuleParser.load(directory: Self.examples, builtIn: try RuleCatalogue.builtIn())
        let rule = try #require(rules.first { $0.description.id == "no-session-cookie-over-http" })
        #expect(rule.failures(context("sessionid=1", url: "http://127.0.0.1:8000/")) == ["to be set over https"])
        #expect(rule.failures(context("sessionid=1", url: "https://127.0.0.1:8000/")) == nil)
        #expect(rule.failures(context("lang=en", url: "http://127.0.0.1:8000/", session: false)) == nil)
        #expect(rule.failures(context("sessionid=1", url: "http://notacme.com/")) == nil)
    }

    @Test func customRulesRunWithoutGrading() throws {
        let builtIn = try RuleCatalogue.builtIn()
        let custom = try CustomRuleParser.load(directory: Self.examples, builtIn: builtIn)
        var selection = RuleSelection()
        selection.disabled = Set(builtIn.descriptions.map(\.id))
        let rules = try RuleSet(catalogue: builtIn.adding(custom), selection: selection, customRules: custom)
        let transaction = HTTPTransaction(
            request: HTTPRequest(method: "GET", target: "/", host: "www.acme.com", fields: HTTPFields()),
            response: HTTPResponse(status: 200, fields: HTTPFields([("Set-Cookie", "theme=dark")])),
            requestTime: nil, responseTime: nil, client: nil, server: nil, scheme: .https,
            provenance: Provenance(input: "t", location: .line(number: 1)))
        let hits = rules.evaluate(TransactionContext(transaction: transaction, classifier: CookieClassifier()))
        #expect(hits.map(\.rule) == ["acme-cookie-policy"])
        #expect(hits.first?.severity == .high)  // a preference cookie, yet not graded down
    }

    @Test(arguments: [
        ("id: Bad_Id\nname: x\nseverity: high\nrequire: {scheme: https}\n", 1, 5, "id must be kebab-case"),
        ("id: x\nname: x\nseverity: high\n", 1, 1, "a custom rule needs \"require\""),
        ("id: x\nname: x\nseverity: high\nrequire: {attributes: {Secur: present}}\n", 4, 24, "unknown attribute \"Secur\""),
        ("id: x\nname: x\nseverity: high\nrequire: {name: {regex: \"([\"}}\n", 4, 25, "invalid regular expression"),
        ("id: x\nname: x\nseverity: high\nrequire: {lifetime: {at-most: forever}}\n", 4, 31, "is not a duration"),
        ("id: x\nname: x\nseverity: high\nrequire: {colour: red}\n", 4, 11, "unknown key \"colour\" in require"),
        ("id: x\nname: x\nseverity: high\nrequire: {attributes: {Secure: maybe}}\n", 4, 32, "expected present, absent or {equals: VALUE}"),
    ])
    func invalidRuleFilesGetClearErrors(yaml: String, line: Int, column: Int, message: String) {
        do {
            _ = try CustomRuleParser.parse(yaml: yaml, file: "policy/x.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "policy/x.yaml")
            #expect(error.place == .lineColumn(line: line, column: column), "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func idsMayNotShadowBuiltInRules() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("id: cookie-missing-secure\nname: x\nseverity: low\nrequire: {scheme: https}\n".utf8)
            .write(to: directory.appendingPathComponent("mine.yaml"))
        #expect(throws: InputError(file: directory.appendingPathComponent("mine.yaml").path, message: "rule id cookie-missing-secure is already taken")) {
            _ = try CustomRuleParser.load(directory: directory.path, builtIn: try RuleCatalogue.builtIn())
        }
    }
}
