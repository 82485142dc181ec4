import Fetch
import Foundation
import RulesMakerTestSupport
import Synchronization
import Testing

/// The crawler through the built binary: charsets, canonical URLs, the cache, `--offline`,
/// `--json` and `rules-maker cache`.
@Suite struct CrawlEndToEndTests {
    static func html(_ head: String, _ body: [UInt8]) -> [UInt8] {
        Array("<html><head>\(head)<title>Enc</title></head><body><h1>Setup</h1><p>".utf8) + body + Array("</p></body></html>".utf8)
    }

    /// "You must call `Café.öffnen()` before reading." in ISO-8859-1.
    static let latin1: [UInt8] = Array("You must call <code>Caf".utf8) + [0xE9] + Array(".".utf8) + [0xF6] + Array("ffnen()</code> before reading.".utf8)
    /// "You must call `初期化()` before sending requests." in Shift_JIS.
    static let sjis: [UInt8] = Array("You must call <code>".utf8) + [0x8F, 0x89, 0x8A, 0xFA, 0x89, 0xBB] + Array("()</code> before sending requests.".utf8)

    @Test(arguments: [
        ("latin1-header", "text/html; charset=ISO-8859-1", "", latin1, "Café.öffnen()"),
        ("latin1-meta", "text/html", "<meta charset=\"iso-8859-1\">", latin1, "Café.öffnen()"),
        ("sjis-header", "text/html; charset=Shift_JIS", "", sjis, "初期化()"),
        ("sjis-meta", "text/html", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">", sjis, "初期化()"),
        ("utf8-bom", "text/html", "", [0xEF, 0xBB, 0xBF] + Array("You must call <code>Café.öffnen()</code> before reading.".utf8), "Café.öffnen()"),
    ])
    func charsetsComeOutAsUTF8(name: String, contentType: String, head: String, body: [UInt8], expected: String) throws {
        let page = (body.starts(with: [0xEF, 0xBB, 0xBF]) ? [0xEF, 0xBB, 0xBF] + Self.html(head, Array(body.dropFirst(3))) : Self.html(head, body))
        let server = try LoopbackHTTPServer { req in
            req.path == "/" ? ServerResponse(status: 200, headers: [("Content-Type", contentType)], body: page) : .notFound
        }
        let out = try TemporaryDirectory(), cache = try TemporaryDirectory()
        defer { out.remove(); cache.remove() }
        let r = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", out.path, "--cache-dir", cache.path])
        #expect(r.status == 0, "\(r.stderr)")
        let text = out.files().compactMap(out.read).joined()
        #expect(text.contains(expected), "\(name): \(text)")
    }

