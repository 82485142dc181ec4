import RulesMakerCore

/// Turns chunks into rule candidates. Implementations must be deterministic for the same input
/// and options (LLM extractors achieve this through their response cache).
public protocol Extractor: Sendable {
    /// A short name for reports (`heuristic`, `bedrock`, …).
    var name: String { get }
    func extract(_ chunks: [Chunk], diagnostics: DiagnosticLog) async -> [RuleCandidate]
}
