import Foundation
import Testing
@testable import Parse
import RulesMakerCore

/// Call-out boxes in the shapes AsciiDoc, DocBook, Doxygen, Javadoc and rustdoc give them.
@Suite("Call-out boxes of AsciiDoc, DocBook, Doxygen, Javadoc, rustdoc")
struct GeneratorBoxTests {
    func admonitions(_ blocks: [ContentBlock]) -> [(AdmonitionKind, String?, String)] {
        blocks.compactMap {
            if case .admonition(let kind, let title, let inner) = $0 { return (kind, title, DocumentRenderer.plainText(inner)) }
            return nil
        }
    }

    @Test("AsciiDoc admonition blocks are laid out as tables: the icon cell goes, with a title or an icon")
    func asciidoc() {
        let doc = parseBody("""
            <p>The client connects lazily on first use of the pool.</p>
            <div class="admonitionblock warning"><table><tr><td class="icon"><div class="title">Warning</div></td>
            <td class="content">Never share a client between forked processes.</td></tr></table></div>
            <div class="admonitionblock important"><table><tr><td class="icon"><i class="fa icon-important" title="Important"></i></td>
            <td class="content"><div class="paragraph"><p>Call <code>close()</code> before exit.</p></div></td></tr></table></div>
            <div class="admonitionblock note"><table><tr><td class="icon"><div class="title">Note</div></td>
            <td class="content"><div class="title">Method visibility and <code>@Transactional</code></div>
            <div class="paragraph"><p>Apply the annotation only to public methods.</p></div></td></tr></table></div>
            """)
        var boxes = admonitions(doc.blocks)
        #expect(boxes.count == 3)
        // A block title inside the text cell is the box's title, not the start of its text.
        #expect(boxes.last?.0 == .note && boxes.last?.1 == "Method visibility and @Transactional")
        #expect(boxes.last?.2 == "Apply the annotation only to public methods.\n")
        boxes.removeLast()
        #expect(boxes.first?.0 == .warning && boxes.first?.2 == "Never share a client between forked processes.\n")
        #expect(boxes.last?.0 == .important && boxes.last?.1 == nil && boxes.last?.2 == "Call close() before exit.\n")
    }

    @Test("DocBook boxes: a titled div, and a note drawn as a table with an icon and a label cell")
    func docbook() {
        let doc = parseBody("""
            <p>A pool keeps connections open between requests.</p>
            <div class="caution"><h3 class="title">Caution</h3><p>The pool is not fork-safe.</p></div>
            <div class="note"><table border="0" summary="Note"><tr><td rowspan="2"><img alt="[Note]" src="note.png"></td><th align="left">Note</th></tr>
            <tr><td><p>Connections are validated on checkout.</p></td></tr></table></div>
            """)
        let boxes = admonitions(doc.blocks)
        #expect(boxes.map(\.0) == [.caution, .note])
        #expect(boxes.last?.2 == "Connections are validated on checkout.\n")
        // A real table inside a box stays a table.
        let table = parseBody("""
            <div class="note"><p>Limits:</p><table><tr><th>Key</th><th>Max</th></tr><tr><td>size</td><td>10</td></tr><tr><td>depth</td><td>4</td></tr></table></div>
            """)
        guard case .admonition(_, _, let inner)? = table.blocks.first else { Issue.record("no box"); return }
        #expect(inner.contains { if case .table = $0 { return true } else { return false } })
    }

    @Test("Doxygen's \\deprecated list and Javadoc's deprecation block are deprecated boxes")
    func deprecations() {
        let doxygen = parseBody("""
            <p>A growable byte buffer for the network layer.</p>
            <dl class="deprecated"><dt><b><a class="el" href="deprecated.html#_deprecated000001">Deprecated:</a></b></dt><dd>Use Buf2 instead.</dd></dl>
            """)
        #expect(admonitions(doxygen.blocks).map(\.0) == [.deprecated])
        #expect(admonitions(doxygen.blocks).first?.2 == "Use Buf2 instead.\n")
        let javadoc = parseBody("""
            <h3>close</h3><div class="deprecation-block"><span class="deprecated-label">Deprecated.</span>
            <div class="deprecation-comment">Use <code>shutdown()</code> instead.</div></div><div class="block">Closes the pool.</div>
            """)
        let boxes = admonitions(javadoc.blocks)
        #expect(boxes.count == 1 && boxes.first?.0 == .deprecated && boxes.first?.1 == nil)
        #expect(boxes.first?.2 == "Use shutdown() instead.\n")
    }

