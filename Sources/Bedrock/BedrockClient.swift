import Fetch
import Foundation
import Logging
import Synchronization

/// The Bedrock Runtime Converse client: signing, retries with backoff, inference-profile fallback
/// and learning, multi-region failover, a concurrency cap and usage accounting.
///
/// One instance serves a whole run; share it between tasks.
public final class BedrockClient: LLMClient {
    public let provider = "bedrock"
    public let configuration: BedrockConfiguration
    public let statistics: BedrockStatistics
    public let catalog: InferenceProfileCatalog
    public let preferences: AccessPreferenceStore
    public let prices: PriceTable
    let transport: BedrockTransport
    let sleeper: any Sleeper
    let jitter: any JitterSource
    let logger: Logger
    let limiter: ConcurrencyLimiter
    private let modelsNeedingProfiles = Mutex<Set<String>>([])

    /// - Parameters:
    ///   - cacheDirectory: `<cache-dir>/bedrock`; learned preferences and profile catalogs live there.
    ///     nil keeps both in memory.
    ///   - catalog: replaces the default catalog (live `ListInferenceProfiles` + disk cache + snapshot).
    public init(configuration: BedrockConfiguration, authentication: BedrockAuthentication, http: HTTPClient,
                cacheDirectory: String?, catalog: InferenceProfileCatalog? = nil, preferences: AccessPreferenceStore? = nil,
                statistics: BedrockStatistics = BedrockStatistics(), prices: PriceTable = .bedrock,
                sleeper: any Sleeper = TaskSleeper(), jitter: any JitterSource = RandomJitter(),
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "rules-maker.bedrock")) {
        self.configuration = configuration
        self.statistics = statistics
        self.prices = prices
        self.sleeper = sleeper
        self.jitter = jitter
        self.logger = logger
        self.transport = BedrockTransport(http: http, authentication: authentication, timeout: configuration.timeout, now: now)
        self.limiter = ConcurrencyLimiter(limit: configuration.concurrency)
        self.preferences = preferences ?? AccessPreferenceStore(path: cacheDirectory.map { "\($0)/access-preferences.json" }, logger: logger)
        if let catalog {
            self.catalog = catalog
        } else {
            let control = BedrockControlPlane(transport: transport, endpoints: configuration.endpoints,
                                              retry: RetryManager(policy: configuration.retry, sleeper: sleeper, jitter: jitter,
                                                                  statistics: statistics, logger: logger))
            self.catalog = InferenceProfileCatalog(directory: cacheDirectory.map { "\($0)/profiles" }, fetcher: control.fetcher,
                                                   now: now, logger: logger)
        }
    }

    /// Calls Converse, trying each configured region in turn.
    public func converse(_ request: LLMRequest) async throws -> LLMResponse {
        try await converseTyped(request)
    }

    /// `converse(_:)` with its typed error.
    public func converseTyped(_ request: LLMRequest) async throws(BedrockError) -> LLMResponse {
        let model = request.modelId ?? configuration.modelId
        let regions = configuration.regions.isEmpty ? ["us-east-1"] : configuration.regions
        await limiter.acquire()
        let result: Result<LLMResponse, BedrockError>
        do { result = .success(try await converseAcrossRegions(request, model: model, regions: regions)) } catch {
            result = .failure(error)
        }
        await limiter.release()
        return try result.get()
    }

    private func converseAcrossRegions(_ request: LLMRequest, model: String, regions: [String]) async throws(BedrockError) -> LLMResponse {
        var failures: [String] = []
        var lastError: BedrockError?
        for (i, region) in regions.enumerated() {
            do {
                let response = try await converse(request, model: model, region: region)
                statistics.recordSuccess(response)
                return response
            } catch {
                lastError = error
                failures.append("\(region): \(error)")
                guard i + 1 < regions.count, Self.failsOver(error) else { break }
                logger.warning("bedrock_failover model=\(model) from=\(region) to=\(regions[i + 1]) code=\(error.codeForLog)")
            }
        }
        statistics.recordFailure()
        if failures.count > 1 { throw .allRegionsFailed(modelId: model, errors: failures) }
        throw lastError!
    }

    /// Errors after which another region may still work.
    static func failsOver(_ error: BedrockError) -> Bool {
        switch error {
        case .service(let e):
            return RetryPolicy.isRetryable(error) || ["AccessDeniedException", "ResourceNotFoundException"].contains(e.code)
        case .transport, .inferenceProfileRequired: return true
        default: return false
        }
    }

    /// One region: access methods in planned order, profile switches immediate, retries with backoff.
    func converse(_ request: LLMRequest, model: String, region: String) async throws(BedrockError) -> LLMResponse {
        let givenProfile = InferenceProfileSelection.isProfileIdentifier(model)
        let learned = givenProfile ? nil : preferences.preference(modelId: model, region: region)
        let plan = givenProfile ? [AccessMethod.direct] : AccessPlanner.order(learned: learned, configured: configuration.accessMethod)
        var attempt = 1
        var retries = 0
        var index = 0
        var profileRequired = false
        while index < plan.count {
            let method = plan[index]
            let targetId: String
            if method == .direct {
                targetId = model
            } else if learned?.method == method, let id = learned?.inferenceProfileId {
                targetId = id
            } else if let profile = await catalog.profile(for: model, region: region, method: method) {
                targetId = profile.id
            } else {
                logger.info("bedrock_profile_unavailable model=\(model) region=\(region) access_method=\(method.rawValue)")
                index += 1
                continue
            }
            if method != .direct {
                logger.info("bedrock_profile_selected model=\(model) region=\(region) access_method=\(method.rawValue) inference_profile_id=\(targetId)")
            }
            do {
                var response = try await send(request, targetId: targetId, region: region)
                let profileUsed = method != .direct || givenProfile
                response.modelId = model
                response.accessMethod = givenProfile ? Self.methodOfProfile(model) : method
                response.inferenceProfileUsed = profileUsed
                response.inferenceProfileId = profileUsed ? targetId : nil
                response.retries = retries
                response.estimatedCostUSD = prices.cost(modelId: model, usage: response.usage)
                if profileRequired {
                    logger.info("bedrock_profile_retry_succeeded model=\(model) region=\(region) inference_profile_id=\(targetId)")
                }
                if !givenProfile, profileRequired || learned?.method != method {
                    preferences.record(modelId: model, region: region, method: method,
                                       inferenceProfileId: method == .direct ? nil : targetId, learnedFromError: profileRequired)
                }
                return response
            } catch {
                if case .service(let e) = error, InferenceProfileDetector.isProfileRequired(e) {
                    logger.warning("bedrock_profile_required model=\(model) region=\(region) tried=\(targetId) access_method=\(method.rawValue)")
                    profileRequired = true
                    modelsNeedingProfiles.withLock { _ = $0.insert(model) }
                    statistics.recordProfileRetry()
                    index += 1
                    continue
                }
                guard RetryPolicy.isRetryable(error), attempt < configuration.retry.maxAttempts else {
                    statistics.recordError(error)
                    throw error
                }
                let delay = configuration.retry.delay(retry: attempt, retryAfter: error.retryAfter, jitter: jitter)
                statistics.recordRetry(error: error, delay: delay)
                logRetry(logger, attempt: attempt, delay: delay, error: error)
                do { try await sleeper.sleep(for: delay) } catch { throw .transport(.shutDown, modelId: model, region: region) }
                attempt += 1
                retries += 1
            }
        }
        let needing = modelsNeedingProfiles.withLock { $0.sorted() }
        if profileRequired || plan.first != .direct {
            throw .inferenceProfileRequired(modelId: model, region: region, modelsNeedingProfiles: needing.isEmpty ? [model] : needing)
        }
        throw .inferenceProfileRequired(modelId: model, region: region, modelsNeedingProfiles: [model])
    }

    static func methodOfProfile(_ id: String) -> AccessMethod {
        let tail = id.split(separator: "/").last.map(String.init) ?? id
        return tail.hasPrefix("global.") ? .globalCRIS : .regionalCRIS
    }

    /// Models that needed a profile during this run.
    public var modelsThatNeededProfiles: [String] { modelsNeedingProfiles.withLock { $0.sorted() } }

    // MARK: - Wire format

    struct Text: Codable { var text: String? }
    struct Message: Codable { var role: String; var content: [Text] }
    struct RequestBody: Encodable {
        var messages: [Message]
        var system: [Text]?
        var inferenceConfig: InferenceConfiguration?
    }
    struct ResponseBody: Decodable {
        struct Output: Decodable { var message: Message? }
        struct Usage: Decodable { var inputTokens: Int?; var outputTokens: Int?; var totalTokens: Int? }
        struct Metrics: Decodable { var latencyMs: Int? }
        var output: Output?
        var stopReason: String?
        var usage: Usage?
        var metrics: Metrics?
    }

    /// The Converse body: `system` as its own field, never inlined in the user turn.
    static func requestBody(_ request: LLMRequest) -> [UInt8] {
        let body = RequestBody(messages: [Message(role: "user", content: [Text(text: request.prompt)])],
                               system: request.system.flatMap { $0.isEmpty ? nil : [Text(text: $0)] },
                               inferenceConfig: request.inference.isEmpty ? nil : request.inference)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(body)) ?? Data("{}".utf8))
    }

    func send(_ request: LLMRequest, targetId: String, region: String) async throws(BedrockError) -> LLMResponse {
        let base = configuration.endpoints.runtime(region: region)
        let path = "/model/" + BedrockTransport.encodeLabel(targetId) + "/converse"
        let response = try await transport.send(method: "POST", baseURL: base, encodedPath: path,
                                                body: Self.requestBody(request), contentType: "application/json",
                                                region: region, service: "bedrock", modelId: targetId)
        return try Self.parseResponse(response.body, url: base + path, region: region, modelId: targetId)
    }

    static func parseResponse(_ body: [UInt8], url: String, region: String, modelId: String) throws(BedrockError) -> LLMResponse {
        let decoded: ResponseBody
        do { decoded = try JSONDecoder().decode(ResponseBody.self, from: Data(body)) } catch {
            throw .malformedResponse(url: url, reason: "not JSON or not a Converse answer")
        }
        guard let message = decoded.output?.message else {
            throw .malformedResponse(url: url, reason: "no output.message")
        }
        let text = message.content.compactMap(\.text).joined()
        let usage = TokenUsage(inputTokens: decoded.usage?.inputTokens ?? 0, outputTokens: decoded.usage?.outputTokens ?? 0,
                               totalTokens: decoded.usage?.totalTokens)
        return LLMResponse(text: text, stopReason: decoded.stopReason, truncated: decoded.stopReason == "max_tokens",
                           usage: usage, latencyMs: decoded.metrics?.latencyMs, provider: "bedrock", modelId: modelId,
                           region: region, accessMethod: .direct, inferenceProfileUsed: false, inferenceProfileId: nil,
                           retries: 0, estimatedCostUSD: 0)
    }
}

/// A counting semaphore for async code.
actor ConcurrencyLimiter {
    private let limit: Int
    private var inUse = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        if inUse < limit { inUse += 1; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { inUse -= 1 } else { waiters.removeFirst().resume() }
    }
}
