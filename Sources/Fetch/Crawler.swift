import Foundation
import RulesMakerCore
import Synchronization

/// How sitemaps feed a crawl.
public enum SitemapMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only the seeds and the pages the sitemaps list; links are not followed.
    case only
    /// Sitemap pages are queued after the seeds, and links are followed too (the default).
    case also
    /// Sitemaps are not read.
    case off
}

/// What to crawl, and how politely.
public struct CrawlPolicy: Sendable, Hashable, Codable {
    /// Most pages fetched per seed set.
    public var maxPages: Int = 200
    /// Most link hops from a seed (0 = the seeds only).
    public var maxDepth: Int = 10
    /// Requests in flight at once to one host.
    public var concurrency: Int = 8
    /// Requests in flight at once over all hosts.
    public var maxConnections: Int = 16
    /// Least time between the starts of two requests to one host (also serialises them); robots.txt
    /// `Crawl-delay` raises it.
    public var hostDelay: Duration?
    /// Pages larger than this are skipped with a warning.
    public var maxPageBytes: Int = 10 << 20
    public var maxRedirects: Int = 10
    /// Obey robots.txt (on by default).
    public var respectRobots = true
    /// A robots.txt `Crawl-delay` longer than this is capped to it.
    public var maxCrawlDelay: Duration = .seconds(30)
    public var sitemaps: SitemapMode = .also
    /// Globs on URL paths: when any is given, only matching pages are fetched (seeds excepted).
    public var include: [String] = []
    /// Globs on URL paths never fetched.
    public var exclude: [String] = []
    public var traps = CrawlScope.TrapLimits()
    public var retry = CrawlRetryPolicy()
    /// Use only the cache; never touch the network.
    public var offline = false

    public init() {}
}

/// The outcome for one URL of a crawl, for reports.
public struct PageReport: Sendable, Hashable, Codable {
    public var url: String
    public var status: Int?
    public var bytes: Int
    public var milliseconds: Int
    public var fromCache: Bool
    public var error: String?

    public init(url: String, status: Int?, bytes: Int, milliseconds: Int, fromCache: Bool, error: String?) {
        self.url = url
        self.status = status
        self.bytes = bytes
        self.milliseconds = milliseconds
        self.fromCache = fromCache
        self.error = error
    }
}

/// Counters reported while a crawl runs (for the progress line).
public struct CrawlProgress: Sendable, Hashable {
    public var done = 0
    /// Pages admitted to the crawl so far (done + waiting + in flight).
    public var queued = 0
    public var errors = 0
    public var bytes = 0
    public var fromCache = 0
}

/// Page and child-sitemap URLs found in a sitemap or sitemap index.
public struct SitemapLinks: Sendable, Hashable {
    public var pages: [String]
    public var sitemaps: [String]
    public init(pages: [String] = [], sitemaps: [String] = []) {
        self.pages = pages
        self.sitemaps = sitemaps
    }
}

/// URLs the crawl has taken on (queued, redirected to, fetched, or claimed as a canonical URL), so
/// that each page is fetched and compiled once. Shared between the crawl and its `process` callback.
public final class CrawlRegistry: Sendable {
    private let seen = Mutex(Set<String>())

    public init() {}

    /// Records `url` (normalised); false when it was already known.
    public func claim(_ url: String) -> Bool { seen.withLock { $0.insert(url).inserted } }

    /// Claims the page's `<link rel=canonical>` target when it differs from the page URL: false when
    /// that page was already fetched or claimed (so this one is a duplicate and is not compiled).
    /// A successful claim also keeps the canonical URL from being fetched later.
    public func claimCanonical(_ canonical: String?, of pageURL: String) -> Bool {
        guard let canonical, let n = URLNormalizer.normalize(canonical), n != pageURL,
              URLNormalizer.origin(of: n) == URLNormalizer.origin(of: pageURL) else { return true }
        return claim(n)
    }

    public func contains(_ url: String) -> Bool { seen.withLock { $0.contains(url) } }
}

