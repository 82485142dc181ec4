import Foundation

/// Per-node facts computed once per page and shared by the main-content locator and the block builder.
///
/// Every array is indexed like `HTMLTree.nodes`. The arena stores nodes in document (pre-)order, so a
/// parent's index is always smaller than its children's: one backwards pass sums subtree figures.
struct PageAnalysis {
    let tree: HTMLTree
    /// Furniture judgement from the node alone (tag, role, hidden state, class and id words).
    var verdict: [Boilerplate.Verdict]
    /// Visible non-whitespace characters below the node, hard-furniture subtrees excluded.
    var text: [Int32]
    /// The part of `text` inside links.
    var linkText: [Int32]
    /// Characters in paragraph-like blocks (`p`, `pre`, `li`, `td`, `dd`, …) weighted by how little
    /// of them is link text: the readability score of a subtree.
    var prose: [Double]
    /// `h1` elements below the node.
    var h1: [Int32]

    init(tree: HTMLTree) {
        self.tree = tree
        let n = tree.nodes.count
        verdict = Array(repeating: .content, count: n)
        text = Array(repeating: 0, count: n)
        linkText = Array(repeating: 0, count: n)
        prose = Array(repeating: 0, count: n)
        h1 = Array(repeating: 0, count: n)
        var cache = Boilerplate.VerdictCache()
        for i in 0..<n where !tree.nodes[i].isText {
            verdict[i] = Boilerplate.classify(tree.nodes[i], cache: &cache)
            if verdict[i] != .content, Boilerplate.isSidebarDirective(tree, i) { verdict[i] = .content }
            if verdict[i] == .likelyFurniture, Self.isDocBookTableOfContents(i, in: tree) { verdict[i] = .content }
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            let node = tree.nodes[i]
            if let t = node.text {
                var count: Int32 = 0
                for b in t.utf8 where b > 32 { count += 1 }
                text[i] = count
            } else {
                if node.tag == "a" { linkText[i] = text[i] }
                if node.tag == "h1" { h1[i] += 1 }
                if Self.proseTags.contains(node.tag) {
                    let t = Double(text[i])
                    // A paragraph's own weight replaces what its descendants (nested lists) added.
                    if t >= 20 || node.tag.first == "h" { prose[i] = max(prose[i], t * (1 - Double(linkText[i]) / max(t, 1))) }
                }
            }
            let p = Int(node.parent)
            guard p >= 0, verdict[i] != .furniture else { continue }
            text[p] += text[i]
            linkText[p] += linkText[i]
            h1[p] += h1[i]
            prose[p] += prose[i]
        }
    }

    /// DocBook divisions whose page is mostly their table of contents (PostgreSQL's "Chapter 11. Indexes").
    static let docBookDivisions: Set<String> = ["book", "part", "chapter", "reference", "appendix", "preface", "article", "set"]

    /// A DocBook chapter's (or part's, book's…) own table of contents, `div.chapter > div.toc`: on a
    /// chapter page it is the content, the list of the sections the chapter is made of.
    static func isDocBookTableOfContents(_ i: Int, in tree: HTMLTree) -> Bool {
        let node = tree.nodes[i]
        guard node.tag == "div" || node.tag == "dl", node.hasClass("toc") else { return false }
        // `div.chapter > div.toc > dl.toc`
        var p = Int(node.parent)
        for _ in 0..<2 where p >= 0 {
            let parent = tree.nodes[p]
            if parent.tag == "div", parent.classes.contains(where: { docBookDivisions.contains(String($0)) }) { return true }
            guard parent.tag == "div", parent.hasClass("toc") else { return false }
            p = Int(parent.parent)
        }
        return false
    }

