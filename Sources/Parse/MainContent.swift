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
        var verdict = [Boilerplate.Verdict](repeating: .content, count: n)
        var text = [Int32](repeating: 0, count: n)
        var linkText = [Int32](repeating: 0, count: n)
        var prose = [Double](repeating: 0, count: n)
        var h1 = [Int32](repeating: 0, count: n)
        // Verdicts depend on the tag and attributes alone: the thread's cache carries them from page
        // to page (pages of one site repeat their class names).
        let cacheBox = Boilerplate.VerdictCache.forCurrentThread()
        var cache = cacheBox.take()
        defer { cacheBox.cache = cache }
        tree.nodes.withUnsafeBufferPointer { nodes in
            for i in 0..<n where nodes[i].text == nil {
                var v = Boilerplate.classify(nodes[i], cache: &cache)
                if v != .content, Boilerplate.isSidebarDirective(tree, i) { v = .content }
                if v == .likelyFurniture, Self.isDocBookTableOfContents(i, in: tree) { v = .content }
                verdict[i] = v
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                let kind = nodes[i].kind
                if nodes[i].text != nil {
                    text[i] = Self.visibleCount(nodes[i].text!)
                } else if !kind.isEmpty {
                    if kind.contains(.anchor) { linkText[i] = text[i] }
                    if kind.contains(.h1) { h1[i] += 1 }
                    if kind.contains(.prose) {
                        let t = Double(text[i])
                        // A paragraph's own weight replaces what its descendants (nested lists) added.
                        if t >= 20 || kind.contains(.heading) { prose[i] = max(prose[i], t * (1 - Double(linkText[i]) / max(t, 1))) }
                    }
                }
                let p = Int(nodes[i].parent)
                guard p >= 0, verdict[i] != .furniture else { continue }
                text[p] += text[i]
                linkText[p] += linkText[i]
                h1[p] += h1[i]
                prose[p] += prose[i]
            }
        }
        self.verdict = verdict; self.text = text; self.linkText = linkText; self.prose = prose; self.h1 = h1
    }

    /// Bytes above the space character in `s`: its visible characters, for text-length measures.
    static func visibleCount(_ s: String) -> Int32 {
        var s = s
        return s.withUTF8 { b in
            var count: Int32 = 0
            for byte in b where byte > 32 { count &+= 1 }
            return count
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

    /// What the container predicates look at, read from an element's attributes once.
    struct ContainerFacts {
        var index: Int
        var tag: String
        var cls: String?
        var id: String?
        var itemprop: String?
        var role: String?
        var dataMainColumn = false
        var pagefindBody = false
        /// The parent element's class list (read for a `div.main` only: Scribble's `div.maincolumn > div.main`).
        var parentCls: String?

        init(index: Int, node: HTMLTree.Node) {
            self.index = index
            tag = node.tag
            for a in node.attributes {
                switch a.name {
                case "class": if cls == nil { cls = a.value }
                case "id": if id == nil { id = a.value }
                case "itemprop": if itemprop == nil { itemprop = a.value }
                case "role": if role == nil { role = a.value }
                case "data-main-column": dataMainColumn = true
                case "data-pagefind-body": pagefindBody = true
                default: break
                }
            }
        }

        func hasClass(_ name: String) -> Bool { cls.map { HTMLTree.Node.classList($0, contains: name) } ?? false }
    }

    typealias Predicate = @Sendable (ContainerFacts) -> Bool

    /// Generator containers, most specific first: (generator, predicate).
    static let knownContainers: [(String, Predicate)] = [
        ("rustdoc", { $0.tag == "section" && $0.id == "main-content" }),
        ("mkdocs", { $0.tag == "article" && $0.hasClass("md-content__inner") }),
        ("docusaurus", { $0.hasClass("theme-doc-markdown") }),
        ("vitepress", { $0.hasClass("vp-doc") }),
        ("starlight", { $0.hasClass("sl-markdown-content") }),
        ("sphinx", { $0.itemprop == "articleBody" }),
        ("sphinx", { $0.tag == "article" && $0.hasClass("bd-article") }),
        ("sphinx", { $0.tag == "article" && $0.id == "furo-main-content" }),
        ("sphinx", { $0.tag == "div" && $0.hasClass("body") && $0.role == "main" }),
        ("sphinx", { $0.tag == "div" && $0.hasClass("body") }),
        ("mediawiki", { $0.id == "mw-content-text" }),
        ("dokuwiki", { $0.tag == "div" && $0.hasClass("page") && $0.hasClass("group") }),
        ("doxygen", { $0.tag == "div" && $0.hasClass("contents") }),
        ("javadoc", { $0.tag == "div" && $0.hasClass("contentContainer") }),
        ("javadoc", { $0.tag == "main" && $0.hasClass("flex-content") }),
        ("gitbook", { $0.hasClass("markdown-section") }),
        ("hugo", { $0.hasClass("td-content") }),
        ("mdn", { $0.tag == "article" && $0.hasClass("main-page-content") }),
        ("mslearn", { $0.dataMainColumn }),
        ("github", { $0.hasClass("markdown-body") }),
        ("nextra", { $0.pagefindBody }),
        ("mandoc", { $0.tag == "div" && $0.hasClass("manual-text") }),
        // Racket's Scribble: `div.maincolumn > div.main` (the table of contents is a `div.tocset` beside it).
        ("scribble", { $0.tag == "div" && $0.hasClass("main") && $0.parentCls.map { HTMLTree.Node.classList($0, contains: "maincolumn") } == true }),
    ]

    static let contentIDs: Set<String> = ["content", "main-content", "maincontent", "main", "docs-content", "doc-content", "page-content", "primary",
                                          "article", "content-area", "contentarea", "bodycontent", "body-content", "doccontent", "docs-body"]
    static let contentClasses: Set<String> = ["content", "main-content", "document", "page-content", "post-content", "article-content", "markdown",
                                              "prose", "doc-content", "docs-content", "entry-content", "article-body", "documentation"]

    /// Landmarks and conventional names, tried after the generator containers.
    static let genericContainers: [Predicate] = [
        { $0.tag == "main" },
        { $0.role == "main" },
        { $0.tag == "article" },
        { contentIDs.contains(($0.id ?? "").lowercased()) },
        { f in
            guard let cls = f.cls else { return false }
            return cls.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).contains(where: { contentClasses.contains($0.lowercased()) })
        },
    ]

    /// Class names (lower-cased) and ids that some container predicate tests for.
    static let containerClassNames: Set<String> = contentClasses.union([
        "md-content__inner", "theme-doc-markdown", "vp-doc", "sl-markdown-content", "bd-article", "body", "page", "group", "contents",
        "contentcontainer", "flex-content", "markdown-section", "td-content", "main-page-content", "markdown-body", "manual-text",
        "main",
    ])
    static let containerIDs: Set<String> = contentIDs.union(["main-content", "furo-main-content", "mw-content-text"])
    /// A bitmap of (length, first byte, last byte) of the names in `containerClassNames` and
    /// `containerIDs`, lower-cased: a name whose triple is not in it is in neither set.
    static let containerNameFilter: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 64)
        for name in containerClassNames.union(containerIDs) {
            let u = Array(name.utf8)
            let slot = containerFilterSlot(count: u.count, first: u[0], last: u[u.count - 1])
            bits[slot >> 6] |= 1 << UInt64(slot & 63)
        }
        return bits
    }()

    private static func containerFilterSlot(count: Int, first: UInt8, last: UInt8) -> Int {
        let f = UInt32(first >= 65 && first <= 90 ? first | 0x20 : first), l = UInt32(last >= 65 && last <= 90 ? last | 0x20 : last)
        return Int(((UInt32(truncatingIfNeeded: count) &* 65_599 &+ f) &* 31 &+ l) &* 2_654_435_761 >> 20) & 4095
    }

    /// Whether any container predicate could hold for `node` (a superset of them all, decided without
    /// copying the node): most elements of a page are ruled out by one look at their attributes.
    static func mayBeContainer(_ node: HTMLTree.Node) -> Bool {
        if node.tag == "main" || node.tag == "article" { return true }
        for a in node.attributes {
            switch a.name {
            case "itemprop", "role", "data-main-column", "data-pagefind-body": return true
            case "id": if hasContainerName(a.value, in: containerIDs, split: false) { return true }
            case "class": if hasContainerName(a.value, in: containerClassNames, split: true) { return true }
            default: break
            }
        }
        return false
    }

    /// Whether `value` (or, with `split`, one of its whitespace-separated names) is in `set`, compared
    /// in lower case. Names of a length no member has are rejected without building a string.
    private static func hasContainerName(_ value: String, in set: Set<String>, split: Bool) -> Bool {
        var value = value
        return value.withUTF8 { b in
            var i = 0
            let n = b.count
            while i < n {
                var j = i
                if split {
                    while j < n, !(b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0A || b[j] == 0x0D || b[j] == 0x0C) { j += 1 }
                } else {
                    j = n
                }
                if j > i {
                    let slot = containerFilterSlot(count: j - i, first: b[i], last: b[j - 1])
                    if containerNameFilter[slot >> 6] & (1 << UInt64(slot & 63)) != 0,
                       set.contains(String(decoding: UnsafeBufferPointer(rebasing: b[i..<j]), as: UTF8.self).lowercased()) {
                        return true
                    }
                }
                i = j + 1
            }
            return false
        }
    }

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
        // Every container predicate needs an attribute, except the `main` and `article` landmarks:
        // read those elements' attributes once.
        var elements: [ContainerFacts] = []
        tree.nodes.withUnsafeBufferPointer { nodes in
            for i in nodes.indices where nodes[i].text == nil && Self.mayBeContainer(nodes[i]) {
                var facts = ContainerFacts(index: i, node: nodes[i])
                if facts.tag == "div", facts.hasClass("main"), case let p = Int(nodes[i].parent), p >= 0 {
                    facts.parentCls = nodes[p].attribute("class")
                }
                elements.append(facts)
            }
        }
        for (name, predicate) in Self.knownContainers {
            let candidates = elements.lazy.filter(predicate).map(\.index).filter { !insideHardFurniture($0) }
            // A generator's own container is trusted even on link-heavy pages (an index, a wiki hub).
            if let best = candidates.max(by: { analysis.text[$0] < analysis.text[$1] }), analysis.text[best] >= 100 || bodyProse < 200,
               analysis.prose[best] >= bodyProse * 0.3 || Double(analysis.text[best]) >= Double(analysis.text[body]) * 0.3 {
                return (best, name)
            }
        }
        for predicate in Self.genericContainers {
            let candidates = elements.lazy.filter(predicate).map(\.index).filter { !insideHardFurniture($0) && analysis.verdict[$0] != .furniture }
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
            if score > bestScore && !tree.nodes[n].kind.contains(.leafBlock) { best = n; bestScore = score }
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
        guard let c = attribute("class") else { return false }
        return Self.classList(c, contains: name)
    }

    /// Whether the class list `c` (a `class` attribute's value) holds `name` as one of its names.
    static func classList(_ c: String, contains name: String) -> Bool {
        var name = name
        return name.withUTF8 { classList(c, contains: $0) }
    }

    /// The same test for a name given as bytes.
    static func classList(_ c: String, contains nb: UnsafeBufferPointer<UInt8>) -> Bool {
        var c = c
        return c.withUTF8 { h in
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
        // Doxygen's include, caller and inheritance graphs with their captions ("Include dependency graph for encode.h:").
        "dynheader", "dyncontent",
        // Scribble's "top contents ← prev up next →" bars.
        "navsettop", "navsetbottom",
    ]
    static let inlineTags: Set<String> = ["a", "span", "code", "em", "i", "strong", "b", "small", "sup", "sub", "abbr", "kbd", "var", "samp", "img"]
    static let inlineFragments: [String] = [
        "headerlink", "anchorjs", "hash-link", "anchor-link", "anchorlink", "heading-anchor", "header-anchor", "permalink", "sr-only",
        "visually-hidden", "visuallyhidden", "screen-reader", "copy-button", "copybutton", "clipboard", "hideme", "edit-link", "editlink",
        "mw-editsection", "rightside", "skip-link", "skiplink",
    ]
    static let fragmentBytes: [[UInt8]] = fragments.map { Array($0.utf8) }
    /// Whole class names of inline furniture (rustdoc's `§` anchors, "Source" links, the `sub-heading` with its version
    /// stamp — rustdoc's other stamps sit in `rightside` — and older rustdoc's `span.out-of-band` with "source · [−]"),
    /// and Javadoc's "Description copied from interface: `ReadWriteLock`" above an inherited description. (A
    /// `span.since` of its own is kept: Erlang's "OTP 24.0" after a function's signature dates it.)
    static let inlineNames: Set<String> = ["anchor", "src", "sub-heading", "headerlink", "hash-link", "doc-anchor", "out-of-band", "srclink", "emoji",
                                           "rule-link", "description-from-type-label"]
    /// Whole words of a class or id (split on `-`, `_` and case changes) that mean furniture.
    static let words: Set<String> = [
        "nav", "toc", "menu", "search", "share", "related", "versions", "rating", "helpful", "contributors", "breadcrumbs", "pager",
        "skip", "feedback", "ads", "ad", "sponsor", "sponsors", "carbonads", "toolbar", "modal", "masthead",
        "comments", "disqus", "noprint", "nocontent", "anchor", "hideme", "rightside", "permalink", "headerlink", "popup",
    ]
    /// Words that cancel a furniture word in the same name (`nav-content` is not navigation).
    static let contentWords: Set<String> = ["content", "body", "article", "main", "markdown", "prose"]

    static func classify(_ node: HTMLTree.Node, judgeID: Bool = true) -> Verdict {
        var cache = VerdictCache()
        return classify(node, cache: &cache, judgeID: judgeID)
    }

    /// Verdicts memoised by everything they read besides the id (highlighted code repeats the same few
    /// class names thousands of times), kept per thread from page to page.
    struct VerdictCache {
        /// Everything the judgement reads besides the id: tag, class, and the attributes that can make
        /// an element hidden, a landmark or an "edit this page" link.
        struct Key: Hashable {
            var tag: String
            var cls: String?
            var role: String?
            var style: String?
            var hidden = false
            var ariaHidden: String?
            /// `title` (else `aria-label`) of an `a` element; nil for other tags.
            var label: String?
        }
        var byKey: [Key: Verdict] = [:]
        /// Verdicts of single class names (they repeat across elements with different ids).
        var byName: [Substring: Bool] = [:]
        /// Entries each table holds at most; a full table starts over (memory stays bounded however
        /// many pages and sites a thread parses).
        static let capacity = 16_384

        /// Longest class list, style or label (in bytes) a cached key may hold: the cache outlives the
        /// page, so it must not keep a page's megabyte attribute alive. Longer ones are judged each time.
        static let maxKeyBytes = 512

        mutating func isFurnitureName(_ name: Substring) -> Bool {
            if let v = byName[name] { return v }
            let v = Boilerplate.isFurnitureName(name)
            guard name.utf8.count <= Self.maxKeyBytes else { return v }
            if byName.count >= Self.capacity { byName.removeAll(keepingCapacity: true) }
            // A copy of the name alone: the substring would keep its whole class attribute alive.
            byName[Substring(String(name))] = v
            return v
        }

        mutating func remember(_ v: Verdict, for key: Key) {
            let bytes = (key.cls?.utf8.count ?? 0) + (key.style?.utf8.count ?? 0) + (key.label?.utf8.count ?? 0)
                + (key.role?.utf8.count ?? 0) + (key.ariaHidden?.utf8.count ?? 0)
            guard bytes <= Self.maxKeyBytes else { return }
            if byKey.count >= Self.capacity { byKey.removeAll(keepingCapacity: true) }
            byKey[key] = v
        }

        /// The current thread's cache, kept across pages (verdicts are a function of the key alone).
        final class Box {
            var cache = VerdictCache()
            /// The cache, leaving an empty one in its place until it is put back.
            func take() -> VerdictCache {
                let c = cache
                cache = VerdictCache()
                return c
            }
        }

        static func forCurrentThread() -> Box {
            if let raw = pthread_getspecific(threadKey) { return Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue() }
            let box = Box()
            pthread_setspecific(threadKey, Unmanaged.passRetained(box).toOpaque())
            return box
        }

        /// Clears the current thread's cache (benchmarks measure parses that start without one).
        static func clearCurrentThread() { forCurrentThread().cache = VerdictCache() }

        private static let threadKey: pthread_key_t = {
            var key = pthread_key_t()
            pthread_key_create(&key) { raw in
                if let raw { Unmanaged<Box>.fromOpaque(raw).release() }
            }
            return key
        }()
    }

    /// `judgeID: false` leaves the id (and `aria-labelledby`) out of the judgement: the verdict the
    /// element's tag, role and classes alone give.
    static func classify(_ node: HTMLTree.Node, cache: inout VerdictCache, judgeID: Bool = true) -> Verdict {
        if node.isText { return .content }
        if node.attributes.isEmpty { return bareVerdict(node) }
        // Tag and attributes other than the id decide most nodes, and repeat (highlighted code repeats
        // the same few class names thousands of times): memoise those; ids are nearly unique, so they
        // are judged apart.
        var key = VerdictCache.Key(tag: node.tag)
        var id: String? = nil
        var labelledBy: String? = nil
        var title: String? = nil
        var ariaLabel: String? = nil
        for a in node.attributes {
            switch a.name {
            case "class": if key.cls == nil { key.cls = a.value }
            case "id": if id == nil { id = a.value }
            case "aria-labelledby": if labelledBy == nil { labelledBy = a.value }
            case "role": if key.role == nil { key.role = a.value }
            case "style": if key.style == nil { key.style = a.value }
            case "hidden": key.hidden = true
            case "aria-hidden": if key.ariaHidden == nil { key.ariaHidden = a.value }
            case "title": if title == nil { title = a.value }
            case "aria-label": if ariaLabel == nil { ariaLabel = a.value }
            default: break
            }
        }
        if key.tag == "a" || key.cls == "since" { key.label = title ?? ariaLabel }
        var v: Verdict
        if key.cls == nil, key.role == nil, key.style == nil, !key.hidden, key.ariaHidden == nil, key.label == nil {
            // Only attributes the judgement does not read besides the id (`href`, `src`, `lang`…).
            v = bareVerdict(node)
        } else if let cached = cache.byKey[key] { v = cached } else {
            v = classifyUncached(node, key: key, cache: &cache)
            cache.remember(v, for: key)
        }
        // An entry's anchor names an API, not furniture: a definition term's id (Sphinx's `<dt id="SESSION_COOKIE_NAME">`),
        // a dotted path (`flask.Flask.session_cookie_name`), a constant's name.
        if judgeID, v == .content, let id, !id.isEmpty, !node.kind.contains(.inline), !node.kind.contains(.heading),
           node.tag != "dt", !Self.isAPIAnchor(id), cache.isFurnitureName(Substring(id)) {
            v = .likelyFurniture
        }
        // `aria-labelledby` names the element by the id of its label ("feedback-title").
        if judgeID, v == .content, let labelledBy, !node.kind.contains(.inline),
           labelledBy.split(separator: " ").contains(where: { cache.isFurnitureName($0) }) {
            v = .likelyFurniture
        }
        return v
    }

    /// An id that is an API's name: upper-case with underscores (`SESSION_COOKIE_NAME`), or a dotted path with a
    /// code-shaped part (`flask.Flask.session_cookie_name`, `sqlalchemy.orm.Session`) — not `cookie.banner`.
    static func isAPIAnchor(_ id: String) -> Bool {
        if id.contains("_"), id.allSatisfy({ ($0.isUppercase && $0.isASCII) || $0.isNumber || $0 == "_" }) { return true }
        let parts = id.split(separator: ".")
        return parts.count >= 2 && parts.contains { part in part.contains("_") || part.contains(where: { $0.isUppercase }) }
    }

    /// What `classifyUncached` gives an element without attributes (most elements): its tag alone
    /// decides, with no cache lookup.
    static func bareVerdict(_ node: HTMLTree.Node) -> Verdict {
        if node.kind.contains(.furniture) || node.tag == "aside" { return .furniture }
        return node.tag == "form" ? .likelyFurniture : .content
    }

    /// The verdict from the tag and the attributes other than the id (as `key` holds them).
    static func classifyUncached(_ node: HTMLTree.Node, key: VerdictCache.Key, cache: inout VerdictCache) -> Verdict {
        let tag = key.tag
        let kind = node.kind
        if kind.contains(.furniture) { return .furniture }
        if tag == "aside" && !isAdmonitionLike(node) { return .furniture }
        if tag == "form" { return .likelyFurniture }
        let role = key.role?.lowercased()
        // Hidden tab panels hold the other languages of a tabbed example: content.
        let tabPanel = role == "tabpanel" || (key.cls.map { c in
            c.has("tab") && (c.has("tab-pane") || c.has("tabpanel") || c.has("tabbed-block") || c.has("tab-content") || c.has("tabitem"))
        } ?? false)
        if !tabPanel {
            // Hidden state is a strong hint, not proof: pages hide their whole body until scripts run.
            if key.hidden || key.ariaHidden == "true" { return .likelyFurniture }
            if let style = key.style, isHiddenStyle(style) { return .likelyFurniture }
            if let cls = key.cls, isHiddenClass(cls) { return .likelyFurniture }
        }
        if let role, roles.contains(role) { return .furniture }
        if kind.contains(.heading) { return .content }
        if tag == "a", let label = key.label {
            let l = label.lowercased()
            if l.hasPrefix("edit this page") || l.hasPrefix("edit page") || l.hasPrefix("view source") || l.hasPrefix("view page source") { return .likelyFurniture }
        }
        if kind.contains(.inline) {
            // Inline elements are furniture only for the few names that mark heading anchors,
            // screen-reader text and copy buttons; tooltips and glossary links are content.
            guard let raw = key.cls else { return .content }
            // rustdoc's version stamp (`span.since` titled "Stable since Rust version 1.2.0"; older rustdoc sets it inside
            // the heading, after the declaration) is furniture; another generator's "since" is the text's (Erlang's "OTP 24.0").
            if raw == "since", key.label?.hasPrefix("Stable since") == true { return .likelyFurniture }
            let bytes = ASCII.lowered(raw)
            if containsFragment(bytes, index: inlineFragmentIndex) { return .likelyFurniture }
            let c = String(decoding: bytes, as: UTF8.self)
            return c.split(separator: " ").contains(where: { inlineNames.contains(String($0)) }) ? .likelyFurniture : .content
        }
        if let c = key.cls {
            var names = ClassNames(c)
            while let raw = names.next() { if cache.isFurnitureName(raw) { return .likelyFurniture } }
        }
        return .content
    }

    /// The names of a class list, split on space, tab and newline, without building an array.
    struct ClassNames: IteratorProtocol {
        let value: String
        /// Byte offset where the search for the next name starts.
        var offset = 0
        init(_ value: String) { self.value = value }

        mutating func next() -> Substring? {
            let start = offset
            // Scan the bytes in place: walking `String.Index`es byte by byte costs far more.
            let found: (Int, Int)? = value.utf8.withContiguousStorageIfAvailable { b in
                var i = start
                while i < b.count, Self.isSeparator(b[i]) { i += 1 }
                guard i < b.count else { return nil }
                var j = i
                while j < b.count, !Self.isSeparator(b[j]) { j += 1 }
                return (i, j)
            } ?? Self.scan(value, from: start)
            guard let (i, j) = found else { offset = value.utf8.count; return nil }
            offset = j
            let u = value.utf8
            let from = u.index(u.startIndex, offsetBy: i)
            return value[from..<u.index(from, offsetBy: j - i)]
        }

        /// The same scan for a string without contiguous UTF-8 storage.
        private static func scan(_ value: String, from start: Int) -> (Int, Int)? {
            let b = Array(value.utf8)
            var i = start
            while i < b.count, isSeparator(b[i]) { i += 1 }
            guard i < b.count else { return nil }
            var j = i
            while j < b.count, !isSeparator(b[j]) { j += 1 }
            return (i, j)
        }

        static func isSeparator(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A }
    }

    /// The furniture fragments by their first three bytes, and a bitmap of those trigrams' hashes: a
    /// name is compared with fragments only where a trigram that begins one occurs in it.
    static let fragmentIndex = trigramIndex(fragmentBytes)
    static let inlineFragmentIndex = trigramIndex(inlineFragments.map { Array($0.utf8) })

    typealias TrigramIndex = (bits: [UInt64], byTrigram: [UInt32: [[UInt8]]])

    static func trigramIndex(_ fragments: [[UInt8]]) -> TrigramIndex {
        var bits = [UInt64](repeating: 0, count: 64)
        var byTrigram: [UInt32: [[UInt8]]] = [:]
        for f in fragments {
            precondition(f.count >= 3, "furniture fragments are at least three bytes long")
            let t = UInt32(f[0]) << 16 | UInt32(f[1]) << 8 | UInt32(f[2])
            let h = trigramSlot(t)
            bits[h >> 6] |= 1 << UInt64(h & 63)
            byTrigram[t, default: []].append(f)
        }
        return (bits, byTrigram)
    }

    private static func trigramSlot(_ t: UInt32) -> Int { Int((t &* 2_654_435_761) >> 20) & 4095 }

    /// Whether one of the indexed fragments (`fragments` unless told) occurs in `bytes` (lower-cased).
    static func containsFragment(_ bytes: [UInt8], index: TrigramIndex = fragmentIndex) -> Bool {
        let n = bytes.count
        guard n >= 3 else { return false }
        return bytes.withUnsafeBufferPointer { b in
            for i in 0...(n - 3) {
                let t = UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])
                let h = trigramSlot(t)
                guard index.bits[h >> 6] & (1 << UInt64(h & 63)) != 0, let candidates = index.byTrigram[t] else { continue }
                for f in candidates where i + f.count <= n {
                    var j = 3
                    while j < f.count, b[i + j] == f[j] { j += 1 }
                    if j == f.count { return true }
                }
            }
            return false
        }
    }

    /// Whether one class name or id names furniture: a furniture fragment anywhere in it, or a
    /// furniture word not cancelled by a content word. Admonition names never are.
    static func isFurnitureName(_ raw: Substring) -> Bool {
        if raw.utf8.count > 60 { return false }
        let raw = withoutHashSuffix(raw)
        let bytes = ASCII.lowered(raw)
        let name = String(decoding: bytes, as: UTF8.self)
        if isAdmonitionName(name) { return false }
        if containsFragment(bytes) { return true }
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
        var hidden = false, shownAgain = false
        var names = ClassNames(cls)
        while let name = names.next() {
            if dark, isDarkVariantName(name) { return true }
            if name == "hidden" || name == "d-none" || name == "is-hidden" || name == "hide" { hidden = true }
            // Shown again at some breakpoint (`hidden lg:block`, `d-none d-md-block`): visible content. A
            // `dark:` variant shows it only in the dark theme.
            if (name.has(":") && !name.hasPrefix("dark:")) || name.hasPrefix("d-") && name != "d-none" { shownAgain = true }
        }
        return hidden && !shownAgain
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
