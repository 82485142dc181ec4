import Foundation
@testable import Parse
import RulesMakerCore
import Testing

/// Parses a body fragment as a page whose main content is that fragment.
func parseBody(_ body: String, head: String = "<title>T</title>", url: String = "https://docs.example.com/a/b.html") -> Document {
    DocumentParser().parse(html: Array("<!doctype html><html><head>\(head)</head><body><main>\(body)</main></body></html>".utf8), url: url)
}

func codeBlocks(_ blocks: [ContentBlock]) -> [(String?, String)] {
    blocks.flatMap { block -> [(String?, String)] in
        switch block {
        case .code(let language, let text): return [(language, text)]
        case .admonition(_, _, let inner), .quote(let inner): return codeBlocks(inner)
        case .list(_, let items): return items.flatMap(codeBlocks)
        default: return []
        }
    }
}

struct CodeLanguageTests {
    @Test("language from class names, data attributes and containers", arguments: [
        ("<pre><code class=\"language-rust\">fn x() {}</code></pre>", "rust"),
        ("<pre class=\"lang-js\">let a = 1</pre>", "javascript"),
        ("<div class=\"highlight-python notranslate\"><div class=\"highlight\"><pre>x = 1</pre></div></div>", "python"),
        ("<div class=\"sourceCode\" id=\"cb1\"><pre class=\"sourceCode haskell\"><code class=\"sourceCode haskell\">main = pure ()</code></pre></div>", "haskell"),
        ("<pre class=\"brush: ruby\">puts 1</pre>", "ruby"),
        ("<pre data-lang=\"go\">package main</pre>", "go"),
        ("<div class=\"language-ts\"><pre><code>let a: number</code></pre></div>", "typescript"),
        ("<pre>$ cargo build</pre>", "bash"),
        ("<pre>&gt;&gt;&gt; print(1)</pre>", "python"),
        // Sphinx's `default`: Python 3 when Pygments lexed it (token spans).
        ("<div class=\"highlight-default notranslate\"><div class=\"highlight\"><pre><span></span><span class=\"n\">s</span> <span class=\"o\">=</span> <span class=\"n\">Session</span>()</pre></div></div>", "python"),
        ("<pre class=\"sp-cm sp-pristine sp-javascript flex\"><code>let a = 1</code></pre>", "javascript"),
        ("<pre class=\"gatsby-code-jsx\"><code class=\"gatsby-code-jsx\">let a = <A /></code></pre>", "jsx"),
        ("<pre data-theme=\"github-dark\" data-lang=\"shellscript\">twilio login</pre>", "bash"),
        ("<pre data-lang=\"vbscript\">Dim a</pre>", "vbscript"),
        // Go imports a quoted path; Python imports a name.
        ("<pre>import \"rsc.io/quote\"</pre>", "go"),
        ("<pre>import os\nimport sys</pre>", "python"),
        // Haskell imports capitalised modules.
        ("<pre>import Data.IORef\nimport Control.Monad (unless)\nmain = do\n  ref &lt;- newIORef 0</pre>", "haskell"),
        ("<pre>import qualified Data.Map as M</pre>", "haskell"),
        // MediaWiki's GeSHi (cppreference.com); a C++ file that prints "=>" is still C++, a plain one C.
        ("<div class=\"cpp source-cpp\"><pre class=\"de1\">int main() {}</pre></div>", "cpp"),
        ("<pre>#include &lt;map&gt;\nconst char* s = \"a =&gt; b\";\nstd::map&lt;int, int&gt; m;</pre>", "cpp"),
        ("<pre>#include &lt;stdio.h&gt;\nint main(void) { return 0; }</pre>", "c"),
        // `source-` names only a language GeSHi knows: Javadoc's `source-container` is none, and the content decides.
        ("<div class=\"source-code\"><pre>pip install frob</pre></div>", "bash"),
    ])
    func detects(html: String, language: String) {
        let code = codeBlocks(parseBody(html + "<p>Some text so the page has a body of prose to find.</p>").blocks)
        #expect(code.first?.0 == language, "\(html)")
    }

    @Test("no language when nothing says so")
    func none() {
        let code = codeBlocks(parseBody("<pre>some words</pre><pre class=\"language-text\">plain</pre>"
            + "<div class=\"highlight-default\"><div class=\"highlight\"><pre><span></span>$ flask run</pre></div></div><pre class=\"box-sql\">x</pre>"
            + "<pre>import \"./styles.css\";</pre><div class=\"text source-text\"><pre class=\"de1\">http://bar =&gt; fake</pre></div>"
            + "<div class=\"source-container\"><pre>Parser p = Parser.builder()\n    .build();</pre></div>").blocks)
        #expect(code.map(\.0) == [nil, nil, nil, nil, nil, nil, nil])
    }

