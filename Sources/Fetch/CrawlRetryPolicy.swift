import Foundation

/// When and how long the crawler waits before trying a request again.
///
/// 429, 5xx and connection failures are retried with exponential backoff and full jitter
/// (a random wait between zero and `min(maxDelay, baseDelay × 2^attempt)`); a `Retry-After` header
/// (seconds or an HTTP date) replaces the computed wait. Other 4xx responses are never retried.
public struct CrawlRetryPolicy: Sendable, Hashable, Codable {
    /// Total attempts per request, the first included (1 = no retries).
    public var maxAttempts: Int = 4
    public var baseDelay: Duration = .milliseconds(500)
    public var maxDelay: Duration = .seconds(30)
    /// A `Retry-After` longer than this gives up instead of waiting.
    public var maxRetryAfter: Duration = .seconds(120)

    public init() {}

    public static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) && status != 501 }

    /// The backoff ceiling before attempt `attempt + 1` (attempt counts from 0).
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let factor = 1 << min(attempt, 20)
        let d = baseDelay * factor
        return d > maxDelay ? maxDelay : d
    }

    /// Parses `Retry-After`: delta-seconds or an HTTP date (relative to `now`).
    public static func retryAfter(_ value: String?, now: Date = Date()) -> Duration? {
        guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        if let seconds = Int(v) { return .seconds(max(0, seconds)) }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let date = f.date(from: v) {
                let ms = Int((date.timeIntervalSince(now) * 1000).rounded(.up))
                return .milliseconds(max(0, ms))
            }
        }
        return nil
    }
}

/// Waits between retries and between requests to a host; tests inject one that records instead.
public protocol CrawlSleeper: Sendable {
    func sleep(for duration: Duration) async
}

/// Sleeps with `Task.sleep`.
public struct TaskCrawlSleeper: CrawlSleeper {
    public init() {}
    public func sleep(for duration: Duration) async {
        if duration > .zero { try? await Task.sleep(for: duration) }
    }
}

/// Picks the jittered wait in `0...ceiling`; tests inject a fixed one.
public protocol CrawlJitter: Sendable {
    func wait(upTo ceiling: Duration) -> Duration
}

/// Full jitter: uniformly random in `0...ceiling`.
public struct RandomCrawlJitter: CrawlJitter {
    public init() {}
    public func wait(upTo ceiling: Duration) -> Duration {
        let ms = Int(ceiling.components.seconds) * 1000 + Int(ceiling.components.attoseconds / 1_000_000_000_000_000)
        return .milliseconds(Int.random(in: 0...max(0, ms)))
    }
}