    static let headingTags: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    static let proseTags: Set<String> = ["p", "pre", "li", "td", "dd", "dt", "blockquote", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"]

    func isFurniture(_ i: Int) -> Bool { verdict[i] != .content }

    func linkDensity(_ i: Int) -> Double {
        text[i] == 0 ? 1 : Double(linkText[i]) / Double(text[i])
    }
}

/// Finds the element that holds a page's main content.
///
/// Known documentation generators are recognised by their markup first (container classes and ids);
/// then generic landmarks (`main`, `role=main`, `article`, content ids); everything else falls back to
/// a readability-style score: the deepest element holding most of the page's prose.
struct MainContentLocator {
    let tree: HTMLTree
    let analysis: PageAnalysis

    init(tree: HTMLTree, analysis: PageAnalysis? = nil) {
        self.tree = tree
        self.analysis = analysis ?? PageAnalysis(tree: tree)
    }

    typealias Predicate = @Sendable (HTMLTree.Node) -> Bool

    /// Generator containers, most specific first: (generator, predicate).
    static let knownContainers: [(String, Predicate)] = [
        ("rustdoc", { $0.tag == "section" && $0.attribute("id") == "main-content" }),
        ("mkdocs", { $0.tag == "article" && $0.hasClass("md-content__inner") }),
        ("docusaurus", { $0.hasClass("theme-doc-markdown") }),
        ("vitepress", { $0.hasClass("vp-doc") }),
        ("starlight", { $0.hasClass("sl-markdown-content") }),
        ("sphinx", { $0.attribute("itemprop") == "articleBody" }),
        ("sphinx", { $0.tag == "article" && $0.hasClass("bd-article") }),
        ("sphinx", { $0.tag == "article" && $0.attribute("id") == "furo-main-content" }),
        ("sphinx", { $0.tag == "div" && $0.hasClass("body") && $0.attribute("role") == "main" }),
        ("sphinx", { $0.tag == "div" && $0.hasClass("body") }),
        ("mediawiki", { $0.attribute("id") == "mw-content-text" }),
        ("dokuwiki", { $0.tag == "div" && $0.hasClass("page") && $0.hasClass("group") }),
        ("doxygen", { $0.tag == "div" && $0.hasClass("contents") }),
        ("javadoc", { $0.tag == "div" && $0.hasClass("contentContainer") }),
        ("javadoc", { $0.tag == "main" && $0.hasClass("flex-content") }),
        ("gitbook", { $0.hasClass("markdown-section") }),
        ("hugo", { $0.hasClass("td-content") }),
        ("mdn", { $0.tag == "article" && $0.hasClass("main-page-content") }),
        ("mslearn", { $0.attribute("data-main-column") != nil }),
        ("github", { $0.hasClass("markdown-body") }),
        ("nextra", { $0.attribute("data-pagefind-body") != nil }),
    ]

    /// Landmarks and conventional names, tried after the generator containers.
    static let genericContainers: [Predicate] = [
        { $0.tag == "main" },
        { $0.attribute("role") == "main" },
        { $0.tag == "article" },
        { ["content", "main-content", "maincontent", "main", "docs-content", "doc-content", "page-content", "primary", "article",
           "content-area", "contentarea", "bodycontent", "body-content", "doccontent", "docs-body"].contains(($0.attribute("id") ?? "").lowercased()) },
        { $0.classes.contains(where: { ["content", "main-content", "document", "page-content", "post-content", "article-content", "markdown",
                                        "prose", "doc-content", "docs-content", "entry-content", "article-body", "documentation"].contains($0.lowercased()) }) },
    ]

