/// Settings of one model call (Converse `inferenceConfig`).
public struct InferenceConfiguration: Sendable, Codable, Equatable {
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var stopSequences: [String]?

    public init(maxTokens: Int? = nil, temperature: Double? = nil, topP: Double? = nil, stopSequences: [String]? = nil) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stopSequences = stopSequences
    }

    /// True when nothing is set (the provider's defaults apply).
    public var isEmpty: Bool { maxTokens == nil && temperature == nil && topP == nil && (stopSequences ?? []).isEmpty }
}

/// Token counts of one call or a total.
public struct TokenUsage: Sendable, Codable, Equatable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var totalTokens: Int

    public init(inputTokens: Int = 0, outputTokens: Int = 0, totalTokens: Int? = nil) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalTokens = totalTokens ?? inputTokens + outputTokens
    }

    public static func + (a: TokenUsage, b: TokenUsage) -> TokenUsage {
        TokenUsage(inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens,
                   totalTokens: a.totalTokens + b.totalTokens)
    }

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens", outputTokens = "output_tokens", totalTokens = "total_tokens"
    }
}

/// How a model was reached.
public enum AccessMethod: String, Sendable, Codable, CaseIterable, Comparable {
    /// The foundation-model id itself (on-demand throughput), or a profile id the user gave.
    case direct
    /// A regional cross-region inference profile (`us.`, `eu.`, `apac.`, `jp.`, `au.`, `us-gov.` …).
    case regionalCRIS = "regional_cris"
    /// The global cross-region inference profile (`global.`).
    case globalCRIS = "global_cris"

    /// The fallback order direct → regional CRIS → global CRIS.
    public static func < (a: AccessMethod, b: AccessMethod) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One model call, independent of provider.
public struct LLMRequest: Sendable, Equatable {
    /// Sent as the Converse `system` field, never inlined into the user turn.
    public var system: String?
    public var prompt: String
    /// The model to use; the client's configured model when nil.
    public var modelId: String?
    public var inference: InferenceConfiguration

    public init(system: String? = nil, prompt: String, modelId: String? = nil, inference: InferenceConfiguration = .init()) {
        self.system = system
        self.prompt = prompt
        self.modelId = modelId
        self.inference = inference
    }
}

/// One model answer, with how it was obtained.
public struct LLMResponse: Sendable, Equatable {
    public var text: String
    /// The provider's stop reason (`end_turn`, `max_tokens`, `stop_sequence`, …).
    public var stopReason: String?
    /// True when the answer was cut off by the token limit (`max_tokens`).
    public var truncated: Bool
    public var usage: TokenUsage
    /// `metrics.latencyMs` as reported by the service.
    public var latencyMs: Int?
    public var provider: String
    /// The model id that was asked for (before any profile was substituted).
    public var modelId: String
    public var region: String?
    /// `access_method_used`.
    public var accessMethod: AccessMethod
    /// `inference_profile_used`.
    public var inferenceProfileUsed: Bool
    /// `inference_profile_id`: the profile id actually sent, when one was used.
    public var inferenceProfileId: String?
    /// HTTP attempts that failed and were retried for this answer.
    public var retries: Int
    public var estimatedCostUSD: Double
    /// True when the answer came from the response cache: no call was made and it cost nothing now
    /// (`usage` and `estimatedCostUSD` are those of the original call).
    public var fromCache: Bool

    public init(text: String, stopReason: String?, truncated: Bool, usage: TokenUsage, latencyMs: Int?, provider: String,
                modelId: String, region: String?, accessMethod: AccessMethod, inferenceProfileUsed: Bool,
                inferenceProfileId: String?, retries: Int, estimatedCostUSD: Double, fromCache: Bool = false) {
        self.fromCache = fromCache
        self.text = text
        self.stopReason = stopReason
        self.truncated = truncated
        self.usage = usage
        self.latencyMs = latencyMs
        self.provider = provider
        self.modelId = modelId
        self.region = region
        self.accessMethod = accessMethod
        self.inferenceProfileUsed = inferenceProfileUsed
        self.inferenceProfileId = inferenceProfileId
        self.retries = retries
        self.estimatedCostUSD = estimatedCostUSD
    }
}

/// The seam between extractors and model providers. `BedrockClient` is the first implementation;
/// OpenAI-compatible and Anthropic clients implement the same protocol, and `LLMGateway` (cache,
/// budget, fallback chain, telemetry) wraps a chain of them behind it.
public protocol LLMClient: Sendable {
    /// `bedrock`, `openai`, `anthropic`, `local` (or `gateway` for a chain).
    var provider: String { get }
    /// The model used when a request names none.
    var defaultModelId: String { get }
    func converse(_ request: LLMRequest) async throws -> LLMResponse
}

extension LLMClient {
    /// Convenience form of `converse(_:)`.
    public func converse(system: String?, prompt: String, modelId: String? = nil,
                         inference: InferenceConfiguration = .init()) async throws -> LLMResponse {
        try await converse(LLMRequest(system: system, prompt: prompt, modelId: modelId, inference: inference))
    }
}
