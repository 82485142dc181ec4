import Foundation
import RulesMakerCore

/// Options of `--rerank`.
public struct LLMRerankOptions: Sendable, Equatable {
    /// Candidates of a page shown to the model: its strongest, by score (exact repeats once); fewer when the
    /// prompt would exceed `maxPromptTokens`.
    public var maxCandidates = 60
    public var maxPromptTokens = 8000
    /// Pages in flight at once.
    public var concurrency = 4
    public var maxOutputTokens = 2048
    public var temperature: Double? = 0
    /// A page whose answer cannot be used is an error (exit status 1) rather than a warning;
    /// either way the page keeps its own order.
    public var failureIsError = false
    /// Ask for shorter wordings of the ranked rules, made by deleting words (each one checked). Off by default:
    /// measured, it fits more rules but does not cover more of what matters (docs/performance.md, round 12).
    public var condense = false

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
    /// Pages whose answer needed a second request (the first could not be used).
    public var repairRequests = 0
    /// Candidates shown to the model, and those it ranked.
    public var shown = 0
    public var promoted = 0
    /// Shorter wordings the model gave that were used, and those refused (not made by deleting words).
    public var condensed = 0
    public var condenseRejected = 0

    public init() {}

    /// Both runs' counts (a batch's sources share one summary).
    public static func += (a: inout LLMRerankStats, b: LLMRerankStats) {
        a.pages += b.pages; a.ranked += b.ranked; a.fromCache += b.fromCache; a.failed += b.failed
        a.repairRequests += b.repairRequests; a.shown += b.shown; a.promoted += b.promoted
        a.condensed += b.condensed; a.condenseRejected += b.condenseRejected
    }

    enum CodingKeys: String, CodingKey {
        case pages, ranked, fromCache = "from_cache", failed, repairRequests = "repair_requests", shown, promoted, condensed, condenseRejected = "condense_rejected"
    }
}

/// `--rerank`: one model call per page ranks the page's strongest rule candidates by how much an assistant
/// needs them, and the ranked ones claim the page's byte budget first, in the model's order; the others follow
/// in their own order if room is left. The model only chooses among the documentation's own rules — it writes
/// none — so every rule stays the extractor's text with its source link; a shorter wording it offers is used
/// only when it is the rule with words deleted, every negation and condition kept (`isCondensation`). It works
/// on any extractor's candidates (heuristic or model).
public struct LLMReranker: Sendable {
    public let client: any LLMClient
    public let prompts: LLMPromptTemplates
    public let options: LLMRerankOptions

    public init(client: any LLMClient, prompts: LLMPromptTemplates, options: LLMRerankOptions) {
        self.client = client
        self.prompts = prompts
        self.options = options
    }

