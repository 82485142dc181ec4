import Synchronization

/// Rate-limit counters (`limits{…}` in reports).
public struct RateLimitCounters: Sendable, Equatable, Codable {
    public var retries = 0
    public var throttleEvents = 0
    public var lastErrorCode: String?
    public var lastRetryDelayMs: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case retries, throttleEvents = "throttle_events", lastErrorCode = "last_error_code", lastRetryDelayMs = "last_retry_delay_ms"
    }
}

/// Usage of one provider/model pair.
public struct ModelUsage: Sendable, Equatable, Codable {
    public var provider: String
    public var modelId: String
    public var requests = 0
    public var usage = TokenUsage()
    public var estimatedCostUSD = 0.0

    public init(provider: String, modelId: String) {
        self.provider = provider
        self.modelId = modelId
    }

    enum CodingKeys: String, CodingKey {
        case provider, modelId = "model_id", requests, usage, estimatedCostUSD = "estimated_cost_usd"
    }
}

/// A snapshot of everything counted so far; `Codable` in the report's snake_case shape.
public struct UsageReport: Sendable, Equatable, Codable {
    public var requests = 0
    public var failures = 0
    public var usage = TokenUsage()
    public var estimatedCostUSD = 0.0
    public var limits = RateLimitCounters()
    /// Successful calls per access method (`direct`, `regional_cris`, `global_cris`).
    public var accessMethods: [String: Int] = [:]
    /// Immediate retries with an inference profile.
    public var profileRetries = 0
    /// Keyed `provider|model`.
    public var byModel: [String: ModelUsage] = [:]

    public init() {}

    /// Per-provider totals.
    public var byProvider: [String: ModelUsage] {
        var out: [String: ModelUsage] = [:]
        for m in byModel.values {
            var p = out[m.provider] ?? ModelUsage(provider: m.provider, modelId: "*")
            p.requests += m.requests
            p.usage = p.usage + m.usage
            p.estimatedCostUSD += m.estimatedCostUSD
            out[m.provider] = p
        }
        return out
    }

    enum CodingKeys: String, CodingKey {
        case requests, failures, usage, estimatedCostUSD = "estimated_cost_usd", estimatedCost = "estimated_cost", limits,
             accessMethods = "access_methods", profileRetries = "profile_retries", byModel = "by_model", byProvider = "by_provider"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        requests = try c.decodeIfPresent(Int.self, forKey: .requests) ?? 0
        failures = try c.decodeIfPresent(Int.self, forKey: .failures) ?? 0
        usage = try c.decodeIfPresent(TokenUsage.self, forKey: .usage) ?? TokenUsage()
        estimatedCostUSD = try c.decodeIfPresent(Double.self, forKey: .estimatedCostUSD)
            ?? c.decodeIfPresent(Double.self, forKey: .estimatedCost) ?? 0
        limits = try c.decodeIfPresent(RateLimitCounters.self, forKey: .limits) ?? RateLimitCounters()
        accessMethods = try c.decodeIfPresent([String: Int].self, forKey: .accessMethods) ?? [:]
        profileRetries = try c.decodeIfPresent(Int.self, forKey: .profileRetries) ?? 0
        byModel = try c.decodeIfPresent([String: ModelUsage].self, forKey: .byModel) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(requests, forKey: .requests)
        try c.encode(failures, forKey: .failures)
        try c.encode(usage, forKey: .usage)
        try c.encode(estimatedCostUSD, forKey: .estimatedCostUSD)
        try c.encode(estimatedCostUSD, forKey: .estimatedCost)
        try c.encode(limits, forKey: .limits)
        try c.encode(accessMethods, forKey: .accessMethods)
        try c.encode(profileRetries, forKey: .profileRetries)
        try c.encode(byModel, forKey: .byModel)
        try c.encode(byProvider, forKey: .byProvider)
    }

    /// Adds another report (batch and parallel runs aggregate per-source reports this way).
    public mutating func merge(_ other: UsageReport) {
        requests += other.requests
        failures += other.failures
        usage = usage + other.usage
        estimatedCostUSD += other.estimatedCostUSD
        limits.retries += other.limits.retries
        limits.throttleEvents += other.limits.throttleEvents
        if other.limits.lastErrorCode != nil { limits.lastErrorCode = other.limits.lastErrorCode }
        if other.limits.lastRetryDelayMs != nil { limits.lastRetryDelayMs = other.limits.lastRetryDelayMs }
        for (k, v) in other.accessMethods { accessMethods[k, default: 0] += v }
        profileRetries += other.profileRetries
        for (k, v) in other.byModel {
            var m = byModel[k] ?? ModelUsage(provider: v.provider, modelId: v.modelId)
            m.requests += v.requests
            m.usage = m.usage + v.usage
            m.estimatedCostUSD += v.estimatedCostUSD
            byModel[k] = m
        }
    }
}

/// Thread-safe counters shared by every call of a run.
public final class BedrockStatistics: Sendable {
    private let state = Mutex(UsageReport())

    public init() {}

    public var snapshot: UsageReport { state.withLock { $0 } }

    func recordRetry(error: BedrockError, delay: Duration) {
        state.withLock { s in
            s.limits.retries += 1
            if error.isThrottling { s.limits.throttleEvents += 1 }
            s.limits.lastErrorCode = error.codeForLog
            s.limits.lastRetryDelayMs = delay.milliseconds
        }
    }

    func recordError(_ error: BedrockError) {
        state.withLock { s in
            if error.isThrottling { s.limits.throttleEvents += 1 }
            s.limits.lastErrorCode = error.codeForLog
        }
    }

    public func recordFailure() { state.withLock { $0.failures += 1 } }

    func recordProfileRetry() { state.withLock { $0.profileRetries += 1 } }

    /// Counts a successful call (other providers' clients record theirs here too).
    public func recordSuccess(_ response: LLMResponse) {
        state.withLock { s in
            s.requests += 1
            s.usage = s.usage + response.usage
            s.estimatedCostUSD += response.estimatedCostUSD
            s.accessMethods[response.accessMethod.rawValue, default: 0] += 1
            let key = "\(response.provider)|\(response.modelId)"
            var m = s.byModel[key] ?? ModelUsage(provider: response.provider, modelId: response.modelId)
            m.requests += 1
            m.usage = m.usage + response.usage
            m.estimatedCostUSD += response.estimatedCostUSD
            s.byModel[key] = m
        }
    }
}
