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

    @Test("a section titled by a label, not a link (MkDocs Material), is a chapter of its own")
    func labelledSections() throws {
        let nav = try #require(outline("""
            <nav class="md-nav"><ul class="md-nav__list"><li class="md-nav__item"><a href="../index.html">Home</a></li>
            <li class="md-nav__item md-nav__item--nested"><label class="md-nav__link">Basics <span class="md-nav__icon"></span></label>
            <nav class="md-nav"><label class="md-nav__title">Basics</label><ul class="md-nav__list">
            <li><a href="../basics/a.html">A</a></li><li><a href="">B</a></li></ul></nav></li>
            <li class="md-nav__item md-nav__item--nested"><label class="md-nav__link">Guides</label>
            <nav class="md-nav"><ul class="md-nav__list"><li><a href="../guides/c.html">C</a></li><li><a href="../guides/d.html">D</a></li></ul></nav></li></ul></nav>
            """, url: "https://d.example/basics/b.html"))
        #expect(nav.chapters["https://d.example/basics/b.html"]?.title == "Basics")
        #expect(nav.chapters["https://d.example/guides/d.html"]?.title == "Guides")
        #expect(nav.chapters["https://d.example/index.html"]?.title == "Home")
    }

    @Test("the list that holds the page itself (its sidebar) wins over a bigger menu that does not")
    func sidebarBeforeMenu() throws {
        var menu = "<header><ul>"
        for group in 1...3 {
            menu += "<li><a href='/products/\(group).html'>Group \(group)</a><ul>"
            for k in 1...12 { menu += "<li><a href='/products/\(group)-\(k).html'>P</a></li>" }
            menu += "</ul></li>"
        }
        menu += "</ul></header>"
        let sidebar = """
            <nav><ul><li><a href="/docs/basics.html">Basics</a><ul><li><a href="/docs/b1.html">B1</a></li><li><a href="/docs/b2.html">B2</a></li></ul></li>
            <li><a href="/docs/guides.html">Guides</a><ul><li><a href="/docs/g1.html">G1</a></li><li><a href="#">G2</a></li></ul></li></ul></nav>
            """
        let nav = try #require(outline(menu + sidebar, url: "https://d.example/docs/g2.html"))
        #expect(nav.chapters["https://d.example/docs/g2.html"]?.title == "Guides")
        #expect(nav.chapters["https://d.example/products/1-1.html"] == nil)
    }

    @Test("one entry over most pages is a picker or a menu, not chapters (Node.js: 'Table of contents' over every module)")
    func degenerateOutline() {
        var modules = ""
        for k in 1...10 { modules += "<li><a href=\"m\(k).html\">Module \(k)</a></li>" }
        let nav = outline("""
            <ul><li class="picker-header"><span>Table of contents</span><ul>\(modules)</ul></li>
            <li><a href="index.html">Index</a><ul><li><a href="all.html">All</a></li></ul></li></ul>
            """, url: "https://nodejs.example/api/m3.html")
        #expect(nav == nil, "\(String(describing: nav))")
    }
}
