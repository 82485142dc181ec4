import Chunk
import Emit
import Extract
import Fetch
import Foundation
import Synchronization
import Link
import Parse
import RulesMakerCore

/// The result of compiling one set of inputs.
public struct CompileOutcome: Sendable {
    public var ruleSet: RuleSet
    public var files: [OutputFile]
    public var write: WriteReport
    public var pages: [PageReport]
    public var pageCount: Int
    public var chunkCount: Int
    /// Compiled pages in crawl order with the SHA-256 of their bytes (for lockfiles).
    public var pageHashes: [(url: String, sha256: String)] = []
    /// What the LLM extractor did (nil with the heuristic extractor).
    public var llm: LLMRunSummary?
    /// Pages whose parse and extraction came from the page-result cache (unchanged since a run before).
    public var reusedPages: Int = 0
}

/// What parsing and extraction found on a page: what `PageResultCache` keeps, enough to stand in for
/// parsing and extracting the page again.
struct CachedPageResult: Codable, Sendable {
    var url: String
    var canonicalURL: String?
    var title: String
    var description: String?
    var markdown: String?
    var siteName: String?
    var candidates: [RuleCandidate]
    var chunkCount: Int
    var languages: [String: Int]
    var generator: String?
    var warnings: [String]
    var empty: Bool
    var links: [String]
    /// What the page asked of crawlers (`noindex`, `nofollow`), so that a stored result obeys it too.
    var robots: RobotsDirectives?
    /// The chapter the page's own table of contents puts it in (Sphinx's, MkDocs' or mdBook's sidebar).
    var chapter: NavigationOutline.Chapter?
    /// A table of contents of other pages, when the page has one it is not itself in (an index, mdBook's
    /// `toc.html`, a DocBook manual's contents page).
    var toc: NavigationOutline?

    /// What a parsed page says about the site's chapters: the page's own chapter when its table of
    /// contents lists it, else the table of contents itself.
    static func outlineParts(_ outline: NavigationOutline?, pageURL: String) -> (chapter: NavigationOutline.Chapter?, toc: NavigationOutline?) {
        guard let outline else { return (nil, nil) }
        if let own = outline.chapters[NavigationOutlineReader.withoutFragment(pageURL)] { return (own, nil) }
        return (nil, outline)
    }
}

/// Per-page result, kept in crawl order: what parsing and extraction found (also what the page cache
/// keeps), the page's content hash, and its chunks when a model extracts after the crawl.
struct PageResult: Sendable {
    var compiled: CachedPageResult
    var contentHash: String
    /// Kept for LLM extraction, which runs after the crawl over all chunks.
    var chunks: [Chunk] = []
    /// The URL the page was read from (tables of contents link pages by it), and its place in the crawl.
    var fetchURL = ""
    var sequence = 0

    /// The page as Link names it: its title without a chapter number ("8. DRD: …" → "DRD: …").
    var info: PageInfo { PageInfo(url: compiled.canonicalURL ?? compiled.url, title: DocumentParser.withoutChapterNumber(compiled.title)) }
    var description: String? { compiled.description }
    var markdown: String? { compiled.markdown }
    var siteName: String? { compiled.siteName }
    var candidates: [RuleCandidate] { compiled.candidates }
    var chunkCount: Int { compiled.chunkCount }
    var languages: [String: Int] { compiled.languages }
    var generator: String? { compiled.generator }
}

/// Wires the stages: inputs → Fetch → Parse → Chunk → Extract → Link → Emit → files.
public struct CompilePipeline: Sendable {
    public let settings: CompileSettings
    public let diagnostics: DiagnosticLog
    public let progress: (any CompileObserver)?
    /// An HTTP client shared with other compiles (batch); the pipeline makes its own when nil.
    public let sharedClient: HTTPClient?

    /// Read only to resolve LLM provider settings and credentials.
    public let environment: [String: String]
    /// An LLM run shared with other compiles (batch: one cap, cache and budget); made here when nil.
    let sharedLLM: LLMExtractionRun?

