import Foundation
import Synchronization

/// A Bedrock-compatible server on 127.0.0.1 for tests. It speaks the real wire format — Converse
/// (`POST /model/{modelId}/converse`), `ListInferenceProfiles` (`GET /inference-profiles`, paginated),
/// `GetInferenceProfile` and STS `GetCallerIdentity` — verifies every request's SigV4 signature
/// (independently of the client's signer) or bearer key, and can be scripted per scenario.
public final class LoopbackBedrockServer: Sendable {
    /// A scripted failure, consumed by the next matching Converse call.
    public struct Fault: Sendable {
        public var status: Int
        public var code: String?
        public var message: String
        public var headers: [(name: String, value: String)]
        /// Answer only after this long (slow responses, timeouts).
        public var delay: Duration?
        /// Answer 200 with a body that is not a Converse answer.
        public var malformed: Bool
        /// Only calls for this model id (decoded) consume the fault; nil: any.
        public var modelId: String?
        /// Put the code in the body's `__type` instead of the `x-amzn-ErrorType` header.
        public var codeInBody: Bool

        public init(status: Int, code: String?, message: String, headers: [(name: String, value: String)] = [],
                    delay: Duration? = nil, malformed: Bool = false, modelId: String? = nil, codeInBody: Bool = false) {
            self.status = status
            self.code = code
            self.message = message
            self.headers = headers
            self.delay = delay
            self.malformed = malformed
            self.modelId = modelId
            self.codeInBody = codeInBody
        }

        public static func throttle(retryAfter: String? = nil, amzRetryAfterMs: String? = nil, modelId: String? = nil) -> Fault {
            var h: [(name: String, value: String)] = []
            if let retryAfter { h.append(("Retry-After", retryAfter)) }
            if let amzRetryAfterMs { h.append(("x-amz-retry-after", amzRetryAfterMs)) }
            return Fault(status: 429, code: "ThrottlingException", message: "Too many requests, please wait before trying again.",
                         headers: h, modelId: modelId)
        }

        public static func serverError(_ status: Int = 500, code: String? = "InternalServerException") -> Fault {
            Fault(status: status, code: code, message: "The server encountered an internal error.")
        }

        public static func error(_ status: Int, _ code: String, _ message: String) -> Fault {
            Fault(status: status, code: code, message: message)
        }

        public static func slow(_ delay: Duration) -> Fault {
            Fault(status: 200, code: nil, message: "", delay: delay)
        }

        public static let malformedBody = Fault(status: 200, code: nil, message: "", malformed: true)
    }

    /// A profile the control plane lists.
    public struct Profile: Sendable {
        public var id: String
        public var modelArns: [String]
        public var type: String
        public init(id: String, modelArns: [String], type: String = "SYSTEM_DEFINED") {
            self.id = id
            self.modelArns = modelArns
            self.type = type
        }
    }

    /// One request as the server understood it.
    public struct Call: Sendable {
        public enum Kind: String, Sendable { case converse, listInferenceProfiles, getInferenceProfile, getCallerIdentity, other }
        public var kind: Kind
        /// The decoded model id (Converse) or profile id (GetInferenceProfile).
        public var modelId: String?
        public var raw: RecordedRequest
        public var status: Int
        public var errorCode: String?
        /// The SigV4 outcome or `bearer`.
        public var authentication: String
        /// Converse `system[0].text` and first user text.
        public var system: String?
        public var prompt: String?
        public var received: ContinuousClock.Instant { raw.received }
    }

    private struct State: Sendable {
        var faults: [Fault] = []
        var profileOnly: Set<String> = []
        var profiles: [Profile] = []
        var calls: [Call] = []
        var reply = "OK"
        var stopReason = "end_turn"
        var inputTokens = 12
        var outputTokens = 3
        var pageSize = 2
        var responder: (@Sendable (_ system: String?, _ prompt: String?) -> String?)?
    }

    private let state = Mutex(State())
    private let http: Mutex<LoopbackHTTPServer?> = Mutex(nil)
    public let verifier: LoopbackSigV4Verifier
    public let bearerTokens: Set<String>
    public let accountId: String
    /// The server's clock for signature expiry (tests move it).
    private let clockOffset = Mutex<TimeInterval>(0)

    public static let profileRequiredTemplate =
        "Invocation of model ID %@ with on-demand throughput isn\u{2019}t supported. Retry your request with the ID or ARN of an inference profile that contains this model."

    public init(secrets: [String: String] = ["AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"],
                bearerTokens: Set<String> = [], accountId: String = "123456789012") throws {
        verifier = LoopbackSigV4Verifier(secrets: secrets)
        self.bearerTokens = bearerTokens
        self.accountId = accountId
        let server = try LoopbackHTTPServer { [weak self] request in
            guard let self else { return .notFound }
            return self.handle(request)
        }
        http.withLock { $0 = server }
    }

    deinit { stop() }

    public var baseURL: String { http.withLock { $0!.baseURL } }
    public func stop() { http.withLock { $0?.stop() } }

