import Foundation
import RulesMakerCore

/// What happens to a chunk the model could not turn into rules (a blocked or failed call, or an
/// answer that stayed malformed after its repair request).
public enum LLMFailurePolicy: String, Sendable, Codable, CaseIterable {
    /// Extract the chunk with the heuristic extractor instead, with a warning (the default).
    case heuristic
    /// Leave the chunk out, with a warning.
    case skip
    /// Report an error: the compile exits with status 1.
    case fail
}

/// Settings of LLM extraction.
public struct LLMExtractionOptions: Sendable, Equatable {
    /// Chunks in flight at once (the run's one concurrency cap).
    public var concurrency = 4
    /// Most estimated tokens of system + user prompt; larger chunks are split.
    public var maxPromptTokens = 8000
    public var maxOutputTokens = 2048
    public var temperature: Double? = 0
    public var limits = LLMAnswerLimits()
    public var onFailure = LLMFailurePolicy.heuristic
    /// How many times an answer cut off by the output limit may halve its chunk.
    public var maxSplitDepth = 3

    public init() {}
}

/// One chunk with the page context that goes into its prompt.
public struct LLMChunkInput: Sendable {
    public var chunk: Chunk
    /// The documentation's framework or generator (`sphinx`, `docusaurus`, a site name …).
    public var framework: String?

    public init(chunk: Chunk, framework: String? = nil) {
        self.chunk = chunk
        self.framework = framework
    }
}

/// Counts of one extraction run, `Codable` in the report's snake_case shape.
public struct LLMExtractionStats: Sendable, Equatable, Codable {
    public var chunks = 0
    /// Chunks whose rules came from the model (from the cache or a call).
    public var extracted = 0
    /// Of those, chunks answered entirely from the response cache.
    public var fromCache = 0
    public var failed = 0
    /// Failed chunks handed to the heuristic extractor / skipped.
    public var heuristicFallbacks = 0
    public var skipped = 0
    /// Chunks split because their prompt was too large, or because an answer was cut off.
    public var split = 0
    public var repairRequests = 0
    public var repaired = 0
    /// Rules taken from model answers.
    public var rules = 0
    /// Rules the model proposed that failed validation even after repair.
    public var invalidRules = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case chunks, extracted, fromCache = "from_cache", failed, heuristicFallbacks = "heuristic_fallbacks", skipped, split
        case repairRequests = "repair_requests", repaired, rules, invalidRules = "invalid_rules"
    }
}

/// Turns chunks into rules with a model, following the JSON contract of `prompts/extract-rules`:
/// one request per chunk (split when too large), tolerant parsing and validation, one repair
/// request for a malformed answer, source URL#anchor kept on every rule. Results are in chunk
/// order whatever the concurrency, so output is deterministic given the response cache.
public struct LLMExtractor: Extractor {
    public let name: String
    public let client: any LLMClient
    public let prompts: LLMPromptTemplates
    public let options: LLMExtractionOptions
    /// Used for failed chunks under `LLMFailurePolicy.heuristic`.
    public let fallback: (any Extractor)?
    private let counters = Locked(LLMExtractionStats())

    public init(name: String, client: any LLMClient, prompts: LLMPromptTemplates, options: LLMExtractionOptions = .init(),
                fallback: (any Extractor)? = nil) {
        self.name = name
        self.client = client
        self.prompts = prompts
        self.options = options
        self.fallback = fallback
    }

    /// Counts so far.
    public var statistics: LLMExtractionStats { counters.value }

    public func extract(_ chunks: [Chunk], diagnostics: DiagnosticLog) async -> [RuleCandidate] {
        await extract(chunks.map { LLMChunkInput(chunk: $0) }, diagnostics: diagnostics)
    }

    /// Extracts every chunk, at most `options.concurrency` at once; results in input order.
    public func extract(_ inputs: [LLMChunkInput], diagnostics: DiagnosticLog) async -> [RuleCandidate] {
        var results = [[RuleCandidate]](repeating: [], count: inputs.count)
        let width = max(1, options.concurrency)
        await withTaskGroup(of: (Int, [RuleCandidate]).self) { group in
            var next = 0
            while next < min(width, inputs.count) {
                let i = next
                group.addTask { (i, await self.extractChunk(inputs[i], diagnostics: diagnostics)) }
                next += 1
            }
            while let (i, rules) = await group.next() {
                results[i] = rules
                if next < inputs.count {
                    let j = next
                    group.addTask { (j, await self.extractChunk(inputs[j], diagnostics: diagnostics)) }
                    next += 1
                }
            }
        }
        return results.flatMap { $0 }
    }

