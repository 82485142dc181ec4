import Foundation
import Testing
@testable import Bedrock

/// The project root, for fixtures.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

struct SigV4Vector: Decodable, Sendable, CustomTestStringConvertible {
    struct Flags: Decodable, Sendable {
        var normalize: Bool
        var sign_body: Bool
        var omit_session_token: Bool?
    }
    struct Expected: Decodable, Sendable {
        var canonical_request: String
        var string_to_sign: String
        var signature: String
        var authorization: String
    }
    var id: String
    var method: String
    var path_as_in_request_line: String
    var headers: [[String]]
    var body: String
    var region: String
    var service: String
    var access_key_id: String
    var secret_access_key: String
    var session_token: String?
    var timestamp: String
    var suite_flags: Flags
    var expected: Expected

    var testDescription: String { id }

    static let all: [SigV4Vector] = {
        struct Suite: Decodable { var vectors: [SigV4Vector] }
        let data = FileManager.default.contents(atPath: packageRoot + "/Fixtures/sigv4/aws-sigv4-test-suite.json")!
        return try! JSONDecoder().decode(Suite.self, from: data).vectors
    }()

    /// The cases that apply to Bedrock (S3-style unnormalized paths do not).
    static let bedrockApplicable = all.filter { $0.suite_flags.normalize }
}

