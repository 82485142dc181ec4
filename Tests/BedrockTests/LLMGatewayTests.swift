import Bedrock
import Fetch
import Foundation
import RulesMakerTestSupport
import Synchronization
import Testing

/// A provider stand-in: answers or fails as scripted, counts calls.
final class StubProvider: LLMClient {
    let provider: String
    let defaultModelId: String
    let cost: Double
    let fails: Mutex<Int>
    let count = Mutex(0)
    var calls: Int { count.withLock { $0 } }

    init(_ provider: String, model: String = "m", cost: Double = 0.01, failures: Int = 0) {
        self.provider = provider
        defaultModelId = model
        self.cost = cost
        fails = Mutex(failures)
    }

    func converse(_ request: LLMRequest) async throws -> LLMResponse {
        count.withLock { $0 += 1 }
        if fails.withLock({ f in f > 0 ? { f -= 1; return true }() : false }) {
            throw BedrockError.service(AWSServiceError(code: "ServiceUnavailableException", status: 503, message: "down"))
        }
        return LLMResponse(text: "answer from \(provider) to \(request.prompt)", stopReason: "end_turn", truncated: false,
                           usage: TokenUsage(inputTokens: 10, outputTokens: 5), latencyMs: 3, provider: provider, modelId: defaultModelId,
                           region: "us-east-1", accessMethod: .direct, inferenceProfileUsed: false, inferenceProfileId: nil, retries: 0,
                           estimatedCostUSD: cost)
    }
}

/// A clock tests move.
final class TestClock: Sendable {
    let t = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: @Sendable () -> Date { { self.t.withLock { $0 } } }
    func advance(_ seconds: TimeInterval) { t.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

final class LineSink: Sendable {
    let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var sink: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
    var events: [[String: Any]] { all.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] } }
}

@Suite struct LLMResponseCacheTests {
    let request = LLMRequest(system: "sys", prompt: "hello", inference: InferenceConfiguration(maxTokens: 100, temperature: 0))

    func answer(_ text: String = "hi") -> LLMResponse {
        LLMResponse(text: text, stopReason: "end_turn", truncated: false, usage: TokenUsage(inputTokens: 5, outputTokens: 2), latencyMs: 1,
                    provider: "bedrock", modelId: "m", region: "us-east-1", accessMethod: .regionalCRIS, inferenceProfileUsed: true,
                    inferenceProfileId: "us.m", retries: 0, estimatedCostUSD: 0.5)
    }

    @Test func keysCoverProviderModelPromptsSettingsAndTemplateVersion() {
        let k = LLMResponseCache.key(provider: "bedrock", modelId: "m", request: request, promptVersion: "v1")
        var other = request
        other.inference.temperature = 0.5
        let variants = [
            LLMResponseCache.key(provider: "openai", modelId: "m", request: request, promptVersion: "v1"),
            LLMResponseCache.key(provider: "bedrock", modelId: "m2", request: request, promptVersion: "v1"),
            LLMResponseCache.key(provider: "bedrock", modelId: "m", request: LLMRequest(system: "sys2", prompt: "hello", inference: request.inference), promptVersion: "v1"),
            LLMResponseCache.key(provider: "bedrock", modelId: "m", request: other, promptVersion: "v1"),
            LLMResponseCache.key(provider: "bedrock", modelId: "m", request: request, promptVersion: "v2"),
        ]
        #expect(Set(variants + [k]).count == 6 && k.count == 64)
        #expect(k == LLMResponseCache.key(provider: "bedrock", modelId: "m", request: request, promptVersion: "v1"))
    }

    @Test func hitsCostNothingAndExpireAfterTheTTL() {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = TestClock()
        let cache = LLMResponseCache(directory: dir, limits: LLMCacheLimits(ttl: .seconds(3600)), now: clock.now)
        #expect(cache.store("abcd", CachedLLMAnswer(answer(), storedAt: clock.now())))
        let hit = cache.lookup("abcd")?.response
        #expect(hit?.text == "hi" && hit?.fromCache == true && hit?.estimatedCostUSD == 0 && hit?.usage == TokenUsage())
        #expect(hit?.accessMethod == .regionalCRIS && hit?.inferenceProfileId == "us.m")
        #expect(cache.statistics().entries == 1)
        clock.advance(3601)
        #expect(cache.lookup("abcd") == nil)
        #expect(cache.statistics().entries == 0, "expired entries are removed when met")
    }