    struct ChunkFailure: Error, CustomStringConvertible {
        var description: String
    }

    struct PieceResult {
        var rules: [RuleCandidate] = []
        var allFromCache = true
    }

    func extractChunk(_ input: LLMChunkInput, diagnostics: DiagnosticLog) async -> [RuleCandidate] {
        counters.withLock { $0.chunks += 1 }
        let chunk = input.chunk
        let systemTokens = TokenEstimate.tokens(prompts.extractSystemPrompt(for: chunk, framework: input.framework, maxRules: options.limits.maxRules))
        let splitter = LLMChunkSplitter(maxTokens: max(64, options.maxPromptTokens - systemTokens))
        let pieces = splitter.split(chunk)
        if pieces.count > 1 {
            counters.withLock { $0.split += 1 }
            diagnostics.emit(.note, stage: "extract", subject: chunk.source.link,
                             "chunk of ~\(chunk.tokens) tokens split into \(pieces.count) pieces to fit max_prompt_tokens \(options.maxPromptTokens)")
        }
        var total = PieceResult()
        do {
            for piece in pieces {
                let r = try await extractPiece(piece, framework: input.framework, depth: 0, diagnostics: diagnostics)
                total.rules += r.rules
                total.allFromCache = total.allFromCache && r.allFromCache
            }
        } catch {
            return await handleFailure(chunk, reason: "\(error)", diagnostics: diagnostics)
        }
        counters.withLock { s in
            s.extracted += 1
            if total.allFromCache { s.fromCache += 1 }
            s.rules += total.rules.count
        }
        return total.rules
    }

    func handleFailure(_ chunk: Chunk, reason: String, diagnostics: DiagnosticLog) async -> [RuleCandidate] {
        counters.withLock { $0.failed += 1 }
        let subject = chunk.source.link
        switch options.onFailure {
        case .heuristic:
            counters.withLock { $0.heuristicFallbacks += 1 }
            diagnostics.emit(.warning, stage: "extract", subject: subject, "LLM extraction failed (\(reason)); used the heuristic extractor for this chunk")
            return await fallback?.extract([chunk], diagnostics: diagnostics) ?? []
        case .skip:
            counters.withLock { $0.skipped += 1 }
            diagnostics.emit(.warning, stage: "extract", subject: subject, "LLM extraction failed (\(reason)); chunk skipped")
            return []
        case .fail:
            diagnostics.emit(.error, stage: "extract", subject: subject, "LLM extraction failed (\(reason))")
            return []
        }
    }

    func extractPiece(_ chunk: Chunk, framework: String?, depth: Int, diagnostics: DiagnosticLog) async throws -> PieceResult {
        let system = prompts.extractSystemPrompt(for: chunk, framework: framework, maxRules: options.limits.maxRules)
        let prompt = LLMPromptTemplates.extractUserPrompt(for: chunk)
        let inference = InferenceConfiguration(maxTokens: options.maxOutputTokens, temperature: options.temperature)
        let response = try await client.converse(LLMRequest(system: system, prompt: prompt, inference: inference))
        var result = PieceResult(allFromCache: response.fromCache)
        var parsed = LLMAnswerParser.parse(response.text, limits: options.limits)
        if response.truncated, !parsed.isClean, depth < options.maxSplitDepth, let halves = LLMChunkSplitter.halves(chunk) {
            counters.withLock { $0.split += 1 }
            diagnostics.emit(.note, stage: "extract", subject: chunk.source.link,
                             "answer cut off at max_output_tokens \(options.maxOutputTokens); chunk split in two")
            for half in halves {
                let r = try await extractPiece(half, framework: framework, depth: depth + 1, diagnostics: diagnostics)
                result.rules += r.rules
                result.allFromCache = result.allFromCache && r.allFromCache
            }
            return result
        }
        if !parsed.isClean {
            counters.withLock { $0.repairRequests += 1 }
            let repair = try await client.converse(LLMRequest(system: prompts.repairSystemPrompt(problems: parsed.problems),
                                                              prompt: response.text, inference: inference))
            result.allFromCache = result.allFromCache && repair.fromCache
            let fixed = LLMAnswerParser.parse(repair.text, limits: options.limits)
            if fixed.malformed {
                throw ChunkFailure(description: "the model's answer is not valid per the JSON contract, even after one repair request: "
                                   + (parsed.problems + fixed.problems).prefix(3).joined(separator: "; "))
            }
            if fixed.problems.isEmpty { counters.withLock { $0.repaired += 1 } }
            if !fixed.problems.isEmpty {
                counters.withLock { $0.invalidRules += fixed.problems.count }
                diagnostics.emit(.warning, stage: "extract", subject: chunk.source.link,
                                 "dropped \(fixed.problems.count) invalid rule(s) from the model's repaired answer: "
                                 + fixed.problems.prefix(3).joined(separator: "; "))
            }
            parsed = fixed
        }
        result.rules = parsed.drafts.enumerated().map { i, d in Self.candidate(d, chunk: chunk, position: i) }
        return result
    }

