import Fetch
import Foundation

/// Service endpoints, with the overrides resolved by `BedrockConfiguration`.
public struct BedrockEndpoints: Sendable, Equatable {
    /// Replaces `https://bedrock-runtime.{region}.amazonaws.com` for every region.
    public var runtimeOverride: String?
    /// Replaces `https://bedrock.{region}.amazonaws.com`.
    public var controlOverride: String?
    /// Replaces `https://sts.{region}.amazonaws.com`.
    public var stsOverride: String?

    public init(runtimeOverride: String? = nil, controlOverride: String? = nil, stsOverride: String? = nil) {
        self.runtimeOverride = runtimeOverride
        self.controlOverride = controlOverride
        self.stsOverride = stsOverride
    }

    public func runtime(region: String) -> String { trim(runtimeOverride) ?? "https://bedrock-runtime.\(region).amazonaws.com" }
    public func control(region: String) -> String { trim(controlOverride) ?? "https://bedrock.\(region).amazonaws.com" }
    public func sts(region: String) -> String { trim(stsOverride) ?? "https://sts.\(region).amazonaws.com" }

    private func trim(_ url: String?) -> String? {
        guard var url = nonEmpty(url) else { return nil }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

/// Signs (or attaches the bearer key to) requests, sends them through `HTTPClient` and maps AWS errors.
public struct BedrockTransport: Sendable {
    public var http: HTTPClient
    public var authentication: BedrockAuthentication
    public var timeout: Duration
    /// The signing clock (tests move it to provoke expired signatures).
    public var now: @Sendable () -> Date

    public init(http: HTTPClient, authentication: BedrockAuthentication, timeout: Duration = .seconds(60),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.http = http
        self.authentication = authentication
        self.timeout = timeout
        self.now = now
    }

    /// Sends one request. `encodedPath` is already percent-encoded as it must appear on the wire.
    func send(method: String, baseURL: String, encodedPath: String, query: [(String, String)] = [],
              body: [UInt8]?, contentType: String?, region: String, service: String,
              modelId: String? = nil) async throws(BedrockError) -> HTTPResponse {
        var target = encodedPath
        if !query.isEmpty {
            target += "?" + query.map { SigV4Signer.uriEncode($0.0, keepSlash: false) + "=" + SigV4Signer.uriEncode($0.1, keepSlash: false) }
                .joined(separator: "&")
        }
        let (origin, basePath) = Self.split(baseURL)
        let fullTarget = basePath + target
        var headers: [(name: String, value: String)] = [("Host", Self.hostHeader(origin)), ("Accept", "application/json")]
        if let contentType { headers.append(("Content-Type", contentType)) }
        switch authentication {
        case .sigV4(let credentials):
            let signer = SigV4Signer(credentials: credentials, region: region, service: service)
            let signature = signer.sign(method: method, target: fullTarget, headers: headers, body: body ?? [], date: now())
            headers += signature.headersToAdd
        case .bearer(let token):
            headers.append(("Authorization", "Bearer \(token)"))
        }
        let request = HTTPRequest(url: origin + fullTarget, method: method, headers: headers, body: body, timeout: timeout,
                                  followRedirects: false)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as HTTPError {
            throw .transport(error, modelId: modelId, region: region)
        } catch {
            throw .transport(.transport(url: origin + fullTarget, code: -1, reason: "\(error)"), modelId: modelId, region: region)
        }
        guard (200..<300).contains(response.status) else {
            throw .service(Self.serviceError(response, modelId: modelId, region: region))
        }
        return response
    }

    /// Maps an error response: code from `x-amzn-ErrorType`, else the body's `__type` / `code` (or an
    /// XML `<Code>`), message from `message` / `Message`.
    public static func serviceError(_ response: HTTPResponse, modelId: String?, region: String?) -> AWSServiceError {
        var code = ""
        if let header = response.header("x-amzn-ErrorType") { code = cleanCode(header) }
        var message = ""
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        if let object {
            if code.isEmpty, let t = (object["__type"] ?? object["code"] ?? object["Code"]) as? String { code = cleanCode(t) }
            message = (object["message"] ?? object["Message"]) as? String ?? ""
        } else {
            let text = String(decoding: response.body, as: UTF8.self)
            if code.isEmpty, let c = xmlValue("Code", in: text) { code = c }
            message = xmlValue("Message", in: text) ?? String(text.prefix(300))
        }
        if code.isEmpty {
            switch response.status {
            case 429: code = "ThrottlingException"
            case 503: code = "ServiceUnavailableException"
            default: break
            }
        }
        let requestId = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        return AWSServiceError(code: code, status: response.status, message: message, requestId: requestId,
                               modelId: modelId, region: region, retryAfter: retryAfter(response))
    }

    /// `x-amz-retry-after` (milliseconds) or `Retry-After` (seconds, possibly fractional).
    static func retryAfter(_ response: HTTPResponse) -> Duration? {
        if let ms = response.header("x-amz-retry-after").flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), ms >= 0 {
            return .milliseconds(Int64(ms))
        }
        if let s = response.header("retry-after").flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), s >= 0 {
            return .milliseconds(Int64(s * 1000))
        }
        return nil
    }

    static func cleanCode(_ raw: String) -> String {
        var s = Substring(raw.trimmingCharacters(in: .whitespaces))
        if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
        if let hash = s.lastIndex(of: "#") { s = s[s.index(after: hash)...] }
        return String(s)
    }

    static func xmlValue(_ tag: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(tag)>"), let close = text.range(of: "</\(tag)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Splits `https://host:port/base` into origin and base path (no trailing slash).
    static func split(_ url: String) -> (origin: String, path: String) {
        guard let scheme = url.range(of: "://") else { return (url, "") }
        if let slash = url[scheme.upperBound...].firstIndex(of: "/") {
            var path = String(url[slash...])
            while path.hasSuffix("/") { path.removeLast() }
            return (String(url[..<slash]), path)
        }
        return (url, "")
    }

    /// The Host header for an origin: the port only when it is not the scheme's default.
    static func hostHeader(_ origin: String) -> String {
        guard let scheme = origin.range(of: "://") else { return origin }
        let authority = String(origin[scheme.upperBound...])
        let isHTTPS = origin.lowercased().hasPrefix("https")
        if authority.hasSuffix(":443") && isHTTPS { return String(authority.dropLast(4)) }
        if authority.hasSuffix(":80") && !isHTTPS { return String(authority.dropLast(3)) }
        return authority
    }

    /// The label encoding of a path segment (model ids, profile ids and ARNs): `:` → `%3A`, `/` → `%2F`.
    public static func encodeLabel(_ value: String) -> String { SigV4Signer.uriEncode(value, keepSlash: false) }
}
