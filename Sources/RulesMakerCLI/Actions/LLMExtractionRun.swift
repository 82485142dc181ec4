import Bedrock
import Extract
import Fetch
import Foundation
import Logging
import RulesMakerCore

/// The LLM side of a compile: what was extracted, called, cached, blocked and spent.
/// `Codable` in the `--json` report's snake_case shape.
public struct LLMRunSummary: Sendable, Codable, Equatable {
    public struct Budget: Sendable, Codable, Equatable {
        public var hourlyCapUSD: Double?
        public var dailyCapUSD: Double?
        public var spentLastHourUSD: Double
        public var spentLastDayUSD: Double
        enum CodingKeys: String, CodingKey {
            case hourlyCapUSD = "hourly_cap_usd", dailyCapUSD = "daily_cap_usd"
            case spentLastHourUSD = "spent_last_hour_usd", spentLastDayUSD = "spent_last_day_usd"
        }
    }
    public struct Consolidation: Sendable, Codable, Equatable {
        public var topics = 0
        public var rulesBefore = 0
        public var rulesAfter = 0
        public var failedTopics = 0
        enum CodingKeys: String, CodingKey { case topics, rulesBefore = "rules_before", rulesAfter = "rules_after", failedTopics = "failed_topics" }
    }

    /// Providers in the order they are tried.
    public var chain: [String]
    public var modelId: String
    public var chunks: LLMExtractionStats
    public var gateway: LLMGatewayCounters
    /// Model calls actually made: tokens, retries, throttle events, cost, access methods, by provider.
    public var usage: UsageReport
    public var budget: Budget
    public var consolidation: Consolidation?
    /// `--rerank`: pages ranked by the model (nil: not asked for).
    public var rerank: LLMRerankStats?

    enum CodingKeys: String, CodingKey { case chain, modelId = "model_id", chunks, gateway, usage, budget, consolidation, rerank }

    /// The summary printed at the end of a compile.
    public var lines: [String] {
        let c = chunks, u = usage
        var out: [String] = []
        var first = "llm: \(chain.joined(separator: " → ")) (\(modelId)): \(c.chunks) chunk(s): \(c.extracted) extracted (\(c.fromCache) from cache), \(c.failed) failed"
        if c.failed > 0 {
            first += " (\(c.heuristicFallbacks) → heuristic, \(c.skipped) skipped)"
        }
        // With the heuristic extractor and --rerank no chunk goes to the model.
        if c.chunks > 0 || rerank == nil { out.append(first) }
        if let r = rerank {
            out.append("llm: reranked \(r.ranked) of \(r.pages) page(s) (\(r.fromCache) from cache): \(r.promoted) of \(r.shown) rule(s) shown ranked first"
                       + (r.condensed + r.condenseRejected > 0 ? ", \(r.condensed) shortened (\(r.condenseRejected) wording(s) refused)" : "")
                       + (r.repairRequests > 0 ? ", \(r.repairRequests) repair request(s)" : "")
                       + (r.failed > 0 ? "; \(r.failed) page(s) kept their own order" : ""))
        }
        var calls = "llm: \(u.requests) model call(s), \(gateway.cacheHits) cache hit(s), \(gateway.budgetBlocked) blocked by budget"
        if gateway.fallbackAnswers > 0 { calls += ", \(gateway.fallbackAnswers) answered by a fallback provider" }
        if c.repairRequests > 0 { calls += ", \(c.repairRequests) repair request(s) (\(c.repaired) repaired)" }
        out.append(calls + "; retries \(u.limits.retries), throttle events \(u.limits.throttleEvents)")
        let methods = u.accessMethods.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let providers = u.byProvider.sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value.requests) call(s) $\(String(format: "%.4f", $0.value.estimatedCostUSD))" }.joined(separator: ", ")
        out.append("llm: tokens \(u.usage.inputTokens) in / \(u.usage.outputTokens) out; estimated cost $\(String(format: "%.4f", u.estimatedCostUSD))"
                   + (methods.isEmpty ? "" : "; access methods: \(methods)") + (providers.isEmpty ? "" : "; by provider: \(providers)"))
        if let k = consolidation {
            out.append("llm: consolidated \(k.topics) topic(s): \(k.rulesBefore) → \(k.rulesAfter) rule(s)" + (k.failedTopics > 0 ? ", \(k.failedTopics) left as they were" : ""))
        }
        return out
    }
}

