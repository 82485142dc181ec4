import Bedrock
import Fetch
import Foundation
import RulesMakerTestSupport
import Testing

@Suite("Converse client against the loopback Bedrock server")
struct ConverseClientTests {
    let http = HTTPClient()

    @Test func signedConverseWithSystemFieldAndUsage() async throws {
        let server = try LoopbackBedrockServer()
        server.setReply("Use pytest fixtures.", inputTokens: 1000, outputTokens: 500)
        let client = makeClient(server, http: http)
        let r = try await client.converse(system: "You extract rules.", prompt: "Page text",
                                          inference: InferenceConfiguration(maxTokens: 100, temperature: 0.2, topP: 0.9, stopSequences: ["END"]))
        #expect(r.text == "Use pytest fixtures.")
        #expect(r.accessMethod == .direct)
        #expect(!r.inferenceProfileUsed)
        #expect(r.inferenceProfileId == nil)
        #expect(r.usage == TokenUsage(inputTokens: 1000, outputTokens: 500))
        #expect(r.latencyMs == 42)
        #expect(!r.truncated)
        #expect(abs(r.estimatedCostUSD - (0.00025 + 0.5 * 0.00125)) < 1e-9)
        let call = try #require(server.converseCalls.first)
        #expect(call.authentication == "sigv4:us-east-1")
        #expect(call.modelId == "anthropic.claude-3-haiku-20240307-v1:0")
        #expect(call.raw.target == "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse")
        #expect(call.system == "You extract rules.")
        #expect(call.prompt == "Page text")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(call.raw.body)) as? [String: Any])
        let config = try #require(body["inferenceConfig"] as? [String: Any])
        #expect(config["maxTokens"] as? Int == 100)
        #expect(config["stopSequences"] as? [String] == ["END"])
    }

    @Test func sessionTokenIsSignedAndAccepted() async throws {
        let server = try LoopbackBedrockServer()
        let creds = AWSCredentials(accessKeyId: testAccessKey, secretAccessKey: testSecret, sessionToken: "FQoGZXIvYXdzE//token+/=")
        let client = makeClient(server, http: http, authentication: .sigV4(creds))
        _ = try await client.converse(system: nil, prompt: "hi")
        let call = try #require(server.converseCalls.first)
        #expect(call.status == 200)
        #expect(call.raw.header("x-amz-security-token") == "FQoGZXIvYXdzE//token+/=")
        #expect(call.raw.header("authorization")?.contains("x-amz-security-token") == true)
    }

    @Test func bearerKeyIsSentAndWrongKeyIsRejectedWithoutRetry() async throws {
        let server = try LoopbackBedrockServer(bearerTokens: ["ABSKQmVkcm9ja0FQSUtleS1example"])
        let ok = makeClient(server, http: http, authentication: .bearer("ABSKQmVkcm9ja0FQSUtleS1example"))
        _ = try await ok.converse(system: nil, prompt: "hi")
        #expect(server.converseCalls.last?.authentication == "bearer")
        let bad = makeClient(server, http: http, authentication: .bearer("bedrock-api-key-wrong"))
        await #expect(throws: BedrockError.self) { try await bad.converse(system: nil, prompt: "hi") }
        #expect(server.converseCalls.count == 2)
        #expect(server.converseCalls.last?.errorCode?.hasPrefix("UnrecognizedClientException") == true)
    }

    @Test func wrongSecretIsAnInvalidSignature() async throws {
        let server = try LoopbackBedrockServer()
        let client = makeClient(server, http: http, authentication: .sigV4(AWSCredentials(accessKeyId: testAccessKey, secretAccessKey: "nope")))
        do {
            _ = try await client.converse(system: nil, prompt: "hi")
            Issue.record("expected a failure")
        } catch let error as BedrockError {
            #expect(error.awsCode == "InvalidSignatureException")
            #expect(error.hint != nil)
            #expect(!error.description.contains("nope"))
        }
        #expect(server.converseCalls.count == 1)
    }

    @Test func expiredSignatureIsNotRetried() async throws {
        let server = try LoopbackBedrockServer()
        // The client's clock is 20 minutes behind.
        let client = makeClient(server, http: http, now: { Date().addingTimeInterval(-1200) })
        do {
            _ = try await client.converse(system: nil, prompt: "hi")
            Issue.record("expected a failure")
        } catch let error as BedrockError {
            #expect(error.awsCode == "InvalidSignatureException")
            #expect(error.description.contains("Signature expired"))
        }
        #expect(server.converseCalls.count == 1)
    }

