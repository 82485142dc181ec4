import Fetch
import Foundation
import Logging

extension BedrockConfiguration {
    /// The credential resolver for these settings. `AWS_PROFILE` is read by the resolver itself at
    /// its place in the chain; only a `--profile` flag or a config-file profile is explicit.
    public func credentialResolver(environment: [String: String], homeDirectory: String) -> CredentialResolver {
        let explicitProfile = [SettingSource.flag, .file].contains(sources["profile"] ?? .default) ? profile : nil
        return CredentialResolver(environment: environment, homeDirectory: homeDirectory, profile: explicitProfile,
                                  credentialsCSV: credentialsCSV)
    }
}

extension BedrockClient {
    /// Resolves credentials and builds a client: what the CLI and the LLM extractor call.
    ///
    /// - Parameter cacheDirectory: the run's cache dir (`~/.cache/rules-maker`); state goes to `<cacheDirectory>/bedrock/`.
    public static func make(configuration: BedrockConfiguration, environment: [String: String], homeDirectory: String,
                            cacheDirectory: String?, http: HTTPClient, statistics: BedrockStatistics = BedrockStatistics(),
                            logger: Logger = Logger(label: "rules-maker.bedrock")) throws(BedrockError) -> BedrockClient {
        let credentials = try configuration.credentialResolver(environment: environment, homeDirectory: homeDirectory).resolve()
        return BedrockClient(configuration: configuration, authentication: credentials.authentication, http: http,
                             cacheDirectory: cacheDirectory.map { $0 + "/bedrock" }, statistics: statistics, logger: logger)
    }
}

/// What `rules-maker bedrock validate` found.
public struct BedrockValidationReport: Sendable {
    public var configuration: BedrockConfiguration
    public var credentialsSource: String?
    public var authentication: String?
    public var endpoint: String
    public var modelId: String
    public var response: LLMResponse?
    public var callerIdentity: CallerIdentity?
    public var callerIdentityError: String?
    public var error: BedrockError?

    public var succeeded: Bool { response != nil && error == nil }

    /// Human-readable lines (no secrets).
    public func lines(showConfig: Bool) -> [String] {
        var out: [String] = []
        if showConfig {
            out.append("Effective configuration:")
            for row in configuration.settingsTable {
                out.append("  \(row.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(row.value)  [\(row.source.rawValue)]")
            }
        }
        out.append("endpoint:        \(endpoint)")
        out.append("model:           \(modelId)")
        if let authentication { out.append("credentials:     \(authentication) (from \(credentialsSource ?? "?"))") }
        if let identity = callerIdentity { out.append("caller identity: \(identity.arn) (account \(identity.account))") }
        if let callerIdentityError { out.append("caller identity: unavailable (\(callerIdentityError))") }
        if let r = response {
            out.append("region:          \(r.region ?? "-")")
            out.append("access method:   \(r.accessMethod.rawValue)")
            out.append("inference profile used: \(r.inferenceProfileUsed ? "yes (\(r.inferenceProfileId ?? "?"))" : "no")")
            out.append("tokens:          input \(r.usage.inputTokens), output \(r.usage.outputTokens), total \(r.usage.totalTokens)")
            out.append("estimated cost:  $\(String(format: "%.6f", r.estimatedCostUSD))")
            if let latency = r.latencyMs { out.append("latency:         \(latency) ms") }
            out.append("OK: Bedrock answered")
        }
        if let error {
            out.append("FAILED: \(error)")
            if let code = error.awsCode, !code.isEmpty { out.append("AWS error code: \(code)") }
            if let hint = error.hint { out.append("hint: \(hint)") }
        }
        return out
    }
}

/// Checks that Bedrock works with the resolved settings: credentials, one tiny Converse call, and
/// for SigV4 credentials the caller identity from STS.
public struct BedrockValidator: Sendable {
    public var configuration: BedrockConfiguration
    public var environment: [String: String]
    public var homeDirectory: String
    public var cacheDirectory: String?
    public var http: HTTPClient
    public var logger: Logger

    public init(configuration: BedrockConfiguration, environment: [String: String], homeDirectory: String,
                cacheDirectory: String?, http: HTTPClient, logger: Logger = Logger(label: "rules-maker.bedrock")) {
        self.configuration = configuration
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.cacheDirectory = cacheDirectory
        self.http = http
        self.logger = logger
    }

    public func validate(prompt: String = "Reply with the single word OK.") async -> BedrockValidationReport {
        let region = configuration.regions.first ?? BedrockConfiguration.defaultRegion
        var report = BedrockValidationReport(configuration: configuration, endpoint: configuration.endpoints.runtime(region: region),
                                             modelId: configuration.modelId)
        let credentials: ResolvedCredentials
        do { credentials = try configuration.credentialResolver(environment: environment, homeDirectory: homeDirectory).resolve() } catch {
            report.error = error
            return report
        }
        report.credentialsSource = credentials.source
        report.authentication = credentials.authentication.description
        let client = BedrockClient(configuration: configuration, authentication: credentials.authentication, http: http,
                                   cacheDirectory: cacheDirectory.map { $0 + "/bedrock" }, logger: logger)
        if case .sigV4 = credentials.authentication {
            let sts = STSClient(transport: client.transport, endpoints: configuration.endpoints)
            do { report.callerIdentity = try await sts.getCallerIdentity(region: region) } catch {
                report.callerIdentityError = error.description
            }
        }
        do {
            report.response = try await client.converseTyped(LLMRequest(system: "You are a connectivity check.", prompt: prompt,
                                                                         inference: InferenceConfiguration(maxTokens: 16, temperature: 0)))
        } catch {
            report.error = error
        }
        return report
    }
}
