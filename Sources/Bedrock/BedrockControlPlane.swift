import Fetch
import Foundation

/// The Bedrock control plane (`bedrock.{region}.amazonaws.com`, signing name `bedrock`):
/// `ListInferenceProfiles` (all pages) and `GetInferenceProfile`.
public struct BedrockControlPlane: Sendable {
    public var transport: BedrockTransport
    public var endpoints: BedrockEndpoints
    public var retry: RetryManager
    public var pageSize: Int

    public init(transport: BedrockTransport, endpoints: BedrockEndpoints, retry: RetryManager, pageSize: Int = 100) {
        self.transport = transport
        self.endpoints = endpoints
        self.retry = retry
        self.pageSize = pageSize
    }

    private struct ListPage: Decodable {
        var inferenceProfileSummaries: [InferenceProfile]?
        var nextToken: String?
    }

    /// Every system-defined profile of a region, following `nextToken` (at most 100 pages).
    public func listInferenceProfiles(region: String, type: String = "SYSTEM_DEFINED") async throws(BedrockError) -> [InferenceProfile] {
        var all: [InferenceProfile] = []
        var token: String?
        var pages = 0
        repeat {
            var query: [(String, String)] = [("maxResults", String(pageSize)), ("typeEquals", type)]
            if let token { query.append(("nextToken", token)) }
            let base = endpoints.control(region: region)
            let transport = self.transport
            let q = query
            let response = try await retry.run { () async throws(BedrockError) -> HTTPResponse in
                try await transport.send(method: "GET", baseURL: base, encodedPath: "/inference-profiles", query: q, body: nil,
                                         contentType: nil, region: region, service: "bedrock")
            }
            guard let page = try? JSONDecoder().decode(ListPage.self, from: Data(response.body)) else {
                throw .malformedResponse(url: base + "/inference-profiles", reason: "not a ListInferenceProfiles answer")
            }
            all += page.inferenceProfileSummaries ?? []
            token = nonEmpty(page.nextToken)
            pages += 1
        } while token != nil && pages < 100
        return all
    }

    /// One profile by id or ARN.
    public func getInferenceProfile(_ identifier: String, region: String) async throws(BedrockError) -> InferenceProfile {
        let base = endpoints.control(region: region)
        let path = "/inference-profiles/" + BedrockTransport.encodeLabel(identifier)
        let transport = self.transport
        let response = try await retry.run { () async throws(BedrockError) -> HTTPResponse in
            try await transport.send(method: "GET", baseURL: base, encodedPath: path, body: nil, contentType: nil,
                                     region: region, service: "bedrock")
        }
        guard let profile = try? JSONDecoder().decode(InferenceProfile.self, from: Data(response.body)) else {
            throw .malformedResponse(url: base + path, reason: "not a GetInferenceProfile answer")
        }
        return profile
    }

    /// A fetcher for `InferenceProfileCatalog`.
    public var fetcher: InferenceProfileCatalog.Fetcher {
        { region async throws(BedrockError) -> [InferenceProfile] in try await self.listInferenceProfiles(region: region) }
    }
}

/// Who the SigV4 credentials belong to.
public struct CallerIdentity: Sendable, Equatable, Codable {
    public var account: String
    public var arn: String
    public var userId: String
}

/// STS `GetCallerIdentity` (query protocol, signing name `sts`).
public struct STSClient: Sendable {
    public var transport: BedrockTransport
    public var endpoints: BedrockEndpoints

    public init(transport: BedrockTransport, endpoints: BedrockEndpoints) {
        self.transport = transport
        self.endpoints = endpoints
    }

    public func getCallerIdentity(region: String) async throws(BedrockError) -> CallerIdentity {
        let base = endpoints.sts(region: region)
        let response = try await transport.send(method: "POST", baseURL: base, encodedPath: "/",
                                                body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8),
                                                contentType: "application/x-www-form-urlencoded; charset=utf-8",
                                                region: region, service: "sts")
        let text = String(decoding: response.body, as: UTF8.self)
        if let account = BedrockTransport.xmlValue("Account", in: text), let arn = BedrockTransport.xmlValue("Arn", in: text) {
            return CallerIdentity(account: account, arn: arn, userId: BedrockTransport.xmlValue("UserId", in: text) ?? "")
        }
        struct JSONAnswer: Decodable {
            struct R: Decodable { var Account: String; var Arn: String; var UserId: String? }
            struct W: Decodable { var GetCallerIdentityResult: R }
            var GetCallerIdentityResponse: W
        }
        if let j = try? JSONDecoder().decode(JSONAnswer.self, from: Data(response.body)) {
            let r = j.GetCallerIdentityResponse.GetCallerIdentityResult
            return CallerIdentity(account: r.Account, arn: r.Arn, userId: r.UserId ?? "")
        }
        throw .malformedResponse(url: base, reason: "not a GetCallerIdentity answer")
    }
}