    @Test func evictsTheOldestPastTheSizeCap() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cache = LLMResponseCache(directory: dir, limits: LLMCacheLimits(maxBytes: 4000))
        let big = String(repeating: "x", count: 900)
        for i in 0..<10 {
            let key = String(format: "%02d", i) + String(repeating: "0", count: 62)
            cache.store(key, CachedLLMAnswer(answer(big), storedAt: Date()))
            // Distinct modification times make the eviction order well defined.
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: Double(1_000_000 + i))],
                                                  ofItemAtPath: dir + "/\(key.prefix(2))/\(key).json")
        }
        let stats = cache.statistics()
        #expect(stats.bytes <= 4000 && stats.entries >= 2)
        #expect(cache.lookup("09" + String(repeating: "0", count: 62)) != nil, "the newest entry is kept")
        #expect(cache.lookup("00" + String(repeating: "0", count: 62)) == nil, "the oldest entry went first")
        let removed = cache.clear()
        #expect(removed.entries == stats.entries && cache.statistics().entries == 0)
    }
}

@Suite struct LLMBudgetTests {
    @Test func spendIsPersistedAcrossInstancesAndWindowsSlide() {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = TestClock()
        let path = dir + "/budget.json"
        let a = LLMBudget(limits: LLMBudgetLimits(hourlyUSD: 1, dailyUSD: 2), path: path, now: clock.now)
        a.record(costUSD: 0.6)
        #expect(throws: Never.self) { try a.check(provider: "bedrock", modelId: "m") }
        a.record(costUSD: 0.4)
        let b = LLMBudget(limits: LLMBudgetLimits(hourlyUSD: 1, dailyUSD: 2), path: path, now: clock.now)
        #expect(b.spend.hour == 1.0)
        #expect(throws: LLMBudgetExceeded(window: "hourly", capUSD: 1, spentUSD: 1, provider: "bedrock", modelId: "m")) {
            try b.check(provider: "bedrock", modelId: "m")
        }
        clock.advance(3600)
        #expect(throws: Never.self) { try b.check(provider: "bedrock", modelId: "m") }
        b.record(costUSD: 1.0)
        #expect(throws: LLMBudgetExceeded.self) { try b.check(provider: "bedrock", modelId: "m") }
        clock.advance(86_400)
        #expect(b.spend.day == 0)
    }

    @Test func zeroBlocksAndTheMessageNamesCapSpendAndSetting() {
        let budget = LLMBudget(limits: LLMBudgetLimits(hourlyUSD: 0), path: nil)
        do { try budget.check(provider: "bedrock", modelId: "anthropic.claude-3-haiku"); Issue.record("not blocked") } catch {
            #expect(error.description == "LLM budget exceeded: hourly cap $0.0000 reached ($0.0000 spent in the last hour); call to bedrock model anthropic.claude-3-haiku blocked (cached answers are still used; raise budget.hourly_usd / RULES_MAKER_BUDGET_HOURLY_USD / --budget-hourly-usd)")
        }
    }
}

@Suite struct LLMGatewayTests {
    func gateway(_ chain: [any LLMClient], cacheDir: String? = nil, budget: LLMBudget? = nil, sink: LineSink? = nil, redact: Bool = true) -> LLMGateway {
        LLMGateway(chain: chain, cache: cacheDir.map { LLMResponseCache(directory: $0) }, budget: budget,
                   telemetry: sink.map { LLMTelemetry(sink: $0.sink, redactPrompts: redact) } ?? .disabled,
                   statistics: BedrockStatistics(), promptVersion: "v1")
    }

