import Foundation
@testable import Parse
import RulesMakerCore
import Testing

/// One test per rule of the main-content extractor added after round 2, each on a small page in the
/// shape that showed the problem.
struct MainContentRuleTests {
    /// A Sphinx page with a few sections, so that no single section holds half of the prose.
    static func sphinxPage(_ sections: String) -> String {
        let filler = (1...3).map { n in
            """
            <section id="part-\(n)"><h2>Part \(n)<a class="headerlink" href="#part-\(n)">¶</a></h2>
            <p>Part \(n) explains one more thing about the library in enough words to be real prose for the scorer.</p>
            <p>It goes on for a second paragraph, because real sections rarely stop after a single sentence of text.</p></section>
            """
        }.joined()
        return """
            <html><head><title>Security Considerations — Example 2.2</title></head><body>
            <div class="related" role="navigation"><h3>Navigation</h3><ul><li><a href="genindex.html">index</a></li></ul></div>
            <div class="document"><div class="body" role="main">
            <section id="security-considerations"><h1>Security Considerations<a class="headerlink" href="#security-considerations">¶</a></h1>
            \(filler)\(sections)</section></div></div>
            <div class="sphinxsidebar" role="navigation"><h3>Contents</h3><ul><li><a href="#part-1">Part 1</a></li></ul></div>
            </body></html>
            """
    }

    /// Four paragraphs of filler prose, so that a small box beside them is not half the page.
    static func paragraphs(of what: String) -> String {
        (1...4).map { "<p>Paragraph \($0) of the \(what), with enough words in it to count as real prose.</p>" }.joined()
    }

    static func text(_ html: String) -> String {
        DocumentRenderer.plainText(DocumentParser().parse(html: Array(html.utf8), url: "https://docs.example.com/security.html").blocks)
    }

    @Test("a section whose id is the slug of its heading is content, whatever words the id holds")
    func topicSections() {
        let text = Self.text(Self.sphinxPage("""
            <section id="set-cookie-options"><span id="security-cookie"></span><h3>Set-Cookie options<a class="headerlink" href="#set-cookie-options">¶</a></h3>
            <p>These options can be added to a <code>Set-Cookie</code> header to improve their security.</p>
            <ul><li><p><code>Secure</code> limits cookies to HTTPS traffic only.</p></li><li><p><code>HttpOnly</code> protects the contents of cookies.</p></li></ul></section>
            <section id="respond-to-review-comments"><h3>Respond to review comments</h3><p>Reply to every reviewer, politely and in time.</p></section>
            <section id="summary-1"><h3>Summary</h3><p>A unique id with a number after the slug still names the section.</p></section>
            """))
        #expect(text.contains("Set-Cookie options\nThese options can be added"))
        #expect(text.contains("Secure limits cookies to HTTPS traffic only."))
        #expect(text.contains("Reply to every reviewer"))
        #expect(text.contains("A unique id with a number"))
    }

    @Test("furniture named by an id stays furniture when the id is not its heading's slug, or the heading is a furniture label")
    func furnitureSectionsStay() {
        let text = Self.text(Self.sphinxPage("""
            <div id="cookie-banner"><h3>We use cookies</h3><p>We use cookies to improve your experience on this site.</p></div>
            <div id="related-articles"><h3>Related articles</h3><p>Some other article you might like to read next week.</p></div>
            <div class="sidebar" id="options"><h3>Options</h3><p>Sidebar options that a class marks as furniture.</p></div>
            """))
        #expect(!text.contains("improve your experience"))
        #expect(!text.contains("might like to read"))
        #expect(!text.contains("Sidebar options"))
        #expect(text.contains("Part 3 explains"))
    }

    @Test("slugs: same letters and digits in order, optionally a unique number after them")
    func slugs() {
        #expect(BlockBuilder.isSlug("set-cookie-options", of: "Set-Cookie options¶"))
        #expect(BlockBuilder.isSlug("summary-1", of: "Summary"))
        #expect(BlockBuilder.isSlug("what_is_new", of: "What is new?"))
        #expect(!BlockBuilder.isSlug("feedback-title", of: "Is this helpful?"))
        #expect(!BlockBuilder.isSlug("cookie", of: "Cookies"))
        #expect(!BlockBuilder.isSlug("x", of: ""))
    }

