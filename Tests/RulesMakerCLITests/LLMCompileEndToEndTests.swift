import Foundation
import RulesMakerCore
import RulesMakerTestSupport
import Testing

/// End to end: the built binary with `--extractor bedrock` (and fallbacks) against loopback model
/// servers. Nothing here talks to anything but 127.0.0.1.
@Suite struct LLMCompileEndToEndTests {
    let site = PackagePaths.fixtures() + "/sites/tidewater"

    /// A loopback site, a loopback Bedrock, a fresh cache and output folder.
    struct Rig {
        let site: LoopbackHTTPServer
        let bedrock: LoopbackBedrockServer
        let cache: TemporaryDirectory
        let out: TemporaryDirectory

        init(site root: String) throws {
            site = try FixtureSite.server(root: root)
            bedrock = try LoopbackBedrockServer()
            bedrock.setResponder { system, prompt in ContractResponder.answer(system: system, prompt: prompt) }
            cache = try TemporaryDirectory("rm-llm-cache")
            out = try TemporaryDirectory("rm-llm-out")
        }

        func remove() { cache.remove(); out.remove(); site.stop(); bedrock.stop() }

        var environment: [String: String] {
            ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME": bedrock.baseURL, "AWS_ENDPOINT_URL_BEDROCK": bedrock.baseURL,
             "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
             "AWS_REGION": "us-east-1", "RULES_MAKER_CACHE_DIR": cache.path,
             "BEDROCK_RETRY_BASE_MS": "1", "BEDROCK_RETRY_MAX_MS": "5",
             "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        }

        func compile(_ extra: [String] = [], environment extraEnv: [String: String] = [:], out: String? = nil) throws -> ProcessResult {
            try RulesMakerBinary.run(["compile", site.baseURL + "/", "--extractor", "bedrock", "--target", "cursor", "--out", out ?? self.out.path] + extra,
                                     environment: environment.merging(extraEnv) { $1 })
        }

        var text: String { out.files().compactMap(out.read).joined(separator: "\n") }
    }

    static func jsonLines(_ stderr: String) -> [[String: Any]] {
        stderr.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("{") else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    @Test func rulesFromModelAnswersAppearWithTheirSources() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        let r = try rig.compile()
        #expect(r.status == 0, "\(r.stderr)")
        let calls = rig.bedrock.converseCalls
        #expect(!calls.isEmpty)
        #expect(calls.allSatisfy { $0.status == 200 && $0.authentication.hasPrefix("sigv4:") })
        // The page context goes in the system prompt, the chunk as Markdown in the user turn.
        let quick = try #require(calls.first { $0.system?.contains("URL: \(rig.site.baseURL)/guide/quickstart.html#making-a-request") == true })
        #expect(quick.system?.contains("Page: ") == true && quick.system?.contains("JSON") == true)
        #expect(quick.prompt?.hasPrefix("## ") == true || quick.prompt?.hasPrefix("# ") == true)
        let text = rig.text
        #expect(text.contains("LLM-RULE: follow the guidance of"), "\(text)")
        #expect(text.contains("]: \(rig.site.baseURL)/guide/quickstart.html#making-a-request"), "\(text)")
        #expect(!text.contains("```json"))
        #expect(r.stdout.contains("llm: bedrock (anthropic.claude-3-haiku-20240307-v1:0): \(calls.count) chunk(s): \(calls.count) extracted (0 from cache), 0 failed"), "\(r.stdout)")
        #expect(r.stdout.contains("llm: \(calls.count) model call(s), 0 cache hit(s), 0 blocked by budget"), "\(r.stdout)")
        // The --json report carries the run summary too (a second run: every chunk from the cache).
        let report = rig.cache.path + "/report.json"
        let again = try rig.compile(["--json", report])
        #expect(again.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let llm = try #require(json["llm"] as? [String: Any], "\(json.keys)")
        #expect((llm["chain"] as? [String])?.first == "bedrock")
        #expect(((llm["gateway"] as? [String: Any])?["cache_hits"] as? Int) == calls.count, "\(llm)")
        #expect(json["rules"] as? Int ?? 0 > 0)
        #expect(r.stdout.contains("access methods: direct \(calls.count)"), "\(r.stdout)")
    }

