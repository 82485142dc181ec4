import Foundation
@testable import Parse
import RulesMakerCore
import Testing

/// The analysis's shortcuts must give exactly what the general path gives: they exist only for speed.
struct AnalysisShortcutTests {
    static let tagNames: [String] = Array(HTMLTree.TagKind.table.keys).sorted()
        + ["aside", "form", "div", "section", "article", "main", "table", "tr", "ul", "ol", "body", "html", "custom-element", "x"]

    @Test("an element without attributes gets from its tag alone the verdict the cached path gives")
    func bareVerdictMatchesGeneralPath() {
        for tag in Self.tagNames {
            let node = HTMLTree.Node(tag: tag, text: nil, attributes: [], parent: -1, depth: 0)
            var cache = Boilerplate.VerdictCache()
            let general = Boilerplate.classifyUncached(node, key: Boilerplate.VerdictCache.Key(tag: tag), cache: &cache)
            #expect(Boilerplate.bareVerdict(node) == general, "\(tag)")
            #expect(Boilerplate.classify(node) == general, "\(tag)")
            // Attributes the judgement does not read change nothing (an id naming no furniture).
            let linked = HTMLTree.Node(tag: tag, text: nil, attributes: [("href", "#x"), ("id", "intro"), ("lang", "en")], parent: -1, depth: 0)
            #expect(Boilerplate.classify(linked) == general, "\(tag) with href/id/lang")
        }
    }

    @Test("TagKind bits agree with the name sets they stand for")
    func tagKindsMatchSets() {
        for tag in Self.tagNames {
            let kind = HTMLTree.TagKind(tag)
            #expect(kind.contains(.heading) == PageAnalysis.headingTags.contains(tag), "\(tag)")
            #expect(kind.contains(.prose) == PageAnalysis.proseTags.contains(tag), "\(tag)")
            #expect(kind.contains(.inline) == Boilerplate.inlineTags.contains(tag), "\(tag)")
            #expect(kind.contains(.furniture) == Boilerplate.tags.contains(tag), "\(tag)")
            #expect(kind.contains(.leafBlock) == MainContentLocator.leafBlocks.contains(tag), "\(tag)")
            #expect(kind.contains(.phrasing) == BlockBuilder.inlineTags.contains(tag), "\(tag)")
            #expect(kind.contains(.skippedBlock) == BlockBuilder.skipTags.contains(tag), "\(tag)")
            #expect(kind.contains(.boxContainer) == BlockBuilder.admonitionContainers.contains(tag), "\(tag)")
            #expect(kind.contains(.anchor) == (tag == "a"))
            #expect(kind.contains(.h1) == (tag == "h1"))
        }
        // Text nodes have no kind, whatever their (empty) tag.
        #expect(HTMLTree.Node(tag: "", text: "a", attributes: [], parent: -1, depth: 0).kind.isEmpty)
    }

    @Test("class names split by bytes as they split by Characters")
    func classesByBytes() {
        for cls in ["", "  ", "a", "highlight-python notranslate", " x\ty\nz ", "a\r\nb c", "café  crème", "e\u{301} x", "brush: python;"] {
            let node = HTMLTree.Node(tag: "div", text: nil, attributes: [("class", cls)], parent: -1, depth: 0)
            #expect(node.classes == cls.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }), "\(cls.debugDescription)")
        }
    }

    @Test("container prefilter: every element a container predicate accepts passes it")
    func containerPrefilterIsASuperset() {
        let classes = ["md-content__inner", "theme-doc-markdown", "vp-doc", "sl-markdown-content", "bd-article", "body", "page group",
                       "contents", "contentContainer", "flex-content", "markdown-section", "td-content", "main-page-content", "markdown-body", "manual-text",
                       "Content", "MAIN-CONTENT", "document", "prose", "entry-content", "x  body\ty"]
        let ids = ["main-content", "furo-main-content", "mw-content-text", "Content", "docs-body", "PRIMARY"]
        var nodes: [HTMLTree.Node] = []
        for tag in ["div", "article", "section", "main"] {
            for c in classes { nodes.append(HTMLTree.Node(tag: tag, text: nil, attributes: [("class", c)], parent: -1, depth: 0)) }
            for i in ids { nodes.append(HTMLTree.Node(tag: tag, text: nil, attributes: [("id", i)], parent: -1, depth: 0)) }
            for a in ["itemprop", "role", "data-main-column", "data-pagefind-body"] {
                nodes.append(HTMLTree.Node(tag: tag, text: nil, attributes: [(a, a == "itemprop" ? "articleBody" : "main")], parent: -1, depth: 0))
            }
        }
        var accepted = 0
        for node in nodes {
            let facts = MainContentLocator.ContainerFacts(index: 0, node: node)
            let any = MainContentLocator.knownContainers.contains { $0.1(facts) } || MainContentLocator.genericContainers.contains { $0(facts) }
            if any {
                accepted += 1
                #expect(MainContentLocator.mayBeContainer(node), "\(node.tag) \(node.attributes)")
            }
        }
        #expect(accepted > 100)
        // And plain elements are ruled out.
        #expect(!MainContentLocator.mayBeContainer(HTMLTree.Node(tag: "div", text: nil, attributes: [("class", "highlight k nf")], parent: -1, depth: 0)))
    }
}

/// The furniture-verdict cache a thread keeps across pages changes nothing in what a page gives.
struct ThreadCacheTests {
    @Test("every golden page parses the same after the others as alone")
    func resultsDoNotDependOnEarlierPages() throws {
        let pages = try GoldenFixtureTests.generators.map { g in
            (g, try [UInt8](Data(contentsOf: GoldenFixtureTests.root.appendingPathComponent("\(g)/page.html"))))
        }
        #expect(pages.count >= 10)
        // Each page alone (cache emptied first), then all in a row and in reverse with the cache warm.
        var alone: [String: String] = [:]
        for (g, html) in pages {
            DocumentParser.clearThreadCaches()
            alone[g] = DocumentRenderer.markdown(DocumentParser().parse(html: html, url: "https://docs.example.com/\(g)/page.html"))
        }
        for (g, html) in pages + pages.reversed() {
            let markdown = DocumentRenderer.markdown(DocumentParser().parse(html: html, url: "https://docs.example.com/\(g)/page.html"))
            #expect(markdown == alone[g], "\(g) parsed differently after other pages")
        }
    }

    @Test("the cache stays bounded: a full table starts over")
    func cacheIsBounded() {
        var cache = Boilerplate.VerdictCache()
        for k in 0..<(Boilerplate.VerdictCache.capacity + 10) {
            cache.remember(.content, for: Boilerplate.VerdictCache.Key(tag: "div", cls: "c\(k)"))
            _ = cache.isFurnitureName(Substring("name\(k)"))
        }
        #expect(cache.byKey.count <= Boilerplate.VerdictCache.capacity)
        #expect(cache.byName.count <= Boilerplate.VerdictCache.capacity)
        // Long attributes are judged, not kept: the cache outlives the page.
        var fresh = Boilerplate.VerdictCache()
        let huge = String(repeating: "x", count: 100_000)
        fresh.remember(.content, for: Boilerplate.VerdictCache.Key(tag: "div", cls: huge))
        _ = fresh.isFurnitureName(Substring(huge))
        #expect(fresh.byKey.isEmpty && fresh.byName.isEmpty)
        // A cached class name holds only its own bytes, not the attribute it was cut from.
        let attribute = "nav " + huge
        _ = fresh.isFurnitureName(attribute.split(separator: " ")[0])
        #expect(fresh.byName.keys.allSatisfy { $0.base.utf8.count < 100 })
    }
}
