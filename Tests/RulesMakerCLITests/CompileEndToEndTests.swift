import Foundation
import RulesMakerTestSupport
import Testing

/// End to end: the built `rules-maker` binary against a real HTTP server on 127.0.0.1.
@Suite struct CompileEndToEndTests {
    let site = PackagePaths.fixtures() + "/sites/tidewater"

    @Test func compilesAFixtureSiteServedOnLoopback() throws {
        let server = try FixtureSite.server(root: site)
        let out = try TemporaryDirectory()
        defer { out.remove() }
        let result = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor,windsurf", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let files = out.files()
        #expect(files.contains(where: { $0.hasPrefix(".cursor/rules/") && $0.hasSuffix(".mdc") }))
        #expect(files.contains(where: { $0.hasPrefix(".windsurf/rules/") && $0.hasSuffix(".md") }))
        let all = files.compactMap(out.read).joined(separator: "\n")
        #expect(all.contains("Never disable certificate verification with `verify=False` in production"))
        #expect(all.contains("]: \(server.baseURL)/guide/quickstart.html#making-a-request"))
        #expect(all.contains("`tidewater.fetch()`"))
        #expect(!all.contains("Table of Contents") && !all.contains("© Copyright"))
        // Every page fetched exactly once, nothing outside the site.
        let paths = server.requests.map(\.path)
        #expect(Set(["/", "/guide/quickstart.html", "/guide/sessions.html", "/api/client.html"]).isSubset(of: Set(paths)), "\(paths)")
        #expect(!paths.contains("/index.html"), "index.html is the same page as /")
        #expect(paths.count == Set(paths).count, "fetched twice: \(paths)")
        #expect(result.stdout.contains("wrote "))
        // Nothing left behind but the rule files.
        #expect(files.allSatisfy { $0.hasPrefix(".cursor/rules/") || $0.hasPrefix(".windsurf/rules/") })
    }

