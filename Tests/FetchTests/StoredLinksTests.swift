@testable import Fetch
import Foundation
import RulesMakerCore
import RulesMakerTestSupport
import Synchronization
import Testing

/// Links stored with cached pages: an unchanged page's links come from the cache and its body is not
/// read; links recorded by another extractor are not trusted; databases of schema 1 and 2 keep working.
@Suite struct StoredLinksTests {
    /// `/` → `/a.html` → `/deep.html` (linked from `/a.html` only); `/a.html` changes when `version` does.
    static func site(version: Locked<Int>) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { req in
            let v = version.value
            let etag = "\"\(req.path)-\(req.path == "/a.html" ? v : 1)\""
            if req.header("if-none-match") == etag { return ServerResponse(status: 304, headers: [("ETag", etag)]) }
            var r: ServerResponse
            switch req.path {
            case "/": r = page("Home", links: ["/a.html", "/a.html#top", "http://elsewhere.example/x"])
            case "/a.html": r = page("A", links: v == 1 ? ["deep.html"] : ["deep.html", "/new.html"])
            case "/deep.html", "/new.html": r = page(req.path)
            case "/robots.txt": r = .text("User-agent: *\nAllow: /")
            default: return .notFound
            }
            r.headers.append(("ETag", etag))
            return r
        }
    }

    /// What a crawl with stored links did.
    struct Run {
        var reports: [PageReport]
        /// Pages whose body was read, and pages that came with stored links.
        var bodiesRead: [String]
        var withStoredLinks: [String: [String]]
        var diagnostics: [Diagnostic]
        var paths: [String] { reports.compactMap { URLComponents(string: $0.url)?.path }.sorted() }
    }

    static func crawl(_ seed: String, cache: HTTPCache, linksVersion: String? = "test/regex-1", offline: Bool = false) async -> Run {
        var config = HTTPClientConfiguration()
        config.userAgent = "rules-maker/test"
        let http = HTTPClient(configuration: config)
        defer { http.shutdown() }
        let policy = TestCrawl.policy { $0.sitemaps = .off; $0.offline = offline }
        let crawler = Crawler(client: http, policy: policy, cache: cache, jitter: CeilingJitter())
        let diagnostics = DiagnosticLog()
        let read = Locked([String]()), stored = Locked([String: [String]]())
        let reports = await crawler.crawl(seeds: [seed], diagnostics: diagnostics, linksVersion: linksVersion) { page, _, _ in
            if let links = page.storedLinks {
                stored.withLock { $0[page.url] = links }
                return links
            }
            read.withLock { $0.append(page.url) }
            guard let full = page.fetchedPage() else { return [] }
            return TestCrawl.links(in: full)
        }
        return Run(reports: reports, bodiesRead: read.value.sorted(), withStoredLinks: stored.value, diagnostics: diagnostics.all)
    }

    @Test func unchangedPagesGiveTheirStoredLinksWithoutReadingTheBody() async throws {
        let version = Locked(1)
        let server = try Self.site(version: version)
        defer { server.stop() }
        let dir = try TemporaryDirectory("stored-links")
        defer { dir.remove() }
        let cache = HTTPCache(directory: dir.path + "/http")
        let base = server.baseURL

        let cold = await Self.crawl(base + "/", cache: cache)
        #expect(cold.paths == ["/", "/a.html", "/deep.html"])
        #expect(cold.bodiesRead.count == 3 && cold.withStoredLinks.isEmpty)
        #expect(cache.head(for: base + "/")?.links == StoredLinks(version: "test/regex-1", urls: [base + "/a.html", "http://elsewhere.example/x"]),
                "normalised (no fragment), without duplicates, out-of-scope links kept")
        #expect(cache.head(for: base + "/deep.html")?.links == StoredLinks(version: "test/regex-1", urls: []))

        server.clearLog()
        let warm = await Self.crawl(base + "/", cache: cache)
        #expect(warm.paths == ["/", "/a.html", "/deep.html"], "a page linked only from an unchanged page is still found")
        #expect(warm.reports.allSatisfy { $0.fromCache && $0.status == 304 && $0.error == nil })
        #expect(warm.bodiesRead.isEmpty, "no body was read: \(warm.bodiesRead)")
        #expect(warm.withStoredLinks[base + "/a.html"] == [base + "/deep.html"])
        #expect(warm.reports.first { $0.url == base + "/a.html" }?.bytes == cache.entry(for: base + "/a.html")?.body.count)
        let pages = server.requests.filter { $0.path != "/robots.txt" }
        #expect(pages.map(\.path).sorted() == ["/", "/a.html", "/deep.html"], "the same pages are fetched")
        #expect(pages.allSatisfy { $0.header("if-none-match") != nil }, "all conditionally")

        // A changed page is read and its new links followed (and stored in place of the old ones).
        version.withLock { $0 = 2 }
        let changed = await Self.crawl(base + "/", cache: cache)
        #expect(changed.paths == ["/", "/a.html", "/deep.html", "/new.html"])
        #expect(changed.bodiesRead == [base + "/a.html", base + "/new.html"])
        #expect(cache.head(for: base + "/a.html")?.links?.urls == [base + "/deep.html", base + "/new.html"])

        // Offline: links from the cache, bodies untouched.
        let offline = await Self.crawl(base + "/", cache: cache, offline: true)
        #expect(offline.paths == ["/", "/a.html", "/deep.html", "/new.html"])
        #expect(offline.bodiesRead.isEmpty && offline.reports.allSatisfy { $0.fromCache && $0.error == nil })
    }

    @Test func linksOfAnotherExtractorAreNotTrustedButReplaced() async throws {
        let server = try Self.site(version: Locked(1))
        defer { server.stop() }
        let dir = try TemporaryDirectory("stored-links")
        defer { dir.remove() }
        let cache = HTTPCache(directory: dir.path + "/http")
        let base = server.baseURL
        _ = await Self.crawl(base + "/", cache: cache, linksVersion: "test/regex-1")

        let other = await Self.crawl(base + "/", cache: cache, linksVersion: "test/regex-2")
        #expect(other.paths == ["/", "/a.html", "/deep.html"])
        #expect(other.withStoredLinks.isEmpty && other.bodiesRead.count == 3, "recorded by another extractor: read again")
        #expect(other.reports.allSatisfy { $0.status == 304 })
        cache.flush()
        #expect(cache.head(for: base + "/a.html")?.links == StoredLinks(version: "test/regex-2", urls: [base + "/deep.html"]),
                "the 304's links are recorded for the next run")
        let again = await Self.crawl(base + "/", cache: cache, linksVersion: "test/regex-2")
        #expect(again.bodiesRead.isEmpty && again.paths == ["/", "/a.html", "/deep.html"])

        // Without a links version nothing is used (and the body-eager API sees whole pages).
        let none = await Self.crawl(base + "/", cache: cache, linksVersion: nil)
        #expect(none.withStoredLinks.isEmpty && none.bodiesRead.count == 3)
        let eager = await TestCrawl.run([base + "/"], policy: TestCrawl.policy { $0.sitemaps = .off }, cache: cache)
        #expect(eager.pages.count == 3 && eager.pages.allSatisfy { !$0.body.isEmpty && $0.fromCache })
    }

    /// A database of schema 1 (one `responses` table, no links) or 2 (links in it, before the body) is
    /// split into heads and bodies when first opened; its entries keep serving, with the links they had.
    @Test(arguments: [1, 2])
    func anOlderDatabaseIsUpgradedAndItsEntriesStillServe(schema: Int) async throws {
        let server = try Self.site(version: Locked(1))
        defer { server.stop() }
        let dir = try TemporaryDirectory("stored-links")
        defer { dir.remove() }
        let base = server.baseURL
        // Crawl once, then turn the database into what rules-maker wrote with that schema.
        do {
            let cache = HTTPCache(directory: dir.path + "/http")
            _ = await Self.crawl(base + "/", cache: cache)
        }
        do {
            let db = try SQLiteConnection(path: dir.path + "/http/" + HTTPCache.fileName, create: false)
            let links = schema == 1 ? "" : "links TEXT, links_version TEXT,"
            let linkValues = schema == 1 ? "" : "h.links, h.links_version,"
            try db.execute("""
                BEGIN;
                CREATE TABLE responses (key BLOB PRIMARY KEY, url TEXT NOT NULL, status INTEGER NOT NULL, headers TEXT NOT NULL,
                                        stored_at REAL NOT NULL, \(links) body BLOB NOT NULL);
                INSERT INTO responses SELECT h.key, h.url, h.status, h.headers, h.stored_at, \(linkValues) b.body
                    FROM heads h JOIN bodies b ON b.id = h.id;
                DROP TABLE heads;
                DROP TABLE bodies;
                PRAGMA user_version = \(schema);
                COMMIT;
                """)
        }
        let cache = HTTPCache(directory: dir.path + "/http")
        let old = try #require(cache.entry(for: base + "/a.html"))
        #expect((old.links == nil) == (schema == 1) && old.etag != nil && String(decoding: old.body, as: UTF8.self).contains("deep.html"))
        #expect(cache.head(for: base + "/a.html") == old.head && old.head.bodyBytes == old.body.count)
        #expect(cache.statistics().entries == 4)

        server.clearLog()
        let warm = await Self.crawl(base + "/", cache: cache)
        #expect(warm.paths == ["/", "/a.html", "/deep.html"])
        #expect(warm.reports.allSatisfy { $0.fromCache && $0.status == 304 })
        if schema == 1 {
            #expect(warm.bodiesRead.count == 3, "old rows have no links: their bodies are read as before")
        } else {
            #expect(warm.bodiesRead.isEmpty, "the links of schema-2 rows are kept")
        }
        #expect(server.requests.filter { $0.path != "/robots.txt" }.allSatisfy { $0.header("if-none-match") != nil })
        let db = try SQLiteConnection(path: cache.databasePath, create: false)
        #expect(try db.query("PRAGMA user_version").first?.first?.int == HTTPCache.schemaVersion)
        #expect(try db.query("PRAGMA integrity_check").first?.first?.string == "ok")
        let tables = try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0.first?.string }
        #expect(tables == ["bodies", "heads"])
        #expect(try db.query("PRAGMA freelist_count").first?.first?.int == 0, "the old table's pages were given back")
        let next = await Self.crawl(base + "/", cache: cache)
        #expect(next.bodiesRead.isEmpty, "the links found on the upgraded rows were recorded")

        cache.clear()
        #expect(cache.statistics().entries == 0)
        _ = await Self.crawl(base + "/", cache: cache)
        #expect(cache.statistics().entries == 4)
    }

    /// Normalised, first occurrence kept, unparseable links dropped: for a few links and for many.
    @Test(arguments: [3, 40])
    func linksAreStoredNormalisedWithoutDuplicates(count: Int) {
        var links = (0..<count).map { "http://H/p/\($0).html#s" }
        links += ["http://h/p/0.html", "not a url", "http://h/p/1.html"]
        let stored = Crawler.normalizedLinks(links)
        #expect(stored == (0..<count).map { "http://h/p/\($0).html" })
    }

    @Test func linksRoundTripAndAreNotRecordedOnAChangedEntry() throws {
        let dir = try TemporaryDirectory("stored-links")
        defer { dir.remove() }
        let cache = HTTPCache(directory: dir.path, writePolicy: HTTPCacheTests.manualCommits)
        var r = HTTPCacheTests.response(1, size: 70_000)
        r.links = StoredLinks(version: "v", urls: ["http://h/a", "http://h/b?x=1"])
        cache.store(r)
        #expect(cache.head(for: r.url)?.links == r.links, "read from the write buffer")
        cache.flush()
        let reader = HTTPCache(directory: dir.path)
        #expect(reader.entry(for: r.url) == r)
        #expect(reader.head(for: r.url) == r.head && r.head.bodyBytes == 70_000)
        #expect(reader.body(for: r.url) == r.body && reader.body(for: "http://h/missing") == nil)

        // Links recorded for an entry replaced in the meantime (another ETag) are dropped.
        let head = try #require(reader.head(for: r.url))
        var newer = HTTPCacheTests.response(1, size: 10)
        newer.headers["etag"] = "\"v2\""
        cache.store(newer)
        cache.flush()
        reader.recordLinks(StoredLinks(version: "w", urls: ["http://h/old"]), for: r.url, head: head)
        reader.flush()
        #expect(reader.entry(for: r.url)?.links == nil && reader.entry(for: r.url)?.body.count == 10)
        // …and kept for the entry they were found in.
        reader.recordLinks(StoredLinks(version: "w", urls: []), for: r.url, head: try #require(reader.head(for: r.url)))
        reader.flush()
        #expect(reader.head(for: r.url)?.links == StoredLinks(version: "w", urls: []))

        // Links for an entry still waiting to be committed are merged into it.
        var waiting = HTTPCacheTests.response(2)
        waiting.headers["location"] = "http://user:pw@h/x"
        waiting.headers["set-cookie"] = "dropped"
        cache.store(waiting)
        cache.recordLinks(StoredLinks(version: "v", urls: ["http://h/1"]), for: waiting.url, head: try #require(cache.head(for: waiting.url)))
        cache.flush()
        #expect(reader.head(for: waiting.url)?.links?.urls == ["http://h/1"])
    }
}