    @Test func secondCompileIsServedFromTheCacheWithoutModelCalls() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        let first = try rig.compile()
        #expect(first.status == 0, "\(first.stderr)")
        let n = rig.bedrock.converseCalls.count
        #expect(n > 0)
        let again = try TemporaryDirectory()
        defer { again.remove() }
        let second = try rig.compile(out: again.path)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(rig.bedrock.converseCalls.count == n, "the second compile called the model")
        #expect(second.stdout.contains("\(n) extracted (\(n) from cache)"), "\(second.stdout)")
        #expect(second.stdout.contains("llm: 0 model call(s), \(n) cache hit(s)"), "\(second.stdout)")
        #expect(rig.out.files() == again.files())
        for f in rig.out.files() { #expect(rig.out.read(f) == again.read(f), "\(f) differs") }
        // cache stats / clear; then the model is called again.
        let stats = try RulesMakerBinary.run(["cache", "stats", "--cache-dir", rig.cache.path])
        #expect(stats.status == 0 && stats.stdout.contains("llm responses: \(n) entr"), "\(stats.stdout)")
        let clear = try RulesMakerBinary.run(["cache", "clear", "--cache-dir", rig.cache.path])
        #expect(clear.status == 0 && clear.stdout.contains("removed \(n) entr"), "\(clear.stdout)")
        let third = try rig.compile()
        #expect(third.status == 0)
        #expect(rig.bedrock.converseCalls.count == 2 * n)
    }

