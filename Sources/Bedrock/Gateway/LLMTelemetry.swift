import Foundation
import Synchronization

/// Structured LLM events (`llm_request_start`, `llm_request_end`, `llm_attempt_error`, `llm_cache_hit`,
/// `llm_cache_store`, `llm_budget_block`) written as one JSON object per line.
///
/// Prompts are redacted to `sha256` + length unless `redactPrompts` is false.
public final class LLMTelemetry: Sendable {
    public let redactPrompts: Bool
    private let sink: (@Sendable (String) -> Void)?
    private let now: @Sendable () -> Date
    private let lock = Mutex(())

    /// - Parameter sink: receives each line (without newline); nil disables telemetry.
    public init(sink: (@Sendable (String) -> Void)?, redactPrompts: Bool = true, now: @escaping @Sendable () -> Date = { Date() }) {
        self.sink = sink
        self.redactPrompts = redactPrompts
        self.now = now
    }

    /// No events.
    public static let disabled = LLMTelemetry(sink: nil)

    /// JSON lines on standard error.
    public static func standardError(redactPrompts: Bool) -> LLMTelemetry {
        LLMTelemetry(sink: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }, redactPrompts: redactPrompts)
    }

    public var isEnabled: Bool { sink != nil }

    /// The prompt fields of an event: hashes and lengths, plus the text when not redacted.
    public func promptFields(_ request: LLMRequest) -> [String: Any] {
        var f: [String: Any] = [
            "prompt_sha256": ContentHash.sha256Hex(request.prompt), "prompt_length": request.prompt.utf8.count,
            "system_sha256": ContentHash.sha256Hex(request.system ?? ""), "system_length": (request.system ?? "").utf8.count,
        ]
        if !redactPrompts {
            f["prompt"] = request.prompt
            f["system"] = request.system ?? ""
        }
        return f
    }

    public func emit(_ event: String, _ fields: [String: Any]) {
        guard let sink else { return }
        var object = fields
        object["event"] = event
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        object["ts"] = formatter.string(from: now())
        guard JSONSerialization.isValidJSONObject(object),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        let line = String(decoding: data, as: UTF8.self)
        lock.withLock { _ in sink(line) }
    }
}

extension TokenUsage {
    var telemetry: [String: Any] { ["input_tokens": inputTokens, "output_tokens": outputTokens, "total_tokens": totalTokens] }
}
