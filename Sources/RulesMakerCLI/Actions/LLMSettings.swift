import Bedrock
import Extract
import Foundation

/// One model provider's connection settings (`providers.<name>` in `rules-maker.yml`).
public struct LLMProviderSettings: Sendable, Equatable {
    public var apiKey: String?
    public var modelId: String?
    public var baseURL: String?

    public init(apiKey: String? = nil, modelId: String? = nil, baseURL: String? = nil) {
        self.apiKey = apiKey
        self.modelId = modelId
        self.baseURL = baseURL
    }

    public static let defaultModels = ["openai": "gpt-4o-mini", "anthropic": "claude-3-5-haiku-latest", "local": "llama3.1"]
    public static let defaultBaseURLs = ["openai": "https://api.openai.com/v1", "anthropic": "https://api.anthropic.com",
                                         "local": "http://localhost:11434/v1"]
}

/// Settings of LLM extraction, resolved once (flags > environment > config file > defaults).
public struct LLMSettings: Sendable, Equatable {
    /// The providers that can be named by `--extractor` and in a fallback list.
    public static let providers = ["bedrock", "openai", "anthropic", "local"]

    /// The config file whose `bedrock:` section applies (nil: none).
    public var configFile: String?
    /// `--model-id`: the model of the first provider.
    public var modelId: String?
    public var onFailure = LLMFailurePolicy.heuristic
    public var consolidate = false
    /// `--rerank <provider>` / `llm.rerank`: one model call per page ranks its rules before the budget (nil: off).
    public var rerank: String?
    /// `llm.rerank_candidates`: how many of a page's strongest candidates the model ranks.
    public var rerankCandidates = LLMRerankOptions().maxCandidates
    /// `llm.rerank_condense`: ask for shorter wordings of the ranked rules (used only when made by deleting words).
    public var rerankCondense = false
    public var budget = LLMBudgetLimits()
    public var fallbackEnabled = false
    /// Tried in this order after the first provider (default: openai, anthropic — the configured ones).
    public var fallbackProviders: [String]?
    public var providerSettings: [String: LLMProviderSettings] = [:]
    public var logJSON = false
    public var redactPrompts = true
    public var maxPromptTokens = 8000
    public var maxOutputTokens = 2048
    public var cacheLimits = LLMCacheLimits()
    /// false: neither read nor write the response cache.
    public var useCache = true

    public init() {}

    /// Keys of the `llm:` section.
    static let llmKeys: Set<String> = ["on_failure", "consolidate", "rerank", "rerank_candidates", "rerank_condense", "max_prompt_tokens", "max_output_tokens", "cache_ttl_days",
                                       "cache_max_mb", "cache", "log_json", "redact_prompts"]

    /// Applies the `llm:`, `budget:`, `providers:` and `bedrock.fallback` sections of a config file.
    mutating func apply(config m: ConfigMapping, issues: inout [ConfigIssue]) {
        if let llm = m.mapping("llm", issues: &issues) {
            issues += llm.unknownKeys(allowed: Self.llmKeys, context: "llm")
            if let s = llm.string("on_failure", issues: &issues) {
                if let p = LLMFailurePolicy(rawValue: s) { onFailure = p } else { issues.append(llm.issue("on_failure", "must be heuristic, skip or fail")) }
            }
            if let b = llm.bool("consolidate", issues: &issues) { consolidate = b }
            if let r = llm.string("rerank", issues: &issues) {
                let name = r.lowercased()
                if ["", "none", "off", "false"].contains(name) { rerank = nil } else if Self.providers.contains(name) { rerank = name } else {
                    issues.append(llm.issue("rerank", "must be a model provider (\(Self.providers.joined(separator: ", "))) or none"))
                }
            }
            if let n = llm.int("rerank_candidates", min: 2, issues: &issues) {
                if n > 200 { issues.append(llm.issue("rerank_candidates", "must be at most 200")) } else { rerankCandidates = n }
            }
            if let b = llm.bool("rerank_condense", issues: &issues) { rerankCondense = b }
            if let n = llm.int("max_prompt_tokens", min: 256, issues: &issues) { maxPromptTokens = n }
            if let n = llm.int("max_output_tokens", min: 64, issues: &issues) { maxOutputTokens = n }
            if let d = llm.double("cache_ttl_days", issues: &issues) { cacheLimits.ttl = .seconds(Int64(max(0, d) * 86_400)) }
            if let n = llm.int("cache_max_mb", min: 1, issues: &issues) { cacheLimits.maxBytes = n << 20 }
            if let b = llm.bool("cache", issues: &issues) { useCache = b }
            if let b = llm.bool("log_json", issues: &issues) { logJSON = b }
            if let b = llm.bool("redact_prompts", issues: &issues) { redactPrompts = b }
        }
        if let budget = m.mapping("budget", issues: &issues) {
            issues += budget.unknownKeys(allowed: ["hourly_usd", "daily_usd"], context: "budget")
            if let v = budget.double("hourly_usd", issues: &issues) { self.budget.hourlyUSD = v }
            if let v = budget.double("daily_usd", issues: &issues) { self.budget.dailyUSD = v }
        }
        if let providers = m.mapping("providers", issues: &issues) {
            issues += providers.unknownKeys(allowed: Set(Self.providers.filter { $0 != "bedrock" }), context: "providers")
            for name in providers.keys where Self.providers.contains(name) {
                guard let p = providers.mapping(name, issues: &issues) else { continue }
                issues += p.unknownKeys(allowed: ["api_key", "model", "model_id", "base_url"], context: "providers.\(name)")
                var s = providerSettings[name] ?? LLMProviderSettings()
                if let v = p.string("api_key", issues: &issues) { s.apiKey = v }
                if let v = p.string("model", issues: &issues) ?? p.string("model_id", issues: &issues) { s.modelId = v }
                if let v = p.string("base_url", issues: &issues) { s.baseURL = v }
                providerSettings[name] = s
            }
        }
        if let bedrock = m.mapping("bedrock", issues: &issues), let fallback = bedrock.mapping("fallback", issues: &issues) {
            issues += fallback.unknownKeys(allowed: ["enabled", "providers"], context: "bedrock.fallback")
            if let b = fallback.bool("enabled", issues: &issues) { fallbackEnabled = b }
            if let list = fallback.stringList("providers", issues: &issues) { fallbackProviders = list }
        }
    }

