import Fetch
import Foundation
import RulesMakerCore
import RulesMakerTestSupport
import Synchronization
import Testing

/// The crawler against loopback servers; assertions are on what the server saw.
@Suite struct CrawlerTests {
    @Test func obeysRobotsTxtAndSendsItsUserAgent() async throws {
        let server = try LoopbackHTTPServer(routes: [
            "/robots.txt": .text("User-agent: *\nDisallow: /docs/private/\nAllow: /docs/private/ok.html\nDisallow: /*.cgi$\n\nUser-agent: rules-maker\nDisallow: /docs/private/\nAllow: /docs/private/ok.html\nDisallow: /docs/secret"),
            "/docs/": page("Home", links: ["a.html", "private/secret.html", "private/ok.html", "secret-notes.html", "run.cgi"]),
            "/docs/a.html": page("A"),
            "/docs/private/ok.html": page("OK"),
            "/docs/private/secret.html": page("Secret"),
            "/docs/secret-notes.html": page("Secret"),
            "/docs/run.cgi": page("CGI"),
        ])
        let result = await TestCrawl.run([server.baseURL + "/docs/"], policy: TestCrawl.policy { $0.sitemaps = .off })
        let paths = server.pagePaths
        #expect(Set(paths) == ["/docs/", "/docs/a.html", "/docs/private/ok.html", "/docs/run.cgi"], "\(paths)")
        #expect(server.count("/robots.txt") == 1)
        #expect(server.requests.allSatisfy { $0.header("user-agent")?.hasPrefix("rules-maker/0.1.0 (+") == true })
        #expect(result.pages.count == 4)

        // --ignore-robots: everything, and robots.txt is not even read.
        server.clearLog()
        _ = await TestCrawl.run([server.baseURL + "/docs/"], policy: TestCrawl.policy { $0.sitemaps = .off; $0.respectRobots = false })
        #expect(server.count("/robots.txt") == 0)
        #expect(server.count("/docs/private/secret.html") == 1 && server.count("/docs/secret-notes.html") == 1)
    }

    @Test func robotsServerErrorMeansNothingIsFetched() async throws {
        let server = try LoopbackHTTPServer(routes: ["/robots.txt": .text("down", status: 503), "/": page("Home")])
        let result = await TestCrawl.run([server.baseURL + "/"], policy: TestCrawl.policy { $0.retry.maxAttempts = 2; $0.sitemaps = .off })
        #expect(server.pagePaths.isEmpty)
        #expect(server.count("/robots.txt") == 2, "retried once")
        #expect(result.diagnostics.contains { $0.message.contains("robots.txt unavailable") })
        #expect(result.diagnostics.contains { $0.severity == .error && $0.message.contains("disallowed by robots.txt") })
    }