    @Test func malformedAnswerIsRepairedWithOneRequest() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        rig.bedrock.setResponder { system, prompt in
            let prompt = prompt ?? ""
            if system?.contains("cannot be used") == true {
                // The faulty answer comes back as the prompt; answer it properly.
                let id = prompt.components(separatedBy: "section ").dropFirst().first?.prefix(12) ?? "?"
                return #"{"rules": [{"title": "Repaired", "rule": "LLM-RULE repaired section \#(id): pass `timeout=` explicitly."}]}"#
            }
            // Cut short, and no title.
            return "Sure! Here are the rules: {\"rules\": [{\"rule\": \"section \(ContentHash.sha256Hex(prompt).prefix(12))"
        }
        let r = try rig.compile()
        #expect(r.status == 0, "\(r.stderr)")
        let calls = rig.bedrock.converseCalls
        let repairs = calls.filter { $0.system?.contains("cannot be used") == true }
        #expect(repairs.count * 2 == calls.count, "one repair request per chunk")
        #expect(repairs.allSatisfy { $0.prompt?.hasPrefix("Sure! Here are the rules") == true })
        #expect(repairs.first?.system?.contains("the JSON object") == true || repairs.first?.system?.contains("no JSON object") == true,
                "the repair prompt names the problem: \(repairs.first?.system ?? "")")
        #expect(rig.text.contains("LLM-RULE repaired section "), "\(rig.text)")
        #expect(r.stdout.contains("\(repairs.count) repair request(s) (\(repairs.count) repaired)"), "\(r.stdout)")
    }

    @Test func answerThatStaysMalformedIsReportedAndFallsBackToTheHeuristic() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        rig.bedrock.setResponder { _, _ in "I cannot answer in JSON, sorry." }
        let r = try rig.compile()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("LLM extraction failed (the model's answer is not valid per the JSON contract, even after one repair request: the answer contains no JSON object"), "\(r.stderr)")
        #expect(r.stderr.contains("used the heuristic extractor for this chunk"))
        #expect(rig.text.contains("Never disable certificate verification"), "heuristic rules written")
        let failOut = try TemporaryDirectory()
        defer { failOut.remove() }
        let f = try rig.compile(["--on-llm-failure", "fail", "--no-llm-cache"], out: failOut.path)
        #expect(f.status == 1)
        #expect(f.stderr.contains("error: extract: "), "\(f.stderr)")
    }

    @Test func budgetOfZeroBlocksEveryCallAndFallsBackAsConfigured() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        let r = try rig.compile(["--budget-hourly-usd", "0", "--log-json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(rig.bedrock.converseCalls.isEmpty, "a budget of 0 lets no call through")
        #expect(r.stderr.contains("LLM budget exceeded: hourly cap $0.0000 reached ($0.0000 spent in the last hour); call to bedrock model anthropic.claude-3-haiku-20240307-v1:0 blocked"), "\(r.stderr)")
        #expect(r.stderr.contains("used the heuristic extractor for this chunk"))
        #expect(rig.text.contains("Never disable certificate verification"))
        let blocks = Self.jsonLines(r.stderr).filter { $0["event"] as? String == "llm_budget_block" }
        #expect(!blocks.isEmpty)
        #expect(blocks.allSatisfy { ($0["cap_usd"] as? Double) == 0 && $0["window"] as? String == "hourly" && $0["trace_id"] != nil })
        #expect(r.stdout.contains("\(blocks.count) blocked by budget"), "\(r.stdout)")

        // skip: no rules from blocked chunks; fail: exit 1. Env caps work like the flag.
        let skipOut = try TemporaryDirectory(), failOut = try TemporaryDirectory()
        defer { skipOut.remove(); failOut.remove() }
        let s = try rig.compile(["--on-llm-failure", "skip"], environment: ["RULES_MAKER_BUDGET_DAILY_USD": "0"], out: skipOut.path)
        #expect(s.stderr.contains("LLM budget exceeded: daily cap $0.0000"), "\(s.stderr)")
        #expect(s.stderr.contains("chunk skipped"))
        #expect(skipOut.files().isEmpty)
        let f = try rig.compile(["--on-llm-failure", "fail", "--budget-daily-usd", "0"], out: failOut.path)
        #expect(f.status == 1)
        #expect(rig.bedrock.converseCalls.isEmpty)
    }

    @Test func cacheHitsAreStillServedUnderABudgetOfZero() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        #expect(try rig.compile().status == 0)
        let n = rig.bedrock.converseCalls.count
        let again = try TemporaryDirectory()
        defer { again.remove() }
        let r = try rig.compile(["--budget-hourly-usd", "0"], out: again.path)
        #expect(r.status == 0)
        #expect(rig.bedrock.converseCalls.count == n)
        #expect(!r.stderr.contains("budget exceeded"))
        #expect(again.files().compactMap(again.read).joined().contains("LLM-RULE"))
    }

    @Test func spendIsPersistedAcrossRunsAndEnforced() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        // 1M input tokens per call at claude-3-haiku prices: $0.25 a call.
        rig.bedrock.setReply("", inputTokens: 1_000_000, outputTokens: 0)
        rig.bedrock.setResponder { s, p in ContractResponder.answer(system: s, prompt: p) }
        #expect(try rig.compile(["--budget-daily-usd", "100"]).status == 0)
        let n = rig.bedrock.converseCalls.count
        let budget = try #require(rig.cache.read("llm/budget.json"))
        #expect(budget.contains("0.25"))
        // The next run (cache cleared) stops once the spend of the last day reaches the cap.
        _ = try RulesMakerBinary.run(["cache", "clear", "--cache-dir", rig.cache.path])
        let cap = Double(n) * 0.25
        let r = try rig.compile(["--budget-daily-usd", "\(cap)", "--no-llm-cache"])
        #expect(rig.bedrock.converseCalls.count == n, "already at the cap from the first run")
        #expect(r.stderr.contains("LLM budget exceeded: daily cap $\(String(format: "%.4f", cap)) reached ($\(String(format: "%.4f", cap)) spent in the last 24 hours)"), "\(r.stderr)")
    }

    @Test func bedrockDownFallsBackToOpenAIAndAccountsForIt() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        let openai = try LoopbackLLMServer(dialect: .openAI)
        defer { openai.stop() }
        openai.setResponder { s, p in ContractResponder.answer(system: s, prompt: p, marker: "OPENAI-RULE") }
        rig.bedrock.stop()
        let r = try rig.compile(["--fallback-providers", "openai", "--log-json"],
                                environment: ["OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": openai.baseURL, "BEDROCK_RETRY_MAX_ATTEMPTS": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!openai.calls.isEmpty)
        #expect(openai.calls.allSatisfy { $0.model == "gpt-4o-mini" && $0.system?.contains("JSON") == true })
        #expect(rig.text.contains("OPENAI-RULE: follow the guidance"))
        #expect(r.stdout.contains("llm: bedrock → openai"), "\(r.stdout)")
        #expect(r.stdout.contains("\(openai.calls.count) answered by a fallback provider"), "\(r.stdout)")
        #expect(r.stdout.contains("by provider: openai \(openai.calls.count) call(s)"), "\(r.stdout)")
        let events = Self.jsonLines(r.stderr)
        let errors = events.filter { $0["event"] as? String == "llm_attempt_error" }
        #expect(!errors.isEmpty && errors.allSatisfy { $0["provider"] as? String == "bedrock" && $0["next_provider"] as? String == "openai" })
        #expect(errors.contains { $0["marked_down"] as? Bool == true }, "bedrock is skipped after repeated failures")
        let ends = events.filter { $0["event"] as? String == "llm_request_end" }
        #expect(ends.count == openai.calls.count && ends.allSatisfy { $0["provider"] as? String == "openai" && $0["fallback"] as? Bool == true })
    }

    @Test func fallbackToAnthropicThroughEnvironment() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        let anthropic = try LoopbackLLMServer(dialect: .anthropic, apiKey: "sk-ant-test")
        defer { anthropic.stop() }
        anthropic.setResponder { s, p in ContractResponder.answer(system: s, prompt: p, marker: "CLAUDE-RULE") }
        rig.bedrock.enqueue(.error(403, "AccessDeniedException", "You don't have access to the model with the specified model ID."), times: 100)
        let r = try rig.compile([], environment: ["FALLBACK_ENABLED": "1", "FALLBACK_PROVIDERS": "anthropic", "ANTHROPIC_API_KEY": "sk-ant-test",
                                                  "ANTHROPIC_BASE_URL": anthropic.baseURL])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!anthropic.calls.isEmpty && anthropic.calls.allSatisfy { $0.status == 200 && $0.model == "claude-3-5-haiku-latest" })
        #expect(rig.text.contains("CLAUDE-RULE: follow the guidance"))
        #expect(r.stdout.contains("by provider: anthropic \(anthropic.calls.count) call(s)"), "\(r.stdout)")
    }

    @Test func telemetryLinesCarryTheFieldsAndNeverTheRawPrompt() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        let r = try rig.compile(["--log-json"])
        #expect(r.status == 0, "\(r.stderr)")
        let events = Self.jsonLines(r.stderr)
        let calls = rig.bedrock.converseCalls
        let starts = events.filter { $0["event"] as? String == "llm_request_start" }
        let ends = events.filter { $0["event"] as? String == "llm_request_end" }
        let stores = events.filter { $0["event"] as? String == "llm_cache_store" }
        #expect(starts.count == calls.count && ends.count == calls.count && stores.count == calls.count)
        for e in ends {
            #expect(e["trace_id"] as? String != nil && e["provider"] as? String == "bedrock")
            #expect(e["model"] as? String == "anthropic.claude-3-haiku-20240307-v1:0" && e["region"] as? String == "us-east-1")
            #expect(e["latency_ms"] as? Int != nil && (e["usage"] as? [String: Any])?["input_tokens"] as? Int == 12)
            #expect(e["limits_delta"] as? [String: Any] != nil && e["estimated_cost_usd"] as? Double != nil && e["ts"] as? String != nil)
        }
        // Prompts: sha256 and length only.
        let sent = Set(calls.compactMap(\.prompt).map { ContentHash.sha256Hex($0) })
        #expect(Set(starts.compactMap { $0["prompt_sha256"] as? String }) == sent)
        #expect(starts.allSatisfy { $0["prompt"] == nil && $0["system"] == nil && $0["prompt_length"] as? Int != nil })
        for p in calls.compactMap(\.prompt) { #expect(!r.stderr.contains(p)) }
        #expect(!r.stderr.contains("You extract rules for an AI coding assistant"))
        // A second run: cache hits, still redacted. --no-redact-prompts shows them.
        let again = try TemporaryDirectory()
        defer { again.remove() }
        let second = try rig.compile(["--log-json"], out: again.path)
        let hits = Self.jsonLines(second.stderr).filter { $0["event"] as? String == "llm_cache_hit" }
        #expect(hits.count == calls.count && hits.allSatisfy { $0["trace_id"] != nil && $0["cache_key"] != nil && $0["prompt"] == nil })
        let raw = try rig.compile(["--log-json", "--no-redact-prompts"], out: again.path)
        #expect(raw.stderr.contains("You extract rules for an AI coding assistant"))
    }

    @Test func consolidationMergesEachTopicInOnePass() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        let r = try rig.compile(["--consolidate"])
        #expect(r.status == 0, "\(r.stderr)")
        let merges = rig.bedrock.converseCalls.filter { $0.system?.contains("Merge rules that say the same thing") == true }
        #expect(!merges.isEmpty)
        #expect(rig.text.contains("LLM-RULE merged "), "\(rig.text)")
        #expect(rig.text.contains("]: \(rig.site.baseURL)/guide/quickstart.html#"), "merged rules keep a source they came from")
        #expect(r.stdout.contains("llm: consolidated \(merges.count) topic(s)"), "\(r.stdout)")
    }

    @Test func rerankOrdersEachPageByTheModelBeforeTheBudget() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        func compile(_ extra: [String], out: String) throws -> ProcessResult {
            try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--target", "cursor", "--out", out, "--max-rule-bytes", "400"] + extra,
                                     environment: rig.environment)
        }
        let plainOut = try TemporaryDirectory()
        defer { plainOut.remove() }
        let plain = try compile([], out: plainOut.path)
        #expect(plain.status == 0 && rig.bedrock.converseCalls.isEmpty, "\(plain.stderr)")
        // Shorter wordings are asked for too (llm.rerank_condense, off by default).
        let config = rig.cache.path + "/condense.yml"
        try "llm:\n  rerank_condense: true\n".write(toFile: config, atomically: true, encoding: .utf8)
        let r = try compile(["--rerank", "bedrock", "--config", config], out: rig.out.path)
        #expect(r.status == 0, "\(r.stderr)")
        // With the heuristic extractor only rank prompts go to the model: one per page with rules to order.
        let calls = rig.bedrock.converseCalls
        #expect(!calls.isEmpty && calls.allSatisfy { $0.system?.contains("You choose which rules an AI coding assistant most needs") == true })
        #expect(calls.allSatisfy { $0.authentication.hasPrefix("sigv4:") })
        #expect(r.stdout.contains("llm: reranked \(calls.count) of \(calls.count) page(s) (0 from cache)"), "\(r.stdout)")
        #expect(!r.stdout.contains("chunk(s): 0 extracted"), "no extraction line without model extraction: \(r.stdout)")
        // The loopback model ranks each list in reverse: its last (weakest) rule now claims the small budget first.
        let text = rig.text
        for call in calls {
            let last = try #require(call.prompt?.split(separator: "\n").last.flatMap { $0.split(separator: "] ", maxSplits: 1).last })
            // The loopback model also offers it without its first word: a deletion, so that wording is used.
            let words = last.split(separator: " ")
            let wording = words.count > 4 && !words[0].contains("`") ? words.dropFirst().joined(separator: " ") : String(last)
            #expect(text.contains(String(wording.prefix(40))), "\(wording) missing from\n\(text)")
        }
        #expect(text != plainOut.files().compactMap(plainOut.read).joined(separator: "\n"))
        // Shorter wordings: the deletion is used, the invented one refused (a note), both counted.
        #expect(r.stdout.contains(" shortened (\(calls.count) wording(s) refused)") || calls.count == 0, "\(r.stdout)")
        #expect(r.stderr.contains("shorter wording(s) from the model not used"), "\(r.stderr)")
        #expect(!text.contains("Invented wording"))
        // Deterministic, and the second run is served from the cache.
        let again = try TemporaryDirectory()
        defer { again.remove() }
        let second = try compile(["--rerank", "bedrock", "--config", config], out: again.path)
        #expect(second.status == 0 && rig.bedrock.converseCalls.count == calls.count)
        #expect(second.stdout.contains("(\(calls.count) from cache)"), "\(second.stdout)")
        for f in rig.out.files() { #expect(rig.out.read(f) == again.read(f), "\(f) differs") }
    }

    @Test func modelRulesAreRankedAcrossTheirPage() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        let r = try rig.compile(["--rerank", "bedrock", "--json", rig.cache.path + "/report.json"])
        #expect(r.status == 0, "\(r.stderr)")
        let calls = rig.bedrock.converseCalls
        let ranks = calls.filter { $0.system?.contains("You choose which rules") == true }
        #expect(!ranks.isEmpty && ranks.count < calls.count, "extraction calls first, then one rank call a page")
        // The loopback model's own rules are what is ranked.
        #expect(ranks.allSatisfy { $0.prompt?.contains("LLM-RULE: follow the guidance") == true })
        #expect(r.stdout.contains("extracted (0 from cache)") && r.stdout.contains("llm: reranked \(ranks.count) of \(ranks.count) page(s)"), "\(r.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: rig.cache.path + "/report.json"))) as? [String: Any])
        let rerank = try #require((json["llm"] as? [String: Any])?["rerank"] as? [String: Any], "\(json)")
        #expect(rerank["ranked"] as? Int == ranks.count && rerank["failed"] as? Int == 0)
    }

    @Test func anUnusableRankingFailsTheCompileWhenAskedAndLosesNothing() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        rig.bedrock.setResponder { system, prompt in
            system?.contains("You choose which rules") == true ? "I would keep the first one." : ContractResponder.answer(system: system, prompt: prompt)
        }
        let plainOut = try TemporaryDirectory()
        defer { plainOut.remove() }
        let plain = try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--target", "cursor", "--out", plainOut.path], environment: rig.environment)
        #expect(plain.status == 0)
        let r = try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--rerank", "bedrock", "--on-llm-failure", "fail", "--target", "cursor",
                                          "--out", rig.out.path], environment: rig.environment)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("error: rerank: \(rig.site.baseURL)/") && r.stderr.contains("not reranked (the page keeps its own order): the answer is not the JSON object asked for"))
        // One repair request a page, then the page's own order: the same files as without --rerank.
        let ranks = rig.bedrock.converseCalls.filter { $0.system?.contains("You choose which rules") == true }
        #expect(ranks.count % 2 == 0 && ranks.filter { $0.prompt?.contains("could not be used") == true }.count == ranks.count / 2)
        #expect(rig.out.files() == plainOut.files() && !rig.out.files().isEmpty)
        for f in rig.out.files() { #expect(rig.out.read(f) == plainOut.read(f), "\(f) differs") }
        // Both answers are cached: a rerun asks nothing new and says the same.
        let calls = rig.bedrock.converseCalls.count
        let again = try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--rerank", "bedrock", "--on-llm-failure", "fail", "--target", "cursor",
                                              "--out", rig.out.path], environment: rig.environment)
        #expect(again.status == 1 && rig.bedrock.converseCalls.count == calls, "\(again.stdout)")
    }

    @Test func rerankSettingsAreChecked() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        let unknown = try rig.compile(["--rerank", "gpt"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown --rerank provider 'gpt' (available: bedrock, openai, anthropic, local, or none)"), "\(unknown.stderr)")
        let twoProviders = try rig.compile(["--rerank", "openai"])
        #expect(twoProviders.status == 2, "\(twoProviders.stderr)")
        #expect(twoProviders.stderr.contains("rerank provider openai (--rerank / llm.rerank) with extractor bedrock (--extractor / extractor): a compile uses one model provider"), "\(twoProviders.stderr)")
        let noKey = try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--rerank", "openai", "--out", rig.out.path], environment: rig.environment)
        #expect(noKey.status == 2 && noKey.stderr.contains("--rerank openai: no API key: set OPENAI_API_KEY"), "\(noKey.stderr)")
        let config = rig.cache.path + "/rules-maker.yml"
        try "llm:\n  rerank: gpt\n".write(toFile: config, atomically: true, encoding: .utf8)
        let bad = try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--config", config, "--out", rig.out.path], environment: rig.environment)
        #expect(bad.status == 2 && bad.stderr.contains("rerank"), "\(bad.stderr)")
        try "llm:\n  rerank: bedrock\n  rerank_candidates: 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let few = try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--config", config, "--out", rig.out.path], environment: rig.environment)
        #expect(few.status == 2 && few.stderr.contains("rerank_candidates"), "\(few.stderr)")
        try "llm:\n  rerank: bedrock\n  rerank_candidates: 2\n".write(toFile: config, atomically: true, encoding: .utf8)
        let good = try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--config", config, "--target", "cursor", "--out", rig.out.path],
                                            environment: rig.environment)
        #expect(good.status == 0 && good.stdout.contains("llm: reranked "), "\(good.stdout)\n\(good.stderr)")
        // --rerank none on the command line turns the config's off.
        let before = rig.bedrock.converseCalls.count
        let off = try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--config", config, "--rerank", "none", "--target", "cursor", "--out", rig.out.path],
                                           environment: rig.environment)
        #expect(off.status == 0 && !off.stdout.contains("llm:") && rig.bedrock.converseCalls.count == before, "\(off.stdout)")
        let shown = rig.bedrock.converseCalls.map { $0.prompt?.split(separator: "\n").count ?? 0 }
        #expect(!shown.isEmpty && shown.allSatisfy { $0 == 2 }, "llm.rerank_candidates: 2 shows two rules a page: \(shown)")
        #expect(rig.site.requests.count > 0)
    }

    @Test func providerConfigurationProblemsAreUsageErrors() throws {
        let rig = try Rig(site: site)
        defer { rig.remove() }
        let r1 = try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--extractor", "openai", "--out", rig.out.path])
        #expect(r1.status == 2)
        #expect(r1.stderr.contains("--extractor openai: no API key: set OPENAI_API_KEY or providers.openai.api_key"), "\(r1.stderr)")
        let r2 = try RulesMakerBinary.run(["compile", rig.site.baseURL + "/", "--extractor", "gpt", "--out", rig.out.path])
        #expect(r2.status == 2 && r2.stderr.contains("unknown extractor 'gpt' (available: heuristic, bedrock, openai, anthropic, local)"))
        let r3 = try rig.compile(["--on-llm-failure", "retry"])
        #expect(r3.status == 2 && r3.stderr.contains("--on-llm-failure must be heuristic, skip or fail"))
        #expect(rig.site.requests.isEmpty, "checked before any network work")
    }
}