    /// The index of the main-content element, and the generator it suggests.
    func locate() -> (node: Int, generator: String?) {
        guard let body = tree.first(where: { $0.tag == "body" }) ?? (tree.root >= 0 ? tree.root : nil) else { return (max(tree.root, 0), nil) }
        let bodyProse = analysis.prose[body]
        let fallback = proseBest(under: body)
        func acceptable(_ i: Int, share: Double) -> Bool {
            guard analysis.text[i] >= 100 || bodyProse < 200 else { return false }
            guard analysis.prose[i] >= bodyProse * share else { return false }
            return analysis.linkDensity(i) < 0.6
        }
        // Every container predicate needs an attribute, except the `main` and `article` landmarks.
        let elements = tree.nodes.indices.filter { i in
            let node = tree.nodes[i]
            return !node.isText && (!node.attributes.isEmpty || node.tag == "main" || node.tag == "article")
        }
        for (name, predicate) in Self.knownContainers {
            let candidates = elements.filter({ predicate(tree.nodes[$0]) }).filter { !insideHardFurniture($0) }
            // A generator's own container is trusted even on link-heavy pages (an index, a wiki hub).
            if let best = candidates.max(by: { analysis.text[$0] < analysis.text[$1] }), analysis.text[best] >= 100 || bodyProse < 200,
               analysis.prose[best] >= bodyProse * 0.3 || Double(analysis.text[best]) >= Double(analysis.text[body]) * 0.3 {
                return (best, name)
            }
        }
        for predicate in Self.genericContainers {
            let candidates = elements.filter({ predicate(tree.nodes[$0]) }).filter { !insideHardFurniture($0) && analysis.verdict[$0] != .furniture }
            if let best = candidates.max(by: { analysis.prose[$0] < analysis.prose[$1] }), acceptable(best, share: 0.5) {
                // A landmark that misses most of the prose found by the fallback is the wrong landmark.
                if let f = fallback, !isAncestor(best, of: f), !isAncestor(f, of: best), analysis.prose[f] > analysis.prose[best] * 1.5 { continue }
                return (best, nil)
            }
        }
        return (fallback ?? body, nil)
    }

    /// The element with the most prose for the least other text: prose minus the text outside prose
    /// blocks (menus, link lists, buttons, footers). Nested candidates compete on equal terms, so the
    /// winner is the smallest element that still holds the content.
    static let leafBlocks: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "figcaption", "th", "a", "span", "code"]

    private func proseBest(under body: Int) -> Int? {
        guard analysis.prose[body] > 0 else { return nil }
        var best = body
        var bestScore = -Double.infinity
        var stack = [body]
        while let n = stack.popLast() {
            let prose = analysis.prose[n]
            if prose <= 0 { continue }
            let junk = max(0, Double(analysis.text[n]) - prose)
            let score = prose - junk
            if score > bestScore && !Self.leafBlocks.contains(tree.nodes[n].tag) { best = n; bestScore = score }
            for c in tree.children(n) where !tree.nodes[c].isText && analysis.verdict[c] != .furniture { stack.append(c) }
        }
        return best
    }

    private func isAncestor(_ a: Int, of b: Int) -> Bool {
        var p = Int(tree.nodes[b].parent)
        while p >= 0 { if p == a { return true }; p = Int(tree.nodes[p].parent) }
        return false
    }

    /// True when an ancestor is furniture by tag, role or hidden state (not merely by name).
    private func insideHardFurniture(_ i: Int) -> Bool {
        var p = Int(tree.nodes[i].parent)
        while p >= 0 {
            if analysis.verdict[p] == .furniture { return true }
            p = Int(tree.nodes[p].parent)
        }
        return false
    }
}

extension HTMLTree.Node {
    /// Whether the `class` attribute lists `name` as one of its whitespace-separated names.
    func hasClass(_ name: String) -> Bool {
        guard var c = attribute("class") else { return false }
        var name = name
        return c.withUTF8 { h in
            name.withUTF8 { nb in
                let n = nb.count, count = h.count
                guard n > 0, n <= count else { return false }
                func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
                var i = 0
                while i <= count - n {
                    if (i == 0 || isSpace(h[i - 1])) && (i + n == count || isSpace(h[i + n])) {
                        var j = 0
                        while j < n && h[i + j] == nb[j] { j += 1 }
                        if j == n { return true }
                    }
                    // Skip to the next name.
                    while i < count && !isSpace(h[i]) { i += 1 }
                    while i < count && isSpace(h[i]) { i += 1 }
                }
                return false
            }
        }
    }
}

