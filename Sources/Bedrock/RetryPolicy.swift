import Fetch
import Foundation
import Logging

/// Exponential backoff with full jitter.
///
/// `maxAttempts` counts **all** attempts, the first included: the default 3 means one call and at
/// most two retries. An immediate retry with an inference profile is not an attempt.
public struct RetryPolicy: Sendable, Equatable, Codable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Upper bound on a server-requested `Retry-After`.
    public var maxRetryAfter: Duration

    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(2),
                maxRetryAfter: Duration = .seconds(60)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    public static let `default` = RetryPolicy()

    /// Codes that are retried.
    public static let retryableCodes: Set<String> = [
        "ThrottlingException", "TooManyRequestsException", "ServiceUnavailableException", "InternalServerException",
        "ModelNotReadyException", "Throttling", "ThrottledException", "RequestTimeout", "RequestTimeoutException",
        "InternalFailure", "ServiceUnavailable", "ModelTimeoutException",
    ]
    /// Codes that are never retried, whatever the status.
    public static let neverRetriedCodes: Set<String> = [
        "ValidationException", "AccessDeniedException", "ResourceNotFoundException", "UnrecognizedClientException",
        "InvalidSignatureException", "IncompleteSignatureException", "ExpiredTokenException", "InvalidClientTokenId",
        "ModelErrorException", "ServiceQuotaExceededException",
    ]
    public static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    /// Whether `error` is worth another attempt.
    public static func isRetryable(_ error: BedrockError) -> Bool {
        switch error {
        case .service(let e):
            if neverRetriedCodes.contains(e.code) { return false }
            return retryableCodes.contains(e.code) || retryableStatuses.contains(e.status)
        case .transport(let e, _, _):
            return e.isTransient
        default:
            return false
        }
    }

    /// The exponential ceiling before the `retry`-th retry (1-based): `min(maxDelay, base · 2^(retry-1))`.
    public func backoffCeiling(retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ms = Double(baseDelay.milliseconds) * pow(2, Double(exponent))
        return .milliseconds(Int64(min(ms, Double(maxDelay.milliseconds))))
    }

    /// The delay before the `retry`-th retry: the server's `Retry-After` when given (bounded by
    /// `maxRetryAfter`), else full jitter over the exponential ceiling.
    public func delay(retry: Int, retryAfter: Duration?, jitter: any JitterSource) -> Duration {
        if let retryAfter { return min(retryAfter, maxRetryAfter) }
        let ceiling = backoffCeiling(retry: retry)
        return .milliseconds(Int64((Double(ceiling.milliseconds) * jitter.unitFraction()).rounded()))
    }

    enum CodingKeys: String, CodingKey { case maxAttempts = "max_attempts", baseDelay = "base_ms", maxDelay = "max_ms", maxRetryAfter = "max_retry_after_ms" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? 3
        baseDelay = .milliseconds(try c.decodeIfPresent(Int64.self, forKey: .baseDelay) ?? 250)
        maxDelay = .milliseconds(try c.decodeIfPresent(Int64.self, forKey: .maxDelay) ?? 2000)
        maxRetryAfter = .milliseconds(try c.decodeIfPresent(Int64.self, forKey: .maxRetryAfter) ?? 60_000)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(maxAttempts, forKey: .maxAttempts)
        try c.encode(baseDelay.milliseconds, forKey: .baseDelay)
        try c.encode(maxDelay.milliseconds, forKey: .maxDelay)
        try c.encode(maxRetryAfter.milliseconds, forKey: .maxRetryAfter)
    }
}

extension Duration {
    /// Whole milliseconds.
    public var milliseconds: Int64 {
        let (s, atto) = components
        return s * 1000 + atto / 1_000_000_000_000_000
    }
}

/// Waits between attempts; tests inject one that records instead of sleeping.
public protocol Sleeper: Sendable {
    func sleep(for duration: Duration) async throws
}

/// Sleeps with `Task.sleep`.
public struct TaskSleeper: Sleeper {
    public init() {}
    public func sleep(for duration: Duration) async throws {
        if duration > .zero { try await Task.sleep(for: duration) }
    }
}

/// A number in [0, 1] for full jitter; tests inject a fixed one.
public protocol JitterSource: Sendable {
    func unitFraction() -> Double
}

/// Uniform random jitter.
public struct RandomJitter: JitterSource {
    public init() {}
    public func unitFraction() -> Double { Double.random(in: 0...1) }
}

/// A constant fraction (tests).
public struct FixedJitter: JitterSource {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public func unitFraction() -> Double { value }
}

/// Runs an operation with `RetryPolicy`: used for control-plane and STS calls (Converse has its own
/// loop in `BedrockClient` because profile retries interleave with attempts).
public struct RetryManager: Sendable {
    public var policy: RetryPolicy
    public var sleeper: any Sleeper
    public var jitter: any JitterSource
    public var statistics: BedrockStatistics?
    public var logger: Logger
    /// The name of the warning logged for each retry (`bedrock_retry`; other providers name themselves).
    public var event = "bedrock_retry"

    public init(policy: RetryPolicy, sleeper: any Sleeper = TaskSleeper(), jitter: any JitterSource = RandomJitter(),
                statistics: BedrockStatistics? = nil, logger: Logger = Logger(label: "rules-maker.bedrock")) {
        self.policy = policy
        self.sleeper = sleeper
        self.jitter = jitter
        self.statistics = statistics
        self.logger = logger
    }

    /// The same manager, logging its retries as `event` ("llm_retry provider=openai").
    public func named(_ event: String) -> RetryManager {
        var copy = self
        copy.event = event
        return copy
    }

    public func run<T: Sendable>(_ operation: @Sendable () async throws(BedrockError) -> T) async throws(BedrockError) -> T {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch {
                guard RetryPolicy.isRetryable(error), attempt < policy.maxAttempts else {
                    statistics?.recordError(error)
                    throw error
                }
                let delay = policy.delay(retry: attempt, retryAfter: error.retryAfter, jitter: jitter)
                statistics?.recordRetry(error: error, delay: delay)
                logRetry(logger, event: event, attempt: attempt, delay: delay, error: error)
                do { try await sleeper.sleep(for: delay) } catch { throw .transport(.shutDown, modelId: nil, region: nil) }
                attempt += 1
            }
        }
    }
}

func logRetry(_ logger: Logger, event: String = "bedrock_retry", attempt: Int, delay: Duration, error: BedrockError) {
    logger.warning("\(event) attempt=\(attempt) delay_ms=\(delay.milliseconds) code=\(error.codeForLog) status=\(error.statusForLog)")
}

extension BedrockError {
    var retryAfter: Duration? {
        if case .service(let e) = self { return e.retryAfter }
        return nil
    }

    var isThrottling: Bool {
        if case .service(let e) = self { return e.isThrottling }
        return false
    }

    var codeForLog: String {
        switch self {
        case .service(let e): return e.code.isEmpty ? "HTTP\(e.status)" : e.code
        case .transport(let e, _, _):
            switch e {
            case .timedOut: return "Timeout"
            case .cannotConnect: return "ConnectionError"
            default: return "TransportError"
            }
        default: return "Error"
        }
    }

    var statusForLog: Int {
        if case .service(let e) = self { return e.status }
        return 0
    }
}