    public init(settings: CompileSettings, diagnostics: DiagnosticLog, progress: (any CompileObserver)? = nil, client: HTTPClient? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(settings: settings, diagnostics: diagnostics, progress: progress, client: client, environment: environment, llm: nil)
    }

    init(settings: CompileSettings, diagnostics: DiagnosticLog, progress: (any CompileObserver)?, client: HTTPClient?,
         environment: [String: String], llm: LLMExtractionRun?) {
        self.sharedLLM = llm
        self.environment = environment
        self.settings = settings
        self.diagnostics = diagnostics
        self.progress = progress
        self.sharedClient = client
    }

    /// The HTTP client settings a compile uses.
    public static func httpConfiguration(_ settings: CompileSettings) -> HTTPClientConfiguration {
        var config = HTTPClientConfiguration()
        config.maxConnectionsPerHost = settings.crawl.concurrency
        config.maxConnections = settings.crawl.maxConnections
        config.requestTimeout = settings.requestTimeout
        config.connectTimeout = settings.connectTimeout
        config.maxRedirects = settings.crawl.maxRedirects
        config.maxBodyBytes = settings.crawl.maxPageBytes
        config.userAgent = settings.userAgent
        config.caBundle = settings.caBundle
        return config
    }

    /// Compiles and (unless `dryRun`) writes. Throws only for problems that stop the whole run.
    public func run() async throws(UsageError) -> CompileOutcome {
        let templates: TemplateSet
        do { templates = try TemplateSet.loading(overrides: settings.templatesDirectory) } catch { throw UsageError(error.description) }
        let writer = OutputWriter(root: settings.outputDirectory)
        if !settings.dryRun { try Self.checkWritable(settings.outputDirectory) }
        var llm: LLMExtractionRun? = sharedLLM
        if llm == nil && settings.modelProvider != nil {
            llm = try LLMExtractionRun.make(settings: settings, environment: environment, diagnostics: diagnostics)
        }
        defer { if sharedLLM == nil { llm?.shutdown() } }
        // A model extractor reads the chunks after the crawl; with --rerank alone the heuristic extractor runs per page.
        let deferExtraction = llm != nil && settings.extractor != "heuristic"

        let results = Locked([Int: PageResult]())
        /// Tables of contents of pages that are not compiled (mdBook's `toc.html`), by crawl sequence.
        let uncompiledTOCs = Locked([Int: NavigationOutline]())
        var pageReports: [PageReport] = []
        let extractor = HeuristicExtractor()
        let chunker = Chunker(maxTokens: settings.maxChunkTokens)
        let diagnostics = self.diagnostics
        let progress = self.progress
        let keepMarkdown = settings.targets.contains(.llmsTxt)
        // Results of pages seen before (same bytes, options and build): parsing and extraction skipped.
        let resultCache: PageResultCache? = deferExtraction || !settings.usePageResultCache || PageResultCache.buildFingerprint == nil
            ? nil : PageResultCache(directory: settings.pageResultCacheDirectory)
        let maxChunkTokens = settings.maxChunkTokens
        let reused = Atomic<Int>(0)
        let respectRobots = settings.crawl.respectRobots

        /// A page that asks robots not to index it (`<meta name="robots" content="noindex">`, `X-Robots-Tag`) is
        /// not compiled — unless it is the one page the user named, or robots are ignored; one that asks them
        /// not to follow its links leads nowhere (also a seed: the crawl then ends with it). False: do not compile
        /// the page; `links` are what to follow either way.
        @Sendable func obeying(_ robots: RobotsDirectives, links: inout [String], isSeed: Bool, subject: String) -> Bool {
            guard respectRobots else { return true }
            if robots.noFollow { links = [] }
            guard robots.noIndex, !isSeed else { return true }
            diagnostics.emit(.note, stage: "parse", subject: subject, "robots noindex: not compiled (--ignore-robots compiles it)")
            return false
        }

        /// `knownLinks`: the page's links as the crawl stored them with it (unchanged page), found again otherwise.
        @Sendable func handle(_ page: FetchedPage, sequence: Int, isSeed: Bool, displayURL: String? = nil,
                              registry: CrawlRegistry? = nil, knownLinks: [String]? = nil) -> [String] {
            if registry == nil { progress?.pageFetched() }
            let resultKey = resultCache.flatMap { _ in
                Self.resultKey(page, displayURL: displayURL, maxChunkTokens: maxChunkTokens, keepMarkdown: keepMarkdown,
                               respectRobots: respectRobots)
            }
            if let resultCache, let resultKey, let bytes = resultCache.value(for: resultKey),
               let cached = try? JSONDecoder().decode(CachedPageResult.self, from: Data(bytes)) {
                // The same page as before: what parsing and extraction found then, with the same messages.
                var links = knownLinks ?? cached.links
                guard obeying(cached.robots ?? RobotsDirectives(), links: &links, isSeed: isSeed, subject: displayURL ?? page.url) else { return links }
                if let registry, !registry.claimCanonical(cached.canonicalURL, of: page.url) {
                    diagnostics.emit(.note, stage: "fetch", subject: page.url, "same page as \(cached.canonicalURL ?? "?") (rel=canonical), compiled once")
                    return links
                }
                for warning in cached.warnings { diagnostics.emit(.warning, stage: "parse", subject: displayURL ?? page.url, warning) }
                if cached.empty {
                    diagnostics.emit(isSeed ? .error : .warning, stage: "parse", subject: displayURL ?? page.url, "no text content found on the page")
                }
                progress?.rulesFound(cached.candidates.count)
                let result = PageResult(compiled: cached, contentHash: ContentHash.sha256Hex(page.body), fetchURL: page.url, sequence: sequence)
                results.withLock { $0[sequence] = result }
                reused.add(1, ordering: .relaxed)
                return links
            }
            var document: Document
            var links: [String] = []
            var navigation: NavigationOutline? = nil
            if page.mediaType == "text/plain" || page.mediaType == "text/markdown" || page.mediaType == "text/x-markdown" {
                document = TextDocumentParser().parse(text: String(decoding: page.body, as: UTF8.self), url: page.url)
            } else {
                let tree = HTMLTree(bytes: page.body, url: page.url, encoding: page.charset)
                document = DocumentParser().parse(tree: tree, url: page.url)
                links = knownLinks ?? LinkExtractor.links(in: tree, pageURL: page.url)
                navigation = NavigationOutlineReader.read(tree, pageURL: page.url)
            }
            if let target = document.redirect {
                // A seed that only redirects compiles nothing: say where to point the compile instead.
                diagnostics.emit(isSeed ? .error : .note, stage: "parse", subject: displayURL ?? page.url,
                                 isSeed ? "redirects to \(target) (meta refresh): compile that URL instead"
                                        : "redirects to \(target) (meta refresh): not compiled")
                // The crawl goes on to where the stub points, whether or not its body links there.
                return links.contains(target) ? links : links + [target]
            }
            var robots = document.robots
            if let header = page.headers["x-robots-tag"] { robots.read(header) }
            let outline = CachedPageResult.outlineParts(navigation, pageURL: page.url)
            // The page's own links are stored with its result; what the crawl follows depends on the run's options.
            let pageLinks = links
            guard obeying(robots, links: &links, isSeed: isSeed, subject: displayURL ?? page.url) else {
                // Not compiled, but its table of contents still says how the site is organised.
                if let toc = outline.toc { uncompiledTOCs.withLock { $0[sequence] = toc } }
                return links
            }
            if let displayURL {
                document.url = displayURL
                document.canonicalURL = nil
            }
            if let registry, !registry.claimCanonical(document.canonicalURL, of: page.url) {
                diagnostics.emit(.note, stage: "fetch", subject: page.url, "same page as \(document.canonicalURL ?? "?") (rel=canonical), compiled once")
                return links
            }
            for warning in document.warnings {
                diagnostics.emit(.warning, stage: "parse", subject: displayURL ?? page.url, warning)
            }
            if document.blocks.isEmpty {
                diagnostics.emit(isSeed ? .error : .warning, stage: "parse", subject: displayURL ?? page.url, "no text content found on the page")
            }
            let chunks = chunker.chunks(of: document)
            let candidates = deferExtraction ? [] : extractor.extract(chunks)
            progress?.rulesFound(candidates.count)
            var languages: [String: Int] = [:]
            Self.countLanguages(document.blocks, into: &languages)
            if languages.isEmpty, let language = Self.languageOfTitle(document.title) { languages[language] = 1 }
            let compiled = CachedPageResult(url: document.url, canonicalURL: document.canonicalURL, title: document.title,
                                            description: document.description,
                                            markdown: keepMarkdown ? DocumentRenderer.markdown(document) : nil,
                                            siteName: document.siteName, candidates: candidates, chunkCount: chunks.count,
                                            languages: languages, generator: document.generator, warnings: document.warnings,
                                            empty: document.blocks.isEmpty, links: pageLinks, robots: robots,
                                            chapter: outline.chapter, toc: outline.toc)
            let result = PageResult(compiled: compiled, contentHash: ContentHash.sha256Hex(page.body), chunks: deferExtraction ? chunks : [],
                                    fetchURL: page.url, sequence: sequence)
            results.withLock { $0[sequence] = result }
            if let resultCache, let resultKey, let data = try? JSONEncoder().encode(compiled) {
                resultCache.store(Array(data), for: resultKey)
            }
            return links
        }

        var client: HTTPClient? = sharedClient
        for (index, input) in settings.inputs.enumerated() {
            let base = index * 1_000_000
            if LocalSource.isLocal(input) {
                let files: [String]
                do { files = try LocalSource.files(in: input, limit: settings.crawl.maxPages) } catch {
                    diagnostics.emit(.error, stage: "fetch", subject: input, Self.stripSubject(error.description, input))
                    continue
                }
                let single = files.count == 1
                let root = LocalSource.path(of: input)
                for (i, file) in files.enumerated() {
                    do {
                        let page = try LocalSource.read(file, maxBytes: settings.crawl.maxPageBytes)
                        let display = LocalSource.displayURL(for: file, root: root, baseURL: settings.baseURL)
                        _ = handle(page, sequence: base + i, isSeed: single, displayURL: display)
                        pageReports.append(PageReport(url: page.url, status: nil, bytes: page.body.count, milliseconds: 0, fromCache: false, error: nil))
                    } catch {
                        diagnostics.emit(.error, stage: "fetch", subject: file, Self.stripSubject(error.description, file))
                    }
                }
            } else {
                if client == nil { client = HTTPClient(configuration: Self.httpConfiguration(settings)) }
                let sitemapParser: @Sendable ([UInt8]) -> SitemapLinks = { bytes in
                    let found = SitemapParser.parse(bytes)
                    return SitemapLinks(pages: found.pages, sitemaps: found.sitemaps)
                }
                var onProgress: (@Sendable (CrawlProgress) -> Void)? = nil
                if let progress { onProgress = { progress.crawlUpdate($0) } }
                let crawler = Crawler(client: client!, policy: settings.crawl, cache: HTTPCache(directory: settings.httpCacheDirectory),
                                      sitemapParser: sitemapParser, onProgress: onProgress)
                let seed = input
                pageReports += await crawler.crawl(seeds: [input], diagnostics: diagnostics, linksVersion: Self.linksVersion(respectRobots: respectRobots)) { page, seq, registry in
                    // Compiling needs every page's content, unchanged or not.
                    guard let full = page.fetchedPage() else {
                        diagnostics.emit(.error, stage: "fetch", subject: page.requestedURL, "the cached body is gone (the cache was cleared during the crawl)")
                        return []
                    }
                    return handle(full, sequence: base + seq, isSeed: seq == 0 && page.requestedURL == URLNormalizer.normalize(seed),
                                  registry: registry, knownLinks: page.storedLinks)
                }
            }
        }
        if sharedClient == nil { client?.shutdown() }
        if let failure = resultCache?.flush() {
            diagnostics.emit(.note, stage: "cache", subject: settings.pageResultCacheDirectory, "page results not stored: \(failure)")
        }

        let ordered = results.value.sorted { $0.key < $1.key }.map(\.value)
        var candidates = ordered.flatMap(\.candidates)
        if let llm, deferExtraction {
            // One pass over every chunk of every source, under the run's one concurrency cap; rules in crawl order.
            let inputs = ordered.flatMap { page in page.chunks.map { LLMChunkInput(chunk: $0, framework: page.siteName ?? page.generator) } }
            candidates = await llm.extract(inputs, diagnostics: diagnostics)
        }
        if let llm, settings.llm.rerank != nil {
            var titles: [String: String] = [:]
            for page in ordered {
                titles[page.compiled.url] = page.compiled.title
                titles[page.info.url] = page.compiled.title
            }
            candidates = await llm.rerank(candidates, titles: titles, diagnostics: diagnostics)
        }
        var languages: [String: Int] = [:]
        for r in ordered { for (k, v) in r.languages { languages[k, default: 0] += v } }
        let name = Self.siteName(ordered, inputs: settings.inputs)
        var linkOptions = settings.link
        // The guidance floor is on the heuristic's score scale: model-made or model-ranked rules are not weighed by it.
        linkOptions.minimumPageScore = settings.extractor == "heuristic" && settings.llm.rerank == nil ? settings.minimumPageScore : nil
        let linker = Linker(options: linkOptions)
        var ruleSet = linker.link(candidates, name: name, pages: Self.pageInfos(ordered, uncompiledTOCs: uncompiledTOCs.value),
                                  globs: settings.globs ?? GlobInference.globs(languageCounts: languages))
        for i in ruleSet.topics.indices {
            if let g = settings.topicGlobs[ruleSet.topics[i].slug] { ruleSet.topics[i].globs = g }
            if let prefix = settings.filePrefix { ruleSet.topics[i].slug = prefix + "-" + ruleSet.topics[i].slug }
        }
        for d in ruleSet.dropped where d.budget == "guidance" {
            diagnostics.emit(.note, stage: "link", subject: d.topic,
                             "\(Self.guidanceFloorNote(d, floor: linkOptions.minimumPageScore ?? 0)): \(Self.droppedSummary(d.rules.reversed(), total: d.count))")
        }
        for d in ruleSet.dropped where d.budget != "guidance" {
            let budget = d.budget == "total"
                ? "the \(settings.link.maxRuleBytesTotal ?? 0)-byte total budget"
                : "the \(settings.link.maxRuleBytesPerPage)-byte budget per page"
            diagnostics.emit(.note, stage: "link", subject: d.topic, "dropped \(d.count) weaker rule(s) (\(d.bytes) bytes) to fit \(budget): \(Self.droppedSummary(d.rules, total: d.count))")
        }
        if !ordered.isEmpty && ruleSet.ruleCount == 0 {
            diagnostics.emit(.warning, stage: "extract", subject: settings.inputs.joined(separator: ", "), "no guidance found: no rule files written")
        }
        // --consolidate rewrites model rules only: with the heuristic extractor (and --rerank) it does nothing.
        if let llm, settings.llm.consolidate, settings.extractor != "heuristic", ruleSet.ruleCount > 0 {
            ruleSet = await llm.consolidate(ruleSet, diagnostics: diagnostics)
        }
        var topicOfPage: [String: String] = [:]
        for topic in ruleSet.topics { for url in topic.sources where topicOfPage[url] == nil { topicOfPage[url] = topic.slug } }
        let summaries = ordered.map { PageSummary(url: $0.info.url, title: $0.info.title, description: $0.description,
                                                  topic: topicOfPage[$0.info.url], markdown: $0.markdown) }
        let emitted = Emitter(templates: templates).emit(ruleSet, targets: settings.targets, pages: summaries)
        for d in emitted.dropped {
            diagnostics.emit(.warning, stage: "emit", subject: d.topic, "left out the \(d.count) lowest-ranked rule(s) (\(d.bytes) bytes) to fit the file's size limit")
        }
        let files = emitted.files
        var report = WriteReport()
        if !settings.dryRun {
            do throws(EmitError) { report = try writer.write(files) } catch { throw UsageError(error.description) }
        }
        return CompileOutcome(ruleSet: ruleSet, files: files, write: report, pages: pageReports, pageCount: ordered.count,
                              chunkCount: ordered.reduce(0) { $0 + $1.chunkCount },
                              pageHashes: ordered.map { ($0.info.url, $0.contentHash) }, llm: llm?.summary,
                              reusedPages: reused.load(ordering: .relaxed))
    }

