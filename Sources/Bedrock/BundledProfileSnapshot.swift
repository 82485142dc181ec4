import Foundation

/// A snapshot of the system-defined inference profiles (late 2025), used only when neither a live
/// `ListInferenceProfiles` nor a cached catalog is available. `rules-maker bedrock profiles --refresh`
/// replaces it with the account's real list.
enum BundledProfileSnapshot {
    static let date = Date(timeIntervalSince1970: 1_762_000_000)

    /// Geography scope → source/destination regions.
    static let geographies: [(scope: String, regions: [String])] = [
        ("us", ["us-east-1", "us-east-2", "us-west-1", "us-west-2"]),
        ("eu", ["eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2"]),
        ("apac", ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1",
                  "ap-southeast-2", "ap-southeast-4"]),
        ("jp", ["ap-northeast-1", "ap-northeast-3"]),
        ("au", ["ap-southeast-2", "ap-southeast-4"]),
        ("ca", ["ca-central-1", "ca-west-1"]),
        ("us-gov", ["us-gov-west-1", "us-gov-east-1"]),
    ]

    static let globalRegions = ["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-3",
                                "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "ca-central-1", "sa-east-1"]

    static let claude3 = ["anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-sonnet-20240229-v1:0"]
    static let claudeRecent = ["anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-7-sonnet-20250219-v1:0",
                               "anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0",
                               "anthropic.claude-haiku-4-5-20251001-v1:0"]
    static let nova = ["amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0"]

    static let models: [String: [String]] = [
        "us": claude3 + claudeRecent + nova + [
            "anthropic.claude-3-opus-20240229-v1:0", "anthropic.claude-3-5-haiku-20241022-v1:0",
            "anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic.claude-opus-4-20250514-v1:0",
            "anthropic.claude-opus-4-1-20250805-v1:0", "anthropic.claude-opus-4-5-20251101-v1:0",
            "amazon.nova-premier-v1:0", "meta.llama3-1-8b-instruct-v1:0", "meta.llama3-1-70b-instruct-v1:0",
            "meta.llama3-2-1b-instruct-v1:0", "meta.llama3-2-3b-instruct-v1:0", "meta.llama3-2-11b-instruct-v1:0",
            "meta.llama3-2-90b-instruct-v1:0", "meta.llama3-3-70b-instruct-v1:0", "meta.llama4-scout-17b-instruct-v1:0",
            "meta.llama4-maverick-17b-instruct-v1:0", "mistral.pixtral-large-2502-v1:0", "deepseek.r1-v1:0",
        ],
        "eu": claude3 + claudeRecent + nova + ["meta.llama3-2-1b-instruct-v1:0", "meta.llama3-2-3b-instruct-v1:0",
                                               "mistral.pixtral-large-2502-v1:0"],
        "apac": claude3 + claudeRecent + nova + ["anthropic.claude-3-5-sonnet-20241022-v2:0"],
        "jp": ["anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0"],
        "au": ["anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0"],
        "ca": ["anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0"],
        "us-gov": ["anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0",
                   "anthropic.claude-3-7-sonnet-20250219-v1:0"],
        "global": ["anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0",
                   "anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-opus-4-5-20251101-v1:0",
                   "amazon.nova-2-lite-v1:0"],
    ]

    /// The profiles callable from `region`.
    static func profiles(region: String) -> [InferenceProfile] {
        let partition = region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws"
        var out: [InferenceProfile] = []
        for (scope, regions) in geographies where regions.contains(region) {
            for model in models[scope] ?? [] {
                out.append(InferenceProfile(id: "\(scope).\(model)", name: "\(scope) \(model)",
                                            modelArns: regions.map { "arn:\(partition):bedrock:\($0)::foundation-model/\(model)" }))
            }
        }
        if globalRegions.contains(region) {
            for model in models["global"] ?? [] {
                out.append(InferenceProfile(id: "global.\(model)", name: "global \(model)",
                                            modelArns: globalRegions.map { "arn:aws:bedrock:\($0)::foundation-model/\(model)" }))
            }
        }
        return out
    }
}
