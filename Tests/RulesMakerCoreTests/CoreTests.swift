import Foundation
import RulesMakerCore
import Testing

@Suite struct SlugTests {
    @Test(arguments: [
        ("Sessions and Connection Pooling", "sessions-and-connection-pooling"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows:stream", "c-windows-stream"),
        ("Ünïcode — dashes", "n-code-dashes"),
        ("", "rules"),
        ("...", "rules"),
        ("api/v2/Client.fetch()", "api-v2-client-fetch"),
    ])
    func slugsAreSafeFileNames(_ input: String, _ expected: String) {
        let slug = Slug.make(input)
        #expect(slug == expected)
        #expect(!slug.contains("/") && !slug.contains(":") && !slug.contains("..") && !slug.isEmpty)
    }

    @Test func longTitlesAreCapped() {
        #expect(Slug.make(String(repeating: "word ", count: 40)).utf8.count <= 64)
        // Cut at a whole word.
        let long = Slug.make("Fundamentals of Asynchronous Programming: Async, Await, Futures, and Streams")
        #expect(long == "fundamentals-of-asynchronous-programming-async-await-futures-and", "\(long)")
        let mid = Slug.make("Fundamentals of Asynchronous Programming: Async, Await, Futuristically Streams")
        #expect(mid == "fundamentals-of-asynchronous-programming-async-await", "\(mid)")
        #expect(Slug.make(String(repeating: "x", count: 100)).utf8.count == 64, "one long word is still cut")
        #expect(Slug.make("Overview of " + String(repeating: "y", count: 70)).utf8.count == 64, "backing off past a long word would lose it all")
    }

    @Test func duplicatesGetNumbered() {
        #expect(Slug.uniqued(["a", "b", "a", "a", "a-2"]) == ["a", "b", "a-2", "a-3", "a-2-2"])
    }
}

@Suite struct AtomicFileTests {
    @Test func writesCreatesFoldersAndLeavesNoTemporaryFiles() throws {
        let dir = NSTemporaryDirectory() + "rm-atomic-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write("one", to: dir + "/a/b/file.txt")
        try AtomicFile.write("two", to: dir + "/a/b/file.txt")
        #expect(try String(contentsOfFile: dir + "/a/b/file.txt", encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/a/b") == ["file.txt"])
    }

    @Test func unwritableDestinationIsATypedError() throws {
        let dir = NSTemporaryDirectory() + "rm-atomic-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write("x", to: dir + "/file")
        #expect {
            try AtomicFile.write("y", to: dir + "/file/child.txt")
        } throws: { error in
            guard case .cannotCreateDirectory(let path, _) = error as? FileWriteError else { return false }
            return path == dir + "/file"
        }
    }
}

@Suite struct RendererTests {
    let doc = Document(url: "https://x.example/p.html", title: "Page", description: "About it", blocks: [
        .heading(level: 2, text: "Usage", anchor: "usage"),
        .paragraph([.text("Call "), .code("run()"), .text(" with "), .emphasis("care"), .text(", see "), .link(text: "docs", url: "https://x.example/d")]),
        .code(language: "python", text: "run()\n"),
        .list(ordered: true, items: [[.paragraph([.text("first")])], [.paragraph([.text("second")]), .list(ordered: false, items: [[.paragraph([.text("nested")])]])]]),
        .table(Table(header: [[.text("Name")], [.text("Default")]], rows: [[[.code("timeout")], [.text("None | 5")]]])),
        .admonition(kind: .warning, title: nil, blocks: [.paragraph([.text("Careful.")])]),
        .definitionList([DefinitionItem(term: [.code("fetch(url)")], anchor: "fetch", definition: [.paragraph([.text("Gets it.")])])]),
    ])

    @Test func markdown() {
        let md = DocumentRenderer.markdown(doc)
        #expect(md.hasPrefix("# Page\n\n> About it\n\n## Usage\n\n"))
        #expect(md.contains("Call `run()` with *care*, see [docs](https://x.example/d)"))
        #expect(md.contains("```python\nrun()\n```"))
        #expect(md.contains("1. first\n2. second\n\n   - nested"))
        #expect(md.contains("| Name | Default |\n| --- | --- |\n| `timeout` | None \\| 5 |"))
        #expect(md.contains("> **Warning**\n>\n> Careful."))
        #expect(md.contains("**`fetch(url)`**\n\n: Gets it."))
    }

    @Test func plainTextKeepsTheWordsOnly() {
        let text = DocumentRenderer.plainText(doc, includeTitle: false)
        #expect(text.contains("Call run() with care, see docs"))
        #expect(!text.contains("`") && !text.contains("**") && !text.contains("]("))
    }

    @Test func plainTextMarksEveryListItemAndLeavesImagesOut() {
        let text = DocumentRenderer.plainText(doc, includeTitle: false)
        #expect(text.contains("- first\n- second\n- nested"), "\(text)")
        let figure = Document(url: "u", title: "T", blocks: [.paragraph([.text("See "), .image(alt: "a flowchart"), .text(" below.")])])
        #expect(DocumentRenderer.plainText(figure.blocks) == "See below.\n")
        #expect(DocumentRenderer.markdown(figure.blocks).contains("See a flowchart below."))
    }

    @Test func contentStartingWithH1IsNotTitledTwice() {
        let d = Document(url: "u", title: "Guide", blocks: [.heading(level: 1, text: "Guide", anchor: nil), .paragraph([.text("Body.")])])
        #expect(DocumentRenderer.markdown(d) == "# Guide\n\nBody.\n")
    }
}

@Suite struct DiagnosticTests {
    @Test func oneLineAndStableOrder() {
        let log = DiagnosticLog()
        log.emit(.warning, stage: "fetch", subject: "https://b", "slow")
        log.emit(.error, stage: "fetch", subject: "https://a", "HTTP 404 Not Found")
        #expect(log.all.map(\.description) == ["error: fetch: https://a: HTTP 404 Not Found", "warning: fetch: https://b: slow"])
        #expect(log.errorCount == 1 && log.warningCount == 1)
    }
}

@Suite struct FetchedPageTests {
    @Test(arguments: [
        ("text/html", "text/html"), (" Text/HTML ; charset=UTF-8", "text/html"), ("\ttext/markdown\t", "text/markdown"),
        ("", ""), (";charset=x", ""), ("\u{00A0}Text/Plain\u{2003}; x", "text/plain"), ("TEXT/Ü", "text/ü"),
    ])
    func mediaTypeOfAContentType(value: String, expected: String) {
        #expect(FetchedPage.mediaType(ofContentType: value) == expected)
    }
}