/// Recognises page furniture that is never main content.
enum Boilerplate {
    /// `likelyFurniture` is judged from names or hidden state alone and is overruled when the element
    /// turns out to hold most of the page's prose (a layout wrapper called `sidebar-layout`, a body
    /// hidden until scripts run).
    enum Verdict: Equatable { case content, furniture, likelyFurniture }

    static let tags: Set<String> = ["nav", "footer", "button", "select", "input", "textarea", "label", "dialog", "head", "menu", "option"]
    static let roles: Set<String> = ["navigation", "banner", "contentinfo", "search", "complementary", "toolbar", "dialog", "menu", "menubar", "tablist", "alertdialog"]

    /// Substrings of a class or id that always mean furniture.
    static let fragments: [String] = [
        "headerlink", "anchorjs", "hash-link", "anchor-link", "anchorlink", "heading-anchor", "header-anchor", "edit-this-page", "editthispage",
        "edit-page", "edit-link", "editlink", "breadcrumb", "sidebar", "sidenav", "side-nav", "navbar", "nav-bar", "navigation", "tableofcontents",
        "table-of-contents", "pagination", "prev-next", "prevnext", "next-prev", "feedback", "cookie", "consent", "skip-link", "skip-to",
        "skiplink", "skipnav", "visually-hidden", "visuallyhidden", "sr-only", "screen-reader", "screenreader", "copy-button", "copybutton",
        "copy-code", "clipboard", "version-switcher", "versionswitcher", "version-picker", "version-select", "rst-versions", "md-source-file",
        "theme-doc-footer", "rst-footer", "newsletter", "advert", "announcement", "was-this-helpful", "washelpful", "lastupdated", "last-updated",
        "page-meta", "pagemeta", "toc-", "-toc", "_toc", "toc_", "mw-editsection", "mw-jump", "printfooter", "catlinks", "mw-indicators",
        "searchbox", "search-box", "searchbar", "search-bar", "docsearch", "cta-", "promo", "subscribe", "signup", "sign-up", "banner",
        "site-header", "site-footer", "page-footer", "header-nav", "top-bar", "topbar", "on-this-page", "onthispage", "in-this-article",
        "article-footer", "doc-footer", "docs-footer", "footer", "navheader", "navfooter", "mobile-nav", "related-", "tags-list", "social", "share-", "sharing",
        "language-select", "language-switch", "language-picker", "lang-select", "lang-switch", "locale-select", "locale-switch",
    ]
    static let inlineTags: Set<String> = ["a", "span", "code", "em", "i", "strong", "b", "small", "sup", "sub", "abbr", "kbd", "var", "samp", "img"]
    static let inlineFragments: [String] = [
        "headerlink", "anchorjs", "hash-link", "anchor-link", "anchorlink", "heading-anchor", "header-anchor", "permalink", "sr-only",
        "visually-hidden", "visuallyhidden", "screen-reader", "copy-button", "copybutton", "clipboard", "hideme", "edit-link", "editlink",
        "mw-editsection", "rightside", "skip-link", "skiplink",
    ]
    static let fragmentBytes: [[UInt8]] = fragments.map { Array($0.utf8) }
    /// Whole class names of inline furniture (rustdoc's `§` anchors, "Source" links, version stamps and
    /// older rustdoc's `span.out-of-band` with "source · [−]").
    static let inlineNames: Set<String> = ["anchor", "src", "since", "sub-heading", "headerlink", "hash-link", "doc-anchor", "out-of-band", "srclink", "emoji"]
    /// Whole words of a class or id (split on `-`, `_` and case changes) that mean furniture.
    static let words: Set<String> = [
        "nav", "toc", "menu", "search", "share", "related", "versions", "rating", "helpful", "contributors", "breadcrumbs", "pager",
        "skip", "feedback", "ads", "ad", "sponsor", "sponsors", "carbonads", "toolbar", "modal", "masthead",
        "comments", "disqus", "noprint", "nocontent", "anchor", "hideme", "rightside", "permalink", "headerlink", "popup",
    ]
    /// Words that cancel a furniture word in the same name (`nav-content` is not navigation).
    static let contentWords: Set<String> = ["content", "body", "article", "main", "markdown", "prose"]

