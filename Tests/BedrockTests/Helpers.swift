import Bedrock
import Fetch
import Foundation
import Logging
import RulesMakerTestSupport
import Synchronization

let testAccessKey = "AKIDEXAMPLE"
let testSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
let testCredentials = AWSCredentials(accessKeyId: testAccessKey, secretAccessKey: testSecret)

/// Records requested delays instead of sleeping.
final class RecordingSleeper: Sleeper {
    private let log = Mutex<[Duration]>([])
    var delays: [Duration] { log.withLock { $0 } }
    func sleep(for duration: Duration) async throws { log.withLock { $0.append(duration) } }
}

/// Sleeps with the real `TaskSleeper` and records each requested delay with the time it took.
final class TimedSleeper: Sleeper {
    private let log = Mutex<[(Duration, Duration)]>([])
    var sleeps: [(requested: Duration, slept: Duration)] { log.withLock { $0.map { (requested: $0.0, slept: $0.1) } } }
    func sleep(for duration: Duration) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        try await TaskSleeper().sleep(for: duration)
        let slept = clock.now - start
        log.withLock { $0.append((duration, slept)) }
    }
}

/// Captures log lines (level + message + metadata) for assertions.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var text: String { all.joined(separator: "\n") }

    var logger: Logger {
        var l = Logger(label: "test") { _ in Handler(capture: self) }
        l.logLevel = .trace
        return l
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.lines.withLock { $0.append("\(event.level) \(event.message)") }
        }
    }
}

/// A temporary directory removed by the caller.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "rm-bedrock-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A client pointed at a loopback server, with recording sleeper, fixed jitter, small delays.
func makeClient(_ server: LoopbackBedrockServer, http: HTTPClient, model: String = "anthropic.claude-3-haiku-20240307-v1:0",
                regions: [String] = ["us-east-1"], cacheDirectory: String? = nil, retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(40)),
                authentication: BedrockAuthentication = .sigV4(testCredentials), concurrency: Int = 4,
                timeout: Duration = .seconds(10), sleeper: any Sleeper = RecordingSleeper(), jitter: any JitterSource = FixedJitter(1),
                logger: Logger = Logger(label: "test"), now: @escaping @Sendable () -> Date = { Date() },
                statistics: BedrockStatistics = BedrockStatistics(), useBundledSnapshot: Bool = false) -> BedrockClient {
    let config = BedrockConfiguration(modelId: model, regions: regions,
                                      endpoints: BedrockEndpoints(runtimeOverride: server.baseURL, controlOverride: server.baseURL,
                                                                  stsOverride: server.baseURL),
                                      timeout: timeout, concurrency: concurrency, retry: retry)
    let transport = BedrockTransport(http: http, authentication: authentication, timeout: timeout, now: now)
    let control = BedrockControlPlane(transport: transport, endpoints: config.endpoints,
                                      retry: RetryManager(policy: retry, sleeper: sleeper, jitter: jitter, logger: logger))
    let catalog = InferenceProfileCatalog(directory: cacheDirectory.map { $0 + "/profiles" }, fetcher: control.fetcher,
                                          useBundledSnapshot: useBundledSnapshot, logger: logger)
    return BedrockClient(configuration: config, authentication: authentication, http: http, cacheDirectory: cacheDirectory,
                         catalog: catalog, statistics: statistics, sleeper: sleeper, jitter: jitter, now: now, logger: logger)
}