    @Test("rustdoc's emoji markers are not text")
    func rustdocEmoji() {
        let doc = parseBody("""
            <h4 class="code-header">pub fn close(&amp;self)</h4>
            <div class="stab deprecated"><span class="emoji">👎</span><span>Deprecated since 1.2.0: use <code>shutdown</code> instead</span></div>
            """)
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(text.contains("Deprecated since 1.2.0"))
        #expect(!text.contains("👎"))
    }

    @Test("mdBook's alert blockquotes and bold-labelled paragraphs are call-outs; other bold openers are not")
    func labelledCallouts() {
        let doc = parseBody("""
            <p>Each value has one owner at a time in a program.</p>
            <blockquote class="blockquote-tag blockquote-tag-caution"><p class="blockquote-tag-title"><svg viewbox="0 0 16 16"></svg>Caution</p>
            <p>Dropping a guard late can deadlock.</p></blockquote>
            <p><strong>Warning:</strong> Do not call <code>reset()</code> while a transfer runs.</p>
            <blockquote><p><strong>Note</strong>: the checker runs first.</p><p>It runs again later.</p></blockquote>
            <p><strong>Parameters:</strong> the options to apply.</p>
            """)
        let boxes = admonitions(doc.blocks)
        #expect(boxes.map(\.0) == [.caution, .warning, .note])
        #expect(boxes[0].1 == nil && boxes[0].2 == "Dropping a guard late can deadlock.\n")
        #expect(boxes[1].2 == "Do not call reset() while a transfer runs.\n")
        #expect(boxes[2].2 == "the checker runs first.\nIt runs again later.\n")
        #expect(DocumentRenderer.plainText(doc.blocks).contains("Parameters: the options to apply."))
    }

    @Test("rustdoc item tables are definitions named in code; a heading's link beside a button stays in the heading")
    func rustdocItems() throws {
        let doc = parseBody("""
            <h1 class="fqn"><span class="in-band">Module <a href="../index.html">syn</a>::<wbr><a class="mod" href="#">parse</a><button id="copy-path" title="Copy item path"><img src="c.svg" alt="Copy item path"></button></span></h1>
            <p>Parsing interface for parsing a token stream into a syntax tree node.</p>
            <h2 id="modules">Modules</h2>
            <div class="item-table"><div class="item-row"><div class="item-left module-item"><a class="mod" href="discouraged/index.html">discouraged</a></div>
            <div class="item-right docblock-short"><p>Extensions to the parsing API with niche applicability.</p></div></div></div>
            <h2 id="structs">Structs</h2>
            <ul class="item-table"><li><div class="item-name"><a class="struct" href="struct.Error.html">Error</a></div>
            <div class="desc docblock-short">Error returned when a parser cannot parse the input tokens.</div></li></ul>
            """)
        guard case .heading(_, let title, let anchor)? = doc.blocks.first else { Issue.record("no heading"); return }
        #expect(title == "Module syn::parse")
        #expect(anchor == nil, "the copy button's id is not the heading's anchor")
        let lists = doc.blocks.compactMap { block -> [DefinitionItem]? in
            if case .definitionList(let items) = block { return items } else { return nil }
        }
        #expect(lists.count == 2)
        #expect(lists.first?.first?.term == [.code("discouraged")])
        #expect(DocumentRenderer.plainText(lists.first?.first?.definition ?? []) == "Extensions to the parsing API with niche applicability.\n")
        #expect(lists.last?.first?.term == [.code("Error")])
    }

