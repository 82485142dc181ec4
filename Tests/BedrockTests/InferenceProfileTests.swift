import Bedrock
import Fetch
import Foundation
import PropertyBased
import RulesMakerTestSupport
import Testing

let sonnet37 = "anthropic.claude-3-7-sonnet-20250219-v1:0"
let usRegions = ["us-east-1", "us-east-2", "us-west-2"]

func profileServer(model: String = sonnet37, regional: Bool = true, global: Bool = true) throws -> LoopbackBedrockServer {
    let server = try LoopbackBedrockServer()
    server.requireInferenceProfile(for: model)
    server.addProfile(scope: "eu", modelId: model, regions: ["eu-west-1", "eu-central-1"])
    if regional { server.addProfile(scope: "us", modelId: model, regions: usRegions) }
    if global { server.addProfile(scope: "global", modelId: model, regions: usRegions + ["eu-west-1", "ap-northeast-1"]) }
    server.addProfile(scope: "us", modelId: "amazon.nova-lite-v1:0", regions: usRegions)
    return server
}

@Suite("Inference profiles end to end")
struct InferenceProfileEndToEndTests {
    let http = HTTPClient()

    @Test func profileRequiredIsRetriedImmediatelyWithTheRegionalProfileAndLearned() async throws {
        let server = try profileServer()
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sleeper = RecordingSleeper()
        let logs = LogCapture()
        let client = makeClient(server, http: http, model: sonnet37, cacheDirectory: dir, sleeper: sleeper, logger: logs.logger)
        let r = try await client.converse(system: "s", prompt: "p")
        #expect(r.accessMethod == .regionalCRIS)
        #expect(r.inferenceProfileUsed)
        #expect(r.inferenceProfileId == "us.\(sonnet37)")
        #expect(r.modelId == sonnet37)
        #expect(r.retries == 0)
        #expect(sleeper.delays.isEmpty)
        #expect(server.converseCalls.map(\.modelId) == [sonnet37, "us.\(sonnet37)"])
        #expect(server.converseCalls.last?.raw.target == "/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse")
        #expect(logs.all.contains { $0.hasPrefix("warning bedrock_profile_required") })
        #expect(logs.all.contains { $0.hasPrefix("info bedrock_profile_selected") })
        #expect(logs.all.contains { $0.hasPrefix("info bedrock_profile_retry_succeeded") })
        #expect(logs.all.contains { $0.hasPrefix("debug bedrock_learned") })
        #expect(client.statistics.snapshot.accessMethods == ["regional_cris": 1])
        #expect(client.statistics.snapshot.profileRetries == 1)

        // Persisted: a new client (next run) goes straight to the profile, without listing again.
        let pref = try #require(AccessPreferenceStore(path: dir + "/access-preferences.json").preference(modelId: sonnet37, region: "us-east-1"))
        #expect(pref.preferRegionalCRIS && pref.learnedFromError && pref.inferenceProfileId == "us.\(sonnet37)")
        server.clearLog()
        let next = makeClient(server, http: http, model: sonnet37, cacheDirectory: dir)
        let r2 = try await next.converse(system: "s", prompt: "p")
        #expect(r2.accessMethod == .regionalCRIS && r2.inferenceProfileId == "us.\(sonnet37)")
        #expect(server.calls.map(\.modelId) == ["us.\(sonnet37)"])
    }

    @Test func throttledProfileRetryStillReportsTheProfile() async throws {
        let server = try profileServer()
        server.enqueue(.throttle(modelId: "us.\(sonnet37)"))
        let client = makeClient(server, http: http, model: sonnet37)
        let r = try await client.converse(system: nil, prompt: "p")
        #expect(r.accessMethod == .regionalCRIS && r.inferenceProfileUsed && r.inferenceProfileId == "us.\(sonnet37)")
        #expect(r.retries == 1)
        #expect(server.converseCalls.map(\.modelId) == [sonnet37, "us.\(sonnet37)", "us.\(sonnet37)"])
    }

