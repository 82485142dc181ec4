import Emit
import Extract
import Fetch
import Foundation
import RulesMakerCore

/// Options of one `rules-maker batch` run.
public struct BatchOptions: Sendable {
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    public var check = false
    public var frozen = false
    public var only: [String] = []
    public var shard: (k: Int, n: Int)? = nil
    public init() {}
}

/// What happened to one source.
public struct SourceResult: Sendable {
    public enum State: String, Sendable, Codable { case ok, failed, upToDate = "up-to-date", stale }
    public var name: String
    public var state: State
    public var pages: Int
    public var rules: Int
    public var files: [String]
    public var written: [String]
    public var removed: [String]
    public var stale: [String]
    public var missing: [String]
    public var unexpected: [String]
    public var diffs: [String: [String]]
    public var diagnostics: [Diagnostic]
    public var lock: Lockfile.Source?
}

/// The outcome of a batch run.
public struct BatchOutcome: Sendable {
    public var results: [SourceResult]
    public var lockChanged: Bool
    public var lockPath: String
    public var upToDate: Bool {
        !lockChanged && results.allSatisfy { $0.state == .upToDate }
    }
}

/// Compiles the sources of a manifest concurrently, sharing one HTTP client, and keeps the
/// lockfile. Outputs land in the paths the manifest says whatever order sources finish in.
public struct BatchRunner: Sendable {
    public let manifest: BatchManifest
    public let options: BatchOptions
    public let observer: BatchProgress?

    public init(manifest: BatchManifest, options: BatchOptions, observer: BatchProgress? = nil) {
        self.manifest = manifest
        self.options = options
        self.observer = observer
    }