    /// The key of a page's result in the `PageResultCache`: everything parsing and extraction read —
    /// the bytes, URL, display URL, media type and charset, the chunk size, whether Markdown is kept —
    /// and the build of rules-maker (`PageResultCache.buildFingerprint`).
    static func resultKey(_ page: FetchedPage, displayURL: String?, maxChunkTokens: Int, keepMarkdown: Bool,
                          respectRobots: Bool = true) -> String? {
        guard let build = PageResultCache.buildFingerprint else { return nil }
        // Robots directives decide the links a page leads to and whether it is compiled: each mode keeps its own.
        let header = "rules-maker page result 1\n\(build)\n\(page.url)\n\(displayURL ?? "")\n\(String(describing: page.mediaType))\n\(page.charset ?? "")\n\(maxChunkTokens)\n\(keepMarkdown)\n"
            + (respectRobots ? "" : "ignore-robots\n")
        return ContentHash.sha256Hex(Array(header.utf8) + page.body)
    }

    /// The links compile stores with cached pages: `LinkExtractor`'s for HTML, none for text and Markdown.
    static let linksVersion = "compile/" + LinkExtractor.version

    /// The crawler stores with each page the links the run followed: a run that ignores robots follows a
    /// `nofollow` page's links, so it keeps them apart from a run that obeys it.
    static func linksVersion(respectRobots: Bool) -> String { respectRobots ? linksVersion : linksVersion + "+ignore-robots" }

