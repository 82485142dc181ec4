import Foundation
import Synchronization

/// A loopback server speaking an OpenAI-compatible Chat Completions API (`POST /v1/chat/completions`)
/// or the Anthropic Messages API (`POST /v1/messages`), checking the API key, with scripted answers
/// and failures and a log of what it was asked.
public final class LoopbackLLMServer: Sendable {
    public enum Dialect: String, Sendable { case openAI = "openai", anthropic }

    /// One request as the server understood it.
    public struct Call: Sendable {
        public var model: String?
        public var system: String?
        public var prompt: String?
        public var status: Int
        public var raw: RecordedRequest
    }

    private struct State: Sendable {
        var calls: [Call] = []
        var failures: [Int] = []
        var responder: (@Sendable (_ system: String?, _ prompt: String?) -> String)?
        var reply = #"{"rules": []}"#
        var inputTokens = 100
        var outputTokens = 20
    }

    public let dialect: Dialect
    public let apiKey: String
    private let state = Mutex(State())
    private let http: Mutex<LoopbackHTTPServer?> = Mutex(nil)

    public init(dialect: Dialect, apiKey: String = "test-key") throws {
        self.dialect = dialect
        self.apiKey = apiKey
        let server = try LoopbackHTTPServer { [weak self] request in
            guard let self else { return .notFound }
            return self.handle(request)
        }
        http.withLock { $0 = server }
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT/v1` (OpenAI: the base URL clients append `/chat/completions` to).
    public var baseURL: String { http.withLock { $0!.baseURL } + (dialect == .openAI ? "/v1" : "") }
    public func stop() { http.withLock { $0?.stop() } }
    public var calls: [Call] { state.withLock { $0.calls } }

    public func setResponder(_ responder: @escaping @Sendable (_ system: String?, _ prompt: String?) -> String) {
        state.withLock { $0.responder = responder }
    }
    public func setReply(_ text: String, inputTokens: Int = 100, outputTokens: Int = 20) {
        state.withLock { $0.reply = text; $0.inputTokens = inputTokens; $0.outputTokens = outputTokens }
    }
    /// The next `times` calls answer with HTTP `status`.
    public func fail(status: Int, times: Int = 1) {
        state.withLock { s in for _ in 0..<times { s.failures.append(status) } }
    }

    private func handle(_ request: RecordedRequest) -> ServerResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        var call = Call(model: body?["model"] as? String, system: nil, prompt: nil, status: 200, raw: request)
        let response: ServerResponse
        switch dialect {
        case .openAI:
            let messages = body?["messages"] as? [[String: Any]] ?? []
            call.system = messages.first { $0["role"] as? String == "system" }?["content"] as? String
            call.prompt = messages.first { $0["role"] as? String == "user" }?["content"] as? String
            if request.method != "POST" || request.path != "/v1/chat/completions" {
                response = Self.json(["error": ["message": "no route", "type": "invalid_request_error"]], status: 404)
            } else if request.header("authorization") != "Bearer \(apiKey)" {
                response = Self.json(["error": ["message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"]], status: 401)
            } else {
                response = answer(call) { text, s in
                    ["id": "chatcmpl-1", "object": "chat.completion", "model": call.model ?? "",
                     "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]],
                     "usage": ["prompt_tokens": s.inputTokens, "completion_tokens": s.outputTokens, "total_tokens": s.inputTokens + s.outputTokens]]
                }
            }
        case .anthropic:
            call.system = body?["system"] as? String
            let messages = body?["messages"] as? [[String: Any]] ?? []
            call.prompt = ((messages.first?["content"] as? [[String: Any]])?.first?["text"]) as? String
            if request.method != "POST" || request.path != "/v1/messages" {
                response = Self.json(["type": "error", "error": ["type": "not_found_error", "message": "no route"]], status: 404)
            } else if request.header("x-api-key") != apiKey || request.header("anthropic-version") == nil {
                response = Self.json(["type": "error", "error": ["type": "authentication_error", "message": "invalid x-api-key"]], status: 401)
            } else {
                response = answer(call) { text, s in
                    ["id": "msg_1", "type": "message", "role": "assistant", "model": call.model ?? "",
                     "content": [["type": "text", "text": text]], "stop_reason": "end_turn",
                     "usage": ["input_tokens": s.inputTokens, "output_tokens": s.outputTokens]]
                }
            }
        }
        call.status = response.status
        state.withLock { $0.calls.append(call) }
        return response
    }

    private func answer(_ call: Call, _ shape: (String, State) -> [String: Any]) -> ServerResponse {
        let (failure, s) = state.withLock { s -> (Int?, State) in (s.failures.isEmpty ? nil : s.failures.removeFirst(), s) }
        if let failure {
            return Self.json(["error": ["message": "scripted failure", "type": failure == 429 ? "rate_limit_error" : "api_error"]], status: failure)
        }
        let text = s.responder?(call.system, call.prompt) ?? s.reply
        return Self.json(shape(text, s))
    }

    static func json(_ object: [String: Any], status: Int = 200) -> ServerResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return ServerResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(data))
    }
}

/// A model stand-in for tests: answers the extraction contract with one rule per prompt, naming the
/// prompt's first heading (or first line) so tests can find it in the emitted files.
public enum ContractResponder {
    /// `{"rules": [{"title", "rule": "<marker>: follow <heading>", "source": "#<anchor>"}]}`; repair and
    /// consolidation prompts get a well-formed copy of what they were sent, rank prompts (`--rerank`) the list
    /// in reverse order.
    public static func answer(system: String?, prompt: String?, marker: String = "LLM-RULE") -> String {
        let prompt = prompt ?? ""
        let system = system ?? ""
        if system.contains("cannot be used") {
            // A repair request: the prompt is the faulty answer; return a clean rule.
            return #"{"rules": [{"title": "Repaired", "rule": "\#(marker) repaired: always pass `timeout=` explicitly."}]}"#
        }
        if system.contains("Merge rules that say the same thing") {
            guard let data = prompt.data(using: .utf8),
                  let list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]], let first = list.first,
                  let source = first["source"] as? String else { return #"{"rules": []}"# }
            let object: [String: Any] = ["rules": [["title": "Merged", "rule": "\(marker) merged \(list.count) rules into one.", "source": source]]]
            return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        }
        if system.contains("You choose which rules an AI coding assistant most needs") {
            // --rerank: the numbered list in reverse (its last rule first), in prose and a fence as models answer.
            // Asked for shorter wordings, it offers the last rule without its first word (a deletion) and the
            // first rule in words of its own (to be refused).
            let lines = prompt.split(separator: "\n").filter { $0.first?.isNumber == true }
            let n = lines.count
            var condensed: [String: String] = [:]
            if system.contains("\"condensed\""), let last = lines.last?.split(separator: "] ", maxSplits: 1).last {
                let words = last.split(separator: " ")
                if words.count > 4, !words[0].contains("`") { condensed[String(n)] = words.dropFirst().joined(separator: " ") }
                if n > 1 { condensed["1"] = "Invented wording the rule never had." }
            }
            var object: [String: Any] = ["ranking": Array((1...max(1, n)).reversed())]
            if !condensed.isEmpty { object["condensed"] = condensed }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return "Ranking:\n```json\n" + String(decoding: data, as: UTF8.self) + "\n```"
        }
        let firstLine = prompt.split(separator: "\n").first.map(String.init) ?? "the section"
        let heading = firstLine.trimmingCharacters(in: CharacterSet(charactersIn: "# ")).replacingOccurrences(of: "\"", with: "'")
        let anchor = system.components(separatedBy: "this section is #").dropFirst().first?.split(separator: ")").first.map(String.init)
        var rule: [String: Any] = ["title": heading.isEmpty ? "Section" : String(heading.prefix(60)),
                                   "rule": "\(marker): follow the guidance of '\(String(heading.prefix(80)))' exactly.",
                                   "rationale": "The documentation says so."]
        if let anchor { rule["source"] = "#" + anchor }
        let data = (try? JSONSerialization.data(withJSONObject: ["rules": [rule]], options: [.sortedKeys])) ?? Data()
        return "Here are the rules:\n```json\n" + String(decoding: data, as: UTF8.self) + "\n```"
    }
}