    @Test func profileSwitchDoesNotConsumeAnAttempt() async throws {
        let server = try profileServer()
        server.enqueue(.throttle(modelId: "us.\(sonnet37)"))
        // Only 2 attempts in total: the direct call + profile switch must leave one retry.
        let client = makeClient(server, http: http, model: sonnet37, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(1)))
        let r = try await client.converse(system: nil, prompt: "p")
        #expect(r.retries == 1)
    }

    @Test func globalProfileWhenNoRegionalOne() async throws {
        let server = try profileServer(regional: false)
        let client = makeClient(server, http: http, model: sonnet37)
        let r = try await client.converse(system: nil, prompt: "p")
        #expect(r.accessMethod == .globalCRIS)
        #expect(r.inferenceProfileId == "global.\(sonnet37)")
        #expect(server.converseCalls.map(\.modelId) == [sonnet37, "global.\(sonnet37)"])
    }

    @Test func euRegionGetsTheEuProfile() async throws {
        let server = try profileServer()
        let client = makeClient(server, http: http, model: sonnet37, regions: ["eu-west-1"])
        let r = try await client.converse(system: nil, prompt: "p")
        #expect(r.inferenceProfileId == "eu.\(sonnet37)")
    }

    @Test func noKnownProfileIsAClearError() async throws {
        let server = try profileServer(regional: false, global: false)
        let client = makeClient(server, http: http, model: sonnet37)
        do {
            _ = try await client.converse(system: nil, prompt: "p")
            Issue.record("expected a failure")
        } catch let error as BedrockError {
            guard case .inferenceProfileRequired(let model, let region, let models) = error else {
                Issue.record("unexpected \(error)"); return
            }
            #expect(model == sonnet37 && region == "us-east-1" && models == [sonnet37])
            #expect(error.description.contains("rules-maker bedrock profiles --refresh"))
        }
        #expect(server.converseCalls.count == 1)
    }

    @Test func unchangedBehaviourForDirectModels() async throws {
        let server = try profileServer()
        let client = makeClient(server, http: http, model: "amazon.nova-lite-v1:0")
        for _ in 0..<3 {
            let r = try await client.converse(system: nil, prompt: "p")
            #expect(r.accessMethod == .direct && !r.inferenceProfileUsed && r.inferenceProfileId == nil)
        }
        #expect(server.calls.map(\.modelId) == Array(repeating: "amazon.nova-lite-v1:0", count: 3))
        #expect(server.calls.allSatisfy { $0.kind == .converse })
    }

    @Test func givenProfileIdsAndArnsAreSentAsIs() async throws {
        let server = try profileServer()
        let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.\(sonnet37)"
        for id in ["us.\(sonnet37)", arn] {
            let r = try await makeClient(server, http: http, model: id).converse(system: nil, prompt: "p")
            #expect(r.inferenceProfileUsed && r.inferenceProfileId == id && r.accessMethod == .regionalCRIS)
        }
        #expect(server.converseCalls.map(\.modelId) == ["us.\(sonnet37)", arn])
        #expect(server.converseCalls.last?.raw.target.contains("inference-profile%2Fus.") == true)
    }

    @Test func catalogIsPaginatedCachedAndRefreshed() async throws {
        let server = try profileServer()
        server.setPageSize(1)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let transport = BedrockTransport(http: http, authentication: .sigV4(testCredentials))
        let endpoints = BedrockEndpoints(controlOverride: server.baseURL)
        let control = BedrockControlPlane(transport: transport, endpoints: endpoints, retry: RetryManager(policy: .default), pageSize: 1)
        let catalog = InferenceProfileCatalog(directory: dir, fetcher: control.fetcher)
        let c = try await catalog.catalog(region: "us-east-1")
        #expect(c.source == .live)
        #expect(c.profiles.count == 4)
        #expect(server.calls.filter { $0.kind == .listInferenceProfiles }.count == 4)
        #expect(server.calls.allSatisfy { $0.status == 200 })
        // A second catalog (next run) reads the fresh disk cache.
        let again = try await InferenceProfileCatalog(directory: dir, fetcher: control.fetcher).catalog(region: "us-east-1")
        #expect(again.source == .cache && again.profiles == c.profiles)
        #expect(server.calls.filter { $0.kind == .listInferenceProfiles }.count == 4)
        // Expired TTL → live again.
        let expired = InferenceProfileCatalog(directory: dir, ttl: .seconds(1), fetcher: control.fetcher, now: { Date().addingTimeInterval(10) })
        #expect(try await expired.catalog(region: "us-east-1").source == .live)
        // Offline with a cache: stale cache; without: bundled snapshot.
        let offline = InferenceProfileCatalog(directory: dir, ttl: .seconds(1), fetcher: nil, now: { Date().addingTimeInterval(100) })
        #expect(try await offline.catalog(region: "us-east-1").source == .staleCache)
        let bundled = try await InferenceProfileCatalog(directory: nil, fetcher: nil).catalog(region: "eu-west-1")
        #expect(bundled.source == .bundled)
        #expect(InferenceProfileSelection.select(modelId: sonnet37, region: "eu-west-1", method: .regionalCRIS, from: bundled.profiles)?.id == "eu.\(sonnet37)")
        let one = try await control.getInferenceProfile("us.\(sonnet37)", region: "us-east-1")
        #expect(one.modelIds == [sonnet37])
    }
}