/// A polite, scoped, incremental breadth-first crawler over `HTTPClient`.
///
/// Pages are fetched concurrently (per-host and global limits, optional per-host delay) but links are
/// admitted in breadth-first order of the pages that contain them, so which pages a crawl visits under
/// `maxPages` is deterministic. Before the first page of a host, its robots.txt is read (RFC 9309);
/// sitemaps (from robots.txt, else `/sitemap.xml`) seed the queue. Redirects are followed by the crawler
/// itself so that every hop is checked against scope, robots and what was already fetched. With a cache,
/// requests are conditional (`If-None-Match`, `If-Modified-Since`) and a 304 reuses the stored body.
/// Each page goes to `process` as soon as it arrives, which returns the page's links; bodies are not retained.
/// With a cache and a `linksVersion`, the links are stored with the page, and an unchanged page comes
/// with them (`CrawledPage.storedLinks`): its body is read from the cache only if `process` asks for it.
public struct Crawler: Sendable {
    public let client: HTTPClient
    public let policy: CrawlPolicy
    public let cache: HTTPCache?
    public let sleeper: any CrawlSleeper
    public let jitter: any CrawlJitter
    /// Reads a sitemap body (XML, already decompressed); nil disables sitemaps.
    public let sitemapParser: (@Sendable ([UInt8]) -> SitemapLinks)?
    public let onProgress: (@Sendable (CrawlProgress) -> Void)?

    public init(client: HTTPClient, policy: CrawlPolicy, cache: HTTPCache? = nil, sleeper: any CrawlSleeper = TaskCrawlSleeper(),
                jitter: any CrawlJitter = RandomCrawlJitter(), sitemapParser: (@Sendable ([UInt8]) -> SitemapLinks)? = nil,
                onProgress: (@Sendable (CrawlProgress) -> Void)? = nil) {
        self.client = client
        self.policy = policy
        self.cache = cache
        self.sleeper = sleeper
        self.jitter = jitter
        self.sitemapParser = sitemapParser
        self.onProgress = onProgress
    }

    /// Whether a response is documentation: HTML, Markdown, or plain text at a `.md`/`.txt` path
    /// (`llms.txt` included). `mediaType` is lower-cased without parameters, "" when absent.
    public static func isDocument(mediaType: String, url: String) -> Bool {
        switch mediaType {
        case "text/html", "application/xhtml+xml", "text/markdown", "text/x-markdown", "": return true
        case "text/plain", "application/octet-stream", "binary/octet-stream":
            return isTextSourcePath(url)
        default: return false
        }
    }

    static func isTextSourcePath(_ url: String) -> Bool {
        let path = (URLComponents(string: url)?.path ?? url).lowercased()
        return path.hasSuffix(".md") || path.hasSuffix(".txt") || path.hasSuffix(".markdown")
    }

    private struct Item: Sendable {
        var url: String; var depth: Int; var isSeed: Bool
        /// `host[:port]`, the unit of per-host limits.
        var host: String
        init(url: String, depth: Int, isSeed: Bool) {
            self.url = url; self.depth = depth; self.isSeed = isSeed
            host = URLNormalizer.hostKey(of: url)
        }
    }

    private enum Event: Sendable {
        /// `normalized`: the links were normalised by this crawl (admission need not do it again).
        case page(seq: Int, links: [String], normalized: Bool, report: PageReport)
        case timer
    }

    private struct HostSlot {
        var origin: String
        var pending: [Int] = []
        var head = 0
        var inFlight = 0
        var nextStart: ContinuousClock.Instant?
        var hasPending: Bool { head < pending.count }
    }

    /// Crawls from `seeds`. `process(page, sequence, registry)` is called once per fetched document page
    /// (sequence = its position in breadth-first order) and returns the page's outgoing links; it may call
    /// `registry.claimCanonical` to skip pages whose canonical URL was already compiled.
    public func crawl(seeds: [String], diagnostics: DiagnosticLog,
                      process: @escaping @Sendable (FetchedPage, Int, CrawlRegistry) async -> [String]) async -> [PageReport] {
        await crawl(seeds: seeds, diagnostics: diagnostics, linksVersion: nil) { page, seq, registry in
            guard let full = page.fetchedPage() else {
                diagnostics.emit(.error, stage: "fetch", subject: page.requestedURL, "the cached body is gone (the cache was cleared during the crawl)")
                return []
            }
            return await process(full, seq, registry)
        }
    }

