import SessionLintCore

/// The built-in rules: descriptions and examples from the YAML compiled into the binary
/// (`EmbeddedRuleFiles.swift`, generated from `rules/` by `scripts/generate-rule-catalogue`),
/// so `sessionlint` works from any directory.
public struct RuleCatalogue: Sendable {
    public let files: [RuleFile]

    public static func builtIn() throws(InputError) -> RuleCatalogue {
        try parsedBuiltIn.get()
    }

    /// The compiled-in rule files never change while the program runs: parsed once (a test run
    /// or a fuzzing session asks for them thousands of times).
    private static let parsedBuiltIn = Result { () throws(InputError) -> RuleCatalogue in
        var files: [RuleFile] = []
        for embedded in embeddedRuleFiles {
            files.append(try RuleFile(yaml: embedded.yaml, file: "rules/\(embedded.name)"))
        }
        return RuleCatalogue(files: files.sorted { $0.description.id < $1.description.id })
    }

    public init(files: [RuleFile]) {
        self.files = files
    }

    /// Descriptions of custom rules, listed after the built-in ones.
    public private(set) var customDescriptions: [RuleDescription] = []

    public var descriptions: [RuleDescription] { files.map(\.description) + customDescriptions }

    /// This catalogue with the custom rules described too.
    public func adding(_ customRules: [CustomRule]) -> RuleCatalogue {
        var extended = self
        extended.customDescriptions += customRules.map(\.description)
        return extended
    }

    public func description(of id: RuleID) -> RuleDescription? {
        files.first { $0.description.id == id }?.description ?? customDescriptions.first { $0.id == id }
    }
}