    /// Applies environment variables.
    mutating func apply(environment env: [String: String]) throws(UsageError) {
        func value(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        func usd(_ k: String) throws(UsageError) -> Double? {
            guard let raw = value(k) else { return nil }
            guard let v = Double(raw), v >= 0 else { throw UsageError("\(k)=\(raw) is not an amount in USD") }
            return v
        }
        func flag(_ k: String) throws(UsageError) -> Bool? {
            guard let raw = value(k)?.lowercased() else { return nil }
            if ["1", "true", "yes", "on"].contains(raw) { return true }
            if ["0", "false", "no", "off"].contains(raw) { return false }
            throw UsageError("\(k)=\(raw) must be 1 or 0")
        }
        if let v = try usd("RULES_MAKER_BUDGET_HOURLY_USD") { budget.hourlyUSD = v }
        if let v = try usd("RULES_MAKER_BUDGET_DAILY_USD") { budget.dailyUSD = v }
        if let b = try flag("FALLBACK_ENABLED") { fallbackEnabled = b }
        if let list = value("FALLBACK_PROVIDERS") { fallbackProviders = Self.splitList(list) }
        if let b = try flag("RULES_MAKER_LOG_JSON") { logJSON = b }
        if let b = try flag("RULES_MAKER_REDACT_PROMPTS") { redactPrompts = b }
        if let raw = value("RULES_MAKER_ON_LLM_FAILURE") {
            guard let p = LLMFailurePolicy(rawValue: raw) else { throw UsageError("RULES_MAKER_ON_LLM_FAILURE=\(raw) must be heuristic, skip or fail") }
            onFailure = p
        }
        let vars: [(String, String, WritableKeyPath<LLMProviderSettings, String?>)] = [
            ("openai", "OPENAI_API_KEY", \.apiKey), ("openai", "OPENAI_BASE_URL", \.baseURL), ("openai", "OPENAI_MODEL", \.modelId),
            ("anthropic", "ANTHROPIC_API_KEY", \.apiKey), ("anthropic", "ANTHROPIC_BASE_URL", \.baseURL), ("anthropic", "ANTHROPIC_MODEL", \.modelId),
            ("local", "LOCAL_LLM_BASE_URL", \.baseURL), ("local", "LOCAL_LLM_MODEL", \.modelId), ("local", "LOCAL_LLM_API_KEY", \.apiKey),
        ]
        for (provider, variable, path) in vars {
            guard let v = value(variable) else { continue }
            var s = providerSettings[provider] ?? LLMProviderSettings()
            s[keyPath: path] = v
            providerSettings[provider] = s
        }
    }

    static func splitList(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// Checks provider names and URLs.
    func validate(primary: String) throws(UsageError) {
        var problems: [String] = []
        for p in fallbackProviders ?? [] where !Self.providers.contains(p) {
            problems.append("unknown fallback provider '\(p)' (available: \(Self.providers.joined(separator: ", ")))")
        }
        for (name, s) in providerSettings.sorted(by: { $0.key < $1.key }) {
            if let url = s.baseURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                problems.append("providers.\(name).base_url must be an http or https URL (got \(url))")
            }
        }
        for (window, v) in [("hourly", budget.hourlyUSD), ("daily", budget.dailyUSD)] {
            if let v, v < 0 || !v.isFinite { problems.append("budget.\(window)_usd must be 0 or more (got \(v))") }
        }
        if !problems.isEmpty { throw UsageError(problems) }
    }

    /// The provider chain: the first provider, then (when fallback is enabled) the fallback providers
    /// in order, without repeats.
    func chain(primary: String) -> [String] {
        var out = [primary]
        guard fallbackEnabled else { return out }
        for p in fallbackProviders ?? ["openai", "anthropic"] where !out.contains(p) { out.append(p) }
        return out
    }
}