    /// Crawls from `seeds` like `crawl(seeds:diagnostics:process:)`, handing `process` pages whose body is
    /// read on demand, and keeping each page's links in the cache under `linksVersion`.
    ///
    /// `linksVersion` names the link extractor `process` uses, and its version: the links `process`
    /// returns must depend on the page alone (its URL, headers and body), since they are stored with it
    /// (normalised, without duplicates) and handed back as `CrawledPage.storedLinks` when the page is
    /// unchanged on a later crawl with the same `linksVersion` (a 304, or `--offline`). Returning them
    /// then is what spares reading and scanning the body. Change the version whenever the extractor
    /// finds different links in the same page. Nil: no links are stored or used.
    public func crawl(seeds: [String], diagnostics: DiagnosticLog, linksVersion: String?,
                      process: @escaping @Sendable (CrawledPage, Int, CrawlRegistry) async -> [String]) async -> [PageReport] {
        let registry = CrawlRegistry()
        var queue: [Item] = []
        var prefixes: [String] = []
        for seed in seeds {
            guard let n = URLNormalizer.normalize(seed), n.hasPrefix("http://") || n.hasPrefix("https://") else {
                diagnostics.emit(.error, stage: "fetch", subject: seed, "not a valid http(s) URL")
                continue
            }
            prefixes.append(URLNormalizer.scopePrefix(of: n))
            if registry.claim(n) { queue.append(Item(url: n, depth: 0, isSeed: true)) }
        }
        let scope = Locked(CrawlScope(prefixes: prefixes, include: policy.include.map(PathGlob.init),
                                      exclude: policy.exclude.map(PathGlob.init), limits: policy.traps))
        let robots = RobotsStore()
        let skipped = Locked([String: Int]())

        // robots.txt, then sitemaps, for every seed origin, before any page.
        var origins: [String] = []
        for item in queue { if let o = URLNormalizer.origin(of: item.url), !origins.contains(o) { origins.append(o) } }
        for origin in origins { _ = await robotsRules(origin, store: robots, diagnostics: diagnostics) }
        queue.removeAll { item in
            guard let rules = robots.known(URLNormalizer.origin(of: item.url) ?? ""), !rules.isAllowed(url: item.url) else { return false }
            diagnostics.emit(.error, stage: "fetch", subject: item.url, rules.unavailableReason ?? "disallowed by robots.txt (--ignore-robots overrides)")
            return true
        }
        var followLinks = true
        if policy.sitemaps != .off, let parser = sitemapParser, !queue.isEmpty {
            var fromSitemaps: [String] = []
            for origin in origins {
                fromSitemaps += await sitemapPages(origin: origin, prefixes: prefixes, store: robots, parser: parser, diagnostics: diagnostics)
            }
            var added = 0
            let currentScope = scope.value
            for url in fromSitemaps {
                guard queue.count < policy.maxPages else { break }
                guard let n = URLNormalizer.normalize(url), currentScope.rejection(n) == nil,
                      robots.known(URLNormalizer.origin(of: n) ?? "")?.isAllowed(url: n) ?? true, registry.claim(n) else { continue }
                queue.append(Item(url: n, depth: 1, isSeed: false))
                added += 1
            }
            if policy.sitemaps == .only {
                if added > 0 || !fromSitemaps.isEmpty {
                    followLinks = false
                } else {
                    diagnostics.emit(.warning, stage: "fetch", subject: origins.joined(separator: ", "), "--sitemap only: no sitemap found; following links instead")
                }
            }
        }

        var reports: [Int: PageReport] = [:]
        var hosts: [String: HostSlot] = [:]
        var hostOrder: [String] = []
        var results: [Int: (links: [String], normalized: Bool)] = [:]
        var queryVariants: [String: Int] = [:]
        var processed = 0, inFlight = 0, timerArmed = false
        var progress = CrawlProgress()
        let perHost = max(1, policy.concurrency), global = max(1, policy.maxConnections)

        func enqueue(_ seq: Int) {
            let host = queue[seq].host
            if hosts[host] == nil {
                hosts[host] = HostSlot(origin: URLNormalizer.origin(of: queue[seq].url) ?? host)
                hostOrder.append(host)
            }
            hosts[host]!.pending.append(seq)
        }
        for seq in queue.indices { enqueue(seq) }
        progress.queued = queue.count

        await withTaskGroup(of: Event.self) { group in
            while true {
                // Start whatever the per-host and global limits and host delays allow.
                let now = ContinuousClock.now
                var wake: ContinuousClock.Instant?
                for host in hostOrder where inFlight < global {
                    guard var slot = hosts[host], slot.hasPending else { continue }
                    let delay = effectiveDelay(robots.known(slot.origin))
                    while inFlight < global, slot.hasPending {
                        if let delay {
                            guard slot.inFlight == 0 else { break }
                            if let next = slot.nextStart, next > now { wake = min(wake ?? next, next); break }
                            slot.nextStart = now + delay
                        } else if slot.inFlight >= perHost {
                            break
                        }
                        let seq = slot.pending[slot.head]
                        slot.head += 1
                        slot.inFlight += 1
                        inFlight += 1
                        let item = queue[seq]
                        group.addTask {
                            let (links, normalized, report) = await fetchPage(item, seq: seq, registry: registry, scope: scope, robots: robots,
                                                                  skipped: skipped, diagnostics: diagnostics, linksVersion: linksVersion,
                                                                  process: process)
                            return .page(seq: seq, links: links, normalized: normalized, report: report)
                        }
                    }
                    if slot.head > 4096, slot.head * 2 > slot.pending.count { slot.pending.removeFirst(slot.head); slot.head = 0 }
                    hosts[host] = slot
                }
                if inFlight == 0 && !timerArmed && wake == nil { break }
                if let wake, !timerArmed {
                    timerArmed = true
                    group.addTask { try? await Task.sleep(until: wake, clock: .continuous); return .timer }
                }
                guard let event = await group.next() else { break }
                switch event {
                case .timer:
                    timerArmed = false
                case .page(let seq, let links, let normalized, let report):
                    inFlight -= 1
                    hosts[queue[seq].host]?.inFlight -= 1
                    results[seq] = (links, normalized)
                    reports[seq] = report
                    progress.done += 1
                    progress.bytes += report.bytes
                    if report.error != nil && report.status.map({ !(200..<400).contains($0) }) ?? true { progress.errors += 1 }
                    if report.fromCache { progress.fromCache += 1 }
                    // Admit discovered links strictly in queue order.
                    while let (links, normalized) = results.removeValue(forKey: processed) {
                        let depth = queue[processed].depth
                        processed += 1
                        guard followLinks, depth < policy.maxDepth else { continue }
                        let currentScope = scope.value
                        for link in links {
                            guard queue.count < policy.maxPages else { break }
                            // Most links name a page already known, often in normal form already: skip those
                            // before paying for a parse (normalising is idempotent, the registry holds normal forms;
                            // links normalised by this crawl need neither).
                            guard !registry.contains(link) else { continue }
                            guard let n = normalized ? link : URLNormalizer.normalize(link), normalized || !registry.contains(n) else { continue }
                            if let why = currentScope.rejection(n) {
                                if why.hasPrefix("crawl trap") || why.hasPrefix("matched by") || why.hasPrefix("not matched") {
                                    skipped.withLock { $0[why, default: 0] += 1 }
                                }
                                continue
                            }
                            if let q = n.firstIndex(of: "?") {
                                let key = String(n[..<q])
                                queryVariants[key, default: 0] += 1
                                if queryVariants[key]! > policy.traps.maxQueryVariants {
                                    skipped.withLock { $0["crawl trap: more than \(policy.traps.maxQueryVariants) query variants of one path", default: 0] += 1 }
                                    continue
                                }
                            }
                            if let rules = robots.known(URLNormalizer.origin(of: n) ?? ""), !rules.isAllowed(url: n) {
                                skipped.withLock { $0["disallowed by robots.txt", default: 0] += 1 }
                                continue
                            }
                            guard registry.claim(n) else { continue }
                            queue.append(Item(url: n, depth: depth + 1, isSeed: false))
                            enqueue(queue.count - 1)
                        }
                    }
                    progress.queued = queue.count
                    onProgress?(progress)
                }
            }
            group.cancelAll()
        }
        for (reason, count) in skipped.value.sorted(by: { $0.key < $1.key }) {
            diagnostics.emit(.note, stage: "fetch", subject: origins.joined(separator: ", "), "skipped \(count) link(s): \(reason)")
        }
        // Commit what the cache still buffers: the next run (or an --offline one) finds every page.
        if let failure = cache?.flush() {
            diagnostics.emit(.warning, stage: "fetch", subject: cache?.directory ?? "", failure + " (the next run fetches those pages again)")
        }
        return reports.keys.sorted().map { reports[$0]! }
    }