@Suite("Inference profile properties")
struct InferenceProfilePropertyTests {
    static let models = [sonnet37, "anthropic.claude-sonnet-4-20250514-v1:0", "meta.llama3-2-1b-instruct-v1:0", "amazon.nova-pro-v1:0",
                         "anthropic.claude-3-5-haiku-20241022-v1:0", "mistral.pixtral-large-2502-v1:0"]
    static let regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "ap-southeast-2", "us-gov-west-1"]

    @Test func detectionFindsTheModelWhateverTheApostropheAndCase() async {
        let apostrophes = ["\u{2019}", "'", "`", ""]
        await propertyCheck(input: Gen.int(in: 0...Self.models.count - 1), Gen.int(in: 0...3), Gen.bool) { m, a, upper in
            let model = Self.models[m], apostrophe = apostrophes[a]
            var message = "Invocation of model ID \(model) with on-demand throughput isn\(apostrophe)t supported. Retry your request with the ID or ARN of an inference profile that contains this model."
            if upper { message = message.uppercased() }
            let found = InferenceProfileDetector.detect(message)
            #expect(found?.lowercased() == model.lowercased())
        }
    }

    @Test func detectionIgnoresOtherValidationErrors() async {
        let others = [
            "The provided model identifier is invalid.", "Malformed input request: #: extraneous key [foo] is not permitted",
            "Input is too long for requested model.", "The model returned the following errors: max_tokens: 0 < 1",
            "Operation not allowed", "on-demand throughput is fine", "Retry your request with an inference profile later",
            "You don't have access to the model with the specified model ID.",
        ]
        await propertyCheck(input: Gen.int(in: 0...others.count - 1), Gen.int(in: 0...Self.models.count - 1)) { o, m in
            let message = others[o], model = Self.models[m]
            #expect(InferenceProfileDetector.detect(message + " " + model) == nil)
            #expect(!InferenceProfileDetector.isProfileRequired(AWSServiceError(code: "ValidationException", status: 400, message: message)))
        }
        // The right text under another code is not it either.
        let text = String(format: LoopbackBedrockServer.profileRequiredTemplate, sonnet37)
        #expect(!InferenceProfileDetector.isProfileRequired(AWSServiceError(code: "AccessDeniedException", status: 403, message: text)))
        #expect(InferenceProfileDetector.isProfileRequired(AWSServiceError(code: "ValidationException", status: 400, message: text)))
    }

    @Test func selectionIsConsistentAndIndependentOfCatalogOrder() async throws {
        var byRegion: [String: [InferenceProfile]] = [:]
        for region in Self.regions {
            byRegion[region] = try await InferenceProfileCatalog(directory: nil, fetcher: nil).catalog(region: region).profiles
        }
        let catalogs = byRegion
        #expect(InferenceProfileSelection.select(modelId: sonnet37, region: "us-east-1", method: .regionalCRIS, from: catalogs["us-east-1"]!)?.id == "us.\(sonnet37)")
        await propertyCheck(input: Gen.int(in: 0...Self.models.count - 1), Gen.int(in: 0...Self.regions.count - 1), Gen.int(in: 0...1000)) { m, r, seed in
            let model = Self.models[m], region = Self.regions[r]
            let profiles = catalogs[region] ?? []
            var rng = SplitMix(seed: UInt64(seed))
            let shuffled = profiles.shuffled(using: &rng)
            for method in [AccessMethod.regionalCRIS, .globalCRIS] {
                let a = InferenceProfileSelection.select(modelId: model, region: region, method: method, from: profiles)
                let b = InferenceProfileSelection.select(modelId: model, region: region, method: method, from: shuffled)
                #expect(a == b)
                if let a {
                    #expect(a.contains(modelId: model))
                    #expect(method == .globalCRIS ? a.isGlobal : (!a.isGlobal && a.regions.contains(region)))
                }
            }
            #expect(InferenceProfileSelection.select(modelId: model, region: region, method: .direct, from: profiles) == nil)
        }
    }

    @Test func fallbackOrderingIsAPermutationStartingAtThePreference() async {
        let choices: [AccessMethod?] = [nil, .direct, .regionalCRIS, .globalCRIS]
        await propertyCheck(input: Gen.int(in: 0...3), Gen.int(in: 0...3), Gen.bool) { l, c, fromError in
            let learnedMethod = choices[l], configured = choices[c]
            let learned = learnedMethod.map { AccessPreference(modelId: "m", region: "r", method: $0, learnedFromError: fromError,
                                                               inferenceProfileId: nil, lastUpdated: Date()) }
            let order = AccessPlanner.order(learned: learned, configured: configured)
            #expect(Set(order).count == order.count)
            let expectedFirst = (learned?.learnedFromError == true ? learned?.method : nil) ?? configured ?? learned?.method ?? .direct
            #expect(order.first == expectedFirst)
            // After the first, methods follow direct → regional → global.
            let tail = Array(order.dropFirst().filter { $0 > order[0] })
            #expect(tail == tail.sorted())
            if learned?.learnedFromError == true && learned?.method != .direct { #expect(!order.contains(.direct)) }
            else { #expect(Set(order) == Set(AccessMethod.allCases)) }
        }
    }

    @Test func preferencesPersistAndErrorsOutrankConfiguration() async {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        await propertyCheck(count: 50, input: Gen.int(in: 0...Self.models.count - 1), Gen.int(in: 0...Self.regions.count - 1), Gen.int(in: 0...2), Gen.bool) { m, r, k, fromError in
            let model = Self.models[m], region = Self.regions[r], method = AccessMethod.allCases[k]
            let path = dir + "/prefs.json"
            let store = AccessPreferenceStore(path: path)
            store.record(modelId: model, region: region, method: method, inferenceProfileId: method == .direct ? nil : "x.\(model)", learnedFromError: fromError)
            let reloaded = AccessPreferenceStore(path: path).preference(modelId: model, region: region)
            #expect(reloaded?.method == method)
            #expect(reloaded?.learnedFromError == fromError || (reloaded?.learnedFromError == true))
            if fromError {
                #expect(AccessPlanner.order(learned: reloaded, configured: .direct).first == method)
            }
        }
    }

    @Test func profileRetryIsIdempotent() async throws {
        // The same scenario twice from scratch gives the same calls and the same report.
        var outcomes: [[String?]] = []
        for _ in 0..<2 {
            let server = try profileServer()
            let r = try await makeClient(server, http: HTTPClient(), model: sonnet37).converse(system: nil, prompt: "p")
            outcomes.append(server.converseCalls.map(\.modelId) + [r.inferenceProfileId, r.accessMethod.rawValue])
        }
        #expect(outcomes[0] == outcomes[1])
    }

    @Test func trackerIsSafeUnderConcurrentUse() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/prefs.json"
        let store = AccessPreferenceStore(path: path)
        let stats = BedrockStatistics()
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<64 {
                group.addTask {
                    let model = Self.models[i % Self.models.count]
                    let region = Self.regions[i % Self.regions.count]
                    store.record(modelId: model, region: region, method: AccessMethod.allCases[i % 3], inferenceProfileId: nil, learnedFromError: i % 2 == 0)
                    _ = store.preference(modelId: model, region: region)
                    stats.recordForTest(method: AccessMethod.allCases[i % 3])
                }
            }
        }
        let reloaded = AccessPreferenceStore(path: path).all
        #expect(reloaded == store.all)
        #expect(reloaded.count == Set((0..<64).map { "\(Self.models[$0 % Self.models.count])|\(Self.regions[$0 % Self.regions.count])" }).count)
        #expect(stats.snapshot.accessMethods.values.reduce(0, +) == 64)
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

extension BedrockStatistics {
    func recordForTest(method: AccessMethod) {
        recordSuccess(LLMResponse(text: "", stopReason: nil, truncated: false, usage: TokenUsage(), latencyMs: nil, provider: "bedrock",
                                            modelId: "m", region: "r", accessMethod: method, inferenceProfileUsed: method != .direct,
                                            inferenceProfileId: nil, retries: 0, estimatedCostUSD: 0))
    }
}
