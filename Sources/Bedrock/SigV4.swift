import Crypto
import Foundation

/// AWS credentials for Signature Version 4.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    /// Never shows the secret or the token.
    public var description: String {
        "AWSCredentials(accessKeyId: \(Secret.mask(accessKeyId)), secretAccessKey: \(Secret.mask(secretAccessKey))"
            + (sessionToken.map { ", sessionToken: \(Secret.mask($0))" } ?? "") + ")"
    }
    public var debugDescription: String { description }
}

/// Masking of secrets for logs, errors and `--show-config`.
public enum Secret {
    /// All but the last four characters replaced by `*` (at most 8 stars, so the length leaks little).
    public static func mask(_ secret: String) -> String {
        guard secret.count > 4 else { return String(repeating: "*", count: secret.count) }
        return String(repeating: "*", count: min(8, secret.count - 4)) + secret.suffix(4)
    }
}

/// The pieces of a signed request, kept for tests and debugging.
public struct SigV4Signature: Sendable {
    public var canonicalRequest: String
    public var stringToSign: String
    public var signature: String
    public var authorization: String
    /// Headers the caller must add to the request: `X-Amz-Date`, `X-Amz-Security-Token`,
    /// `X-Amz-Content-Sha256` when requested, and `Authorization`.
    public var headersToAdd: [(name: String, value: String)]
}

/// AWS Signature Version 4 (header signing), written to agree with botocore and the AWS test suite.
///
/// The path passed in is the path **as it appears on the request line**: for Bedrock that is the
/// path with the model id already percent-encoded (`/model/anthropic.claude-v2%3A1/converse`), and the
/// canonical URI encodes it once more (`%253A`), as every AWS service except S3 expects. Dot segments
/// and repeated slashes are removed before encoding. Query parameters are decoded, strictly
/// re-encoded and sorted.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    /// The signing name: `bedrock` for both the runtime and control-plane hosts, `sts` for STS.
    public var service: String
    /// Whether to add and sign `X-Amz-Content-Sha256` (S3 style; Bedrock does not need it).
    public var signBodyHash: Bool
    /// Whether the session token is signed (true for every service but a few legacy ones).
    public var signSessionToken: Bool

    /// Headers never signed, because clients and proxies add or rewrite them.
    public static let unsignedHeaders: Set<String> = [
        "authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "connection",
        "accept-encoding", "proxy-authorization", "te", "upgrade", "keep-alive",
    ]

    public init(credentials: AWSCredentials, region: String, service: String = "bedrock",
                signBodyHash: Bool = false, signSessionToken: Bool = true) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.signBodyHash = signBodyHash
        self.signSessionToken = signSessionToken
    }

    /// Signs a request. `target` is the path and query exactly as on the request line; `headers`
    /// must include `Host`.
    public func sign(method: String, target: String, headers: [(name: String, value: String)],
                     body: [UInt8], date: Date) -> SigV4Signature {
        let amzDate = Self.amzDate(date)
        let day = String(amzDate.prefix(8))
        let payloadHash = Self.sha256Hex(body)
        var added: [(name: String, value: String)] = [("X-Amz-Date", amzDate)]
        if signBodyHash { added.append(("X-Amz-Content-Sha256", payloadHash)) }
        if let token = credentials.sessionToken, signSessionToken { added.append(("X-Amz-Security-Token", token)) }
        var signed = headers
        signed.removeAll { h in added.contains { $0.name.lowercased() == h.name.lowercased() } }
        signed += added
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(signed)
        let (path, query) = Self.splitTarget(target)
        let canonicalRequest = [
            method.uppercased(), Self.canonicalURI(path), Self.canonicalQuery(query),
            canonicalHeaders, signedHeaders, payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Self.sha256Hex(Array(canonicalRequest.utf8))]
            .joined(separator: "\n")
        let key = Self.signingKey(secret: credentials.secretAccessKey, day: day, region: region, service: service)
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        if let token = credentials.sessionToken, !signSessionToken { added.append(("X-Amz-Security-Token", token)) }
        added.append(("Authorization", authorization))
        return SigV4Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
                              authorization: authorization, headersToAdd: added)
    }

    // MARK: - Canonical forms

    static func signingKey(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (block: String, signed: String) {
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            let n = name.lowercased().trimmingCharacters(in: .whitespaces)
            if unsignedHeaders.contains(n) { continue }
            values[n, default: []].append(trimAll(value))
        }
        let names = values.keys.sorted()
        let block = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// Trims and collapses runs of whitespace to one space (the suite does this inside quotes too).
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .joined(separator: " ")
    }

    static func splitTarget(_ target: String) -> (path: String, query: String) {
        guard let q = target.firstIndex(of: "?") else { return (target, "") }
        return (String(target[..<q]), String(target[target.index(after: q)...]))
    }

    /// RFC 3986 dot-segment removal plus collapsing of empty segments (what botocore does).
    static func normalizePath(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var out: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { if !out.isEmpty { out.removeLast() }; continue }
            out.append(segment)
        }
        let trailing = path.hasSuffix("/") && !out.isEmpty ? "/" : ""
        return "/" + out.joined(separator: "/") + trailing
    }

    static func canonicalURI(_ path: String) -> String {
        uriEncode(normalizePath(path), keepSlash: true)
    }

    /// Query parameters decoded, re-encoded strictly, sorted by key then value.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        var pairs: [(String, String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = percentDecode(String(kv[0]))
            let value = kv.count > 1 ? percentDecode(String(kv[1])) : ""
            pairs.append((uriEncode(key, keepSlash: false), uriEncode(value, keepSlash: false)))
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// AWS URI encoding: everything but `A-Za-z0-9-._~` (and `/` when asked) as `%XX`, upper-case hex.
    public static func uriEncode(_ string: String, keepSlash: Bool) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out += "%" + hexByte(byte)
            }
        }
        return out
    }

    static func percentDecode(_ string: String) -> String {
        var bytes: [UInt8] = []
        var rest = Array(string.utf8)[...]
        while let b = rest.popFirst() {
            if b == UInt8(ascii: "%"), rest.count >= 2,
               let v = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                rest = rest.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef")
        var s = ""
        for b in bytes { s.append(digits[Int(b >> 4)]); s.append(digits[Int(b & 15)]) }
        return s
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// `YYYYMMDD'T'HHMMSS'Z'` in UTC.
    public static func amzDate(_ date: Date) -> String {
        var t = time_t(floor(date.timeIntervalSince1970))
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }

    /// Parses `YYYYMMDD'T'HHMMSS'Z'`.
    public static func parseAmzDate(_ s: String) -> Date? {
        let c = Array(s.utf8)
        guard c.count == 16, c[8] == UInt8(ascii: "T"), c[15] == UInt8(ascii: "Z") else { return nil }
        func num(_ r: Range<Int>) -> Int32? { Int32(String(decoding: c[r], as: UTF8.self)) }
        guard let y = num(0..<4), let mo = num(4..<6), let d = num(6..<8), let h = num(9..<11),
              let mi = num(11..<13), let se = num(13..<15) else { return nil }
        var parts = tm()
        parts.tm_year = y - 1900; parts.tm_mon = mo - 1; parts.tm_mday = d
        parts.tm_hour = h; parts.tm_min = mi; parts.tm_sec = se
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