    private func effectiveDelay(_ rules: RobotsRules?) -> Duration? {
        var d = policy.hostDelay
        if policy.respectRobots, let c = rules?.crawlDelay, c > .zero {
            let capped = min(c, policy.maxCrawlDelay)
            d = max(d ?? .zero, capped)
        }
        if let x = d, x <= .zero { return nil }
        return d
    }

    // MARK: - One page

    private func fetchPage(_ item: Item, seq: Int, registry: CrawlRegistry, scope: Locked<CrawlScope>, robots: RobotsStore,
                           skipped: Locked<[String: Int]>, diagnostics: DiagnosticLog, linksVersion: String?,
                           process: @Sendable (CrawledPage, Int, CrawlRegistry) async -> [String]) async -> ([String], Bool, PageReport) {
        let started = ContinuousClock.now
        var url = item.url
        func report(_ status: Int?, _ bytes: Int, _ error: String?, fromCache: Bool = false) -> PageReport {
            PageReport(url: item.url, status: status, bytes: bytes, milliseconds: Self.milliseconds(ContinuousClock.now - started),
                       fromCache: fromCache, error: error)
        }
        // A page that failed is an error (exit 1); a linked file that is not documentation is only skipped.
        let skipSeverity: Severity = item.isSeed ? .error : .warning
        var chain: [String] = [url]
        while true {
            if !policy.offline, policy.respectRobots, let o = URLNormalizer.origin(of: url) {
                let rules = await robotsRules(o, store: robots, diagnostics: diagnostics)
                if !rules.isAllowed(url: url) {
                    let message = rules.unavailableReason ?? ("disallowed by robots.txt" + (url == item.url ? "" : " (redirected to \(url))"))
                    diagnostics.emit(item.isSeed ? .error : .note, stage: "fetch", subject: item.url, message)
                    return ([], false, report(nil, 0, message))
                }
            }
            let current = url
            // With links to keep, a page is stored once they are found (one write of the row, with them).
            let outcome = await fetch(current, accepting: { Self.isDocument(mediaType: $0, url: current) },
                                      deferStoring: linksVersion != nil)
            switch outcome {
            case .failure(let error):
                var severity: Severity = .error
                if case .unwantedContentType = error { severity = skipSeverity }
                if case .bodyTooLarge = error { severity = skipSeverity }
                let message = Self.reason(error)
                diagnostics.emit(severity, stage: "fetch", subject: item.url, message)
                return ([], false, report(nil, 0, message))
            case .success(let fetched):
                let response = fetched.response
                if (300..<400).contains(response.status), response.status != 304, let location = response.header("location") {
                    guard chain.count <= policy.maxRedirects else {
                        let message = "more than \(policy.maxRedirects) redirects"
                        diagnostics.emit(.error, stage: "fetch", subject: item.url, message)
                        return ([], false, report(response.status, 0, message))
                    }
                    guard let target = URLNormalizer.normalize(location, relativeTo: url) else {
                        let message = "redirect to an invalid URL '\(location)'"
                        diagnostics.emit(.error, stage: "fetch", subject: item.url, message)
                        return ([], false, report(response.status, 0, message))
                    }
                    if chain.contains(target) {
                        let message = "redirect loop (\((chain + [target]).joined(separator: " → ")))"
                        diagnostics.emit(.error, stage: "fetch", subject: item.url, message)
                        return ([], false, report(response.status, 0, message))
                    }
                    if item.isSeed {
                        // A seed that moves (http → https, /docs → /docs/) takes its scope with it.
                        let prefix = URLNormalizer.scopePrefix(of: target)
                        scope.withLock { s in if !s.prefixes.contains(prefix) { s.prefixes.append(prefix) } }
                    } else if let why = scope.value.rejection(target) {
                        let message = "redirects to \(target), \(why)"
                        diagnostics.emit(.note, stage: "fetch", subject: item.url, message)
                        return ([], false, report(response.status, 0, nil))
                    }
                    guard registry.claim(target) else {
                        // The target is queued or fetched on its own: nothing to do twice.
                        return ([], false, report(response.status, 0, nil))
                    }
                    chain.append(target)
                    url = target
                    continue
                }
                guard (200..<300).contains(response.status) || response.status == 304 else {
                    let message = "HTTP \(response.status)\(HTTPStatus.reason(response.status).map { " " + $0 } ?? "")"
                    diagnostics.emit(.error, stage: "fetch", subject: item.url, message)
                    return ([], false, report(response.status, response.body.count, message))
                }
                let page: CrawledPage
                if let head = fetched.cached, let cache {
                    // Unchanged (or offline): the body stays in the cache until someone asks for it.
                    let stored = linksVersion != nil && head.links?.version == linksVersion ? head.links?.urls : nil
                    page = CrawledPage(url: url, requestedURL: item.url, status: head.status, headers: head.headers, depth: item.depth,
                                       fromCache: true, storedLinks: stored, bodyBytes: head.bodyBytes, source: .cache(cache))
                } else {
                    page = CrawledPage(url: url, requestedURL: item.url, status: response.status, headers: response.headerMap, depth: item.depth,
                                       fromCache: false, storedLinks: nil, bodyBytes: response.body.count, source: .bytes(response.body))
                }
                let type = page.mediaType ?? ""
                guard Self.isDocument(mediaType: type, url: url) else {
                    if let unstored = fetched.unstored { cache?.store(unstored) }
                    let message = "skipped: content type \(type.isEmpty ? "unknown" : type) is not HTML or text"
                    diagnostics.emit(skipSeverity, stage: "fetch", subject: item.url, message)
                    return ([], false, report(response.status, page.bodyBytes, message, fromCache: fetched.fromCache))
                }
                // Redirect targets were claimed above; the seed itself was claimed when queued.
                _ = registry.claim(url)
                var links = await process(page, seq, registry)
                var normalized = false
                if let linksVersion, let cache, page.storedLinks == nil {
                    // Keep the links with the page, so that the next crawl finds them without reading it.
                    links = Self.normalizedLinks(links)
                    normalized = true
                    let stored = StoredLinks(version: linksVersion, urls: links)
                    if var unstored = fetched.unstored {
                        unstored.links = stored
                        cache.store(unstored)
                    } else if let head = fetched.cached {
                        cache.recordLinks(stored, for: url, head: head)
                    }
                }
                return (links, normalized, report(response.status, page.bodyBytes, nil, fromCache: fetched.fromCache))
            }
        }
    }

