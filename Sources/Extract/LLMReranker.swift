import Foundation
import RulesMakerCore

/// Options of `--rerank`.
public struct LLMRerankOptions: Sendable, Equatable {
    /// Candidates of a page shown to the model: its strongest, by score (exact repeats once).
    public var maxCandidates = 60
    /// Pages in flight at once.
    public var concurrency = 4
    public var maxOutputTokens = 1024
    public var temperature: Double? = 0
    /// A page whose answer cannot be used is an error (exit status 1) rather than a warning;
    /// either way the page keeps its own order.
    public var failureIsError = false

    public init() {}
}

/// What `--rerank` did; the `rerank` object of the `--json` report.
public struct LLMRerankStats: Sendable, Codable, Equatable {
    /// Pages whose candidates were sent to the model.
    public var pages = 0
    /// Pages whose answer was used.
    public var ranked = 0
    public var fromCache = 0
    /// Pages that kept their own order: the call failed or the answer was unusable.
    public var failed = 0
    /// Candidates shown to the model, and those it ranked.
    public var shown = 0
    public var promoted = 0

    public init() {}

    enum CodingKeys: String, CodingKey { case pages, ranked, fromCache = "from_cache", failed, shown, promoted }
}

/// `--rerank`: one model call per page ranks the page's strongest rule candidates by how much an assistant
/// needs them, and the ranked ones claim the page's byte budget first, in the model's order; the others follow
/// in their own order if room is left. The model only chooses among the documentation's own rules — it writes
/// none — so every rule stays the extractor's text with its source link. It works on any extractor's
/// candidates (heuristic or model).
public struct LLMReranker: Sendable {
    public let client: any LLMClient
    public let prompts: LLMPromptTemplates
    public let options: LLMRerankOptions

    public init(client: any LLMClient, prompts: LLMPromptTemplates, options: LLMRerankOptions) {
        self.client = client
        self.prompts = prompts
        self.options = options
    }

    /// The candidates with the ranked ones' scores raised above the rest of their page, and what was done.
    /// `titles`: page titles by URL (the first breadcrumb entry stands in for a page not listed).
    public func rerank(_ candidates: [RuleCandidate], titles: [String: String], diagnostics: DiagnosticLog) async -> ([RuleCandidate], LLMRerankStats) {
        var pages: [[Int]] = []
        var pageOf: [String: Int] = [:]
        for (i, c) in candidates.enumerated() {
            if let p = pageOf[c.source.url] { pages[p].append(i) } else {
                pageOf[c.source.url] = pages.count
                pages.append([i])
            }
        }
        let shortlists = pages.map { Self.shortlist(candidates, among: $0, limit: options.maxCandidates) }
        var stats = LLMRerankStats()
        var rankings = [[Int]?](repeating: nil, count: pages.count)
        await withTaskGroup(of: (Int, [Int]?, Bool).self) { group in
            let asked = shortlists.indices.filter { shortlists[$0].count >= 2 }
            var next = 0
            func add(_ p: Int) {
                let items = shortlists[p].map { candidates[$0] }
                let url = items[0].source.url
                let title = titles[url] ?? items[0].source.breadcrumb.first ?? ""
                group.addTask {
                    let (ranking, cached) = await self.rank(items, title: title, url: url, diagnostics: diagnostics)
                    return (p, ranking, cached)
                }
            }
            while next < min(max(1, options.concurrency), asked.count) { add(asked[next]); next += 1 }
            while let (p, ranking, cached) = await group.next() {
                stats.pages += 1
                stats.shown += shortlists[p].count
                if cached { stats.fromCache += 1 }
                if let ranking {
                    stats.ranked += 1
                    stats.promoted += ranking.count
                    rankings[p] = ranking
                } else {
                    stats.failed += 1
                }
                if next < asked.count { add(asked[next]); next += 1 }
            }
        }
        var out = candidates
        for (p, ranking) in rankings.enumerated() {
            guard let ranking else { continue }
            Self.apply(ranking.map { shortlists[p][$0] }, page: pages[p], to: &out)
        }
        return (out, stats)
    }