    // MARK: - Drafts to candidates

    /// A rule candidate from a draft, anchored to the chunk (or to a heading inside it the model named).
    public static func candidate(_ draft: LLMRuleDraft, chunk: Chunk, position: Int) -> RuleCandidate {
        var text = draft.rule
        if let r = draft.rationale, !r.isEmpty {
            text += (text.hasSuffix(".") || text.hasSuffix("!") ? " " : ". ") + r
        }
        let kind = classify(draft.rule)
        let example = draft.example.map { e -> CodeExample in
            let (language, code) = unfence(e)
            return CodeExample(language: language ?? chunk.language, code: code)
        }
        return RuleCandidate(text: text, kind: kind, subjects: subjects(draft.rule), example: example,
                             source: source(draft.source, chunk: chunk), score: Double(kind.strength) + 1.0 - Double(min(position, 50)) * 0.01,
                             title: draft.title, globs: draft.globs)
    }

    /// The chunk's source, or the heading anchor inside the chunk that the model named.
    static func source(_ proposed: String?, chunk: Chunk) -> SourceRef {
        guard var p = proposed?.trimmingCharacters(in: .whitespaces), !p.isEmpty else { return chunk.source }
        if p.hasPrefix(chunk.source.url + "#") { p = String(p.dropFirst(chunk.source.url.count)) }
        guard p.hasPrefix("#") else { return chunk.source }
        let anchor = String(p.dropFirst())
        guard anchor != chunk.source.anchor, let crumb = anchors(in: chunk.blocks)[anchor] else { return chunk.source }
        var ref = chunk.source
        ref.anchor = anchor
        if !crumb.isEmpty && ref.breadcrumb.last != crumb { ref.breadcrumb.append(crumb) }
        return ref
    }

    /// Heading and definition anchors in blocks, with their text.
    static func anchors(in blocks: [ContentBlock]) -> [String: String] {
        var out: [String: String] = [:]
        for b in blocks {
            switch b {
            case .heading(_, let text, let anchor?): out[anchor] = text
            case .definitionList(let items): for i in items { if let a = i.anchor { out[a] = i.term.plainText } }
            case .admonition(_, _, let inner), .quote(let inner): out.merge(anchors(in: inner)) { a, _ in a }
            case .list(_, let items): for i in items { out.merge(anchors(in: i)) { a, _ in a } }
            default: break
            }
        }
        return out
    }

    static func classify(_ rule: String) -> RuleKind {
        let l = " " + rule.lowercased() + " "
        if l.contains("deprecated") { return .deprecated }
        for w in [" never ", " do not ", " don't ", " must not ", " cannot ", " shall not "] where l.contains(w) { return .never }
        for w in [" must ", " always ", " required ", " shall "] where l.contains(w) { return .must }
        if l.contains(" avoid ") || l.contains(" should not ") || l.contains(" shouldn't ") { return .avoid }
        if l.contains("warning") || l.contains("caution") { return .warning }
        if l.contains(" default") { return .default }
        if l.range(of: #"\b(since|added in|version) \d"#, options: .regularExpression) != nil { return .version }
        return .should
    }

    /// Backticked identifiers, in order, at most six.
    static func subjects(_ text: String) -> [String] {
        var out: [String] = []
        var inside = false
        var current = ""
        for ch in text {
            if ch == "`" {
                if inside, !current.isEmpty, current.count <= 80, !out.contains(current) { out.append(current) }
                inside.toggle()
                current = ""
            } else if inside {
                current.append(ch)
            }
        }
        return Array(out.prefix(6))
    }

    /// Strips a Markdown code fence: (language, code).
    static func unfence(_ text: String) -> (String?, String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first?.trimmingCharacters(in: .whitespaces), first.hasPrefix("```") || first.hasPrefix("~~~") else {
            return (nil, text)
        }
        let language = first.dropFirst(3).trimmingCharacters(in: .whitespaces)
        lines.removeFirst()
        if let last = lines.last?.trimmingCharacters(in: .whitespaces), last.hasPrefix("```") || last.hasPrefix("~~~") { lines.removeLast() }
        return (language.isEmpty ? nil : language, lines.joined(separator: "\n"))
    }
}