    // MARK: - Requests with cache and retries

    struct Fetched: Sendable {
        var response: HTTPResponse
        /// The cache entry a 304 (or an offline read) refers to (its body is read with `body(of:)`).
        var cached: CachedHead?
        var fromCache: Bool
        /// A 2xx response not stored yet (`deferStoring`): the caller stores it, with the page's links.
        /// (Adding them to a row already written would rewrite the whole row, body and all.)
        var unstored: CachedResponse?
    }

    /// The body of a fetched response: the one received, or the cached one for a 304 or an offline read.
    func body(of fetched: Fetched) -> [UInt8] {
        guard let head = fetched.cached else { return fetched.response.body }
        return cache?.body(for: head.url) ?? []
    }

    /// `links` normalised, without duplicates (first occurrence kept) and without those that cannot be.
    static func normalizedLinks(_ links: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(links.count)
        // Pages have a few links or hundreds: a linear search is cheaper than hashing below a few dozen.
        var seen: Set<String>? = links.count > 32 ? Set(minimumCapacity: links.count) : nil
        for link in links {
            guard let n = URLNormalizer.normalize(link) else { continue }
            if seen != nil {
                guard seen!.insert(n).inserted else { continue }
            } else if out.contains(n) {
                continue
            }
            out.append(n)
        }
        return out
    }

