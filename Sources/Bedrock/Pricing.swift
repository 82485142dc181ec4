/// USD per 1,000 tokens.
public struct ModelPrice: Sendable, Equatable, Codable {
    public var inputPer1K: Double
    public var outputPer1K: Double

    public init(inputPer1K: Double, outputPer1K: Double) {
        self.inputPer1K = inputPer1K
        self.outputPer1K = outputPer1K
    }

    public func cost(_ usage: TokenUsage) -> Double {
        Double(usage.inputTokens) / 1000 * inputPer1K + Double(usage.outputTokens) / 1000 * outputPer1K
    }
}

/// On-demand Bedrock prices (us-east-1 list prices), matched by the **longest key contained in the
/// model id**, so `us.anthropic.claude-3-5-haiku-20241022-v1:0`, `global.…` ids and ARNs resolve.
/// Unknown models cost 0 (reported as such).
public struct PriceTable: Sendable {
    public var entries: [String: ModelPrice]

    public init(entries: [String: ModelPrice]) { self.entries = entries }

    public func price(for modelId: String) -> ModelPrice? {
        let id = modelId.lowercased()
        var best: (key: String, price: ModelPrice)?
        for (key, price) in entries where id.contains(key) {
            if best == nil || key.count > best!.key.count { best = (key, price) }
        }
        return best?.price
    }

    public func cost(modelId: String, usage: TokenUsage) -> Double {
        price(for: modelId)?.cost(usage) ?? 0
    }

    public static let bedrock = PriceTable(entries: [
        // Anthropic Claude
        "claude-instant": .init(inputPer1K: 0.0008, outputPer1K: 0.0024),
        "claude-v2": .init(inputPer1K: 0.008, outputPer1K: 0.024),
        "claude-3-haiku": .init(inputPer1K: 0.00025, outputPer1K: 0.00125),
        "claude-3-sonnet": .init(inputPer1K: 0.003, outputPer1K: 0.015),
        "claude-3-opus": .init(inputPer1K: 0.015, outputPer1K: 0.075),
        "claude-3-5-haiku": .init(inputPer1K: 0.0008, outputPer1K: 0.004),
        "claude-3-5-sonnet": .init(inputPer1K: 0.003, outputPer1K: 0.015),
        "claude-3-7-sonnet": .init(inputPer1K: 0.003, outputPer1K: 0.015),
        "claude-sonnet-4": .init(inputPer1K: 0.003, outputPer1K: 0.015),
        "claude-opus-4": .init(inputPer1K: 0.015, outputPer1K: 0.075),
        "claude-opus-4-5": .init(inputPer1K: 0.005, outputPer1K: 0.025),
        "claude-haiku-4-5": .init(inputPer1K: 0.001, outputPer1K: 0.005),
        // Amazon Nova
        "nova-micro": .init(inputPer1K: 0.000035, outputPer1K: 0.00014),
        "nova-lite": .init(inputPer1K: 0.00006, outputPer1K: 0.00024),
        "nova-pro": .init(inputPer1K: 0.0008, outputPer1K: 0.0032),
        "nova-premier": .init(inputPer1K: 0.0025, outputPer1K: 0.0125),
        // Meta Llama
        "llama3-8b-instruct": .init(inputPer1K: 0.0003, outputPer1K: 0.0006),
        "llama3-70b-instruct": .init(inputPer1K: 0.00265, outputPer1K: 0.0035),
        "llama3-1-8b-instruct": .init(inputPer1K: 0.00022, outputPer1K: 0.00022),
        "llama3-1-70b-instruct": .init(inputPer1K: 0.00072, outputPer1K: 0.00072),
        "llama3-1-405b-instruct": .init(inputPer1K: 0.0024, outputPer1K: 0.0024),
        "llama3-2-1b-instruct": .init(inputPer1K: 0.0001, outputPer1K: 0.0001),
        "llama3-2-3b-instruct": .init(inputPer1K: 0.00015, outputPer1K: 0.00015),
        "llama3-2-11b-instruct": .init(inputPer1K: 0.00016, outputPer1K: 0.00016),
        "llama3-2-90b-instruct": .init(inputPer1K: 0.00072, outputPer1K: 0.00072),
        "llama3-3-70b-instruct": .init(inputPer1K: 0.00072, outputPer1K: 0.00072),
        "llama4-scout-17b": .init(inputPer1K: 0.00017, outputPer1K: 0.00066),
        "llama4-maverick-17b": .init(inputPer1K: 0.00024, outputPer1K: 0.00097),
        // Mistral
        "mistral-7b-instruct": .init(inputPer1K: 0.00015, outputPer1K: 0.0002),
        "mixtral-8x7b-instruct": .init(inputPer1K: 0.00045, outputPer1K: 0.0007),
        "mistral-small": .init(inputPer1K: 0.001, outputPer1K: 0.003),
        "mistral-large-2402": .init(inputPer1K: 0.004, outputPer1K: 0.012),
        "mistral-large-2407": .init(inputPer1K: 0.002, outputPer1K: 0.006),
        "pixtral-large": .init(inputPer1K: 0.002, outputPer1K: 0.006),
    ])
}