    /// The pages for Link, each with its chapter: the one its own table of contents names, else the one the
    /// first table of contents of the crawl (compiled or not, in crawl order) puts it in.
    static func pageInfos(_ ordered: [PageResult], uncompiledTOCs: [Int: NavigationOutline]) -> [PageInfo] {
        var tocs: [(Int, NavigationOutline)] = uncompiledTOCs.map { ($0.key, $0.value) }
        for page in ordered { if let toc = page.compiled.toc { tocs.append((page.sequence, toc)) } }
        var chapterOf: [String: NavigationOutline.Chapter] = [:]
        for (_, toc) in tocs.sorted(by: { $0.0 < $1.0 }) {
            for (url, chapter) in toc.chapters.sorted(by: { $0.key < $1.key }) where chapterOf[url] == nil { chapterOf[url] = chapter }
        }
        return ordered.map { page in
            var info = page.info
            info.chapter = (page.compiled.chapter ?? chapterOf[NavigationOutlineReader.withoutFragment(page.fetchURL)])?.title
            return info
        }
    }

    /// The dropped rules named briefly (their first words, weakest first), at most five.
    /// What a page under the guidance floor is told (`compile`'s note, `inspect --stage rules`).
    static func guidanceFloorNote(_ d: DroppedRules, floor: Double) -> String {
        let best = d.rules.map(\.score).max() ?? 0
        return "no guidance on the page (its strongest statement scores \(score(best)), under the floor of \(score(floor))): "
            + "left out \(d.count) descriptive rule(s)"
    }