    static let acceptHeader = "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.1"

    /// GETs `url` without following redirects: conditional when cached, retried per policy, and
    /// stored in the cache when it is a 2xx or 3xx (a 2xx is left to the caller with `deferStoring`).
    /// Offline, answers from the cache alone. A cached body is not read here (see `body(of:)`).
    func fetch(_ url: String, accepting: (@Sendable (String) -> Bool)? = nil, followRedirects: Bool = false,
               retry: Bool = true, deferStoring: Bool = false) async -> Result<Fetched, HTTPError> {
        let cached = cache?.head(for: url)
        if policy.offline {
            guard let cached else { return .failure(.transport(url: url, code: 0, reason: "not in the cache (--offline)")) }
            let headers = cached.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
            return .success(Fetched(response: HTTPResponse(url: url, status: cached.status, headers: headers, body: []),
                                    cached: cached, fromCache: true))
        }
        var headers: [(name: String, value: String)] = [("Accept", Self.acceptHeader)]
        if let cached, (200..<300).contains(cached.status) { headers += cached.validators }
        let request = HTTPRequest(url: url, headers: headers, followRedirects: followRedirects, acceptsMediaType: accepting)
        let result = await sendWithRetries(request, attempts: retry ? policy.retry.maxAttempts : 1)
        guard case .success(let response) = result else {
            if case .failure(let e) = result { return .failure(e) }
            fatalError("unreachable")
        }
        if response.status == 304, let cached {
            return .success(Fetched(response: response, cached: cached, fromCache: true))
        }
        if let cache, (200..<400).contains(response.status), response.status != 304 {
            let entry = CachedResponse(url: url, status: response.status, headers: response.headerMap, body: response.body)
            if deferStoring && (200..<300).contains(response.status) {
                return .success(Fetched(response: response, cached: nil, fromCache: false, unstored: entry))
            }
            cache.store(entry)
        }
        return .success(Fetched(response: response, cached: nil, fromCache: false))
    }