    @Test func sitemapIndexWithGzipSitemap() async throws {
        let base = Locked("")
        let server = try LoopbackHTTPServer { req in
            let b = base.value
            switch req.path {
            case "/robots.txt": return .text("User-agent: *\nDisallow: /docs/hidden\nSitemap: \(b)/sitemap-index.xml\n")
            case "/sitemap-index.xml":
                return .text("<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>\(b)/sitemaps/a.xml.gz</loc></sitemap><sitemap><loc>\(b)/sitemaps/b.xml</loc></sitemap></sitemapindex>", contentType: "application/xml")
            case "/sitemaps/a.xml.gz":
                let xml = "<urlset><url><loc>\(b)/docs/only-in-sitemap-a.html</loc></url><url><loc>\(b)/docs/hidden.html</loc></url><url><loc>\(b)/blog/out-of-scope.html</loc></url></urlset>"
                return ServerResponse(status: 200, headers: [("Content-Type", "application/gzip")], body: TestGzip.wrap(Array(xml.utf8)))
            case "/sitemaps/b.xml":
                return .text("<urlset><url><loc>\(b)/docs/only-in-sitemap-b.html?utm_source=sitemap</loc></url><url><loc>\(b)/docs/</loc></url></urlset>", contentType: "application/xml")
            case "/docs/": return page("Home", links: ["linked.html"])
            case "/docs/linked.html", "/docs/only-in-sitemap-a.html", "/docs/only-in-sitemap-b.html": return page(req.path)
            default: return .notFound
            }
        }
        base.withLock { $0 = server.baseURL }
        let result = await TestCrawl.run([server.baseURL + "/docs/"])
        #expect(Set(server.pagePaths) == ["/sitemap-index.xml", "/sitemaps/a.xml.gz", "/sitemaps/b.xml", "/docs/", "/docs/linked.html",
                                          "/docs/only-in-sitemap-a.html", "/docs/only-in-sitemap-b.html"], "\(server.pagePaths)")
        #expect(server.pagePaths.count == Set(server.pagePaths).count, "nothing fetched twice")
        #expect(!server.requests.contains { $0.target.contains("utm_source") }, "tracking parameters are dropped")
        #expect(server.count("/sitemap.xml") == 0, "robots.txt named the sitemap")
        #expect(result.pages.count == 4)

        // --sitemap only: links are not followed.
        server.clearLog()
        _ = await TestCrawl.run([server.baseURL + "/docs/"], policy: TestCrawl.policy { $0.sitemaps = .only })
        #expect(server.count("/docs/linked.html") == 0)
        #expect(server.count("/docs/only-in-sitemap-a.html") == 1)
    }

    @Test func sitemapOnAnotherHostListedByRobots() async throws {
        let site = Locked("")
        // The sitemap lives on another origin (a second loopback server), as robots.txt says.
        let sitemapHost = try LoopbackHTTPServer { req in
            let b = site.value
            switch req.path {
            case "/maps/index.xml":
                return .text("<sitemapindex><sitemap><loc>/maps/docs.xml</loc></sitemap></sitemapindex>", contentType: "application/xml")
            case "/maps/docs.xml":
                return .text("<urlset><url><loc>\(b)/docs/from-remote-sitemap.html</loc></url><url><loc>https://elsewhere.invalid/x.html</loc></url></urlset>",
                             contentType: "application/xml")
            default: return .notFound
            }
        }
        let server = try LoopbackHTTPServer { req in
            switch req.path {
            case "/robots.txt": return .text("User-agent: *\nSitemap: \(sitemapHost.baseURL)/maps/index.xml\n")
            case "/docs/": return page("Home")
            case "/docs/from-remote-sitemap.html": return page(req.path)
            default: return .notFound
            }
        }
        site.withLock { $0 = server.baseURL }
        let result = await TestCrawl.run([server.baseURL + "/docs/"])
        #expect(sitemapHost.pagePaths == ["/maps/index.xml", "/maps/docs.xml"], "\(sitemapHost.pagePaths)")
        #expect(server.count("/docs/from-remote-sitemap.html") == 1)
        #expect(server.count("/sitemap.xml") == 0, "robots.txt named the sitemap")
        #expect(result.pages.count == 2, "the other host's own pages are out of scope")
    }

    @Test func redirectChainsAndLoops() async throws {
        let server = try LoopbackHTTPServer(routes: [
            "/": page("Home", links: ["/old", "/loop-a", "/final", "/away"]),
            "/old": ServerResponse(status: 301, headers: [("Location", "/older")]),
            "/older": ServerResponse(status: 302, headers: [("Location", "/final")]),
            "/final": page("Final", links: ["/"]),
            "/loop-a": ServerResponse(status: 302, headers: [("Location", "/loop-b")]),
            "/loop-b": ServerResponse(status: 302, headers: [("Location", "/loop-a")]),
            "/away": ServerResponse(status: 302, headers: [("Location", "http://127.0.0.2:9/elsewhere")]),
        ])
        let result = await TestCrawl.run([server.baseURL + "/"], policy: TestCrawl.policy { $0.sitemaps = .off })
        for path in ["/", "/old", "/older", "/final", "/loop-a", "/loop-b", "/away"] {
            #expect(server.count(path) == 1, "\(path) requested \(server.count(path)) times")
        }
        #expect(result.pages.map(\.url) == [server.baseURL + "/", server.baseURL + "/final"])
        #expect(result.diagnostics.contains { $0.subject.hasSuffix("/loop-a") && $0.message.contains("redirect loop") })
        #expect(result.diagnostics.contains { $0.subject.hasSuffix("/away") && $0.message.contains("outside") })
    }

    @Test func tooManyRedirects() async throws {
        let server = try LoopbackHTTPServer { req in
            let n = Int(req.path.dropFirst(2)) ?? 0
            if req.path == "/robots.txt" { return .notFound }
            return req.path == "/" ? page("Home", links: ["/r0"]) : ServerResponse(status: 302, headers: [("Location", "/r\(n + 1)")])
        }
        let result = await TestCrawl.run([server.baseURL + "/"], policy: TestCrawl.policy { $0.sitemaps = .off; $0.maxRedirects = 3 })
        #expect(server.pagePaths == ["/", "/r0", "/r1", "/r2", "/r3"])
        #expect(result.report("/r0")?.error?.contains("more than 3 redirects") == true)
    }

    @Test func slowPagesTimeOutAndAreRetriedBoundedly() async throws {
        let server = try LoopbackHTTPServer { req in
            req.path == "/slow" ? ServerResponse(status: 200, headers: [("Content-Type", "text/html")], body: Array("<p>late</p>".utf8), delay: .seconds(2))
                : page("Home", links: ["/slow", "/fast"])
        }
        var client = HTTPClientConfiguration()
        client.requestTimeout = .milliseconds(300)
        let sleeper = RecordingSleeper()
        let result = await TestCrawl.run([server.baseURL + "/"], policy: TestCrawl.policy { $0.sitemaps = .off; $0.retry.maxAttempts = 2 },
                                         sleeper: sleeper, client: client)
        #expect(server.count("/slow") == 2)
        #expect(server.count("/fast") == 1)
        #expect(result.report("/slow")?.error?.contains("timed out") == true)
        #expect(sleeper.recorded == [.milliseconds(1)], "one backoff of the base delay")
    }

    @Test func retriesHonourRetryAfterAndDoNotRetryOther4xx() async throws {
        let hits = Locked([String: Int]())
        let server = try LoopbackHTTPServer { req in
            let n = hits.withLock { h -> Int in h[req.path, default: 0] += 1; return h[req.path]! }
            switch req.path {
            case "/": return page("Home", links: ["/busy", "/down", "/gone", "/flaky"])
            case "/busy": return n < 3 ? ServerResponse(status: 429, headers: [("Retry-After", "7")]) : page("Busy")
            case "/down":
                let date = Date().addingTimeInterval(3600)
                let f = DateFormatter()
                f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "GMT"); f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                return n < 2 ? ServerResponse(status: 503, headers: [("Retry-After", f.string(from: date))]) : page("Down")
            case "/flaky": return n < 2 ? ServerResponse(status: 500) : page("Flaky")
            default: return .notFound
            }
        }
        let sleeper = RecordingSleeper()
        var policy = TestCrawl.policy { $0.sitemaps = .off; $0.concurrency = 1 }
        policy.retry.baseDelay = .milliseconds(250)
        policy.retry.maxRetryAfter = .seconds(7200)
        let result = await TestCrawl.run([server.baseURL + "/"], policy: policy, sleeper: sleeper)
        #expect(server.count("/busy") == 3)
        #expect(server.count("/down") == 2)
        #expect(server.count("/flaky") == 2)
        #expect(server.count("/gone") == 1, "404 is not retried")
        #expect(result.report("/gone")?.error == "HTTP 404 Not Found")
        #expect(result.report("/busy")?.error == nil && result.report("/down")?.error == nil)
        let waits = sleeper.recorded
        #expect(waits.filter { $0 == .seconds(7) }.count == 2, "\(waits)")
        #expect(waits.contains { $0 > .seconds(3500) && $0 <= .seconds(3600) }, "HTTP-date Retry-After: \(waits)")
        #expect(waits.contains(.milliseconds(250)), "full-jitter backoff ceiling for the 500")
    }

    @Test func retryAfterBeyondTheCapGivesUp() async throws {
        let server = try LoopbackHTTPServer(routes: ["/": ServerResponse(status: 429, headers: [("Retry-After", "86400")])])
        let sleeper = RecordingSleeper()
        let result = await TestCrawl.run([server.baseURL + "/"], policy: TestCrawl.policy { $0.sitemaps = .off }, sleeper: sleeper)
        #expect(server.count("/") == 1)
        #expect(sleeper.recorded.isEmpty)
        #expect(result.report("/")?.status == 429)
    }

    @Test func gzipPagesAreDecodedAndFollowed() async throws {
        let server = try LoopbackHTTPServer { req in
            let body = req.path == "/" ? "<a href=\"/next.html\">n</a>" : "<h1>next</h1>"
            return ServerResponse(status: 200, headers: [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], body: TestGzip.wrap(Array(body.utf8)))
        }
        let result = await TestCrawl.run([server.baseURL + "/"], policy: TestCrawl.policy { $0.sitemaps = .off })
        #expect(result.pages.map { String(decoding: $0.body, as: UTF8.self) }.contains("<h1>next</h1>"))
        #expect(server.count("/next.html") == 1)
    }

    @Test func oversizedPagesPDFsAndOtherFilesAreSkipped() async throws {
        let big = "<html><body>" + String(repeating: "x", count: 300_000) + "</body></html>"
        let server = try LoopbackHTTPServer(routes: [
            "/": page("Home", links: ["/big.html", "/manual.pdf", "/logo.png", "/download", "/notes.md", "/llms.txt", "/data.txt", "/app.css"]),
            "/big.html": .html(big),
            "/download": ServerResponse(status: 200, headers: [("Content-Type", "application/pdf")], body: Array("%PDF-1.4".utf8) + [UInt8](repeating: 0, count: 50_000)),
            "/notes.md": .text("# Notes\n\nUse it.", contentType: "text/markdown"),
            "/llms.txt": .text("# Project\n\n> summary"),
            "/data.txt": .text("plain"),
        ])
        let result = await TestCrawl.run([server.baseURL + "/"], policy: TestCrawl.policy { $0.sitemaps = .off; $0.maxPageBytes = 100_000 })
        #expect(server.count("/manual.pdf") == 0 && server.count("/logo.png") == 0 && server.count("/app.css") == 0)
        #expect(server.count("/download") == 1)
        #expect(Set(result.pages.map { URL(string: $0.url)!.path }) == ["/", "/notes.md", "/llms.txt", "/data.txt"])
        let bigDiag = try #require(result.diagnostics.first { $0.subject.hasSuffix("/big.html") })
        #expect(bigDiag.severity == .warning && bigDiag.message.contains("larger than 100000 bytes"))
        let pdf = try #require(result.diagnostics.first { $0.subject.hasSuffix("/download") })
        #expect(pdf.severity == .warning && pdf.message.contains("application/pdf"))
    }

    @Test func crawlTrapsAreBounded() async throws {
        // A calendar that links to the next month forever, and a folder that links to itself one level deeper.
        let server = try LoopbackHTTPServer { req in
            if req.path == "/" { return page("Home", links: ["/calendar?month=1", "/loop/"]) }
            if req.path == "/calendar" {
                let m = Int(req.target.split(separator: "=").last ?? "1") ?? 1
                return page("Month \(m)", links: ["/calendar?month=\(m + 1)", "/calendar?month=\(m + 2)"])
            }
            if req.path.hasPrefix("/loop/") { return page("Loop", links: [req.path + "loop/", req.path + "x/"]) }
            return .notFound
        }
        let result = await TestCrawl.run([server.baseURL + "/"], policy: TestCrawl.policy {
            $0.sitemaps = .off; $0.maxPages = 10_000; $0.maxDepth = 10_000; $0.traps.maxQueryVariants = 5; $0.traps.maxSegmentRepeats = 3
        })
        #expect(server.requests.filter { $0.path == "/calendar" }.count == 5)
        let loops = server.requests.filter { $0.path.hasPrefix("/loop/") }
        #expect(loops.allSatisfy { $0.path.components(separatedBy: "loop").count - 1 <= 3 && $0.path.components(separatedBy: "/x").count - 1 <= 3 })
        #expect(loops.count < 40, "\(loops.count)")
        #expect(result.diagnostics.contains { $0.severity == .note && $0.message.contains("crawl trap") })
    }

    @Test func perHostConcurrencyNeverExceedsTheLimit() async throws {
        let server = try LoopbackHTTPServer { req in
            if req.path == "/" { return page("Home", links: (0..<40).map { "/p\($0).html" }) }
            var r = page(req.path)
            r.delay = .milliseconds(20)
            return r
        }
        let result = await TestCrawl.run([server.baseURL + "/"], policy: TestCrawl.policy { $0.sitemaps = .off; $0.concurrency = 3 })
        #expect(result.pages.count == 41)
        #expect(server.maxConcurrentRequests <= 3)
        #expect(server.connectionCount <= 3, "connections are kept alive and reused")
    }

    @Test func hostDelaySerialisesRequests() async throws {
        let server = try LoopbackHTTPServer { req in req.path == "/" ? page("Home", links: ["/a", "/b", "/c"]) : page(req.path) }
        let started = ContinuousClock.now
        _ = await TestCrawl.run([server.baseURL + "/"], policy: TestCrawl.policy { $0.sitemaps = .off; $0.hostDelay = .milliseconds(100) })
        #expect(ContinuousClock.now - started >= .milliseconds(300), "4 pages, 100 ms apart")
        #expect(server.maxConcurrentRequests == 1)
    }

    @Test func secondRunSendsConditionalRequestsAndOfflineUsesTheCache() async throws {
        let server = try LoopbackHTTPServer { req in
            let body: ServerResponse = req.path == "/" ? page("Home", links: ["/a.html", "/b.html"]) : req.path == "/robots.txt" ? .text("User-agent: *\nAllow: /") : page(req.path)
            let etag = "\"v1-\(req.path.count)\""
            if req.header("if-none-match") == etag { return ServerResponse(status: 304, headers: [("ETag", etag)]) }
            if req.path == "/sitemap.xml" { return .notFound }
            var r = body
            r.headers += [("ETag", etag), ("Last-Modified", "Tue, 14 Nov 2023 22:13:20 GMT")]
            return r
        }
        let dir = try TemporaryDirectory("crawl-cache")
        defer { dir.remove() }
        let cache = HTTPCache(directory: dir.path + "/http")
        let first = await TestCrawl.run([server.baseURL + "/"], cache: cache)
        #expect(first.pages.count == 3 && first.reports.allSatisfy { !$0.fromCache })
        #expect(server.requests.allSatisfy { $0.header("if-none-match") == nil })

        server.clearLog()
        let second = await TestCrawl.run([server.baseURL + "/"], cache: cache)
        #expect(second.pages.count == 3, "links come from the cached bodies")
        #expect(second.reports.allSatisfy { $0.fromCache && $0.status == 304 })
        let pageRequests = server.requests.filter { ["/", "/a.html", "/b.html", "/robots.txt"].contains($0.path) }
        #expect(pageRequests.count == 4)
        #expect(pageRequests.allSatisfy { $0.header("if-none-match") != nil && $0.header("if-modified-since") == "Tue, 14 Nov 2023 22:13:20 GMT" })
        #expect(cache.statistics().entries == 4)

        let url = server.baseURL
        server.stop()
        let third = await TestCrawl.run([url + "/"], policy: TestCrawl.policy { $0.offline = true }, cache: cache)
        #expect(third.pages.count == 3 && third.reports.allSatisfy { $0.fromCache && $0.error == nil })
        #expect(third.pages.first { $0.url == url + "/" }.map { String(decoding: $0.body, as: UTF8.self).contains("Home") } == true)
    }

    @Test func pagesAreFetchedOnceDespiteURLVariants() async throws {
        let server = try LoopbackHTTPServer { req in
            req.path == "/docs/" || req.path == "/docs/index.html"
                ? page("Home", links: ["index.html", "./a.html#x", "a.html?utm_source=n", "//" + req.header("host")! + "/docs//a.html", "A.html", "%61.html"])
                : page(req.path)
        }
        _ = await TestCrawl.run([server.baseURL + "/docs/"], policy: TestCrawl.policy { $0.sitemaps = .off })
        #expect(server.pagePaths.sorted() == ["/docs/", "/docs/A.html", "/docs/a.html"], "\(server.pagePaths)")
    }
}
