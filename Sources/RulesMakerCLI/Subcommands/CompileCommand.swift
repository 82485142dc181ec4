import ArgumentParser
import Bedrock
import Emit
import Extract
import Fetch
import Link
import Foundation
import RulesMakerCore

/// Options every command that compiles shares.
struct CompileOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Comma-separated targets: cursor, cursor-legacy, windsurf, windsurf-legacy, devin, agents, claude, copilot, cline, llms-txt, or all. (default: cursor,windsurf)")
    var target: String?

    @Option(name: [.short, .long], help: "Output folder; rule files go to their target's path below it. (default: .)")
    var out: String?

    @Option(name: [.short, .long], help: "Configuration file (YAML). (default: ./rules-maker.yml when present)")
    var config: String?

    @Option(name: .long, help: "Most pages to fetch per source. (default: 200)")
    var maxPages: Int?

    @Option(name: .long, help: "Most link hops from the start URL. (default: 10)")
    var maxDepth: Int?

    @Option(name: .long, help: "Requests in flight at once to one host. (default: 8)")
    var concurrency: Int?

    @Option(name: .long, help: "Requests in flight at once over all hosts. (default: 16)")
    var maxConnections: Int?

    @Option(name: .long, help: "Seconds between requests to one host; also one request at a time per host. (default: none; robots.txt Crawl-delay raises it)")
    var delay: Double?

    @Flag(name: .long, help: "Do not read or obey robots.txt, nor pages' noindex/nofollow directives.")
    var ignoreRobots = false

    @Option(name: .long, help: "User-Agent header. (default: rules-maker/<version> (+project URL))")
    var userAgent: String?

    @Flag(name: .long, help: "Parse and extract every page, even one whose result is cached from an earlier run.")
    var noPageCache = false

    @Option(name: .long, help: ArgumentHelp("CA certificates (PEM) to verify HTTPS servers with, instead of the system's store.", valueName: "file"))
    var caCert: String?

    @Option(name: .long, help: "Sitemaps: only (sitemap pages only), also (sitemap pages and links), off. (default: also)")
    var sitemap: String?

    @Option(name: .long, help: "Glob on URL paths to crawl, repeatable (`*` within a segment, `**` across). (default: everything in scope)")
    var include: [String] = []

    @Option(name: .long, help: "Glob on URL paths never to crawl, repeatable.")
    var exclude: [String] = []

    @Option(name: .long, help: "Largest page in bytes; larger pages are skipped with a warning. (default: 10485760)")
    var maxPageBytes: Int?

    @Option(name: .long, help: "Seconds allowed to connect. (default: 10)")
    var connectTimeout: Double?

    @Option(name: .long, help: "Most redirects followed per page. (default: 10)")
    var maxRedirects: Int?

    @Option(name: .long, help: "Retries after 429, 5xx or a connection failure. (default: 3)")
    var retries: Int?

    @Flag(name: .long, help: "Compile from the HTTP cache alone; never touch the network.")
    var offline = false

    @Option(name: .long, help: "Write a per-page crawl report (URL, status, bytes, ms, from-cache, error) as JSON to this file.")
    var json: String?

    @Option(name: .long, help: "Folder of Mustache templates overriding the built-in ones.")
    var templates: String?

    @Option(name: .long, help: "Folder for everything rules-maker remembers between runs. (default: $XDG_CACHE_HOME/rules-maker, else ~/.cache/rules-maker)")
    var cacheDir: String?

    @Option(name: .long, help: "Rule bytes kept per source page; the weakest rules are dropped past it. (default: 5650)")
    var maxRuleBytes: Int?

    @Option(name: .long, help: "Rule bytes kept over the whole compile (per target); the weakest rules of any page are dropped past it. (default: no limit)")
    var maxRuleBytesTotal: Int?

    @Option(name: .long, help: "Most rule files (topics) per target; past it the smaller topics are merged into `general`. (default: 16)")
    var maxTopics: Int?

    @Option(name: .long, help: "Rule extractor: heuristic (offline, default), or a model provider: bedrock, openai, anthropic, local.")
    var extractor: String?

    @Option(name: .customLong("model-id"), help: "Model of the --extractor provider, or of the --rerank provider (Bedrock: model id, inference profile id or ARN).")
    var modelId: String?

    @Option(name: .customLong("on-llm-failure"), help: "What to do with a chunk the model could not extract (blocked, failed, malformed): heuristic, skip or fail. (default: heuristic)")
    var onLLMFailure: String?

    @Option(name: .customLong("budget-hourly-usd"), help: "Cap on model spend over the last hour, across runs (0 blocks every uncached call).")
    var budgetHourlyUSD: Double?

    @Option(name: .customLong("budget-daily-usd"), help: "Cap on model spend over the last 24 hours, across runs.")
    var budgetDailyUSD: Double?

    @Option(name: .customLong("fallback-providers"), help: "Providers tried in order when the first fails, e.g. openai,anthropic (enables fallback).")
    var fallbackProviders: String?

    @Flag(name: .long, help: "One model pass per topic to merge near-duplicate rules and tighten wording.")
    var consolidate = false

    @Option(name: .long, help: "One model call per page ranks its rules before the byte budget: bedrock, openai, anthropic or local (with a model --extractor: the same provider); none turns off llm.rerank.")
    var rerank: String?

    @Flag(name: .customLong("log-json"), help: "Write LLM telemetry events to stderr as JSON lines.")
    var logJSON = false

    @Flag(name: .customLong("no-redact-prompts"), help: "Put raw prompts in telemetry (default: sha256 and length only).")
    var noRedactPrompts = false

    @Flag(name: .customLong("no-llm-cache"), help: "Neither read nor write the model response cache.")
    var noLLMCache = false

    @Option(name: .long, help: "Seconds allowed per HTTP request. (default: 30)")
    var timeout: Double?

    @Option(name: .long, help: "Published URL of a local input folder, used for rule source links. (default: paths relative to the current folder)")
    var baseURL: String?

    @Option(name: .long, help: "Comma-separated globs for every rule file, replacing those inferred from the documentation's language.")
    var globs: String?

    @Flag(name: .long, help: "Do not show a progress line.")
    var noProgress = false

    /// Resolves settings: flags > environment > config file > defaults.
    func resolve(inputs: [String], environment: [String: String]) throws(UsageError) -> CompileSettings {
        var settings = CompileSettings(cacheDirectory: CompileSettings.defaultCacheDirectory(environment: environment))
        settings.inputs = inputs
        var issues: [ConfigIssue] = []
        let configPath = config ?? environment["RULES_MAKER_CONFIG"] ?? (FileManager.default.fileExists(atPath: "rules-maker.yml") ? "rules-maker.yml" : nil)
        settings.llm.configFile = configPath
        if let configPath {
            let mapping = try ConfigMapping.load(path: configPath)
            settings.apply(config: mapping, issues: &issues)
            if let defaults = mapping.mapping("defaults", issues: &issues) {
                settings.apply(config: defaults, issues: &issues, context: "defaults")
            }
        }
        if !issues.isEmpty { throw UsageError(issues.map(\.description)) }
        // Environment.
        if let t = environment["RULES_MAKER_TARGETS"], !t.isEmpty {
            do { settings.targets = try Target.parseList(t) } catch { throw UsageError("RULES_MAKER_TARGETS: \(error.description)") }
        }
        if let o = environment["RULES_MAKER_OUT"], !o.isEmpty { settings.outputDirectory = o }
        if let u = environment["RULES_MAKER_USER_AGENT"], !u.isEmpty { settings.userAgent = u }
        // Flags.
        if let target {
            do { settings.targets = try Target.parseList(target) } catch { throw UsageError("--target: \(error.description)") }
        }
        if let out { settings.outputDirectory = out }
        if let maxPages { guard maxPages >= 1 else { throw UsageError("--max-pages must be at least 1") }; settings.crawl.maxPages = maxPages }
        if let maxDepth { guard maxDepth >= 0 else { throw UsageError("--max-depth must be 0 or more") }; settings.crawl.maxDepth = maxDepth }
        if let concurrency { guard concurrency >= 1 else { throw UsageError("--concurrency must be at least 1") }; settings.crawl.concurrency = concurrency }
        if let templates { settings.templatesDirectory = templates }
        if let cacheDir { settings.cacheDirectory = cacheDir }
        if let maxRuleBytes { guard maxRuleBytes >= 200 else { throw UsageError("--max-rule-bytes must be at least 200") }; settings.link.maxRuleBytesPerPage = maxRuleBytes }
        if let maxRuleBytesTotal {
            guard maxRuleBytesTotal >= 200 else { throw UsageError("--max-rule-bytes-total must be at least 200") }
            settings.link.maxRuleBytesTotal = maxRuleBytesTotal
        }
        if let maxTopics { guard maxTopics >= 1 else { throw UsageError("--max-topics must be at least 1") }; settings.link.maxTopics = maxTopics }
        if let extractor { settings.extractor = extractor }
        if let globs { settings.globs = globs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        if let baseURL {
            guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else { throw UsageError("--base-url must be an http or https URL") }
            settings.baseURL = baseURL
        }
        if let timeout { guard timeout > 0 else { throw UsageError("--timeout must be positive") }; settings.requestTimeout = .milliseconds(Int(timeout * 1000)) }
        if let maxConnections { guard maxConnections >= 1 else { throw UsageError("--max-connections must be at least 1") }; settings.crawl.maxConnections = maxConnections }
        if let delay { guard delay >= 0 else { throw UsageError("--delay must be 0 or more") }; settings.crawl.hostDelay = delay > 0 ? .milliseconds(Int(delay * 1000)) : nil }
        if ignoreRobots { settings.crawl.respectRobots = false }
        if let userAgent { guard !userAgent.isEmpty else { throw UsageError("--user-agent must not be empty") }; settings.userAgent = userAgent }
        if let caCert { settings.caBundle = caCert }
        if noPageCache { settings.usePageResultCache = false }
        if let ca = settings.caBundle, !FileManager.default.isReadableFile(atPath: ca) {
            throw UsageError("--ca-cert: \(ca): cannot read (no such file, or not readable)")
        }
        if let sitemap {
            guard let mode = SitemapMode(rawValue: sitemap) else { throw UsageError("--sitemap must be only, also or off") }
            settings.crawl.sitemaps = mode
        }
        if !include.isEmpty { settings.crawl.include = include }
        if !exclude.isEmpty { settings.crawl.exclude = exclude }
        if let maxPageBytes { guard maxPageBytes >= 1024 else { throw UsageError("--max-page-bytes must be at least 1024") }; settings.crawl.maxPageBytes = maxPageBytes }
        if let connectTimeout { guard connectTimeout > 0 else { throw UsageError("--connect-timeout must be positive") }; settings.connectTimeout = .milliseconds(Int(connectTimeout * 1000)) }
        if let maxRedirects { guard maxRedirects >= 0 else { throw UsageError("--max-redirects must be 0 or more") }; settings.crawl.maxRedirects = maxRedirects }
        if let retries { guard retries >= 0 else { throw UsageError("--retries must be 0 or more") }; settings.crawl.retry.maxAttempts = retries + 1 }
        if offline { settings.crawl.offline = true }
        if let json { settings.jsonReport = json }
        try settings.llm.apply(environment: environment)
        if let modelId { settings.llm.modelId = modelId }
        if let onLLMFailure {
            guard let p = LLMFailurePolicy(rawValue: onLLMFailure) else { throw UsageError("--on-llm-failure must be heuristic, skip or fail") }
            settings.llm.onFailure = p
        }
        if let budgetHourlyUSD { guard budgetHourlyUSD >= 0 else { throw UsageError("--budget-hourly-usd must be 0 or more") }; settings.llm.budget.hourlyUSD = budgetHourlyUSD }
        if let budgetDailyUSD { guard budgetDailyUSD >= 0 else { throw UsageError("--budget-daily-usd must be 0 or more") }; settings.llm.budget.dailyUSD = budgetDailyUSD }
        if let fallbackProviders {
            settings.llm.fallbackProviders = LLMSettings.splitList(fallbackProviders)
            settings.llm.fallbackEnabled = true
        }
        if consolidate { settings.llm.consolidate = true }
        if let rerank {
            let name = rerank.lowercased()
            if name == "none" { settings.llm.rerank = nil } else {
                guard LLMSettings.providers.contains(name) else {
                    throw UsageError("unknown --rerank provider '\(rerank)' (available: \(LLMSettings.providers.joined(separator: ", ")), or none)")
                }
                settings.llm.rerank = name
            }
        }
        if logJSON { settings.llm.logJSON = true }
        if noRedactPrompts { settings.llm.redactPrompts = false }
        if noLLMCache { settings.llm.useCache = false }
        guard settings.extractor == "heuristic" || LLMSettings.providers.contains(settings.extractor) else {
            throw UsageError("unknown extractor '\(settings.extractor)' (available: heuristic, \(LLMSettings.providers.joined(separator: ", ")))")
        }
        try settings.checkModelProviders()
        return settings
    }
}

struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile documentation (URLs or local folders of HTML) into rule files.",
        discussion: """
        Examples:
          rules-maker compile https://docs.example.com/guide/ --target cursor,windsurf --out .
          rules-maker compile ./build/html/ --target cursor
        """
    )

    @Argument(help: "Start URLs, local folders of HTML, or HTML files.")
    var inputs: [String]

    @OptionGroup var options: CompileOptions

    @Flag(name: .long, help: "Print what would be written without writing.")
    var dryRun = false

    @Flag(name: [.short, .long], help: "Only print errors.")
    var quiet = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var settings = try options.resolve(inputs: inputs, environment: environment)
        settings.dryRun = dryRun
        let diagnostics = DiagnosticLog()
        let progress = Progress(enabled: !options.noProgress && !quiet, diagnostics: diagnostics, environment: environment)
        let outcome = try await CompilePipeline(settings: settings, diagnostics: diagnostics, progress: progress, environment: environment).run()
        progress?.finish()
        if let path = settings.jsonReport {
            do throws(FileWriteError) { try CrawlReportFile.write(outcome, diagnostics: diagnostics, to: path) } catch { throw UsageError("--json: \(error.description)") }
        }
        Reporter(quiet: quiet).report(outcome: outcome, diagnostics: diagnostics, settings: settings)
        if diagnostics.errorCount > 0 { throw ExitCode(ExitStatus.compileErrors.rawValue) }
    }
}

