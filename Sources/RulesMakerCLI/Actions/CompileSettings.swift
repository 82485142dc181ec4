import Emit
import Fetch
import Foundation
import Link

/// Everything one compile needs, resolved once (flags > environment > config file > defaults).
public struct CompileSettings: Sendable {
    public var inputs: [String] = []
    public var targets: [Target] = [.cursor, .windsurf]
    public var outputDirectory: String = "."
    public var crawl = CrawlPolicy()
    public var link = LinkOptions()
    public var templatesDirectory: String?
    public var cacheDirectory: String
    public var extractor: String = "heuristic"
    /// The heuristic extractor's guidance floor (`min_page_score`): a page whose strongest statement scores below it
    /// gives no rules (`LinkOptions.minimumPageScore`); nil keeps every page.
    public var minimumPageScore: Double? = CompileSettings.defaultMinimumPageScore
    public static let defaultMinimumPageScore: Double? = 5
    public var maxChunkTokens: Int = 1500
    public var requestTimeout: Duration = .seconds(30)
    public var connectTimeout: Duration = .seconds(10)
    /// `--json FILE`: the per-page crawl report.
    public var jsonReport: String?
    public var userAgent: String = "rules-maker/\(RulesMakerVersion.string) (+https://github.com/rules-maker/rules-maker)"
    /// `--ca-cert FILE` / `ca_cert`: CA certificates (PEM) to verify HTTPS documentation servers with,
    /// instead of the system's store.
    public var caBundle: String?
    /// The published URL of a local input folder; rules then link there instead of to local paths.
    public var baseURL: String?
    /// Globs for every rule file, replacing the ones inferred from the documentation's language.
    public var globs: [String]?
    /// Globs per topic slug, overriding `globs` for that topic.
    public var topicGlobs: [String: [String]] = [:]
    /// URL path globs a page must match to be crawled (empty: everything in scope).
    public var include: [String] {
        get { crawl.include }
        set { crawl.include = newValue }
    }
    /// URL path globs of pages never crawled.
    public var exclude: [String] {
        get { crawl.exclude }
        set { crawl.exclude = newValue }
    }
    /// Prefix for rule file names (batch sources use their name, so sources can share a folder).
    public var filePrefix: String?
    /// Write nothing; report what would change.
    public var dryRun = false
    /// LLM extraction settings (used when `extractor` is a model provider, or with `--rerank`).
    public var llm = LLMSettings()

    /// The model provider of the run: the `--extractor` when it is a model, else the `--rerank` provider
    /// (nil: the run calls no model).
    public var modelProvider: String? { extractor != "heuristic" ? extractor : llm.rerank }

    /// One provider per run: `--rerank` with a model extractor must name that extractor.
    func checkModelProviders() throws(UsageError) {
        if let r = llm.rerank, extractor != "heuristic", r != extractor {
            throw UsageError("rerank provider \(r) (--rerank / llm.rerank) with extractor \(extractor) (--extractor / extractor): a compile uses one model provider; rerank with \(extractor), or use the heuristic extractor")
        }
    }

    public init(cacheDirectory: String) {
        self.cacheDirectory = cacheDirectory
    }

    /// Where the HTTP cache lives: `<cache-dir>/http`.
    public var httpCacheDirectory: String { cacheDirectory + "/http" }
    /// Where results of pages already compiled are kept (`PageResultCache`).
    public var pageResultCacheDirectory: String { cacheDirectory + "/pages" }
    /// `--no-page-cache`: parse and extract every page even when its result is cached.
    public var usePageResultCache = true

