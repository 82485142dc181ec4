import ArgumentParser
import Fetch
import Foundation

/// `rules-maker cache stats | clear`: what rules-maker remembers between runs, one section per cache.
///
/// Each cache contributes a `CacheSection`; `stats` prints every section, `clear` empties them
/// (or only the ones named with `--only`).
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or clear what rules-maker keeps between runs.",
        subcommands: [Stats.self, Clear.self]
    )

    struct Location: ParsableArguments {
        @Option(name: .long, help: "Cache folder. (default: $RULES_MAKER_CACHE_DIR, else $XDG_CACHE_HOME/rules-maker, else ~/.cache/rules-maker)")
        var cacheDir: String?

        var directory: String {
            cacheDir ?? CompileSettings.defaultCacheDirectory(environment: ProcessInfo.processInfo.environment)
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stats", abstract: "Entries and sizes of each cache.")
        @OptionGroup var location: Location
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() async throws {
            let sections = CacheSection.all(in: location.directory)
            if json {
                var object: [String: [String: Int]] = [:]
                for s in sections { object[s.name] = ["entries": s.entries, "bytes": s.bytes, "damaged": s.damaged] }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(object), as: UTF8.self))
                return
            }
            print("cache: \(location.directory)")
            for s in sections {
                var line = "  \(s.name): \(s.entries) entr\(s.entries == 1 ? "y" : "ies"), \(CacheSection.format(bytes: s.bytes)) (\(s.path))"
                if s.damaged > 0 { line += ", \(s.damaged) damaged (refetched on the next run)" }
                print(line)
            }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "clear", abstract: "Empty the caches.")
        @OptionGroup var location: Location
        @Option(name: .long, help: "Clear only this cache (http).") var only: String?

        func run() async throws {
            let sections = CacheSection.all(in: location.directory)
            if let only, !sections.contains(where: { $0.name == only }) {
                throw UsageError("--only: unknown cache '\(only)' (available: \(sections.map(\.name).joined(separator: ", ")))")
            }
            for s in sections where only == nil || s.name == only {
                let removed = s.clear()
                print("cleared \(s.name): \(removed.entries) entr\(removed.entries == 1 ? "y" : "ies"), \(CacheSection.format(bytes: removed.bytes))")
            }
        }
    }
}

/// One cache below the cache folder, as `cache stats` and `cache clear` see it.
struct CacheSection {
    var name: String
    var path: String
    var entries: Int
    var bytes: Int
    var damaged: Int
    var clear: () -> (entries: Int, bytes: Int)

    /// Every cache rules-maker keeps. Add a section here for each new cache.
    static func all(in directory: String) -> [CacheSection] {
        [http(in: directory)]
    }

    /// The HTTP cache of the crawler (`<cache-dir>/http`).
    static func http(in directory: String) -> CacheSection {
        let cache = HTTPCache(directory: directory + "/http")
        let stats = cache.statistics()
        return CacheSection(name: "http", path: cache.directory, entries: stats.entries, bytes: stats.bytes, damaged: stats.damaged) {
            let removed = cache.clear()
            return (removed.entries, removed.bytes)
        }
    }

    static func format(bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        if bytes < 1 << 30 { return String(format: "%.1f MiB", Double(bytes) / 1048576) }
        return String(format: "%.2f GiB", Double(bytes) / 1073741824)
    }
}