    public var lockPath: String {
        ((manifest.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("rules-maker.lock")
    }

    /// The sources this run compiles, in manifest order.
    public func selectedSources() throws(UsageError) -> [BatchSource] {
        var sources = manifest.sources
        if !options.only.isEmpty {
            let known = Set(sources.map(\.name))
            let unknown = options.only.filter { !known.contains($0) }
            if !unknown.isEmpty { throw UsageError("--only: no source named \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in \(manifest.path)") }
            sources = sources.filter { options.only.contains($0.name) }
        }
        if let shard = options.shard {
            let picked = Set(manifest.shard(shard.k, of: shard.n).map(\.name))
            sources = sources.filter { picked.contains($0.name) }
        }
        return sources
    }

    public func run() async throws(UsageError) -> BatchOutcome {
        let sources = try selectedSources()
        let oldLock = try Lockfile.load(path: lockPath) ?? Lockfile()
        var http = HTTPClientConfiguration()
        http.maxConnectionsPerHost = sources.map(\.settings.crawl.concurrency).max() ?? 8
        http.maxConnections = max(sources.map(\.settings.crawl.maxConnections).max() ?? 16, http.maxConnectionsPerHost)
        http.requestTimeout = sources.map(\.settings.requestTimeout).max() ?? .seconds(30)
        http.maxBodyBytes = sources.map(\.settings.crawl.maxPageBytes).max() ?? (10 << 20)
        http.userAgent = sources.first?.settings.userAgent ?? http.userAgent
        http.caBundle = sources.compactMap(\.settings.caBundle).first
        let client = HTTPClient(configuration: http)
        defer { client.shutdown() }
        // Sources using the same model extractor share one LLM run: one concurrency cap, one response
        // cache and one budget for the whole batch.
        let llmSource = sources.first { $0.settings.modelProvider != nil }
        let llm = try llmSource.map { s throws(UsageError) in
            try LLMExtractionRun.make(settings: s.settings, environment: ProcessInfo.processInfo.environment, diagnostics: DiagnosticLog())
        }
        defer { llm?.shutdown() }
        let sharesLLM: @Sendable (BatchSource) -> Bool = { s in
            guard let first = llmSource else { return false }
            return s.settings.modelProvider == first.settings.modelProvider && s.settings.llm.modelId == first.settings.llm.modelId
                && s.settings.templatesDirectory == first.settings.templatesDirectory
        }

        observer?.start(sources.map(\.name))
        let jobs = max(1, options.jobs)
        var results: [Int: SourceResult] = [:]
        await withTaskGroup(of: (Int, SourceResult).self) { group in
            var next = 0
            var running = 0
            while next < sources.count || running > 0 {
                while running < jobs && next < sources.count {
                    let source = sources[next]
                    let previous = oldLock.source(source.name)
                    let position = next
                    let shared = sharesLLM(source) ? llm : nil
                    group.addTask { (position, await self.compile(source, previous: previous, client: client, llm: shared)) }
                    next += 1
                    running += 1
                }
                if let (position, result) = await group.next() {
                    running -= 1
                    results[position] = result
                    observer?.finished(result)
                }
            }
        }
        let ordered = sources.indices.map { results[$0]! }
        var newLock = oldLock.merging(ordered.compactMap(\.lock))
        newLock = newLock.pruned(to: Set(manifest.sources.map(\.name)))
        let lockChanged = newLock.encoded() != (FileManager.default.contents(atPath: lockPath).map { String(decoding: $0, as: UTF8.self) } ?? "")
        if lockChanged && !options.check && !options.frozen {
            do { try AtomicFile.write(newLock.encoded(), to: lockPath) } catch { throw UsageError(error.description) }
        }
        return BatchOutcome(results: ordered, lockChanged: lockChanged, lockPath: lockPath)
    }

    private func compile(_ source: BatchSource, previous: Lockfile.Source?, client: HTTPClient, llm: LLMExtractionRun?) async -> SourceResult {
        let diagnostics = DiagnosticLog()
        var settings = source.settings
        settings.dryRun = true   // the runner writes, so it can compare, check and clean up
        let observer = self.observer?.observer(for: source.name)
        let templates: TemplateSet
        let outcome: CompileOutcome
        do {
            templates = try TemplateSet.loading(overrides: settings.templatesDirectory)
            outcome = try await CompilePipeline(settings: settings, diagnostics: diagnostics, progress: observer, client: client,
                                                environment: ProcessInfo.processInfo.environment, llm: llm).run()
        } catch {
            let message = (error as? UsageError)?.description ?? (error as? EmitError)?.description ?? "\(error)"
            diagnostics.emit(.error, stage: "batch", subject: source.name, message)
            return SourceResult(name: source.name, state: .failed, pages: 0, rules: 0, files: [], written: [], removed: [], stale: [],
                                missing: [], unexpected: [], diffs: [:], diagnostics: diagnostics.all, lock: nil)
        }
        let out = settings.outputDirectory
        func full(_ relative: String) -> String { (out as NSString).appendingPathComponent(relative) }
        var result = SourceResult(name: source.name, state: .ok, pages: outcome.pageCount, rules: outcome.ruleSet.ruleCount,
                                  files: outcome.files.map { full($0.path) }, written: [], removed: [], stale: [], missing: [],
                                  unexpected: [], diffs: [:], diagnostics: [], lock: nil)
        let failed = diagnostics.errorCount > 0 && outcome.pageCount == 0
        // Compare with what is on disk.
        for file in outcome.files {
            let path = full(file.path)
            guard let existing = FileManager.default.contents(atPath: path) else { result.missing.append(path); continue }
            let old = String(decoding: existing, as: UTF8.self)
            if old != file.contents {
                result.stale.append(path)
                result.diffs[path] = LineDiff.render(old: old, new: file.contents)
            }
        }
        let generated = Set(result.files)
        for entry in previous?.outputs ?? [] where !generated.contains(entry.path) && FileManager.default.fileExists(atPath: entry.path) {
            result.unexpected.append(entry.path)
        }
        if failed {
            result.state = .failed
            result.diagnostics = diagnostics.all
            return result
        }
        if !options.check {
            do {
                _ = try OutputWriter(root: out).write(outcome.files.filter { result.stale.contains(full($0.path)) || result.missing.contains(full($0.path)) })
            } catch {
                diagnostics.emit(.error, stage: "emit", subject: source.name, error.description)
            }
            result.written = result.stale + result.missing
            // Remove outputs this source generated before and no longer does, if still ours.
            for path in result.unexpected {
                if let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }), text.contains(Provenance.notice) {
                    try? FileManager.default.removeItem(atPath: path)
                    result.removed.append(path)
                }
            }
        }
        let lock = Lockfile.Source(
            name: source.name, extractor: settings.extractor, model: outcome.llm?.modelId ?? "", settings: SettingsFingerprint(settings).hash,
            templates: templates.fingerprint, prompts: settings.modelProvider == nil ? "none" : Self.promptFingerprint(settings),
            pages: outcome.pageHashes.map { Lockfile.Page(url: $0.url, sha256: $0.sha256) },
            outputs: outcome.files.map { Lockfile.Entry(path: full($0.path), sha256: ContentHash.sha256Hex($0.contents)) }.sorted { $0.path < $1.path })
        result.lock = lock
        let changed = !result.stale.isEmpty || !result.missing.isEmpty || !result.unexpected.isEmpty
        result.state = diagnostics.errorCount > 0 ? .failed : (changed ? (options.check ? .stale : .ok) : .upToDate)
        result.diagnostics = diagnostics.all
        return result
    }
}