/// A batch whose sources extract with a model shares one concurrency cap, cache and budget.
@Suite struct LLMBatchEndToEndTests {
    @Test func sourcesShareOneCapAndOneCache() throws {
        let rig = try LLMCompileEndToEndTests.Rig(site: PackagePaths.fixtures() + "/sites/tidewater")
        defer { rig.remove() }
        let other = try FixtureSite.server(root: PackagePaths.fixtures() + "/sites/inkwell")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let yaml = """
        defaults:
          targets: [cursor]
          out: out
          extractor: bedrock
        sources:
          - name: tidewater
            url: \(rig.site.baseURL)/
          - name: inkwell
            url: \(other.baseURL)/
        """
        try yaml.write(toFile: dir.path + "/rules-maker.yml", atomically: true, encoding: .utf8)
        let env = rig.environment.merging(["BEDROCK_MAX_CONCURRENCY": "1"]) { $1 }
        let first = try RulesMakerBinary.run(["batch", dir.path + "/rules-maker.yml", "--jobs", "2"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let calls = rig.bedrock.converseCalls.count
        #expect(calls >= 4)
        #expect(rig.bedrock.maxConcurrentRequests == 1, "one cap for the whole batch, not one per source")
        #expect(dir.files().contains { $0.hasPrefix("out/.cursor/rules/inkwell-") } && dir.files().contains { $0.hasPrefix("out/.cursor/rules/tidewater-") })
        #expect(dir.read("rules-maker.lock")?.contains("model: anthropic.claude") == true)
        let second = try RulesMakerBinary.run(["batch", dir.path + "/rules-maker.yml", "--jobs", "2"], environment: env)
        #expect(second.status == 0 && second.stdout.hasSuffix("up to date\n"), "\(second.stdout)")
        #expect(rig.bedrock.converseCalls.count == calls, "the second run makes no model call")
        withExtendedLifetime(other) {}
    }

    /// The manifest's top-level model sections and the environment apply to every source, as for `compile`.
    @Test func manifestModelSectionsAndEnvironmentApplyToEverySource() throws {
        let rig = try LLMCompileEndToEndTests.Rig(site: PackagePaths.fixtures() + "/sites/tidewater")
        defer { rig.remove() }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let manifest = dir.path + "/rules-maker.yml"
        func write(_ extra: String) throws {
            try "defaults:\n  targets: [cursor]\n  out: out\nllm:\n  rerank: bedrock\nsources:\n  - name: tidewater\n    url: \(rig.site.baseURL)/\n\(extra)"
                .write(toFile: manifest, atomically: true, encoding: .utf8)
        }
        try write("")
        let first = try RulesMakerBinary.run(["batch", manifest], environment: rig.environment)
        #expect(first.status == 0, "\(first.stderr)")
        let calls = rig.bedrock.converseCalls
        #expect(!calls.isEmpty && calls.allSatisfy { $0.system?.contains("You choose which rules") == true }, "llm.rerank of the manifest applies")
        #expect(dir.read("rules-maker.lock")?.contains("prompts: none") == false)
        let second = try RulesMakerBinary.run(["batch", manifest], environment: rig.environment)
        #expect(second.status == 0 && second.stdout.hasSuffix("up to date\n") && rig.bedrock.converseCalls.count == calls.count, "\(second.stdout)")
        // The environment overrides the manifest: a budget of 0 blocks every uncached call (the cache is cleared first).
        _ = try RulesMakerBinary.run(["cache", "clear", "--only", "llm", "--cache-dir", rig.cache.path])
        let blocked = try RulesMakerBinary.run(["batch", manifest], environment: rig.environment.merging(["RULES_MAKER_BUDGET_HOURLY_USD": "0"]) { $1 })
        #expect(rig.bedrock.converseCalls.count == calls.count, "no call under a budget of 0")
        #expect(blocked.stderr.contains("not reranked (the page keeps its own order): LLM budget exceeded"), "\(blocked.stderr)")
        // A source whose model extractor is not the rerank provider is a manifest error.
        try write("  - name: other\n    url: \(rig.site.baseURL)/guide/\n    extractor: openai\n")
        let clash = try RulesMakerBinary.run(["batch", manifest], environment: rig.environment)
        #expect(clash.status == 2 && clash.stderr.contains("source 'other': rerank provider bedrock (--rerank / llm.rerank) with extractor openai"), "\(clash.stderr)")
    }
}