    /// A score as the notes print it: "4.2", "5".
    static func score(_ s: Double) -> String {
        let r = (s * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func droppedSummary(_ rules: [RuleCandidate], total: Int) -> String {
        let names = rules.prefix(5).map { rule -> String in
            let words = rule.text.split(whereSeparator: \.isWhitespace)
            let head = words.prefix(6).joined(separator: " ")
            return "“" + head + (words.count > 6 ? " …" : "") + "”"
        }
        let more = total - names.count
        return names.joined(separator: ", ") + (more > 0 ? ", +\(more) more" : "")
    }

    static func countLanguages(_ blocks: [ContentBlock], into counts: inout [String: Int]) {
        for b in blocks {
            switch b {
            case .code(let lang?, _): counts[lang, default: 0] += 1
            case .list(_, let items): for i in items { countLanguages(i, into: &counts) }
            case .admonition(_, _, let inner), .quote(let inner): countLanguages(inner, into: &counts)
            case .definitionList(let items): for i in items { countLanguages(i.definition, into: &counts) }
            default: break
            }
        }
    }

    /// Source file extensions a page title may name ("brotli/encode.h File Reference", "Mutex.java").
    static let titleExtensions: [String: String] = [
        "h": "c", "c": "c", "hpp": "cpp", "hh": "cpp", "hxx": "cpp", "cc": "cpp", "cpp": "cpp", "cxx": "cpp", "py": "python", "rs": "rust",
        "go": "go", "java": "java", "kt": "kotlin", "swift": "swift", "rb": "ruby", "cs": "csharp", "php": "php", "scala": "scala",
        "lua": "lua", "ts": "typescript",
    ]

    /// The language of a page whose code names none, from a source file its title names: a
    /// Doxygen "File Reference" page has signatures but no fenced code.
    static func languageOfTitle(_ title: String?) -> String? {
        guard let title else { return nil }
        for word in title.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "(" || $0 == ")" || $0 == "," || $0 == ":" }) {
            guard let dot = word.lastIndex(of: "."), dot != word.startIndex else { continue }
            let stem = word[..<dot], ext = word[word.index(after: dot)...]
            guard stem.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }),
                  let language = titleExtensions[String(ext)] else { continue }
            return language
        }
        return nil
    }

    static func siteName(_ pages: [PageResult], inputs: [String]) -> String {
        if let n = pages.first?.siteName, !n.isEmpty { return n }
        if let t = pages.first?.info.title, !t.isEmpty, pages.count == 1 { return t }
        if let first = inputs.first, let host = URL(string: first)?.host { return host }
        if let first = inputs.first {
            // One local page without a title or site name: named by its file, in words ("Go memory model").
            if pages.count == 1, let url = pages.first?.info.url, let title = Linker.fileTitle(url) { return title }
            return (LocalSource.path(of: first) as NSString).lastPathComponent
        }
        return "rules"
    }

    /// Fails early, before any crawling, when the output folder cannot be written.
    static func checkWritable(_ directory: String) throws(UsageError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw UsageError("\(directory): cannot create the output folder (\(Self.posixReason(error)))")
        }
        let probe = directory + "/.rules-maker-write-test-\(getpid())"
        guard FileManager.default.createFile(atPath: probe, contents: Data()) else {
            throw UsageError("\(directory): the output folder is not writable")
        }
        unlink(probe)
    }

    static func posixReason(_ error: any Error) -> String {
        let ns = error as NSError
        if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(u.code))) }
        if ns.domain == NSCocoaErrorDomain, ns.code == 512 || ns.code == 513 { return "not a folder or not writable" }
        return ns.localizedDescription
    }

    static func stripSubject(_ message: String, _ subject: String) -> String {
        message.hasPrefix(subject + ": ") ? String(message.dropFirst(subject.count + 2)) : message
    }
}
