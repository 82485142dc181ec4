import Extract
import Foundation
import RulesMakerCore
import RulesMakerTestSupport
import Synchronization
import Testing

/// A scripted model: answers with `answer(request)`, records every request.
final class ScriptedClient: LLMClient {
    let provider = "fake"
    let defaultModelId = "fake-model"
    let answer: @Sendable (LLMRequest) throws -> (text: String, truncated: Bool)
    private let log = Mutex<[LLMRequest]>([])
    var requests: [LLMRequest] { log.withLock { $0 } }

    init(_ answer: @escaping @Sendable (LLMRequest) throws -> (text: String, truncated: Bool)) { self.answer = answer }

    func converse(_ request: LLMRequest) async throws -> LLMResponse {
        log.withLock { $0.append(request) }
        let (text, truncated) = try answer(request)
        return LLMResponse(text: text, stopReason: truncated ? "max_tokens" : "end_turn", truncated: truncated, usage: TokenUsage(),
                           latencyMs: 1, provider: provider, modelId: defaultModelId, region: nil, accessMethod: .direct,
                           inferenceProfileUsed: false, inferenceProfileId: nil, retries: 0, estimatedCostUSD: 0)
    }
}

struct Down: Error, CustomStringConvertible { var description: String { "model unavailable" } }

func llmChunk(_ blocks: [ContentBlock], anchor: String? = "intro", id: String = "c") -> Chunk {
    Chunk(id: id, source: SourceRef(url: "https://docs.example.org/guide.html", anchor: anchor, breadcrumb: ["Guide", "Intro"]),
          pageTitle: "Guide", blocks: blocks, tokens: TokenEstimate.tokens(DocumentRenderer.markdown(blocks)), language: "python")
}

@Suite struct LLMAnswerParserTests {
    @Test func ignoresFencesAndProseAroundTheObject() {
        let text = "Sure, here you go:\n```json\n{\"rules\": [{\"title\": \"Timeouts\", \"rule\": \"Always pass `timeout=` to `fetch()`.\", \"globs\": [\"**/*.py\"], \"source\": \"#timeouts\"}]}\n```\nHope that helps {not json}"
        let parsed = LLMAnswerParser.parse(text)
        #expect(parsed.isClean)
        #expect(parsed.drafts == [LLMRuleDraft(title: "Timeouts", rule: "Always pass `timeout=` to `fetch()`.", globs: ["**/*.py"], source: "#timeouts")])
    }

    @Test func acceptsABareListAndBracesInsideStrings() {
        let parsed = LLMAnswerParser.parse(#"[{"title": "Braces", "rule": "Escape `{` and `}` in format strings as `{{` and `}}`."}]"#)
        #expect(parsed.isClean && parsed.drafts.count == 1)
    }

    @Test func reportsWhatARepairMustFix() {
        let parsed = LLMAnswerParser.parse(#"{"rules": [{"rule": "Never call `free()` twice."}, {"title": "T", "rule": "short"}, {"title": "G", "rule": "Use the fixture globs here.", "globs": ["/abs/*.py", "src/{a,b"]}, {"title": "Ok", "rule": "Prefer `Session` for repeated requests."}]}"#)
        #expect(!parsed.malformed)
        #expect(parsed.drafts.map(\.title) == ["Ok"])
        #expect(parsed.problems == ["rule 1: \"title\" is missing or not a string",
                                    "rule 2: \"rule\" must be 10 to 600 characters (has 5)",
                                    "rule 3: glob \"/abs/*.py\" must be relative to the project (no leading / or URL)"])
    }

    @Test(arguments: ["", "no json at all", "{\"items\": []}", "{\"rules\": [{\"title\": \"x\""])
    func malformedAnswers(_ text: String) {
        #expect(LLMAnswerParser.parse(text).malformed)
    }

