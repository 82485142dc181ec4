import Foundation
import RulesMakerCore
import RulesMakerTestSupport
import Testing
import Yams

/// End to end: `rules-maker batch` with the built binary against loopback servers.
@Suite struct BatchEndToEndTests {
    /// A small docs site whose pages can be changed while the test runs.
    final class MutableSite: Sendable {
        let pages: Locked<[String: String]>
        let delay: Duration?
        let server: LoopbackHTTPServer

        init(_ pages: [String: String], delay: Duration? = nil) throws {
            let store = Locked(pages)
            self.pages = store
            self.delay = delay
            server = try LoopbackHTTPServer { req in
                guard let html = store.value[req.path] else { return .notFound }
                let etag = "\"" + ContentHash.sha256Hex(html).prefix(16) + "\""
                if req.header("if-none-match") == etag { return ServerResponse(status: 304, headers: [("ETag", etag)]) }
                var r = ServerResponse.html(html, headers: [("ETag", etag)])
                r.delay = delay
                return r
            }
        }
    }

    static func page(_ title: String, _ sentence: String, links: [String] = []) -> String {
        "<html><head><title>\(title) — Demo docs</title></head><body><nav><a href='/'>Home</a></nav><main><h1 id='top'>\(title)</h1><p>\(sentence)</p>"
            + links.map { "<a href='\($0)'>\($0)</a>" }.joined(separator: " ") + "</main></body></html>"
    }