    static func isBoilerplate(_ node: HTMLTree.Node) -> Bool { classify(node) != .content }

    static func classify(_ node: HTMLTree.Node, judgeID: Bool = true) -> Verdict {
        var cache = VerdictCache()
        return classify(node, cache: &cache, judgeID: judgeID)
    }

    /// Verdicts of nodes judged by tag and class alone, memoised per page: highlighted code repeats
    /// the same few class names thousands of times.
    struct VerdictCache {
        struct Key: Hashable { var tag: String; var cls: String? }
        var byKey: [Key: Verdict] = [:]
        /// Verdicts of single class names (they repeat across elements with different ids).
        var byName: [Substring: Bool] = [:]

        mutating func isFurnitureName(_ name: Substring) -> Bool {
            if let v = byName[name] { return v }
            let v = Boilerplate.isFurnitureName(name)
            if byName.count < 8192 { byName[name] = v }
            return v
        }
    }

    /// `judgeID: false` leaves the id (and `aria-labelledby`) out of the judgement: the verdict the
    /// element's tag, role and classes alone give.
    static func classify(_ node: HTMLTree.Node, cache: inout VerdictCache, judgeID: Bool = true) -> Verdict {
        if node.isText { return .content }
        // Tag and class decide most nodes: memoise those; ids are nearly unique, so they are judged
        // apart, and only where the uncached path would have looked at them.
        var cls: String? = nil
        var id: String? = nil
        var labelledBy: String? = nil
        var uncached = false
        for a in node.attributes {
            switch a.name {
            case "class": cls = a.value
            case "id": id = a.value
            case "aria-labelledby": labelledBy = a.value
            case "role", "hidden", "aria-hidden", "style", "title", "aria-label": uncached = true
            default: break
            }
        }
        var v: Verdict
        if uncached {
            v = classifyUncached(node, cache: &cache, id: judgeID ? id : nil)
        } else {
            let key = VerdictCache.Key(tag: node.tag, cls: cls)
            if let cached = cache.byKey[key] { v = cached } else {
                v = classifyUncached(node, cache: &cache, id: nil)
                if cache.byKey.count < 4096 { cache.byKey[key] = v }
            }
            if judgeID, v == .content, let id, !id.isEmpty, !inlineTags.contains(node.tag), !PageAnalysis.headingTags.contains(node.tag),
               cache.isFurnitureName(Substring(id)) {
                v = .likelyFurniture
            }
        }
        // `aria-labelledby` names the element by the id of its label ("feedback-title").
        if judgeID, v == .content, let labelledBy, !inlineTags.contains(node.tag),
           labelledBy.split(separator: " ").contains(where: { cache.isFurnitureName($0) }) {
            v = .likelyFurniture
        }
        return v
    }