    /// The candidates with their page's order settled, and what was done. `titles`: page titles by URL (the first
    /// breadcrumb entry stands in for a page not listed).
    ///
    /// The rules the model ranked get one band of scores above every candidate of the compile, one point a place,
    /// the first place at the same score on every page. A page without a ranking — the call failed, the answer
    /// was unusable or empty, or it had one candidate — keeps its own scores moved by one amount, its strongest
    /// rule at the band's first place: within the page its own order exactly (Link's penalties weigh
    /// differences), and it is not pushed below reranked pages when one budget covers all pages
    /// (`--max-rule-bytes-total`).
    public func rerank(_ candidates: [RuleCandidate], titles: [String: String], diagnostics: DiagnosticLog) async -> ([RuleCandidate], LLMRerankStats) {
        var pages: [[Int]] = []
        var pageOf: [String: Int] = [:]
        for (i, c) in candidates.enumerated() {
            if let p = pageOf[c.source.url] { pages[p].append(i) } else {
                pageOf[c.source.url] = pages.count
                pages.append([i])
            }
        }
        let shortlists = pages.map { page -> [Int] in
            var list = Self.shortlist(candidates, among: page, limit: options.maxCandidates)
            guard let first = list.first.map({ candidates[$0] }) else { return list }
            let system = prompts.rankSystemPrompt(title: Self.title(of: first, titles: titles), url: first.source.url, condense: options.condense)
            // A prompt that would not fit shows fewer rules (the weakest go first); never fewer than two.
            while list.count > 2 {
                guard TokenEstimate.tokens(system + Self.userPrompt(list.map { candidates[$0] })) > options.maxPromptTokens else { break }
                list.removeLast(max(1, list.count / 10))
            }
            return list
        }
        var stats = LLMRerankStats()
        var rankings = [RankAnswer?](repeating: nil, count: pages.count)
        await withTaskGroup(of: (Int, RankAnswer?, Bool, Bool).self) { group in
            let asked = shortlists.indices.filter { shortlists[$0].count >= 2 }
            var next = 0
            func add(_ p: Int) {
                let items = shortlists[p].map { candidates[$0] }
                let url = items[0].source.url
                let title = Self.title(of: items[0], titles: titles)
                group.addTask {
                    let (ranking, cached, repaired) = await self.rank(items, title: title, url: url, diagnostics: diagnostics)
                    return (p, ranking, cached, repaired)
                }
            }
            while next < min(max(1, options.concurrency), asked.count) { add(asked[next]); next += 1 }
            while let (p, ranking, cached, repaired) = await group.next() {
                stats.pages += 1
                stats.shown += shortlists[p].count
                if repaired { stats.repairRequests += 1 }
                if let ranking {
                    if cached { stats.fromCache += 1 }
                    stats.ranked += 1
                    stats.promoted += ranking.ranking.count
                    rankings[p] = ranking
                } else {
                    stats.failed += 1
                }
                if next < asked.count { add(asked[next]); next += 1 }
            }
        }
        var out = candidates
        let band = (candidates.map(\.score).filter(\.isFinite).max() ?? 0) + 1
        for (p, answer) in rankings.enumerated() {
            // An empty ranking ("nothing worth keeping") leaves the page as a failed one does.
            guard let answer, !answer.ranking.isEmpty else {
                // Its own order, every score moved by one amount: its strongest rule at the band's first place.
                let top = pages[p].map { out[$0].score }.filter(\.isFinite).max() ?? 0
                for i in pages[p] { out[i].score += band + 199 - top }
                continue
            }
            Self.apply(answer.ranking.map { shortlists[p][$0] }, band: band, to: &out)
            var refused = 0
            let ranked = Set(answer.ranking)
            for (k, wording) in answer.condensed.sorted(by: { $0.key < $1.key }) where ranked.contains(k) {
                let i = shortlists[p][k]
                if Self.isCondensation(wording, of: out[i].text) {
                    out[i].text = wording.trimmingCharacters(in: .whitespacesAndNewlines)
                    stats.condensed += 1
                } else {
                    refused += 1
                }
            }
            stats.condenseRejected += refused
            if refused > 0 {
                diagnostics.emit(.note, stage: "rerank", subject: out[shortlists[p][0]].source.url,
                                 "\(refused) shorter wording(s) from the model not used: not the rule with words deleted, or a negation or condition dropped")
            }
        }
        return (out, stats)
    }

    static func title(of first: RuleCandidate, titles: [String: String]) -> String {
        titles[first.source.url] ?? first.source.breadcrumb.first ?? ""
    }