    /// Sends with retries on 429, 5xx and connection failures (exponential backoff, full jitter,
    /// `Retry-After`). Other responses, and the last attempt's outcome, are returned as they are.
    func sendWithRetries(_ request: HTTPRequest, attempts: Int) async -> Result<HTTPResponse, HTTPError> {
        let attempts = max(1, attempts)
        var attempt = 0
        while true {
            let last = attempt == attempts - 1
            do {
                let response = try await client.send(request)
                guard CrawlRetryPolicy.isRetryable(status: response.status), !last else { return .success(response) }
                let wait: Duration
                if let after = CrawlRetryPolicy.retryAfter(response.header("retry-after")) {
                    guard after <= policy.retry.maxRetryAfter else { return .success(response) }
                    wait = after
                } else {
                    wait = jitter.wait(upTo: policy.retry.ceiling(afterAttempt: attempt))
                }
                await sleeper.sleep(for: wait)
            } catch let error as HTTPError {
                guard error.isTransient, !last else { return .failure(error) }
                await sleeper.sleep(for: jitter.wait(upTo: policy.retry.ceiling(afterAttempt: attempt)))
            } catch {
                return .failure(.transport(url: request.url, code: -1, reason: "\(error)"))
            }
            attempt += 1
        }
    }

    // MARK: - robots.txt and sitemaps

    func robotsRules(_ origin: String, store: RobotsStore, diagnostics: DiagnosticLog) async -> RobotsRules {
        guard policy.respectRobots else { return .allowAll }
        return await store.rules(for: origin) {
            let url = origin + "/robots.txt"
            switch await fetch(url, followRedirects: true) {
            case .success(let f):
                let status = f.cached?.status ?? f.response.status
                let body = body(of: f)
                if (200..<300).contains(status) {
                    let token = RobotsRules.productToken(of: client.configuration.userAgent)
                    return RobotsRules.parse(String(decoding: body.prefix(RobotsRules.maxBytes), as: UTF8.self), productToken: token)
                }
                if (500..<600).contains(status) {
                    diagnostics.emit(.warning, stage: "fetch", subject: url, "HTTP \(status): robots.txt unavailable, so nothing on this host is fetched (RFC 9309; --ignore-robots overrides)")
                    return .disallowAll
                }
                return .allowAll   // 4xx: no robots.txt.
            case .failure(let error):
                // Too many redirects: unavailable, like a 4xx (RFC 9309 §2.3.1.2).
                if policy.offline { return .allowAll }
                if case .tooManyRedirects = error { return .allowAll }
                // Unreachable: nothing is fetched (RFC 9309 §2.3.1.4); pages report the connection error itself.
                var rules = RobotsRules.disallowAll
                rules.unavailableReason = Self.reason(error)
                return rules
            }
        }
    }