    private static func classifyUncached(_ node: HTMLTree.Node, cache: inout VerdictCache, id: String?) -> Verdict {
        if tags.contains(node.tag) { return .furniture }
        if node.tag == "aside" && !isAdmonitionLike(node) { return .furniture }
        if node.tag == "form" { return .likelyFurniture }
        let role = node.attribute("role")?.lowercased()
        // Hidden tab panels hold the other languages of a tabbed example: content.
        let tabPanel = role == "tabpanel" || (node.attribute("class").map { c in c.has("tab-pane") || c.has("tabpanel") || c.has("tabbed-block") || c.has("tab-content") || c.has("tabitem") } ?? false)
        if !tabPanel {
            // Hidden state is a strong hint, not proof: pages hide their whole body until scripts run.
            if node.attribute("hidden") != nil || node.attribute("aria-hidden") == "true" { return .likelyFurniture }
            if let style = node.attribute("style"), isHiddenStyle(style) { return .likelyFurniture }
            if let cls = node.attribute("class"), isHiddenClass(cls) { return .likelyFurniture }
        }
        if let role, roles.contains(role) { return .furniture }
        if node.tag.utf8.count == 2, node.tag.first == "h", let level = node.tag.last, level >= "1" && level <= "6" { return .content }
        if node.tag == "a", let label = node.attribute("title") ?? node.attribute("aria-label") {
            let l = label.lowercased()
            if l.hasPrefix("edit this page") || l.hasPrefix("edit page") || l.hasPrefix("view source") || l.hasPrefix("view page source") { return .likelyFurniture }
        }
        if inlineTags.contains(node.tag) {
            // Inline elements are furniture only for the few names that mark heading anchors,
            // screen-reader text and copy buttons; tooltips and glossary links are content.
            guard let raw = node.attribute("class") else { return .content }
            let c = String(decoding: ASCII.lowered(raw), as: UTF8.self)
            if inlineFragments.contains(where: { c.has($0) }) { return .likelyFurniture }
            return c.split(separator: " ").contains(where: { inlineNames.contains(String($0)) }) ? .likelyFurniture : .content
        }
        if let c = node.attribute("class") {
            for raw in c.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) where cache.isFurnitureName(raw) { return .likelyFurniture }
        }
        if let id, !id.isEmpty, cache.isFurnitureName(Substring(id)) { return .likelyFurniture }
        return .content
    }

    /// Whether one class name or id names furniture: a furniture fragment anywhere in it, or a
    /// furniture word not cancelled by a content word. Admonition names never are.
    static func isFurnitureName(_ raw: Substring) -> Bool {
        if raw.utf8.count > 60 { return false }
        let raw = withoutHashSuffix(raw)
        let bytes = ASCII.lowered(raw)
        let name = String(decoding: bytes, as: UTF8.self)
        if isAdmonitionName(name) { return false }
        for f in fragmentBytes where ASCII.contains(bytes, f) { return true }
        let parts = splitWords(raw)
        if parts.contains(where: { contentWords.contains($0) }) { return false }
        return parts.contains(where: { words.contains($0) })
    }

    /// A class name without the hash that CSS modules append (`mdx-table_root__adKqa`,
    /// `base-layout_root___qiZs`, `sidebar_re4s`): 4–8 letters and digits after the last run of
    /// underscores, with a capital or a digit in them. Split into words, a hash is noise that can
    /// spell a furniture word (`adKqa` → "ad", "kqa"). BEM elements (`md-nav__link`) are lower case
    /// and stay.
    static func withoutHashSuffix(_ name: Substring) -> Substring {
        let u = name.utf8
        guard let last = u.lastIndex(of: 0x5F) else { return name }
        let suffix = u[u.index(after: last)...]
        guard suffix.count >= 4, suffix.count <= 8 else { return name }
        var marked = false
        for b in suffix {
            let upper = b >= 65 && b <= 90, lower = b >= 97 && b <= 122, digit = b >= 48 && b <= 57
            guard upper || lower || digit || b == 0x2D else { return name }
            if upper || digit { marked = true }
        }
        guard marked else { return name }
        var start = last
        while start > u.startIndex, u[u.index(before: start)] == 0x5F { start = u.index(before: start) }
        guard start > u.startIndex else { return name }
        return name[..<start]
    }

    /// `hidden`, `d-none`, `is-hidden` — unless a responsive class shows the element again (`hidden lg:block`).
    /// A dark-theme variant (`hidden dark:block`, `div.dark-image`, `img.logo-dark-only`) is hidden in the
    /// default light theme: its light twin carries the same content.
    static func isHiddenClass(_ cls: String) -> Bool {
        let dark = ASCII.containsIgnoringCase(cls, "dark")
        guard dark || ASCII.containsIgnoringCase(cls, "hid") || cls.has("none") else { return false }
        let tokens = cls.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        if dark, tokens.contains(where: isDarkVariantName) { return true }
        guard tokens.contains(where: { $0 == "hidden" || $0 == "d-none" || $0 == "is-hidden" || $0 == "hide" }) else { return false }
        // Shown again at some breakpoint (`hidden lg:block`, `d-none d-md-block`): visible content. A
        // `dark:` variant shows it only in the dark theme.
        return !tokens.contains(where: { ($0.has(":") && !$0.hasPrefix("dark:")) || $0.hasPrefix("d-") && $0 != "d-none" })
    }

    static let darkVariantWords: Set<String> = ["image", "img", "only", "logo", "picture", "pic", "figure", "screenshot", "diagram"]

    /// `dark-image`, `only-dark`, `dark-mode-only`, `logoDark`: a name for the dark theme's copy of something.
    static func isDarkVariantName(_ name: Substring) -> Bool {
        let words = splitWords(name)
        return words.contains("dark") && !words.contains("light") && words.contains(where: { darkVariantWords.contains($0) })
    }

    static func isHiddenStyle(_ style: String) -> Bool {
        let s = style.lowercased().filter { $0 != " " }
        return s.has("display:none") || s.has("visibility:hidden")
    }

    /// `md-nav__link`, `navBar`, `toc_wrapper` → their words.
    static func splitWords(_ s: some StringProtocol) -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        var prevLower = false
        for b in s.utf8 {
            let upper = b >= 65 && b <= 90, lower = b >= 97 && b <= 122, digit = b >= 48 && b <= 57
            if upper || lower || digit || b >= 0x80 {
                if upper && prevLower && !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
                current.append(upper ? b | 0x20 : b)
                prevLower = lower || digit
            } else {
                if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
                prevLower = false
            }
        }
        if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
        return out
    }

    static func isAdmonitionName(_ name: String) -> Bool {
        name.has("admonition") || name.has("callout") || name.hasPrefix("alert") || name.has("notecard")
    }

    /// A docutils / Sphinx `sidebar` directive (`<aside class="sidebar">` or `<div class="sidebar">`
    /// whose first element is a `sidebar-title` paragraph) is a boxed aside of the article, written
    /// by its author — unlike a theme's navigation sidebar, it carries a title of its own.
    /// Its title paragraph is content too.
    static func isSidebarDirective(_ tree: HTMLTree, _ i: Int) -> Bool {
        let node = tree.nodes[i]
        // Most furniture has no "sidebar" in its class at all: one byte search decides.
        guard node.tag == "aside" || node.tag == "div" || node.tag == "p",
              let cls = node.attribute("class"), cls.has("sidebar") else { return false }
        if node.hasClass("sidebar-title") { return node.parent >= 0 && isSidebarDirective(tree, Int(node.parent)) }
        // AsciiDoc's sidebar block (`div.sidebarblock`) is the same aside of the author's.
        if node.tag == "div", node.hasClass("sidebarblock") { return true }
        guard node.tag != "p", node.hasClass("sidebar") else { return false }
        for c in tree.children(i) where !tree.nodes[c].isText {
            return tree.nodes[c].hasClass("sidebar-title")
        }
        return false
    }

    static func isAdmonitionLike(_ node: HTMLTree.Node) -> Bool {
        node.classes.contains(where: { c in
            let l = c.lowercased()
            return l.has("admonition") || l.has("alert") || l.has("callout") || l.has("note") || l.has("warning")
                || l.has("aside") || l.has("tip") || l.has("caution")
        }) || node.attribute("role") == "note"
    }
}