    @Test("CSS-module hashes are not read as words: `table_root__adKqa` is not an ad")
    func cssModuleHashes() {
        #expect(Boilerplate.withoutHashSuffix("mdx-table_root__adKqa") == "mdx-table_root")
        #expect(Boilerplate.withoutHashSuffix("base-layout_root___qiZs") == "base-layout_root")
        #expect(Boilerplate.withoutHashSuffix("sidebar_re4s") == "sidebar")
        #expect(Boilerplate.withoutHashSuffix("md-nav__link") == "md-nav__link")
        #expect(Boilerplate.withoutHashSuffix("toc_wrapper") == "toc_wrapper")
        #expect(!Boilerplate.isFurnitureName("mdx-table_root__adKqa"))
        #expect(Boilerplate.isFurnitureName("sidebar_re4s"))
        let prose = Self.paragraphs(of: "reference")
        let doc = parseBody(prose + """
            <div class="mdx-table_root__adKqa"><div class="mdx-table_tableWrapper__81O9J"><table><thead><tr><th>Argument</th><th>Description</th></tr></thead>
            <tbody><tr><td><code>user</code></td><td>Specifies the user to use for the connection.</td></tr></tbody></table></div></div>
            """)
        #expect(DocumentRenderer.plainText(doc.blocks).contains("Specifies the user to use for the connection."))
    }

    @Test("a permalink anchor that holds its heading's whole text is the heading; a ¶ symbol is not")
    func headingAnchors() {
        let doc = parseBody("""
            <h2 id="instance_methods"><a class="heading-anchor" href="#instance_methods">Instance methods</a></h2><p>Methods of every instance, listed here.</p>
            <h2 id="events">Events<a class="headerlink" href="#events">¶</a></h2><p>Events the object fires, listed here.</p>
            """)
        let headings = doc.blocks.compactMap { block -> String? in if case .heading(_, let text, _) = block { return text } else { return nil } }
        #expect(headings == ["Instance methods", "Events"])
    }

