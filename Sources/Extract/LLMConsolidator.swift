import Foundation
import RulesMakerCore

/// `--consolidate`: one model pass per topic that merges near-duplicate rules and tightens their
/// wording. Every returned rule must carry the source of a rule it came from; anything else is
/// dropped, and a topic whose answer cannot be used is kept as it was.
public struct LLMConsolidator: Sendable {
    public struct Statistics: Sendable, Equatable {
        public var topics = 0
        public var rulesBefore = 0
        public var rulesAfter = 0
        public var failedTopics = 0
    }

    public let client: any LLMClient
    public let prompts: LLMPromptTemplates
    public let options: LLMExtractionOptions

    public init(client: any LLMClient, prompts: LLMPromptTemplates, options: LLMExtractionOptions) {
        self.client = client
        self.prompts = prompts
        self.options = options
    }

    struct InputRule: Encodable {
        var title: String?
        var rule: String
        var example: String?
        var source: String
    }

    public func consolidate(_ set: RuleSet, diagnostics: DiagnosticLog) async -> (RuleSet, Statistics) {
        var stats = Statistics()
        var topics = set.topics
        await withTaskGroup(of: (Int, RuleTopic?).self) { group in
            var next = 0
            let width = max(1, options.concurrency)
            func add(_ i: Int) {
                let topic = topics[i]
                group.addTask { (i, await self.consolidate(topic, siteName: set.name, diagnostics: diagnostics)) }
            }
            while next < min(width, topics.count) { add(next); next += 1 }
            while let (i, result) = await group.next() {
                if topics[i].rules.count >= 2 {
                    stats.topics += 1
                    stats.rulesBefore += topics[i].rules.count
                    if let result { topics[i] = result } else { stats.failedTopics += 1 }
                    stats.rulesAfter += topics[i].rules.count
                }
                if next < topics.count { add(next); next += 1 }
            }
        }
        var out = set
        out.topics = topics
        return (out, stats)
    }

    /// The consolidated topic, or nil when the answer could not be used.
    func consolidate(_ topic: RuleTopic, siteName: String, diagnostics: DiagnosticLog) async -> RuleTopic? {
        guard topic.rules.count >= 2 else { return topic }
        let input = topic.rules.map { InputRule(title: $0.title, rule: $0.text, example: $0.example?.code, source: $0.source.link) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let prompt = String(decoding: (try? encoder.encode(input)) ?? Data("[]".utf8), as: UTF8.self)
        var limits = options.limits
        limits.maxRules = max(limits.maxRules, topic.rules.count)
        let request = LLMRequest(system: prompts.consolidateSystemPrompt(topic: topic.title, siteName: siteName), prompt: prompt,
                                 inference: InferenceConfiguration(maxTokens: options.maxOutputTokens, temperature: options.temperature))
        let answer: LLMResponse
        do { answer = try await client.converse(request) } catch {
            diagnostics.emit(.warning, stage: "link", subject: topic.title, "consolidation skipped: \(error)")
            return nil
        }
        let parsed = LLMAnswerParser.parse(answer.text, limits: limits)
        let bySource = Dictionary(topic.rules.map { ($0.source.link, $0) }, uniquingKeysWith: { a, _ in a })
        var rules: [RuleCandidate] = []
        for (i, draft) in parsed.drafts.enumerated() {
            guard let s = draft.source, let original = bySource[s] else { continue }
            var merged = LLMExtractor.candidate(draft, chunk: Chunk(id: s, source: original.source, pageTitle: "", blocks: [],
                                                                      tokens: 0, language: original.example?.language), position: i)
            merged.source = original.source
            if merged.example == nil { merged.example = original.example }
            for subject in original.subjects where !merged.subjects.contains(subject) { merged.subjects.append(subject) }
            merged.score = max(original.score, merged.score)
            if merged.globs.isEmpty { merged.globs = original.globs }
            rules.append(merged)
        }
        guard !parsed.malformed, !rules.isEmpty else {
            diagnostics.emit(.warning, stage: "link", subject: topic.title,
                             "consolidation answer not usable (\(parsed.problems.first ?? "no rule kept a known source")); topic left as it was")
            return nil
        }
        var out = topic
        out.rules = rules
        out.sources = Array(Set(rules.map(\.source.url))).sorted()
        return out
    }
}
