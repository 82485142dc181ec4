// crawl-bench: serves a generated documentation site on loopback and crawls it (issue 3 benchmark).
//
//   crawl-bench serve --pages 5000 --port-file FILE      serve until killed (keep-alive, ETag → 304)
//   crawl-bench crawl URL --cache-dir DIR [--links scan|libxml] [--concurrency 8] [--max-pages N] [--no-stored-links]
//
// `serve` and `crawl` run as separate processes so the crawler's peak RSS is its own.
import Fetch
import Foundation
import Parse
import RulesMakerCore
import RulesMakerTestSupport

func argument(_ name: String, _ args: [String]) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

/// Deterministic page sizes and links: page i links to 2i+1 and 2i+2 (so BFS from 0 reaches every
/// page), to a few pseudo-random pages, and back to its parent; its body is 30–80 KB of filler.
struct GeneratedSite: Sendable {
    let pages: Int
    let filler: [[UInt8]]

    init(pages: Int) {
        self.pages = pages
        var blocks: [[UInt8]] = []
        let words = ["session", "client", "request", "timeout", "retry", "connection", "pool", "handler", "config", "token",
                     "stream", "buffer", "thread", "event", "cache", "header", "payload", "schema", "value", "index"]
        for b in 0..<16 {
            var s = "<h2 id=\"s\(b)\">Section \(b)</h2>\n"
            var seed = UInt64(b + 1) &* 0x9E37_79B9_7F4A_7C15
            while s.utf8.count < 5000 {
                s += "<p>"
                for _ in 0..<40 {
                    seed = seed &* 6364136223846793005 &+ 1442695040888963407
                    s += words[Int(seed >> 59) % words.count] + " "
                }
                s += "You must call <code>client.close()</code> when done.</p>\n<pre><code class=\"language-python\">client = Client(timeout=30)\nclient.get(\"/items\")</code></pre>\n"
            }
            blocks.append(Array(s.utf8))
        }
        filler = blocks
    }

    func size(_ i: Int) -> Int { 6 + (i &* 2654435761 % 11) }   // 6…16 blocks of ~5 KB

    func page(_ i: Int) -> [UInt8] {
        var links = [2 * i + 1, 2 * i + 2, (i &* 7919 + 13) % pages, (i &* 104729 + 7) % pages, max(0, (i - 1) / 2)].filter { $0 < pages }
        links = Array(Set(links)).sorted()
        var head = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Page \(i)</title></head><body><nav>"
        for l in links { head += "<a href=\"/p/\(l).html\">Page \(l)</a> " }
        head += "</nav><main><h1>Page \(i)</h1>\n"
        var out = Array(head.utf8)
        for k in 0..<size(i) { out += filler[(i + k) % filler.count] }
        out += Array("</main></body></html>\n".utf8)
        return out
    }
}

func serve(_ args: [String]) throws -> Never {
    let site = GeneratedSite(pages: Int(argument("--pages", args) ?? "5000") ?? 5000)
    let server = try LoopbackHTTPServer { req in
        let path = req.path
        let id: Int?
        if path == "/" { id = 0 } else if path.hasPrefix("/p/"), path.hasSuffix(".html") { id = Int(path.dropFirst(3).dropLast(5)) } else { id = nil }
        guard let id, id < site.pages else { return .notFound }
        let etag = "\"p\(id)-v1\""
        if req.header("if-none-match") == etag { return ServerResponse(status: 304, headers: [("ETag", etag)]) }
        return ServerResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8"), ("ETag", etag)], body: site.page(id))
    }
    if let file = argument("--port-file", args) { try "\(server.port)\n".write(toFile: file, atomically: true, encoding: .utf8) }
    FileHandle.standardOutput.write(Data("serving \(site.pages) pages on \(server.baseURL)\n".utf8))
    while true { sleep(3600) }
}

