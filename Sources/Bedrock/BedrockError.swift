import Fetch
import Foundation

/// An error answered by an AWS service, with everything needed to act on it.
public struct AWSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The AWS error code, e.g. `ThrottlingException` (empty when the service gave none).
    public var code: String
    public var status: Int
    public var message: String
    public var requestId: String?
    public var modelId: String?
    public var region: String?
    /// `Retry-After` / `x-amz-retry-after` when the service sent one.
    public var retryAfter: Duration?

    public init(code: String, status: Int, message: String, requestId: String? = nil, modelId: String? = nil,
                region: String? = nil, retryAfter: Duration? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.requestId = requestId
        self.modelId = modelId
        self.region = region
        self.retryAfter = retryAfter
    }

    public var description: String {
        var s = "\(code.isEmpty ? "HTTP \(status)" : code) (HTTP \(status))"
        if let modelId { s += " model \(modelId)" }
        if let region { s += " in \(region)" }
        s += ": \(message.isEmpty ? "no message" : message)"
        if let requestId { s += " [request id \(requestId)]" }
        return s
    }

    /// Throttling as opposed to other retryable failures.
    public var isThrottling: Bool {
        ["ThrottlingException", "TooManyRequestsException", "Throttling", "ThrottledException",
         "RequestLimitExceeded", "ServiceQuotaExceededException"].contains(code) || status == 429
    }
}

/// Everything the Bedrock engine can fail with.
public enum BedrockError: Error, Sendable, CustomStringConvertible {
    /// The service answered with an error (after retries when it was retryable).
    case service(AWSServiceError)
    /// No HTTP response (after retries when the failure was transient).
    case transport(HTTPError, modelId: String?, region: String?)
    /// A 2xx response whose body could not be understood.
    case malformedResponse(url: String, reason: String)
    /// The model needs an inference profile and the catalog knows none for it in this region.
    case inferenceProfileRequired(modelId: String, region: String, modelsNeedingProfiles: [String])
    /// No credentials could be resolved.
    case noCredentials(tried: [String])
    /// A credentials source exists but cannot be used.
    case invalidCredentials(source: String, reason: String)
    /// Every configured region failed; the errors in order.
    case allRegionsFailed(modelId: String, errors: [String])
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .service(let e): return e.description
        case .transport(let e, let model, let region):
            return "Bedrock request failed" + (model.map { " for model \($0)" } ?? "") + (region.map { " in \($0)" } ?? "")
                + ": \(e)"
        case .malformedResponse(let url, let reason): return "\(url): malformed Bedrock response (\(reason))"
        case .inferenceProfileRequired(let model, let region, let models):
            return "model \(model) needs an inference profile in \(region), but none is known for it"
                + " (models needing profiles so far: \(models.joined(separator: ", ")));"
                + " run `rules-maker bedrock profiles --refresh --region \(region)` or use a profile id as --model-id"
        case .noCredentials(let tried):
            return "no AWS credentials found (tried: \(tried.joined(separator: ", "))); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,"
                + " AWS_BEARER_TOKEN_BEDROCK, --profile or --credentials-csv"
        case .invalidCredentials(let source, let reason): return "cannot use credentials from \(source): \(reason)"
        case .allRegionsFailed(let model, let errors):
            return "model \(model) failed in every configured region: " + errors.joined(separator: "; ")
        case .invalidConfiguration(let s): return "invalid Bedrock configuration: \(s)"
        }
    }

    /// Configuration and credential problems (exit code 2) as opposed to failed calls (exit code 1).
    public var isUsageError: Bool {
        switch self {
        case .invalidConfiguration, .noCredentials, .invalidCredentials: return true
        default: return false
        }
    }

    /// The AWS error code, when there is one.
    public var awsCode: String? {
        if case .service(let e) = self { return e.code }
        return nil
    }

    /// A one-line hint a user can act on.
    public var hint: String? {
        switch self {
        case .service(let e):
            switch e.code {
            case "AccessDeniedException":
                return "the credentials have no access to this model: enable it under Bedrock › Model access and allow bedrock:InvokeModel / bedrock:Converse"
            case "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException", "ExpiredTokenException", "InvalidClientTokenId":
                return "the key is wrong, expired or for another partition: check the credentials (and the machine clock)"
            case "ResourceNotFoundException":
                return "the model id is unknown in this region: check --model-id and --region"
            case "ValidationException" where InferenceProfileDetector.detect(e.message) != nil:
                return "the model needs an inference profile: run `rules-maker bedrock profiles --refresh`"
            case "ValidationException":
                return "the request was rejected: check the model id and inference settings"
            default:
                if e.isThrottling { return "throttled: lower --concurrency or raise retry.max_attempts / the account quota" }
                return nil
            }
        case .transport: return "check the endpoint (--endpoint-url / AWS_ENDPOINT_URL_BEDROCK_RUNTIME), region and network"
        case .inferenceProfileRequired(_, let region, _):
            return "run `rules-maker bedrock profiles --refresh --region \(region)`"
        case .noCredentials: return "see docs/bedrock.md#credentials"
        default: return nil
        }
    }
}
