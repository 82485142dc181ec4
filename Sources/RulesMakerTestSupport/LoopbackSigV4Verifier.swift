import Crypto
import Foundation

/// Checks AWS Signature Version 4 on a request exactly as the loopback server received it.
///
/// Written separately from the Bedrock module's signer (no shared code), so the end-to-end tests
/// are not circular: it rebuilds the canonical request from the raw request-line target, the
/// received header lines and body bytes, and recomputes the signature.
public struct LoopbackSigV4Verifier: Sendable {
    /// Access key id → secret access key.
    public var secrets: [String: String]
    /// Allowed clock skew (AWS allows 5 minutes).
    public var maxSkew: TimeInterval

    public init(secrets: [String: String], maxSkew: TimeInterval = 300) {
        self.secrets = secrets
        self.maxSkew = maxSkew
    }

    public enum Outcome: Sendable, Equatable {
        case valid(accessKeyId: String, region: String, service: String)
        /// AWS-style failure: code and message.
        case invalid(code: String, message: String)
    }

    public func verify(_ request: RecordedRequest, now: Date) -> Outcome {
        guard let auth = request.header("authorization") else {
            return .invalid(code: "MissingAuthenticationTokenException", message: "Missing Authentication Token")
        }
        guard auth.hasPrefix("AWS4-HMAC-SHA256 ") else {
            return .invalid(code: "IncompleteSignatureException", message: "Unsupported authorization scheme")
        }
        var fields: [String: String] = [:]
        for item in auth.dropFirst("AWS4-HMAC-SHA256 ".count).components(separatedBy: ",") {
            let kv = item.trimmingCharacters(in: .whitespaces)
            if let eq = kv.firstIndex(of: "=") { fields[String(kv[..<eq])] = String(kv[kv.index(after: eq)...]) }
        }
        guard let credential = fields["Credential"], let signedHeaderList = fields["SignedHeaders"],
              let signature = fields["Signature"] else {
            return .invalid(code: "IncompleteSignatureException", message: "Authorization header requires Credential, SignedHeaders and Signature")
        }
        let scope = credential.components(separatedBy: "/")
        guard scope.count == 5, scope[4] == "aws4_request" else {
            return .invalid(code: "IncompleteSignatureException", message: "Malformed credential scope")
        }
        let (keyId, day, region, service) = (scope[0], scope[1], scope[2], scope[3])
        guard let secret = secrets[keyId] else {
            return .invalid(code: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
        }
        guard let amzDate = request.header("x-amz-date"), let signedAt = Self.date(amzDate) else {
            return .invalid(code: "IncompleteSignatureException", message: "X-Amz-Date header missing or malformed")
        }
        guard amzDate.hasPrefix(day) else {
            return .invalid(code: "InvalidSignatureException", message: "Credential scope date does not match X-Amz-Date")
        }
        if abs(now.timeIntervalSince(signedAt)) > maxSkew {
            return .invalid(code: "InvalidSignatureException",
                            message: "Signature expired: \(amzDate) is now earlier than the allowed window (\(Int(maxSkew)) s)")
        }
        let signedNames = signedHeaderList.components(separatedBy: ";")
        guard signedNames.contains("host"), signedNames.contains("x-amz-date") else {
            return .invalid(code: "InvalidSignatureException", message: "host and x-amz-date must be signed")
        }
        if request.header("x-amz-security-token") != nil && !signedNames.contains("x-amz-security-token") {
            return .invalid(code: "InvalidSignatureException", message: "x-amz-security-token must be signed")
        }
        var canonicalHeaders = ""
        for name in signedNames {
            let values = request.headers.filter { $0.name == name }.map { Self.squeeze($0.value) }
            guard !values.isEmpty else {
                return .invalid(code: "InvalidSignatureException", message: "signed header \(name) is missing")
            }
            canonicalHeaders += name + ":" + values.joined(separator: ",") + "\n"
        }
        let parts = request.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let canonical = [
            request.method,
            Self.encodePath(Self.removeDots(String(parts[0]))),
            Self.canonicalQuery(parts.count > 1 ? String(parts[1]) : ""),
            canonicalHeaders,
            signedHeaderList,
            Self.hexSHA256(request.body),
        ].joined(separator: "\n")
        let toSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(day)/\(region)/\(service)/aws4_request\n\(Self.hexSHA256(Array(canonical.utf8)))"
        var key = SymmetricKey(data: Data(("AWS4" + secret).utf8))
        for component in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(component.utf8), using: key)))
        }
        let expected = Data(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: key)).map { String(format: "%02x", $0) }.joined()
        guard expected == signature else {
            return .invalid(code: "InvalidSignatureException",
                            message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.")
        }
        return .valid(accessKeyId: keyId, region: region, service: service)
    }

    static func squeeze(_ s: String) -> String {
        s.components(separatedBy: .whitespacesAndNewlines).filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func removeDots(_ path: String) -> String {
        var stack: [String] = []
        for seg in path.components(separatedBy: "/") {
            switch seg {
            case "", ".": continue
            case "..": _ = stack.popLast()
            default: stack.append(seg)
            }
        }
        var out = "/" + stack.joined(separator: "/")
        if path.hasSuffix("/") && !stack.isEmpty { out += "/" }
        return out
    }

    static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    static func encode(_ s: String, slash: Bool) -> String {
        s.utf8.map { b -> String in
            if unreserved.contains(b) || (slash && b == UInt8(ascii: "/")) { return String(UnicodeScalar(b)) }
            return String(format: "%%%02X", b)
        }.joined()
    }

    /// Encodes the path as received: `%3A` on the wire becomes `%253A`.
    static func encodePath(_ s: String) -> String { encode(s, slash: true) }

    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        var pairs: [(key: String, value: String)] = []
        for pair in query.components(separatedBy: "&") where !pair.isEmpty {
            let kv = pair.components(separatedBy: "=")
            let k: String = kv[0].removingPercentEncoding ?? kv[0]
            let rawValue: String = kv.count > 1 ? kv[1...].joined(separator: "=") : ""
            let v: String = rawValue.removingPercentEncoding ?? rawValue
            pairs.append((encode(k, slash: false), encode(v, slash: false)))
        }
        pairs.sort { a, b in a.key == b.key ? a.value < b.value : a.key < b.key }
        return pairs.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    }

    static func hexSHA256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func date(_ s: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.date(from: s)
    }
}