    @Test func aHeaderReferencePageWithoutFencedCodeGetsItsLanguagesGlobs() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let page = dir.path + "/encode_8h.html"
        // Enough rules (over 2 KB) that the file is applied by globs, not always.
        let entries = [
            ("BrotliEncoderCreateInstance", "alloc_func and free_func MUST be both zero or both non-zero, otherwise the instance cannot be created and NULL is returned to the caller."),
            ("BrotliEncoderSetParameter", "Parameters MUST be set before the first call to BrotliEncoderCompressStream; changing them afterwards is rejected and leaves the encoder unchanged."),
            ("BrotliEncoderCompressStream", "When flushing and finishing, op should not change until the operation is complete; the input stream should not be swapped, reduced or extended."),
            ("BrotliEncoderTakeOutput", "After every call the returned pointer becomes invalid at the next call to any instance method, so copy the bytes out before calling again."),
            ("BrotliEncoderDestroyInstance", "Never call any other function on an instance after it was destroyed: the memory is released to free_func and reading it is undefined behaviour."),
            ("BrotliEncoderMaxCompressedSize", "The result is only valid if quality is at least two and no flushes were performed during compression with the streaming interface."),
            ("BrotliEncoderIsFinished", "Do not treat a zero return as an error: it only means that output is still pending and BrotliEncoderTakeOutput must be called again."),
            ("BrotliEncoderHasMoreOutput", "Callers must drain pending output before supplying more input data, or the encoder will refuse to accept the new bytes silently."),
            ("BrotliEncoderVersion", "Compare the packed version number with the header constant at startup; a mismatch between library and header is not supported."),
            ("BrotliEncoderPrepareDictionary", "The prepared dictionary must outlive every encoder it is attached to, because encoders keep a pointer into it instead of a copy."),
            ("BrotliEncoderAttachPreparedDictionary", "Attaching a dictionary is only allowed before the first byte is compressed; later attempts fail and return BROTLI_FALSE."),
            ("BrotliEncoderEstimatePeakMemoryUsage", "Avoid relying on the estimate for hard limits: it is an upper bound for typical input and real usage may differ slightly."),
            ("BrotliEncoderGetPreparedDictionarySize", "This function is deprecated since 1.1.0 and will be removed; callers should track the dictionary size themselves."),
        ].map { "<h2 id=\"\($0.0)\">\($0.0)()</h2><p>\($0.1)</p>" }.joined(separator: "\n")
        try """
            <html><head><title>brotli: brotli/encode.h File Reference</title></head><body><div class="contents">
            <h1>encode.h File Reference</h1>
            \(entries)
            </div></body></html>
            """.write(toFile: page, atomically: true, encoding: .utf8)
        let result = try RulesMakerBinary.run(["compile", page, "--target", "cursor", "--out", dir.path + "/out", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = TemporaryDirectory.files(below: dir.path + "/out").compactMap { try? String(contentsOfFile: dir.path + "/out/" + $0, encoding: .utf8) }.joined()
        #expect(text.contains("globs: **/*.c,**/*.h"), "\(text)")
    }

    @Test func aLocalPageWithoutTitleIsNamedByItsFileInWords() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try #"<html><body><main><h2>Introduction</h2><p>Programs that modify shared data must serialize such access.</p></main></body></html>"#
            .write(toFile: dir.path + "/go-memory-model.html", atomically: true, encoding: .utf8)
        let result = try RulesMakerBinary.run(["compile", dir.path + "/go-memory-model.html", "--target", "cursor", "--out", dir.path + "/out", "--no-progress"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = TemporaryDirectory.files(below: dir.path + "/out").compactMap { try? String(contentsOfFile: dir.path + "/out/" + $0, encoding: .utf8) }.joined()
        #expect(text.contains("description: Go memory model guidance") && text.contains("# Go memory model\n"), "\(text)")
        #expect(!text.contains("go-memory-model.html guidance"))
    }

    @Test func redirectStubsInAFolderAreNotCompiled() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try #"<html><head><title>Patterns - Book</title></head><body><main><h1>Patterns</h1><p>A match must be exhaustive: every possible value needs an arm, or the program does not compile.</p></main></body></html>"#
            .write(toFile: dir.path + "/ch19-00-patterns.html", atomically: true, encoding: .utf8)
        // The stub says something rule-like of its own, so compiling it would show.
        try #"<html><head><title>Redirecting...</title><meta http-equiv="refresh" content="0; URL=ch19-00-patterns.html"></head><body><p>Never bookmark this page: it must not be used, it moved to <a href="ch19-00-patterns.html">ch19-00-patterns.html</a>.</p></body></html>"#
            .write(toFile: dir.path + "/ch18-00-patterns.html", atomically: true, encoding: .utf8)
        let result = try RulesMakerBinary.run(["compile", dir.path, "--target", "cursor", "--out", dir.path + "/out", "--no-progress"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("ch18-00-patterns.html") && result.stderr.contains("meta refresh"), "\(result.stderr)")
        let text = TemporaryDirectory.files(below: dir.path + "/out").compactMap { try? String(contentsOfFile: dir.path + "/out/" + $0, encoding: .utf8) }.joined()
        #expect(text.contains("must be exhaustive") && !text.contains("bookmark"), "\(text)")
    }

    @Test func pagesMarkedNoindexInAFolderAreNotCompiledUnlessNamedOrRobotsIgnored() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try #"<html><head><title>Patterns - Book</title></head><body><main><h1>Patterns</h1><p>A match must be exhaustive: every possible value needs an arm, or the program does not compile.</p></main></body></html>"#
            .write(toFile: dir.path + "/ch19-00-patterns.html", atomically: true, encoding: .utf8)
        // mdBook's print page: the whole book again, marked noindex; its text differs here so compiling it would show.
        try #"<html><head><title>Book</title><meta name="robots" content="noindex"></head><body><main><h1>Patterns</h1><p>Never bookmark the print page: it must not be used for anything but printing.</p></main></body></html>"#
            .write(toFile: dir.path + "/print.html", atomically: true, encoding: .utf8)
        let result = try RulesMakerBinary.run(["compile", dir.path, "--target", "cursor", "--out", dir.path + "/out", "--no-progress"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("print.html") && result.stderr.contains("robots noindex"), "\(result.stderr)")
        func text(_ out: String) -> String {
            TemporaryDirectory.files(below: out).compactMap { try? String(contentsOfFile: out + "/" + $0, encoding: .utf8) }.joined()
        }
        #expect(text(dir.path + "/out").contains("must be exhaustive") && !text(dir.path + "/out").contains("bookmark"), "\(text(dir.path + "/out"))")
        // Named on its own, the page is what the user asked for; --ignore-robots compiles it in a folder too.
        let named = try RulesMakerBinary.run(["compile", dir.path + "/print.html", "--target", "cursor", "--out", dir.path + "/named", "--no-progress"])
        #expect(named.status == 0 && text(dir.path + "/named").contains("bookmark"), "\(named.stderr)")
        let ignoring = try RulesMakerBinary.run(["compile", dir.path, "--ignore-robots", "--target", "cursor", "--out", dir.path + "/all", "--no-progress"])
        #expect(ignoring.status == 0 && text(dir.path + "/all").contains("bookmark"), "\(ignoring.stderr)")
        // The page's stored result (from the two runs that compiled it) still obeys it.
        let again = try RulesMakerBinary.run(["compile", dir.path, "--target", "cursor", "--out", dir.path + "/again", "--no-progress"])
        #expect(again.status == 0 && !text(dir.path + "/again").contains("bookmark") && again.stderr.contains("robots noindex"), "\(again.stderr)")
    }

    @Test func aCrawlFollowsNoindexPagesButNotNofollowOnes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try #"<html><head><title>Home</title></head><body><main><h1>Home</h1><p>Read <a href="toc.html">the contents</a> and <a href="closed.html">the closed list</a>.</p></main></body></html>"#
            .write(toFile: dir.path + "/index.html", atomically: true, encoding: .utf8)
        try #"<html><head><title>Contents</title></head><body><main><h1>Contents</h1><p>The contents page must never be compiled.</p><p><a href="guide.html">Guide</a></p></main></body></html>"#
            .write(toFile: dir.path + "/toc.html", atomically: true, encoding: .utf8)
        try #"<html><head><title>Guide</title></head><body><main><h1>Guide</h1><p>You must close every session before the process exits, or buffered writes are lost.</p></main></body></html>"#
            .write(toFile: dir.path + "/guide.html", atomically: true, encoding: .utf8)
        try #"<html><head><title>Closed</title><meta name="robots" content="nofollow"></head><body><main><h1>Closed</h1><p>Always rotate the keys of a closed account before you delete it.</p><p><a href="hidden.html">Hidden</a></p></main></body></html>"#
            .write(toFile: dir.path + "/closed.html", atomically: true, encoding: .utf8)
        try #"<html><head><title>Hidden</title></head><body><main><h1>Hidden</h1><p>Hidden pages should not be reached.</p></main></body></html>"#
            .write(toFile: dir.path + "/hidden.html", atomically: true, encoding: .utf8)
        // The contents page says noindex in a response header (X-Robots-Tag), the closed page nofollow in its markup.
        let root = dir.path
        let server = try LoopbackHTTPServer { request in
            let path = request.path == "/" ? "/index.html" : request.path
            guard !path.contains(".."), let page = try? String(contentsOfFile: root + path, encoding: .utf8) else { return .notFound }
            return .html(page, headers: path == "/toc.html" ? [("X-Robots-Tag", "noindex")] : [])
        }
        let cache = dir.path + "/cache"
        let result = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", dir.path + "/out",
                                               "--cache-dir", cache, "--no-progress"])
        #expect(result.status == 0, "\(result.stderr)")
        let paths = server.requests.map(\.path)
        #expect(paths.contains("/guide.html") && !paths.contains("/hidden.html"), "\(paths)")
        func text(_ out: String) -> String {
            TemporaryDirectory.files(below: out).compactMap { try? String(contentsOfFile: out + "/" + $0, encoding: .utf8) }.joined()
        }
        #expect(text(dir.path + "/out").contains("close every session") && text(dir.path + "/out").contains("rotate the keys")
                && !text(dir.path + "/out").contains("contents page"), "\(text(dir.path + "/out"))")
        // From the cache (revalidated or not) the header still says noindex.
        let warm = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", dir.path + "/warm",
                                             "--cache-dir", cache, "--no-progress"])
        #expect(warm.status == 0 && !text(dir.path + "/warm").contains("contents page"), "\(warm.stderr)")
        // A run that ignores robots follows the nofollow page's links, whatever an obeying run stored.
        let ignoring = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--ignore-robots", "--target", "cursor",
                                                 "--out", dir.path + "/all", "--cache-dir", cache, "--no-progress"])
        #expect(ignoring.status == 0 && text(dir.path + "/all").contains("should not be reached"), "\(ignoring.stderr)")
    }

    @Test func aFlatBookIsGroupedByTheChaptersOfItsTableOfContentsTheSameWarmOrCold() throws {
        // mdBook's layout: pages named by topic, not numbered, and the chapter tree only in `toc.html` (noindex).
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var toc = #"<html><head><title>Book</title><meta name="robots" content="noindex"></head><body><ol class="chapter">"#
        for chapter in 1...6 {
            toc += #"<li class="chapter-item"><a href="chapter\#(chapter).html"><strong>\#(chapter).</strong> Chapter Number \#(chapter)</a></li><li><ol class="section">"#
            for k in 1...3 { toc += #"<li class="chapter-item"><a href="topic\#(chapter)x\#(k).html"><strong>\#(chapter).\#(k).</strong> Topic</a></li>"# }
            toc += "</ol></li>"
        }
        toc += "</ol></body></html>"
        try toc.write(toFile: dir.path + "/toc.html", atomically: true, encoding: .utf8)
        for chapter in 1...6 {
            for name in ["chapter\(chapter)"] + (1...3).map({ "topic\(chapter)x\($0)" }) {
                try #"<html><head><title>\#(name) - Book</title></head><body><main><h1>\#(name)</h1><p>You must call `init()` before you use \#(name) in a program.</p></main></body></html>"#
                    .write(toFile: dir.path + "/\(name).html", atomically: true, encoding: .utf8)
            }
        }
        let cache = dir.path + "/cache"
        let cold = try RulesMakerBinary.run(["compile", dir.path, "--target", "cursor", "--out", dir.path + "/cold", "--cache-dir", cache, "--no-progress"])
        #expect(cold.status == 0, "\(cold.stderr)")
        let files = TemporaryDirectory.files(below: dir.path + "/cold").sorted()
        #expect(files.contains(".cursor/rules/chapter-number-3.mdc"), "\(files)")
        let chapter3 = (try? String(contentsOfFile: dir.path + "/cold/.cursor/rules/chapter-number-3.mdc", encoding: .utf8)) ?? ""
        #expect(chapter3.contains("topic3x2") && !chapter3.contains("topic4x1"), "\(chapter3)")
        #expect(!files.contains { $0.contains("general") }, "\(files)")
        let warm = try RulesMakerBinary.run(["compile", dir.path, "--target", "cursor", "--out", dir.path + "/warm", "--cache-dir", cache, "--no-progress"])
        #expect(warm.status == 0)
        let coldText = files.map { (try? String(contentsOfFile: dir.path + "/cold/" + $0, encoding: .utf8)) ?? "" }
        let warmText = files.map { (try? String(contentsOfFile: dir.path + "/warm/" + $0, encoding: .utf8)) ?? "" }
        #expect(coldText == warmText && TemporaryDirectory.files(below: dir.path + "/warm").sorted() == files)
    }

    @Test func aSeedThatOnlyRedirectsIsAnErrorThatNamesTheTarget() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try #"<html><head><title>Moved</title><meta http-equiv="refresh" content="0; URL=v2/index.html"></head><body><p>Moved.</p></body></html>"#
            .write(toFile: dir.path + "/stub.html", atomically: true, encoding: .utf8)
        let result = try RulesMakerBinary.run(["compile", dir.path + "/stub.html", "--target", "cursor", "--out", dir.path + "/out", "--no-progress"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("v2/index.html") && result.stderr.contains("compile that URL instead"), "\(result.stderr)")
    }

    @Test func aCrawlFollowsARedirectStubToItsTarget() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try #"<html><head><title>Home</title></head><body><main><h1>Home</h1><p>See <a href="old.html">the old page</a>.</p></main></body></html>"#
            .write(toFile: dir.path + "/index.html", atomically: true, encoding: .utf8)
        // The stub links nowhere in its body: only its meta refresh leads on.
        try #"<html><head><title>Redirecting...</title><meta http-equiv="refresh" content="0; URL=new.html"></head><body><p>Redirecting...</p></body></html>"#
            .write(toFile: dir.path + "/old.html", atomically: true, encoding: .utf8)
        try #"<html><head><title>New</title></head><body><main><h1>New</h1><p>You must close every session before the process exits, or buffered writes are lost.</p></main></body></html>"#
            .write(toFile: dir.path + "/new.html", atomically: true, encoding: .utf8)
        let server = try FixtureSite.server(root: dir.path)
        let result = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", dir.path + "/out", "--no-progress"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(server.requests.map(\.path).contains("/new.html"), "\(server.requests.map(\.path))")
        let text = TemporaryDirectory.files(below: dir.path + "/out").compactMap { try? String(contentsOfFile: dir.path + "/out/" + $0, encoding: .utf8) }.joined()
        #expect(text.contains("You must close every session"), "\(text)")
    }

    @Test func sameInputGivesByteIdenticalOutput() throws {
        let server = try FixtureSite.server(root: site)
        let a = try TemporaryDirectory(), b = try TemporaryDirectory()
        defer { a.remove(); b.remove() }
        let r1 = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--out", a.path, "--concurrency", "8"])
        let r2 = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--out", b.path, "--concurrency", "1"])
        #expect(r1.status == 0 && r2.status == 0)
        #expect(a.files() == b.files() && !a.files().isEmpty)
        for f in a.files() { #expect(a.read(f) == b.read(f), "\(f) differs") }
        // A re-run into the same folder rewrites nothing.
        let r3 = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--out", a.path])
        #expect(r3.stdout.contains("unchanged") && !r3.stdout.contains("wrote "))
    }

    @Test func compilesALocalFolderWithPortableLinks() throws {
        let root = PackagePaths.root()
        let a = try TemporaryDirectory(), b = try TemporaryDirectory()
        defer { a.remove(); b.remove() }
        let r1 = try RulesMakerBinary.run(["compile", "Fixtures/sites/tidewater", "--target", "cursor", "--out", a.path], in: root)
        #expect(r1.status == 0, "\(r1.stderr)")
        let text = a.files().compactMap(a.read).joined()
        #expect(text.contains("]: Fixtures/sites/tidewater/guide/sessions.html#thread-safety"))
        #expect(!text.contains("file://"))
        let r2 = try RulesMakerBinary.run(["compile", "Fixtures/sites/tidewater", "--target", "cursor", "--out", b.path,
                                           "--base-url", "https://tidewater.example.org/2.3/"], in: root)
        #expect(r2.status == 0)
        #expect(b.files().compactMap(b.read).joined().contains("]: https://tidewater.example.org/2.3/guide/sessions.html#thread-safety"))
    }

    // MARK: - Bad input: one clear line naming the input and the reason, and the right exit code.

    @Test func unreachableHost() throws {
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let url = refusing.baseURL + "/docs/"
        let out = try TemporaryDirectory()
        defer { out.remove() }
        let r = try RulesMakerBinary.run(["compile", url, "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: fetch: \(url): cannot connect"), "\(r.stderr)")
    }

    @Test func missingStartPage() throws {
        let server = try LoopbackHTTPServer(routes: [:])
        let out = try TemporaryDirectory()
        defer { out.remove() }
        let r = try RulesMakerBinary.run(["compile", server.baseURL + "/nope/", "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: fetch: \(server.baseURL)/nope/: HTTP 404 Not Found"), "\(r.stderr)")
        #expect(out.files().isEmpty)
    }

    @Test func emptyPage() throws {
        let server = try LoopbackHTTPServer(routes: ["/": .html("<html><head><title>x</title></head><body></body></html>")])
        let out = try TemporaryDirectory()
        defer { out.remove() }
        let r = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: parse: \(server.baseURL)/: no text content found on the page"), "\(r.stderr)")
    }

    @Test func damagedPagesCompileWithAWarning() throws {
        var body = Array("<html><body><main><h1>Guide</h1><p>You must call <code>init()</code> first.".utf8)
        body += [0, 0xFF, 0xFE]   // a NUL byte and invalid UTF-8, and the document is cut off mid-paragraph
        let server = try LoopbackHTTPServer(routes: ["/": ServerResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: body)])
        let out = try TemporaryDirectory()
        defer { out.remove() }
        let r = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", out.path])
        #expect(r.status == 0, "a warning is not a failure: \(r.stderr)")
        #expect(r.stderr.contains("warning: parse: \(server.baseURL)/: NUL bytes"), "\(r.stderr)")
        #expect(out.files().compactMap(out.read).joined().contains("`init()`"))
    }

    @Test func nonHTMLContentType() throws {
        let server = try LoopbackHTTPServer(routes: ["/manual.pdf": ServerResponse(status: 200, headers: [("Content-Type", "application/pdf")], body: Array("%PDF-1.4".utf8))])
        let out = try TemporaryDirectory()
        defer { out.remove() }
        let r = try RulesMakerBinary.run(["compile", server.baseURL + "/manual.pdf", "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(server.baseURL)/manual.pdf: skipped: content type application/pdf is not HTML or text"), "\(r.stderr)")
    }

    @Test func folderWithoutHTML() throws {
        let empty = try TemporaryDirectory(), out = try TemporaryDirectory()
        defer { empty.remove(); out.remove() }
        try "not html".write(toFile: empty.path + "/notes.pdf", atomically: true, encoding: .utf8)
        let r = try RulesMakerBinary.run(["compile", empty.path, "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: fetch: \(empty.path): the folder contains no .html or .htm files"), "\(r.stderr)")
    }

    @Test func unwritableOutputFolder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try "a file".write(toFile: dir.path + "/file", atomically: true, encoding: .utf8)
        let server = try FixtureSite.server(root: site)
        let r = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--out", dir.path + "/file/rules"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: \(dir.path)/file/rules: cannot create the output folder"), "\(r.stderr)")
        #expect(server.requests.isEmpty, "checked before any network work")
    }

    @Test func usageErrorsExitWith2() throws {
        let r1 = try RulesMakerBinary.run(["compile", "x", "--target", "vim"])
        #expect(r1.status == 2)
        #expect(r1.stderr.contains("unknown target 'vim'"))
        let r2 = try RulesMakerBinary.run(["compile", "--no-such-flag", "x"])
        #expect(r2.status == 2)
        let r3 = try RulesMakerBinary.run(["frobnicate"])
        #expect(r3.status == 2)
        let r4 = try RulesMakerBinary.run(["--help"])
        #expect(r4.status == 0 && r4.stdout.contains("compile"))
    }

    @Test func badConfigFileReportsEveryProblemWithLines() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try "targets: cursor\nmax_pages: lots\nfrobnicate: 1\n".write(toFile: dir.path + "/rules-maker.yml", atomically: true, encoding: .utf8)
        let r = try RulesMakerBinary.run(["compile", "x", "--config", dir.path + "/rules-maker.yml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("rules-maker.yml:2: 'max_pages' must be a whole number"), "\(r.stderr)")
        #expect(r.stderr.contains("rules-maker.yml:3: unknown key 'frobnicate'"), "\(r.stderr)")
    }

    @Test func onePageFailingDoesNotStopTheRest() throws {
        let server = try LoopbackHTTPServer { req in
            switch req.path {
            case "/": return .html("<main><h1>Docs</h1><p>You must call <code>init()</code> before anything else.</p><a href='/a.html'>a</a> <a href='/broken.html'>b</a></main>")
            case "/a.html": return .html("<main><h1>A</h1><p>Never call <code>free()</code> twice on the same pointer.</p></main>")
            case "/robots.txt", "/sitemap.xml": return .notFound   // a 5xx robots.txt would disallow the whole site (RFC 9309)
            default: return .text("boom", status: 500)
            }
        }
        let out = try TemporaryDirectory()
        defer { out.remove() }
        let r = try RulesMakerBinary.run(["compile", server.baseURL + "/", "--target", "cursor", "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(server.baseURL)/broken.html: HTTP 500"), "\(r.stderr)")
        let text = out.files().compactMap(out.read).joined()
        #expect(text.contains("Never call `free()` twice") && text.contains("`init()`"))
    }
}

