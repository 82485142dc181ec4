import Foundation
import Synchronization

/// Spending caps in USD (nil: no cap). A cap of 0 blocks every call that is not a cache hit.
public struct LLMBudgetLimits: Sendable, Equatable, Codable {
    public var hourlyUSD: Double?
    public var dailyUSD: Double?

    public init(hourlyUSD: Double? = nil, dailyUSD: Double? = nil) {
        self.hourlyUSD = hourlyUSD
        self.dailyUSD = dailyUSD
    }

    public var isUnlimited: Bool { hourlyUSD == nil && dailyUSD == nil }

    enum CodingKeys: String, CodingKey { case hourlyUSD = "hourly_usd", dailyUSD = "daily_usd" }
}

/// A call refused because a spending cap is reached.
public struct LLMBudgetExceeded: Error, Sendable, Equatable, CustomStringConvertible {
    /// `hourly` or `daily`.
    public var window: String
    public var capUSD: Double
    public var spentUSD: Double
    public var provider: String
    public var modelId: String

    public init(window: String, capUSD: Double, spentUSD: Double, provider: String, modelId: String) {
        self.window = window
        self.capUSD = capUSD
        self.spentUSD = spentUSD
        self.provider = provider
        self.modelId = modelId
    }

    public var description: String {
        let span = window == "hourly" ? "the last hour" : "the last 24 hours"
        let setting = window == "hourly" ? "budget.hourly_usd / RULES_MAKER_BUDGET_HOURLY_USD / --budget-hourly-usd"
                                         : "budget.daily_usd / RULES_MAKER_BUDGET_DAILY_USD / --budget-daily-usd"
        return "LLM budget exceeded: \(window) cap $\(Self.usd(capUSD)) reached ($\(Self.usd(spentUSD)) spent in \(span));"
            + " call to \(provider) model \(modelId) blocked (cached answers are still used; raise \(setting))"
    }

    static func usd(_ v: Double) -> String { String(format: "%.4f", v) }
}

/// Spend windows persisted across runs in `<cache-dir>/llm/budget.json`: every paid call's cost
/// with its time; the hourly and daily spend are the sums over the last 3,600 and 86,400 seconds.
///
/// Checked before each call that misses the cache. Calls already in flight when a cap is reached
/// still finish, so a run can end at most `concurrency` calls past a cap.
public final class LLMBudget: Sendable {
    public let limits: LLMBudgetLimits
    public let path: String?
    private let now: @Sendable () -> Date
    private let entries: Mutex<[Entry]>

    struct Entry: Codable, Equatable, Sendable { var t: Double; var usd: Double }
    struct File: Codable { var entries: [Entry] }

    public init(limits: LLMBudgetLimits, path: String?, now: @escaping @Sendable () -> Date = { Date() }) {
        self.limits = limits
        self.path = path
        self.now = now
        entries = Mutex(path.map(Self.read) ?? [])
    }

    static func read(_ path: String) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path),
              let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.entries
    }

    /// USD spent in the last hour and the last 24 hours (this run and earlier ones).
    public var spend: (hour: Double, day: Double) {
        let t = now().timeIntervalSince1970
        return entries.withLock { list in
            (list.filter { t - $0.t < 3600 }.reduce(0) { $0 + $1.usd }, list.filter { t - $0.t < 86_400 }.reduce(0) { $0 + $1.usd })
        }
    }

    /// Throws when a cap is reached (spend >= cap).
    public func check(provider: String, modelId: String) throws(LLMBudgetExceeded) {
        let s = spend
        if let cap = limits.hourlyUSD, s.hour >= cap {
            throw LLMBudgetExceeded(window: "hourly", capUSD: cap, spentUSD: s.hour, provider: provider, modelId: modelId)
        }
        if let cap = limits.dailyUSD, s.day >= cap {
            throw LLMBudgetExceeded(window: "daily", capUSD: cap, spentUSD: s.day, provider: provider, modelId: modelId)
        }
    }

    /// Records a paid call, merging with what other runs wrote meanwhile and dropping entries older
    /// than a day.
    public func record(costUSD: Double) {
        guard costUSD > 0 else { return }
        let t = now().timeIntervalSince1970
        entries.withLock { list in
            var merged = path.map(Self.read) ?? list
            for e in list where !merged.contains(e) { merged.append(e) }
            merged.append(Entry(t: t, usd: costUSD))
            merged.removeAll { t - $0.t >= 86_400 }
            list = merged
            if let path {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                if let data = try? encoder.encode(File(entries: merged)) { try? AtomicFile.write(Array(data), to: path) }
            }
        }
    }
}