    @Test func fallsBackInChainOrderAndMarksAFailingProviderDown() async throws {
        let bedrock = StubProvider("bedrock", failures: 100), openai = StubProvider("openai")
        let g = gateway([bedrock, openai])
        for i in 0..<5 { _ = try await g.converse(system: nil, prompt: "p\(i)") }
        #expect(bedrock.calls == 3, "skipped after three failures in a row")
        #expect(openai.calls == 5)
        let c = g.counters
        #expect(c.fallbackAnswers == 5 && c.providerFailures == ["bedrock": 3] && c.providersMarkedDown == ["bedrock"])
    }

    @Test func everyProviderFailingIsOneErrorNamingEach() async {
        let g = gateway([StubProvider("bedrock", failures: 1), StubProvider("anthropic", failures: 1)])
        do { _ = try await g.converse(system: nil, prompt: "p"); Issue.record("no error") } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("every provider failed: bedrock: ServiceUnavailableException") && text.contains("; anthropic: "))
        }
        #expect(g.counters.failedRequests == 1)
    }

    @Test func aCachedAnswerOfAnyProviderMakesNoCall() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = gateway([StubProvider("bedrock", failures: 1), StubProvider("openai")], cacheDir: dir)
        let a = try await first.converse(system: "s", prompt: "p")
        #expect(a.provider == "openai" && !a.fromCache)
        let bedrock = StubProvider("bedrock"), openai = StubProvider("openai")
        let second = gateway([bedrock, openai], cacheDir: dir, budget: LLMBudget(limits: LLMBudgetLimits(hourlyUSD: 0), path: nil))
        let b = try await second.converse(system: "s", prompt: "p")
        #expect(b.fromCache && b.text == a.text && b.estimatedCostUSD == 0)
        #expect(bedrock.calls == 0 && openai.calls == 0 && second.counters.cacheHits == 1)
    }

    @Test func budgetIsCheckedBeforeEachCallAndSpendRecorded() async throws {
        let budget = LLMBudget(limits: LLMBudgetLimits(dailyUSD: 0.02), path: nil)
        let provider = StubProvider("bedrock", cost: 0.01)
        let g = gateway([provider], budget: budget)
        _ = try await g.converse(system: nil, prompt: "1")
        _ = try await g.converse(system: nil, prompt: "2")
        await #expect(throws: LLMBudgetExceeded.self) { try await g.converse(system: nil, prompt: "3") }
        #expect(provider.calls == 2 && g.counters.budgetBlocked == 1 && budget.spend.day == 0.02)
    }

    @Test func telemetryCarriesTheFieldsAndRedactsPrompts() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sink = LineSink()
        let g = gateway([StubProvider("bedrock", failures: 1), StubProvider("openai")], cacheDir: dir, sink: sink)
        _ = try await g.converse(system: "SYSTEM-SECRET", prompt: "PROMPT-SECRET")
        _ = try await g.converse(system: "SYSTEM-SECRET", prompt: "PROMPT-SECRET")
        let events = sink.events
        #expect(events.map { $0["event"] as? String ?? "" } == ["llm_request_start", "llm_attempt_error", "llm_request_start", "llm_request_end",
                                                                 "llm_cache_store", "llm_cache_hit"])
        #expect(Set(events.prefix(5).compactMap { $0["trace_id"] as? String }).count == 1, "one trace per request")
        let end = events[3]
        #expect(end["provider"] as? String == "openai" && end["model"] as? String == "m" && end["region"] as? String == "us-east-1")
        #expect((end["usage"] as? [String: Any])?["output_tokens"] as? Int == 5 && end["latency_ms"] is Int && end["fallback"] as? Bool == true)
        #expect(events[1]["error_code"] as? String == "ServiceUnavailableException" && events[1]["status"] as? Int == 503)
        #expect(events[0]["prompt_sha256"] as? String == ContentHash.sha256Hex("PROMPT-SECRET") && events[0]["prompt_length"] as? Int == 13)
        #expect(!sink.all.joined().contains("SECRET"))
        let raw = LineSink()
        _ = try await gateway([StubProvider("bedrock")], sink: raw, redact: false).converse(system: "SYSTEM-SECRET", prompt: "PROMPT-SECRET")
        #expect(raw.events.first?["prompt"] as? String == "PROMPT-SECRET" && raw.events.first?["system"] as? String == "SYSTEM-SECRET")
    }
}

