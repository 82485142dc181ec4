import Foundation
import Logging
import RulesMakerCore
import Synchronization

/// Recognises the ValidationException Bedrock returns when a model can only be invoked through an
/// inference profile:
/// "Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn’t
/// supported. Retry your request with the ID or ARN of an inference profile that contains this model."
public enum InferenceProfileDetector {
    /// The model id named in the message when it is the profile-required error, else nil.
    /// Case-insensitive; straight or curly apostrophes (or none).
    public static func detect(_ message: String) -> String? {
        let normalized = message.replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{2018}", with: "'")
            .replacingOccurrences(of: "`", with: "'")
        let lower = normalized.lowercased()
        guard lower.contains("on-demand throughput"),
              lower.contains("isn't supported") || lower.contains("isnt supported") || lower.contains("is not supported"),
              lower.contains("inference profile") else { return nil }
        // Extract the id after "model id " up to the next whitespace.
        guard let range = lower.range(of: "model id ") else { return "" }
        let start = normalized.index(normalized.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: range.upperBound))
        var id = normalized[start...].prefix { !$0.isWhitespace }
        while let last = id.last, last == "." || last == "," || last == ";" { id = id.dropLast() }
        return String(id)
    }

    /// Whether a service error is the profile-required one.
    public static func isProfileRequired(_ error: AWSServiceError) -> Bool {
        error.code == "ValidationException" && detect(error.message) != nil
    }
}

/// One inference profile as `ListInferenceProfiles` / `GetInferenceProfile` return it.
public struct InferenceProfile: Sendable, Codable, Equatable, Hashable {
    public var id: String
    public var arn: String?
    public var name: String?
    public var status: String?
    /// `SYSTEM_DEFINED` or `APPLICATION`.
    public var type: String?
    /// Foundation-model ARNs the profile routes to (one per destination region).
    public var modelArns: [String]

    public init(id: String, arn: String? = nil, name: String? = nil, status: String? = "ACTIVE",
                type: String? = "SYSTEM_DEFINED", modelArns: [String]) {
        self.id = id
        self.arn = arn
        self.name = name
        self.status = status
        self.type = type
        self.modelArns = modelArns
    }

    /// The part before the first dot for system-defined profiles (`us`, `eu`, `apac`, `global`, …).
    public var scope: String { String(id.prefix { $0 != "." }) }

    public var isGlobal: Bool { scope == "global" }

    /// The foundation-model ids the profile contains.
    public var modelIds: Set<String> {
        Set(modelArns.compactMap { arn in
            arn.range(of: "foundation-model/").map { String(arn[$0.upperBound...]) }
        })
    }

    /// Destination regions (from the model ARNs).
    public var regions: Set<String> {
        Set(modelArns.compactMap { arn in
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            return parts.count > 3 && !parts[3].isEmpty ? String(parts[3]) : nil
        })
    }

    public func contains(modelId: String) -> Bool {
        if modelIds.contains(modelId) { return true }
        return modelArns.isEmpty && id.hasSuffix("." + modelId)
    }

    public var isActive: Bool { status == nil || status?.uppercased() == "ACTIVE" }

    enum CodingKeys: String, CodingKey {
        case id = "inferenceProfileId", arn = "inferenceProfileArn", name = "inferenceProfileName", status, type
        case models
    }
    struct Model: Codable { var modelArn: String }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        arn = try c.decodeIfPresent(String.self, forKey: .arn)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        modelArns = (try c.decodeIfPresent([Model].self, forKey: .models) ?? []).map(\.modelArn)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(arn, forKey: .arn)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encode(modelArns.map { Model(modelArn: $0) }, forKey: .models)
    }
}

/// Where a region's profile list came from.
public enum CatalogSource: String, Sendable, Codable {
    case live, cache, staleCache = "stale-cache", bundled
}

/// The profiles known for one source region.
public struct RegionCatalog: Sendable, Codable, Equatable {
    public var region: String
    public var fetchedAt: Date
    public var source: CatalogSource
    public var profiles: [InferenceProfile]

    public init(region: String, fetchedAt: Date, source: CatalogSource, profiles: [InferenceProfile]) {
        self.region = region
        self.fetchedAt = fetchedAt
        self.source = source
        self.profiles = profiles
    }

    enum CodingKeys: String, CodingKey { case region, fetchedAt = "fetched_at", source, profiles }
}

/// Chooses inference profiles. Pure, so it can be tested by properties.
public enum InferenceProfileSelection {
    /// Whether an id is already an inference profile (a profile ARN, or an id the catalog lists, or
    /// a `<scope>.<provider>.<model>` id).
    public static func isProfileIdentifier(_ id: String, catalog: [InferenceProfile] = []) -> Bool {
        if id.hasPrefix("arn:") { return id.contains(":inference-profile/") || id.contains(":application-inference-profile/") }
        if catalog.contains(where: { $0.id == id }) { return true }
        // Foundation-model ids are `<provider>.<model>`; profile ids add a lower-case scope before them.
        let parts = id.split(separator: ".", maxSplits: 2)
        guard parts.count == 3 else { return false }
        return knownScopes.contains(String(parts[0]))
    }

    /// Scopes AWS has used for system-defined profiles; used only to recognise ids a user passes.
    static let knownScopes: Set<String> = ["us", "eu", "apac", "jp", "au", "ca", "us-gov", "global", "sa", "mx", "in", "me", "af", "il"]