    @Test func throttlingIsRetriedWithBackoffAndCounted() async throws {
        let server = try LoopbackBedrockServer()
        server.enqueue(.throttle(), times: 2)
        let sleeper = RecordingSleeper()
        let logs = LogCapture()
        let stats = BedrockStatistics()
        let client = makeClient(server, http: http, sleeper: sleeper, jitter: FixedJitter(1), logger: logs.logger, statistics: stats)
        let r = try await client.converse(system: nil, prompt: "hi")
        #expect(r.retries == 2)
        #expect(server.converseCalls.map(\.status) == [429, 429, 200])
        // Full jitter at its upper bound: 10 ms, then 20 ms.
        #expect(sleeper.delays == [.milliseconds(10), .milliseconds(20)])
        let s = stats.snapshot
        #expect(s.limits.retries == 2)
        #expect(s.limits.throttleEvents == 2)
        #expect(s.limits.lastErrorCode == "ThrottlingException")
        #expect(s.limits.lastRetryDelayMs == 20)
        #expect(logs.text.contains("bedrock_retry attempt=1 delay_ms=10 code=ThrottlingException status=429"))
        #expect(logs.text.contains("bedrock_retry attempt=2 delay_ms=20 code=ThrottlingException status=429"))
    }

    @Test func retryAfterHeadersAreHonoured() async throws {
        let server = try LoopbackBedrockServer()
        server.enqueue(.throttle(retryAfter: "1.5"))
        server.enqueue(.throttle(amzRetryAfterMs: "120"))
        let sleeper = RecordingSleeper()
        let client = makeClient(server, http: http, sleeper: sleeper)
        _ = try await client.converse(system: nil, prompt: "hi")
        #expect(sleeper.delays == [.milliseconds(1500), .milliseconds(120)])
    }

