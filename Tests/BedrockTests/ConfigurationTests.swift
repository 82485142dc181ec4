import Bedrock
import Fetch
import Foundation
import RulesMakerTestSupport
import Testing

@Suite("Configuration and credentials")
struct ConfigurationTests {
    @Test func defaults() throws {
        let c = try BedrockConfiguration.resolve(environment: [:])
        #expect(c.modelId == BedrockConfiguration.defaultModelId)
        #expect(c.regions == ["us-east-1"])
        #expect(c.retry == RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(250), maxDelay: .seconds(2)))
        #expect(c.concurrency == 4)
        #expect(c.sources["model_id"] == .default)
        #expect(c.endpoints.runtime(region: "eu-west-1") == "https://bedrock-runtime.eu-west-1.amazonaws.com")
        #expect(c.endpoints.control(region: "eu-west-1") == "https://bedrock.eu-west-1.amazonaws.com")
    }

    @Test func precedenceIsFlagsThenEnvironmentThenFileThenDefaults() throws {
        let file = try #require(try BedrockFileSection.parse(yaml: """
        bedrock:
          model_id: file-model
          regions: [eu-west-1, eu-central-1]
          timeout: 12
          concurrency: 3
          retry: {max_attempts: 5, base_ms: 100, max_ms: 900}
        """))
        let env = ["BEDROCK_MODEL_ID": "env-model", "BEDROCK_RETRY_MAX_ATTEMPTS": "7", "AWS_REGION": "us-west-2"]
        let c = try BedrockConfiguration.resolve(flags: BedrockFlags(modelId: "flag-model"), environment: env, file: file, awsConfigRegion: "ap-south-1")
        #expect(c.modelId == "flag-model" && c.sources["model_id"] == .flag)
        #expect(c.regions == ["us-west-2"] && c.sources["regions"] == .environment)
        #expect(c.retry.maxAttempts == 7 && c.sources["retry.max_attempts"] == .environment)
        #expect(c.retry.baseDelay == .milliseconds(100) && c.sources["retry.base_ms"] == .file)
        #expect(c.timeout == .seconds(12) && c.concurrency == 3)
        let fileOnly = try BedrockConfiguration.resolve(environment: [:], file: file, awsConfigRegion: "ap-south-1")
        #expect(fileOnly.regions == ["eu-west-1", "eu-central-1"])
        let awsOnly = try BedrockConfiguration.resolve(environment: [:], awsConfigRegion: "ap-south-1")
        #expect(awsOnly.regions == ["ap-south-1"] && awsOnly.sources["regions"] == .awsConfig)
        let flags = try BedrockConfiguration.resolve(flags: BedrockFlags(regions: ["us-east-1,us-west-2", "eu-west-1"]), environment: env)
        #expect(flags.regions == ["us-east-1", "us-west-2", "eu-west-1"])
    }

    @Test func endpointOverrides() throws {
        let env = ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "http://127.0.0.1:1/", "AWS_ENDPOINT_URL_BEDROCK": "http://127.0.0.1:2",
                   "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:3"]
        let c = try BedrockConfiguration.resolve(environment: env)
        #expect(c.endpoints.runtime(region: "x") == "http://127.0.0.1:1")
        #expect(c.endpoints.control(region: "x") == "http://127.0.0.1:2")
        #expect(c.endpoints.sts(region: "x") == "http://127.0.0.1:3")
        let flag = try BedrockConfiguration.resolve(flags: BedrockFlags(endpointURL: "http://127.0.0.1:9"), environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:8"])
        #expect(flag.endpoints.runtime(region: "x") == "http://127.0.0.1:9")
        #expect(flag.endpoints.control(region: "x") == "http://127.0.0.1:9")
        #expect(flag.endpoints.sts(region: "x") == "http://127.0.0.1:8")
    }

    @Test(arguments: [["BEDROCK_TIMEOUT": "soon"], ["BEDROCK_MAX_CONCURRENCY": "0"], ["BEDROCK_RETRY_MAX_ATTEMPTS": "0"],
                      ["BEDROCK_RETRY_BASE_MS": "500", "BEDROCK_RETRY_MAX_MS": "100"], ["AWS_ENDPOINT_URL": "ftp://x"]])
    func invalidSettingsAreUsageErrors(env: [String: String]) {
        #expect(throws: BedrockError.self) { try BedrockConfiguration.resolve(environment: env) }
    }

    @Test func credentialChainOrder() throws {
        let home = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        try """
        [default]
        aws_access_key_id = AKIDFILEDEFAULT
        aws_secret_access_key = filesecret
        [work]
        aws_access_key_id = AKIDFILEWORK
        aws_secret_access_key = worksecret
        aws_session_token = worktoken
        """.write(toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8)
        try """
        [profile proc]
        credential_process = printf '{"Version":1,"AccessKeyId":"AKIDPROC","SecretAccessKey":"procsecret","SessionToken":"proctoken"}'
        region = eu-north-1
        [default]
        region = us-west-2
        """.write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
        let envKeys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken"]
        let bearer = ["AWS_BEARER_TOKEN_BEDROCK": "ABSKbearerkey0000"]

        var r = try CredentialResolver(environment: envKeys.merging(bearer) { a, _ in a }, homeDirectory: home).resolve()
        #expect(r.authentication == .sigV4(AWSCredentials(accessKeyId: "AKIDENV", secretAccessKey: "envsecret", sessionToken: "envtoken")))
        r = try CredentialResolver(environment: bearer.merging(["AWS_PROFILE": "work"]) { a, _ in a }, homeDirectory: home).resolve()
        #expect(r.authentication == .bearer("ABSKbearerkey0000"))
        r = try CredentialResolver(environment: ["AWS_PROFILE": "work"], homeDirectory: home).resolve()
        #expect(r.authentication == .sigV4(AWSCredentials(accessKeyId: "AKIDFILEWORK", secretAccessKey: "worksecret", sessionToken: "worktoken")))
        r = try CredentialResolver(environment: [:], homeDirectory: home).resolve()
        #expect(r.source == "shared-credentials:default")
        // An explicit --profile outranks the environment.
        r = try CredentialResolver(environment: envKeys, homeDirectory: home, profile: "proc").resolve()
        #expect(r.authentication == .sigV4(AWSCredentials(accessKeyId: "AKIDPROC", secretAccessKey: "procsecret", sessionToken: "proctoken")))
        #expect(r.source == "credential_process:proc")
        #expect(CredentialResolver(environment: [:], homeDirectory: home, profile: "proc").profileRegion() == "eu-north-1")
        #expect(CredentialResolver(environment: [:], homeDirectory: home).profileRegion() == "us-west-2")
        #expect(throws: BedrockError.self) { try CredentialResolver(environment: [:], homeDirectory: home + "/nothing").resolve() }
        #expect(throws: BedrockError.self) { try CredentialResolver(environment: ["AWS_ACCESS_KEY_ID": "x"], homeDirectory: home).resolve() }
    }

    @Test(arguments: [
        ("User name,Password,Access key ID,Secret access key,Console login link\r\nalice,pw,AKIDCSV1,csvsecret1,https://x\r\n", "AKIDCSV1"),
        ("\u{FEFF}Access key ID,Secret access key\nAKIDCSV2,csvsecret2\n", "AKIDCSV2"),
        ("access KEY id,SECRET ACCESS KEY\r\n\"AKIDCSV3\",\"csv,secret3\"", "AKIDCSV3"),
    ])
    func accessKeyCSV(text: String, keyId: String) throws {
        let r = try CredentialResolver.parseCSV(text, source: "csv")
        guard case .sigV4(let c) = r.authentication else { Issue.record("expected keys"); return }
        #expect(c.accessKeyId == keyId)
        if keyId == "AKIDCSV3" { #expect(c.secretAccessKey == "csv,secret3") }
    }

    @Test(arguments: ["ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl", "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t"])
    func apiKeyCSVIsABearerToken(key: String) throws {
        let r = try CredentialResolver.parseCSV("\u{FEFF}API key name,API key\r\nmy-key,\(key)\r\n", source: "csv")
        #expect(r.authentication == .bearer(key))
        #expect(!"\(r.authentication)".contains(String(key.prefix(12))))
    }

    @Test func badCSVNamesTheProblem() {
        #expect(throws: BedrockError.self) { try CredentialResolver.parseCSV("a,b\n1,2\n", source: "csv") }
    }

    @Test func priceTableMatchesLongestKey() {
        let t = PriceTable.bedrock
        #expect(t.price(for: "us.anthropic.claude-3-5-haiku-20241022-v1:0") == ModelPrice(inputPer1K: 0.0008, outputPer1K: 0.004))
        #expect(t.price(for: "global.anthropic.claude-opus-4-5-20251101-v1:0") == ModelPrice(inputPer1K: 0.005, outputPer1K: 0.025))
        #expect(t.price(for: "arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0")?.inputPer1K == 0.015)
        #expect(t.price(for: "amazon.nova-micro-v1:0")?.outputPer1K == 0.00014)
        #expect(t.price(for: "unknown.model") == nil)
        var report = UsageReport()
        report.estimatedCostUSD = 1.5
        let json = String(decoding: try! JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"estimated_cost_usd\":1.5") && json.contains("\"estimated_cost\":1.5"))
    }
}

@Suite("bedrock validate")
struct ValidatorTests {
    @Test func validateReportsAccessMethodProfileUsageAndIdentity() async throws {
        let server = try profileServer()
        let home = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = ["AWS_ACCESS_KEY_ID": testAccessKey, "AWS_SECRET_ACCESS_KEY": testSecret, "AWS_ENDPOINT_URL": server.baseURL]
        let config = try BedrockConfiguration.resolve(flags: BedrockFlags(modelId: sonnet37), environment: env)
        let report = await BedrockValidator(configuration: config, environment: env, homeDirectory: home, cacheDirectory: home + "/cache",
                                            http: HTTPClient()).validate()
        #expect(report.succeeded)
        #expect(report.callerIdentity?.account == "123456789012")
        let text = report.lines(showConfig: true).joined(separator: "\n")
        #expect(text.contains("access method:   regional_cris"))
        #expect(text.contains("us.\(sonnet37)"))
        #expect(text.contains("model_id") && text.contains("[flag]"))
        #expect(!text.contains(testSecret))
        #expect(FileManager.default.fileExists(atPath: home + "/cache/bedrock/access-preferences.json"))
        #expect(server.calls.contains { $0.kind == .getCallerIdentity && $0.authentication == "sigv4:us-east-1" })
    }

    @Test func validateFailureCarriesCodeAndHint() async throws {
        let server = try LoopbackBedrockServer()
        server.enqueue(.error(403, "AccessDeniedException", "You don't have access to the model with the specified model ID."))
        let env = ["AWS_BEARER_TOKEN_BEDROCK": "ABSKnotknown", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": server.baseURL]
        let config = try BedrockConfiguration.resolve(environment: env)
        let report = await BedrockValidator(configuration: config, environment: env, homeDirectory: "/nonexistent", cacheDirectory: nil,
                                            http: HTTPClient()).validate()
        #expect(!report.succeeded)
        let text = report.lines(showConfig: false).joined(separator: "\n")
        #expect(text.contains("AWS error code: UnrecognizedClientException"))
        #expect(text.contains("hint:"))
        #expect(!text.contains("ABSKnotknown"))
    }
}
