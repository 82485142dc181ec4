import Foundation
import RulesMakerCore
import Synchronization

/// What to crawl.
public struct CrawlPolicy: Sendable, Hashable, Codable {
    /// Most pages fetched per seed set.
    public var maxPages: Int = 200
    /// Most link hops from a seed (0 = the seeds only).
    public var maxDepth: Int = 10
    /// Requests in flight at once.
    public var concurrency: Int = 8
    /// Pages larger than this are skipped with a warning.
    public var maxPageBytes: Int = 10 << 20

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

/// A breadth-first crawler over `HTTPClient`.
///
/// Pages are fetched concurrently but admitted in breadth-first queue order, so which pages a
/// crawl visits under `maxPages` is deterministic. Each page is handed to `process` as soon as it
/// arrives (on the fetching task), which returns the links it contains; bodies are not retained.
public struct Crawler: Sendable {
    public let client: HTTPClient
    public let policy: CrawlPolicy

    public init(client: HTTPClient, policy: CrawlPolicy) {
        self.client = client
        self.policy = policy
    }

    /// Media types treated as documentation text.
    public static func isDocumentType(_ mediaType: String?) -> Bool {
        guard let t = mediaType else { return true }
        return t == "text/html" || t == "application/xhtml+xml" || t == "text/markdown" || t == "text/plain" || t == "text/x-markdown"
    }

    static let skippedExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "css", "js", "mjs", "map", "json", "xml", "zip", "gz", "tgz", "bz2", "xz",
        "tar", "pdf", "woff", "woff2", "ttf", "eot", "mp4", "webm", "mp3", "wav", "exe", "dmg", "whl", "jar", "epub", "ps",
    ]

    /// Crawls from `seeds`. `process(page, sequence)` is called once per fetched document page
    /// (sequence = its position in breadth-first order) and returns the page's outgoing links.
    public func crawl(seeds: [String], diagnostics: DiagnosticLog,
                      process: @escaping @Sendable (FetchedPage, Int) async -> [String]) async -> [PageReport] {
        var queue: [(url: String, depth: Int)] = []
        var seen = Set<String>()
        var scopes: [String] = []
        for seed in seeds {
            guard let n = URLNormalizer.normalize(seed) else {
                diagnostics.emit(.error, stage: "fetch", subject: seed, "not a valid URL")
                continue
            }
            scopes.append(URLNormalizer.scopePrefix(of: n))
            if seen.insert(n).inserted { queue.append((n, 0)) }
        }
        let finalURLs = Locked(Set<String>())
        var reports: [Int: PageReport] = [:]
        var next = 0, inFlight = 0, processed = 0
        var results: [Int: [String]] = [:]

        await withTaskGroup(of: (Int, [String], PageReport).self) { group in
            while true {
                while inFlight < max(1, policy.concurrency), next < queue.count {
                    let seq = next
                    let item = queue[seq]
                    next += 1
                    inFlight += 1
                    group.addTask {
                        await fetchOne(item.url, depth: item.depth, seq: seq, isSeed: item.depth == 0,
                                       finalURLs: finalURLs, diagnostics: diagnostics, process: process)
                    }
                }
                guard inFlight > 0, let (seq, links, report) = await group.next() else { break }
                inFlight -= 1
                results[seq] = links
                reports[seq] = report
                // Admit discovered links strictly in queue order.
                while let links = results.removeValue(forKey: processed) {
                    let depth = queue[processed].depth
                    processed += 1
                    guard depth < policy.maxDepth else { continue }
                    for link in links {
                        guard queue.count < policy.maxPages else { break }
                        guard let n = URLNormalizer.normalize(link), inScope(n, scopes: scopes), seen.insert(n).inserted else { continue }
                        queue.append((n, depth + 1))
                    }
                }
            }
        }
        return reports.keys.sorted().map { reports[$0]! }
    }

    func inScope(_ url: String, scopes: [String]) -> Bool {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { return false }
        let path = URL(string: url)?.path ?? ""
        if let ext = path.split(separator: "/").last?.split(separator: ".").last, path.split(separator: "/").last!.contains("."),
           Self.skippedExtensions.contains(ext.lowercased()) { return false }
        return scopes.contains(where: { url.hasPrefix($0) || url + "/" == $0 })
    }

    private func fetchOne(_ url: String, depth: Int, seq: Int, isSeed: Bool, finalURLs: Locked<Set<String>>,
                          diagnostics: DiagnosticLog,
                          process: @Sendable (FetchedPage, Int) async -> [String]) async -> (Int, [String], PageReport) {
        let started = ContinuousClock.now
        func report(_ status: Int?, _ bytes: Int, _ error: String?) -> PageReport {
            let ms = Int((ContinuousClock.now - started).components.seconds * 1000) + Int((ContinuousClock.now - started).components.attoseconds / 1_000_000_000_000_000)
            return PageReport(url: url, status: status, bytes: bytes, milliseconds: ms, fromCache: false, error: error)
        }
        // A page that failed is an error (exit 1); a linked non-HTML file is only skipped.
        let skipSeverity: Severity = isSeed ? .error : .warning
        do {
            let response = try await client.send(HTTPRequest(url: url, headers: [("Accept", "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.1")]))
            guard (200..<300).contains(response.status) else {
                let message = "HTTP \(response.status)\(HTTPStatus.reason(response.status).map { " " + $0 } ?? "")"
                diagnostics.emit(.error, stage: "fetch", subject: url, message)
                return (seq, [], report(response.status, response.body.count, message))
            }
            let page = FetchedPage(url: URLNormalizer.normalize(response.url) ?? response.url, requestedURL: url, status: response.status,
                                   headers: response.headerMap, body: response.body, depth: depth)
            guard Self.isDocumentType(page.mediaType) else {
                let message = "skipped: content type \(page.mediaType ?? "unknown") is not HTML or text"
                diagnostics.emit(skipSeverity, stage: "fetch", subject: url, message)
                return (seq, [], report(response.status, response.body.count, message))
            }
            let firstTime = finalURLs.withLock { $0.insert(page.url).inserted }
            guard firstTime else { return (seq, [], report(response.status, response.body.count, nil)) }
            let links = await process(page, seq)
            return (seq, links, report(response.status, response.body.count, nil))
        } catch {
            let message = (error as? HTTPError).map(Self.reason) ?? "\(error)"
            diagnostics.emit(.error, stage: "fetch", subject: url, message)
            return (seq, [], report(nil, 0, message))
        }
    }

    /// The error text without the URL prefix (reports name the URL themselves).
    public static func reason(_ error: HTTPError) -> String {
        let d = error.description
        if let url = error.url, d.hasPrefix(url + ": ") { return String(d.dropFirst(url.count + 2)) }
        return d
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
