import ArgumentParser
import Bedrock
import Fetch
import Foundation

/// One kind of data `rules-maker cache` reports on and clears. The model-response cache is one
/// section; others (the HTTP cache) add theirs to `CacheCommand.sections(cacheDirectory:)`.
protocol CacheSection {
    /// `llm`, `http`, …: the value `--only` accepts.
    var name: String { get }
    var directory: String { get }
    /// Human-readable lines for `cache stats`.
    func statsLines() -> [String]
    /// The `cache stats --json` object of this section.
    func statsJSON() -> [String: Any]
    /// Removes the section's entries; returns one line saying what was removed.
    func clear() -> String
}

/// The model-response cache and the LLM spend windows in `<cache-dir>/llm/`.
struct LLMCacheSection: CacheSection {
    let name = "llm"
    let directory: String

    var cache: LLMResponseCache { LLMResponseCache(directory: directory + "/responses") }
    var budget: LLMBudget { LLMBudget(limits: .init(), path: directory + "/budget.json") }

    func statsLines() -> [String] {
        let s = cache.statistics()
        let spend = budget.spend
        var lines = ["llm responses: \(s.entries) entr\(s.entries == 1 ? "y" : "ies"), \(CacheCommand.size(s.bytes)) in \(s.directory)"]
        if s.expired > 0 { lines.append("  \(s.expired) older than the TTL (removed when next read)") }
        if let oldest = s.oldest, let newest = s.newest {
            lines.append("  oldest \(CacheCommand.date(oldest)), newest \(CacheCommand.date(newest))")
        }
        lines.append("llm spend: $\(String(format: "%.4f", spend.hour)) in the last hour, $\(String(format: "%.4f", spend.day)) in the last 24 hours")
        return lines
    }

    func statsJSON() -> [String: Any] {
        let s = cache.statistics()
        let spend = budget.spend
        var object: [String: Any] = ["directory": s.directory, "entries": s.entries, "bytes": s.bytes, "expired": s.expired,
                                     "spent_last_hour_usd": spend.hour, "spent_last_day_usd": spend.day]
        if let o = s.oldest { object["oldest"] = CacheCommand.date(o) }
        if let n = s.newest { object["newest"] = CacheCommand.date(n) }
        return object
    }

    /// Clears responses only: the spend windows are what budgets are enforced with.
    func clear() -> String {
        let removed = cache.clear()
        return "llm responses: removed \(removed.entries) entr\(removed.entries == 1 ? "y" : "ies") (\(CacheCommand.size(removed.bytes)))"
    }
}

/// The crawler's HTTP cache in `<cache-dir>/http/`: bodies with their validators, per URL, in one
/// SQLite database.
struct HTTPCacheSection: CacheSection {
    let name = "http"
    let directory: String

    var cache: HTTPCache { HTTPCache(directory: directory) }

    func statsLines() -> [String] {
        let s = cache.statistics()
        var lines = ["http: \(s.entries) entr\(s.entries == 1 ? "y" : "ies"), \(CacheCommand.size(s.bytes)) in \(directory) (\(CacheCommand.size(s.fileBytes)) on disk)"]
        if let oldest = s.oldest, let newest = s.newest {
            lines.append("  oldest \(CacheCommand.date(Date(timeIntervalSince1970: oldest))), newest \(CacheCommand.date(Date(timeIntervalSince1970: newest)))")
        }
        if s.oldLayoutFiles > 0 {
            lines.append("  \(s.oldLayoutFiles) file(s) of the old one-file-per-URL layout (\(CacheCommand.size(s.oldLayoutBytes))), unused: `cache clear` removes them")
        }
        return lines
    }

    func statsJSON() -> [String: Any] {
        let s = cache.statistics()
        var object: [String: Any] = ["directory": directory, "entries": s.entries, "bytes": s.bytes, "file_bytes": s.fileBytes,
                                     "old_layout_files": s.oldLayoutFiles, "old_layout_bytes": s.oldLayoutBytes]
        if let o = s.oldest { object["oldest"] = CacheCommand.date(Date(timeIntervalSince1970: o)) }
        if let n = s.newest { object["newest"] = CacheCommand.date(Date(timeIntervalSince1970: n)) }
        return object
    }

    func clear() -> String {
        let cache = cache
        let removed = cache.clear()
        var line = "cleared http: \(removed.entries) entr\(removed.entries == 1 ? "y" : "ies") (\(CacheCommand.size(removed.bytes)))"
        if removed.oldLayoutFiles > 0 { line += " and \(removed.oldLayoutFiles) file(s) of the old one-file-per-URL layout" }
        if let failure = cache.flush() { line += "; \(failure)" }
        return line
    }
}

/// Results of pages already compiled in `<cache-dir>/pages/` (`PageResultCache`).
struct PageResultCacheSection: CacheSection {
    let name = "pages"
    let directory: String

    var cache: PageResultCache { PageResultCache(directory: directory) }

    func statsLines() -> [String] {
        let s = cache.statistics()
        return ["pages: \(s.entries) compiled page result\(s.entries == 1 ? "" : "s"), \(CacheCommand.size(s.bytes)) in \(directory) (\(CacheCommand.size(s.fileBytes)) on disk)"]
    }

    func statsJSON() -> [String: Any] {
        let s = cache.statistics()
        return ["directory": directory, "entries": s.entries, "bytes": s.bytes, "file_bytes": s.fileBytes]
    }

    func clear() -> String {
        let removed = cache.clear()
        return "cleared pages: \(removed.entries) compiled page result\(removed.entries == 1 ? "" : "s") (\(CacheCommand.size(removed.bytes)))"
    }
}

/// `rules-maker cache stats|clear`.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or clear what rules-maker remembers between runs.",
        subcommands: [Stats.self, Clear.self])

    struct Options: ParsableArguments {
        @Option(name: .long, help: "Cache folder. (default: $RULES_MAKER_CACHE_DIR, $XDG_CACHE_HOME/rules-maker, else ~/.cache/rules-maker)")
        var cacheDir: String?

        @Option(name: .long, help: "Only this section (http, pages, llm).")
        var only: String?

        func sections() throws(UsageError) -> [any CacheSection] {
            let dir = cacheDir ?? CompileSettings.defaultCacheDirectory(environment: ProcessInfo.processInfo.environment)
            let all = CacheCommand.sections(cacheDirectory: dir)
            guard let only else { return all }
            let picked = all.filter { $0.name == only }
            if picked.isEmpty { throw UsageError("--only: unknown cache section '\(only)' (available: \(all.map(\.name).joined(separator: ", ")))") }
            return picked
        }
    }

    static func sections(cacheDirectory: String) -> [any CacheSection] {
        [HTTPCacheSection(directory: cacheDirectory + "/http"), PageResultCacheSection(directory: cacheDirectory + "/pages"),
         LLMCacheSection(directory: cacheDirectory + "/llm")]
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entries, size and age of each cache; LLM spend in the budget windows.")
        @OptionGroup var options: Options
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let sections = try options.sections()
            if json {
                var object: [String: Any] = [:]
                for s in sections { object[s.name] = s.statsJSON() }
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            } else {
                for s in sections { for line in s.statsLines() { print(line) } }
            }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove cached entries (LLM spend windows are kept).")
        @OptionGroup var options: Options

        func run() async throws {
            for s in try options.sections() { print(s.clear()) }
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) bytes" : bytes < 1 << 20 ? String(format: "%.1f KB", Double(bytes) / 1024) : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    static func date(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: d)
    }
}
