import Extract
import Foundation
import RulesMakerCore
import Testing

/// `--rerank`: one model call per page orders its candidates; the model chooses, it never writes.
@Suite struct LLMRerankerTests {
    func rule(_ text: String, page: String = "https://docs.example.org/a.html", section: String = "Usage", score: Double) -> RuleCandidate {
        RuleCandidate(text: text, kind: .should, source: SourceRef(url: page, anchor: section.lowercased(), breadcrumb: ["Page", section]), score: score)
    }

    func reranker(_ client: ScriptedClient, failureIsError: Bool = false, condense: Bool = false) throws -> LLMReranker {
        var options = LLMRerankOptions()
        options.failureIsError = failureIsError
        options.condense = condense
        return LLMReranker(client: client, prompts: try LLMPromptTemplates.loading(overrides: nil), options: options)
    }

    @Test(arguments: [
        (#"{"ranking": [3, 1]}"#, [2, 0]),
        ("Here you go:\n```json\n{\"ranking\": [2, 3, 1]}\n```\nDone.", [1, 2, 0]),
        ("[1, 2]", [0, 1]),
        (#"{"ranking": ["3", " 2 "]}"#, [2, 1]),
        // Numbers outside the list, repeats, and values that are no number are skipped.
        (#"{"ranking": [0, 4, 2, 2, true, null, 1.5, "x", 1]}"#, [1, 0]),
        // Nothing worth keeping is an answer too: the page keeps its own order.
        (#"{"ranking": []}"#, []),
    ])
    func parsesTheRanking(_ text: String, _ expected: [Int]) throws {
        #expect(try LLMReranker.parseRanking(text, count: 3).get() == expected)
    }

    @Test(arguments: [
        ("", "not the JSON object asked for"),
        ("I would rank the second rule first.", "not the JSON object asked for"),
        (#"{"rules": []}"#, #"no "ranking" list"#),
        (#"{"ranking": "3, 1"}"#, #""ranking" is not a list of numbers"#),
        (#"{"ranking": [7, 9]}"#, "no number in \"ranking\" names a rule of the list (1–3)"),
    ])
    func unusableAnswersSayWhy(_ text: String, _ reason: String) {
        guard case .failure(let problem) = LLMReranker.parseRanking(text, count: 3) else {
            Issue.record("accepted \(text)")
            return
        }
        #expect(problem.reason.contains(reason), "\(problem.reason)")
    }

    @Test func theModelsOrderComesFirstOnItsPageAndOtherPagesAreUntouched() async throws {
        let a = "https://docs.example.org/a.html", b = "https://docs.example.org/b.html"
        let candidates = [
            rule("Always close the session.", page: a, score: 9),
            rule("Never share a session between threads.", page: a, section: "Threads", score: 7),
            rule("Set `timeout=` on every request.", page: a, score: 3),
            rule("Always close the session.", page: a, section: "Again", score: 2),
            rule("Only rule of page b.", page: b, score: 5),
        ]
        let client = ScriptedClient { request in
            #expect(request.system?.contains("Page: Page A\nURL: \(a)") == true, "\(request.system ?? "")")
            return (#"{"ranking": [3, 2]}"#, false)
        }
        let log = DiagnosticLog()
        let (out, stats) = try await reranker(client).rerank(candidates, titles: [a: "Page A"], diagnostics: log)
        // One call: page b has a single rule, nothing to rank. The repeated text is listed once.
        #expect(client.requests.count == 1)
        #expect(client.requests[0].prompt == """
            1. [Page › Usage] Always close the session.
            2. [Page › Threads] Never share a session between threads.
            3. [Page › Usage] Set `timeout=` on every request.

            """)
        #expect(out.map(\.text) == candidates.map(\.text), "candidates keep their order; only scores change")
        // One band above every candidate of the compile (10 = the strongest, 9, plus one), one point a place.
        #expect(out.map(\.score) == [9, 208, 209, 2, 209], "\(out.map(\.score))")
        // Page b (one candidate, not asked) keeps its order, moved so its strongest rule takes the first place.
        #expect(stats == { var s = LLMRerankStats(); s.pages = 1; s.ranked = 1; s.shown = 3; s.promoted = 2; return s }())
        #expect(log.all.isEmpty)
    }

    @Test func aFailedPageKeepsItsOrderAndIsReported() async throws {
        let candidates = [rule("Close the session.", score: 4), rule("Set a timeout.", score: 2)]
        for (failureIsError, severity) in [(false, Severity.warning), (true, .error)] {
            let down = ScriptedClient { _ in throw Down() }
            let log = DiagnosticLog()
            let (out, stats) = try await reranker(down, failureIsError: failureIsError).rerank(candidates, titles: [:], diagnostics: log)
            #expect(out.map(\.score) == [204, 202], "its own order and spacing, its strongest at the band's first place")
            #expect(stats.failed == 1 && stats.ranked == 0)
            #expect(log.all.map(\.description) == ["\(severity.rawValue): rerank: https://docs.example.org/a.html: not reranked (the page keeps its own order): model unavailable"])
            let prose = ScriptedClient { _ in ("The first rule matters most.", false) }
            let log2 = DiagnosticLog()
            let (_, proseStats) = try await reranker(prose, failureIsError: failureIsError).rerank(candidates, titles: [:], diagnostics: log2)
            // One more request names the problem; then the page keeps its order.
            #expect(prose.requests.count == 2 && proseStats.repairRequests == 1 && proseStats.failed == 1)
            #expect(prose.requests[1].prompt.hasSuffix("Your previous answer could not be used (the answer is not the JSON object asked for: The first rule matters most.). Answer with the JSON object only.\n"))
            #expect(log2.all.first?.message.hasSuffix("not the JSON object asked for: The first rule matters most., twice") == true, "\(log2.all)")
        }
    }

    @Test func onlyThePagesStrongestCandidatesAreShown() async throws {
        let candidates = (0..<80).map { rule("Rule number \($0).", score: Double($0 % 7) + (Double($0) / 1000)) }
        let client = ScriptedClient { _ in (#"{"ranking": [60]}"#, false) }
        var options = LLMRerankOptions()
        #expect(options.maxCandidates == 60)
        options.maxCandidates = 60
        let (out, stats) = try await LLMReranker(client: client, prompts: LLMPromptTemplates.loading(overrides: nil), options: options)
            .rerank(candidates, titles: [:], diagnostics: DiagnosticLog())
        let lines = client.requests[0].prompt.split(separator: "\n")
        #expect(lines.count == 60 && stats.shown == 60)
        // Strongest first: the six candidates scored 6.x, highest fraction first.
        #expect(lines[0] == "1. [Page › Usage] Rule number 76.")
        let last = try #require(lines.last?.split(separator: "] ").last.map(String.init))
        let promoted = try #require(out.max { $0.score < $1.score })
        #expect(promoted.text == last)
    }

    @Test func aSecondRequestCanMendAnUnusableAnswer() async throws {
        let candidates = [rule("Close the session.", score: 4), rule("Set a timeout.", score: 2)]
        let client = ScriptedClient { request in
            request.prompt.contains("could not be used") ? (#"{"ranking": [2]}"#, false) : ("Rule 2 first.", false)
        }
        let (out, stats) = try await reranker(client).rerank(candidates, titles: [:], diagnostics: DiagnosticLog())
        #expect(stats.ranked == 1 && stats.repairRequests == 1 && out[1].score > out[0].score)
    }

    @Test(arguments: [
        // Words deleted, punctuation free, case ignored.
        ("Close the `Session` when done.", "Always close the `Session` explicitly when you are done with it.", true),
        ("Always close the `Session` when done.", "Always close the `Session` explicitly when you are done with it.", true),
        ("always close the `Session`.", "Always close the `Session` explicitly when you are done.", true),
        // Words stay whole: signs, decimals, "non-", operators and backticks inside them.
        ("always close the Session.", "Always close the `Session` explicitly when you are done.", false),
        ("Pass `1` as the limit.", "Pass `-1` as the limit to remove it, or a positive count.", false),
        ("A ratio of 5 is used.", "A ratio of 0.5 is used unless another value is set here.", false),
        ("Returns zero on failure.", "Returns non-zero on failure and sets the error indicator.", false),
        ("Use `b`.", "Use `a` instead of `b` when the input is large and unbounded.", false),
        ("Requires `n < 1`.", "Requires `n >= 1` and a buffer of at least n bytes allocated.", false),
        // An answer's own capital at the start.
        ("Close it when you are done.", "Always close it explicitly when you are done with it.", true),
        // A word the rule does not have, more often than it has it, or out of the rule's order.
        ("Call `commit()` before `flush()`.", "Call `flush()` before `commit()` in every transaction you open.", false),
        ("Call `flush()` before `commit()`.", "Call `flush()` before `commit()` in every transaction you open.", true),
        ("Always close the `Session` quickly.", "Always close the `Session` explicitly when you are done.", false),
        ("Close the the session.", "Close the session when you are done with it today.", false),
        // Negations and conditions stay: "not", "never", "only", "if", a contraction's "t" — even in a reason dropped.
        ("Never share a session.", "Never share a session, because it is not thread-safe.", false),
        ("Call `close()` twice.", "Do not call `close()` twice on one session object.", false),
        ("Use `retry()` in tasks.", "Only use `retry()` in tasks that are idempotent ones.", false),
        ("Pass `timeout=`.", "If the server is slow, pass `timeout=` to every call.", false),
        ("Block the event loop.", "Don't block the event loop in any callback you write.", false),
        ("Don't block the event loop.", "Don't block the event loop in any callback you write.", true),
        // Not shorter, empty, or a code span left open.
        ("Close it.", "Close it.", false),
        ("  ", "Close the session when you are done.", false),
        ("Close `the session.", "Close `the` session when you are done.", false),
    ])
    func shorterWordingsAreDeletionsOnly(_ short: String, _ rule: String, _ accepted: Bool) {
        #expect(LLMReranker.isCondensation(short, of: rule) == accepted)
    }

    @Test func shorterWordingsAreUsedOnlyWhenTheyAreDeletions() async throws {
        let candidates = [rule("Always close the session explicitly when you are done with it.", score: 4),
                          rule("Never share one session between threads, since sessions hold state.", score: 2)]
        let client = ScriptedClient { request in
            #expect(request.system?.contains("\"condensed\"") == true)
            return (#"{"ranking": [2, 1], "condensed": {"1": "Close the session when finished.", "2": "Never share one session between threads.", "7": "x", "x": "y"}}"#, false)
        }
        let log = DiagnosticLog()
        let (out, stats) = try await reranker(client, condense: true).rerank(candidates, titles: [:], diagnostics: log)
        #expect(out.map(\.text) == ["Always close the session explicitly when you are done with it.", "Never share one session between threads."])
        #expect(stats.condensed == 1 && stats.condenseRejected == 1)
        #expect(log.all.map(\.description) == ["note: rerank: https://docs.example.org/a.html: 1 shorter wording(s) from the model not used: not the rule with words deleted, or a negation or condition dropped"])
        // Off (the default), the prompt does not ask and an answer's wordings are ignored.
        let options = LLMRerankOptions()
        #expect(!options.condense)
        let plain = ScriptedClient { request in
            #expect(request.system?.contains("condensed") == false)
            return (#"{"ranking": [2, 1], "condensed": {"2": "Never share one session between threads."}}"#, false)
        }
        let (out2, stats2) = try await LLMReranker(client: plain, prompts: LLMPromptTemplates.loading(overrides: nil), options: options)
            .rerank(candidates, titles: [:], diagnostics: DiagnosticLog())
        #expect(out2.map(\.text) == candidates.map(\.text) && stats2.condensed == 0)
    }

    @Test func longListsShrinkToFitThePrompt() async throws {
        let long = String(repeating: "word ", count: 60)
        let candidates = (0..<40).map { rule("Rule \($0): \(long)", score: Double(40 - $0)) }
        var options = LLMRerankOptions()
        options.maxPromptTokens = 1500
        let client = ScriptedClient { _ in (#"{"ranking": [1]}"#, false) }
        let (_, stats) = try await LLMReranker(client: client, prompts: LLMPromptTemplates.loading(overrides: nil), options: options)
            .rerank(candidates, titles: [:], diagnostics: DiagnosticLog())
        let request = try #require(client.requests.first)
        #expect(TokenEstimate.tokens((request.system ?? "") + request.prompt) <= 1500)
        #expect(stats.shown == request.prompt.split(separator: "\n").count && stats.shown < 40 && stats.shown >= 2)
        #expect(request.prompt.hasPrefix("1. [Page › Usage] Rule 0:"), "the strongest stay")
    }

    @Test func aRankingCutOffInItsWordingsStillCounts() throws {
        let cut = #"{"ranking": [3, 1], "condensed": {"3": "Set a timeo"#
        let answer = try LLMReranker.parseAnswer(cut, count: 3).get()
        #expect(answer.ranking == [2, 0] && answer.condensed.isEmpty)
        #expect((try? LLMReranker.parseAnswer(#"{"ranking": [3, 1"#, count: 3).get()) == nil, "an unfinished ranking is no ranking")
        // Keys in a fixed order, the first for a rule kept.
        let twice = try LLMReranker.parseAnswer(#"{"ranking": [1], "condensed": {"01": "b", "1": "a"}}"#, count: 2).get()
        #expect(twice.condensed == [0: "b"])
    }

    @Test func anEmptyRankingAndUnrankedWordingsLeaveThePageAsItWas() async throws {
        let candidates = [rule("Close the session when you are done with it.", score: 4), rule("Set a timeout on every call you make.", score: 2)]
        let empty = ScriptedClient { _ in (#"{"ranking": []}"#, false) }
        let (out, _) = try await reranker(empty).rerank(candidates, titles: [:], diagnostics: DiagnosticLog())
        #expect(out.map(\.score) == [204, 202], "moved like a page without a ranking")
        let unranked = ScriptedClient { _ in (#"{"ranking": [1], "condensed": {"2": "Set a timeout."}}"#, false) }
        let (out2, stats) = try await reranker(unranked, condense: true).rerank(candidates, titles: [:], diagnostics: DiagnosticLog())
        #expect(out2[1].text == candidates[1].text && stats.condensed == 0, "only ranked rules take a shorter wording")
    }
}