    @Test func realSleeperRetriesEndToEnd() async throws {
        let server = try LoopbackBedrockServer()
        server.enqueue(.serverError(503, code: "ServiceUnavailableException"), times: 2)
        let sleeper = TimedSleeper()
        let client = makeClient(server, http: http, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(30), maxDelay: .milliseconds(60)),
                                sleeper: sleeper, jitter: RandomJitter())
        _ = try await client.converse(system: nil, prompt: "hi")
        #expect(server.converseCalls.count == 3)
        // The exact delays are asserted with a recording sleeper above; here that the real sleeper is
        // asked for milliseconds and really waits them (a lower bound: no upper bound on a busy machine).
        let sleeps = sleeper.sleeps
        #expect(sleeps.count == 2)
        for (requested, slept) in sleeps {
            #expect(requested >= .zero && requested <= .milliseconds(60))   // full jitter: zero is a valid delay
            #expect(slept >= requested)
        }
    }

    @Test func exhaustedAttemptsGiveATypedError() async throws {
        let server = try LoopbackBedrockServer()
        server.enqueue(.serverError(500), times: 5)
        let client = makeClient(server, http: http)
        do {
            _ = try await client.converse(system: nil, prompt: "hi")
            Issue.record("expected a failure")
        } catch let BedrockError.service(e) {
            #expect(e.code == "InternalServerException")
            #expect(e.status == 500)
            #expect(e.modelId == "anthropic.claude-3-haiku-20240307-v1:0")
            #expect(e.region == "us-east-1")
            #expect(e.requestId != nil)
        }
        #expect(server.converseCalls.count == 3)
    }

    @Test(arguments: [502, 504])
    func gatewayErrorsWithoutCodesAreRetried(status: Int) async throws {
        let server = try LoopbackBedrockServer()
        server.enqueue(LoopbackBedrockServer.Fault(status: status, code: nil, message: "<html>bad gateway</html>"))
        let client = makeClient(server, http: http)
        _ = try await client.converse(system: nil, prompt: "hi")
        #expect(server.converseCalls.map(\.status) == [status, 200])
    }

    @Test(arguments: ["ValidationException", "AccessDeniedException", "ResourceNotFoundException"])
    func clientErrorsAreNeverRetried(code: String) async throws {
        let server = try LoopbackBedrockServer()
        server.enqueue(.error(code == "ResourceNotFoundException" ? 404 : code == "AccessDeniedException" ? 403 : 400, code, "nope"))
        let client = makeClient(server, http: http)
        await #expect(throws: BedrockError.self) { try await client.converse(system: nil, prompt: "hi") }
        #expect(server.converseCalls.count == 1)
    }

    @Test func errorCodeFromBodyTypeWhenNoHeader() async throws {
        let server = try LoopbackBedrockServer()
        var fault = LoopbackBedrockServer.Fault.throttle()
        fault.codeInBody = true
        server.enqueue(fault)
        let stats = BedrockStatistics()
        let client = makeClient(server, http: http, statistics: stats)
        _ = try await client.converse(system: nil, prompt: "hi")
        #expect(stats.snapshot.limits.lastErrorCode == "ThrottlingException")
    }

    @Test func malformedBodyIsAClearError() async throws {
        let server = try LoopbackBedrockServer()
        server.enqueue(.malformedBody)
        let client = makeClient(server, http: http)
        do {
            _ = try await client.converse(system: nil, prompt: "hi")
            Issue.record("expected a failure")
        } catch BedrockError.malformedResponse(let url, _) {
            #expect(url.contains("/converse"))
        }
    }

    @Test func slowResponseTimesOutAndIsRetried() async throws {
        let server = try LoopbackBedrockServer()
        server.enqueue(.slow(.milliseconds(1500)))
        let client = makeClient(server, http: http, timeout: .milliseconds(300))
        let r = try await client.converse(system: nil, prompt: "hi")
        #expect(r.retries == 1)
        // The slow call is logged when its (abandoned) answer is written.
        for _ in 0..<40 where server.converseCalls.count < 2 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(server.converseCalls.count == 2)
    }

    @Test func maxTokensStopIsReportedAsTruncation() async throws {
        let server = try LoopbackBedrockServer()
        server.setReply("partial", stopReason: "max_tokens")
        let r = try await makeClient(server, http: http).converse(system: nil, prompt: "hi")
        #expect(r.truncated)
        #expect(r.stopReason == "max_tokens")
    }

    @Test func regionsFailOver() async throws {
        let server = try LoopbackBedrockServer()
        server.enqueue(.serverError(503, code: "ServiceUnavailableException"), times: 2)
        let client = makeClient(server, http: http, regions: ["us-east-1", "us-west-2"],
                                retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2)))
        let r = try await client.converse(system: nil, prompt: "hi")
        #expect(r.region == "us-west-2")
        #expect(server.converseCalls.map(\.authentication) == ["sigv4:us-east-1", "sigv4:us-east-1", "sigv4:us-west-2"])
    }

    @Test func concurrencyIsCapped() async throws {
        let server = try LoopbackBedrockServer()
        for _ in 0..<8 { server.enqueue(.slow(.milliseconds(100))) }
        let client = makeClient(server, http: http, concurrency: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<8 { group.addTask { _ = try await client.converse(system: nil, prompt: "p\(i)") } }
            try await group.waitForAll()
        }
        #expect(server.converseCalls.count == 8)
        #expect(client.statistics.snapshot.requests == 8)
        #expect(server.maxConcurrentRequests <= 2)
        #expect(server.maxConcurrentRequests >= 1)
    }

    @Test func secretsNeverReachLogsOrErrors() async throws {
        let server = try LoopbackBedrockServer()
        let logs = LogCapture()
        server.enqueue(.throttle())
        server.requireInferenceProfile(for: "anthropic.claude-3-7-sonnet-20250219-v1:0")
        let creds = AWSCredentials(accessKeyId: testAccessKey, secretAccessKey: testSecret, sessionToken: "SESSIONTOKENSECRETVALUE")
        let client = makeClient(server, http: http, model: "anthropic.claude-3-7-sonnet-20250219-v1:0",
                                authentication: .sigV4(creds), logger: logs.logger)
        var errorText = ""
        do { _ = try await client.converse(system: nil, prompt: "hi") } catch { errorText = "\(error)" }
        for secret in [testSecret, "SESSIONTOKENSECRETVALUE", "K7MDENG"] {
            #expect(!logs.text.contains(secret))
            #expect(!errorText.contains(secret))
        }
    }
}