@Suite("SigV4 signer")
struct SigV4Tests {
    @Test("AWS SigV4 test suite", arguments: SigV4Vector.bedrockApplicable)
    func awsTestSuite(_ v: SigV4Vector) throws {
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyId: v.access_key_id, secretAccessKey: v.secret_access_key,
                                                             sessionToken: v.session_token),
                                 region: v.region, service: v.service, signBodyHash: v.suite_flags.sign_body,
                                 signSessionToken: !(v.suite_flags.omit_session_token ?? false))
        let date = try #require(SigV4Signer.parseAmzDate(v.timestamp))
        let s = signer.sign(method: v.method, target: v.path_as_in_request_line, headers: v.headers.map { ($0[0], $0[1]) },
                            body: Array(v.body.utf8), date: date)
        #expect(s.canonicalRequest == v.expected.canonical_request)
        #expect(s.stringToSign == v.expected.string_to_sign)
        #expect(s.signature == v.expected.signature)
        #expect(s.authorization == v.expected.authorization)
    }

    @Test func suiteHasTheExpectedCases() {
        #expect(SigV4Vector.bedrockApplicable.count >= 30)
    }

    @Test func bedrockModelIdIsEncodedOnTheWireAndAgainInTheCanonicalRequest() throws {
        let path = "/model/" + BedrockTransport.encodeLabel("anthropic.claude-3-haiku-20240307-v1:0") + "/converse"
        #expect(path == "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse")
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "SECRET"), region: "us-east-1")
        let s = signer.sign(method: "POST", target: path, headers: [("Host", "bedrock-runtime.us-east-1.amazonaws.com")],
                            body: [], date: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(s.canonicalRequest.split(separator: "\n")[1] == "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse")
        let arn = BedrockTransport.encodeLabel("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-2-1b-instruct-v1:0")
        #expect(arn == "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.meta.llama3-2-1b-instruct-v1%3A0")
    }

    @Test func dateRoundTrip() throws {
        let d = try #require(SigV4Signer.parseAmzDate("20150830T123600Z"))
        #expect(SigV4Signer.amzDate(d) == "20150830T123600Z")
    }

    @Test func secretsAreMasked() {
        let c = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                               sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN")
        let text = "\(c) \(String(reflecting: c)) \(BedrockAuthentication.sigV4(c)) \(BedrockAuthentication.bearer("ABSKsecretsecret1234"))"
        #expect(!text.contains("wJalrXUtnFEMI"))
        #expect(!text.contains("FwoGZXIvYXdz"))
        #expect(!text.contains("ABSKsecret"))
        #expect(text.contains("1234"))
        #expect(Secret.mask("abcdefgh") == "****efgh")
        #expect(Secret.mask("abc") == "***")
    }

    /// Differential test against botocore's signer on Bedrock-shaped requests.
    @Test func agreesWithBotocore() throws {
        guard let python = Self.pythonWithBotocore() else {
            print("SKIPPED agreesWithBotocore: python3 with botocore is not available on this machine")
            return
        }
        let models = ["anthropic.claude-3-haiku-20240307-v1:0", "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
                      "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "amazon.nova-micro-v1:0",
                      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-2-1b-instruct-v1:0",
                      "arn:aws:bedrock:eu-west-1::foundation-model/mistral.mistral-7b-instruct-v0:2",
                      "meta.llama3-8b-instruct-v1:0", "weird model+id/with~chars"]
        var cases: [[String: Any]] = []
        var mine: [SigV4Signature] = []
        for (i, model) in models.enumerated() {
            for token in [nil, "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token=="] {
                let region = ["us-east-1", "eu-west-1", "ap-northeast-1"][i % 3]
                let host = i % 2 == 0 ? "bedrock-runtime.\(region).amazonaws.com" : "127.0.0.1:\(8000 + i)"
                let path = "/model/" + BedrockTransport.encodeLabel(model) + "/converse"
                let body = "{\"messages\":[{\"content\":[{\"text\":\"Hi \(i) ü ☃\"}],\"role\":\"user\"}],\"system\":[{\"text\":\"be brief\"}]}"
                let headers = [("Host", host), ("Content-Type", "application/json"), ("Accept", "application/json")]
                let stamp = "2024\(String(format: "%02d", 1 + i))15T0\(i)3000Z"
                let creds = AWSCredentials(accessKeyId: "AKIDEXAMPLE\(i)", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\(i)",
                                           sessionToken: token)
                let signer = SigV4Signer(credentials: creds, region: region, service: "bedrock")
                mine.append(signer.sign(method: "POST", target: path, headers: headers, body: Array(body.utf8),
                                        date: SigV4Signer.parseAmzDate(stamp)!))
                cases.append(["method": "POST", "url": "https://\(host)\(path)", "headers": headers.map { [$0.0, $0.1] },
                              "body": body, "region": region, "service": "bedrock", "access_key_id": creds.accessKeyId,
                              "secret_access_key": creds.secretAccessKey, "session_token": token as Any, "timestamp": stamp])
            }
        }
        // Control plane: paginated list with a token that needs encoding.
        let listTarget = "/inference-profiles?maxResults=100&nextToken=" + SigV4Signer.uriEncode("ab+/c=", keepSlash: false) + "&typeEquals=SYSTEM_DEFINED"
        let creds = AWSCredentials(accessKeyId: "AKIDLIST", secretAccessKey: "listsecret")
        mine.append(SigV4Signer(credentials: creds, region: "us-west-2").sign(method: "GET", target: listTarget,
                    headers: [("Host", "bedrock.us-west-2.amazonaws.com")], body: [], date: SigV4Signer.parseAmzDate("20250301T000000Z")!))
        cases.append(["method": "GET", "url": "https://bedrock.us-west-2.amazonaws.com\(listTarget)",
                      "headers": [["Host", "bedrock.us-west-2.amazonaws.com"]], "body": "", "region": "us-west-2", "service": "bedrock",
                      "access_key_id": "AKIDLIST", "secret_access_key": "listsecret", "session_token": NSNull(), "timestamp": "20250301T000000Z"])

        let input = try JSONSerialization.data(withJSONObject: cases)
        let output = try Self.run(python, script: packageRoot + "/Fixtures/sigv4/botocore_sign.py", stdin: input)
        let theirs = try #require(try JSONSerialization.jsonObject(with: output) as? [[String: String]])
        #expect(theirs.count == mine.count)
        for (m, t) in zip(mine, theirs) {
            #expect(m.canonicalRequest == t["canonical_request"])
            #expect(m.authorization == t["authorization"])
        }
    }

    /// A python3 that can import botocore: from PATH first, then the usual places.
    static func pythonWithBotocore() -> String? {
        var candidates: [String] = []
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(dir)/python3")
        }
        candidates += ["/usr/bin/python3", "/usr/local/bin/python3"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, arguments: ["-c", "import botocore.auth"], stdin: Data())) != nil { return candidate }
        }
        return nil
    }

    static func run(_ executable: String, script: String, stdin: Data) throws -> Data {
        try run(executable, arguments: [script], stdin: stdin)
    }

    struct ProcessFailed: Error { var status: Int32; var stderr: String }

    static func run(_ executable: String, arguments: [String], stdin: Data) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        try p.run()
        inPipe.fileHandleForWriting.write(stdin)
        try inPipe.fileHandleForWriting.close()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ProcessFailed(status: p.terminationStatus, stderr: String(decoding: err, as: UTF8.self)) }
        return out
    }
}