    func manifest(_ dir: TemporaryDirectory, _ sources: [(String, String)], extra: String = "") throws -> String {
        var yaml = "defaults:\n  targets: [cursor]\n  out: out\n\(extra)sources:\n"
        for (name, url) in sources { yaml += "  - name: \(name)\n    url: \(url)\n" }
        let path = dir.path + "/rules-maker.yml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func threeSourcesOneFailingOutOfOrderCompletion() throws {
        let slow = try MutableSite(["/": Self.page("Slow", "You must call `slow_init()` before anything else.")], delay: .milliseconds(400))
        let fast = try MutableSite(["/": Self.page("Fast", "Never call `fast_free()` twice on the same pointer.")])
        let dead = try RefusingPort()
        defer { withExtendedLifetime(dead) {} }
        let deadURL = dead.baseURL + "/"
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try manifest(dir, [("slow", slow.server.baseURL + "/"), ("broken", deadURL), ("fast", fast.server.baseURL + "/")])
        let r = try RulesMakerBinary.run(["batch", path, "--jobs", "3"])
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("1 source(s) failed: broken"))
        #expect(r.stderr.contains("[broken] error: fetch: \(deadURL): cannot connect"), "\(r.stderr)")
        let slowRules = try #require(dir.read("out/.cursor/rules/slow-slow.mdc"), "\(dir.files())")
        #expect(slowRules.contains("`slow_init()`"))
        let fastRules = try #require(dir.read("out/.cursor/rules/fast-fast.mdc"))
        #expect(fastRules.contains("`fast_free()`") && !fastRules.contains("slow_init"))
        // The summary keeps manifest order whatever order sources finished in.
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("slow ") || $0.hasPrefix("broken ") || $0.hasPrefix("fast ") }
        #expect(rows.map { $0.split(separator: " ")[0] } == ["slow", "broken", "fast"])
        let lock = try #require(dir.read("rules-maker.lock"))
        #expect(lock.contains("name: fast") && lock.contains("name: slow") && !lock.contains("name: broken"))
    }

    @Test func secondRunIsUpToDateThenCheckCatchesChangesAndHandEdits() throws {
        let site = try MutableSite([
            "/": Self.page("Guide", "You must call `init()` before the first request.", links: ["/b.html"]),
            "/b.html": Self.page("Other", "Avoid calling `reset()` from a callback."),
        ])
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try manifest(dir, [("demo", site.server.baseURL + "/")])
        let cache = ["RULES_MAKER_CACHE_DIR": dir.path + "/cache"]
        let first = try RulesMakerBinary.run(["batch", path], environment: cache)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("wrote "))
        let files = dir.files().filter { $0.hasPrefix("out/") }
        #expect(!files.isEmpty)

        site.server.clearLog()
        let second = try RulesMakerBinary.run(["batch", path], environment: cache)
        #expect(second.status == 0)
        #expect(second.stdout.hasSuffix("up to date\n") && !second.stdout.contains("wrote "), "\(second.stdout)")
        // Nothing changed: every page was revalidated with a conditional request and answered 304.
        let pageRequests = site.server.requests.filter { $0.path != "/robots.txt" && $0.path != "/sitemap.xml" }
        #expect(!pageRequests.isEmpty && pageRequests.allSatisfy { $0.header("if-none-match") != nil }, "\(pageRequests.map(\.target))")

        let check = try RulesMakerBinary.run(["batch", path, "--check"])
        #expect(check.status == 0 && check.stdout.contains("up to date"))

        // The documentation changes: --check exits 3 and names the stale file with a diff.
        site.pages.withLock { $0["/b.html"] = Self.page("Other", "Never call `reset()` from a callback.") }
        let stale = try RulesMakerBinary.run(["batch", path, "--check"])
        #expect(stale.status == 3, "\(stale.stdout)")
        #expect(stale.stdout.contains("stale: ") && stale.stdout.contains("+- Never call `reset()`"), "\(stale.stdout)")
        #expect(dir.files().filter { $0.hasPrefix("out/") } == files, "--check writes nothing")

        // Recompile, then a hand edit of a generated file is caught too.
        #expect(try RulesMakerBinary.run(["batch", path]).status == 0)
        let edited = dir.path + "/" + files[0]
        try (try String(contentsOfFile: edited, encoding: .utf8) + "\n- my own rule\n").write(toFile: edited, atomically: true, encoding: .utf8)
        let handEdit = try RulesMakerBinary.run(["batch", path, "--check"], environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": dir.path + "/summary.md"])
        #expect(handEdit.status == 3)
        #expect(handEdit.stdout.contains("::error file=\(edited)::"), "\(handEdit.stdout)")
        #expect(dir.read("summary.md")?.contains("| demo | stale |") == true)
    }

    @Test func outputsNoLongerGeneratedAreReportedAndRemoved() throws {
        let site = try MutableSite(["/": Self.page("Guide", "You must call `init()` first.", links: ["/sub/x.html"]),
                                    "/sub/x.html": Self.page("Sub", "Never share a `Client` between threads.")])
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try manifest(dir, [("demo", site.server.baseURL + "/")])
        #expect(try RulesMakerBinary.run(["batch", path]).status == 0)
        let before = dir.files().filter { $0.hasPrefix("out/") }
        site.pages.withLock { $0["/"] = Self.page("Guide", "You must call `init()` first.") }   // the link is gone
        let check = try RulesMakerBinary.run(["batch", path, "--check"])
        #expect(check.status == 3 && check.stdout.contains("unexpected: "), "\(check.stdout)")
        let run = try RulesMakerBinary.run(["batch", path])
        #expect(run.stdout.contains("removed "), "\(run.stdout)")
        #expect(dir.files().filter { $0.hasPrefix("out/") }.count < before.count)
    }

    @Test func manifestErrorsAreAllReportedAtOnceBeforeAnyNetworkWork() throws {
        let server = try LoopbackHTTPServer(routes: [:])
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let yaml = """
        defaults:
          targets: [cursor, vim]
          colour: true
        sources:
          - name: good
            url: \(server.baseURL)/
          - name: good
            url: \(server.baseURL)/again/
          - name: Bad Name
            url: ftp://example.org/
          - name: nothing
          - name: pages
            url: \(server.baseURL)/
            max_pages: many
            include: ["docs/*"]
        """
        try yaml.write(toFile: dir.path + "/rules-maker.yml", atomically: true, encoding: .utf8)
        let r = try RulesMakerBinary.run(["batch", dir.path + "/rules-maker.yml"])
        #expect(r.status == 2)
        for expected in [":2: 'targets' unknown target 'vim'", ":3: unknown key 'colour' in defaults", ":7: 'name' duplicates the source on line 5",
                         ":9: 'name' 'Bad Name' must be lower-case", ":10: 'url' 'ftp://example.org/' is not an http or https URL",
                         ":11: source 'nothing' needs 'url', 'urls' or 'path'", ":14: 'max_pages' must be a whole number",
                         ":15: 'include' pattern 'docs/*' can never match"] {
            #expect(r.stderr.contains(expected), "missing \(expected) in:\n\(r.stderr)")
        }
        #expect(server.requests.isEmpty)
    }

    @Test func shardsPartitionTheSourcesExactly() throws {
        let site = try MutableSite(["/": Self.page("Guide", "You must call `init()` first.")])
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let names = (1...9).map { "s\($0)" }
        let path = try manifest(dir, names.map { ($0, site.server.baseURL + "/") })
        var seen: [String] = []
        for k in 1...3 {
            let r = try RulesMakerBinary.run(["batch", path, "--shard", "\(k)/3", "--json", "-", "-q"])
            #expect(r.status == 0, "\(r.stderr)")
            let jsonStart = try #require(r.stdout.firstIndex(of: "{"))
            let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout[jsonStart...].utf8)) as? [String: Any])
            let sources = try #require(report["sources"] as? [[String: Any]])
            seen += sources.compactMap { $0["name"] as? String }
        }
        #expect(seen.sorted() == names.sorted(), "every source in exactly one shard")
        let only = try RulesMakerBinary.run(["batch", path, "--only", "s2", "s5", "--json", "-", "-q"])
        #expect(only.stdout.contains("\"name\" : \"s2\"") && only.stdout.contains("\"name\" : \"s5\"") && !only.stdout.contains("\"name\" : \"s1\""))
        let bad = try RulesMakerBinary.run(["batch", path, "--shard", "4/3"])
        #expect(bad.status == 2)
    }

    @Test func frozenFailsWhenTheLockWouldChange() throws {
        let site = try MutableSite(["/": Self.page("Guide", "You must call `init()` first.")])
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try manifest(dir, [("demo", site.server.baseURL + "/")])
        let r = try RulesMakerBinary.run(["batch", path, "--frozen"])
        #expect(r.status == 3 && r.stdout.contains("would change (--frozen)"), "\(r.stdout)")
        #expect(dir.read("rules-maker.lock") == nil)
    }

    @Test func bundledExampleManifestCompiles() throws {
        let root = PackagePaths.root()
        let copy = try TemporaryDirectory()
        defer { copy.remove() }
        // Run on a copy of examples/ next to a copy of Fixtures/, so the repository stays clean.
        for dir in ["examples", "Fixtures/sites"] {
            try FileManager.default.createDirectory(atPath: copy.path + "/" + (dir as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: root + "/" + dir, toPath: copy.path + "/" + dir)
        }
        try? FileManager.default.removeItem(atPath: copy.path + "/examples/generated")
        try? FileManager.default.removeItem(atPath: copy.path + "/examples/rules-maker.lock")
        let r = try RulesMakerBinary.run(["batch", "examples/rules-maker.yml"], in: copy.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(copy.files().contains("examples/generated/AGENTS.md"))
        #expect(copy.read("examples/generated/.cursor/rules/tidewater-guide.mdc")?.contains("]: https://tidewater.example.org/en/2.3/guide/sessions.html#thread-safety") == true)
        let check = try RulesMakerBinary.run(["batch", "examples/rules-maker.yml", "--check"], in: copy.path)
        #expect(check.status == 0)
    }
}
