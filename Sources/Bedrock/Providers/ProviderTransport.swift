import Fetch
import Foundation
import Synchronization

/// Sends a JSON request to a non-AWS model API and maps failures onto `BedrockError`, so the
/// engine's `RetryManager`, counters and hints work the same for every provider.
struct ProviderTransport: Sendable {
    var http: HTTPClient
    var timeout: Duration
    var provider: String

    /// `post` under the retry manager; a final failure is counted. Returns the response and how many
    /// retries it took.
    func postRetrying(url: String, headers: [(name: String, value: String)], body: [UInt8], modelId: String,
                      retry: RetryManager, statistics: BedrockStatistics) async throws -> (HTTPResponse, Int) {
        let counter = RetryCounter()
        let transport = self
        do {
            let response = try await retry.run { () async throws(BedrockError) -> HTTPResponse in
                counter.tick()
                return try await transport.post(url: url, headers: headers, body: body, modelId: modelId)
            }
            return (response, counter.retries)
        } catch {
            statistics.recordFailure()
            throw error
        }
    }

    func post(url: String, headers: [(name: String, value: String)], body: [UInt8], modelId: String) async throws(BedrockError) -> HTTPResponse {
        var all: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Accept", "application/json")]
        all += headers
        let request = HTTPRequest(url: url, method: "POST", headers: all, body: body, timeout: timeout, followRedirects: false)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as HTTPError {
            throw .transport(error, modelId: modelId, region: nil)
        } catch {
            throw .transport(.transport(url: url, code: -1, reason: "\(error)"), modelId: modelId, region: nil)
        }
        guard (200..<300).contains(response.status) else {
            throw .service(Self.serviceError(response, provider: provider, modelId: modelId))
        }
        return response
    }

    /// OpenAI: `{"error": {"message", "type", "code"}}`; Anthropic: `{"type": "error", "error": {"type", "message"}}`.
    static func serviceError(_ response: HTTPResponse, provider: String, modelId: String) -> AWSServiceError {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        var code = (error?["code"] as? String) ?? (error?["type"] as? String) ?? ""
        let message = (error?["message"] as? String) ?? (object?["message"] as? String)
            ?? String(String(decoding: response.body, as: UTF8.self).prefix(300))
        if code.isEmpty {
            switch response.status {
            case 429: code = "rate_limit_exceeded"
            case 401, 403: code = "authentication_error"
            case 500...599: code = "server_error"
            default: code = "HTTP\(response.status)"
            }
        }
        let retryAfter = response.header("retry-after").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            .map { Duration.milliseconds(Int64($0 * 1000)) }
        return AWSServiceError(code: code, status: response.status, message: "\(provider): \(message)",
                               requestId: response.header("x-request-id") ?? response.header("request-id"),
                               modelId: modelId, region: nil, retryAfter: retryAfter)
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    static func trimmed(_ url: String) -> String {
        var u = url
        while u.hasSuffix("/") { u.removeLast() }
        return u
    }
}

/// An OpenAI-compatible Chat Completions client (`POST {base_url}/chat/completions`): OpenAI itself
/// (`openai`) or any compatible server such as Ollama, llama.cpp or vLLM (`local`).
public final class OpenAICompatibleClient: LLMClient {
    public let provider: String
    public let defaultModelId: String
    public let baseURL: String
    let apiKey: String?
    let transport: ProviderTransport
    let retry: RetryManager
    let statistics: BedrockStatistics
    let prices: PriceTable

    /// - Parameters:
    ///   - provider: `openai` or `local`.
    ///   - baseURL: e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`.
    public init(provider: String, modelId: String, baseURL: String, apiKey: String?, http: HTTPClient,
                timeout: Duration = .seconds(60), retry: RetryManager, statistics: BedrockStatistics, prices: PriceTable = .openAI) {
        self.provider = provider
        self.defaultModelId = modelId
        self.baseURL = ProviderTransport.trimmed(baseURL)
        self.apiKey = apiKey
        self.transport = ProviderTransport(http: http, timeout: timeout, provider: provider)
        self.retry = retry.named("llm_retry provider=\(provider)")
        self.statistics = statistics
        self.prices = prices
    }

