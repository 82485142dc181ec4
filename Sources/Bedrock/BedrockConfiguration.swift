import Foundation
import Yams

/// The `bedrock:` section of `rules-maker.yml`.
public struct BedrockFileSection: Sendable, Codable, Equatable {
    public struct Retry: Sendable, Codable, Equatable {
        public var maxAttempts: Int?
        public var baseMs: Int?
        public var maxMs: Int?
        public init(maxAttempts: Int? = nil, baseMs: Int? = nil, maxMs: Int? = nil) {
            self.maxAttempts = maxAttempts
            self.baseMs = baseMs
            self.maxMs = maxMs
        }
        enum CodingKeys: String, CodingKey { case maxAttempts = "max_attempts", baseMs = "base_ms", maxMs = "max_ms" }
    }

    public var provider: String?
    public var modelId: String?
    public var region: String?
    public var regions: [String]?
    public var profile: String?
    public var credentialsCSV: String?
    public var endpointURL: String?
    /// Seconds.
    public var timeout: Double?
    public var concurrency: Int?
    public var retry: Retry?
    /// `direct`, `regional_cris` or `global_cris`: the access method to try first.
    public var accessMethod: String?

    public init(provider: String? = nil, modelId: String? = nil, region: String? = nil, regions: [String]? = nil,
                profile: String? = nil, credentialsCSV: String? = nil, endpointURL: String? = nil, timeout: Double? = nil,
                concurrency: Int? = nil, retry: Retry? = nil, accessMethod: String? = nil) {
        self.provider = provider
        self.modelId = modelId
        self.region = region
        self.regions = regions
        self.profile = profile
        self.credentialsCSV = credentialsCSV
        self.endpointURL = endpointURL
        self.timeout = timeout
        self.concurrency = concurrency
        self.retry = retry
        self.accessMethod = accessMethod
    }

    enum CodingKeys: String, CodingKey {
        case provider, modelId = "model_id", region, regions, profile, credentialsCSV = "credentials_csv"
        case endpointURL = "endpoint_url", timeout, concurrency, retry, accessMethod = "access_method"
    }

    private struct Wrapper: Decodable { var bedrock: BedrockFileSection? }

    /// The `bedrock:` section of a YAML config file (nil when the file has none).
    public static func load(configFile path: String) throws(BedrockError) -> BedrockFileSection? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidConfiguration("cannot read config file \(path)")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(yaml: String, file: String = "config") throws(BedrockError) -> BedrockFileSection? {
        if yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return nil }
        do { return try YAMLDecoder().decode(Wrapper.self, from: yaml).bedrock } catch {
            throw .invalidConfiguration("\(file): bedrock section: \(error)")
        }
    }
}

/// Command-line values (nil / empty when not given).
public struct BedrockFlags: Sendable, Equatable {
    public var provider: String?
    public var modelId: String?
    /// Repeatable and comma-separated: `--region us-east-1,us-west-2`.
    public var regions: [String]
    public var profile: String?
    public var credentialsCSV: String?
    public var endpointURL: String?
    public var timeout: Double?
    public var concurrency: Int?

    public init(provider: String? = nil, modelId: String? = nil, regions: [String] = [], profile: String? = nil,
                credentialsCSV: String? = nil, endpointURL: String? = nil, timeout: Double? = nil, concurrency: Int? = nil) {
        self.provider = provider
        self.modelId = modelId
        self.regions = regions
        self.profile = profile
        self.credentialsCSV = credentialsCSV
        self.endpointURL = endpointURL
        self.timeout = timeout
        self.concurrency = concurrency
    }
}

/// Where a setting's value came from.
public enum SettingSource: String, Sendable, Codable {
    case flag, environment, file, awsConfig = "aws-config", `default`
}

/// Resolved Bedrock settings: flags > environment > config file > defaults, resolved once.
public struct BedrockConfiguration: Sendable, Equatable {
    public var provider: String
    public var modelId: String
    /// Tried in order (multi-region failover).
    public var regions: [String]
    public var profile: String?
    public var credentialsCSV: String?
    public var endpoints: BedrockEndpoints
    public var timeout: Duration
    public var concurrency: Int
    public var retry: RetryPolicy
    /// The configured first access method; a preference learned from an error outranks it.
    public var accessMethod: AccessMethod?
    /// Setting name → where its value came from.
    public var sources: [String: SettingSource]

    public static let defaultModelId = "anthropic.claude-3-haiku-20240307-v1:0"
    public static let defaultRegion = "us-east-1"

