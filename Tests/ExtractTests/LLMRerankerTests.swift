import Extract
import Foundation
import RulesMakerCore
import Testing

/// `--rerank`: one model call per page orders its candidates; the model chooses, it never writes.
@Suite struct LLMRerankerTests {
    func rule(_ text: String, page: String = "https://docs.example.org/a.html", section: String = "Usage", score: Double) -> RuleCandidate {
        RuleCandidate(text: text, kind: .should, source: SourceRef(url: page, anchor: section.lowercased(), breadcrumb: ["Page", section]), score: score)
    }

    func reranker(_ client: ScriptedClient, failureIsError: Bool = false) throws -> LLMReranker {
        var options = LLMRerankOptions()
        options.failureIsError = failureIsError
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
        #expect(out[2].score > out[1].score && out[1].score > out[0].score, "\(out.map(\.score))")
        #expect(out[1].score > 9, "ranked rules come before every unranked rule of the page")
        #expect(out[0].score == 9 && out[3].score == 2 && out[4].score == 5)
        #expect(stats == { var s = LLMRerankStats(); s.pages = 1; s.ranked = 1; s.shown = 3; s.promoted = 2; return s }())
        #expect(log.all.isEmpty)
    }

    @Test func aFailedPageKeepsItsOrderAndIsReported() async throws {
        let candidates = [rule("Close the session.", score: 4), rule("Set a timeout.", score: 2)]
        for (failureIsError, severity) in [(false, Severity.warning), (true, .error)] {
            let down = ScriptedClient { _ in throw Down() }
            let log = DiagnosticLog()
            let (out, stats) = try await reranker(down, failureIsError: failureIsError).rerank(candidates, titles: [:], diagnostics: log)
            #expect(out.map(\.score) == [4, 2])
            #expect(stats.failed == 1 && stats.ranked == 0)
            #expect(log.all.map(\.description) == ["\(severity.rawValue): rerank: https://docs.example.org/a.html: not reranked (the page keeps its own order): model unavailable"])
            let prose = ScriptedClient { _ in ("The first rule matters most.", false) }
            let log2 = DiagnosticLog()
            _ = try await reranker(prose, failureIsError: failureIsError).rerank(candidates, titles: [:], diagnostics: log2)
            #expect(log2.all.first?.message.contains("not the JSON object asked for: The first rule matters most.") == true)
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
}