    struct Message: Codable { var role: String; var content: String? }
    struct RequestBody: Encodable {
        var model: String
        var messages: [Message]
        var maxTokens: Int?
        var temperature: Double?
        var topP: Double?
        var stop: [String]?
        enum CodingKeys: String, CodingKey { case model, messages, maxTokens = "max_tokens", temperature, topP = "top_p", stop }
    }
    struct ResponseBody: Decodable {
        struct Choice: Decodable { var message: Message?; var finishReason: String?
            enum CodingKeys: String, CodingKey { case message, finishReason = "finish_reason" } }
        struct Usage: Decodable { var promptTokens: Int?; var completionTokens: Int?; var totalTokens: Int?
            enum CodingKeys: String, CodingKey { case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", totalTokens = "total_tokens" } }
        var choices: [Choice]?
        var usage: Usage?
    }

    static func requestBody(_ request: LLMRequest, model: String) -> [UInt8] {
        var messages: [Message] = []
        if let system = request.system, !system.isEmpty { messages.append(Message(role: "system", content: system)) }
        messages.append(Message(role: "user", content: request.prompt))
        let i = request.inference
        return ProviderTransport.encode(RequestBody(model: model, messages: messages, maxTokens: i.maxTokens, temperature: i.temperature,
                                                    topP: i.topP, stop: (i.stopSequences ?? []).isEmpty ? nil : i.stopSequences))
    }

    public func converse(_ request: LLMRequest) async throws -> LLMResponse {
        let model = request.modelId ?? defaultModelId
        let url = baseURL + "/chat/completions"
        var headers: [(name: String, value: String)] = []
        if let apiKey, !apiKey.isEmpty { headers.append(("Authorization", "Bearer \(apiKey)")) }
        let body = Self.requestBody(request, model: model)
        let start = ContinuousClock.now
        let (response, retries) = try await transport.postRetrying(url: url, headers: headers, body: body, modelId: model,
                                                                   retry: retry, statistics: statistics)
        guard let decoded = try? JSONDecoder().decode(ResponseBody.self, from: Data(response.body)),
              let choice = decoded.choices?.first else {
            statistics.recordFailure()
            throw BedrockError.malformedResponse(url: url, reason: "not a chat completions answer")
        }
        let usage = TokenUsage(inputTokens: decoded.usage?.promptTokens ?? 0, outputTokens: decoded.usage?.completionTokens ?? 0,
                               totalTokens: decoded.usage?.totalTokens)
        let answer = LLMResponse(text: choice.message?.content ?? "", stopReason: choice.finishReason, truncated: choice.finishReason == "length",
                                 usage: usage, latencyMs: Int((ContinuousClock.now - start).milliseconds), provider: provider,
                                 modelId: model, region: nil, accessMethod: .direct, inferenceProfileUsed: false, inferenceProfileId: nil,
                                 retries: retries, estimatedCostUSD: provider == "local" ? 0 : prices.cost(modelId: model, usage: usage))
        statistics.recordSuccess(answer)
        return answer
    }
}

/// An Anthropic Messages API client (`POST {base_url}/v1/messages`, `x-api-key`, `anthropic-version`).
public final class AnthropicClient: LLMClient {
    public let provider = "anthropic"
    public let defaultModelId: String
    public let baseURL: String
    let apiKey: String?
    let transport: ProviderTransport
    let retry: RetryManager
    let statistics: BedrockStatistics
    let prices: PriceTable
    public static let apiVersion = "2023-06-01"

    /// - Parameter baseURL: `https://api.anthropic.com` (the `/v1/messages` path is appended).
    public init(modelId: String, baseURL: String, apiKey: String?, http: HTTPClient, timeout: Duration = .seconds(60),
                retry: RetryManager, statistics: BedrockStatistics, prices: PriceTable = .bedrock) {
        self.defaultModelId = modelId
        self.baseURL = ProviderTransport.trimmed(baseURL)
        self.apiKey = apiKey
        self.transport = ProviderTransport(http: http, timeout: timeout, provider: "anthropic")
        self.retry = retry.named("llm_retry provider=anthropic")
        self.statistics = statistics
        self.prices = prices
    }