    public init(provider: String = "bedrock", modelId: String = defaultModelId, regions: [String] = [defaultRegion],
                profile: String? = nil, credentialsCSV: String? = nil, endpoints: BedrockEndpoints = .init(),
                timeout: Duration = .seconds(60), concurrency: Int = 4, retry: RetryPolicy = .default,
                accessMethod: AccessMethod? = nil, sources: [String: SettingSource] = [:]) {
        self.provider = provider
        self.modelId = modelId
        self.regions = regions
        self.profile = profile
        self.credentialsCSV = credentialsCSV
        self.endpoints = endpoints
        self.timeout = timeout
        self.concurrency = concurrency
        self.retry = retry
        self.accessMethod = accessMethod
        self.sources = sources
    }

    /// Resolves every setting. Pure: reads only its arguments.
    ///
    /// - Parameters:
    ///   - environment: `BEDROCK_MODEL_ID`, `BEDROCK_REGION`, `AWS_REGION`, `AWS_DEFAULT_REGION`, `BEDROCK_TIMEOUT`,
    ///     `BEDROCK_MAX_CONCURRENCY`, `BEDROCK_RETRY_MAX_ATTEMPTS`, `BEDROCK_RETRY_BASE_MS`, `BEDROCK_RETRY_MAX_MS`,
    ///     `AWS_PROFILE`, `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL_BEDROCK`,
    ///     `AWS_ENDPOINT_URL_STS`.
    ///   - awsConfigRegion: `region` of the AWS profile in `~/.aws/config`, below the config file.
    public static func resolve(flags: BedrockFlags = .init(), environment: [String: String], file: BedrockFileSection? = nil,
                               awsConfigRegion: String? = nil) throws(BedrockError) -> BedrockConfiguration {
        var c = BedrockConfiguration()
        var sources: [String: SettingSource] = [:]
        let env = environment.compactMapValues(nonEmpty)

        func pick<T>(_ name: String, _ candidates: [(T?, SettingSource)], default value: T) -> T {
            pickOptional(name, candidates) ?? value
        }
        func pickOptional<T>(_ name: String, _ candidates: [(T?, SettingSource)]) -> T? {
            for (v, s) in candidates { if let v { sources[name] = s; return v } }
            sources[name] = .default
            return nil
        }
        func number<T: LosslessStringConvertible>(_ variable: String, as: T.Type) throws(BedrockError) -> T? {
            guard let raw = env[variable] else { return nil }
            guard let v = T(raw) else { throw .invalidConfiguration("\(variable)=\(raw) is not a number") }
            return v
        }

        c.provider = pick("provider", [(nonEmpty(flags.provider), .flag), (env["RULES_MAKER_PROVIDER"], .environment),
                                       (nonEmpty(file?.provider), .file)], default: "bedrock")
        c.modelId = pick("model_id", [(nonEmpty(flags.modelId), .flag), (env["BEDROCK_MODEL_ID"], .environment),
                                      (nonEmpty(file?.modelId), .file)], default: defaultModelId)
        let flagRegions = splitList(flags.regions)
        let envRegions = splitList([env["BEDROCK_REGION"] ?? env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? ""])
        let fileRegions = splitList(file?.regions ?? []).isEmpty ? splitList([file?.region ?? ""]) : splitList(file?.regions ?? [])
        c.regions = pick("regions", [(flagRegions.isEmpty ? nil : flagRegions, .flag), (envRegions.isEmpty ? nil : envRegions, .environment),
                                     (fileRegions.isEmpty ? nil : fileRegions, .file),
                                     (nonEmpty(awsConfigRegion).map { [$0] }, .awsConfig)], default: [defaultRegion])
        c.profile = pickOptional("profile", [(nonEmpty(flags.profile), .flag), (env["AWS_PROFILE"], .environment),
                                     (nonEmpty(file?.profile), .file)])
        c.credentialsCSV = pickOptional("credentials_csv", [(nonEmpty(flags.credentialsCSV), .flag), (env["BEDROCK_CREDENTIALS_CSV"], .environment),
                                                    (nonEmpty(file?.credentialsCSV), .file)])
        let timeout = pick("timeout", [(flags.timeout, .flag), (try number("BEDROCK_TIMEOUT", as: Double.self), .environment),
                                       (file?.timeout, .file)], default: 60.0)
        guard timeout > 0, timeout.isFinite else { throw .invalidConfiguration("timeout must be positive (got \(timeout))") }
        c.timeout = .milliseconds(Int64(timeout * 1000))
        c.concurrency = pick("concurrency", [(flags.concurrency, .flag), (try number("BEDROCK_MAX_CONCURRENCY", as: Int.self), .environment),
                                             (file?.concurrency, .file)], default: 4)
        guard c.concurrency >= 1 else { throw .invalidConfiguration("concurrency must be at least 1 (got \(c.concurrency))") }
        let attempts = pick("retry.max_attempts", [(try number("BEDROCK_RETRY_MAX_ATTEMPTS", as: Int.self), .environment),
                                                   (file?.retry?.maxAttempts, .file)], default: 3)
        let base = pick("retry.base_ms", [(try number("BEDROCK_RETRY_BASE_MS", as: Int.self), .environment),
                                          (file?.retry?.baseMs, .file)], default: 250)
        let cap = pick("retry.max_ms", [(try number("BEDROCK_RETRY_MAX_MS", as: Int.self), .environment),
                                        (file?.retry?.maxMs, .file)], default: 2000)
        guard attempts >= 1 else { throw .invalidConfiguration("retry.max_attempts must be at least 1 (it counts all attempts)") }
        guard base >= 0, cap >= base else { throw .invalidConfiguration("retry delays need 0 <= base_ms <= max_ms (got \(base), \(cap))") }
        c.retry = RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(Int64(base)), maxDelay: .milliseconds(Int64(cap)))
        if let raw = nonEmpty(file?.accessMethod) ?? env["BEDROCK_ACCESS_METHOD"] {
            guard let m = AccessMethod(rawValue: raw) else {
                throw .invalidConfiguration("access_method must be direct, regional_cris or global_cris (got \(raw))")
            }
            c.accessMethod = m
            sources["access_method"] = env["BEDROCK_ACCESS_METHOD"] != nil ? .environment : .file
        }
        // Endpoints: --endpoint-url is the runtime endpoint, and the control plane's unless a
        // control-plane variable says otherwise.
        let runtime = pickOptional("endpoint.runtime", [(nonEmpty(flags.endpointURL), .flag), (env["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"], .environment),
                                                (env["AWS_ENDPOINT_URL"], .environment), (nonEmpty(file?.endpointURL), .file)])
        let control = pickOptional("endpoint.control", [(env["AWS_ENDPOINT_URL_BEDROCK"], .environment), (nonEmpty(flags.endpointURL), .flag),
                                                (env["AWS_ENDPOINT_URL"], .environment), (nonEmpty(file?.endpointURL), .file)])
        let sts = pickOptional("endpoint.sts", [(env["AWS_ENDPOINT_URL_STS"], .environment), (env["AWS_ENDPOINT_URL"], .environment)])
        for url in [runtime, control, sts].compactMap({ $0 }) {
            let lower = url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                throw .invalidConfiguration("endpoint URL must start with http:// or https:// (got \(url))")
            }
        }
        c.endpoints = BedrockEndpoints(runtimeOverride: runtime, controlOverride: control, stsOverride: sts)
        guard c.provider == "bedrock" else {
            throw .invalidConfiguration("provider \(c.provider) is not handled by the Bedrock engine")
        }
        c.sources = sources
        return c
    }

    /// Splits repeated and comma-separated values, dropping empties and duplicates, keeping order.
    static func splitList(_ values: [String]) -> [String] {
        var out: [String] = []
        for v in values {
            for part in v.split(separator: ",") {
                let t = part.trimmingCharacters(in: .whitespaces)
                if !t.isEmpty && !out.contains(t) { out.append(t) }
            }
        }
        return out
    }

    /// The effective settings with their sources, for `--show-config` (no secrets in here).
    public var settingsTable: [(name: String, value: String, source: SettingSource)] {
        func s(_ n: String) -> SettingSource { sources[n] ?? .default }
        var rows: [(String, String, SettingSource)] = [
            ("provider", provider, s("provider")),
            ("model_id", modelId, s("model_id")),
            ("regions", regions.joined(separator: ","), s("regions")),
            ("timeout", "\(Double(timeout.milliseconds) / 1000)s", s("timeout")),
            ("concurrency", "\(concurrency)", s("concurrency")),
            ("retry.max_attempts", "\(retry.maxAttempts) (total attempts)", s("retry.max_attempts")),
            ("retry.base_ms", "\(retry.baseDelay.milliseconds)", s("retry.base_ms")),
            ("retry.max_ms", "\(retry.maxDelay.milliseconds)", s("retry.max_ms")),
            ("access_method", accessMethod?.rawValue ?? "auto (direct → regional_cris → global_cris)", s("access_method")),
            ("profile", profile ?? "-", s("profile")),
            ("credentials_csv", credentialsCSV ?? "-", s("credentials_csv")),
        ]
        let region = regions.first ?? Self.defaultRegion
        rows.append(("endpoint.runtime", endpoints.runtime(region: region), s("endpoint.runtime")))
        rows.append(("endpoint.control", endpoints.control(region: region), s("endpoint.control")))
        rows.append(("endpoint.sts", endpoints.sts(region: region), s("endpoint.sts")))
        return rows
    }
}
