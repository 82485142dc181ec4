import Fetch
import Foundation
import RulesMakerCore
import RulesMakerTestSupport
import Synchronization

/// Records the waits the crawler asks for instead of sleeping.
final class RecordingSleeper: CrawlSleeper {
    private let waits = Mutex<[Duration]>([])
    var recorded: [Duration] { waits.withLock { $0 } }
    func sleep(for duration: Duration) async { waits.withLock { $0.append(duration) } }
}

/// Always waits the full backoff ceiling (deterministic).
struct CeilingJitter: CrawlJitter {
    func wait(upTo ceiling: Duration) -> Duration { ceiling }
}

/// What a test crawl produced.
struct CrawlResult {
    var reports: [PageReport]
    var pages: [FetchedPage]
    var diagnostics: [Diagnostic]

    func report(_ suffix: String) -> PageReport? { reports.first { $0.url.hasSuffix(suffix) } }
}

enum TestCrawl {
    static func policy(_ edit: (inout CrawlPolicy) -> Void = { _ in }) -> CrawlPolicy {
        var p = CrawlPolicy()
        p.retry.baseDelay = .milliseconds(1)
        edit(&p)
        return p
    }

    /// Crawls with a regex link extractor and sitemap reader (Fetch tests do not depend on Parse).
    static func run(_ seeds: [String], policy: CrawlPolicy = policy(), cache: HTTPCache? = nil, sleeper: any CrawlSleeper = RecordingSleeper(),
                    client: HTTPClientConfiguration = HTTPClientConfiguration()) async -> CrawlResult {
        var config = client
        config.maxConnectionsPerHost = policy.concurrency
        config.maxConnections = policy.maxConnections
        config.maxBodyBytes = policy.maxPageBytes
        config.userAgent = "rules-maker/0.1.0 (+https://github.com/rules-maker/rules-maker)"
        let http = HTTPClient(configuration: config)
        defer { http.shutdown() }
        let crawler = Crawler(client: http, policy: policy, cache: cache, sleeper: sleeper, jitter: CeilingJitter(),
                              sitemapParser: { bytes in regexSitemap(bytes) })
        let diagnostics = DiagnosticLog()
        let pages = Locked([FetchedPage]())
        let reports = await crawler.crawl(seeds: seeds, diagnostics: diagnostics) { page, _, _ in
            pages.withLock { $0.append(page) }
            return links(in: page)
        }
        return CrawlResult(reports: reports, pages: pages.value.sorted { $0.url < $1.url }, diagnostics: diagnostics.all)
    }

    static func links(in page: FetchedPage) -> [String] {
        let text = String(decoding: page.body, as: UTF8.self)
        let regex = try! NSRegularExpression(pattern: "href=\"([^\"]+)\"")
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap {
            URL(string: ns.substring(with: $0.range(at: 1)), relativeTo: URL(string: page.url))?.absoluteString
        }
    }

    static func regexSitemap(_ bytes: [UInt8]) -> SitemapLinks {
        let text = String(decoding: bytes, as: UTF8.self)
        let regex = try! NSRegularExpression(pattern: "<(url|sitemap)>\\s*<loc>([^<]+)</loc>")
        let ns = text as NSString
        var out = SitemapLinks()
        for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let loc = ns.substring(with: m.range(at: 2))
            if ns.substring(with: m.range(at: 1)) == "url" { out.pages.append(loc) } else { out.sitemaps.append(loc) }
        }
        return out
    }
}

/// gzip with stored (uncompressed) deflate blocks: valid gzip that any decoder reads.
enum TestGzip {
    static func wrap(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]
        var offset = 0
        repeat {
            let n = min(65535, data.count - offset)
            let final: UInt8 = offset + n == data.count ? 1 : 0
            out.append(final)
            out += [UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8((~n >> 8) & 0xff)]
            out += data[offset..<offset + n]
            offset += n
        } while offset < data.count
        let crc = crc32(data)
        out += [UInt8(crc & 0xff), UInt8((crc >> 8) & 0xff), UInt8((crc >> 16) & 0xff), UInt8(crc >> 24)]
        let size = UInt32(truncatingIfNeeded: data.count)
        out += [UInt8(size & 0xff), UInt8((size >> 8) & 0xff), UInt8((size >> 16) & 0xff), UInt8(size >> 24)]
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for b in data {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xedb8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}

extension LoopbackHTTPServer {
    /// Paths requested (without query) other than robots.txt, in order.
    var pagePaths: [String] { requests.map(\.path).filter { $0 != "/robots.txt" } }
    func count(_ path: String) -> Int { requests.filter { $0.target == path || $0.path == path }.count }
}

func page(_ title: String, links: [String] = [], extra: String = "") -> ServerResponse {
    .html("<html><head><title>\(title)</title></head><body><h1>\(title)</h1>\(links.map { "<a href=\"\($0)\">\($0)</a>" }.joined())\(extra)</body></html>")
}