/// Prints diagnostics and the summary of a compile.
struct Reporter {
    var quiet: Bool

    func report(outcome: CompileOutcome, diagnostics: DiagnosticLog, settings: CompileSettings) {
        for d in diagnostics.all where !quiet || d.severity == .error {
            if d.severity == .note && quiet { continue }
            FileHandle.standardError.write(Data((d.description + "\n").utf8))
        }
        guard !quiet else { return }
        let out = settings.outputDirectory
        for file in outcome.files {
            let path = (out as NSString).appendingPathComponent(file.path)
            let state = settings.dryRun ? "would write" : (outcome.write.unchanged.contains(file.path) ? "unchanged" : "wrote")
            print("\(state) \(path) (\(file.contents.utf8.count) bytes)")
        }
        for line in outcome.llm?.lines ?? [] { print(line) }
        let reused = outcome.reusedPages > 0 ? " (\(outcome.reusedPages) unchanged, from the page cache)" : ""
        print("\(outcome.pageCount) page(s)\(reused), \(outcome.chunkCount) chunk(s), \(outcome.ruleSet.ruleCount) rule(s) in \(outcome.ruleSet.topics.count) topic(s), \(outcome.files.count) file(s); \(diagnostics.errorCount) error(s), \(diagnostics.warningCount) warning(s)")
    }
}