    @Test("small furniture boxes beside the prose are dropped: aria-labelledby feedback, `hide`, popups", arguments: [
        (#"<section aria-labelledby="feedback-title"><h3 id="feedback-title">Is this helpful?</h3><p>Tell us what you think of this page.</p></section>"#,
         ["Is this helpful?", "Tell us what you think"]),
        (#"<div class="product-prompt-grid hide"><p>Related Product: try our cloud for free today.</p></div>"#, ["Related Product"]),
        (#"<div class="guide__popup-cta"><p>Seamlessly run tests on thousands of real devices.</p></div>"#, ["Seamlessly"]),
    ])
    func furnitureBoxes(box: String, gone: [String]) {
        let text = DocumentRenderer.plainText(parseBody(Self.paragraphs(of: "guide") + box).blocks)
        for phrase in gone { #expect(!text.contains(phrase), "\(phrase)") }
        #expect(text.contains("Paragraph 4 of the guide"))
    }

    @Test("the Rust Reference's rule markers (`div.rule` holding only `a.rule-link`) are no content and split no list")
    func ruleMarkers() {
        let doc = parseBody("""
            <h1>Behavior considered undefined</h1>
            <div class="rule" id="r-undefined.intro"><a class="rule-link" href="#r-undefined.intro" title="undefined.intro"><span>[undefined<wbr>.intro]</span></a></div>
            <p>Rust code is incorrect if it exhibits any of the behaviors in the following list.</p>
            <ul><li><div class="rule" id="r-undefined.race"><a class="rule-link" href="#r-undefined.race"><span>[undefined.race]</span></a></div>
            <p>Data races.</p></li></ul>
            """)
        let text = DocumentRenderer.markdown(doc.blocks)
        #expect(!text.contains("undefined.intro") && !text.contains("[undefined"), "\(text)")
        #expect(text.contains("- Data races."), "\(text)")
    }

    @Test("an entry whose anchor names an API keeps its name, furniture words or not (`<dt id=\"SESSION_COOKIE_NAME\">`)")
    func apiAnchorsAreNoFurniture() {
        let doc = parseBody("""
            <h1>Configuration</h1><dl class="py data"><dt class="sig sig-object py" id="SESSION_COOKIE_NAME">
            <span class="sig-name descname"><span class="pre">SESSION_COOKIE_NAME</span></span></dt>
            <dd><p>The name of the session cookie. Default: 'session'</p></dd></dl>
            <dl class="py attribute"><dt id="flask.Flask.session_cookie_name"><code>session_cookie_name</code></dt><dd><p>Deprecated alias.</p></dd></dl>
            <div id="cookie-banner"><p>We use cookies to improve your experience on this site.</p></div>
            """)
        let text = DocumentRenderer.markdown(doc.blocks)
        #expect(text.contains("SESSION_COOKIE_NAME") && text.contains("session_cookie_name"), "\(text)")
        #expect(!text.contains("We use cookies"), "\(text)")
        #expect(Boilerplate.isAPIAnchor("SESSION_COOKIE_NAME") && Boilerplate.isAPIAnchor("flask.Flask.x") && !Boilerplate.isAPIAnchor("cookie-banner"))
        #expect(!Boilerplate.isAPIAnchor("Cookie_Banner") && !Boilerplate.isAPIAnchor("cookie.banner") && !Boilerplate.isAPIAnchor("sidebar.related"))
    }

    @Test("a permalink that opens a loose list item's paragraph is still the item's term")
    func looseListPermalink() {
        let doc = parseBody("""
            <h1>Arguments</h1><ul><li><p><a class="__permalink-lic" href="#zone_name"><code>zone_name</code></a> - (Required) The zone must be unique.</p></li>
            <li><p><a class="__permalink-lic" href="#ttl"><code>ttl</code></a> - (Optional) Seconds to cache the record.</p></li></ul>
            """)
        let text = DocumentRenderer.markdown(doc.blocks)
        #expect(text.contains("`zone_name` - (Required)"), "\(text)")
    }

    @Test("dark-theme copies are hidden: `hidden dark:block`, `div.dark-image`, GitHub's #gh-dark-mode-only")
    func darkVariants() {
        let doc = parseBody("""
            <p>The diagram below shows the component tree of the app in full.</p>
            <div class="dark-image"><img alt="Diagram of a tree of three components" src="tree.dark.png"></div>
            <div class="light-image"><img alt="Diagram of a tree of three components" src="tree.png"></div>
            <p class="hidden dark:block">Dark mode only text.</p><p class="hidden lg:block">Large screens text.</p>
            <p><img alt="Logo in dark" src="logo-dark.png#gh-dark-mode-only"><img alt="Logo in light" src="logo.png#gh-light-mode-only"></p>
            """)
        let text = DocumentRenderer.markdown(doc.blocks)
        #expect(text.components(separatedBy: "Diagram of a tree").count == 2, "\(text)")
        #expect(!text.contains("Dark mode only"))
        #expect(text.contains("Large screens text."))
        #expect(!text.contains("Logo in dark") && text.contains("Logo in light"))
        #expect(Boilerplate.isDarkVariantName("dark-image") && Boilerplate.isDarkVariantName("logoDarkOnly"))
        #expect(!Boilerplate.isDarkVariantName("theme-dark") && !Boilerplate.isDarkVariantName("dark-light-image"))
    }

    @Test("icons beside names are not content: alt ending in icon or logo, icon files, icon classes")
    func icons() {
        let doc = parseBody("""
            <p>Sign in with any of these providers, each configured in the dashboard.</p>
            <p><a href="/apple"><img class="w-5" src="/img/icons/apple-icon.svg" alt="Apple Icon"> Apple</a>,
            <a href="/github"><img src="/img/gh.svg" alt="GitHub logo"> GitHub</a>, <img class="icon" src="x.svg" alt="Warning"> and
            <img src="diagram.png" alt="A diagram of the sign-in flow"></p>
            """)
        let text = DocumentRenderer.markdown(doc.blocks)
        #expect(!text.contains("Apple Icon") && !text.contains("GitHub logo") && !text.contains("Warning"))
        #expect(text.contains("Apple") && text.contains("A diagram of the sign-in flow"))
    }

    @Test("a link drawn as a card is one link: a Previous / Next card is a pager and goes")
    func cardLinks() {
        let doc = parseBody("""
            <h1>Thinking in React</h1><p>Start with the mockup and break the UI into a component hierarchy.</p>
            <div class="flex"><a href="/learn/tutorial"><div class="flex-col"><span>Previous</span><span>Tutorial: Tic-Tac-Toe</span></div></a>
            <a href="/learn/installation"><div class="flex-col"><span>Next</span><span>Installation</span></div></a></div>
            <a href="/reference/useRef"><div class="flex-col"><span class="label">Previous</span><span class="title">useRef</span></div></a>
            <a href="/learn/state"><div class="card"><span>Managing state</span></div></a>
            """)
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(!text.contains("Tic-Tac-Toe") && !text.contains("Installation") && !text.contains("useRef"), "\(text)")
        #expect(doc.blocks.contains(.paragraph([.link(text: "Managing state", url: "https://docs.example.com/learn/state")])))
    }

    @Test("HTML5 named references that libxml2 does not know are decoded; escaped ones stay as written")
    func html5Entities() {
        let doc = parseBody("<p>Compose&colon; Build compelling user interfaces &lpar;fast&rpar; &check;</p><pre>a &amp;colon; b &lt;</pre>")
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(text.contains("Compose: Build compelling user interfaces (fast) ✓"))
        #expect(text.contains("a &colon; b <"))
        #expect(HTMLTree.withHTML5Entities(Array("no references &amp; here &unknown;".utf8)) == nil)
    }

    @Test("alt texts that are only a file name are dropped")
    func fileNameAlts() {
        #expect(BlockBuilder.isFileName("supervised_learning") && BlockBuilder.isFileName("../_images/dashboard.png") && BlockBuilder.isFileName("Chart.PNG"))
        #expect(!BlockBuilder.isFileName("A chart of the results") && !BlockBuilder.isFileName("Architecture") && !BlockBuilder.isFileName("TCP/IP"))
        #expect(BlockBuilder.isFileName("/static/img/flow.svg") && BlockBuilder.isFileName("https://cdn.example.com/a/b"))
        let doc = parseBody("<p>The dashboard shows every worker. <img src=\"../_images/dashboard.png\" alt=\"../_images/dashboard.png\"></p>")
        #expect(DocumentRenderer.plainText(doc.blocks) == "The dashboard shows every worker.\n")
    }

    @Test("feedback prompts are dropped however they are worded")
    func feedbackQuestions() {
        let doc = parseBody("""
            <p>Paragraph one of the guide, with enough words in it to count as real prose.</p>
            <p>Is this page helpful?</p><p>Was this content useful?</p><p>How is this helpful?</p><p>Is the API helpful? It depends on what you need it for.</p>
            """)
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(text == "Paragraph one of the guide, with enough words in it to count as real prose.\nIs the API helpful? It depends on what you need it for.\n", "\(text)")
    }

    @Test("a DocBook chapter's table of contents is its content, as a nested list")
    func docBookTableOfContents() {
        let html = """
            <html><head><title>Chapter 11. Indexes</title></head><body><div id="docContent"><div class="chapter" id="INDEXES">
            <div class="titlepage"><h2 class="title">Chapter 11. Indexes</h2></div>
            <div class="toc"><p><strong>Table of Contents</strong></p><dl class="toc">
            <dt><span class="sect1"><a href="indexes-intro.html">11.1. Introduction</a></span></dt>
            <dt><span class="sect1"><a href="indexes-types.html">11.2. Index Types</a></span></dt>
            <dd><dl><dt><span class="sect2"><a href="indexes-types.html#BTREE">11.2.1. B-Tree</a></span></dt></dl></dd>
            </dl></div>
            <p>Indexes are a common way to enhance database performance, but they add overhead too.</p></div></div>
            <div class="sidebar"><div class="toc"><ul><li><a href="/">Home</a></li></ul></div></div></body></html>
            """
        let text = Self.text(html)
        #expect(text.contains("- 11.1. Introduction\n- 11.2. Index Types\n"), "\(text)")
        #expect(text.contains("11.2.1. B-Tree"))
        #expect(text.contains("Indexes are a common way"))
        #expect(!text.contains("Home"))
    }

    @Test("a DocBook FAQ: each question is a heading anchored at its entry, its quoted output code, the lists of questions gone")
    func docBookQuestionsAndAnswers() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/parse/docbook/page.html")
        let document = DocumentParser().parse(html: try [UInt8](Data(contentsOf: url)), url: "https://docs.example.com/faq.html")
        let headings = document.blocks.compactMap { block -> String? in
            if case .heading(let level, let text, let anchor) = block { return "\(level) \(text) #\(anchor ?? "")" } else { return nil }
        }
        #expect(headings == ["3 1. Building #faq.building",
                             "4 When building, 'make' dies with an assertion failure, something like this: #faq.make_dies",
                             "4 Why does linking fail? #faq.static"], "\(headings)")
        let text = DocumentRenderer.plainText(document.blocks)
        // Each question once (as its heading), not again from the set's and the division's lists of questions.
        #expect(text.components(separatedBy: "Why does linking fail?").count == 2, "\(text)")
        #expect(codeBlocks(document.blocks).map(\.1) == ["% make: expand.c:489: Assertion 'current_variable_set_list->next != 0' failed."])
        #expect(text.contains("You need to install the static C library."))
        // A table that only shares the class names (a quiz) is a table: nothing of it is dropped.
        let quiz = parseBody("""
            <p>Answer each question of the quiz below before the lesson starts.</p>
            <table><tr class="question"><td>1.</td><td>What does the borrow checker check?</td></tr>
            <tr class="toc"><td colspan="2">Hint: think of lifetimes.</td></tr>
            <tr class="answer"><td>A:</td><td>References outlive nothing they point to.</td></tr></table>
            """)
        let quizText = DocumentRenderer.plainText(quiz.blocks)
        #expect(quizText.contains("Hint: think of lifetimes."), "\(quizText)")
        #expect(!quiz.blocks.contains { if case .heading = $0 { return true } else { return false } })
    }