    /// One page's ranking (indices into `items`, most important first), or nil when it cannot be had; whether
    /// the answer came from the cache; and whether a second request was needed. An answer that cannot be used
    /// gets one more request naming the problem (it is cached under its own key, so a rerun asks nothing new).
    func rank(_ items: [RuleCandidate], title: String, url: String, diagnostics: DiagnosticLog) async -> (RankAnswer?, Bool, Bool) {
        let system = prompts.rankSystemPrompt(title: title, url: url, condense: options.condense)
        let list = Self.userPrompt(items)
        let inference = InferenceConfiguration(maxTokens: options.maxOutputTokens, temperature: options.temperature)
        let level: Severity = options.failureIsError ? .error : .warning
        var problem = ""
        for attempt in 0..<2 {
            let prompt = attempt == 0 ? list
                : list + "\nYour previous answer could not be used (\(problem)). Answer with the JSON object only.\n"
            let answer: LLMResponse
            do { answer = try await client.converse(LLMRequest(system: system, prompt: prompt, inference: inference)) } catch {
                diagnostics.emit(level, stage: "rerank", subject: url, "not reranked (the page keeps its own order): \(error)")
                return (nil, false, attempt > 0)
            }
            switch Self.parseAnswer(answer.text, count: items.count) {
            case .success(var parsed):
                if !options.condense { parsed.condensed = [:] }
                return (parsed, answer.fromCache, attempt > 0)
            case .failure(let p):
                problem = p.reason
            }
        }
        diagnostics.emit(level, stage: "rerank", subject: url, "not reranked (the page keeps its own order): \(problem), twice")
        return (nil, false, true)
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
    /// What a rank answer holds: the ranking (indices into the list, most important first) and the shorter
    /// wordings offered, by index (unchecked).
    public struct RankAnswer: Sendable, Equatable {
        public var ranking: [Int]
        public var condensed: [Int: String] = [:]
    }

    public static func parseRanking(_ text: String, count: Int) -> Result<[Int], AnswerProblem> {
        parseAnswer(text, count: count).map(\.ranking)
    }

    /// The ranking and the shorter wordings of an answer; see `parseRanking`. A "condensed" entry whose key is
    /// not a number of the list, or whose value is not text, is skipped.
    public static func parseAnswer(_ text: String, count: Int) -> Result<RankAnswer, AnswerProblem> {
        let pieces: [Substring] = [text[...]] + [text.firstIndex(of: "{").flatMap { s in text.lastIndex(of: "}").map { text[s...$0] } },
                                                 text.firstIndex(of: "[").flatMap { s in text.lastIndex(of: "]").map { text[s...$0] } }]
            .compactMap { $0 }
        let decoder = JSONDecoder()
        var list: [Entry]? = nil
        var wordings: [String: Wording] = [:]
        for piece in pieces {
            let data = Data(piece.utf8)
            if let object = try? decoder.decode(Answer.self, from: data) {
                guard let ranking = object.ranking else { return .failure(AnswerProblem(reason: "the answer has no \"ranking\" list")) }
                list = ranking
                wordings = object.condensed ?? [:]
            } else if let array = try? decoder.decode([Entry].self, from: data) {
                list = array
            } else if (try? JSONSerialization.jsonObject(with: data)) is [String: Any] {
                return .failure(AnswerProblem(reason: "\"ranking\" is not a list of numbers"))
            }
            if list != nil { break }
        }
        if list == nil, let recovered = Self.rankingArray(in: text) {
            // An answer cut off after its ranking (in the middle of its wordings) still gives the ranking.
            list = recovered
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
        var condensed: [Int: String] = [:]
        // Keys in a fixed order ("1" before "01"), the first for a rule kept: the same answer, the same rules.
        for (key, wording) in wordings.sorted(by: { $0.key < $1.key }) {
            guard let n = Int(key.trimmingCharacters(in: .whitespaces)), n >= 1, n <= count, let text = wording.text,
                  condensed[n - 1] == nil else { continue }
            condensed[n - 1] = text
        }
        return .success(RankAnswer(ranking: out, condensed: condensed))
    }

    /// The complete `"ranking": [...]` list of a text that is not JSON as a whole (cut off later on).
    static func rankingArray(in text: String) -> [Entry]? {
        guard let key = text.range(of: "\"ranking\""), let open = text[key.upperBound...].firstIndex(of: "["),
              text[key.upperBound..<open].allSatisfy({ $0 == ":" || $0.isWhitespace }),
              let close = text[open...].firstIndex(of: "]") else { return nil }
        return try? JSONDecoder().decode([Entry].self, from: Data(text[open...close].utf8))
    }

    struct Answer: Decodable {
        var ranking: [Entry]?
        var condensed: [String: Wording]?
        enum CodingKeys: String, CodingKey { case ranking, condensed }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            ranking = try c.decodeIfPresent([Entry].self, forKey: .ranking)
            // A "condensed" that is not an object of texts is ignored: the ranking alone is still an answer.
            condensed = try? c.decodeIfPresent([String: Wording].self, forKey: .condensed)
        }
    }

    /// A shorter wording: text, or anything else (skipped).
    struct Wording: Decodable {
        var text: String?
        init(from decoder: any Decoder) throws { text = try? decoder.singleValueContainer().decode(String.self) }
    }

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

    /// Words a shorter wording must keep as often as the rule says them: negations, conditions, alternatives
    /// and order ("instead of", "before").
    static let keptWords: Set<String> = ["not", "no", "never", "nor", "neither", "cannot", "without", "only", "unless", "except", "if",
                                         "instead", "rather", "avoid", "before", "after"]

    /// Whether `short` is `rule` with words deleted: its words are words of the rule in the rule's order — a word
    /// being everything between spaces, inner punctuation, signs and case included (`-1`, `0.5`, `non-zero`,
    /// `` `n >= 1` `` stay whole; only a capital at the start and punctuation at a word's ends may change) —
    /// every negation, condition, alternative and order word of the rule is kept (any word with "n't" or
    /// "non-" counts), it is shorter, and its code spans are closed.
    public static func isCondensation(_ short: String, of rule: String) -> Bool {
        let trimmed = short.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count < rule.utf8.count, trimmed.filter({ $0 == "`" }).count % 2 == 0 else { return false }
        let shortWords = words(trimmed)
        guard !shortWords.isEmpty else { return false }
        let shortTokens = shortWords
        let ruleTokens = words(rule)
        // The wording's first word may change the case of its first letter (the words before it were deleted).
        func same(_ a: Substring, _ b: Substring, first: Bool) -> Bool {
            a == b || (first && a.dropFirst() == b.dropFirst() && a.prefix(1).lowercased() == b.prefix(1).lowercased())
        }
        // In the rule's order ("call A before B" never becomes "call B before A").
        var next = ruleTokens.startIndex
        for (n, w) in shortTokens.enumerated() {
            guard let at = ruleTokens[next...].firstIndex(where: { same(w, $0, first: n == 0) }) else { return false }
            next = at + 1
        }
        func count(_ list: [Substring]) -> [String: Int] {
            var n: [String: Int] = [:]
            for w in list {
                let lower = w.lowercased()
                if keptWords.contains(lower) || lower.contains("n't") || lower.contains("n’t") || lower.hasPrefix("non-") {
                    n[lower, default: 0] += 1
                }
            }
            return n
        }
        return count(shortTokens) == count(ruleTokens)
    }

    /// The words of a text: runs between white space, without the punctuation at their ends (a code span's
    /// backticks and what is inside stay).
    static func words(_ text: String) -> [Substring] {
        let edges: Set<Character> = [".", ",", ";", ":", "!", "?", "\"", "'", "(", ")", "“", "”", "‘", "’", "—", "–"]
        return text.split(whereSeparator: \.isWhitespace).compactMap { token in
            var t = token[...]
            while let c = t.first, edges.contains(c) { t = t.dropFirst() }
            while let c = t.last, edges.contains(c) { t = t.dropLast() }
            return t.isEmpty ? nil : t
        }
    }

    /// Places `ordered` (indices into `candidates`, most important first) in the band that starts at `band`, one
    /// point a place — the first at `band + 199`, whatever the page; the others keep their scores.
    static func apply(_ ordered: [Int], band: Double, to candidates: inout [RuleCandidate]) {
        for (k, i) in ordered.prefix(200).enumerated() {
            candidates[i].score = band + Double(199 - k)
        }
    }
}