@Suite struct InspectEndToEndTests {
    @Test func inspectsGzippedLocalFileAsTextMarkdownAndJSON() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let html = try String(contentsOfFile: PackagePaths.fixtures() + "/sites/tidewater/guide/sessions.html", encoding: .utf8)
        try html.write(toFile: dir.path + "/page.html", atomically: true, encoding: .utf8)
        let gz = Process()
        gz.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gz.arguments = ["-kn", dir.path + "/page.html"]
        try gz.run(); gz.waitUntilExit()
        let text = try RulesMakerBinary.run(["inspect", dir.path + "/page.html.gz", "--stage", "ir", "--format", "text"])
        #expect(text.status == 0)
        // The body without its title (like trafilatura's text); the title is in the JSON and the Markdown.
        #expect(!text.stdout.hasPrefix("Sessions and connection pooling\n"), "\(text.stdout)")
        let ir = try RulesMakerBinary.run(["inspect", dir.path + "/page.html", "--stage", "ir", "--format", "json"])
        #expect(ir.stdout.contains("\"title\"") && ir.stdout.contains("Sessions and connection pooling"))
        #expect(text.stdout.contains("A Session is not thread-safe."))
        #expect(!text.stdout.contains("Table of Contents"))
        let md = try RulesMakerBinary.run(["inspect", dir.path + "/page.html", "--stage", "ir", "--format", "markdown"])
        #expect(md.stdout.contains("## Thread safety"))
        #expect(md.stdout.contains("```python\nwith tidewater.Session() as s:\n    s.fetch(\"https://example.org/a\")\n```"))
        #expect(md.stdout.contains("> **Important**"))
        let json = try RulesMakerBinary.run(["inspect", dir.path + "/page.html", "--stage", "chunks", "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect((decoded?.count ?? 0) >= 2)
        let rules = try RulesMakerBinary.run(["inspect", dir.path + "/page.html", "--stage", "rules"])
        #expect(rules.stdout.contains("Do not share one session between threads"))
        let candidates = try RulesMakerBinary.run(["inspect", dir.path + "/page.html", "--stage", "candidates", "--json"])
        #expect(candidates.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(candidates.stdout.utf8)) as? [[String: Any]])
        #expect(list.count >= 2)
        for c in list {
            let features = try #require(c["features"] as? [String: Double])
            #expect(features.keys.contains("strength") && features.keys.contains("adm_danger"))
            #expect((c["rule"] as? [String: Any])?["score"] is Double)
        }
    }

    @Test func textIsTheBodyWithoutTheTitleThatOpensIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let html = """
            <html><head><title>Submitting patches — Kernel docs</title></head><body><main><p>Note: a translated copy exists.</p>
            <h1>Submitting patches</h1><p>For a person who wishes to submit a change, the process can be daunting.</p></main></body></html>
            """
        try html.write(toFile: dir.path + "/page.html", atomically: true, encoding: .utf8)
        let text = try RulesMakerBinary.run(["inspect", dir.path + "/page.html", "--stage", "ir", "--format", "text"])
        #expect(text.stdout == "Note: a translated copy exists.\nSubmitting patches\nFor a person who wishes to submit a change, the process can be daunting.\n", "\(text.stdout)")
        try html.replacingOccurrences(of: "<h1>Submitting patches</h1>", with: "").write(toFile: dir.path + "/untitled.html", atomically: true, encoding: .utf8)
        let untitled = try RulesMakerBinary.run(["inspect", dir.path + "/untitled.html", "--stage", "ir", "--format", "text"])
        #expect(untitled.stdout == "Note: a translated copy exists.\nFor a person who wishes to submit a change, the process can be daunting.\n", "\(untitled.stdout)")
        // A title heading that opens the content is left out.
        try html.replacingOccurrences(of: "<p>Note: a translated copy exists.</p>", with: "").write(toFile: dir.path + "/opening.html", atomically: true, encoding: .utf8)
        let opening = try RulesMakerBinary.run(["inspect", dir.path + "/opening.html", "--stage", "ir", "--format", "text"])
        #expect(opening.stdout == "For a person who wishes to submit a change, the process can be daunting.\n", "\(opening.stdout)")
    }