    @Test("a page laid out with tables gives its cells' blocks, not a one-cell data table")
    func layoutGrid() {
        let doc = parseBody("""
            <table border="0" width="100%"><tr><td bgcolor="#fffacd">
            <h2>Writing extensions</h2><h3>Table of content</h3><ul><li><a href="#intro">Introduction</a></li></ul>
            <h3><a name="intro">Introduction</a></h3><p>You must register a module before use.</p>
            </td></tr></table>
            <table><tr><td><p>Only one cell</p><p>with two paragraphs.</p></td></tr></table>
            <table><tr><th>Option</th><th>Default</th></tr><tr><td><p>timeout</p></td><td>30</td></tr></table>
            """)
        let headings = doc.blocks.compactMap { if case .heading(_, let t, _) = $0 { return t } else { return nil } }
        #expect(headings.contains("Writing extensions") && headings.contains("Introduction"))
        let tables = doc.blocks.filter { if case .table = $0 { return true } else { return false } }
        #expect(tables.count == 1, "only the data table stays a table")
        #expect(DocumentRenderer.plainText(doc.blocks).contains("You must register a module before use."))
        // Paragraphs of one cell of a data table stay units: one that ends without punctuation is closed before a sentence.
        let data = parseBody("""
            <table><tr><th>Argument</th><th>Data type</th><th>Connection</th></tr>
            <tr><td>certificate</td><td><p>string</p><p>Use a file function to load it.</p></td><td><p>ssh</p><p>winrm</p></td></tr></table>
            """)
        guard case .table(let t)? = data.blocks.first else { Issue.record("no table"); return }
        #expect(t.rows.first?[1].plainText == "string. Use a file function to load it.")
        #expect(t.rows.first?[2].plainText == "ssh winrm")
        let values = parseBody("<table><tr><th>a</th><th>b</th></tr><tr><td>x</td><td><p>Linux</p><p>Windows</p></td></tr></table>")
        guard case .table(let v)? = values.blocks.first else { Issue.record("no table"); return }
        #expect(v.rows.first?[1].plainText == "Linux Windows")
    }

    @Test("a heading that is one code span keeps its backticks in the IR; text output drops them")
    func codeHeading() {
        let doc = parseBody("""
            <h2 id="options">Options</h2>
            <h3 id="timeout"><code>timeout</code><a class="headerlink" href="#timeout">¶</a></h3><p>Default: <code>30</code></p>
            <h3 id="retries">The <code>retries</code> option</h3><p>Defaults to 3.</p>
            """)
        let headings = doc.blocks.compactMap { if case .heading(_, let t, _) = $0 { return t } else { return nil } }
        #expect(headings == ["Options", "`timeout`", "The retries option"], "\(headings)")
        #expect(DocumentRenderer.markdown(doc.blocks).contains("### `timeout`\n"))
        #expect(DocumentRenderer.plainText(doc.blocks).contains("\ntimeout\n"))
    }

    @Test("a footnote's back-link arrow is not text (mdBook, pandoc, Python-Markdown)")
    func footnoteBackref() {
        let doc = parseBody("""
            <p>Licenses are SPDX expressions.<sup class="footnote-reference"><a href="#footnote-slash">1</a></sup></p>
            <ol class="footnote-definition"><li id="footnote-slash"><p>Previously multiple licenses could be separated with a <code>/</code>, but that usage is deprecated. <a href="#fr-slash-1">↩</a></p></li></ol>
            <div class="footnotes"><ol><li id="fn:2"><p>Second note.&#160;<a class="footnote-backref" href="#fnref:2">&#8617;&#xFE0E;</a></p></li></ol></div>
            """)
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(!text.contains("↩"), "\(text)")
        #expect(text.contains("but that usage is deprecated."))
        #expect(text.contains("Second note."))
    }