@Suite struct ProviderClientTests {
    @Test func openAICompatibleClientSpeaksChatCompletions() async throws {
        let server = try LoopbackLLMServer(dialect: .openAI, apiKey: "sk-test")
        defer { server.stop() }
        server.setReply("{\"rules\": []}", inputTokens: 1000, outputTokens: 1000)
        server.fail(status: 429)
        let http = HTTPClient()
        defer { http.shutdown() }
        let stats = BedrockStatistics()
        let sleeper = RecordingSleeper()
        let logs = LogCapture()
        let client = OpenAICompatibleClient(provider: "openai", modelId: "gpt-4o-mini", baseURL: server.baseURL, apiKey: "sk-test", http: http,
                                            retry: RetryManager(policy: RetryPolicy(maxAttempts: 3), sleeper: sleeper, statistics: stats,
                                                                logger: logs.logger),
                                            statistics: stats)
        let r = try await client.converse(LLMRequest(system: "be terse", prompt: "hi", inference: InferenceConfiguration(maxTokens: 50, temperature: 0)))
        #expect(r.text == "{\"rules\": []}" && r.provider == "openai" && r.retries == 1 && sleeper.delays.count == 1)
        // Its retries are logged as its own, not as Bedrock's.
        #expect(logs.text.contains("llm_retry provider=openai attempt=1") && !logs.text.contains("bedrock_retry"), "\(logs.text)")
        #expect(r.usage == TokenUsage(inputTokens: 1000, outputTokens: 1000))
        #expect(abs(r.estimatedCostUSD - 0.00075) < 1e-9)
        let body = try JSONSerialization.jsonObject(with: Data(server.calls.last!.raw.body)) as? [String: Any]
        #expect(body?["max_tokens"] as? Int == 50 && body?["model"] as? String == "gpt-4o-mini")
        #expect(server.calls.last?.system == "be terse" && server.calls.last?.prompt == "hi")
        let report = stats.snapshot
        #expect(report.byProvider["openai"]?.requests == 1 && report.limits.retries == 1 && report.limits.throttleEvents == 1)

        let wrongKey = OpenAICompatibleClient(provider: "local", modelId: "llama3.1", baseURL: server.baseURL, apiKey: "nope", http: http,
                                              retry: RetryManager(policy: RetryPolicy(maxAttempts: 3), sleeper: sleeper), statistics: stats)
        do { _ = try await wrongKey.converse(system: nil, prompt: "hi"); Issue.record("no error") } catch {
            #expect("\(error)".contains("invalid_api_key (HTTP 401)"), "\(error)")
        }
    }

    @Test func anthropicClientSpeaksMessages() async throws {
        let server = try LoopbackLLMServer(dialect: .anthropic, apiKey: "sk-ant")
        defer { server.stop() }
        server.setReply("hello", inputTokens: 1000, outputTokens: 1000)
        let http = HTTPClient()
        defer { http.shutdown() }
        let stats = BedrockStatistics()
        let client = AnthropicClient(modelId: "claude-3-5-haiku-latest", baseURL: server.baseURL, apiKey: "sk-ant", http: http,
                                     retry: RetryManager(policy: .default, sleeper: RecordingSleeper()), statistics: stats)
        let r = try await client.converse(LLMRequest(system: "sys", prompt: "hi"))
        #expect(r.text == "hello" && r.provider == "anthropic" && abs(r.estimatedCostUSD - 0.0048) < 1e-9)
        let call = try #require(server.calls.last)
        #expect(call.system == "sys" && call.prompt == "hi" && call.raw.header("anthropic-version") == AnthropicClient.apiVersion)
        let body = try JSONSerialization.jsonObject(with: Data(call.raw.body)) as? [String: Any]
        #expect(body?["max_tokens"] as? Int == 2048, "required by the Messages API")
        #expect(stats.snapshot.byProvider["anthropic"]?.requests == 1)
    }
}