    @Test("highlighter spans flattened, whitespace kept byte for byte, gutters and buttons dropped")
    func whitespace() {
        let html = """
        <div class="highlight"><table class="highlighttable"><tr><td class="linenos"><div class="linenodiv"><pre>1
        2</pre></div></td><td class="code"><div><pre><span class="k">def</span> <span class="nf">f</span>():
        \t<span class="k">return</span>  <span class="mi">1</span></pre></div></td></tr></table></div>
        <div class="code-wrap"><button class="copy-button">Copy</button><pre><code class="language-sh"><span class="line">echo  a</span><span class="line">echo b</span></code></pre></div>
        """
        let code = codeBlocks(parseBody(html).blocks)
        #expect(code.count == 2)
        #expect(code.first?.1 == "def f():\n\treturn  1")
        #expect(code.last?.1 == "echo  a\necho b")
        #expect(code.last?.0 == "bash")
    }

    @Test("RDoc's method headings are headings with their method's anchor; its hidden source and toggle advice go")
    func rdocMethods() {
        let doc = parseBody(##"<h1>class Tempfile</h1><p>A utility class for managing temporary files.</p><section class="method-section"><header><h3>Public Class Methods</h3></header>"##
            + ##"<div id="method-c-create" class="method-detail "><div class="method-heading"><span class="method-name">create</span><span class="method-args">(basename="", tmpdir=nil)</span>"##
            + ##" <span class="method-click-advice">click to toggle source</span></div><div class="method-description"><p>Creates a temporary file as a usual File object.</p>"##
            + ##"<div class="method-source-code" id="create-source"><pre># File tempfile.rb, line 325\##ndef create(basename="")\##nend</pre></div></div></div></section>"##)
        #expect(doc.blocks.contains(.heading(level: 4, text: ##"create(basename="", tmpdir=nil)"##, anchor: "method-c-create")), "\(doc.blocks)")
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(!text.contains("toggle source") && !text.contains("line 325") && text.contains("Creates a temporary file"), "\(text)")
        // Several call sequences of one method make one heading; a `method-heading` without RDoc's spans stays content.
        let seqs = parseBody(##"<h1>class Array</h1><p>Arrays are ordered collections.</p><div id="method-i-5B-5D" class="method-detail"><div class="method-heading"><span class="method-callseq">ary[index] → obj or nil</span></div>"##
            + ##"<div class="method-heading"><span class="method-callseq">ary[start, length] → new_ary or nil</span></div><div class="method-description"><p>Returns the element at index.</p></div></div>"##
            + ##"<div class="method-heading"><p>Other themes use this class for prose that must stay.</p></div>"##)
        let headings = seqs.blocks.filter { if case .heading(4, _, _) = $0 { return true } else { return false } }
        #expect(headings == [.heading(level: 4, text: "ary[index] → obj or nil", anchor: "method-i-5B-5D")], "\(seqs.blocks)")
        #expect(DocumentRenderer.plainText(seqs.blocks).contains("prose that must stay"))
    }

    @Test("inline code stays code")
    func inlineCode() {
        let doc = parseBody("<p>Call <code>open()</code> then <a href=\"x.html\"><code>close()</code></a>.</p>")
        guard case .paragraph(let run)? = doc.blocks.first else { Issue.record("no paragraph"); return }
        #expect(run.contains(.code("open()")))
        #expect(run.contains(.code("close()")))
        // A variable (Texinfo's parameter names, `<var>abi</var> is the ABI to use`) is code, so its case is kept.
        let texinfo = parseBody("<p><var>abi</var> is the ABI to use; normally <code>FFI_DEFAULT_ABI</code> is what you want.</p>")
        guard case .paragraph(let vars)? = texinfo.blocks.first else { Issue.record("no paragraph"); return }
        #expect(vars.first == .code("abi"), "\(vars)")
    }
}

struct TableTests {
    @Test("header row, rowspan repeated down, colspan fills its first column")
    func spans() {
        let doc = parseBody("""
        <table><thead><tr><th>A</th><th>B</th><th>C</th></tr></thead><tbody>
        <tr><td rowspan="2">x</td><td>1</td><td>2</td></tr>
        <tr><td>3</td><td>4</td></tr>
        <tr><td colspan="2">wide</td><td>5</td></tr>
        </tbody></table>
        """)
        guard case .table(let table)? = doc.blocks.first else { Issue.record("no table"); return }
        #expect(table.header?.map(\.plainText) == ["A", "B", "C"])
        #expect(table.rows.map { $0.map(\.plainText) } == [["x", "1", "2"], ["x", "3", "4"], ["wide", "", "5"]])
        #expect(DocumentRenderer.markdown(.table(table)) == "| A | B | C |\n| --- | --- | --- |\n| x | 1 | 2 |\n| x | 3 | 4 |\n| wide |  | 5 |")
    }

    @Test("absurd spans are capped")
    func absurdSpans() {
        let doc = parseBody("<table><tr><td colspan=\"999999\" rowspan=\"999999\">x</td></tr><tr><td>y</td></tr></table>")
        guard case .table(let table)? = doc.blocks.first else { Issue.record("no table"); return }
        #expect(table.rows.allSatisfy { $0.count <= 51 })
    }

    @Test("pipes in cells are escaped")
    func pipes() {
        let doc = parseBody("<table><tr><th>op</th></tr><tr><td>a | b</td></tr></table>")
        #expect(DocumentRenderer.markdown(doc.blocks).contains("a \\| b"))
    }
}

struct AdmonitionTests {
    static let cases: [(String, AdmonitionKind, String?)] = [
        ("<div class=\"admonition warning\"><p class=\"admonition-title\">Warning</p><p>Body.</p></div>", .warning, nil),
        ("<div class=\"admonition note\"><p class=\"admonition-title\">Heads up</p><p>Body.</p></div>", .note, "Heads up"),
        ("<div class=\"theme-admonition theme-admonition-tip alert alert--success\"><div class=\"admonitionHeading_x\">tip</div><div class=\"admonitionContent_y\"><p>Body.</p></div></div>", .tip, nil),
        ("<div class=\"markdown-alert markdown-alert-important\"><p class=\"markdown-alert-title\">Important</p><p>Body.</p></div>", .important, nil),
        ("<div class=\"alert alert-danger\" role=\"alert\"><p>Body.</p></div>", .danger, nil),
        ("<div class=\"notecard warning\"><p>Body.</p></div>", .warning, nil),
        ("<aside class=\"starlight-aside starlight-aside--caution\"><p class=\"starlight-aside__title\">Caution</p><p>Body.</p></aside>", .caution, nil),
        ("<div class=\"versionadded\"><p><span class=\"versionmodified added\">Added in version 2.0.</span></p></div>", .versionAdded, nil),
        ("<div class=\"versionchanged\"><p>Changed in version 3.1.</p></div>", .versionChanged, nil),
        ("<div class=\"deprecated\"><p>Deprecated since version 1.0.</p></div>", .deprecated, nil),
        ("<div role=\"note\"><p>Body.</p></div>", .note, nil),
        ("<details class=\"warning\"><summary>Careful</summary><p>Body.</p></details>", .warning, "Careful"),
    ]

    @Test("admonition kinds and titles", arguments: cases)
    func kinds(html: String, kind: AdmonitionKind, title: String?) {
        let doc = parseBody(html)
        guard case .admonition(let k, let t, let inner)? = doc.blocks.first else { Issue.record("no admonition: \(doc.blocks)"); return }
        #expect(k == kind)
        #expect(t == title)
        #expect(!inner.isEmpty)
    }

    @Test("admonitions render as quoted boxes with a label")
    func rendering() {
        let md = DocumentRenderer.markdown([.admonition(kind: .versionAdded, title: nil, blocks: [.paragraph([.text("Since 2.0.")])])])
        #expect(md == "> **Added**\n>\n> Since 2.0.\n")
    }
}

struct DefinitionListTests {
    @Test("terms with anchors and definitions")
    func definitions() {
        let doc = parseBody("""
        <dl class="py function"><dt class="sig" id="mod.f"><span class="sig-name">f</span>(<em>x</em>)<a class="headerlink" href="#mod.f">¶</a></dt>
        <dd><p>Does f.</p></dd></dl>
        <dl><dt>-v</dt><dt>--verbose</dt><dd>More output.</dd></dl>
        """)
        guard case .definitionList(let first)? = doc.blocks.first, case .definitionList(let second)? = doc.blocks.dropFirst().first else {
            Issue.record("no definition lists: \(doc.blocks)"); return
        }
        #expect(first.first?.anchor == "mod.f")
        #expect(first.first?.term.plainText == "f(x)")
        #expect(first.first?.definition == [.paragraph([.text("Does f.")])])
        #expect(second.count == 1)
        #expect(second.first?.term.plainText == "-v; --verbose")
    }
}

struct MetadataTests {
    @Test("site suffix stripped from the title", arguments: [
        ("Quickstart — Widget 2.1 documentation", "Quickstart"),
        ("Routing | Sprocket", "Routing"),
        ("itertools — Functions creating iterators — Python 3.12 documentation", "itertools — Functions creating iterators"),
        ("Ownership - The Crab Book", "Ownership"),
        ("Plain title", "Plain title"),
    ])
    func titleSuffix(raw: String, title: String) {
        let doc = DocumentParser().parse(html: Array("<html><head><title>\(raw)</title></head><body><p>Hello there, reader of docs.</p></body></html>".utf8),
                                         url: "https://x.example/")
        #expect(doc.title == title)
    }

    @Test("page metadata: canonical, description, language, generator, version, breadcrumbs, links and images")
    func metadata() {
        let head = """
        <title>Page · Site</title><meta name="description" content="What it is."><meta name="generator" content="Sphinx 7.2">
        <link rel="canonical" href="/docs/3.2/page.html"><meta name="docsearch:version" content="3.2">
        """
        let html = "<!doctype html><html lang=\"de\"><head>\(head)</head><body><nav aria-label=\"breadcrumb\"><ol><li><a href=\"/\">Docs</a></li><li>Guide</li></ol></nav>"
            + "<main><h1 id=\"page\">Page</h1><p>See <a href=\"../other.html#x\">other</a> and <img src=\"a.png\" alt=\"a diagram\">.</p></main></body></html>"
        let doc = DocumentParser().parse(html: Array(html.utf8), url: "https://docs.example.com/docs/3.2/guide/page.html")
        #expect(doc.canonicalURL == "https://docs.example.com/docs/3.2/page.html")
        #expect(doc.description == "What it is.")
        #expect(doc.language == "de")
        #expect(doc.generator == "sphinx")
        #expect(doc.version == "3.2")
        #expect(doc.breadcrumbs == ["Docs", "Guide"])
        #expect(doc.blocks.first == .heading(level: 1, text: "Page", anchor: "page"))
        guard case .paragraph(let run)? = doc.blocks.dropFirst().first else { Issue.record("no paragraph"); return }
        #expect(run.contains(.link(text: "other", url: "https://docs.example.com/docs/3.2/other.html#x")))
        #expect(run.contains(.image(alt: "a diagram")) && !run.plainText.contains("a diagram"))
    }

    @Test("furniture is dropped: nav, hidden, skip links, feedback, edit links, TOCs, version pickers")
    func furniture() {
        let doc = parseBody("""
        <a class="skip-link" href="#c">Skip to content</a>
        <div class="toc"><p>Contents list here</p></div>
        <div hidden><p>Secret hidden text</p></div>
        <div style="display: none"><p>Invisible text</p></div>
        <div class="version-switcher"><p>Version 1 2 3</p></div>
        <h1>Real title</h1><p>The real content of the page, long enough to count as prose.</p>
        <div class="feedback"><p>Was this page helpful?</p></div>
        <p><a href="edit">Edit this page</a></p>
        """)
        let text = DocumentRenderer.plainText(doc.blocks)
        for gone in ["Skip to content", "Contents list", "Secret", "Invisible", "Version 1", "helpful", "Edit this page"] {
            #expect(!text.contains(gone), "\(gone) kept")
        }
        #expect(text.contains("The real content"))
    }

    @Test("hidden tab panels keep their content")
    func tabs() {
        let doc = parseBody("<div role=\"tabpanel\"><p>Python example text here.</p></div><div role=\"tabpanel\" hidden><p>Node example text here.</p></div>")
        #expect(DocumentRenderer.plainText(doc.blocks).contains("Node example"))
    }
}

struct PageFurnitureTests {
    @Test("a head title that names only the site's documentation gives way to the page's heading and names the site")
    func siteOnlyTitle() {
        let doc = parseBody("<h1>weakref — Weak references</h1><p>Weak references to objects.</p>", head: "<title>Python documentation</title>")
        #expect(doc.title == "weakref — Weak references")
        #expect(doc.siteName == "Python documentation")
        // A head title that names the page stays.
        let other = parseBody("<h1>Overview</h1><p>Text.</p>", head: "<title>Sessions and pooling</title>")
        #expect(other.title == "Sessions and pooling")
        #expect(!PageMetadata.namesSiteOnly("Writing the documentation for a new tool and its manual pages"))
        // pod2html: a manual page's "NAME" section is no title, and the summary after the module's name is no site.
        let pod = parseBody("<h1 id=\"NAME\">NAME</h1><p>File::Temp - return name and handle of a temporary file safely</p><h1 id=\"SYNOPSIS\">SYNOPSIS</h1><p>Text.</p>",
                            head: "<title>File::Temp - return name and handle of a temporary file safely</title>")
        #expect(pod.title == "File::Temp")
        #expect(pod.siteName == nil)
        #expect(PageMetadata.siteSuffix("Advanced Usage - Requests 2.28.1") == "Requests 2.28.1")
        #expect(PageMetadata.siteSuffix("Page — foo 1.2 beta documentation") == "foo 1.2 beta documentation")
        #expect(PageMetadata.siteSuffix("JSON::PP - JSON::XS compatible pure-Perl module.") == nil)
        #expect(PageMetadata.siteSuffix("Survival Guide to SysV Init - JF Possibilities, Inc.") == "JF Possibilities, Inc.")
        // Texinfo: the node, then its manual in parentheses.
        let texinfo = parseBody("<h3 class=\"section\">2.1 The Basics</h3><p>libffi assumes that you have a pointer to the function.</p>",
                                head: "<title>The Basics (libffi: the portable foreign function interface library)</title><meta name=\"Generator\" content=\"makeinfo\">")
        #expect(texinfo.title == "The Basics")
        #expect(texinfo.siteName == "libffi: the portable foreign function interface library")
        // A site that puts its whole head title in `og:site_name` is named by the title's last part.
        let filled = parseBody("<h1>resource block reference</h1><p>Text.</p>",
                               head: "<title>resource block reference | Terraform | HashiCorp Developer</title>"
                                   + "<meta property=\"og:site_name\" content=\"resource block reference | Terraform | HashiCorp Developer\">")
        #expect(filled.siteName == "Terraform")
        #expect(filled.title == "resource block reference")
    }

    @Test("zero-width spaces, word joiners and byte-order marks are dropped from text; zero-width joiners stay")
    func invisibleCharacters() {
        let doc = parseBody("<p>Enabled\u{2014}\u{200B}and the hook\u{2060}s run \u{FEFF}first. Family: 👨\u{200D}👩.</p>")
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(text.contains("Enabled\u{2014}and the hooks run first."), "\(text)")
        #expect(text.contains("👨\u{200D}👩"))
        #expect(Text.collapse("a\u{200B}b  c") == "ab c")
        #expect(Text.collapse("plain text") == "plain text")
        #expect(Text.collapse("a\u{200B}b") == "ab", "the fast path sees it too")
    }

    @Test("a chapter number is no part of a title; a version is")
    func chapterNumbers() {
        #expect(DocumentParser.withoutChapterNumber("8. DRD: a thread error detector") == "DRD: a thread error detector")
        #expect(DocumentParser.withoutChapterNumber("3.2. Using the session") == "Using the session")
        #expect(DocumentParser.withoutChapterNumber("10. DHAT") == "DHAT")
        #expect(DocumentParser.withoutChapterNumber("3.12.1 Documentation") == "3.12.1 Documentation")
        #expect(DocumentParser.withoutChapterNumber("2to3 — Automated translation") == "2to3 — Automated translation")
        #expect(DocumentParser.withoutChapterNumber("1.") == "1.")
        #expect(DocumentParser.withoutChapterNumber("2024. A retrospective") == "2024. A retrospective")
        #expect(DocumentParser.withoutChapterNumber("5.0. Release notes") == "5.0. Release notes")
    }

    @Test("breadcrumb trails and the site masthead above the title heading are dropped; prose above it stays")
    func leadingFurniture() {
        let doc = parseBody("""
            <div><a href="/learn">Learn</a> › <a href="/learn/start">Quick Start</a></div>
            <h1>SQLAlchemy 2.0 Documentation</h1><p>Release: 2.0.48 current release | Release Date: March 2, 2026</p>
            <div class="admonition warning"><p class="admonition-title">Warning</p><p>This page documents an old release.</p></div>
            <h1>ORM Quick Start</h1><p>For new users who want to see what basic ORM use looks like.</p>
            """, head: "<title>ORM Quick Start — SQLAlchemy 2.0 Documentation</title>")
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(doc.title == "ORM Quick Start")
        #expect(!text.contains("Quick Start\nSQLAlchemy") && !text.contains("Learn"))
        #expect(!text.contains("Release: 2.0.48"))
        #expect(text.contains("This page documents an old release."))
        #expect(text.hasSuffix("ORM Quick Start\nFor new users who want to see what basic ORM use looks like.\n"))
    }

    @Test("rows of button links are dropped, lists of links and pages of nothing but links are kept")
    func buttonRows() {
        let doc = parseBody("""
            <h1>FunctionGemma</h1><p>A small model for function calling on device.</p>
            <p><a href="https://hf.co/x">Get it on Hugging Face</a> <a href="https://kaggle.com/x">Get it on Kaggle</a></p>
            <ul><li><a href="/a">Formatting</a></li><li><a href="/b">Fine-tuning</a></li></ul>
            """)
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(!text.contains("Get it on"))
        #expect(text.contains("- Formatting\n- Fine-tuning"))
        let links = parseBody("<p><a href=\"/print/page.html\">print</a> <a href=\"/page.html\">page</a></p>")
        #expect(!links.blocks.isEmpty)
    }

    @Test("a highlighter's language label above the code is not a paragraph")
    func codeLabels() {
        let doc = parseBody("""
            <p>Copy this into the console:</p>
            <div class="code-example"><div class="example-header"><span class="language-name">js</span></div>
            <pre class="brush: js notranslate"><code>const a = 1;</code></pre></div>
            <p>JSON</p><p>A paragraph that is not a label.</p>
            """)
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(text == "Copy this into the console:\nconst a = 1;\nJSON\nA paragraph that is not a label.\n", "\(text)")
    }

    @Test("a Sphinx sidebar directive inside the article is content; a theme's navigation sidebar is not")
    func sidebarDirective() {
        let doc = parseBody("""
            <h1>Tasks</h1><p>Tasks are the building blocks of applications built on the queue.</p>
            <aside class="sidebar"><p class="sidebar-title">Multiple decorators</p>
            <p>When using multiple decorators you must make sure that the task decorator is applied last.</p></aside>
            <div class="sidebar"><ul><li><a href="a.html">Getting started</a></li><li><a href="b.html">User guide</a></li></ul></div>
            <p>Every task must have a unique name within the application.</p>
            """)
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(text.contains("Multiple decorators"))
        #expect(text.contains("you must make sure that the task decorator is applied last"))
        #expect(!text.contains("Getting started"))
        #expect(text.contains("Every task must have a unique name"))
        // AsciiDoc's sidebar block is the same kind of aside.
        let adoc = DocumentRenderer.plainText(parseBody("""
            <p>The client connects lazily on first use of the pool.</p>
            <div class="sidebarblock"><div class="content"><div class="title">Connection limits</div>
            <div class="paragraph"><p>You must not open more than 16 clients per process.</p></div></div></div>
            """).blocks)
        #expect(adoc.contains("You must not open more than 16 clients per process."))
    }
}

@Suite("cppreference.com's MediaWiki markup")
struct MediaWikiMarkupTests {
    @Test("GeSHi's inline spans are code, and a space before an invisible character still parts the words")
    func inlineCode() throws {
        let doc = parseBody("""
            <p>predicate which returns \u{200B}<span class="t-c"><span class="mw-geshi cpp source-cpp"><span class="kw2">false</span></span></span> if the waiting should continue.</p>
            <table class="t-dcl-begin"><tr class="t-dcl"><td><div><span class="mw-geshi cpp source-cpp">template<span class="sy1">&lt;</span> class Predicate <span class="sy1">&gt;</span><br>void wait<span class="br0">(</span> Predicate pred <span class="br0">)</span>;</span></div></td><td>(2)</td></tr></table>
            """)
        guard case .paragraph(let inlines)? = doc.blocks.first else { Issue.record("\(doc.blocks)"); return }
        #expect(inlines.plainText == "predicate which returns false if the waiting should continue.")
        #expect(inlines.contains(.code("false")), "\(inlines)")
        guard case .table(let table)? = doc.blocks.dropFirst().first else { Issue.record("\(doc.blocks)"); return }
        #expect(table.rows.first?.first == [.code("template< class Predicate > void wait( Predicate pred );")], "\(table.rows)")
    }

    @Test("a table of names and what each is, with heading rows between groups, is entries under their headings; a page layout is not")
    func memberTable() throws {
        let doc = parseBody("""
            <h3 id="Member_functions">Member functions</h3>
            <table class="t-dsc-begin">
            <tr class="t-dsc"><td><div><a href="mutex/mutex.html">(constructor)</a></div></td><td>constructs the mutex <br> <span class="t-mark">(public member function)</span></td></tr>
            <tr><td colspan="2"><h5 id="Locking">Locking</h5></td></tr>
            <tr class="t-dsc"><td><div><a href="mutex/lock.html">lock</a></div></td><td>locks the mutex, blocks if the mutex is not available</td></tr>
            <tr class="t-dsc"><td><div><a href="mutex/unlock.html">unlock</a></div></td><td>unlocks the mutex</td></tr>
            </table>
            """)
        let kinds = doc.blocks.map { block -> String in
            switch block {
            case .heading(_, let text, _): return "h:" + text
            case .definitionList(let items): return "dl:" + items.map(\.term.plainText).joined(separator: ",")
            default: return "other"
            }
        }
        #expect(kinds == ["h:Member functions", "dl:(constructor)", "h:Locking", "dl:lock,unlock"], "\(doc.blocks)")
        // A page laid out as a navigation cell and a content cell with headings stays the page's blocks.
        let layout = parseBody("""
            <main><table>
            <tr><td colspan="2"><h1>Frobnicator manual</h1></td></tr>
            <tr><td>Contents</td><td><h2>Installation</h2><p>You must run the installer as an administrator.</p></td></tr>
            <tr><td>Version 2</td><td><p>Last updated 2004.</p></td></tr>
            </table></main>
            """)
        #expect(!layout.blocks.contains { if case .definitionList = $0 { return true } else { return false } }, "\(layout.blocks)")
        #expect(layout.blocks.contains { if case .heading(_, "Installation", _) = $0 { return true } else { return false } }, "\(layout.blocks)")
    }
}

@Suite("Obsolete inline elements")
struct ObsoleteInlineTests {
    @Test("DocBook's <acronym> runs with the text around it instead of breaking the paragraph")
    func acronym() {
        let doc = parseBody("""
            <p>Note that if <acronym class="acronym">GSSAPI</acronym> encryption is possible, that will be used in preference to
            <acronym class="acronym">SSL</acronym> encryption.</p>
            """)
        #expect(doc.blocks.count == 1, "\(doc.blocks)")
        guard case .paragraph(let inlines)? = doc.blocks.first else { return }
        #expect(inlines.plainText == "Note that if GSSAPI encryption is possible, that will be used in preference to SSL encryption.")
    }
}


@Suite("Erlang's reference pages (erl_docgen)")
struct ErlangDocTests {
    @Test("a function's Types heading nests under it without the shared id; type lines are code; its OTP version stays")
    func functionEntry() {
        let doc = parseBody("""
            <article class="func"><h4 id="get-2" class="bold_code title-link func-head"><span class="title-name">get(Key, Map) -&gt; Value</span> <span class="since">OTP 17.0</span></h4>
            <div class="REFBODY fun-types"><h3 id="types" class="func-types-title">Types</h3>
            <div class="REFTYPES rt-1"><span class="bold_code bc-2">Map = #{Key =&gt; Value, term() =&gt; term()}</span></div></div>
            <div class="REFBODY rb-3"><p>The call fails with a {badkey,Key} exception if no value is associated with Key.</p></div></article>
            """)
        guard doc.blocks.count >= 4, case .heading(let level, let text, let anchor) = doc.blocks[0], case .heading(let typesLevel, "Types", let typesAnchor) = doc.blocks[1] else {
            Issue.record("\(doc.blocks)"); return
        }
        #expect(text.hasSuffix("OTP 17.0") && anchor == "get-2", "\(text)")
        #expect(typesLevel == level + 1 && typesAnchor == nil)
        guard case .code(_, let types) = doc.blocks[2] else { Issue.record("\(doc.blocks)"); return }
        #expect(types == "Map = #{Key => Value, term() => term()}")
        // rustdoc's version stamp inside a heading (rustdoc 1.4x–1.5x) stays furniture.
        let rustdoc = parseBody("""
            <h4 id="method.is_poisoned" class="method"><code>pub fn is_poisoned(&amp;self) -&gt; bool</code><span class="since" title="Stable since Rust version 1.2.0">1.2.0</span></h4>
            <p>Determines whether the mutex is poisoned.</p>
            """)
        guard case .heading(_, let method, _)? = rustdoc.blocks.first else { Issue.record("\(rustdoc.blocks)"); return }
        #expect(method == "`pub fn is_poisoned(&self) -> bool`", "\(method)")
        // A field heading after an empty section that is no entry keeps its level (TypeDoc's "T" under "Type Parameters").
        let typedoc = parseBody("<h2>Type Parameters</h2><h3 id=\"t\">T</h3><h2 id=\"parameters\">Parameters</h2><p>The value to wrap.</p>")
        #expect(typedoc.blocks.contains { if case .heading(2, "Parameters", "parameters") = $0 { return true } else { return false } }, "\(typedoc.blocks)")
    }
}

@Suite("Haddock pages")
struct HaddockTests {
    @Test("a data type's constructors are entries named by the declared name, their documentation the definition")
    func constructors() {
        let doc = parseBody("""
            <div class="subs constructors"><p class="caption">Constructors</p><table>
            <tr><td class="src"><a id="v:StackOverflow" class="def">StackOverflow</a></td><td class="doc"><p>The current thread's stack exceeded its limit.</p></td></tr>
            <tr><td class="src"><a id="v:HeapOverflow" class="def">HeapOverflow</a></td><td class="doc empty">&nbsp;</td></tr>
            </table></div>
            """)
        guard case .definitionList(let items)? = doc.blocks.first else { Issue.record("\(doc.blocks)"); return }
        #expect(items.map(\.term) == [[.code("StackOverflow")]] && items.first?.anchor == "v:StackOverflow", "\(items)")
    }

    @Test("an entry's declaration (div.top > p.src with a.def) is its heading, without the Source and # links; the Synopsis goes")
    func declarationHeading() {
        let doc = parseBody("""
            <div id="synopsis"><details id="syn"><summary>Synopsis</summary><ul class="details-toggle" data-details-id="syn"><li class="src short"><a href="#v:takeMVar">takeMVar</a> :: MVar a -&gt; IO a</li></ul></details></div>
            <div class="subs instances"><h4 class="instances">Instances</h4><details id="i:MVar" open="open"><summary>Instances details</summary><table><tr><td class="src">Eq (MVar a)</td><td class="doc">Instance details. Defined in GHC.MVar Methods (==) :: MVar a -&gt; MVar a -&gt; Bool</td></tr></table></details></div>
            <div class="top"><p class="src"><a id="v:takeMVar" class="def">takeMVar</a> :: <a href="#t:MVar">MVar</a> a -&gt; <a href="IO.html">IO</a> a <a href="src/GHC-MVar.html#takeMVar" class="link">Source</a> <a href="#v:takeMVar" class="selflink">#</a></p>
            <div class="doc"><p>Return the contents of the MVar.</p></div></div>
            """)
        guard case .heading(_, let text, let anchor)? = doc.blocks.first else { Issue.record("\(doc.blocks)"); return }
        #expect(text == "takeMVar :: MVar a -> IO a" && anchor == "v:takeMVar", "\(text)")
        #expect(doc.blocks.count == 2, "\(doc.blocks)")
    }

    @Test("code written around an emphasised placeholder is one name; code and a placeholder apart, or a placeholder alone, stay as they are")
    func placeholderNames() {
        let doc = parseBody("""
            <dl><dt class="hdlist1"><code>--force-with-lease=</code><em>&lt;refname&gt;</em><code>:</code><em>&lt;expect&gt;</em></dt>
            <dd><p>Use the <code>branch.</code><em>&lt;name&gt;</em><code>.pushRemote</code> option, or <code>git push</code> <em>&lt;remote&gt;</em>; protects <em>&lt;refname&gt;</em> alone.</p></dd></dl>
            """)
        guard case .definitionList(let items)? = doc.blocks.first else { Issue.record("\(doc.blocks)"); return }
        #expect(items.first?.term == [.code("--force-with-lease=<refname>:<expect>")], "\(items)")
        guard case .paragraph(let inlines)? = items.first?.definition.first else { Issue.record("\(items)"); return }
        #expect(inlines.contains(.code("branch.<name>.pushRemote")), "\(inlines)")
        #expect(inlines.contains(.code("git push")) && inlines.contains(.emphasis("<remote>")) && inlines.contains(.emphasis("<refname>")), "\(inlines)")
        // Code that ends in a space before the placeholder is the same name: one span, not two touching ones.
        let log = parseBody("<p>Run <code>git log </code><em>&lt;since&gt;</em><code>..</code><em>&lt;until&gt;</em> to list them.</p>")
        guard case .paragraph(let run)? = log.blocks.first else { Issue.record("\(log.blocks)"); return }
        #expect(run.contains(.code("git log <since>..<until>")), "\(run)")
    }

    @Test("Scribble's definition box: its declaration heads the prose after it, its contract rows stay a table")
    func scribbleDefinitionBox() {
        let doc = parseBody("""
            <blockquote class="SVInsetFlow"><table class="boxed RBoxed"><tr><td><blockquote class="SubFlow"><div class="RBackgroundLabel SIEHidden"><div class="RBackgroundLabelInner"><p>procedure</p></div></div><p class="RForeground"><span class="RktPn">(</span><a name="(def._thread-send)"></a><a class="RktValDef">thread-send</a> <span class="RktVar">thd</span> <span class="RktVar">v</span> <span class="RktOpt">[</span><span class="RktVar">fail-thunk</span><span class="RktOpt">]</span><span class="RktPn">)</span> &rarr; <span class="RktSym">any</span></p></blockquote></td></tr>
            <tr><td><span class="RktVar">thd</span> : <span class="RktSym">thread?</span></td></tr></table></blockquote>
            <p>Queues v as a message to thd without blocking.</p>
            """)
        guard case .heading(4, let text, let anchor)? = doc.blocks.first else { Issue.record("\(doc.blocks)"); return }
        #expect(text == "(thread-send thd v [fail-thunk]) → any" && anchor == "(def._thread-send)", "\(text)")
        guard case .table(let rest)? = doc.blocks.dropFirst().first else { Issue.record("\(doc.blocks)"); return }
        #expect(rest.rows.count == 1, "\(rest.rows)")
        if case .paragraph? = doc.blocks.last {} else { Issue.record("\(doc.blocks)") }
    }
}