/// The `--json` report: every page (URL, status, bytes, ms, from cache, error), the totals, what was
/// written, and — with a model extractor — the LLM run summary (chunks, calls, cache hits, retries,
/// throttling, tokens, estimated cost, access methods, budget).
enum CrawlReportFile {
    struct Entry: Encodable {
        var url: String
        var status: Int?
        var bytes: Int
        var ms: Int
        var from_cache: Bool
        var error: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(url, forKey: .url)
            try c.encode(status, forKey: .status)   // null when no response
            try c.encode(bytes, forKey: .bytes)
            try c.encode(ms, forKey: .ms)
            try c.encode(from_cache, forKey: .from_cache)
            try c.encode(error, forKey: .error)
        }
        enum CodingKeys: String, CodingKey { case url, status, bytes, ms, from_cache, error }
    }

    struct Report: Encodable {
        var pages: [Entry]
        var total: Int
        var errors: Int
        var from_cache: Int
        var bytes: Int
        var rules: Int
        var files: [String]
        var diagnostics: [String]
        var llm: LLMRunSummary?
    }

    static func write(_ outcome: CompileOutcome, diagnostics: DiagnosticLog, to path: String) throws(FileWriteError) {
        let entries = outcome.pages.map { Entry(url: $0.url, status: $0.status, bytes: $0.bytes, ms: $0.milliseconds, from_cache: $0.fromCache, error: $0.error) }
        let report = Report(pages: entries, total: entries.count, errors: entries.filter { $0.error != nil }.count,
                            from_cache: entries.filter(\.from_cache).count, bytes: entries.reduce(0) { $0 + $1.bytes },
                            rules: outcome.ruleSet.ruleCount, files: outcome.files.map(\.path),
                            diagnostics: diagnostics.all.map(\.description), llm: outcome.llm)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
        try AtomicFile.write([UInt8](data) + [10], to: path)
    }
}