/// Builds the provider chain, cache, budget and telemetry for a compile with an LLM extractor,
/// and runs extraction and consolidation over the crawled chunks.
final class LLMExtractionRun: Sendable {
    let extractor: LLMExtractor
    let gateway: LLMGateway
    let statistics: BedrockStatistics
    let http: HTTPClient
    let chainNames: [String]
    let settings: LLMSettings
    let consolidation = Locked<LLMRunSummary.Consolidation?>(nil)
    let reranking = Locked<LLMRerankStats?>(nil)

    init(extractor: LLMExtractor, gateway: LLMGateway, statistics: BedrockStatistics, http: HTTPClient, chainNames: [String], settings: LLMSettings) {
        self.extractor = extractor
        self.gateway = gateway
        self.statistics = statistics
        self.http = http
        self.chainNames = chainNames
        self.settings = settings
    }

    /// Resolves everything before any network work; configuration problems are usage errors.
    static func make(settings: CompileSettings, environment: [String: String], diagnostics: DiagnosticLog) throws(UsageError) -> LLMExtractionRun {
        let llm = settings.llm
        try settings.checkModelProviders()
        let primary = settings.modelProvider ?? settings.extractor
        // Which setting asked for the model, for messages about its provider.
        let role = settings.extractor != "heuristic" ? "--extractor" : "--rerank"
        try llm.validate(primary: primary)
        let prompts: LLMPromptTemplates
        do { prompts = try LLMPromptTemplates.loading(overrides: settings.templatesDirectory) } catch { throw UsageError(error.description) }
        let home = environment["HOME"] ?? NSHomeDirectory()

        // Bedrock settings are resolved even when Bedrock is not in the chain: they carry the run's
        // concurrency cap (bedrock.concurrency / BEDROCK_MAX_CONCURRENCY) and retry policy.
        let bedrockConfig: BedrockConfiguration
        do {
            let file = try llm.configFile.flatMap { path throws(BedrockError) in try BedrockFileSection.load(configFile: path) }
            let flags = BedrockFlags(provider: "bedrock", modelId: primary == "bedrock" ? llm.modelId : nil)
            let probe = CredentialResolver(environment: environment, homeDirectory: home, profile: file?.profile)
            bedrockConfig = try BedrockConfiguration.resolve(flags: flags, environment: environment, file: file, awsConfigRegion: probe.profileRegion())
        } catch { throw UsageError(error.description) }

        var httpConfig = HTTPClientConfiguration()
        httpConfig.maxConnectionsPerHost = max(bedrockConfig.concurrency, 4)
        httpConfig.maxConnections = max(bedrockConfig.concurrency * 2, 8)
        httpConfig.requestTimeout = bedrockConfig.timeout
        httpConfig.maxBodyBytes = 16 << 20
        httpConfig.userAgent = settings.userAgent
        let http = HTTPClient(configuration: httpConfig)
        let statistics = BedrockStatistics()
        var logger = Logger(label: "rules-maker.llm")
        logger.logLevel = .warning
        let retry = RetryManager(policy: bedrockConfig.retry, statistics: statistics, logger: logger)

        var clients: [any LLMClient] = []
        var names: [String] = []
        for (index, name) in llm.chain(primary: primary).enumerated() {
            let isPrimary = index == 0
            let explicit = isPrimary || llm.fallbackProviders != nil
            let p = llm.providerSettings[name] ?? LLMProviderSettings()
            let model = (isPrimary && name != "bedrock" ? llm.modelId : nil) ?? p.modelId ?? LLMProviderSettings.defaultModels[name] ?? ""
            let base = p.baseURL ?? LLMProviderSettings.defaultBaseURLs[name] ?? ""
            switch name {
            case "bedrock":
                do {
                    clients.append(try BedrockClient.make(configuration: bedrockConfig, environment: environment, homeDirectory: home,
                                                          cacheDirectory: settings.cacheDirectory, http: http, statistics: statistics, logger: logger))
                } catch {
                    if isPrimary { http.shutdown(); throw UsageError("\(role) bedrock: \(error)") }
                    diagnostics.emit(.warning, stage: "extract", subject: "bedrock", "fallback provider not used: \(error)")
                    continue
                }
            case "openai", "anthropic":
                let variable = name == "openai" ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY"
                guard let key = p.apiKey, !key.isEmpty else {
                    let message = "no API key: set \(variable) or providers.\(name).api_key"
                    if isPrimary { http.shutdown(); throw UsageError("\(role) \(name): \(message)") }
                    if explicit { diagnostics.emit(.warning, stage: "extract", subject: name, "fallback provider not used: \(message)") }
                    continue
                }
                if name == "openai" {
                    clients.append(OpenAICompatibleClient(provider: "openai", modelId: model, baseURL: base, apiKey: key, http: http,
                                                          timeout: bedrockConfig.timeout, retry: retry, statistics: statistics))
                } else {
                    clients.append(AnthropicClient(modelId: model, baseURL: base, apiKey: key, http: http, timeout: bedrockConfig.timeout,
                                                   retry: retry, statistics: statistics))
                }
            case "local":
                if !isPrimary && p.baseURL == nil {
                    if explicit { diagnostics.emit(.warning, stage: "extract", subject: name, "fallback provider not used: set LOCAL_LLM_BASE_URL or providers.local.base_url") }
                    continue
                }
                clients.append(OpenAICompatibleClient(provider: "local", modelId: model, baseURL: base, apiKey: p.apiKey, http: http,
                                                      timeout: bedrockConfig.timeout, retry: retry, statistics: statistics))
            default:
                http.shutdown()
                throw UsageError("unknown extractor '\(name)' (available: heuristic, \(LLMSettings.providers.joined(separator: ", ")))")
            }
            names.append(name)
        }

        let dir = settings.cacheDirectory + "/llm"
        let cache = llm.useCache ? LLMResponseCache(directory: dir + "/responses", limits: llm.cacheLimits) : nil
        let budget = LLMBudget(limits: llm.budget, path: dir + "/budget.json")
        let telemetry = llm.logJSON ? LLMTelemetry.standardError(redactPrompts: llm.redactPrompts) : LLMTelemetry.disabled
        let gateway = LLMGateway(chain: clients, cache: cache, budget: budget, telemetry: telemetry, statistics: statistics,
                                 promptVersion: prompts.version, concurrency: bedrockConfig.concurrency)
        var options = LLMExtractionOptions()
        options.concurrency = bedrockConfig.concurrency
        options.maxPromptTokens = llm.maxPromptTokens
        options.maxOutputTokens = llm.maxOutputTokens
        options.onFailure = llm.onFailure
        let extractor = LLMExtractor(name: primary, client: gateway, prompts: prompts, options: options, fallback: HeuristicExtractor())
        return LLMExtractionRun(extractor: extractor, gateway: gateway, statistics: statistics, http: http, chainNames: names, settings: llm)
    }

