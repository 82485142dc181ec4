import Foundation
import RulesMakerTestSupport
import Testing

/// The page-result cache through the built binary: a page seen before (same bytes, options and
/// build) is not parsed and extracted again, and the output is byte for byte what a full compile writes.
@Suite struct PageResultCacheTests {
    /// A copy of the tidewater fixture site plus a page whose nesting makes the parser warn.
    static func site(in dir: TemporaryDirectory) throws -> String {
        let root = dir.path + "/site"
        try FileManager.default.copyItem(atPath: PackagePaths.fixtures() + "/sites/tidewater", toPath: root)
        let deep = String(repeating: "<div>", count: 300) + "<p>You must close the pool before exit.</p>" + String(repeating: "</div>", count: 300)
        try "<html><head><title>Deep</title></head><body><main><h1>Deep</h1>\(deep)</main></body></html>"
            .write(toFile: root + "/deep.html", atomically: true, encoding: .utf8)
        return root
    }

    static func tree(_ dir: TemporaryDirectory) -> [String: String] {
        Dictionary(uniqueKeysWithValues: dir.files().map { ($0, dir.read($0) ?? "") })
    }

    @Test func unchangedPagesComeFromTheCacheAndTheOutputIsIdentical() throws {
        let work = try TemporaryDirectory(), cache = try TemporaryDirectory()
        defer { work.remove(); cache.remove() }
        let site = try Self.site(in: work)
        let one = try TemporaryDirectory(), second = try TemporaryDirectory(), third = try TemporaryDirectory(), plain = try TemporaryDirectory()
        defer { one.remove(); second.remove(); third.remove(); plain.remove() }
        let args = ["compile", site, "--target", "cursor,agents,llms-txt", "--cache-dir", cache.path]
        let r1 = try RulesMakerBinary.run(args + ["--out", one.path])
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(!r1.stdout.contains("from the page cache"))
        let pages = try #require(r1.stdout.split(separator: "\n").last.flatMap { Int($0.prefix(while: \.isNumber)) })
        #expect(pages >= 4)

        let r2 = try RulesMakerBinary.run(args + ["--out", second.path])
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(r2.stdout.contains("\(pages) page(s) (\(pages) unchanged, from the page cache)"), "\(r2.stdout)")
        #expect(Self.tree(one) == Self.tree(second))
        // The parser's warning is reported again, from the cached result.
        #expect(r1.stderr.contains("deep.html") && r1.stderr.contains("flattened"), "\(r1.stderr)")
        #expect(r2.stderr == r1.stderr)
        let stats = try RulesMakerBinary.run(["cache", "stats", "--cache-dir", cache.path, "--only", "pages"])
        #expect(stats.stdout.contains("pages: \(pages) compiled page results"), "\(stats.stdout)")

        // One page changed: only it is parsed again, and its new statement is in the rules.
        let sessions = site + "/guide/sessions.html"
        let html = try String(contentsOfFile: sessions, encoding: .utf8)
        let first = try #require(html.range(of: "<p>"))
        try html.replacingCharacters(in: first, with: "<p>You must never reuse a closed session.</p><p>")
            .write(toFile: sessions, atomically: true, encoding: .utf8)
        let r3 = try RulesMakerBinary.run(args + ["--out", third.path])
        #expect(r3.stdout.contains("(\(pages - 1) unchanged, from the page cache)"), "\(r3.stdout)")
        #expect(third.files().compactMap(third.read).joined().contains("never reuse a closed session"))

        // --no-page-cache compiles everything again, to the same output.
        let r4 = try RulesMakerBinary.run(args + ["--out", plain.path, "--no-page-cache"])
        #expect(!r4.stdout.contains("from the page cache"))
        #expect(Self.tree(plain) == Self.tree(third))

        // A different chunk size or target set is a different result.
        let r5 = try RulesMakerBinary.run(["compile", site, "--target", "cursor", "--cache-dir", cache.path, "--out", plain.path, "--dry-run"])
        #expect(!r5.stdout.contains("from the page cache"), "llms-txt keeps Markdown, cursor alone does not: \(r5.stdout)")

        let clear = try RulesMakerBinary.run(["cache", "clear", "--cache-dir", cache.path, "--only", "pages"])
        #expect(clear.stdout.contains("cleared pages:"), "\(clear.stdout)")
        let after = try RulesMakerBinary.run(["cache", "stats", "--cache-dir", cache.path, "--only", "pages"])
        #expect(after.stdout.contains("pages: 0 compiled page results"), "\(after.stdout)")
    }

    @Test func aCrawlRerunReusesTheResultsOfUnchangedPages() throws {
        let server = try LoopbackHTTPServer { req in
            switch req.path {
            case "/": return ServerResponse(status: 200, headers: [("Content-Type", "text/html"), ("ETag", "\"i1\"")],
                                           body: Array("<html><head><title>Guide</title></head><body><main><h1>Guide</h1><p>You must call <code>start()</code> first.</p><a href=\"/b.html\">b</a></main></body></html>".utf8))
            case "/b.html": return ServerResponse(status: 200, headers: [("Content-Type", "text/html"), ("ETag", "\"b1\"")],
                                                  body: Array("<html><head><title>B</title></head><body><main><h1>B</h1><p>Never share a <code>Pool</code> between processes.</p></main></body></html>".utf8))
            default: return .notFound
            }
        }
        let cache = try TemporaryDirectory(), a = try TemporaryDirectory(), b = try TemporaryDirectory()
        defer { cache.remove(); a.remove(); b.remove() }
        let r1 = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", a.path, "--cache-dir", cache.path])
        #expect(r1.status == 0, "\(r1.stderr)")
        let r2 = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", b.path, "--cache-dir", cache.path])
        #expect(r2.stdout.contains("2 page(s) (2 unchanged, from the page cache)"), "\(r2.stdout)")
        #expect(Self.tree(a) == Self.tree(b))
    }
}
