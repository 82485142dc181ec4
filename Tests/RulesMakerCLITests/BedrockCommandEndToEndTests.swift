import Foundation
import RulesMakerTestSupport
import Testing

/// `rules-maker bedrock validate|profiles` run as a user would, against the loopback
/// Bedrock-compatible server (which verifies every SigV4 signature).
@Suite struct BedrockCommandEndToEndTests {
    static let model = "anthropic.claude-3-7-sonnet-20250219-v1:0"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    func server() throws -> LoopbackBedrockServer {
        let server = try LoopbackBedrockServer()
        server.requireInferenceProfile(for: Self.model)
        server.addProfile(scope: "us", modelId: Self.model, regions: ["us-east-1", "us-east-2", "us-west-2"])
        server.addProfile(scope: "global", modelId: Self.model, regions: ["us-east-1", "eu-west-1"])
        return server
    }

    func environment(_ server: LoopbackBedrockServer, cache: String) -> [String: String] {
        ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_REGION": "us-east-1",
         "AWS_ENDPOINT_URL": server.baseURL, "BEDROCK_MODEL_ID": Self.model, "RULES_MAKER_CACHE_DIR": cache,
         "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
    }

    @Test func validateFindsTheProfileLearnsItAndNeverPrintsTheSecret() throws {
        let bedrock = try server()
        let cache = try TemporaryDirectory()
        defer { cache.remove(); bedrock.stop() }
        let env = environment(bedrock, cache: cache.path)
        let r = try RulesMakerBinary.run(["bedrock", "validate", "--show-config"], environment: env)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("regional_cris") && r.stdout.contains("us.\(Self.model)"), "\(r.stdout)")
        #expect(r.stdout.contains("123456789012"), "caller identity from STS")
        #expect(!r.stdout.contains(Self.secret) && !r.stderr.contains(Self.secret))
        #expect(FileManager.default.fileExists(atPath: cache.path + "/bedrock/access-preferences.json"))
        let modelsTried = bedrock.converseCalls.compactMap(\.modelId)
        #expect(modelsTried.first == Self.model && modelsTried.last == "us.\(Self.model)")
        // Second run: straight to the learned profile.
        let before = bedrock.converseCalls.count
        let again = try RulesMakerBinary.run(["bedrock", "validate"], environment: env)
        #expect(again.status == 0)
        #expect(bedrock.converseCalls.dropFirst(before).compactMap(\.modelId) == ["us.\(Self.model)"])
    }

    @Test func validateFailureExitsOneWithTheAWSCodeAndAHint() throws {
        let bedrock = try LoopbackBedrockServer()
        defer { bedrock.stop() }
        bedrock.enqueue(.error(403, "AccessDeniedException", "You don't have access to the model with the specified model ID."), times: 5)
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let r = try RulesMakerBinary.run(["bedrock", "validate"], environment: environment(bedrock, cache: cache.path))
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        let all = r.stdout + r.stderr
        #expect(all.contains("AccessDeniedException") && all.contains("hint:"), "\(all)")
        #expect(!all.contains(Self.secret))
    }

    @Test func profilesListsTheCatalogAsJSON() throws {
        let bedrock = try server()
        let cache = try TemporaryDirectory()
        defer { cache.remove(); bedrock.stop() }
        let r = try RulesMakerBinary.run(["bedrock", "profiles", "--region", "us-east-1", "--refresh", "--json"],
                                         environment: environment(bedrock, cache: cache.path))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("us.\(Self.model)") && r.stdout.contains("global.\(Self.model)"), "\(r.stdout)")
        #expect(bedrock.calls.contains { $0.kind == .listInferenceProfiles && $0.authentication == "sigv4:us-east-1" })
    }

    @Test func missingCredentialsAreAUsageError() throws {
        let r = try RulesMakerBinary.run(["bedrock", "validate"], environment: ["AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                                                                                "AWS_REGION": "us-east-1"])
        #expect(r.status == 2 || r.status == 1, "\(r.stderr)")
        #expect((r.stdout + r.stderr).lowercased().contains("credential"), "\(r.stdout)\(r.stderr)")
    }
}
