// The provider-neutral LLM vocabulary (`LLMClient`, `LLMRequest`, `LLMResponse`, `TokenUsage`,
// `AccessMethod`, `InferenceConfiguration`) lives in RulesMakerCore so that extractors can use it
// without depending on this engine; clients of the engine keep seeing it through `import Bedrock`.
@_exported import RulesMakerCore

extension BedrockClient {
    /// The configured model id.
    public var defaultModelId: String { configuration.modelId }
}