    struct Content: Codable { var type: String; var text: String? }
    struct Message: Codable { var role: String; var content: [Content] }
    struct RequestBody: Encodable {
        var model: String
        var system: String?
        var messages: [Message]
        var maxTokens: Int
        var temperature: Double?
        var topP: Double?
        var stopSequences: [String]?
        enum CodingKeys: String, CodingKey {
            case model, system, messages, maxTokens = "max_tokens", temperature, topP = "top_p", stopSequences = "stop_sequences"
        }
    }
    struct ResponseBody: Decodable {
        struct Usage: Decodable { var inputTokens: Int?; var outputTokens: Int?
            enum CodingKeys: String, CodingKey { case inputTokens = "input_tokens", outputTokens = "output_tokens" } }
        var content: [Content]?
        var stopReason: String?
        var usage: Usage?
        enum CodingKeys: String, CodingKey { case content, stopReason = "stop_reason", usage }
    }

    static func requestBody(_ request: LLMRequest, model: String) -> [UInt8] {
        let i = request.inference
        return ProviderTransport.encode(RequestBody(model: model, system: request.system.flatMap { $0.isEmpty ? nil : $0 },
                                                    messages: [Message(role: "user", content: [Content(type: "text", text: request.prompt)])],
                                                    maxTokens: i.maxTokens ?? 2048, temperature: i.temperature, topP: i.topP,
                                                    stopSequences: (i.stopSequences ?? []).isEmpty ? nil : i.stopSequences))
    }

    public func converse(_ request: LLMRequest) async throws -> LLMResponse {
        let model = request.modelId ?? defaultModelId
        let url = (baseURL.hasSuffix("/v1") ? baseURL : baseURL + "/v1") + "/messages"
        var headers: [(name: String, value: String)] = [("anthropic-version", Self.apiVersion)]
        if let apiKey, !apiKey.isEmpty { headers.append(("x-api-key", apiKey)) }
        let body = Self.requestBody(request, model: model)
        let start = ContinuousClock.now
        let (response, retries) = try await transport.postRetrying(url: url, headers: headers, body: body, modelId: model,
                                                                   retry: retry, statistics: statistics)
        guard let decoded = try? JSONDecoder().decode(ResponseBody.self, from: Data(response.body)), let content = decoded.content else {
            statistics.recordFailure()
            throw BedrockError.malformedResponse(url: url, reason: "not a Messages API answer")
        }
        let usage = TokenUsage(inputTokens: decoded.usage?.inputTokens ?? 0, outputTokens: decoded.usage?.outputTokens ?? 0)
        let answer = LLMResponse(text: content.filter { $0.type == "text" }.compactMap(\.text).joined(), stopReason: decoded.stopReason,
                                 truncated: decoded.stopReason == "max_tokens", usage: usage,
                                 latencyMs: Int((ContinuousClock.now - start).milliseconds), provider: provider, modelId: model,
                                 region: nil, accessMethod: .direct, inferenceProfileUsed: false, inferenceProfileId: nil,
                                 retries: retries, estimatedCostUSD: prices.cost(modelId: model, usage: usage))
        statistics.recordSuccess(answer)
        return answer
    }
}

/// Counts the attempts of one call (the first is not a retry).
final class RetryCounter: Sendable {
    private let attempts = Mutex(0)
    func tick() { attempts.withLock { $0 += 1 } }
    var retries: Int { max(0, attempts.withLock { $0 } - 1) }
}

extension PriceTable {
    /// OpenAI list prices (USD per 1K tokens), matched like Bedrock's by the longest contained key.
    public static let openAI = PriceTable(entries: [
        "gpt-4o-mini": .init(inputPer1K: 0.00015, outputPer1K: 0.0006),
        "gpt-4o": .init(inputPer1K: 0.0025, outputPer1K: 0.01),
        "gpt-4.1-nano": .init(inputPer1K: 0.0001, outputPer1K: 0.0004),
        "gpt-4.1-mini": .init(inputPer1K: 0.0004, outputPer1K: 0.0016),
        "gpt-4.1": .init(inputPer1K: 0.002, outputPer1K: 0.008),
        "gpt-3.5-turbo": .init(inputPer1K: 0.0005, outputPer1K: 0.0015),
    ])
}