    @Test("a docutils parameter keeps ' : ' before its type, and its bold name is not wrapped in more bold")
    func numpydocParameter() {
        let doc = parseBody("""
            <dl><dt><strong>allow_pickle</strong><span class="classifier">bool, optional</span></dt><dd><p>Allow loading pickled object arrays.</p></dd></dl>
            """)
        guard case .definitionList(let items)? = doc.blocks.first else { Issue.record("no list"); return }
        #expect(items.first?.term.plainText == "allow_pickle : bool, optional")
        #expect(DocumentRenderer.markdown(doc.blocks).hasPrefix("**allow_pickle** : bool, optional\n"))
    }

    @Test("docutils' print of a role it did not know (span.problematic) is the code it marks")
    func docutilsProblematicRole() {
        let doc = parseBody("""
            <p>By default even a simple <a href="#id1"><span class="problematic" id="id2">:sql:`SELECT`</span></a> starts a \
            transaction, and <span class="problematic">`VACUUM`</span> cannot run in one; <span class="problematic">|subst|</span> stays.</p>
            """)
        #expect(DocumentRenderer.markdown(doc.blocks).contains("a simple `SELECT` starts"), "\(DocumentRenderer.markdown(doc.blocks))")
        #expect(DocumentRenderer.markdown(doc.blocks).contains("and `VACUUM` cannot"))
        #expect(DocumentRenderer.markdown(doc.blocks).contains("|subst| stays"))
        #expect(BlockBuilder.interpretedText(":sql:`CREATE DATABASE`")! == ("CREATE DATABASE", true))
        #expect(BlockBuilder.interpretedText(":py:func:`asyncio.run`")! == ("asyncio.run", true))
        #expect(BlockBuilder.interpretedText(":ref:`Transactions <transactions>`")! == ("Transactions", false))
        #expect(BlockBuilder.interpretedText(":term:`virtual environment`")! == ("virtual environment", false))
        #expect(BlockBuilder.interpretedText(":not a role: `x`") == nil)
        #expect(BlockBuilder.interpretedText("``") == nil)
    }

    @Test("a DocBook option term is anchored at its own <a name>, not at its section")
    func docbookOptionAnchor() {
        let doc = parseBody("""
            <div class="variablelist"><a name="core.opts.list"></a><dl class="variablelist">
            <dt><a name="opt.xml"></a><span class="term"><code class="option">--xml=&lt;yes|no&gt; [default: no]</code></span></dt>
            <dd><p>When enabled, output is XML.</p></dd></dl></div>
            """)
        guard case .definitionList(let items)? = doc.blocks.first else { Issue.record("no list"); return }
        #expect(items.first?.anchor == "opt.xml")
    }

    @Test("a Doxygen member signature laid out as a table is one line of code")
    func doxygenSignature() {
        let doc = parseBody("""
            <h2 class="memtitle">resize()</h2><div class="memitem"><div class="memproto"><table class="memname"><tr>
            <td class="memname">void Buffer::resize </td><td>(</td><td class="paramtype">size_t&#160;</td><td class="paramname"><em>n</em></td><td>)</td>
            </tr></table></div><div class="memdoc"><p>Resizes the buffer to n bytes.</p></div></div>
            """)
        let code = codeBlocks(doc.blocks)
        #expect(code.count == 1)
        #expect(code.first?.1 == "void Buffer::resize(size_t n)")
        #expect(!doc.blocks.contains { if case .table = $0 { return true } else { return false } })
    }