    /// One page's ranking (indices into `items`, most important first), or nil when it cannot be had; and
    /// whether the answer came from the cache.
    func rank(_ items: [RuleCandidate], title: String, url: String, diagnostics: DiagnosticLog) async -> ([Int]?, Bool) {
        let request = LLMRequest(system: prompts.rankSystemPrompt(title: title, url: url), prompt: Self.userPrompt(items),
                                 inference: InferenceConfiguration(maxTokens: options.maxOutputTokens, temperature: options.temperature))
        let level: Severity = options.failureIsError ? .error : .warning
        let answer: LLMResponse
        do { answer = try await client.converse(request) } catch {
            diagnostics.emit(level, stage: "rerank", subject: url, "not reranked (the page keeps its own order): \(error)")
            return (nil, false)
        }
        switch Self.parseRanking(answer.text, count: items.count) {
        case .success(let ranking):
            return (ranking, answer.fromCache)
        case .failure(let problem):
            diagnostics.emit(level, stage: "rerank", subject: url, "not reranked (the page keeps its own order): \(problem.reason)")
            return (nil, answer.fromCache)
        }
    }

    /// The candidates of one page shown to the model: the strongest first (score, then page order), a text
    /// that repeats one already listed left out, at most `limit`.
    static func shortlist(_ candidates: [RuleCandidate], among indices: [Int], limit: Int) -> [Int] {
        let ordered = indices.sorted { a, b in
            let sa = candidates[a].score.isFinite ? candidates[a].score : -.infinity
            let sb = candidates[b].score.isFinite ? candidates[b].score : -.infinity
            return sa != sb ? sa > sb : a < b
        }
        var seen: Set<String> = []
        var out: [Int] = []
        for i in ordered where out.count < limit {
            if seen.insert(candidates[i].text).inserted { out.append(i) }
        }
        return out
    }

    /// The numbered list the model ranks: one line per rule, its section in brackets.
    public static func userPrompt(_ items: [RuleCandidate]) -> String {
        items.enumerated().map { n, c in
            let text = c.text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            return "\(n + 1). [\(c.source.breadcrumb.joined(separator: " › "))] \(text)"
        }.joined(separator: "\n") + "\n"
    }

    public struct AnswerProblem: Error, Equatable {
        public var reason: String
    }

    /// The ranking in an answer, as indices into a list of `count` rules (the answer numbers them from 1):
    /// `{"ranking": [3, 1, …]}` or a bare array, code fences and text around it ignored; numbers outside the
    /// list and repeats are skipped. An answer with no such list is a problem.
    public static func parseRanking(_ text: String, count: Int) -> Result<[Int], AnswerProblem> {
        let pieces: [Substring] = [text[...]] + [text.firstIndex(of: "{").flatMap { s in text.lastIndex(of: "}").map { text[s...$0] } },
                                                 text.firstIndex(of: "[").flatMap { s in text.lastIndex(of: "]").map { text[s...$0] } }]
            .compactMap { $0 }
        let decoder = JSONDecoder()
        var list: [Entry]? = nil
        for piece in pieces {
            let data = Data(piece.utf8)
            if let object = try? decoder.decode(Answer.self, from: data) {
                guard let ranking = object.ranking else { return .failure(AnswerProblem(reason: "the answer has no \"ranking\" list")) }
                list = ranking
            } else if let array = try? decoder.decode([Entry].self, from: data) {
                list = array
            } else if (try? JSONSerialization.jsonObject(with: data)) is [String: Any] {
                return .failure(AnswerProblem(reason: "\"ranking\" is not a list of numbers"))
            }
            if list != nil { break }
        }
        guard let list else {
            return .failure(AnswerProblem(reason: "the answer is not the JSON object asked for: \(Self.excerpt(text))"))
        }
        var seen: Set<Int> = []
        var out: [Int] = []
        for entry in list {
            guard let n = entry.number, n >= 1, n <= count, seen.insert(n).inserted else { continue }
            out.append(n - 1)
        }
        if out.isEmpty && !list.isEmpty {
            return .failure(AnswerProblem(reason: "no number in \"ranking\" names a rule of the list (1–\(count))"))
        }
        return .success(out)
    }

    struct Answer: Decodable { var ranking: [Entry]? }

    /// A number of the list, written as a number or a string of digits; anything else is no number.
    struct Entry: Decodable {
        var number: Int?
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { number = n } else if let s = try? c.decode(String.self) {
                number = Int(s.trimmingCharacters(in: .whitespaces))
            } else { number = nil }
        }
    }

    static func excerpt(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 80 ? String(flat.prefix(80)) + "…" : flat
    }

    /// Raises the ranked candidates (indices into `candidates`, most important first) above every other
    /// candidate of their page, one point apart in the model's order; the others keep their scores.
    static func apply(_ ranked: [Int], page: [Int], to candidates: inout [RuleCandidate]) {
        guard !ranked.isEmpty else { return }
        let top = page.map { candidates[$0].score }.filter(\.isFinite).max() ?? 0
        for (k, i) in ranked.enumerated() {
            candidates[i].score = top + 1 + Double(ranked.count - k)
        }
    }
}