    /// Page URLs from the sitemaps of `origin`: those robots.txt lists — on any host, since a site's
    /// robots.txt may point at a sitemap hosted elsewhere (the sitemaps protocol's cross-submission) —
    /// else `/sitemap.xml` (and `<scope>/sitemap.xml`). Indexes are followed two levels deep, to child
    /// sitemaps on the site's origin or on the origin of the sitemap that lists them; `.gz` is decoded.
    /// Pages listed still have to be in the crawl's scope (the caller checks).
    func sitemapPages(origin: String, prefixes: [String], store: RobotsStore, parser: @Sendable ([UInt8]) -> SitemapLinks,
                      diagnostics: DiagnosticLog) async -> [String] {
        var candidates = (store.known(origin)?.sitemaps ?? []).compactMap { URLNormalizer.normalize($0) }
            .filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
        let listed = !candidates.isEmpty
        if !listed {
            candidates.append(origin + "/sitemap.xml")
            for p in prefixes where p.hasPrefix(origin + "/") && p != origin + "/" { candidates.append(p + "sitemap.xml") }
        }
        var pages: [String] = []
        var visited = Set<String>()
        var level = [(url: String, depth: Int)]()
        level = candidates.map { ($0, 0) }
        let maxFiles = 64, maxURLs = 200_000
        while !level.isEmpty, visited.count < maxFiles, pages.count < maxURLs {
            let (url, depth) = level.removeFirst()
            guard visited.insert(url).inserted else { continue }
            let robotsRules = store.known(origin)
            if policy.respectRobots, let robotsRules, !robotsRules.isAllowed(url: url), !listed { continue }
            // Guessed locations are tried once; listed ones get the usual retries.
            guard case .success(let f) = await fetch(url, followRedirects: true, retry: listed || depth > 0) else {
                if listed { diagnostics.emit(.warning, stage: "fetch", subject: url, "sitemap could not be fetched") }
                continue
            }
            let status = f.cached?.status ?? f.response.status
            guard (200..<300).contains(status) else {
                if listed { diagnostics.emit(.warning, stage: "fetch", subject: url, "sitemap: HTTP \(status)") }
                continue
            }
            var body = body(of: f)
            if Gzip.isGzip(body) {
                do { body = try Gzip.decompress(body, limit: 50 << 20) } catch {
                    diagnostics.emit(.warning, stage: "fetch", subject: url, "sitemap: \(error.description)")
                    continue
                }
            }
            let links = parser(body)
            pages += links.pages
            if depth < 2 {
                for s in links.sitemaps {
                    if let n = URLNormalizer.normalize(s, relativeTo: url),
                       let o = URLNormalizer.origin(of: n), o == origin || o == URLNormalizer.origin(of: url) { level.append((n, depth + 1)) }
                }
            }
        }
        return pages
    }

    /// The error text without the URL prefix (reports name the URL themselves).
    public static func reason(_ error: HTTPError) -> String {
        let d = error.description
        if let url = error.url, d.hasPrefix(url + ": ") { return String(d.dropFirst(url.count + 2)) }
        return d
    }

    static func milliseconds(_ d: Duration) -> Int {
        Int(d.components.seconds) * 1000 + Int(d.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// robots.txt rules per origin, each fetched once even when many tasks ask at the same time.
final class RobotsStore: Sendable {
    private struct State: Sendable {
        var known: [String: RobotsRules] = [:]
        var loading: [String: Task<RobotsRules, Never>] = [:]
    }
    private let state = Mutex(State())

    /// The rules of `origin` when already fetched.
    func known(_ origin: String) -> RobotsRules? { state.withLock { $0.known[origin] } }

    func rules(for origin: String, load: @escaping @Sendable () async -> RobotsRules) async -> RobotsRules {
        let task = state.withLock { s -> Task<RobotsRules, Never> in
            if let t = s.loading[origin] { return t }
            let t = Task { await load() }
            s.loading[origin] = t
            return t
        }
        let rules = await task.value
        state.withLock { $0.known[origin] = rules }
        return rules
    }
}

/// Reason phrases for reports.
public enum HTTPStatus {
    public static func reason(_ status: Int) -> String? {
        [301: "Moved Permanently", 302: "Found", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
         404: "Not Found", 405: "Method Not Allowed", 410: "Gone", 429: "Too Many Requests", 500: "Internal Server Error",
         502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"][status]
    }
}