    @Test("Doxygen's enumerator and parameter tables are entries named in code, and their warning boxes stay boxes; its graphs are not text")
    func doxygenFieldTables() throws {
        let doc = parseBody("""
            <p>Operations that can be performed by streaming encoder.</p>
            <table class="fieldtable"><tr><th colspan="2">Enumerator</th></tr>
            <tr><td class="fieldname"><a id="op-flush" name="op-flush"></a>OP_FLUSH&#160;</td><td class="fielddoc"><p>Produce output for all processed input.</p>
            <dl class="section warning"><dt>Warning</dt><dd>Until flush is complete, client SHOULD NOT swap the input stream.</dd></dl></td></tr></table>
            <dl class="params"><dt>Parameters</dt><dd><table class="params">
            <tr><td class="paramdir">[in]</td><td class="paramname">state</td><td>encoder instance</td></tr></table></dd></dl>
            <div class="dynheader">Include dependency graph for encode.h:</div><div class="dyncontent"><div class="center"><img src="encode_8h__incl.png"/></div></div>
            """)
        func entries(_ blocks: [ContentBlock]) -> [DefinitionItem] {
            blocks.flatMap { b -> [DefinitionItem] in
                switch b {
                case .definitionList(let items): return items + items.flatMap { entries($0.definition) }
                default: return []
                }
            }
        }
        let all = entries(doc.blocks)
        let flush = try #require(all.first { $0.term == [.code("OP_FLUSH")] })
        #expect(flush.anchor == "op-flush")
        #expect(flush.definition.contains { if case .admonition(.warning, _, _) = $0 { return true } else { return false } }, "\(flush.definition)")
        #expect(all.contains { $0.term == [.code("state")] })
        #expect(!doc.blocks.contains { if case .table = $0 { return true } else { return false } })
        #expect(!DocumentRenderer.plainText(doc).contains("dependency graph"))
    }

    @Test("JSDoc's parameter table (td.name, td.type, …) stays a data table; only Doxygen's own cells make entries")
    func jsdocParams() {
        let doc = parseBody("""
            <table class="params"><thead><tr><th>Name</th><th>Type</th><th>Attributes</th><th>Default</th><th>Description</th></tr></thead>
            <tbody><tr><td class="name"><code>url</code></td><td class="type">string</td><td class="attributes"></td><td class="default"></td>
            <td class="description last">The server URL. Must use https.</td></tr></tbody></table>
            """)
        #expect(doc.blocks.contains { if case .table(let t) = $0 { return t.rows.first?.first == [.code("url")] } else { return false } }, "\(doc.blocks)")
    }

    @Test("AsciiDoc with font icons: the title in the text cell is the title, the text stays")
    func asciidocFontIcon() {
        let doc = parseBody("""
            <div class="admonitionblock note"><table><tr><td class="icon"><i class="fa icon-note" title="Note"></i></td>
            <td class="content"><div class="title">Proxy mode</div><div class="paragraph"><p>Only public methods are intercepted.</p></div></td></tr></table></div>
            """)
        let boxes = admonitions(doc.blocks)
        #expect(boxes.count == 1)
        #expect(boxes.first?.1 == "Proxy mode" && boxes.first?.2 == "Only public methods are intercepted.\n", "\(boxes)")
    }

