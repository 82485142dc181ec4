@testable import Fetch
import Foundation
import RulesMakerTestSupport
import Testing

/// The HTTP cache through the built binary: a crawl killed mid-way, two processes sharing one cache
/// folder, and `cache stats|clear` with the old one-file-per-URL layout.
@Suite struct HTTPCacheEndToEndTests {
    static func body(_ path: String) -> [UInt8] {
        Array("<html><head><title>\(path)</title></head><body><h1>\(path)</h1><p>You must call <code>open()</code> first.</p><p>\(String(repeating: "filler ", count: 700))</p></body></html>".utf8)
    }

    /// `/` links to `/p/0.html` … `/p/(pages-1).html`; pages from `slowFrom` on answer after `slowDelay`.
    static func site(pages: Int, slowFrom: Int = .max, slowDelay: Duration = .seconds(20)) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { req in
            let etag = "\"\(req.path)\""
            if req.header("if-none-match") == etag { return ServerResponse(status: 304, headers: [("ETag", etag)]) }
            if req.path == "/" {
                let links = (0..<pages).map { "<a href=\"/p/\($0).html\">\($0)</a>" }.joined()
                return ServerResponse(status: 200, headers: [("Content-Type", "text/html"), ("ETag", etag)],
                                      body: Array("<html><head><title>Home</title></head><body>\(links)</body></html>".utf8))
            }
            guard req.path.hasPrefix("/p/"), let n = Int(req.path.dropFirst(3).dropLast(5)), n < pages else { return .notFound }
            return ServerResponse(status: 200, headers: [("Content-Type", "text/html"), ("ETag", etag)], body: body(req.path),
                                  delay: n >= slowFrom ? slowDelay : nil)
        }
    }

    static func integrity(_ directory: String) throws -> String {
        let db = try SQLiteConnection(path: directory + "/" + HTTPCache.fileName, create: false)
        return try db.query("PRAGMA integrity_check").first?.first?.string ?? "no answer"
    }

    @Test func aCrawlKilledMidWayLeavesOnlyWholeCommittedEntries() async throws {
        let server = try Self.site(pages: 200, slowFrom: 40)
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RulesMakerBinary.path())
        process.arguments = ["compile", server.baseURL + "/", "--target", "cursor", "--out", dir.path + "/out", "--cache-dir", dir.path + "/cache",
                             "--max-pages", "500", "--no-progress"]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": dir.path, "CI": "true"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Another process reads the cache while the crawl writes it; once some batch is committed, kill -9.
        let cache = HTTPCache(directory: dir.path + "/cache/http")
        var seen = 0
        for _ in 0..<600 where seen == 0 && process.isRunning {
            seen = cache.statistics().entries
            if seen == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(seen > 0 && process.isRunning, "the crawl committed pages while the slow ones were still loading")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        #expect(try Self.integrity(cache.directory) == "ok")
        let after = HTTPCache(directory: cache.directory)
        let stored = (0..<200).compactMap { after.entry(for: server.baseURL + "/p/\($0).html") }
        #expect(stored.count + 1 >= seen, "committed entries are kept")   // + 1: the home page
        #expect(stored.count <= 40, "slow pages never arrived")
        for e in stored { #expect(e.body == Self.body(URLComponents(string: e.url)!.path) && e.etag != nil, "\(e.url) is whole") }
    }

    @Test func twoProcessesShareOneCacheFolder() async throws {
        let server = try Self.site(pages: 80)
        defer { server.stop() }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cacheDir = dir.path + "/cache"
        func compile(_ name: String) -> Task<ProcessResult, any Error> {
            Task.detached {
                try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", dir.path + "/" + name,
                                          "--cache-dir", cacheDir, "--max-pages", "500", "--json", dir.path + "/\(name).json"])
            }
        }
        let (a, b) = (compile("a"), compile("b"))
        let (ra, rb) = (try await a.value, try await b.value)
        #expect(ra.status == 0, "\(ra.stderr)")
        #expect(rb.status == 0, "\(rb.stderr)")
        #expect(!ra.stderr.contains("cannot write the HTTP cache") && !rb.stderr.contains("cannot write the HTTP cache"))
        #expect(try Self.integrity(cacheDir + "/http") == "ok")

        let stats = try RulesMakerBinary.run(["cache", "stats", "--cache-dir", cacheDir, "--json"])
        let http = (try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])?["http"] as? [String: Any]
        #expect(http?["entries"] as? Int == 81, "\(stats.stdout)")
        // A third run finds every page in the cache: all conditional, all 304.
        let r3 = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", dir.path + "/c",
                                           "--cache-dir", cacheDir, "--max-pages", "500", "--json", dir.path + "/c.json"])
        #expect(r3.status == 0)
        let pages = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/c.json"))) as! [String: Any])["pages"] as! [[String: Any]]
        #expect(pages.count == 81 && pages.allSatisfy { ($0["from_cache"] as? Bool) == true && ($0["status"] as? Int) == 304 })
    }

    @Test func statsAndClearKnowTheOldLayout() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let http = dir.path + "/http"
        try FileManager.default.createDirectory(atPath: http + "/ab", withIntermediateDirectories: true)
        try Data(repeating: 1, count: 2048).write(to: URL(fileURLWithPath: http + "/ab/" + String(repeating: "e", count: 62)))
        let cache = HTTPCache(directory: http)
        cache.store(CachedResponse(url: "http://h/a", status: 200, headers: ["etag": "\"1\""], body: Array(repeating: 2, count: 3000)))
        cache.flush()

        let stats = try RulesMakerBinary.run(["cache", "stats", "--cache-dir", dir.path, "--only", "http"])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("http: 1 entry, 2.9 KB in \(http)"), "\(stats.stdout)")
        #expect(stats.stdout.contains("1 file(s) of the old one-file-per-URL layout (2.0 KB)"), "\(stats.stdout)")

        let cleared = try RulesMakerBinary.run(["cache", "clear", "--cache-dir", dir.path, "--only", "http"])
        #expect(cleared.stdout.contains("cleared http: 1 entry (2.9 KB) and 1 file(s) of the old one-file-per-URL layout"), "\(cleared.stdout)")
        #expect(!FileManager.default.fileExists(atPath: http + "/ab"))
        let again = try RulesMakerBinary.run(["cache", "stats", "--cache-dir", dir.path, "--only", "http"])
        #expect(again.stdout.hasPrefix("http: 0 entries, 0 bytes"), "\(again.stdout)")
    }
}
