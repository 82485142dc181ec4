import Foundation
import Logging
import RulesMakerCore
import Synchronization

/// What was learned about reaching one model in one region.
public struct AccessPreference: Sendable, Codable, Equatable {
    public var modelId: String
    public var region: String
    public var preferDirect: Bool
    public var preferRegionalCRIS: Bool
    public var preferGlobalCRIS: Bool
    /// True when learned from a profile-required error (it then outranks a configured preference).
    public var learnedFromError: Bool
    /// The profile id that worked, for the CRIS methods.
    public var inferenceProfileId: String?
    public var lastUpdated: Date

    public init(modelId: String, region: String, method: AccessMethod, learnedFromError: Bool,
                inferenceProfileId: String?, lastUpdated: Date) {
        self.modelId = modelId
        self.region = region
        self.preferDirect = method == .direct
        self.preferRegionalCRIS = method == .regionalCRIS
        self.preferGlobalCRIS = method == .globalCRIS
        self.learnedFromError = learnedFromError
        self.inferenceProfileId = inferenceProfileId
        self.lastUpdated = lastUpdated
    }

    public var method: AccessMethod {
        preferGlobalCRIS ? .globalCRIS : preferRegionalCRIS ? .regionalCRIS : .direct
    }

    enum CodingKeys: String, CodingKey {
        case modelId = "model_id", region, preferDirect = "prefer_direct", preferRegionalCRIS = "prefer_regional_cris"
        case preferGlobalCRIS = "prefer_global_cris", learnedFromError = "learned_from_error"
        case inferenceProfileId = "inference_profile_id", lastUpdated = "last_updated"
    }
}

/// Learned access methods per (model, region), safe under concurrent use, persisted atomically to
/// `<cache-dir>/bedrock/access-preferences.json` whenever something changes.
public final class AccessPreferenceStore: Sendable {
    public let path: String?
    private let state: Mutex<[String: AccessPreference]>
    private let logger: Logger

    private struct File: Codable {
        var version: Int
        var preferences: [AccessPreference]
    }

    /// Loads what an earlier run learned; nil `path` keeps preferences in memory only.
    public init(path: String?, logger: Logger = Logger(label: "rules-maker.bedrock")) {
        self.path = path
        self.logger = logger
        var loaded: [String: AccessPreference] = [:]
        if let path, let data = FileManager.default.contents(atPath: path) {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            if let file = try? decoder.decode(File.self, from: data) {
                for p in file.preferences { loaded[Self.key(p.modelId, p.region)] = p }
            } else {
                logger.warning("ignoring unreadable access preferences at \(path)")
            }
        }
        state = Mutex(loaded)
    }

    static func key(_ model: String, _ region: String) -> String { "\(model)|\(region)" }

    public func preference(modelId: String, region: String) -> AccessPreference? {
        state.withLock { $0[Self.key(modelId, region)] }
    }

    public var all: [AccessPreference] {
        state.withLock { Array($0.values) }.sorted { ($0.modelId, $0.region) < ($1.modelId, $1.region) }
    }

    /// Records the method that worked. A preference learned from an error is not downgraded by a
    /// later success of the same method without one. Writes the file only when something changed.
    public func record(modelId: String, region: String, method: AccessMethod, inferenceProfileId: String?,
                       learnedFromError: Bool, now: Date = Date()) {
        let snapshot: [AccessPreference]? = state.withLock { prefs in
            let key = Self.key(modelId, region)
            let old = prefs[key]
            if let old, old.method == method, old.inferenceProfileId == inferenceProfileId,
               old.learnedFromError || !learnedFromError { return nil }
            let keepError = learnedFromError || (old?.method == method && old?.learnedFromError == true)
            prefs[key] = AccessPreference(modelId: modelId, region: region, method: method, learnedFromError: keepError,
                                          inferenceProfileId: inferenceProfileId,
                                          lastUpdated: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)))
            return Array(prefs.values)
        }
        guard let snapshot else { return }
        logger.debug("bedrock_learned model=\(modelId) region=\(region) access_method=\(method.rawValue) profile=\(inferenceProfileId ?? "-") learned_from_error=\(learnedFromError)")
        persist(snapshot)
    }

    /// Forgets what was learned (all, or one model).
    public func clear(modelId: String? = nil) {
        let snapshot = state.withLock { prefs -> [AccessPreference] in
            if let modelId { prefs = prefs.filter { $0.value.modelId != modelId } } else { prefs.removeAll() }
            return Array(prefs.values)
        }
        persist(snapshot)
    }

    private let writeLock = Mutex(())

    private func persist(_ prefs: [AccessPreference]) {
        guard let path else { return }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let sorted = prefs.sorted { ($0.modelId, $0.region) < ($1.modelId, $1.region) }
        guard let data = try? encoder.encode(File(version: 1, preferences: sorted)) else { return }
        // Serialise writers; the latest state is re-read inside the lock so a slower writer never
        // overwrites a newer snapshot with an older one.
        writeLock.withLock { _ in
            let latest = state.withLock { Array($0.values) }.sorted { ($0.modelId, $0.region) < ($1.modelId, $1.region) }
            let bytes = latest == sorted ? data : ((try? encoder.encode(File(version: 1, preferences: latest))) ?? data)
            do { try AtomicFile.write(Array(bytes), to: path) } catch {
                logger.warning("cannot save learned access preferences: \(error)")
            }
        }
    }
}

/// The order in which access methods are tried for one call.
public enum AccessPlanner {
    /// direct → regional CRIS → global CRIS, started at the preferred method: a preference learned
    /// from an error first, then a configured one, then one learned from success.
    public static func order(learned: AccessPreference?, configured: AccessMethod?) -> [AccessMethod] {
        let first: AccessMethod
        if let learned, learned.learnedFromError { first = learned.method }
        else if let configured { first = configured }
        else if let learned { first = learned.method }
        else { first = .direct }
        let knownToFailDirect = learned?.learnedFromError == true && learned?.method != .direct
        return [first] + AccessMethod.allCases.filter { $0 > first } + AccessMethod.allCases.filter {
            $0 < first && !($0 == .direct && knownToFailDirect)
        }
    }
}