extension BatchRunner {
    /// The version hash of the prompt templates an LLM source uses.
    static func promptFingerprint(_ settings: CompileSettings) -> String {
        (try? LLMPromptTemplates.loading(overrides: settings.templatesDirectory).version) ?? "unreadable"
    }
}

/// The live view of a batch on a terminal (one line per source), and nothing when not a terminal.
public final class BatchProgress: Sendable {
    private struct Line: Sendable { var name: String; var pages = 0; var rules = 0; var state = "queued" }
    private let lines = Locked([Line]())
    private let drawn = Locked(0)
    private let live: Bool

    public init(live: Bool) { self.live = live }

    func start(_ names: [String]) {
        lines.withLock { $0 = names.map { Line(name: $0) } }
        draw()
    }

    func observer(for name: String) -> (any CompileObserver)? {
        SourceObserver(name: name, progress: self)
    }

    func update(_ name: String, pages: Int = 0, rules: Int = 0, state: String? = nil) {
        lines.withLock { all in
            guard let i = all.firstIndex(where: { $0.name == name }) else { return }
            all[i].pages += pages
            all[i].rules += rules
            if let state { all[i].state = state } else if all[i].state == "queued" { all[i].state = "crawling" }
        }
        draw()
    }

    func set(_ name: String, pages: Int) {
        lines.withLock { all in
            guard let i = all.firstIndex(where: { $0.name == name }) else { return }
            all[i].pages = pages
            if all[i].state == "queued" { all[i].state = "crawling" }
        }
        draw()
    }

    func finished(_ result: SourceResult) {
        update(result.name, state: result.state.rawValue)
    }

    private func draw() {
        guard live else { return }
        let snapshot = lines.value
        let width = max(12, snapshot.map(\.name.count).max() ?? 0)
        var text = ""
        let previous = drawn.value
        if previous > 0 { text += "\u{1B}[\(previous)A" }
        for l in snapshot {
            text += "\r\u{1B}[2K  " + l.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  \(l.state.padding(toLength: 10, withPad: " ", startingAt: 0))  \(l.pages) pages  \(l.rules) rule candidates\n"
        }
        drawn.withLock { $0 = snapshot.count }
        FileHandle.standardError.write(Data(text.utf8))
    }

    private struct SourceObserver: CompileObserver {
        let name: String
        let progress: BatchProgress
        func pageFetched() { progress.update(name, pages: 1) }
        func crawlUpdate(_ p: CrawlProgress) { progress.set(name, pages: p.done) }
        func rulesFound(_ count: Int) { progress.update(name, rules: count) }
    }
}