    @Test("robots directives: <meta name=robots> and name=rules-maker count, another crawler's name does not")
    func robotsMeta() {
        let print = parseBody("<main><h1>Book</h1><p>You must not do this.</p></main>",
                              head: #"<title>Book</title><meta name="robots" content="noindex">"#)
        #expect(print.robots == RobotsDirectives(noIndex: true, noFollow: false))
        #expect(parseBody("<p>x</p>", head: #"<meta name="ROBOTS" content="NoIndex, NOFOLLOW">"#).robots == RobotsDirectives(noIndex: true, noFollow: true))
        #expect(parseBody("<p>x</p>", head: #"<meta name="robots" content="none">"#).robots == RobotsDirectives(noIndex: true, noFollow: true))
        #expect(parseBody("<p>x</p>", head: #"<meta name="rules-maker" content="nofollow">"#).robots == RobotsDirectives(noIndex: false, noFollow: true))
        #expect(parseBody("<p>x</p>", head: #"<meta name="googlebot" content="noindex">"#).robots == RobotsDirectives())
        #expect(parseBody("<p>x</p>", head: #"<meta name="robots" content="index, follow, max-snippet:-1">"#).robots == RobotsDirectives())
    }

    @Test("X-Robots-Tag values: a value addressed to another crawler is not ours; valued directives are no crawler names")
    func robotsHeaderValues() {
        func read(_ v: String) -> RobotsDirectives { var r = RobotsDirectives(); r.read(v); return r }
        #expect(read("noindex") == RobotsDirectives(noIndex: true))
        #expect(read("googlebot: noindex, nofollow") == RobotsDirectives())
        #expect(read("rules-maker: noindex") == RobotsDirectives(noIndex: true))
        #expect(read("unavailable_after: 25 Jun 2010 15:00:00 PST, nofollow") == RobotsDirectives(noFollow: true))
        #expect(read("max-snippet: 20") == RobotsDirectives())
        #expect(read("") == RobotsDirectives())
    }

    @Test("a redirect stub (an immediate meta refresh and next to no text) is marked as one; a page that also refreshes is not")
    func redirectStub() {
        let stub = parseBody(#"<p>Redirecting to... <a href="ch19-00-patterns.html">ch19-00-patterns.html</a>.</p>"#,
                             head: #"<title>Redirecting...</title><meta http-equiv="refresh" content="0; URL=ch19-00-patterns.html">"#,
                             url: "https://book.example/ch18-00-patterns.html")
        #expect(stub.redirect == "https://book.example/ch19-00-patterns.html")
        let long = String(repeating: "Sessions must be closed after use, or connections leak from the pool. ", count: 8)
        let page = parseBody("<p>\(long)</p>", head: #"<title>Live</title><meta http-equiv="refresh" content="0; url='next.html'">"#)
        #expect(page.redirect == nil)
        let slow = parseBody("<p>Moved.</p>", head: #"<title>Moved</title><meta http-equiv="refresh" content="30; URL=new.html">"#)
        #expect(slow.redirect == nil, "a delayed refresh is a page the reader is meant to read")
        // The refresh syntax: spaces around '=', a trailing ';', a comma, quotes; no negative delay, no other schemes, not itself.
        let base = URL(string: "https://book.example/docs/a.html")
        #expect(PageMetadata.refreshTarget("0; URL = c.html", base: base) == "https://book.example/docs/c.html")
        #expect(PageMetadata.refreshTarget("0;URL=x.html;", base: base) == "https://book.example/docs/x.html")
        #expect(PageMetadata.refreshTarget("0, url=x.html", base: base) == "https://book.example/docs/x.html")
        #expect(PageMetadata.refreshTarget("0; url='../v2/index.html'", base: base) == "https://book.example/v2/index.html")
        #expect(PageMetadata.refreshTarget("-1; url=x.html", base: base) == nil)
        #expect(PageMetadata.refreshTarget("0", base: base) == nil)
        #expect(PageMetadata.refreshTarget("0; url=javascript:alert(1)", base: base) == nil)
        let toItself = parseBody("<p>Top.</p>", head: #"<title>T</title><meta http-equiv="refresh" content="0; url=#top">"#,
                                 url: "https://book.example/docs/a.html")
        #expect(toItself.redirect == nil)
    }

    @Test("a docutils rubric is an informal heading")
    func rubric() {
        let doc = parseBody("""
            <p>Load arrays or pickled objects from files on disk.</p><p class="rubric">Warnings</p><p>Never load files you do not trust.</p>
            """)
        #expect(doc.blocks.contains { if case .heading(_, "Warnings", _) = $0 { return true } else { return false } })
    }

    @Test("a heading's back-link to the table of contents is not its anchor; its permalink is")
    func tocBackref() {
        let doc = parseBody("""
            <nav class="contents"><ul><li><a class="reference internal" href="#logging" id="id8">Logging</a></li></ul></nav>
            <section id="logging">
            <span id="task-logging"></span><h2><a class="toc-backref" href="#id8" role="doc-backlink">Logging</a><a class="headerlink" href="#logging" title="Permalink to this heading">¶</a></h2>
            <p>The worker sets up logging for you.</p>
            </section>
            <section id="retrying"><h2><a href="#id9" role="doc-backlink">Retrying</a></h2><p>Call retry.</p></section>
            """)
        let headings = doc.blocks.compactMap { block -> (String, String?)? in
            if case .heading(_, let t, let a) = block { return (t, a) } else { return nil }
        }
        #expect(headings.map(\.0) == ["Logging", "Retrying"])
        #expect(headings.map(\.1) == ["logging", "retrying"])
    }

    @Test("a permalink whose target the page lacks is no anchor (react.dev's title links to #undefined)")
    func permalinkToNowhere() {
        let doc = parseBody("""
            <h2>useState<a href="#undefined" aria-label="Link for this heading">#</a></h2><p>Call it at the top level.</p>
            <h2>Caveats<a href="#caveats" aria-label="Link for this heading">#</a></h2><p id="caveats">Never call it in loops.</p>
            <h2>Café<a href="#caf%C3%A9">#</a></h2><p id="café">Order coffee.</p>
            """)
        let anchors = doc.blocks.compactMap { block -> String?? in
            if case .heading(_, _, let a) = block { return .some(a) } else { return nil }
        }
        #expect(anchors == [nil, "caveats", "caf%C3%A9"])
    }

    @Test("a permalink that opens a list item holds the item's term (Terraform's argument lists)")
    func listItemPermalink() {
        let doc = parseBody("""
            <p>You must set the following arguments for every block:</p>
            <ul><li><a id="label" class="__target-lic" aria-hidden="true"></a><a class="__permalink-lic" href="#label"><code>LABEL</code></a>: Specifies a name for the resource.</li>
            <li><a class="__permalink-lic" href="#type">#</a> Specifies the type.</li></ul>
            """)
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(text.contains("LABEL: Specifies a name for the resource."), "\(text)")
        #expect(!text.contains("#"), "a bare mark stays furniture: \(text)")
    }

    @Test("a deprecated rustdoc method's disclosure is the method entry, with its deprecation notice as the box")
    func rustdocDeprecatedToggle() throws {
        let doc = parseBody("""
            <details class="toggle method-toggle deprecated" open><summary><section id="method.compare_and_swap" class="method"><span class="rightside"><span class="since">1.0.0</span> · <a class="src" href="#">Source</a></span><h4 class="code-header">pub fn <a href="#method.compare_and_swap" class="fn">compare_and_swap</a>(&amp;self, current: bool) -&gt; bool</h4></section><span class="item-info"><div class="stab deprecated"><span class="emoji">👎</span><span>Deprecated since 1.50.0: Use <code>compare_exchange</code> instead</span></div></span></summary><div class="docblock"><p>Stores a value if the current value is the same.</p></div></details>
            <details class="warning"><summary>Careful</summary><p>Material's collapsible warning stays a call-out.</p></details>
            """)
        guard case .heading(_, let title, let anchor)? = doc.blocks.first else { Issue.record("no heading: \(doc.blocks)"); return }
        #expect(title.hasPrefix("pub fn compare_and_swap"))
        #expect(anchor == "method.compare_and_swap")
        let boxes = admonitions(doc.blocks)
        #expect(boxes.map(\.0) == [.deprecated, .warning])
        #expect(boxes.first?.2.contains("Deprecated since 1.50.0") == true)
        #expect(DocumentRenderer.plainText(doc.blocks).contains("Stores a value if the current value is the same."))
    }

    @Test("nginx's directive box takes the anchor written just before it")
    func nginxDirectiveAnchor() throws {
        let doc = parseBody("""
            <p>Some text.</p>
            <a name="rewrite_log"></a><div class="directive"><table cellspacing="0">
            <tr><th>Syntax:</th><td><code><strong>rewrite_log</strong> <code>on</code> | <code>off</code>;</code></td></tr>
            <tr><th>Default:</th><td><pre>rewrite_log off;</pre></td></tr>
            </table></div>
            <p>Enables or disables logging.</p>
            <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
            """)
        let tables = doc.blocks.compactMap { block -> Table? in if case .table(let t) = block { return t } else { return nil } }
        #expect(tables.count == 2)
        #expect(tables.first?.anchor == "rewrite_log")
        #expect(tables.last?.anchor == nil)
    }
}