    @Test func canonicalDuplicatesAreCompiledOnce() throws {
        let rule = "<p>You must set <code>timeout</code> on every client.</p>"
        let server = try LoopbackHTTPServer { req in
            let base = "http://\(req.header("host")!)"
            switch req.path {
            case "/": return .html("<html><head><title>Home</title></head><body><a href=\"/print/page.html\">p</a> <a href=\"/page.html\">q</a></body></html>")
            case "/print/page.html": return .html("<html><head><link rel=\"canonical\" href=\"\(base)/page.html\"><title>Page</title></head><body>\(rule)</body></html>")
            case "/page.html": return .html("<html><head><title>Page</title></head><body>\(rule)</body></html>")
            default: return .notFound
            }
        }
        let out = try TemporaryDirectory(), cache = try TemporaryDirectory()
        defer { out.remove(); cache.remove() }
        let r = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", out.path, "--cache-dir", cache.path,
                                          "--concurrency", "1", "--sitemap", "off"])
        #expect(r.status == 0, "\(r.stderr)")
        let paths = server.requests.map(\.path)
        #expect(paths.count == Set(paths).count, "\(paths)")
        let text = out.files().compactMap(out.read).joined()
        #expect(text.components(separatedBy: "on every client").count - 1 == 1, "\(text)")
    }

    @Test func secondRunIsConditionalOfflineWorksAndJSONReports() throws {
        let server = try LoopbackHTTPServer { req in
            let etag = "\"\(req.path.hashValue & 0xffff)\""
            if req.header("if-none-match") == etag { return ServerResponse(status: 304, headers: [("ETag", etag)]) }
            let body: ServerResponse
            switch req.path {
            case "/robots.txt": body = .text("User-agent: *\nDisallow: /private/\n")
            case "/": body = .html("<html><head><title>Home</title></head><body><p>You must call <code>init()</code> first.</p><a href=\"/a.html\">a</a><a href=\"/private/x.html\">x</a></body></html>")
            case "/a.html": body = .html("<html><head><title>A</title></head><body><p>Never call <code>exit()</code> from a hook.</p></body></html>")
            default: return .notFound
            }
            var r = body
            r.headers.append(("ETag", etag))
            return r
        }
        let out = try TemporaryDirectory(), cache = try TemporaryDirectory()
        defer { out.remove(); cache.remove() }
        let json = out.path + "/report.json"
        let args = ["compile", server.baseURL + "/", "--target", "cursor", "--out", out.path + "/rules", "--cache-dir", cache.path]
        let r1 = try RulesMakerBinary.run(args + ["--json", json])
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(server.count("/private/x.html") == 0)
        let report1 = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let pages1 = report1["pages"] as! [[String: Any]]
        #expect(pages1.count == 2)
        #expect(pages1.allSatisfy { ($0["from_cache"] as? Bool) == false && ($0["status"] as? Int) == 200 && $0["ms"] is Int && $0["bytes"] is Int })

        server.clearLog()
        let r2 = try RulesMakerBinary.run(args + ["--json", json])
        #expect(r2.status == 0, "\(r2.stderr)")
        let pageRequests = server.requests.filter { $0.path == "/" || $0.path == "/a.html" }
        #expect(pageRequests.count == 2 && pageRequests.allSatisfy { $0.header("if-none-match") != nil })
        let pages2 = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any])["pages"] as! [[String: Any]]
        #expect(pages2.allSatisfy { ($0["from_cache"] as? Bool) == true && ($0["status"] as? Int) == 304 })
        #expect(r2.stdout.contains("unchanged"))

        let stats = try RulesMakerBinary.run(["cache", "stats", "--cache-dir", cache.path])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("http: 3 entries"), "\(stats.stdout)")   // robots.txt, /, /a.html

        server.stop()
        let r3 = try RulesMakerBinary.run(args + ["--offline"])
        #expect(r3.status == 0, "\(r3.stderr)")
        #expect(r3.stdout.contains("2 page(s)"), "\(r3.stdout)")

        let cleared = try RulesMakerBinary.run(["cache", "clear", "--cache-dir", cache.path])
        #expect(cleared.stdout.contains("cleared http: 3 entries"), "\(cleared.stdout)")
        let r4 = try RulesMakerBinary.run(args + ["--offline"])
        #expect(r4.status == 1)
        #expect(r4.stderr.contains("not in the cache (--offline)"), "\(r4.stderr)")
    }

    /// A re-run answered with 304s (links from the cache, bodies read for parsing) and an offline run
    /// write byte-identical rules to the cold run's, as does a run on an empty cache against a new server.
    @Test func warmAndOfflineCompilesWriteIdenticalRules() throws {
        let server = try FixtureSite.server(root: PackagePaths.fixtures() + "/sites/tidewater", etags: true)
        let cache = try TemporaryDirectory(), cold = try TemporaryDirectory(), warm = try TemporaryDirectory()
        let offline = try TemporaryDirectory(), uncached = try TemporaryDirectory()
        defer { for d in [cache, cold, warm, offline, uncached] { d.remove() } }
        let args = ["compile", server.baseURL + "/", "--target", "cursor,agents", "--cache-dir", cache.path, "--no-progress"]
        let r1 = try RulesMakerBinary.run(args + ["--out", cold.path])
        #expect(r1.status == 0, "\(r1.stderr)")
        let coldPaths = server.requests.map(\.path).filter { $0 != "/robots.txt" && $0 != "/sitemap.xml" }.sorted()
        let home = HTTPCache(directory: cache.path + "/http").head(for: server.baseURL + "/")
        #expect(home?.links?.version == "compile/libxml2-links-1" && home?.links?.urls.contains(server.baseURL + "/guide/quickstart.html") == true,
                "the links are stored with the page")
        server.clearLog()
        let r2 = try RulesMakerBinary.run(args + ["--out", warm.path])
        #expect(r2.status == 0, "\(r2.stderr)")
        let warmRequests = server.requests.filter { $0.path != "/robots.txt" && $0.path != "/sitemap.xml" }
        #expect(warmRequests.map(\.path).sorted() == coldPaths, "the same pages are fetched")
        #expect(warmRequests.allSatisfy { $0.header("if-none-match") != nil }, "all conditionally")
        #expect(!warmRequests.isEmpty)
        server.stop()
        let r3 = try RulesMakerBinary.run(args + ["--out", offline.path, "--offline"])
        #expect(r3.status == 0, "\(r3.stderr)")
        let server2 = try FixtureSite.server(root: PackagePaths.fixtures() + "/sites/tidewater", etags: true)
        let r4 = try RulesMakerBinary.run(["compile", server2.baseURL + "/", "--target", "cursor,agents", "--no-progress",
                                           "--cache-dir", uncached.path + "/cache", "--out", uncached.path + "/out"])
        #expect(r4.status == 0, "\(r4.stderr)")
        #expect(!cold.files().isEmpty)
        for other in [warm, offline] {
            #expect(other.files() == cold.files())
            for f in cold.files() { #expect(other.read(f) == cold.read(f), "\(f) differs") }
        }
        // Without a cache the server's port differs, so compare the rules with it written out.
        let fresh = uncached.path + "/out/"
        for f in cold.files() {
            let text = try? String(contentsOfFile: fresh + f, encoding: .utf8)
            #expect(text?.replacingOccurrences(of: server2.baseURL, with: "BASE") == cold.read(f)?.replacingOccurrences(of: server.baseURL, with: "BASE"),
                    "\(f) differs")
        }
    }

    @Test func badCrawlFlagsAreUsageErrors() throws {
        let r = try RulesMakerBinary.run(["compile", "http://127.0.0.1:9/", "--sitemap", "sometimes"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--sitemap must be only, also or off"))
    }
}

extension LoopbackHTTPServer {
    func count(_ path: String) -> Int { requests.filter { $0.path == path }.count }
}