    @Test func emptyRulesIsAValidAnswer() {
        let parsed = LLMAnswerParser.parse(#"{"rules": []}"#)
        #expect(parsed.isClean && parsed.drafts.isEmpty)
    }

    @Test(arguments: [("**/*.py", true), ("src/**/*.{ts,tsx}", true), ("docs/[a-z]*.md", true), ("", false), ("/etc/*", false),
                      ("../x/*.py", false), ("a b.py", false), ("src/{a,b", false), ("x/{}", false), ("https://x/*.py", false)])
    func globSyntax(_ glob: String, _ valid: Bool) {
        #expect((LLMAnswerParser.globProblem(glob) == nil) == valid, "\(glob): \(LLMAnswerParser.globProblem(glob) ?? "ok")")
    }
}

@Suite struct LLMChunkSplitterTests {
    @Test func oversizedChunksAreSplitNeverTruncated() {
        let code = (1...400).map { "line_\($0) = compute(\($0))" }.joined(separator: "\n")
        let para = (1...300).map { "word\($0)" }.joined(separator: " ")
        let c = llmChunk([.heading(level: 2, text: "Intro", anchor: "intro"), .paragraph([.text(para)]), .code(language: "python", text: code),
                       .list(ordered: false, items: (1...50).map { [.paragraph([.text("item number \($0) with some words")])] })])
        let pieces = LLMChunkSplitter(maxTokens: 300).split(c)
        #expect(pieces.count > 5)
        for p in pieces {
            #expect(TokenEstimate.tokens(DocumentRenderer.markdown(p.blocks)) <= 300, "\(p.id)")
            #expect(p.source == c.source)
        }
        let all = pieces.map { DocumentRenderer.markdown($0.blocks) }.joined(separator: "\n")
        for i in [1, 200, 400] { #expect(all.contains("line_\(i) = compute(\(i))")) }
        for i in [1, 150, 300] { #expect(all.contains("word\(i)")) }
        for i in [1, 50] { #expect(all.contains("item number \(i) with")) }
        #expect(Set(pieces.map(\.id)).count == pieces.count)
    }

    @Test func smallChunksAreLeftAlone() {
        let c = llmChunk([.paragraph([.text("Short.")])])
        #expect(LLMChunkSplitter(maxTokens: 300).split(c) == [c])
    }
}

@Suite struct LLMExtractorTests {
    let prompts = try! LLMPromptTemplates.loading(overrides: nil)

    func answer(_ rule: String, source: String? = nil) -> String {
        var o: [String: Any] = ["title": "T", "rule": rule]
        if let source { o["source"] = source }
        return String(decoding: try! JSONSerialization.data(withJSONObject: ["rules": [o]]), as: UTF8.self)
    }

    @Test func rulesKeepChunkOrderWhateverTheConcurrency() async {
        let client = ScriptedClient { r in
            let n = r.prompt.components(separatedBy: "Chunk ").dropFirst().first?.prefix(while: \.isNumber) ?? "?"
            return ("{\"rules\": [{\"title\": \"T\", \"rule\": \"Rule from chunk \(n) here.\"}]}", false)
        }
        var options = LLMExtractionOptions()
        options.concurrency = 3
        let extractor = LLMExtractor(name: "fake", client: client, prompts: prompts, options: options)
        let chunks = (1...10).map { llmChunk([.paragraph([.text("Chunk \($0) text.")])], id: "c\($0)") }
        let rules = await extractor.extract(chunks, diagnostics: DiagnosticLog())
        #expect(rules.map(\.text) == (1...10).map { "Rule from chunk \($0) here." })
        #expect(extractor.statistics.extracted == 10 && extractor.statistics.rules == 10)
    }

    @Test func systemPromptCarriesThePageContextAndTheContract() async {
        let client = ScriptedClient { _ in ("{\"rules\": []}", false) }
        let extractor = LLMExtractor(name: "fake", client: client, prompts: prompts)
        _ = await extractor.extract([LLMChunkInput(chunk: llmChunk([.paragraph([.text("Body.")])]), framework: "Tidewater")], diagnostics: DiagnosticLog())
        let system = client.requests.first?.system ?? ""
        for part in ["Page: Guide", "Section: Guide › Intro", "URL: https://docs.example.org/guide.html#intro", "Language: python",
                     "Framework: Tidewater", "{\"rules\": [{\"title\"", "at most 20 rules"] {
            #expect(system.contains(part), "\(part) missing from:\n\(system)")
        }
        #expect(client.requests.first?.prompt == "Body.\n")
        #expect(client.requests.first?.inference.temperature == 0)
    }

    @Test func sourcesAnchorToHeadingsInsideTheChunkOnly() async {
        let client = ScriptedClient { r in
            (r.prompt.contains("Inner") ? "{\"rules\": [{\"title\": \"A\", \"rule\": \"Use the inner guidance.\", \"source\": \"#inner\"}, {\"title\": \"B\", \"rule\": \"Use the invented anchor.\", \"source\": \"#made-up\"}]}" : "{\"rules\": []}", false)
        }
        let extractor = LLMExtractor(name: "fake", client: client, prompts: prompts)
        let rules = await extractor.extract([llmChunk([.paragraph([.text("x")]), .heading(level: 3, text: "Inner", anchor: "inner"), .paragraph([.text("y")])])],
                                            diagnostics: DiagnosticLog())
        #expect(rules.map(\.source.link) == ["https://docs.example.org/guide.html#inner", "https://docs.example.org/guide.html#intro"])
    }

    @Test func truncatedAnswerSplitsTheChunk() async {
        let client = ScriptedClient { r in
            r.prompt.contains("first") && r.prompt.contains("second") ? ("{\"rules\": [{\"title\": \"cut", true)
                : ("{\"rules\": [{\"title\": \"T\", \"rule\": \"Rule for \(r.prompt.contains("first") ? "first" : "second") half.\"}]}", false)
        }
        let extractor = LLMExtractor(name: "fake", client: client, prompts: prompts)
        let diagnostics = DiagnosticLog()
        let rules = await extractor.extract([llmChunk([.paragraph([.text("first")]), .paragraph([.text("second")])])], diagnostics: diagnostics)
        #expect(rules.map(\.text) == ["Rule for first half.", "Rule for second half."])
        #expect(diagnostics.all.contains { $0.message.contains("chunk split in two") })
        #expect(extractor.statistics.repairRequests == 0)
    }

    @Test(arguments: LLMFailurePolicy.allCases)
    func failurePolicies(_ policy: LLMFailurePolicy) async {
        let client = ScriptedClient { _ in throw Down() }
        var options = LLMExtractionOptions()
        options.onFailure = policy
        let extractor = LLMExtractor(name: "fake", client: client, prompts: prompts, options: options, fallback: HeuristicExtractor())
        let diagnostics = DiagnosticLog()
        let rules = await extractor.extract([llmChunk([.paragraph([.text("You must never call "), .code("reset()"), .text(" while a request is running.")])])],
                                            diagnostics: diagnostics)
        let d = diagnostics.all.first
        #expect(d?.message.hasPrefix("LLM extraction failed (model unavailable)") == true)
        switch policy {
        case .heuristic: #expect(!rules.isEmpty && d?.severity == .warning)
        case .skip: #expect(rules.isEmpty && d?.severity == .warning && d?.message.hasSuffix("chunk skipped") == true)
        case .fail: #expect(rules.isEmpty && d?.severity == .error)
        }
        #expect(extractor.statistics.failed == 1)
    }

    @Test func draftsBecomeCandidates() {
        let c = llmChunk([.paragraph([.text("x")])])
        let r = LLMExtractor.candidate(LLMRuleDraft(title: "Sessions", rule: "Never share a `Session` between threads.", rationale: "It is not thread-safe.",
                                                    example: "```python\nwith Session() as s:\n    s.get(url)\n```", globs: ["**/*.py"]), chunk: c, position: 0)
        #expect(r.text == "Never share a `Session` between threads. It is not thread-safe.")
        #expect(r.kind == .never && r.subjects == ["Session"] && r.title == "Sessions" && r.globs == ["**/*.py"])
        #expect(r.example == CodeExample(language: "python", code: "with Session() as s:\n    s.get(url)"))
        #expect(r.source == c.source)
    }
}

@Suite struct LLMPromptTemplateTests {
    @Test func builtInPromptsMatchTheTemplateFiles() throws {
        let prompts = try LLMPromptTemplates.loading(overrides: nil)
        for name in [LLMPromptTemplates.extractName, LLMPromptTemplates.repairName, LLMPromptTemplates.consolidateName, LLMPromptTemplates.rankName] {
            let file = try String(contentsOfFile: PackagePaths.root() + "/templates/\(name).mustache", encoding: .utf8)
            #expect(prompts.text(name) == String(file.dropLast(file.hasSuffix("\n") ? 1 : 0)), "run scripts/embed-templates.sh")
        }
    }

    @Test func overridesChangeThePromptAndItsVersion() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path + "/prompts", withIntermediateDirectories: true)
        try "{{%CONTENT_TYPE: TEXT}}\nCustom prompt for {{title}}.".write(toFile: dir.path + "/prompts/extract-rules.mustache", atomically: true, encoding: .utf8)
        let base = try LLMPromptTemplates.loading(overrides: nil)
        let custom = try LLMPromptTemplates.loading(overrides: dir.path)
        #expect(base.version != custom.version && base.version.hasPrefix(LLMPromptTemplates.contractVersion))
        #expect(custom.extractSystemPrompt(for: llmChunk([]), framework: nil, maxRules: 5) == "Custom prompt for Guide.\n")
        #expect(custom.origins[LLMPromptTemplates.extractName] == dir.path + "/prompts/extract-rules.mustache")
        try "{{#open}} never closed".write(toFile: dir.path + "/prompts/repair-rules.mustache", atomically: true, encoding: .utf8)
        #expect(throws: LLMPromptError.self) { try LLMPromptTemplates.loading(overrides: dir.path) }
    }
}