    // MARK: - Scripting

    /// Direct (on-demand) calls for this model fail with the profile-required ValidationException.
    public func requireInferenceProfile(for modelId: String) { state.withLock { _ = $0.profileOnly.insert(modelId) } }
    public func addProfile(_ profile: Profile) { state.withLock { $0.profiles.append(profile) } }
    /// Adds a system-defined profile `<scope>.<modelId>` routing to `regions`.
    public func addProfile(scope: String, modelId: String, regions: [String]) {
        addProfile(Profile(id: "\(scope).\(modelId)", modelArns: regions.map { "arn:aws:bedrock:\($0)::foundation-model/\(modelId)" }))
    }
    public func enqueue(_ fault: Fault, times: Int = 1) {
        state.withLock { s in for _ in 0..<times { s.faults.append(fault) } }
    }
    public func setReply(_ text: String, stopReason: String = "end_turn", inputTokens: Int = 12, outputTokens: Int = 3) {
        state.withLock { $0.reply = text; $0.stopReason = stopReason; $0.inputTokens = inputTokens; $0.outputTokens = outputTokens }
    }
    /// Answers Converse calls with `responder(system, prompt)` when it returns text (else the fixed reply).
    public func setResponder(_ responder: @escaping @Sendable (_ system: String?, _ prompt: String?) -> String?) {
        state.withLock { $0.responder = responder }
    }
    public func setPageSize(_ n: Int) { state.withLock { $0.pageSize = max(1, n) } }
    /// Moves the server clock (positive: the server thinks it is later than the client).
    public func setClockOffset(_ seconds: TimeInterval) { clockOffset.withLock { $0 = seconds } }

    public var calls: [Call] { state.withLock { $0.calls } }
    /// The largest number of requests answered at the same time.
    public var maxConcurrentRequests: Int { http.withLock { $0?.maxConcurrentRequests ?? 0 } }
    public var converseCalls: [Call] { calls.filter { $0.kind == .converse } }
    public func clearLog() { state.withLock { $0.calls.removeAll() } }

    // MARK: - Handling

