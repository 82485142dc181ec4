import Foundation
import Synchronization

/// Counters of the gateway (cache, budget, fallbacks), `Codable` in the report's snake_case shape.
public struct LLMGatewayCounters: Sendable, Equatable, Codable {
    /// Requests asked of the gateway (by the extractor: extraction, repair and consolidation prompts).
    public var requests = 0
    public var cacheHits = 0
    public var cacheStores = 0
    /// Calls refused by a budget cap.
    public var budgetBlocked = 0
    /// Answers given by a provider other than the first of the chain.
    public var fallbackAnswers = 0
    /// Failed attempts per provider (after that provider's own retries).
    public var providerFailures: [String: Int] = [:]
    /// Providers skipped for the rest of the run after repeated failures.
    public var providersMarkedDown: [String] = []
    /// Requests no provider could answer.
    public var failedRequests = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case requests, cacheHits = "cache_hits", cacheStores = "cache_stores", budgetBlocked = "budget_blocked"
        case fallbackAnswers = "fallback_answers", providerFailures = "provider_failures"
        case providersMarkedDown = "providers_marked_down", failedRequests = "failed_requests"
    }
}

/// Every provider of the chain failed for one request.
public struct LLMChainFailure: Error, Sendable, CustomStringConvertible {
    /// `provider: error`, in chain order.
    public var errors: [String]
    public var description: String {
        errors.count == 1 ? errors[0] : "every provider failed: " + errors.joined(separator: "; ")
    }
}

/// The one `LLMClient` extractors talk to: response cache → budget check → the provider chain
/// (Bedrock → OpenAI-compatible → Anthropic, as configured) with telemetry around every step.
///
/// - A cache hit (for any provider of the chain, in chain order) makes no call and costs nothing.
/// - On a miss, the budget is checked before each call; a blocked call throws `LLMBudgetExceeded`.
/// - A provider that fails (after its own retries) hands over to the next one; after
///   `markDownAfter` consecutive failures it is skipped for the rest of the run.
public final class LLMGateway: LLMClient {
    public let provider = "gateway"
    public let chain: [any LLMClient]
    public let cache: LLMResponseCache?
    public let budget: LLMBudget?
    public let telemetry: LLMTelemetry
    public let statistics: BedrockStatistics
    /// Part of every cache key: changes when the prompt templates change.
    public let promptVersion: String
    public let markDownAfter: Int
    /// Model calls in flight at once through this gateway (every provider, every caller).
    private let limiter: ConcurrencyLimiter?
    private let state = Mutex(State())

    struct State {
        var counters = LLMGatewayCounters()
        var consecutiveFailures: [String: Int] = [:]
    }

    public init(chain: [any LLMClient], cache: LLMResponseCache?, budget: LLMBudget?, telemetry: LLMTelemetry = .disabled,
                statistics: BedrockStatistics, promptVersion: String, markDownAfter: Int = 3, concurrency: Int? = nil) {
        precondition(!chain.isEmpty, "an LLM gateway needs at least one provider")
        self.limiter = concurrency.map { ConcurrencyLimiter(limit: $0) }
        self.chain = chain
        self.cache = cache
        self.budget = budget
        self.telemetry = telemetry
        self.statistics = statistics
        self.promptVersion = promptVersion
        self.markDownAfter = max(1, markDownAfter)
    }

    public var defaultModelId: String { chain[0].defaultModelId }
    public var counters: LLMGatewayCounters { state.withLock { $0.counters } }