    /// The profile for `modelId` reachable with `method` from `region`, from that region's catalog.
    ///
    /// Regional: an active, non-global profile containing the model whose destinations include the
    /// source region (profiles without model ARNs are accepted); among several, the one whose
    /// destinations include the region, then the fewest destinations, then by id. Global: an active
    /// `global.` profile containing the model.
    public static func select(modelId: String, region: String, method: AccessMethod,
                              from profiles: [InferenceProfile]) -> InferenceProfile? {
        let candidates = profiles.filter { $0.isActive && $0.contains(modelId: modelId) && ($0.type ?? "SYSTEM_DEFINED") == "SYSTEM_DEFINED" }
        switch method {
        case .direct:
            return nil
        case .globalCRIS:
            return candidates.filter(\.isGlobal).sorted { $0.id < $1.id }.first
        case .regionalCRIS:
            let regional = candidates.filter { !$0.isGlobal }
            return regional.sorted { a, b in
                let ai = a.regions.isEmpty || a.regions.contains(region), bi = b.regions.isEmpty || b.regions.contains(region)
                if ai != bi { return ai }
                if a.regions.count != b.regions.count { return a.regions.count < b.regions.count }
                return a.id < b.id
            }.first.flatMap { p in (p.regions.isEmpty || p.regions.contains(region)) ? p : nil }
        }
    }
}

/// Per-region inference-profile catalog: fetched with `ListInferenceProfiles`, cached on disk with a
/// TTL under `<cache-dir>/bedrock/profiles/<region>.json`, with a bundled snapshot for offline use.
public final class InferenceProfileCatalog: Sendable {
    /// Fetches every profile of a region (all pages).
    public typealias Fetcher = @Sendable (_ region: String) async throws(BedrockError) -> [InferenceProfile]

    public let directory: String?
    public let ttl: Duration
    private let fetcher: Fetcher?
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let memory = Mutex<[String: RegionCatalog]>([:])
    private let useBundled: Bool

    /// - Parameters:
    ///   - directory: where catalogs are cached (`<cache-dir>/bedrock/profiles`); nil keeps them in memory.
    ///   - fetcher: how to list profiles live; nil works offline (cache, then snapshot).
    public init(directory: String?, ttl: Duration = .seconds(24 * 3600), fetcher: Fetcher?, useBundledSnapshot: Bool = true,
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "rules-maker.bedrock")) {
        self.directory = directory
        self.ttl = ttl
        self.fetcher = fetcher
        self.now = now
        self.logger = logger
        self.useBundled = useBundledSnapshot
    }

    /// The catalog of a region: memory, then a fresh disk cache, then live (written to disk), then a
    /// stale cache, then the bundled snapshot. `refresh` goes live first and fails if that fails.
    public func catalog(region: String, refresh: Bool = false) async throws(BedrockError) -> RegionCatalog {
        if !refresh {
            if let m = memory.withLock({ $0[region] }) { return m }
            if let disk = readDisk(region: region), isFresh(disk) {
                let c = RegionCatalog(region: region, fetchedAt: disk.fetchedAt, source: .cache, profiles: disk.profiles)
                memory.withLock { $0[region] = c }
                return c
            }
        }
        if let fetcher {
            do {
                let profiles = try await fetcher(region)
                let c = RegionCatalog(region: region, fetchedAt: now(), source: .live, profiles: profiles)
                writeDisk(c)
                memory.withLock { $0[region] = c }
                return c
            } catch {
                if refresh { throw error }
                logger.info("inference profile catalog for \(region) could not be listed (\(error.codeForLog)); using the cached or bundled list")
            }
        } else if refresh {
            throw .invalidConfiguration("no control-plane client to refresh the inference profile catalog")
        }
        let c: RegionCatalog
        if let disk = readDisk(region: region) {
            c = RegionCatalog(region: region, fetchedAt: disk.fetchedAt, source: .staleCache, profiles: disk.profiles)
        } else {
            c = RegionCatalog(region: region, fetchedAt: BundledProfileSnapshot.date, source: .bundled,
                              profiles: useBundled ? BundledProfileSnapshot.profiles(region: region) : [])
        }
        memory.withLock { $0[region] = c }
        return c
    }

    /// The profile for a model and access method, or nil when the catalog has none.
    public func profile(for modelId: String, region: String, method: AccessMethod) async -> InferenceProfile? {
        guard method != .direct else { return nil }
        guard let c = try? await catalog(region: region) else { return nil }
        return InferenceProfileSelection.select(modelId: modelId, region: region, method: method, from: c.profiles)
    }

    /// Forgets the in-memory copy (the disk cache stays).
    public func invalidate(region: String) { memory.withLock { _ = $0.removeValue(forKey: region) } }

    private func path(region: String) -> String? {
        directory.map { "\($0)/\(Slug.make(region, fallback: "region")).json" }
    }

    private func isFresh(_ c: RegionCatalog) -> Bool {
        now().timeIntervalSince(c.fetchedAt) < Double(ttl.milliseconds) / 1000
    }

    private func readDisk(region: String) -> RegionCatalog? {
        guard let path = path(region: region), let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(RegionCatalog.self, from: data)
    }

    private func writeDisk(_ c: RegionCatalog) {
        guard let path = path(region: c.region) else { return }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(c) else { return }
        do { try AtomicFile.write(Array(data), to: path) } catch {
            logger.warning("cannot cache the inference profile catalog: \(error)")
        }
    }
}