    /// `--cache-dir` default: `$XDG_CACHE_HOME/rules-maker`, else `~/.cache/rules-maker`.
    public static func defaultCacheDirectory(environment: [String: String]) -> String {
        if let d = environment["RULES_MAKER_CACHE_DIR"], !d.isEmpty { return d }
        if let x = environment["XDG_CACHE_HOME"], !x.isEmpty { return x + "/rules-maker" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/rules-maker"
    }

    /// Keys accepted in a configuration file (and in a manifest's `defaults:`).
    public static let configKeys: Set<String> = [
        "targets", "out", "max_pages", "max_depth", "concurrency", "templates", "cache_dir", "extractor",
        "max_rule_bytes", "max_rule_bytes_total", "max_topics", "min_page_score", "max_chunk_tokens", "timeout", "user_agent", "ca_cert", "base_url", "globs", "topic_globs",
        "ignore_robots", "sitemap", "include", "exclude", "max_connections", "delay", "max_page_bytes", "connect_timeout",
        "max_redirects", "retries", "offline",
    ]

    /// Relative paths in a configuration file are resolved against its folder.
    static func resolve(_ path: String, relativeTo base: String?) -> String {
        guard let base, !path.hasPrefix("/"), !path.hasPrefix("~") else { return path }
        return base == "." ? path : (base as NSString).appendingPathComponent(path)
    }

    /// Applies a configuration mapping; unknown keys and wrong types are collected in `issues`.
    /// Relative `out` and `templates` paths are resolved against `baseDirectory` (the file's folder).
    public mutating func apply(config m: ConfigMapping, issues: inout [ConfigIssue], context: String = "configuration", baseDirectory: String? = nil) {
        if context != "source" {
            issues += m.unknownKeys(allowed: Self.configKeys.union(["defaults", "sources", "bedrock", "budget", "providers", "llm"]), context: context)
        }
        if let t = m.stringList("targets", issues: &issues) {
            do { targets = try Target.parseList(t.joined(separator: ",")) } catch { issues.append(m.issue("targets", error.description)) }
        }
        if let o = m.string("out", issues: &issues) { outputDirectory = Self.resolve(o, relativeTo: baseDirectory) }
        if let n = m.int("max_pages", min: 1, issues: &issues) { crawl.maxPages = n }
        if let n = m.int("max_depth", min: 0, issues: &issues) { crawl.maxDepth = n }
        if let n = m.int("concurrency", min: 1, issues: &issues) { crawl.concurrency = n }
        if let t = m.string("templates", issues: &issues) { templatesDirectory = Self.resolve(t, relativeTo: baseDirectory) }
        if let c = m.string("cache_dir", issues: &issues) { cacheDirectory = c }
        if let e = m.string("extractor", issues: &issues) { extractor = e }
        if let n = m.int("max_rule_bytes", min: 200, issues: &issues) { link.maxRuleBytesPerPage = n }
        if let n = m.int("max_rule_bytes_total", min: 200, issues: &issues) { link.maxRuleBytesTotal = n }
        if let n = m.int("max_topics", min: 1, issues: &issues) { link.maxTopics = n }
        if let f = m.double("min_page_score", issues: &issues) { minimumPageScore = f > 0 ? f : nil }
        if let n = m.int("max_chunk_tokens", min: 64, issues: &issues) { maxChunkTokens = n }
        if let s = m.double("timeout", issues: &issues) { requestTimeout = .milliseconds(Int(s * 1000)) }
        if let u = m.string("user_agent", issues: &issues) { userAgent = u }
        if let c = m.string("ca_cert", issues: &issues) { caBundle = c }
        if let b = m.string("base_url", issues: &issues) { baseURL = b }
        if let g = m.stringList("globs", issues: &issues) { globs = g }
        if let tg = m.mapping("topic_globs", issues: &issues) {
            for key in tg.keys {
                if let g = tg.stringList(key, issues: &issues) { topicGlobs[key] = g }
            }
        }
        llm.apply(config: m, issues: &issues)
        if let b = m.bool("ignore_robots", issues: &issues) { crawl.respectRobots = !b }
        if let v = m.string("sitemap", issues: &issues) {
            if let mode = SitemapMode(rawValue: v) { crawl.sitemaps = mode } else { issues.append(m.issue("sitemap", "must be only, also or off")) }
        }
        if let l = m.stringList("include", issues: &issues) { crawl.include = l }
        if let l = m.stringList("exclude", issues: &issues) { crawl.exclude = l }
        if let n = m.int("max_connections", min: 1, issues: &issues) { crawl.maxConnections = n }
        if let s = m.double("delay", issues: &issues) { crawl.hostDelay = s > 0 ? .milliseconds(Int(s * 1000)) : nil }
        if let n = m.int("max_page_bytes", min: 1024, issues: &issues) { crawl.maxPageBytes = n }
        if let s = m.double("connect_timeout", issues: &issues) { connectTimeout = .milliseconds(Int(s * 1000)) }
        if let n = m.int("max_redirects", min: 0, issues: &issues) { crawl.maxRedirects = n }
        if let n = m.int("retries", min: 0, issues: &issues) { crawl.retry.maxAttempts = n + 1 }
        if let b = m.bool("offline", issues: &issues) { crawl.offline = b }
    }
}

/// The tool's version.
public enum RulesMakerVersion {
    public static let string = "0.1.0"
}
