import Foundation
import Synchronization

/// Size and age limits of the response cache.
public struct LLMCacheLimits: Sendable, Equatable {
    /// Entries older than this are misses (and are deleted when met).
    public var ttl: Duration
    /// Past this many bytes on disk the oldest entries are evicted (down to 90%).
    public var maxBytes: Int

    public init(ttl: Duration = .seconds(30 * 86_400), maxBytes: Int = 256 << 20) {
        self.ttl = ttl
        self.maxBytes = maxBytes
    }
}

/// One cached model answer, as stored on disk.
public struct CachedLLMAnswer: Sendable, Codable, Equatable {
    public var text: String
    public var stopReason: String?
    public var truncated: Bool
    public var usage: TokenUsage
    public var provider: String
    public var modelId: String
    public var region: String?
    public var accessMethod: AccessMethod
    public var inferenceProfileId: String?
    /// What the original call cost.
    public var estimatedCostUSD: Double
    /// Seconds since 1970.
    public var storedAt: Double

    enum CodingKeys: String, CodingKey {
        case text, stopReason = "stop_reason", truncated, usage, provider, modelId = "model_id", region
        case accessMethod = "access_method", inferenceProfileId = "inference_profile_id"
        case estimatedCostUSD = "estimated_cost_usd", storedAt = "stored_at"
    }

    public init(_ response: LLMResponse, storedAt: Date) {
        text = response.text
        stopReason = response.stopReason
        truncated = response.truncated
        usage = response.usage
        provider = response.provider
        modelId = response.modelId
        region = response.region
        accessMethod = response.accessMethod
        inferenceProfileId = response.inferenceProfileId
        estimatedCostUSD = response.estimatedCostUSD
        self.storedAt = storedAt.timeIntervalSince1970
    }

    /// The answer as a response served from the cache: no call, no cost, no tokens spent now.
    public var response: LLMResponse {
        LLMResponse(text: text, stopReason: stopReason, truncated: truncated, usage: TokenUsage(), latencyMs: 0, provider: provider,
                    modelId: modelId, region: region, accessMethod: accessMethod, inferenceProfileUsed: inferenceProfileId != nil,
                    inferenceProfileId: inferenceProfileId, retries: 0, estimatedCostUSD: 0, fromCache: true)
    }
}

/// What `rules-maker cache stats` shows for the response cache.
public struct LLMCacheStatistics: Sendable, Codable, Equatable {
    public var directory: String
    public var entries: Int
    public var bytes: Int
    public var expired: Int
    public var oldest: Date?
    public var newest: Date?
}

/// The persistent model-response cache: one JSON file per entry under `<cache-dir>/llm/responses/`,
/// named by the sha256 key and written atomically, with a TTL and a size cap.
///
/// Keys are `sha256(provider | model | system | prompt | inference settings | prompt-template version)`,
/// so a changed prompt template, model or provider never serves a stale answer.
public final class LLMResponseCache: Sendable {
    public let directory: String
    public let limits: LLMCacheLimits
    private let now: @Sendable () -> Date
    /// Bytes on disk, learnt on first store (nil until then).
    private let totalBytes = Mutex<Int?>(nil)

    public init(directory: String, limits: LLMCacheLimits = .init(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.directory = directory
        self.limits = limits
        self.now = now
    }

    /// The cache key of one request to one provider.
    public static func key(provider: String, modelId: String, request: LLMRequest, promptVersion: String) -> String {
        let i = request.inference
        let inference = "\(i.maxTokens.map(String.init) ?? "-"),\(i.temperature.map { "\($0)" } ?? "-"),\(i.topP.map { "\($0)" } ?? "-"),\((i.stopSequences ?? []).joined(separator: "\u{1f}"))"
        let material = [provider, modelId, request.system ?? "", request.prompt, inference, promptVersion].joined(separator: "\u{1e}|")
        return ContentHash.sha256Hex(material)
    }

    func path(_ key: String) -> String { "\(directory)/\(key.prefix(2))/\(key).json" }

    /// The cached answer for `key`, unless missing, unreadable or older than the TTL.
    public func lookup(_ key: String) -> CachedLLMAnswer? {
        let file = path(key)
        guard let data = FileManager.default.contents(atPath: file),
              let entry = try? JSONDecoder().decode(CachedLLMAnswer.self, from: data) else { return nil }
        if now().timeIntervalSince1970 - entry.storedAt > Double(limits.ttl.components.seconds) {
            if unlink(file) == 0 { totalBytes.withLock { if $0 != nil { $0! -= data.count } } }
            return nil
        }
        return entry
    }

    /// Stores an answer; evicts the oldest entries when the cache grows past its size cap.
    /// Failures to write are ignored (the cache is an optimisation).
    @discardableResult
    public func store(_ key: String, _ answer: CachedLLMAnswer) -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(answer) else { return false }
        do { try AtomicFile.write(Array(data), to: path(key)) } catch { return false }
        let total = totalBytes.withLock { t -> Int in
            if t == nil { t = Self.scan(directory).reduce(0) { $0 + $1.bytes } } else { t! += data.count }
            return t!
        }
        if total > limits.maxBytes { evict() }
        return true
    }

    /// Deletes oldest entries until the cache is within 90% of its size cap.
    func evict() {
        let files = Self.scan(directory).sorted { ($0.modified, $0.path) < ($1.modified, $1.path) }
        var total = files.reduce(0) { $0 + $1.bytes }
        let target = limits.maxBytes / 10 * 9
        for f in files where total > target {
            if unlink(f.path) == 0 { total -= f.bytes }
        }
        totalBytes.withLock { $0 = total }
    }

    public func statistics() -> LLMCacheStatistics {
        let files = Self.scan(directory)
        let cutoff = now().addingTimeInterval(-Double(limits.ttl.components.seconds))
        return LLMCacheStatistics(directory: directory, entries: files.count, bytes: files.reduce(0) { $0 + $1.bytes },
                                  expired: files.filter { $0.modified < cutoff }.count,
                                  oldest: files.map(\.modified).min(), newest: files.map(\.modified).max())
    }

    /// Removes every entry; returns how many entries and bytes were removed.
    @discardableResult
    public func clear() -> (entries: Int, bytes: Int) {
        let files = Self.scan(directory)
        var removed = (entries: 0, bytes: 0)
        for f in files where unlink(f.path) == 0 { removed.entries += 1; removed.bytes += f.bytes }
        if let subdirs = try? FileManager.default.contentsOfDirectory(atPath: directory) {
            for d in subdirs { rmdir(directory + "/" + d) }
        }
        totalBytes.withLock { $0 = 0 }
        return removed
    }

    /// Entry files (`??/<sha>.json`) with size and modification time.
    static func scan(_ directory: String) -> [(path: String, bytes: Int, modified: Date)] {
        let fm = FileManager.default
        guard let subdirs = try? fm.contentsOfDirectory(atPath: directory) else { return [] }
        var out: [(path: String, bytes: Int, modified: Date)] = []
        for d in subdirs.sorted() where d.count == 2 {
            guard let names = try? fm.contentsOfDirectory(atPath: directory + "/" + d) else { continue }
            for n in names where n.hasSuffix(".json") && !n.hasPrefix(".") {
                let p = "\(directory)/\(d)/\(n)"
                guard let attributes = try? fm.attributesOfItem(atPath: p) else { continue }
                out.append((p, (attributes[.size] as? NSNumber)?.intValue ?? 0, attributes[.modificationDate] as? Date ?? .distantPast))
            }
        }
        return out
    }
}