    func extract(_ inputs: [LLMChunkInput], diagnostics: DiagnosticLog) async -> [RuleCandidate] {
        await extractor.extract(inputs, diagnostics: diagnostics)
    }

    func consolidate(_ set: RuleSet, diagnostics: DiagnosticLog) async -> RuleSet {
        let consolidator = LLMConsolidator(client: gateway, prompts: extractor.prompts, options: extractor.options)
        let (result, stats) = await consolidator.consolidate(set, diagnostics: diagnostics)
        consolidation.withLock { $0 = LLMRunSummary.Consolidation(topics: stats.topics, rulesBefore: stats.rulesBefore,
                                                                  rulesAfter: stats.rulesAfter, failedTopics: stats.failedTopics) }
        return result
    }

    /// `--rerank`: one model call per page orders its candidates before the budget.
    func rerank(_ candidates: [RuleCandidate], titles: [String: String], diagnostics: DiagnosticLog) async -> [RuleCandidate] {
        var options = LLMRerankOptions()
        options.concurrency = extractor.options.concurrency
        options.failureIsError = settings.onFailure == .fail
        options.maxCandidates = settings.rerankCandidates
        options.maxPromptTokens = settings.maxPromptTokens
        options.maxOutputTokens = settings.maxOutputTokens
        options.condense = settings.rerankCondense
        let reranker = LLMReranker(client: gateway, prompts: extractor.prompts, options: options)
        let (result, stats) = await reranker.rerank(candidates, titles: titles, diagnostics: diagnostics)
        reranking.withLock { sum in
            var total = sum ?? LLMRerankStats()
            total += stats
            sum = total
        }
        return result
    }

    var summary: LLMRunSummary {
        let spend = gateway.budget?.spend ?? (hour: 0, day: 0)
        return LLMRunSummary(chain: chainNames, modelId: gateway.defaultModelId, chunks: extractor.statistics, gateway: gateway.counters,
                             usage: statistics.snapshot,
                             budget: .init(hourlyCapUSD: settings.budget.hourlyUSD, dailyCapUSD: settings.budget.dailyUSD,
                                           spentLastHourUSD: spend.hour, spentLastDayUSD: spend.day),
                             consolidation: consolidation.value, rerank: reranking.value)
    }

    func shutdown() { http.shutdown() }
}