    private func handle(_ request: RecordedRequest) -> ServerResponse {
        let path = request.path
        var call = Call(kind: .other, modelId: nil, raw: request, status: 200, errorCode: nil, authentication: "none")
        let response: ServerResponse
        if request.method == "POST", path.hasPrefix("/model/"), path.hasSuffix("/converse") {
            call.kind = .converse
            let encoded = String(path.dropFirst("/model/".count).dropLast("/converse".count))
            call.modelId = encoded.removingPercentEncoding ?? encoded
            response = authenticate(request, service: "bedrock", call: &call) ?? converse(request, call: &call)
        } else if request.method == "GET", path == "/inference-profiles" {
            call.kind = .listInferenceProfiles
            response = authenticate(request, service: "bedrock", call: &call) ?? listProfiles(request)
        } else if request.method == "GET", path.hasPrefix("/inference-profiles/") {
            call.kind = .getInferenceProfile
            let encoded = String(path.dropFirst("/inference-profiles/".count))
            call.modelId = encoded.removingPercentEncoding ?? encoded
            response = authenticate(request, service: "bedrock", call: &call) ?? getProfile(call.modelId ?? "")
        } else if request.method == "POST", path == "/", String(decoding: request.body, as: UTF8.self).contains("Action=GetCallerIdentity") {
            call.kind = .getCallerIdentity
            response = authenticate(request, service: "sts", call: &call, bearerAllowed: false) ?? callerIdentity(call)
        } else {
            response = Self.error(404, "UnknownOperationException", "no route for \(request.method) \(path)")
        }
        call.status = response.status
        if response.status >= 300 {
            call.errorCode = response.headers.first { $0.name.lowercased() == "x-amzn-errortype" }?.value
                ?? (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["__type"] as? String
        }
        state.withLock { $0.calls.append(call) }
        return response
    }

    /// nil when the request is authentic; an AWS error response otherwise.
    private func authenticate(_ request: RecordedRequest, service: String, call: inout Call, bearerAllowed: Bool = true) -> ServerResponse? {
        if let auth = request.header("authorization"), auth.hasPrefix("Bearer ") {
            let token = String(auth.dropFirst("Bearer ".count))
            guard bearerAllowed, bearerTokens.contains(token) else {
                call.authentication = "bearer-rejected"
                return Self.error(403, "UnrecognizedClientException", "Invalid API Key format or unknown API key.")
            }
            call.authentication = "bearer"
            return nil
        }
        let now = Date().addingTimeInterval(clockOffset.withLock { $0 })
        switch verifier.verify(request, now: now) {
        case .valid(_, let region, let signedService):
            guard signedService == service else {
                call.authentication = "wrong-service:\(signedService)"
                return Self.error(403, "InvalidSignatureException", "Credential should be scoped to correct service: '\(service)'.")
            }
            call.authentication = "sigv4:\(region)"
            return nil
        case .invalid(let code, let message):
            call.authentication = "invalid:\(code)"
            return Self.error(code == "UnrecognizedClientException" ? 403 : 403, code, message)
        }
    }

    private func converse(_ request: RecordedRequest, call: inout Call) -> ServerResponse {
        let model = call.modelId ?? ""
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        call.system = ((body?["system"] as? [[String: Any]])?.first?["text"]) as? String
        call.prompt = (((body?["messages"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])?.first?["text"]) as? String
        guard body?["messages"] != nil else {
            return Self.error(400, "ValidationException", "Malformed input request: messages is required.")
        }
        let (fault, s) = state.withLock { s -> (Fault?, State) in
            if let i = s.faults.firstIndex(where: { $0.modelId == nil || $0.modelId == model }) {
                return (s.faults.remove(at: i), s)
            }
            return (nil, s)
        }
        if let fault {
            if let delay = fault.delay {
                Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
            }
            if fault.malformed { return .json("{\"output\": {\"mess", status: 200) }
            if let code = fault.code {
                if fault.codeInBody {
                    return .json(Self.json(["__type": "com.amazon.coral.service#\(code)", "message": fault.message]), status: fault.status,
                                 headers: fault.headers)
                }
                return Self.error(fault.status, code, fault.message, extra: fault.headers)
            }
            if fault.status >= 300 {
                return ServerResponse(status: fault.status, headers: fault.headers, body: Array(fault.message.utf8))
            }
        }
        if s.profileOnly.contains(model) {
            return Self.error(400, "ValidationException", String(format: Self.profileRequiredTemplate, model))
        }
        let usage: [String: Any] = ["inputTokens": s.inputTokens, "outputTokens": s.outputTokens, "totalTokens": s.inputTokens + s.outputTokens]
        let answer: [String: Any] = [
            "output": ["message": ["role": "assistant", "content": [["text": s.responder?(call.system, call.prompt) ?? s.reply]]]],
            "stopReason": s.stopReason, "usage": usage, "metrics": ["latencyMs": 42],
        ]
        return .json(Self.json(answer), headers: [("x-amzn-RequestId", UUID().uuidString)])
    }

    private func profileJSON(_ p: Profile) -> [String: Any] {
        [
            "inferenceProfileId": p.id,
            "inferenceProfileArn": "arn:aws:bedrock:us-east-1:\(accountId):inference-profile/\(p.id)",
            "inferenceProfileName": p.id, "status": "ACTIVE", "type": p.type,
            "models": p.modelArns.map { ["modelArn": $0] },
        ]
    }

    private func listProfiles(_ request: RecordedRequest) -> ServerResponse {
        var query: [String: String] = [:]
        let target = request.target
        if let q = target.firstIndex(of: "?") {
            for pair in target[target.index(after: q)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                let k = String(kv[0]).removingPercentEncoding ?? String(kv[0])
                query[k] = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? "") : ""
            }
        }
        let (profiles, pageSize) = state.withLock { s in (s.profiles.filter { query["typeEquals"] == nil || $0.type == query["typeEquals"] }, s.pageSize) }
        // Tokens contain characters that must be encoded in the query (+, /, =).
        var start = 0
        if let token = query["nextToken"] {
            guard token.hasPrefix("p+/"), let n = Int(token.dropFirst(3).dropLast(1)) else {
                return Self.error(400, "ValidationException", "invalid nextToken")
            }
            start = n
        }
        let size = min(pageSize, Int(query["maxResults"] ?? "") ?? pageSize)
        let page = Array(profiles.dropFirst(start).prefix(size))
        var answer: [String: Any] = ["inferenceProfileSummaries": page.map(profileJSON)]
        if start + size < profiles.count { answer["nextToken"] = "p+/\(start + size)=" }
        return .json(Self.json(answer))
    }

    private func getProfile(_ id: String) -> ServerResponse {
        let profile = state.withLock { s in s.profiles.first { $0.id == id || id.hasSuffix("inference-profile/\($0.id)") } }
        guard let profile else { return Self.error(404, "ResourceNotFoundException", "Inference profile \(id) not found.") }
        return .json(Self.json(profileJSON(profile)))
    }

    private func callerIdentity(_ call: Call) -> ServerResponse {
        let key = call.raw.header("authorization")?.components(separatedBy: "Credential=").last?.components(separatedBy: "/").first ?? "?"
        let xml = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>arn:aws:iam::\(accountId):user/loopback</Arn>
            <UserId>\(key)</UserId>
            <Account>\(accountId)</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>
        """
        return .text(xml, contentType: "text/xml")
    }

    static func error(_ status: Int, _ code: String, _ message: String, extra: [(name: String, value: String)] = []) -> ServerResponse {
        .json(json(["message": message]), status: status,
              headers: [("x-amzn-ErrorType", "\(code):http://internal.amazon.com/coral/com.amazon.bedrock/"),
                        ("x-amzn-RequestId", UUID().uuidString)] + extra)
    }

    static func json(_ object: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
    }
}
