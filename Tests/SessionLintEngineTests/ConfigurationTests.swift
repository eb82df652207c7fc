import Testing
import SessionLintCore
import SessionLintRules
@testable import SessionLintEngine

struct ConfigurationTests {
    let catalogue: RuleCatalogue

    init() throws { catalogue = try RuleCatalogue.builtIn() }

    @Test func readsEveryKey() throws {
        let yaml = """
            # a team's policy
            enabled: [session-cookie-no-host-prefix]
            disabled:
              - cookie-missing-samesite
            rules:
              session-cookie-persistent:
                severity: high
                options:
                  max-lifetime: 12h
              cookie-too-large:
                options:
                  max-bytes: 3000
            session-cookies: [acme_auth, "acme_*_sid"]
            ignored-cookies: ["_pk_*"]
            fail-on: medium
            """
        let config = try Configuration(yaml: yaml, file: ".sessionlint.yml", catalogue: catalogue)
        #expect(config.rules.enabled == ["session-cookie-no-host-prefix"])
        #expect(config.rules.disabled == ["cookie-missing-samesite"])
        #expect(config.rules.severityOverrides == ["session-cookie-persistent": .high])
        #expect(config.rules.optionOverrides["session-cookie-persistent"]?["max-lifetime"] == .duration(43_200))
        #expect(config.rules.optionOverrides["cookie-too-large"]?["max-bytes"] == .integer(3000))
        #expect(config.sessionCookies == ["acme_auth", "acme_*_sid"])
        #expect(config.ignoredCookies == ["_pk_*"])
        #expect(config.failOn == .severity(.medium))
    }

    @Test func limitsAreReadByName() throws {
        let config = try Configuration(yaml: "limits:\n  connections: 250000\n  line-bytes: 4M\n  token-values: 1_000\n",
                                       file: ".sessionlint.yml", catalogue: catalogue)
        var expected = Limits()
        expected.connections = 250_000
        expected.lineBytes = 4 << 20
        expected.tokenValues = 1_000
        #expect(config.limits == expected)
    }

    @Test func keyLogsAreResolvedAgainstTheConfigurationsDirectory() throws {
        let one = try Configuration(yaml: "keylog: keys/firefox.log\n", file: "/srv/audit/.sessionlint.yml", catalogue: catalogue)
        #expect(one.keyLogPaths == ["/srv/audit/keys/firefox.log"])
        let many = try Configuration(yaml: "keylog: [a.log, /tmp/b.log]\n", file: "/srv/audit/.sessionlint.yml", catalogue: catalogue)
        #expect(many.keyLogPaths == ["/srv/audit/a.log", "/tmp/b.log"])
        #expect(throws: InputError.self) { try Configuration(yaml: "keylog: {file: a.log}\n", file: ".sessionlint.yml", catalogue: catalogue) }
    }

    @Test func emptyFileIsTheDefaults() throws {
        let config = try Configuration(yaml: "# nothing yet\n", file: ".sessionlint.yml", catalogue: catalogue)
        #expect(config.rules == RuleSelection())
        #expect(config.failOn == nil)
    }

    @Test(arguments: [
        ("disabled: [cookie-missing-htponly]\n", 1, 12, "unknown rule \"cookie-missing-htponly\"; did you mean \"cookie-missing-httponly\"?"),
        ("fail_on: high\n", 1, 1, "unknown key \"fail_on\""),
        ("rules:\n  cookie-too-large:\n    options:\n      max-bytes: lots\n", 4, 18, "must be a integer (like 4096), not \"lots\""),
        ("rules:\n  cookie-too-large:\n    options:\n      max-byte: 10\n", 4, 7, "unknown key \"max-byte\" in rules.cookie-too-large.options"),
        ("rules:\n  cookie-too-large:\n    severity: urgent\n", 3, 15, "must be one of info, low, medium, high, critical"),
        ("fail-on: sometimes\n", 1, 10, "fail-on must be one of"),
        ("session-cookies: {a: 1}\n", 1, 18, "session-cookies must be a list of strings"),
        ("rules:\n  - cookie-too-large\n", 2, 3, "rules must be a mapping"),
        ("enabled: [a\n", 2, 1, "invalid YAML"),
        ("limits:\n  connection: 10\n", 2, 3, "unknown key \"connection\" in limits"),
        ("limits:\n  line-bytes: huge\n", 2, 15, "line-bytes: \"huge\" is not a size"),
    ])
    func mistakesNameFileLineAndKey(yaml: String, line: Int, column: Int, message: String) {
        do {
            _ = try Configuration(yaml: yaml, file: "team.yml", catalogue: catalogue)
            Issue.record("expected an error for \(yaml)")
        } catch {
            #expect(error.file == "team.yml")
            #expect(error.place == .lineColumn(line: line, column: column), "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func ruleBothEnabledAndDisabledIsAnError() {
        #expect(throws: InputError.self) {
            try Configuration(yaml: "enabled: [cookie-too-large]\ndisabled: [cookie-too-large]\n", file: "c.yml", catalogue: catalogue)
        }
    }
}