    public func converse(_ request: LLMRequest) async throws -> LLMResponse {
        let trace = Self.traceId()
        state.withLock { $0.counters.requests += 1 }
        let models = chain.map { request.modelId ?? $0.defaultModelId }
        let keys = zip(chain, models).map { LLMResponseCache.key(provider: $0.0.provider, modelId: $0.1, request: request, promptVersion: promptVersion) }
        if let cache {
            for (i, key) in keys.enumerated() {
                guard let hit = cache.lookup(key) else { continue }
                state.withLock { $0.counters.cacheHits += 1 }
                var fields = telemetry.promptFields(request)
                fields.merge(["trace_id": trace, "provider": chain[i].provider, "model": models[i], "cache_key": key,
                              "region": hit.region ?? NSNull(), "usage": TokenUsage().telemetry, "estimated_cost_usd": 0.0],
                             uniquingKeysWith: { $1 })
                telemetry.emit("llm_cache_hit", fields)
                return hit.response
            }
        }
        if let limiter { await limiter.acquire() }
        defer { if let limiter { Task { await limiter.release() } } }
        var errors: [String] = []
        for (i, client) in chain.enumerated() {
            let name = client.provider
            if isDown(name) { errors.append("\(name): skipped (marked down after \(markDownAfter) failures)"); continue }
            if let budget {
                do { try budget.check(provider: name, modelId: models[i]) } catch {
                    state.withLock { $0.counters.budgetBlocked += 1 }
                    let spend = budget.spend
                    telemetry.emit("llm_budget_block", ["trace_id": trace, "provider": name, "model": models[i], "window": error.window,
                                                        "cap_usd": error.capUSD, "spent_usd": error.spentUSD,
                                                        "spent_hour_usd": spend.hour, "spent_day_usd": spend.day,
                                                        "message": error.description])
                    throw error
                }
            }
            var start = telemetry.promptFields(request)
            start.merge(["trace_id": trace, "provider": name, "model": models[i], "attempt": i + 1, "cache_key": keys[i]], uniquingKeysWith: { $1 })
            telemetry.emit("llm_request_start", start)
            let before = statistics.snapshot.limits
            let clock = ContinuousClock.now
            do {
                let response = try await client.converse(request)
                let latency = Int((ContinuousClock.now - clock).milliseconds)
                budget?.record(costUSD: response.estimatedCostUSD)
                let after = statistics.snapshot.limits
                state.withLock { s in
                    s.consecutiveFailures[name] = 0
                    if i > 0 { s.counters.fallbackAnswers += 1 }
                }
                telemetry.emit("llm_request_end", [
                    "trace_id": trace, "provider": name, "model": models[i], "region": response.region ?? NSNull(),
                    "latency_ms": latency, "service_latency_ms": response.latencyMs ?? NSNull(),
                    "usage": response.usage.telemetry, "estimated_cost_usd": response.estimatedCostUSD,
                    "access_method": response.accessMethod.rawValue, "inference_profile_id": response.inferenceProfileId ?? NSNull(),
                    "stop_reason": response.stopReason ?? NSNull(), "truncated": response.truncated, "fallback": i > 0,
                    "retries": response.retries,
                    "limits_delta": ["retries": after.retries - before.retries, "throttle_events": after.throttleEvents - before.throttleEvents],
                ])
                if let cache, cache.store(keys[i], CachedLLMAnswer(response, storedAt: Date())) {
                    state.withLock { $0.counters.cacheStores += 1 }
                    telemetry.emit("llm_cache_store", ["trace_id": trace, "provider": name, "model": models[i], "cache_key": keys[i],
                                                       "response_length": response.text.utf8.count])
                }
                return response
            } catch {
                let latency = Int((ContinuousClock.now - clock).milliseconds)
                let after = statistics.snapshot.limits
                let markedDown = state.withLock { s -> Bool in
                    s.counters.providerFailures[name, default: 0] += 1
                    s.consecutiveFailures[name, default: 0] += 1
                    if s.consecutiveFailures[name]! >= markDownAfter, !s.counters.providersMarkedDown.contains(name) {
                        s.counters.providersMarkedDown.append(name)
                        return true
                    }
                    return false
                }
                var fields: [String: Any] = ["trace_id": trace, "provider": name, "model": models[i], "latency_ms": latency,
                                             "error": "\(error)", "next_provider": i + 1 < chain.count ? chain[i + 1].provider : NSNull(),
                                             "marked_down": markedDown,
                                             "limits_delta": ["retries": after.retries - before.retries,
                                                              "throttle_events": after.throttleEvents - before.throttleEvents]]
                if let b = error as? BedrockError {
                    fields["error_code"] = b.codeForLog
                    fields["status"] = b.statusForLog
                }
                telemetry.emit("llm_attempt_error", fields)
                errors.append("\(name): \(error)")
            }
        }
        state.withLock { $0.counters.failedRequests += 1 }
        throw LLMChainFailure(errors: errors)
    }

    func isDown(_ provider: String) -> Bool {
        state.withLock { $0.counters.providersMarkedDown.contains(provider) }
    }

    static func traceId() -> String {
        (0..<16).map { _ in String(UInt8.random(in: 0...15), radix: 16) }.joined()
    }
}