    @Test func pageWithoutGuidanceGivesNoRules() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let html = """
            <html><head><title>Overview</title></head><body><main><h1>Overview</h1>
            <p>GitHub Actions workflows can automate tasks throughout the software development lifecycle.</p>
            <p>GitHub provides workflow templates for a variety of languages and tooling.</p></main></body></html>
            """
        try html.write(toFile: dir.path + "/overview.html", atomically: true, encoding: .utf8)
        let r = try RulesMakerBinary.run(["compile", dir.path + "/overview.html", "--target", "cursor", "--out", dir.path + "/out"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("no guidance on the page (its strongest statement scores"), "\(r.stderr)")
        #expect(r.stderr.contains("no guidance found: no rule files written"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/.cursor"))
        // `inspect --stage rules` shows what `compile` would keep, and says why there is nothing.
        let inspect = try RulesMakerBinary.run(["inspect", dir.path + "/overview.html", "--stage", "rules"])
        #expect(inspect.status == 0 && inspect.stdout.isEmpty, "\(inspect.stdout)")
        #expect(inspect.stderr.contains("no guidance on the page"), "\(inspect.stderr)")
        // `min_page_score: 0` keeps every page.
        try "min_page_score: 0\n".write(toFile: dir.path + "/rules-maker.yml", atomically: true, encoding: .utf8)
        let kept = try RulesMakerBinary.run(["compile", dir.path + "/overview.html", "--target", "cursor", "--out", dir.path + "/kept",
                                             "--config", dir.path + "/rules-maker.yml"])
        #expect(kept.status == 0 && FileManager.default.fileExists(atPath: dir.path + "/kept/.cursor/rules"), "\(kept.stderr)")
    }

    @Test func unsupportedURLScheme() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let compile = try RulesMakerBinary.run(["compile", "ftp://example.invalid/docs/", "--out", dir.path + "/out"])
        #expect(compile.status == 1)
        #expect(compile.stderr.contains("error: fetch: ftp://example.invalid/docs/: unsupported URL scheme 'ftp'"), "\(compile.stderr)")
        let inspect = try RulesMakerBinary.run(["inspect", "ftp://example.invalid/docs/"])
        #expect(inspect.status == 2)
        #expect(inspect.stderr.contains("ftp://example.invalid/docs/: unsupported URL scheme 'ftp'"), "\(inspect.stderr)")
    }

    @Test func missingFile() throws {
        let r = try RulesMakerBinary.run(["inspect", "/nonexistent/page.html"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/page.html: cannot read (no such file)"), "\(r.stderr)")
    }
}