    @Test("words stay apart where the page sets them apart: styled spans side by side, spaces at the edges of emphasis", arguments: [
        // Stripe: name and type are flex items; plain or unstyled spans, and code, still join.
        (#"<h4><span class="name"><span>refunded</span></span><span class="type">boolean</span></h4><p>Whether the charge has been refunded.</p>"#
            + #"<p>A <span>split</span><span>word</span> and <span class="hl">re</span>-<span class="hl">use</span>, <code><span class="k">let</span><span class="n">x</span></code>.</p>"#,
         ["refunded boolean", "A splitword and re-use, letx."]),
        // Sphinx signatures: `<em class="property">class<span> </span></em>Name`.
        (#"<dl class="py class"><dt class="sig sig-object py" id="x.M"><em class="property"><span class="k"><span class="pre">class</span></span><span class="w"> </span></em>"#
            + #"<span class="sig-name descname"><span class="pre">UpdateCacheMiddleware</span></span></dt><dd><p>Enables the cache, with <b>care </b>and<strong> speed</strong>.</p></dd></dl>"#,
         ["class UpdateCacheMiddleware", "with care and speed."]),
        // gtk-doc: a heading's kind inside its anchor, "<a name=…>Enum </a>Name"; the same inside a link.
        (##"<h3><a name="xsltSecurityOption">Enum </a>xsltSecurityOption</h3><p>See <a href="#y">the </a>options and<a href="#z"> more</a>.</p>"##,
         ["Enum xsltSecurityOption", "See the options and more."]),
        // A template's line breaks inside a link before or after punctuation are no space.
        ("<p>Close it first (see\n  <a href=\"/close\">\n    the close guide\n  </a>) or use\n  <a href=\"/s\">\n    shutdown\n  </a>: it is safe. Read <a href=\"/d\">the docs </a>, then go.</p>",
         ["(see the close guide) or use shutdown: it is safe. Read the docs, then go."]),
        // rustdoc: a `where` clause laid out as a block inside the signature heading.
        (#"<h4 class="code-header">fn min(self, other: Self) -&gt; Self<div class="where">where Self: Sized,</div></h4><p>Compares two values.</p>"#,
         ["-> Self where Self: Sized"]),
    ])
    func wordSpacing(html: String, expected: [String]) {
        let text = DocumentRenderer.plainText(parseBody(html).blocks)
        for phrase in expected { #expect(text.contains(phrase), "\(text)") }
    }

    @Test("highlighters' line spans end lines: any class ending in -line, not line-number")
    func codeLineClasses() {
        let doc = parseBody("""
            <div class="gatsby-highlight"><pre class="gatsby-code-jsx"><code><span class="gatsby-highlight-code-line">  // Declare a new state variable</span><span class="gatsby-highlight-code-line">  const [count, setCount] = useState(0);</span>
            }</code></pre></div>
            """)
        #expect(codeBlocks(doc.blocks).first?.1 == "  // Declare a new state variable\n  const [count, setCount] = useState(0);\n}")
    }

    @Test("language pickers are furniture")
    func languagePickers() {
        let doc = parseBody("""
            <div class="language-selection">English<ul><li><a href="/zh/">Chinese (Simplified)</a></li><li><a href="/it/">Italian</a></li></ul></div>
            <h1>Submitting patches</h1><p>For a person who wishes to submit a change, the process can be daunting.</p>
            """)
        #expect(DocumentRenderer.plainText(doc.blocks) == "Submitting patches\nFor a person who wishes to submit a change, the process can be daunting.\n")
    }

    @Test("a feedback question followed by an edit link is one furniture line")
    func feedbackWithEditLink() {
        #expect(DocumentParser.isFurnitureText("Is this page useful?Edit this page", inlines: [.text("Is this page useful?"), .link(text: "Edit this page", url: "https://x")]))
        #expect(DocumentParser.isFurnitureText("Was this helpful?", inlines: [.text("Was this helpful?")]))
        #expect(!DocumentParser.isFurnitureText("Is this useful? Only when the cache is warm.", inlines: [.text("Is this useful? Only when the cache is warm.")]))
    }

    @Test("older rustdoc's out-of-band source link and collapse toggle are furniture")
    func rustdocOutOfBand() {
        let doc = parseBody("""
            <div class="main-heading"><h1 class="fqn"><span class="in-band">Module <a class="mod" href="#">syn</a>::<a class="mod" href="#">parse</a></span></h1>
            <span class="out-of-band"><a class="srclink" href="../../src/syn/parse.rs.html#1-1314">source</a> · <a id="toggle-all-docs" href="javascript:void(0)" title="collapse all docs">[<span class="inner">&#x2212;</span>]</a></span></div>
            <div class="docblock"><p>Parsing interface for parsing a token stream into a syntax tree node.</p></div>
            """)
        #expect(DocumentRenderer.plainText(doc.blocks) == "Module syn::parse\nParsing interface for parsing a token stream into a syntax tree node.\n")
    }

    @Test("Javadoc's 'Description copied from interface' label is furniture; the description stays")
    func javadocCopiedDescription() {
        let doc = parseBody("""
            <section class="detail" id="writeLock()"><h3>writeLock</h3>
            <div class="block"><span class="description-from-type-label">Description copied from interface:&nbsp;<code><a href="https://docs.oracle.com/x.html#writeLock()">java.util.concurrent.locks.ReadWriteLock</a></code></span></div>
            <div class="block">Returns the lock used for writing.</div></section>
            """)
        #expect(DocumentRenderer.plainText(doc.blocks) == "writeLock\nReturns the lock used for writing.\n")
    }

    @Test("images are their alt text in Markdown and absent from plain text, as from a browser's visible text")
    func imagesInPlainText() {
        let doc = parseBody("""
            <p>The flow is shown below. <img src="flow.png" alt="Flowchart of the promise states"></p>
            <p><img src="arch.png" alt="Architecture overview"></p><p><a href="https://ci.example.com"><img src="badge.svg" alt="Build status"></a></p>
            """)
        #expect(DocumentRenderer.plainText(doc.blocks) == "The flow is shown below.\n")
        let markdown = DocumentRenderer.markdown(doc.blocks)
        #expect(markdown.contains("The flow is shown below. Flowchart of the promise states"), "\(markdown)")
        #expect(markdown.contains("Architecture overview") && markdown.contains("Build status"), "\(markdown)")
    }

    @Test("a short link among buttons is a toolbar button: a code sandbox's Fork")
    func toolbarLinks() {
        let doc = parseBody("""
            <p>Edit the counter below and watch it update as you type.</p>
            <div class="toolbar"><button title="Reload">Reset</button><a href="https://codesandbox.io/x" title="Open in CodeSandbox"><span>Fork</span></a></div>
            <p>Read <a href="/learn/state">the state guide</a> next.</p>
            """)
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(!text.contains("Fork"))
        #expect(text.contains("Read the state guide next."))
    }

    @Test("pager labels: Previous / Next, alone, with a title, or glued to one; not words that start like them")
    func pagerLabels() {
        for pager in ["Previous", "Next", "Next: Routing", "NextInstallation", "Previous useRef", "Prev »", "next page"] {
            #expect(DocumentParser.isPagerLabel(pager), "\(pager)")
        }
        for name in ["Next.js", "Nextflow", "Nextra", "Previously", "next_page", "Next-gen"] {
            #expect(!DocumentParser.isPagerLabel(name), "\(name)")
        }
        let doc = parseBody("<h2>Frameworks</h2><p>Pick the guide for your framework.</p><p><a href=\"/next\">Next.js</a></p><p><a href=\"/nuxt\">Next: Nuxt</a></p>")
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(text.contains("Next.js") && !text.contains("Nuxt"), "\(text)")
        // Texinfo's header sets its labels between the links; a sentence that links its next step is no pager.
        let texinfo = parseBody(##"<div class="header"><p>Next: <a href="b.html" rel="next">Closure Example</a>, Previous: <a href="a.html" rel="prev">Multiple ABIs</a>, Up: <a href="u.html" rel="up">Using libffi</a> &nbsp; [<a href="i.html" rel="index">Index</a>]</p></div><h3>2.5 The Closure API</h3><p>Closures are not supported on all platforms.</p><p>Next, read <a href="b.html">the closure example</a>.</p>"##)
        let texinfoText = DocumentRenderer.plainText(texinfo.blocks)
        #expect(!texinfoText.contains("Multiple ABIs") && texinfoText.contains("Closures are not supported"), "\(texinfoText)")
        #expect(texinfoText.contains("Next, read the closure example."), "\(texinfoText)")
        // A step that is one link after "Next," is a sentence, not a pager.
        let step = parseBody(##"<h2>Setup</h2><p>Install the server.</p><p>Next, <a href="/cfg">you must configure the server before starting it</a>.</p>"##)
        #expect(DocumentRenderer.plainText(step.blocks).contains("you must configure the server"), "\(DocumentRenderer.plainText(step.blocks))")
        // DokuWiki's page stamp after the page's name.
        let wiki = parseBody(##"<h1>Searching</h1><p>Quick Search matches titles and creators.</p><div class="docInfo"><bdi>searching.txt</bdi> · Last modified: 2024/01/20 04:32 by dstillman</div><p>The column Last modified: shows the date an item changed.</p><p>The file list shows Last modified: 1970-01-01 when the clock is unset.</p>"##)
        let wikiText = DocumentRenderer.plainText(wiki.blocks)
        #expect(!wikiText.contains("dstillman") && wikiText.contains("shows the date an item changed"), "\(wikiText)")
        #expect(wikiText.contains("when the clock is unset"), "\(wikiText)")
    }

    @Test("wiki and blog boxes named `…box-<kind>` are admonitions; other boxes are not")
    func boxAdmonitions() {
        let doc = parseBody("""
            <p>Edit the sudoers file only with visudo, as explained below.</p>
            <div class="archwiki-template-box archwiki-template-box-warning"><strong>Warning</strong> The files in <code>/etc/sudoers.d/</code> are fragile.</div>
            <div class="note-box"><p>Changes apply at the next login.</p></div>
            <div class="content-box"><p>An ordinary box of content.</p></div>
            """)
        let kinds = doc.blocks.compactMap { block -> AdmonitionKind? in if case .admonition(let kind, _, _) = block { return kind } else { return nil } }
        #expect(kinds == [.warning, .note])
        // The box's own label in bold, without a colon, is the box's: its text does not open with it.
        if case .admonition(_, _, let inner)? = doc.blocks.first(where: { if case .admonition = $0 { return true } else { return false } }) {
            let text = DocumentRenderer.plainText(inner)
            #expect(text.hasPrefix("The files in"), "\(text)")
        }
        #expect(DocumentRenderer.plainText(doc.blocks).contains("An ordinary box of content."))
    }
}
