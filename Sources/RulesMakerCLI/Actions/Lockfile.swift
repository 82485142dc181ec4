import Emit
import Fetch
import Foundation
import Link
import RulesMakerCore
import Yams

/// `rules-maker.lock`: what the last batch compiled, per source — the pages with their content
/// hashes, the outputs with theirs, and everything else the output depends on (tool version,
/// templates, prompts, extractor and model, settings). Written deterministically (sorted, no dates).
public struct Lockfile: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var path: String
        public var sha256: String
    }

    public struct Page: Codable, Equatable, Sendable {
        public var url: String
        public var sha256: String
    }

    public struct Source: Codable, Equatable, Sendable {
        public var name: String
        public var extractor: String
        public var model: String
        public var settings: String
        public var templates: String
        public var prompts: String
        public var pages: [Page]
        public var outputs: [Entry]
    }

    public var version: Int = 1
    public var tool: String = RulesMakerVersion.string
    public var sources: [Source] = []

    public init() {}

    static let header = "# rules-maker.lock — written by `rules-maker batch`; commit it, do not edit it.\n"

    public static func load(path: String) throws(UsageError) -> Lockfile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try YAMLDecoder().decode(Lockfile.self, from: String(decoding: data, as: UTF8.self))
        } catch {
            throw UsageError("\(path): not a valid lockfile (\(error)); delete it to start afresh")
        }
    }

    public func encoded() -> String {
        var copy = self
        copy.sources.sort { $0.name < $1.name }
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = false
        encoder.options.width = -1
        let body = (try? encoder.encode(copy)) ?? ""
        return Self.header + body
    }

    /// The entry for `name`, if any.
    public func source(_ name: String) -> Source? { sources.first { $0.name == name } }

    /// This lockfile with `updated` replacing same-named entries (others are kept).
    public func merging(_ updated: [Source]) -> Lockfile {
        var copy = self
        copy.tool = RulesMakerVersion.string
        let names = Set(updated.map(\.name))
        copy.sources = sources.filter { !names.contains($0.name) } + updated
        copy.sources.sort { $0.name < $1.name }
        return copy
    }

    /// Keeps only the sources still in the manifest.
    public func pruned(to names: Set<String>) -> Lockfile {
        var copy = self
        copy.sources = sources.filter { names.contains($0.name) }
        return copy
    }
}

/// A fingerprint of the settings that shape a source's output.
struct SettingsFingerprint: Codable {
    var inputs: [String]
    var targets: [String]
    var maxPages: Int
    var maxDepth: Int
    var include: [String]
    var exclude: [String]
    var maxRuleBytes: Int
    var maxChunkTokens: Int
    var globs: [String]?
    var topicGlobs: [String: [String]]
    var baseURL: String?
    var prefix: String?
    /// `--rerank` provider and its settings (absent when off or at their defaults, so lockfiles written
    /// without them keep their hash).
    var rerank: String?
    var rerankCandidates: Int?
    var rerankCondense: Bool?
    /// The model's token limits, which bound the rank prompt and answer (recorded only with --rerank).
    var maxPromptTokens: Int?
    var maxOutputTokens: Int?
    /// The guidance floor (`min_page_score`), absent at its default so that earlier lockfiles keep their hash; 0 when off.
    var minPageScore: Double?
    /// The most topics (`max_topics`), absent at its default for the same reason.
    var maxTopics: Int?

    init(_ s: CompileSettings) {
        inputs = s.inputs
        targets = s.targets.map(\.rawValue)
        maxPages = s.crawl.maxPages
        maxDepth = s.crawl.maxDepth
        include = s.include
        exclude = s.exclude
        maxRuleBytes = s.link.maxRuleBytesPerPage
        maxChunkTokens = s.maxChunkTokens
        globs = s.globs
        topicGlobs = s.topicGlobs
        baseURL = s.baseURL
        prefix = s.filePrefix
        rerank = s.llm.rerank
        if s.minimumPageScore != CompileSettings.defaultMinimumPageScore { minPageScore = s.minimumPageScore ?? 0 }
        if s.link.maxTopics != LinkOptions().maxTopics { maxTopics = s.link.maxTopics }
        if s.llm.rerank != nil {
            rerankCandidates = s.llm.rerankCandidates == LLMSettings().rerankCandidates ? nil : s.llm.rerankCandidates
            rerankCondense = s.llm.rerankCondense ? true : nil
            maxPromptTokens = s.llm.maxPromptTokens
            maxOutputTokens = s.llm.maxOutputTokens
        }
    }

    var hash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return ContentHash.sha256Hex((try? encoder.encode(self)) ?? Data())
    }
}

/// A small line diff for `--check` reports.
enum LineDiff {
    /// Up to `limit` lines of `-old` / `+new`, from a longest-common-subsequence alignment.
    static func render(old: String, new: String, limit: Int = 20) -> [String] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard a.count * b.count <= 4_000_000 else { return ["  (\(a.count) lines → \(b.count) lines; too large to diff)"] }
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while (i < a.count || j < b.count) && out.count < limit {
            if i < a.count && j < b.count && a[i] == b[j] { i += 1; j += 1 }
            else if j < b.count && (i == a.count || lcs[i][j + 1] >= lcs[i + 1][j]) { out.append("  +" + b[j]); j += 1 }
            else { out.append("  -" + a[i]); i += 1 }
        }
        if i < a.count || j < b.count { out.append("  …") }
        return out
    }
}
