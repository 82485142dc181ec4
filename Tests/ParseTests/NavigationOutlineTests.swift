import Foundation
@testable import Parse
import RulesMakerCore
import Testing

@Suite struct NavigationOutlineTests {
    func outline(_ body: String, url: String) -> NavigationOutline? {
        NavigationOutlineReader.read(HTMLTree(bytes: Array("<html><head><title>T</title></head><body>\(body)</body></html>".utf8), url: url), pageURL: url)
    }

    @Test("mdBook's toc.html: each section under the numbered chapter before it, numbers dropped from titles")
    func mdBookTOC() throws {
        let toc = try #require(outline("""
            <ol class="chapter"><li class="chapter-item"><a href="intro.html"><strong>1.</strong> Meet Safe and Unsafe</a></li>
            <li><ol class="section"><li class="chapter-item"><a href="safe-unsafe-meaning.html"><strong>1.1.</strong> How Safe and Unsafe Interact</a></li>
            <li class="chapter-item"><a href="working-with-unsafe.html"><strong>1.2.</strong> Working with Unsafe</a></li></ol></li>
            <li class="chapter-item"><a href="concurrency.html"><strong>8.</strong> Concurrency and Parallelism</a></li>
            <li><ol class="section"><li class="chapter-item"><a href="races.html#x"><strong>8.1.</strong> Races</a></li></ol></li></ol>
            """, url: "file:///book/toc.html"))
        #expect(toc.chapters["file:///book/races.html"] == NavigationOutline.Chapter(title: "Concurrency and Parallelism", url: "file:///book/concurrency.html"))
        #expect(toc.chapters["file:///book/working-with-unsafe.html"]?.title == "Meet Safe and Unsafe")
        #expect(toc.chapters["file:///book/intro.html"]?.title == "Meet Safe and Unsafe")
    }

    @Test("a Sphinx sidebar lists the page itself; DocBook's dl contents too; a flat link list or another site draws nothing")
    func otherShapes() throws {
        let sphinx = try #require(outline("""
            <div class="sphinxsidebar"><ul><li class="toctree-l1"><a href="../guide/index.html">Guide</a><ul>
            <li class="toctree-l2"><a href="../guide/sessions.html">Sessions</a></li><li class="toctree-l2"><a href="">Pools</a></li></ul></li>
            <li class="toctree-l1"><a href="../api.html">API</a></li><li class="toctree-l1"><a href="../faq.html">FAQ</a></li></ul></div>
            <p>Pools must be closed.</p>
            """, url: "https://d.example/guide/pools.html"))
        #expect(sphinx.chapters["https://d.example/guide/pools.html"]?.title == "Guide")
        let docbook = try #require(outline("""
            <div class="toc"><dl class="toc"><dt><span class="chapter"><a href="manual-intro.html">1. Introduction</a></span></dt>
            <dd><dl><dt><span class="sect1"><a href="manual-intro.html#a">1.1. An Overview</a></span></dt></dl></dd>
            <dt><span class="chapter"><a href="mc-manual.html">4. Memcheck</a></span></dt>
            <dd><dl><dt><span class="sect1"><a href="mc-leaks.html">4.1. Leaks</a></span></dt></dl></dd>
            <dt><span class="chapter"><a href="faq.html">5. FAQ</a></span></dt><dt><span class="chapter"><a href="dist.html">6. Dist</a></span></dt></dl></div>
            """, url: "file:///vg/index.html"))
        #expect(docbook.chapters["file:///vg/mc-leaks.html"]?.title == "Memcheck")
        #expect(outline("<ul><li><a href='a.html'>A</a></li><li><a href='b.html'>B</a></li><li><a href='c.html'>C</a></li><li><a href='d.html'>D</a></li></ul>",
                        url: "https://d.example/x.html") == nil, "a flat list has no chapters")
        #expect(outline("""
            <ul><li><a href="https://other.example/a">A</a><ul><li><a href="https://other.example/b">B</a></li><li><a href="https://other.example/c">C</a></li>
            <li><a href="https://other.example/d">D</a></li><li><a href="https://other.example/e">E</a></li></ul></li></ul>
            """, url: "https://d.example/x.html") == nil, "links to another site are no table of contents of this one")
    }
}
