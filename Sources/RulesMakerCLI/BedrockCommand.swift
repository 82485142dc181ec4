import ArgumentParser
import Bedrock
import Fetch
import Foundation

/// `rules-maker bedrock …`: check the Bedrock set-up and inspect inference profiles.
public struct BedrockCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bedrock",
        abstract: "Check the Amazon Bedrock set-up and list inference profiles.",
        subcommands: [Validate.self, Profiles.self])

    public init() {}

    /// Options shared by the Bedrock subcommands.
    public struct Options: ParsableArguments {
        @Option(help: "LLM provider (only 'bedrock' here).") var provider: String?
        @Option(name: .customLong("model-id"), help: "Model id, inference profile id or ARN.") var modelId: String?
        @Option(name: .customLong("region"), help: "AWS region; repeat or comma-separate for failover.") var regions: [String] = []
        @Option(help: "AWS shared-config profile.") var profile: String?
        @Option(name: .customLong("credentials-csv"), help: "IAM access-key CSV or Bedrock API-key CSV.") var credentialsCSV: String?
        @Option(name: .customLong("endpoint-url"), help: "Override the Bedrock endpoint (private endpoints, tests).") var endpointURL: String?
        @Option(help: "Config file with a 'bedrock:' section.") var config: String?
        @Option(name: .customLong("cache-dir"), help: "Cache folder. (default: $RULES_MAKER_CACHE_DIR, $XDG_CACHE_HOME/rules-maker, else ~/.cache/rules-maker)")
        var cacheDir: String?

        public init() {}

        var environment: [String: String] { ProcessInfo.processInfo.environment }
        var home: String { environment["HOME"] ?? NSHomeDirectory() }

        /// One rule for every command: `--cache-dir`, else `CompileSettings.defaultCacheDirectory`.
        var resolvedCacheDir: String {
            cacheDir ?? CompileSettings.defaultCacheDirectory(environment: ProcessInfo.processInfo.environment)
        }

        func resolve() throws(BedrockError) -> BedrockConfiguration {
            var file: BedrockFileSection?
            if let config { file = try BedrockFileSection.load(configFile: config) }
            else if FileManager.default.fileExists(atPath: "rules-maker.yml") { file = try BedrockFileSection.load(configFile: "rules-maker.yml") }
            let flags = BedrockFlags(provider: provider, modelId: modelId, regions: regions, profile: profile,
                                     credentialsCSV: credentialsCSV, endpointURL: endpointURL)
            let probe = CredentialResolver(environment: environment, homeDirectory: home, profile: profile ?? file?.profile)
            return try BedrockConfiguration.resolve(flags: flags, environment: environment, file: file,
                                                    awsConfigRegion: probe.profileRegion())
        }
    }

    static func fail(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return ExitCode(code)
    }

    /// `rules-maker bedrock validate [--show-config]`
    public struct Validate: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Resolve credentials and settings, call Converse with a tiny prompt and report how it went.")

        @OptionGroup var options: Options
        @Flag(name: .customLong("show-config"), help: "Print the effective settings and where each came from.") var showConfig = false

        public init() {}

        public func run() async throws {
            let configuration: BedrockConfiguration
            do { configuration = try options.resolve() } catch { throw BedrockCommand.fail("error: \(error)", code: 2) }
            let http = HTTPClient()
            defer { http.shutdown() }
            let report = await BedrockValidator(configuration: configuration, environment: options.environment,
                                                homeDirectory: options.home, cacheDirectory: options.resolvedCacheDir,
                                                http: http).validate()
            for line in report.lines(showConfig: showConfig) { print(line) }
            if !report.succeeded {
                throw ExitCode(report.error?.isUsageError == true ? 2 : 1)
            }
        }
    }

    /// `rules-maker bedrock profiles [--region R] [--refresh] [--json]`
    public struct Profiles: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "List the inference profiles of a region (cached; --refresh lists them live).")

        @OptionGroup var options: Options
        @Flag(help: "List live with ListInferenceProfiles and update the cache.") var refresh = false
        @Flag(help: "Print JSON.") var json = false

        public init() {}

        public func run() async throws {
            var configuration: BedrockConfiguration
            do { configuration = try options.resolve() } catch { throw BedrockCommand.fail("error: \(error)", code: 2) }
            if let url = options.endpointURL { configuration.endpoints.controlOverride = url }
            let region = configuration.regions.first ?? BedrockConfiguration.defaultRegion
            let credentials: ResolvedCredentials
            do {
                credentials = try configuration.credentialResolver(environment: options.environment, homeDirectory: options.home).resolve()
            } catch { throw BedrockCommand.fail("error: \(error)", code: 2) }
            let http = HTTPClient()
            defer { http.shutdown() }
            let transport = BedrockTransport(http: http, authentication: credentials.authentication, timeout: configuration.timeout)
            let control = BedrockControlPlane(transport: transport, endpoints: configuration.endpoints,
                                              retry: RetryManager(policy: configuration.retry))
            let catalog = InferenceProfileCatalog(directory: options.resolvedCacheDir + "/bedrock/profiles", fetcher: control.fetcher)
            let result: RegionCatalog
            do { result = try await catalog.catalog(region: region, refresh: refresh) } catch {
                var message = "error: \(error)"
                if let hint = error.hint { message += "\nhint: \(hint)" }
                throw BedrockCommand.fail(message, code: 1)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
                return
            }
            print("Inference profiles for \(region) (\(result.source.rawValue), \(result.profiles.count) profiles):")
            for p in result.profiles.sorted(by: { $0.id < $1.id }) {
                let models = p.modelIds.sorted().joined(separator: ", ")
                print("  \(p.id)  [\(p.status ?? "?")]  → \(models) in \(p.regions.sorted().joined(separator: ","))")
            }
        }
    }
}