/// Finds `href="…"` values without parsing (isolates the crawler from the HTML parser). It looks for
/// the `=` of `href="` with `memchr`: `=` is rare in documentation text, where `h` (what it used to
/// look for) is one of the most frequent letters, so the scan stops a few times per KB instead of ~50.
func scanLinks(_ body: [UInt8], base: String) -> [String] {
    var out: [String] = []
    body.withUnsafeBytes { raw in
        guard let start = raw.baseAddress else { return }
        let end = start + raw.count
        var p = start   // where the next `href="` may start
        while p + 6 < end, let e = memchr(p + 4, Int32(UInt8(ascii: "=")), end - (p + 4)) {
            let equals = UnsafeRawPointer(e)
            let hit = equals - 4
            guard hit + 6 < end else { break }
            guard memcmp(hit, "href=\"", 6) == 0 else { p = equals - 3; continue }
            let valueStart = hit + 6
            guard let close = memchr(valueStart, Int32(UInt8(ascii: "\"")), end - valueStart) else { break }
            let buf = UnsafeRawBufferPointer(start: valueStart, count: UnsafeRawPointer(close) - valueStart)
            out.append(base + String(decoding: buf, as: UTF8.self))
            p = UnsafeRawPointer(close) + 1
        }
    }
    return out
}

func crawl(_ args: [String]) async {
    guard args.count > 1 else { print("usage: crawl-bench crawl URL --cache-dir DIR"); exit(2) }
    let url = args[1]
    let origin = URLNormalizer.origin(of: url) ?? url
    var policy = CrawlPolicy()
    policy.maxPages = Int(argument("--max-pages", args) ?? "1000000") ?? 1_000_000
    policy.maxDepth = 1000
    policy.concurrency = Int(argument("--concurrency", args) ?? "8") ?? 8
    policy.maxConnections = policy.concurrency
    policy.sitemaps = .off
    var config = HTTPClientConfiguration()
    config.maxConnectionsPerHost = policy.concurrency
    config.maxConnections = policy.concurrency
    config.userAgent = "rules-maker/bench"
    let client = HTTPClient(configuration: config)
    let cache = args.contains("--no-cache") ? nil : argument("--cache-dir", args).map { HTTPCache(directory: $0 + "/http") }
    let useLibxml = argument("--links", args) == "libxml"
    let crawler = Crawler(client: client, policy: policy, cache: cache)
    let diagnostics = DiagnosticLog()
    let started = ContinuousClock.now
    // Links stored with unchanged pages are taken as they are (unless --no-stored-links): the body of a
    // page answered 304 is then never read.
    let version = args.contains("--no-stored-links") ? nil : useLibxml ? "bench/" + LinkExtractor.version : "bench/scan-1"
    let reports = await crawler.crawl(seeds: [url], diagnostics: diagnostics, linksVersion: version) { page, _, _ in
        if let stored = page.storedLinks { return stored }
        guard let full = page.fetchedPage() else { return [] }
        if useLibxml {
            let tree = HTMLTree(bytes: full.body, url: full.url, encoding: full.charset)
            return LinkExtractor.links(in: tree, pageURL: full.url)
        }
        return scanLinks(full.body, base: origin)
    }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let bytes = reports.reduce(0) { $0 + $1.bytes }
    let cached = reports.filter(\.fromCache).count
    let errors = reports.filter { $0.error != nil }.count
    print(String(format: "pages %d  errors %d  from-cache %d  bytes %.1f MB  time %.2f s  %.0f pages/s  %.1f MB/s  (links: %@)",
                 reports.count, errors, cached, Double(bytes) / 1e6, seconds, Double(reports.count) / seconds, Double(bytes) / 1e6 / seconds,
                 useLibxml ? "libxml" : "scan"))
    client.shutdown()
}

let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "serve": try serve(args)
case "crawl": await crawl(args)
default:
    print("usage: crawl-bench serve --pages N --port-file FILE | crawl URL --cache-dir DIR [--links scan|libxml]")
    exit(2)
}
