import Foundation
import RulesMakerCore

/// Walks the main-content subtree and builds IR blocks.
struct BlockBuilder {
    let tree: HTMLTree
    let analysis: PageAnalysis
    let baseURL: URL?
    let maxDepth: Int
    /// The prose score of the main container: a node named like furniture that holds half of it is a
    /// layout wrapper, not furniture.
    var mainProse: Double = 0
    /// Answers already worked out for this page: pages link to the same targets and repeat the same
    /// class attributes again and again.
    private let memo = Memo()

    private final class Memo {
        /// `resolve` by `href`.
        var resolved: [Bytes: String?] = [:]
        /// `admonitionKind` by the only attributes it reads.
        var admonitionKinds: [AdmonitionKey: AdmonitionKind?] = [:]
        /// `AdmonitionKind(label:)` by label.
        var labels: [Bytes: AdmonitionKind?] = [:]
        /// Every `id` and `<a name>` of the page, gathered the first time a permalink needs checking.
        var targets: Set<String>? = nil

        func targetExists(_ fragment: String, in tree: HTMLTree) -> Bool {
            if targets == nil {
                var all = Set<String>()
                for n in tree.nodes where !n.isText {
                    if let id = n.attribute("id"), !id.isEmpty { all.insert(id) }
                    if n.tag == "a", let name = n.attribute("name"), !name.isEmpty { all.insert(name) }
                }
                targets = all
            }
            return targets!.contains(fragment) || (fragment.removingPercentEncoding.map { targets!.contains($0) } ?? false)
        }

        func kind(label: String) -> AdmonitionKind? {
            if let known = labels[Bytes(string: label)] { return known }
            let kind = AdmonitionKind(label: label)
            labels[Bytes(string: label)] = .some(kind)
            return kind
        }
    }

    /// A string as a dictionary key compared by its bytes: `String`'s `==` matches canonically
    /// equivalent strings, which the byte-level tests behind these answers tell apart.
    private struct Bytes: Hashable {
        var string: String
        static func == (a: Bytes, b: Bytes) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }
        func hash(into hasher: inout Hasher) {
            var s = string
            s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    private struct AdmonitionKey: Hashable {
        var tag: Bytes, cls: Bytes, role: Bytes?
    }

    static let inlineTags: Set<String> = [
        "a", "span", "code", "tt", "kbd", "samp", "var", "em", "i", "strong", "b", "abbr", "sub", "sup", "small", "mark",
        "cite", "q", "img", "br", "time", "u", "s", "del", "ins", "dfn", "bdi", "bdo", "data", "font", "wbr", "big", "strike", "acronym",
    ]
    static let codeTags: Set<String> = ["code", "tt", "kbd", "samp"]
    static let skipTags: Set<String> = ["hr", "link", "meta", "area", "map", "audio", "video", "source", "track", "picture", "colgroup", "col"]

    init(tree: HTMLTree, analysis: PageAnalysis, baseURL: URL?, maxDepth: Int) {
        self.tree = tree
        self.analysis = analysis
        self.baseURL = baseURL
        self.maxDepth = maxDepth
    }

    /// Whether node `i` is page furniture to leave out.
    func isFurniture(_ i: Int) -> Bool {
        switch analysis.verdict[i] {
        case .content: return false
        case .furniture: return true
        case .likelyFurniture:
            guard analysis.h1[i] == 0 && analysis.prose[i] < max(mainProse * 0.5, 1) else { return false }
            return !isHeadingText(i) && !isTopicSection(i)
        }
    }

    /// An inline element named like a permalink (`a.heading-anchor`) that holds all of its heading's
    /// text is the heading's text (MDN wraps every heading in its anchor), not a `¶` or `#` symbol. In a
    /// definition term or a list item it only has to open it: mandoc wraps an option's name in its
    /// permalink and leaves the argument after it (`<dt><a class="permalink">-o</a> output</dt>`), and
    /// Terraform's docs an argument's (`<li><a class="__permalink-lic"><code>LABEL</code></a>: …</li>`).
    func isHeadingText(_ i: Int) -> Bool {
        let node = tree.nodes[i]
        guard node.kind.contains(.inline), analysis.text[i] >= 2 else { return false }
        var p = Int(node.parent)
        for _ in 0..<3 where p >= 0 {
            let tag = tree.nodes[p].tag
            if tree.nodes[p].kind.contains(.heading) || tag == "dt" || tag == "li" {
                guard text(i).unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else { return false }
                guard analysis.text[p] != analysis.text[i] else { return true }
                return !tree.nodes[p].kind.contains(.heading) && firstDescendant(p, where: { tree.nodes[$0].text != nil && analysis.text[$0] > 0 }).map { isAncestor(i, of: $0) } == true
            }
            // A block between them (the Rust Reference's `<li><div class="rule"><a class="rule-link">[undefined.race]</a></div>`)
            // makes the permalink a marker of its own, not the opening of the item; a loose list's `<p>` does not.
            if !tree.nodes[p].kind.contains(.inline), tree.nodes[p].tag != "p" { return false }
            p = Int(tree.nodes[p].parent)
        }
        return false
    }

    /// A section whose id is the slug of the heading it opens (`<section id="set-cookie-options"><h3>Set-Cookie
    /// options</h3>`): the id names the section's topic, so a furniture word in it ("cookie", "comments")
    /// says nothing about the section. Not when the heading itself is a short furniture label ("Related
    /// articles", "Comments"), nor when the classes or role already make it furniture.
    func isTopicSection(_ i: Int) -> Bool {
        let node = tree.nodes[i]
        guard let id = node.attribute("id"), !id.isEmpty, Boilerplate.classify(node, judgeID: false) == .content else { return false }
        guard let heading = openingHeading(i) else { return false }
        let title = text(heading)
        guard Self.isSlug(id, of: title) else { return false }
        let words = Boilerplate.splitWords(title)
        return !(words.count <= 2 && words.contains(where: { Boilerplate.words.contains($0) }))
    }

    /// The heading an element starts with: its first child element that is not an empty anchor.
    private func openingHeading(_ i: Int) -> Int? {
        for c in tree.children(i) {
            let node = tree.nodes[c]
            if node.isText { if analysis.text[c] == 0 { continue } else { return nil } }
            if node.kind.contains(.heading) { return c }
            if node.kind.contains(.phrasing), analysis.text[c] == 0 { continue }
            return nil
        }
        return nil
    }

    /// Whether `id` is `title` made into an id: the same letters and digits in the same order, ignoring
    /// case and punctuation, optionally followed by a number that makes it unique (`summary-1`).
    static func isSlug(_ id: String, of title: String) -> Bool {
        func alnum(_ s: String) -> [UInt8] {
            var out: [UInt8] = []
            for b in s.utf8 {
                if b >= 65 && b <= 90 { out.append(b | 0x20) } else if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) { out.append(b) }
            }
            return out
        }
        let a = alnum(id), t = alnum(title)
        guard !t.isEmpty, a.count >= t.count, Array(a.prefix(t.count)) == t else { return false }
        return a.dropFirst(t.count).allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    // MARK: Blocks

    /// The blocks of the main container `main`.
    mutating func mainBlocks(_ main: Int) -> [ContentBlock] {
        mainProse = analysis.prose[main]
        // An FAQ of one division can be the page's main content on its own.
        let table = tree.nodes[main].tag == "tbody" ? Int(tree.nodes[main].parent) : main
        if table >= 0, tree.nodes[table].tag == "table", isDocBookQandA(table) { return docBookQandA(table) }
        return blocks(in: main)
    }

    mutating func blocks(in container: Int) -> [ContentBlock] {
        var out: [ContentBlock] = []
        appendBlocks(in: container, to: &out)
        return out
    }

    /// Appends the blocks of `container`'s children to `out`.
    mutating func appendBlocks(in container: Int, to out: inout [ContentBlock]) {
        var pending: [Inline] = []
        func flush() {
            if pending.isEmpty { return }
            // Nothing but spaces (the whitespace between blocks): `normalized` would drop it all.
            if !pending.allSatisfy({ if case .text(let t) = $0 { return t.utf8.allSatisfy { $0 == 0x20 } } else { return false } }) {
                let run = Self.normalized(pending)
                if !run.isEmpty { out.append(.paragraph(run)) }
            }
            pending.removeAll(keepingCapacity: true)
        }
        // The inline element just before `child` with nothing between them, for `isLayoutSeparated`.
        var lastInline: Int? = nil
        for child in tree.children(container) {
            if let text = tree.nodes[child].text {
                pending.append(.text(Self.collapseKeepingEdges(text)))
                lastInline = nil
                continue
            }
            let node = tree.nodes[child]
            // Whatever this element turns out to be, only an inline one stays "just before" the next.
            defer { if lastInline != child { lastInline = nil } }
            if isFurniture(child) || node.kind.contains(.skippedBlock) { continue }
            if Int(node.depth) > maxDepth {
                flush()
                let text = Text.collapse(text(child))
                if !text.isEmpty { out.append(.paragraph([.text(text)])) }
                continue
            }
            if node.kind.contains(.phrasing) && !containsBlock(child) {
                if let last = lastInline, isLayoutSeparated(last, child) { pending.append(.text(" ")) }
                appendInline(child, to: &pending)
                lastInline = child
                continue
            }
            flush()
            appendBlock(for: child, to: &out)
        }
        flush()
    }

    private mutating func block(for i: Int) -> [ContentBlock] {
        var out: [ContentBlock] = []
        appendBlock(for: i, to: &out)
        return out
    }

    /// Appends the blocks of element `i` to `out`: what a wrapper holds goes straight into `out`, not
    /// through an array per nesting level.
    private mutating func appendBlock(for i: Int, to out: inout [ContentBlock]) {
        let node = tree.nodes[i]
        switch node.tag {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let level = Int(node.tag.dropFirst())!
            let run = Self.normalized(inlines(of: i))
            var text = Self.headingText(run.plainText)
            // A heading that is one code span (an option or API entry: `### \`timeout\``) says so.
            let meaningful = run.filter { if case .text(let t) = $0 { return !Self.headingText(t).isEmpty } else { return true } }
            if meaningful.count == 1, case .code(let code) = meaningful[0], Self.headingText(code) == text, !text.contains("`") {
                text = "`" + text + "`"
            }
            out += text.isEmpty ? [] : [.heading(level: level, text: text, anchor: headingAnchor(i))]; return
        case "p":
            if let kind = admonitionKind(i) { out += [admonition(i, kind: kind)]; return }
            // docutils' `rubric` ("Notes", "Warnings", "Examples" in numpydoc) is an informal heading.
            if node.hasClass("rubric") {
                let text = Self.headingText(Self.normalized(inlines(of: i)).plainText)
                if !text.isEmpty, text.split(separator: " ").count <= 6 { out += [.heading(level: 6, text: text, anchor: node.attribute("id"))]; return }
            }
            // Haddock's declaration of an entry (`div.top > p.src` holding `a.def#v:takeMVar`), then its `div.doc`: the
            // declaration is the entry's heading, so its documentation is about it ("`takeMVar`: …").
            if node.hasClass("src"), case let parent = Int(node.parent), parent >= 0, tree.nodes[parent].hasClass("top"),
               let def = firstDescendant(i, where: { tree.nodes[$0].tag == "a" && tree.nodes[$0].hasClass("def") }) {
                let run = Self.normalized(inlines(of: i)).filter { inline in
                    if case .link(let text, _) = inline { return text != "Source" && text != "#" } else { return true }
                }
                let text = Self.headingText(Text.collapse(run.plainText))
                if !text.isEmpty { out += [.heading(level: 4, text: text, anchor: tree.nodes[def].attribute("id"))]; return }
            }
            out += Self.labelledCallout(blocks(in: i)); return
        case "pre":
            out += [codeBlock(i)]; return
        case "ul", "ol", "menu":
            if node.hasClass("item-table") { out += itemTable(i); return }
            out += list(i); return
        case "dl":
            // Doxygen: `dl.section.warning` > dt (label) + dd (text); `\deprecated` is `dl.deprecated`.
            if node.hasClass("section") || node.hasClass("deprecated"),
               let kind = node.classes.lazy.compactMap({ AdmonitionKind(label: String($0)) }).first {
                var inner: [ContentBlock] = []
                for c in tree.children(i) where tree.nodes[c].tag == "dd" { inner += blocks(in: c) }
                out += [.admonition(kind: kind, title: nil, blocks: DocumentParser.cleaned(inner))]; return
            }
            // DocBook lists an FAQ's questions before it (`div.qandaset > dl`), then each again as a heading.
            if isQandASetContents(i) { return }
            if node.hasClass("toc") { out += tableOfContents(i); return }
            out += definitionList(i); return
        case "table" where node.hasClass("memname"):
            // Doxygen lays a member's signature out as a table (`table.memname`): one line of code.
            let cells = tree.descendants(i).filter { tree.nodes[$0].tag == "td" }.map { Text.collapse(text($0)) }.filter { !$0.isEmpty }
            out += cells.isEmpty ? [] : [.code(language: nil, text: Self.signatureLine(cells))]; return
        case "table" where node.hasClass("fieldtable") || node.hasClass("params") || node.hasClass("retval") || node.hasClass("exception")
                            || node.hasClass("tparams"):
            // Doxygen's enumerator, field and parameter tables: a name per row and its documentation,
            // which may hold paragraphs and warning boxes — entries, not table cells.
            out += doxygenFieldTable(i); return
        case "table" where node.hasClass("RBoxed"):
            // Racket Scribble's definition box: its first row declares the entry ("(thread-send thd v [fail-thunk]) → any"
            // under a "procedure" label), the entry's heading, so the prose after the box is about it; the rows after it
            // (the arguments' contracts and defaults) stay a table.
            // (A long declaration is a table of its own, `table.prototype.RForeground`, one argument a row.)
            guard let declaration = firstDescendant(i, where: { ["p", "table"].contains(tree.nodes[$0].tag) && tree.nodes[$0].hasClass("RForeground") })
            else { out += [table(i)]; return }
            let text = Self.headingText(Text.collapse(text(declaration)))
            let name = firstDescendant(declaration, where: { tree.nodes[$0].tag == "a" && tree.nodes[$0].attribute("name") != nil })
            if !text.isEmpty { out += [.heading(level: 4, text: text, anchor: name.flatMap { tree.nodes[$0].attribute("name") })] }
            if case .table(var rest) = table(i) {
                if !text.isEmpty, !rest.rows.isEmpty { rest.rows.removeFirst() }
                if !rest.rows.isEmpty { out += [.table(rest)] }
            }
            return
        case "table" where isDocBookQandA(i):
            out += docBookQandA(i); return
        case "table" where isLayoutGrid(i):
            // A table of names and what each is, with heading rows between its groups (cppreference's member lists:
            // "lock | locks the mutex …", "Locking" as an `h5` row): entries under their headings, each name with its
            // description. (The headings stay: Doxygen's member summaries are known by theirs.)
            if let entries = termRows(i) { out += entries; return }
            // A page laid out with a table (old xmlsoft.org, Texinfo, hand-written HTML): its cells are
            // the page's blocks, not a data table.
            for cell in tree.descendants(i) where (tree.nodes[cell].tag == "td" || tree.nodes[cell].tag == "th") && owningTable(cell) == i {
                appendBlocks(in: cell, to: &out)
            }
            return
        case "table":
            if node.classes.contains(where: { $0.has("highlighttable") || $0.has("linenotable") }),
               let pre = firstDescendant(i, where: { tree.nodes[$0].tag == "pre" && !isLineNumberGutter($0) }) {
                out += [codeBlock(pre)]; return
            }
            out += [table(i)]; return
        case "blockquote":
            if let kind = admonitionKind(i) { out += [admonition(i, kind: kind)]; return }
            let inner = blocks(in: i)
            // "> **Note**: …" (Markdown without an admonition extension): a box of that kind.
            if case .admonition(let kind, nil, let first)? = inner.first {
                out += [.admonition(kind: kind, title: nil, blocks: first + inner.dropFirst())]; return
            }
            // Scribble indents each definition box with `blockquote.SVInsetFlow`: a layout, not a quotation, so the box's
            // declaration heads the prose after it.
            if node.hasClass("SVInsetFlow"), case .heading? = inner.first { out += inner; return }
            out += inner.isEmpty ? [] : [.quote(inner)]; return
        case "details":
            if let kind = admonitionKind(i) { out += [admonition(i, kind: kind)]; return }
            // Haddock's Synopsis (`div#synopsis > details#syn`) lists every declaration the page then documents.
            if node.attribute("id") == "syn", case let p = Int(node.parent), p >= 0, tree.nodes[p].attribute("id") == "synopsis" { return }
            // rustdoc folds the documentation of trait implementations (copies of the trait's own docs)
            // into closed `details.toggle`: keep the signature in the summary only.
            if node.attribute("open") == nil, node.hasClass("toggle"), let summary = tree.children(i).first(where: { tree.nodes[$0].tag == "summary" }) {
                appendBlocks(in: summary, to: &out); return
            }
            appendBlocks(in: i, to: &out); return
        case "figcaption", "summary", "caption":
            appendBlocks(in: i, to: &out); return
        case "a" where containsBlock(i) && isCardLink(i):
            // A link drawn as a card (`a > div > span`): one link whose text is the card's, so that
            // pagers ("Previous" / "Next" cards) and link rows are still recognised as links.
            let text = Text.collapse(cardText(i))
            guard !text.isEmpty else { return }
            if let href = node.attribute("href"), let url = resolve(href) { out += [.paragraph([.link(text: text, url: url)])]; return }
            out += [.paragraph([.text(text)])]; return
        case "div" where node.hasClass("item-table"):
            out += itemTable(i); return
        case "div" where node.hasClass("member-signature") || node.hasClass("type-signature"):
            // Javadoc (JDK 11+) sets a declaration out in styled spans: one line of code.
            let text = Text.collapse(text(i))
            out += text.isEmpty ? [] : [.code(language: "java", text: text)]; return
        case "div" where node.hasClass("subs") && node.hasClass("instances"):
            // Haddock's instance lists: the classes a type belongs to, with their methods' declarations copied from them
            // ("Instance details. Defined in GHC.IO.Exception Methods toException :: …") — the classes' own pages say it.
            return
        case "div" where node.hasClass("subs") && (node.hasClass("constructors") || node.hasClass("fields")):
            // Haddock's constructors and record fields: a table of declarations (`td.src`, its name an `a.def`) and their
            // documentation (`td.doc`): entries named by the declared name.
            var items: [DefinitionItem] = []
            for row in tree.descendants(i) where tree.nodes[row].tag == "tr" {
                let cells = tree.children(row).filter { tree.nodes[$0].tag == "td" }
                guard cells.count == 2, tree.nodes[cells[0]].hasClass("src"),
                      let def = firstDescendant(cells[0], where: { tree.nodes[$0].tag == "a" && tree.nodes[$0].hasClass("def") }) else { continue }
                let name = Text.collapse(text(def))
                let doc = blocks(in: cells[1])
                if !name.isEmpty, !doc.isEmpty { items.append(DefinitionItem(term: [.code(name)], anchor: tree.nodes[def].attribute("id"), definition: doc)) }
            }
            out += items.isEmpty ? [] : [.definitionList(items)]; return
        case "div" where node.hasClass("REFTYPES"):
            // Erlang's type lines under a function ("Map = #{Key => Value, term() => term()}"): declarations, one line
            // of code each, no prose.
            let text = Text.collapse(inlines(of: i).plainText)
            out += text.isEmpty ? [] : [.code(language: "erlang", text: text)]; return
        case "div" where node.hasClass("method-heading") && !rdocCallSpans(i).isEmpty:
            // RDoc (darkfish) heads a method with a `div` of spans: its call sequence (`span.method-callseq`, or
            // `span.method-name` and `span.method-args`) and a "click to toggle source" advice. The method's anchor is
            // its `div.method-detail`'s id.
            let title = rdocCallSpans(i).map { Text.collapse(text($0)) }.joined()
            let parent = Int(node.parent)
            let anchor = parent >= 0 ? tree.nodes[parent].attribute("id") : nil
            // One heading per method: a further call sequence (`ary[index] → obj`, `ary[start, length] → …`) is the same
            // method's, under the first.
            let first = parent >= 0 ? tree.children(parent).first(where: { tree.nodes[$0].tag == "div" && tree.nodes[$0].hasClass("method-heading") }) : i
            if first != i { return }
            out += title.isEmpty ? [] : [.heading(level: 4, text: title, anchor: anchor)]; return
        case "div" where node.hasClass("method-source-code") && isInRDocMethod(i):
            // RDoc: the method's implementation, hidden until its heading is clicked, is no example.
            return
        case "div" where node.hasClass("inherited-list"):
            // Javadoc's "Methods inherited from class java.lang.Object": links to other classes' docs.
            return
        case "div" where node.hasClass("fragment"):
            // Doxygen draws code as `div.fragment` > `div.line`, line numbers in `span.lineno`.
            out += [codeBlock(i)]; return
        default:
            if let kind = admonitionKind(i) { out += [admonition(i, kind: kind)]; return }
            if containsBlock(i) || !node.kind.contains(.phrasing) {
                // A highlighter's container (`div.highlight-python`, `div.language-sh`) holds the code
                // plus labels and buttons: keep the code.
                if node.tag == "div", isCodeContainer(node), let pre = firstDescendant(i, where: { tree.nodes[$0].tag == "pre" && !isLineNumberGutter($0) }) {
                    out += [codeBlock(pre)]; return
                }
                appendBlocks(in: i, to: &out); return
            }
            var run: [Inline] = []
            appendInline(i, to: &run)
            run = Self.normalized(run)
            out += run.isEmpty ? [] : [.paragraph(run)]; return
        }
    }

    /// A link whose content is block-level only for layout: `div`s and inline elements, no headings,
    /// paragraphs, lists, tables or code.
    private func isCardLink(_ i: Int) -> Bool {
        for d in tree.descendants(i) {
            let n = tree.nodes[d]
            if n.isText || n.tag == "div" || n.kind.contains(.phrasing) { continue }
            return false
        }
        return true
    }

    /// The visible text of a card, a space between its blocks.
    private func cardText(_ i: Int) -> String {
        var out = ""
        // (node, the sibling element just before it)
        var stack: [(Int, Int)] = []
        func push(childrenOf p: Int) {
            var previous = -1
            var children: [(Int, Int)] = []
            for c in tree.children(p) {
                children.append((c, previous))
                previous = tree.nodes[c].isText ? -1 : c
            }
            stack.append(contentsOf: children.reversed())
        }
        push(childrenOf: i)
        while let (n, previous) = stack.popLast() {
            let node = tree.nodes[n]
            if let t = node.text { out += t; continue }
            if isFurniture(n) { continue }
            if node.tag == "div" || node.tag == "br" || (previous >= 0 && isLayoutSeparated(previous, n)) { out += " " }
            push(childrenOf: n)
        }
        return out
    }

    private func containsBlock(_ i: Int) -> Bool {
        // Each stack entry is the first of a run of siblings still to visit.
        var stack: [Int32] = []
        var c = tree.nodes[i].firstChild
        while true {
            while c >= 0 {
                let n = Int(c)
                if !tree.nodes[n].isText && !isFurniture(n) {
                    if !tree.nodes[n].kind.contains(.phrasing) { return true }
                    if tree.nodes[n].firstChild >= 0 { stack.append(tree.nodes[n].firstChild) }
                }
                c = tree.nodes[n].nextSibling
            }
            guard let next = stack.popLast() else { return false }
            c = next
        }
    }

    /// Whether `predicate` holds for a descendant of `i`, without building the list of descendants.
    private func hasDescendant(_ i: Int, where predicate: (Int) -> Bool) -> Bool { firstDescendant(i, where: predicate) != nil }

    /// The first descendant of `i` in document order for which `predicate` holds, without building
    /// the list of descendants.
    private func firstDescendant(_ i: Int, where predicate: (Int) -> Bool) -> Int? {
        // Each stack entry is the next sibling of an element whose children are being visited.
        var stack: [Int32] = []
        var c = tree.nodes[i].firstChild
        while true {
            while c >= 0 {
                let n = Int(c)
                if predicate(n) { return n }
                let f = tree.nodes[n].firstChild
                if f >= 0 {
                    stack.append(tree.nodes[n].nextSibling)
                    c = f
                } else {
                    c = tree.nodes[n].nextSibling
                }
            }
            guard let next = stack.popLast() else { return nil }
            c = next
        }
    }

    /// Whether `a` is above `d` in the tree.
    private func isAncestor(_ a: Int, of d: Int) -> Bool {
        var p = Int(tree.nodes[d].parent)
        while p >= 0 {
            if p == a { return true }
            p = Int(tree.nodes[p].parent)
        }
        return false
    }

    /// The text below `i` (`tree.text(i)`), without the list of descendants.
    private func text(_ i: Int) -> String {
        if let t = tree.nodes[i].text { return t }
        let f = Int(tree.nodes[i].firstChild)
        // The common case, an element holding one text node: that text, not a copy.
        if f >= 0, tree.nodes[f].nextSibling < 0, let t = tree.nodes[f].text { return t }
        var out = ""
        _ = firstDescendant(i) { d in
            if let t = tree.nodes[d].text { out += t }
            return false
        }
        return out
    }

    /// Calls `body` with the bytes of each class name in `cls` until it returns true, when `cls` is
    /// ASCII without a carriage return (so that bytes split the way `HTMLTree.Node.classes` splits
    /// Characters); nil otherwise.
    static func anyASCIIClass(_ cls: String, _ body: (Slice<UnsafeBufferPointer<UInt8>>) -> Bool) -> Bool? {
        var cls = cls
        return cls.withUTF8 { b -> Bool? in
            for x in b where x >= 0x80 || x == 0x0D { return nil }
            var start = 0
            for end in 0...b.count where end == b.count || b[end] == 0x20 || b[end] == 0x09 || b[end] == 0x0A {
                if end > start, body(b[start..<end]) { return true }
                start = end + 1
            }
            return false
        }
    }

    @inline(__always)
    static func bytes(_ s: Slice<UnsafeBufferPointer<UInt8>>, startWith prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard s.count >= n else { return false }
        let p = prefix.utf8Start
        var k = 0
        for x in s.prefix(n) { if x != p[k] { return false }; k += 1 }
        return true
    }

    @inline(__always)
    static func bytes(_ s: Slice<UnsafeBufferPointer<UInt8>>, equal word: StaticString) -> Bool {
        s.count == word.utf8CodeUnitCount && bytes(s, startWith: word)
    }

    // MARK: Headings

    static func headingText(_ s: String) -> String {
        var t = Text.trimmed(s)
        // Each mark starts with one of these bytes and ends with one of those: a text that neither
        // starts nor ends so has none to strip.
        if let f = t.utf8.first, let l = t.utf8.last, f != 0x23 && f != 0xC2 && f != 0xE2 && f != 0xF0,
           l != 0x23 && l != 0xB6 && l != 0xA7 && l != 0x8B && l != 0x97 {
            return t
        }
        for mark in ["¶", "#", "🔗", "\u{200B}", "§"] {
            while t.hasSuffix(mark) { t = Text.trimmed(String(t.dropLast(mark.count))) }
            while t.hasPrefix(mark + " ") || t == mark { t = Text.trimmed(String(t.dropFirst(mark.count))) }
        }
        return t
    }

    private func headingAnchor(_ i: Int) -> String? {
        if let id = tree.nodes[i].attribute("id"), !id.isEmpty { return id }
        var anchor: String? = nil
        _ = firstDescendant(i) { d in
            let n = tree.nodes[d]
            // A control inside the heading (rustdoc's `<button id="copy-path">`) is not its anchor.
            if n.tag == "button" || n.tag == "input" || n.tag == "select" { return false }
            // A back-link to the table of contents (Sphinx's `a.toc-backref`, `role="doc-backlink"`)
            // points away from the heading; its permalink follows.
            if n.tag == "a", n.hasClass("toc-backref") || n.attribute("role") == "doc-backlink" { return false }
            if let id = n.attribute("id"), !id.isEmpty { anchor = id; return true }
            if n.tag == "a", let name = n.attribute("name"), !name.isEmpty { anchor = name; return true }
            // A permalink's target must exist: react.dev's page title links to "#undefined".
            if n.tag == "a", let href = n.attribute("href"), href.hasPrefix("#"), href.count > 1,
               memo.targetExists(String(href.dropFirst()), in: tree) { anchor = String(href.dropFirst()); return true }
            return false
        }
        if let anchor { return anchor }
        // Sphinx and others put the id on the enclosing section.
        let parent = Int(tree.nodes[i].parent)
        if parent >= 0, let id = tree.nodes[parent].attribute("id"), !id.isEmpty,
           tree.children(parent).first(where: { !tree.nodes[$0].isText || !Text.collapse(tree.nodes[$0].text!).isEmpty }) == i {
            return id
        }
        // An empty anchor element just before the heading.
        var prev: Int? = nil
        for c in tree.children(max(parent, 0)) { if c == i { break }; prev = c }
        if let p = prev, tree.nodes[p].tag == "a" || tree.nodes[p].tag == "span", let id = tree.nodes[p].attribute("id") ?? tree.nodes[p].attribute("name") { return id }
        return nil
    }

    // MARK: Code

    private func isLineNumberGutter(_ i: Int) -> Bool {
        var n = i
        for _ in 0..<3 {
            if let c = tree.nodes[n].attribute("class"), c.has("lineno") || c.has("gutter") || c.has("line-number") { return true }
            n = Int(tree.nodes[n].parent)
            if n < 0 { break }
        }
        return false
    }

    static func isCodeLine(_ node: HTMLTree.Node) -> Bool {
        if node.tag == "div" || node.tag == "p" || node.tag == "li" { return true }
        guard node.tag == "span", var c = node.attribute("class") else { return false }
        // `line`, `cl`, `token-line`, `code-line`, `ec-line`, `gatsby-highlight-code-line`; not `line-number`.
        // Read byte by byte: highlighted code asks this of every token span.
        return c.withUTF8 { b in
            var start = 0
            for end in 0...b.count where end == b.count || b[end] == 0x20 {
                let n = end - start
                if n == 2, b[start] == 0x63, b[start + 1] == 0x6C { return true }  // cl
                if n >= 4, b[end - 4] == 0x6C, b[end - 3] == 0x69, b[end - 2] == 0x6E, b[end - 1] == 0x65,  // …line
                   n == 4 || b[end - 5] == 0x2D { return true }
                start = end + 1
            }
            return false
        }
    }

    private func codeBlock(_ i: Int) -> ContentBlock {
        var text = ""
        var stack = [i]
        while let n = stack.popLast() {
            if let t = tree.nodes[n].text { text += t; continue }
            let node = tree.nodes[n]
            if n != i {
                if node.tag == "br" { text += "\n"; continue }
                // Highlighters that draw each line as a block element (`span.line`, `div`) leave no
                // newline in the text between lines.
                if Self.isCodeLine(node), !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
                if node.tag == "button" { continue }
                // Most token spans carry one short class: read it once.
                if !node.attributes.isEmpty {
                    let cls = node.attribute("class")
                    if let c = cls, c.has("line-number") || c.has("copy") || Self.classAttribute(c, lists: "linenos") || Self.classAttribute(c, lists: "lineno")
                        || Self.classAttribute(c, lists: "gutter") { continue }
                    if node.attribute("aria-hidden") == "true" || node.attribute("data-nosnippet") != nil && (cls ?? "").has("ln") { continue }
                }
            }
            let mark = stack.count
            var c = Int(node.firstChild)
            while c >= 0 { stack.append(c); c = Int(tree.nodes[c].nextSibling) }
            stack[mark...].reverse()
        }
        while text.hasSuffix("\n") { text.removeLast() }
        while text.hasPrefix("\n") { text.removeFirst() }
        return .code(language: CodeLanguage.detect(tree: tree, pre: i, text: text), text: text)
    }

    // MARK: Lists

    private func isCodeContainer(_ node: HTMLTree.Node) -> Bool {
        guard let cls = node.attribute("class") else { return false }
        if let found = Self.anyASCIIClass(cls, { c in
            Self.bytes(c, startWith: "language-") || Self.bytes(c, startWith: "highlight") || Self.bytes(c, startWith: "lang-")
                || Self.bytes(c, equal: "codehilite") || Self.bytes(c, equal: "sourceCode")
        }) {
            return found
        }
        return node.classes.contains(where: { $0.hasPrefix("language-") || $0.hasPrefix("highlight") || $0.hasPrefix("lang-") || $0 == "codehilite" || $0 == "sourceCode" })
    }

    private mutating func list(_ i: Int) -> [ContentBlock] {
        // Lists used for page layout (Javadoc's member lists) hold sections with headings: unwrap them.
        if hasDescendant(i, where: { tree.nodes[$0].kind.contains(.heading) }) {
            var out: [ContentBlock] = []
            for c in tree.children(i) where !tree.nodes[c].isText && !isFurniture(c) { out += blocks(in: c) }
            return out
        }
        var items: [[ContentBlock]] = []
        for c in tree.children(i) {
            let node = tree.nodes[c]
            if node.tag == "li" {
                if isFurniture(c) { continue }
                let item = blocks(in: c)
                if !item.isEmpty { items.append(item) }
            } else if !node.isText, !isFurniture(c) {
                items.append(contentsOf: block(for: c).map { [$0] })
            }
        }
        return items.isEmpty ? [] : [.list(ordered: tree.nodes[i].tag == "ol", items: items)]
    }

    /// A table of contents drawn as a definition list (DocBook's `dl.toc`: entries in `dt`, sub-entries
    /// in a nested `dl` in the `dd`): a nested list of its entries.
    private mutating func tableOfContents(_ i: Int) -> [ContentBlock] {
        var items: [[ContentBlock]] = []
        for c in tree.children(i) where !tree.nodes[c].isText && !isFurniture(c) {
            switch tree.nodes[c].tag {
            case "dt":
                let entry = Self.normalized(inlines(of: c))
                if !entry.isEmpty { items.append([.paragraph(entry)]) }
            case "dd":
                var sub: [ContentBlock] = []
                for d in tree.children(c) where !tree.nodes[d].isText && !isFurniture(d) {
                    sub += tree.nodes[d].tag == "dl" ? tableOfContents(d) : block(for: d)
                }
                if items.isEmpty { items.append(sub) } else { items[items.count - 1] += sub }
            default:
                break
            }
        }
        return items.isEmpty ? [] : [.list(ordered: false, items: items)]
    }

    /// rustdoc's item tables (a module's structs, functions, modules with their one-line summaries):
    /// `div.item-table > div.item-row > div.item-left + div.item-right` (older) or
    /// `ul.item-table > li > div.item-name + div.desc` (newer). Each row is a definition whose term
    /// is the item's name, as code.
    private mutating func itemTable(_ i: Int) -> [ContentBlock] {
        var items: [DefinitionItem] = []
        for row in tree.children(i) where !tree.nodes[row].isText && !isFurniture(row) {
            var term: [Inline] = []
            var definition: [ContentBlock] = []
            for cell in tree.children(row) where !tree.nodes[cell].isText {
                let n = tree.nodes[cell]
                if n.hasClass("item-left") || n.hasClass("item-name") {
                    let name = Text.collapse(text(cell))
                    if !name.isEmpty { term = [.code(name)] }
                } else if n.hasClass("item-right") || n.hasClass("desc") {
                    definition = blocks(in: cell)
                }
            }
            if !term.isEmpty { items.append(DefinitionItem(term: term, anchor: tree.nodes[row].attribute("id"), definition: definition)) }
        }
        return items.isEmpty ? blocks(in: i) : [.definitionList(items)]
    }

    /// Doxygen's `table.fieldtable` (`td.fieldname` + `td.fielddoc`) and parameter tables
    /// (`td.paramdir`, `td.paramname`, then the description): one definition per row, named in code,
    /// anchored where Doxygen anchors the enumerator.
    private mutating func doxygenFieldTable(_ i: Int) -> [ContentBlock] {
        var items: [DefinitionItem] = []
        for row in tree.descendants(i) where tree.nodes[row].tag == "tr" && owningTable(row) == i {
            let cells = tree.children(row).filter { tree.nodes[$0].tag == "td" }
            // Only Doxygen's own cells name the entry (JSDoc's `table.params` has `td.name`, `td.type`, …: a data table).
            guard cells.count >= 2, let doc = cells.last,
                  let nameCell = cells.first(where: { tree.nodes[$0].hasClass("fieldname") || tree.nodes[$0].hasClass("paramname") }),
                  nameCell != doc else { continue }
            let name = Text.collapse(text(nameCell))
            guard !name.isEmpty else { continue }
            let t = tree
            let anchor = t.descendants(nameCell).lazy.compactMap { t.nodes[$0].attribute("id") ?? t.nodes[$0].attribute("name") }.first
            items.append(DefinitionItem(term: [.code(name)], anchor: anchor, definition: blocks(in: doc)))
        }
        return items.isEmpty ? [table(i)] : [.definitionList(items)]
    }

    private mutating func definitionList(_ i: Int) -> [ContentBlock] {
        var items: [DefinitionItem] = []
        var stack = Array(tree.children(i)).reversed() as [Int]
        while let c = stack.popLast() {
            let node = tree.nodes[c]
            if node.isText || isFurniture(c) { continue }
            switch node.tag {
            case "dt":
                let term = Self.normalized(inlines(of: c))
                let t = tree
                // An id on the term or inside it, or an old-style `<a name>` inside it (DocBook: `<dt><a name="opt.xml">`).
                let anchor = node.attribute("id") ?? t.descendants(c).lazy.compactMap {
                    t.nodes[$0].attribute("id") ?? (t.nodes[$0].tag == "a" ? t.nodes[$0].attribute("name") : nil)
                }.first
                if let last = items.last, last.definition.isEmpty, !last.term.isEmpty {
                    items[items.count - 1].term.append(contentsOf: [.text("; ")] + term)
                    if items[items.count - 1].anchor == nil { items[items.count - 1].anchor = anchor }
                } else {
                    items.append(DefinitionItem(term: term, anchor: anchor, definition: []))
                }
            case "dd":
                let def = blocks(in: c)
                if items.isEmpty { items.append(DefinitionItem(term: [], anchor: nil, definition: def)) } else { items[items.count - 1].definition += def }
            case "div":
                stack.append(contentsOf: Array(tree.children(c)).reversed())
            default:
                break
            }
        }
        return items.isEmpty ? [] : [.definitionList(items)]
    }

    // MARK: Tables

    private mutating func table(_ i: Int) -> ContentBlock {
        var rows: [(cells: [(inlines: [Inline], colspan: Int, rowspan: Int)], header: Bool)] = []
        var stack = Array(tree.children(i)).reversed() as [Int]
        while let c = stack.popLast() {
            let node = tree.nodes[c]
            switch node.tag {
            case "thead", "tbody", "tfoot":
                stack.append(contentsOf: Array(tree.children(c)).reversed())
            case "tr":
                var cells: [(inlines: [Inline], colspan: Int, rowspan: Int)] = []
                var allHeader = true
                for cell in tree.children(c) where tree.nodes[cell].tag == "td" || tree.nodes[cell].tag == "th" {
                    if tree.nodes[cell].tag == "td" { allHeader = false }
                    let span = min(max(Int(tree.nodes[cell].attribute("colspan") ?? "1") ?? 1, 1), 50)
                    let rspan = min(max(Int(tree.nodes[cell].attribute("rowspan") ?? "1") ?? 1, 1), 50)
                    cells.append((cellInlines(cell), span, rspan))
                }
                let inHead = tree.nodes[Int(node.parent)].tag == "thead"
                if !cells.isEmpty { rows.append((cells, inHead || allHeader)) }
            case "caption":
                break
            default:
                break
            }
        }
        // Lay out with colspan repeated and rowspan carried down.
        var grid: [[[Inline]]] = []
        var carry: [Int: ([Inline], Int)] = [:]  // column → (content, rows left)
        for row in rows {
            var out: [[Inline]] = []
            var col = 0
            var cells = row.cells[...]
            while !cells.isEmpty || carry.keys.contains(where: { $0 >= col }) {
                if let (content, left) = carry[col] {
                    out.append(content)
                    carry[col] = left > 1 ? (content, left - 1) : nil
                    col += 1
                    continue
                }
                guard let cell = cells.popFirst() else { break }
                for k in 0..<cell.colspan {
                    out.append(k == 0 ? cell.inlines : [])
                    if cell.rowspan > 1 { carry[col + k] = (cell.inlines, cell.rowspan - 1) }
                }
                col += cell.colspan
            }
            grid.append(out)
        }
        var header: [[Inline]]? = nil
        var body = grid
        if let first = rows.first, first.header, !grid.isEmpty {
            header = grid[0]
            body = Array(grid.dropFirst())
        }
        return .table(Table(header: header, rows: body, anchor: tableAnchor(i)))
    }

    /// The table's id, or the id of the box it opens (its parent, when it is the parent's first
    /// element) or of the empty anchor just before that box (nginx: `<a name="rewrite_log"></a><div
    /// class="directive"><table>…`).
    private func tableAnchor(_ i: Int) -> String? {
        if let id = tree.nodes[i].attribute("id"), !id.isEmpty { return id }
        var box = i
        let parent = Int(tree.nodes[i].parent)
        if parent >= 0, tree.children(parent).first(where: { !tree.nodes[$0].isText || !Text.collapse(tree.nodes[$0].text!).isEmpty }) == i {
            if let id = tree.nodes[parent].attribute("id"), !id.isEmpty { return id }
            box = parent
        }
        let container = Int(tree.nodes[box].parent)
        guard container >= 0 else { return nil }
        var previous: Int? = nil
        for c in tree.children(container) {
            if c == box { break }
            if tree.nodes[c].isText, Text.collapse(tree.nodes[c].text!).isEmpty { continue }
            previous = c
        }
        guard let p = previous, tree.nodes[p].tag == "a" || tree.nodes[p].tag == "span", analysis.text[p] == 0 else { return nil }
        return tree.nodes[p].attribute("id") ?? tree.nodes[p].attribute("name")
    }

    private mutating func cellInlines(_ cell: Int) -> [Inline] {
        // Cells may hold blocks (lists, paragraphs, code): flatten them into one inline run.
        if !containsBlock(cell) { return Self.normalized(inlines(of: cell)) }
        let inner = blocks(in: cell)
        var out: [Inline] = []
        for (k, b) in inner.enumerated() {
            // Blocks of a cell are units of their own: one that ends without punctuation is closed ("Data type:
            // string. Use a file function …", not "string Use a file function …").
            // (Values one per line — "ssh", "winrm"; "Linux", "Windows" — stay a run of words.)
            if k > 0, case .paragraph(let run) = inner[k - 1], let last = run.plainText.trimmingCharacters(in: .whitespaces).last,
               last.isLetter || last.isNumber, case .paragraph(let next) = b, next.plainText.trimmingCharacters(in: .whitespaces).first?.isUppercase == true,
               next.plainText.split(separator: " ").count >= 3 {
                out.append(.text(". "))
            } else if k > 0 {
                out.append(.text(" "))
            }
            switch b {
            case .paragraph(let run): out += run
            case .code(_, let text): out.append(.code(String(text.map { $0 == "\n" ? " " : $0 })))
            default: out.append(.text(Text.collapse(DocumentRenderer.plainText(b))))
            }
        }
        return Self.normalized(out)
    }

    // MARK: Admonitions

    static let versionMarkers: [String: AdmonitionKind] = [
        "versionadded": .versionAdded, "versionchanged": .versionChanged, "deprecated": .deprecated, "versionremoved": .deprecated,
        "version-added": .versionAdded, "version-changed": .versionChanged, "version-deprecated": .deprecated,
    ]
    static let bareKinds: Set<String> = ["note", "warning", "tip", "caution", "danger", "important", "attention", "hint", "seealso", "deprecated", "notice", "info"]
    static let admonitionParts = ["content", "heading", "title", "icon", "body", "label"]
    static let admonitionContainers: Set<String> = ["div", "aside", "section", "details", "blockquote"]

    /// The admonition kind of a call-out box: Sphinx/MkDocs `admonition warning`, Docusaurus
    /// `theme-admonition-tip`, GitHub `markdown-alert-note`, Bootstrap/Docsy `alert alert-warning`,
    /// MDN `notecard warning`, Starlight `starlight-aside--caution`, Sphinx `versionadded`, or a bare
    /// `role=note`.
    func admonitionKind(_ i: Int) -> AdmonitionKind? {
        let node = tree.nodes[i]
        let role = node.attribute("role")
        guard let cls = node.attribute("class"), !cls.isEmpty else {
            return role == "note" && node.tag != "p" ? .note : nil
        }
        // Only `p` and the box containers can be boxes once they have classes: tested before hashing the key.
        guard node.tag == "p" || node.kind.contains(.boxContainer) else { return nil }
        let key = AdmonitionKey(tag: Bytes(string: node.tag), cls: Bytes(string: cls), role: role.map { Bytes(string: $0) })
        if let known = memo.admonitionKinds[key] { return known }
        let memo = self.memo
        let kind = Self.admonitionKind(tag: node.tag, cls: cls, role: role, label: { memo.kind(label: $0) })
        memo.admonitionKinds[key] = .some(kind)
        return kind
    }

    /// `admonitionKind` of an element with a non-empty class attribute.
    /// `label` is `AdmonitionKind(label:)`, or a memo of it.
    static func admonitionKind(tag: String, cls: String, role: String?, label kindOf: @escaping (String) -> AdmonitionKind?) -> AdmonitionKind? {
        // Only when a class names a kind, a marker or a box (asked of every block element with a class:
        // most are none of these).
        guard role == "note" || role == "alert" || Self.mayNameAdmonition(cls) else { return nil }
        let classes = cls.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map { String(decoding: ASCII.lowered($0), as: UTF8.self) }
        if tag == "div" || tag == "p" {
            for c in classes { if let k = Self.versionMarkers[c] { return k } }
        }
        if tag == "p" { return nil }
        // Javadoc: `div.deprecation-block` > `span.deprecated-label` + `div.deprecation-comment`.
        if tag == "div", classes.contains("deprecation-block") { return .deprecated }
        // Parts of a box (`admonitionContent`, `alert-title`) are not boxes themselves.
        if classes.contains(where: { c in Self.admonitionParts.contains(where: { c.has($0) }) }) { return nil }
        let marked = classes.contains(where: { $0.has("admonition") || $0.has("alert") || $0.has("callout") || $0.has("notecard") || $0.has("aside")
            || $0.has("blockquote-tag") })
            || role == "note" || role == "alert"
        guard Self.admonitionContainers.contains(tag) else { return nil }
        if marked {
            // The most specific label wins: `admonition note` → note, `theme-admonition-warning` → warning.
            for c in classes.reversed() {
                if let kind = kindOf(c) { return kind }
                for part in c.split(whereSeparator: { $0 == "-" || $0 == "_" }).reversed() {
                    if let kind = kindOf(String(part)) { return kind }
                }
            }
            return .note
        }
        // rustdoc's disclosure of a whole item (`details.toggle.method-toggle.deprecated`) holds its
        // signature and documentation; the deprecation notice is a box of its own inside it.
        if tag == "details", classes.contains(where: { $0 == "toggle" || $0.hasSuffix("-toggle") }) { return nil }
        for c in classes where Self.bareKinds.contains(c) {
            if let kind = kindOf(c) { return kind }
        }
        // Wiki and blog boxes: `archwiki-template-box-warning`, `note-box`, `box-tip`.
        guard cls.has("box") else { return nil }
        for c in classes {
            let parts = c.split(whereSeparator: { $0 == "-" || $0 == "_" })
            guard parts.contains("box"), let kind = parts.lazy.compactMap({ Self.bareKinds.contains(String($0)) ? kindOf(String($0)) : nil }).last else { continue }
            return kind
        }
        return nil
    }

    /// Every class `admonitionKind` acts on contains one of these (ASCII case ignored): a class
    /// attribute with none of them names no box.
    static let admonitionWords: [StaticString] = [
        "version", "deprecat", "admonition", "alert", "callout", "aside", "blockquote-tag", "note", "warning", "tip", "caution",
        "danger", "important", "attention", "hint", "seealso", "info", "box",
    ]

    /// `admonitionWords` grouped by first byte.
    static let admonitionWordsByFirstByte: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 128)
        for word in admonitionWords {
            let bytes = Array(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
            table[Int(bytes[0])].append(bytes)
        }
        return table
    }()

    /// Whether `cls` contains one of `admonitionWords`, ASCII case ignored, in one pass.
    static func mayNameAdmonition(_ cls: String) -> Bool {
        var cls = cls
        let table = admonitionWordsByFirstByte
        return cls.withUTF8 { h in
            @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
            let n = h.count
            for i in 0..<n {
                let b = lower(h[i])
                guard b < 0x80 else { continue }
                for word in table[Int(b)] where word.count <= n - i {
                    var k = 1
                    while k < word.count && lower(h[i + k]) == word[k] { k += 1 }
                    if k == word.count { return true }
                }
            }
            return false
        }
    }

    /// `HTMLTree.Node.hasClass(name)` given the node's class attribute: whether `cls` lists `name` as one
    /// of its whitespace-separated names (the same byte test).
    static func classAttribute(_ cls: String, lists name: StaticString) -> Bool {
        HTMLTree.Node.classList(cls, contains: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    private mutating func admonition(_ i: Int, kind: AdmonitionKind) -> ContentBlock {
        var title: String? = nil
        var titleNode: Int? = nil
        var seen = 0
        _ = firstDescendant(i) { d in
            // The first 40 descendants only.
            seen += 1
            if seen > 40 { return true }
            let n = tree.nodes[d]
            // Every test below but the tag's reads the class attribute.
            if n.attributes.isEmpty && n.tag != "summary" { return false }
            if n.classes.contains(where: { $0.has("admonition-title") || $0.has("alert-title") || $0.has("admonition-heading") || $0.has("admonitionHeading") || $0.has("aside__title") || $0.has("callout-title") || $0.has("block-title") || $0 == "title" || $0 == "deprecated-label" || $0.has("blockquote-tag-title") })
                || n.tag == "summary" {
                title = Text.collapse(text(d))
                titleNode = d
                return true
            }
            return false
        }
        var inner: [ContentBlock]
        if let layout = layoutTable(of: i) {
            // AsciiDoc and DocBook draw the box as a table: an icon or label cell, then the text.
            inner = []
            for cell in tree.descendants(layout) where tree.nodes[cell].tag == "td" || tree.nodes[cell].tag == "th" {
                if tree.nodes[cell].hasClass("icon") || cell == titleNode { continue }
                let label = Text.collapse(text(cell)).trimmingCharacters(in: CharacterSet(charactersIn: "[]: "))
                if label.isEmpty || AdmonitionKind(label: label) != nil { continue }
                // The title found first sits in this cell (a font icon leaves the label cell without one):
                // the cell's text without it.
                if let t = titleNode, tree.descendants(cell).contains(t) {
                    inner += blocks(in: cell, skipping: t)
                    continue
                }
                // AsciiDoc's block title inside the text cell ("Method visibility and `@Transactional`") is
                // the box's title when the label cell held only the kind.
                if let own = tree.children(cell).first(where: { tree.nodes[$0].tag == "div" && tree.nodes[$0].hasClass("title") }) {
                    let t = Text.collapse(text(own))
                    if title == nil || AdmonitionKind(label: title!.trimmingCharacters(in: CharacterSet(charactersIn: ".: "))) != nil, !t.isEmpty {
                        title = t
                    }
                    inner += blocks(in: cell, skipping: own)
                    continue
                }
                inner += blocks(in: cell)
            }
        } else if let titleNode {
            inner = blocks(in: i, skipping: titleNode)
        } else {
            inner = blocks(in: i)
        }
        if let t = title?.trimmingCharacters(in: CharacterSet(charactersIn: ".: ")), t.isEmpty || AdmonitionKind(label: t) == kind || t.lowercased() == kind.rawValue {
            title = nil
        }
        inner = DocumentParser.cleaned(inner)
        // A box whose text opens with its kind in bold and no colon (ArchWiki's `<strong>Warning</strong> The files …`):
        // the label is the box's, not the text's.
        if case .paragraph(var run)? = inner.first, run.count >= 2, case .strong(let label) = run[0],
           let named = AdmonitionKind(label: label.trimmingCharacters(in: CharacterSet(charactersIn: ".: "))), named == kind,
           ![.deprecated, .versionAdded, .versionChanged].contains(kind),
           case .text(let t) = run[1], !(t.drop(while: { $0 == " " || $0 == ":" }).first?.isLowercase ?? false) {
            // (Not "**Note** that the files …", nor "**Deprecated** since 1.2": the label reads on in the text.)
            let rest = String(t.drop(while: { $0 == " " || $0 == ":" }))
            run.removeFirst()
            if rest.isEmpty { run.removeFirst() } else { run[0] = .text(rest) }
            if !run.isEmpty { inner[0] = .paragraph(run) }
        }
        return .admonition(kind: kind, title: title, blocks: inner)
    }

    /// The cells of a signature table joined as code: `void Buffer::resize(size_t n)`.
    static func signatureLine(_ cells: [String]) -> String {
        var out = ""
        for cell in cells {
            let c = cell.replacingOccurrences(of: "\u{00A0}", with: " ").trimmingCharacters(in: .whitespaces)
            guard !c.isEmpty else { continue }
            let glued = c.hasPrefix("(") || c.hasPrefix(")") || c.hasPrefix(",") || out.hasSuffix("(") || out.isEmpty
            out += (glued ? "" : " ") + c
        }
        return out
    }

    /// Kinds a paragraph may announce with a bold label ("**Warning:** …").
    static let labelKinds: Set<AdmonitionKind> = [.note, .tip, .hint, .important, .warning, .caution, .danger, .attention, .deprecated]

    /// A paragraph that opens with a bold kind label and a colon ("**Warning:** Do not …",
    /// "**Note**: …") is a call-out of that kind written without an admonition extension.
    static func labelledCallout(_ blocks: [ContentBlock]) -> [ContentBlock] {
        guard blocks.count == 1, case .paragraph(let run) = blocks[0], run.count >= 2, case .strong(let label) = run[0] else { return blocks }
        var name = label.trimmingCharacters(in: .whitespaces)
        var rest = Array(run.dropFirst())
        if name.hasSuffix(":") {
            name.removeLast()
        } else if case .text(let t) = rest[0], t.hasPrefix(":") {
            rest[0] = .text(String(t.dropFirst()))
        } else {
            return blocks
        }
        guard let kind = AdmonitionKind(label: name.trimmingCharacters(in: .whitespaces)), labelKinds.contains(kind) else { return blocks }
        if case .text(let t) = rest[0] {
            let trimmed = String(t.drop(while: { $0 == " " }))
            if trimmed.isEmpty { rest.removeFirst() } else { rest[0] = .text(trimmed) }
        }
        guard !rest.isEmpty else { return blocks }
        return [.admonition(kind: kind, title: nil, blocks: [.paragraph(rest)])]
    }

    /// A table used for layout rather than data: a heading inside it, or one cell holding blocks.
    func isLayoutGrid(_ i: Int) -> Bool {
        var cells = 0
        var blockCell = false
        let heading = hasDescendant(i) { d in
            let tag = tree.nodes[d].tag
            if tree.nodes[d].kind.contains(.heading) { return true }
            if (tag == "td" || tag == "th") && owningTable(d) == i {
                cells += 1
                if cells > 1 && !blockCell { return false }
                var c = Int(tree.nodes[d].firstChild)
                while c >= 0 {
                    switch tree.nodes[c].tag {
                    case "p", "div", "ul", "ol", "pre", "table", "dl", "blockquote": blockCell = true
                    default: break
                    }
                    c = Int(tree.nodes[c].nextSibling)
                }
            }
            return false
        }
        return heading || (cells == 1 && blockCell)
    }

    /// The rows of a table that holds only headings (a row of one cell) and entries (a row of two cells, a short name and its
    /// description), as headings and definition lists; nil for any other table.
    private mutating func termRows(_ i: Int) -> [ContentBlock]? {
        let rows = tree.descendants(i).filter { tree.nodes[$0].tag == "tr" && owningTable($0) == i }
        var plan: [(heading: Int?, term: Int?, definition: Int?)] = []
        var entries = 0
        for row in rows {
            let cells = tree.children(row).filter { tree.nodes[$0].tag == "td" || tree.nodes[$0].tag == "th" }
            switch cells.count {
            case 1:
                guard hasDescendant(cells[0], where: { tree.nodes[$0].kind.contains(.heading) }) else { return nil }
                plan.append((cells[0], nil, nil))
            case 2:
                // (A page laid out as a navigation cell and a content cell holds headings, tables or long text in its
                // second cell: no entry.)
                let name = Text.collapse(text(cells[0]))
                let description = Text.collapse(text(cells[1]))
                guard !name.isEmpty, name.split(separator: " ").count <= 4, !description.isEmpty, description.utf8.count <= 600,
                      !hasDescendant(cells[0], where: { tree.nodes[$0].kind.contains(.heading) || tree.nodes[$0].tag == "table" }),
                      !hasDescendant(cells[1], where: { tree.nodes[$0].kind.contains(.heading) || tree.nodes[$0].tag == "table" })
                else { return nil }
                plan.append((nil, cells[0], cells[1]))
                entries += 1
            default:
                return nil
            }
        }
        guard entries >= 2 else { return nil }
        var out: [ContentBlock] = []
        var items: [DefinitionItem] = []
        for step in plan {
            if let heading = step.heading {
                if !items.isEmpty { out.append(.definitionList(items)); items = [] }
                appendBlocks(in: heading, to: &out)
            } else if let term = step.term, let definition = step.definition {
                items.append(DefinitionItem(term: Self.normalized(inlines(of: term)), anchor: nil, definition: blocks(in: definition)))
            }
        }
        if !items.isEmpty { out.append(.definitionList(items)) }
        return out
    }

    /// DocBook's `qandaset` (an FAQ) is drawn as a layout table whose rows are classed `question`,
    /// `answer`, `toc` (the questions listed again) and `qandadiv` (a division's heading).
    func isDocBookQandA(_ i: Int) -> Bool {
        // DocBook XSL's signature first (`summary="Q and A Div"`, or the table sits in `div.qandaset`): the rows are
        // looked at only then.
        let parent = Int(tree.nodes[i].parent)
        guard tree.nodes[i].attribute("summary")?.hasPrefix("Q and A") == true
                || (parent >= 0 && tree.nodes[parent].tag == "div" && tree.nodes[parent].hasClass("qandaset")) else { return false }
        return tree.descendants(i).contains { tree.nodes[$0].tag == "tr" && tree.nodes[$0].hasClass("question") && owningTable($0) == i }
    }

    /// Each question of a DocBook FAQ is a heading, anchored where DocBook anchors it, one level below
    /// its division's; its answer is the section's content. The division's list of its questions is dropped.
    private mutating func docBookQandA(_ i: Int) -> [ContentBlock] {
        var out: [ContentBlock] = []
        var divisionLevel = 3
        for row in tree.descendants(i) where tree.nodes[row].tag == "tr" && owningTable(row) == i {
            let cells = tree.children(row).filter { tree.nodes[$0].tag == "td" || tree.nodes[$0].tag == "th" }
            let node = tree.nodes[row]
            if node.hasClass("toc") { continue }
            if node.hasClass("question"), let last = cells.last {
                // The question's words are the heading; what it quotes ("My program dies like this:" and the
                // message) stays below it as code.
                var words: [Inline] = []
                var quoted: [ContentBlock] = []
                for c in tree.children(last) {
                    if tree.nodes[c].tag == "pre" {
                        quoted.append(codeBlock(c))
                        words.append(.text(" "))
                    } else {
                        appendInline(c, to: &words)
                        // Paragraphs of the question side by side stay apart.
                        if !tree.nodes[c].isText { words.append(.text(" ")) }
                    }
                }
                let text = Self.headingText(Self.normalized(words).plainText)
                if !text.isEmpty { out.append(.heading(level: min(6, divisionLevel + 1), text: text, anchor: questionAnchor(row))) }
                out += quoted
                continue
            }
            let start = out.count
            // An answer's first cell holds only its anchor or label ("A:"): the answer is the last.
            for cell in node.hasClass("answer") ? Array(cells.suffix(1)) : cells { appendBlocks(in: cell, to: &out) }
            for case .heading(let level, _, _) in out[start...] { divisionLevel = level }
        }
        return out
    }

    private func isQandASetContents(_ i: Int) -> Bool {
        let parent = Int(tree.nodes[i].parent)
        guard parent >= 0, tree.nodes[parent].tag == "div", tree.nodes[parent].hasClass("qandaset") else { return false }
        // Only when the questions follow as DocBook's table: a set drawn as entries of its own keeps them.
        return tree.children(parent).contains { tree.nodes[$0].tag == "table" && isDocBookQandA($0) }
    }

    /// The first named anchor or id in a question's row (`<a name="faq.reports">`).
    private func questionAnchor(_ row: Int) -> String? {
        for d in tree.descendants(row) {
            let n = tree.nodes[d]
            if let id = n.attribute("id"), !id.isEmpty { return id }
            if n.tag == "a", let name = n.attribute("name"), !name.isEmpty { return name }
        }
        return nil
    }

    /// The nearest `table` above a cell.
    func owningTable(_ cell: Int) -> Int? {
        var n = Int(tree.nodes[cell].parent)
        while n >= 0 {
            if tree.nodes[n].tag == "table" { return n }
            n = Int(tree.nodes[n].parent)
        }
        return nil
    }

    /// The table a call-out box is laid out with, when the box holds nothing else but its title:
    /// AsciiDoc's `div.admonitionblock > table` (`td.icon`, `td.content`) and DocBook's
    /// `div.note > table` (an `[Note]` icon and a label cell above the text).
    func layoutTable(of i: Int) -> Int? {
        var found: Int? = nil
        for c in tree.children(i) {
            let n = tree.nodes[c]
            if let t = n.text { if !Text.collapse(t).isEmpty { return nil } else { continue } }
            if n.tag == "table" {
                if found != nil { return nil }
                found = c
            } else if !(n.classes.contains("title") || n.kind.contains(.heading)) {
                return nil
            }
        }
        guard let table = found else { return nil }
        // A layout table has no more than two cells per row and an icon or label cell.
        let t = tree
        let cells = t.descendants(table).filter { t.nodes[$0].tag == "td" || t.nodes[$0].tag == "th" }
        guard cells.count <= 4 else { return nil }
        let labelled = cells.contains { c in
            t.nodes[c].hasClass("icon") || t.descendants(c).contains { t.nodes[$0].tag == "img" }
                || AdmonitionKind(label: Text.collapse(t.text(c)).trimmingCharacters(in: CharacterSet(charactersIn: "[]: "))) != nil
        }
        return labelled ? table : nil
    }

    private mutating func blocks(in container: Int, skipping skipped: Int) -> [ContentBlock] {
        // Rebuild the container's children without the title subtree.
        var out: [ContentBlock] = []
        for c in tree.children(container) {
            if c == skipped { continue }
            if isAncestor(c, of: skipped) {
                out += blocks(in: c, skipping: skipped)
                continue
            }
            let node = tree.nodes[c]
            if let t = node.text {
                let s = Text.collapse(t)
                if !s.isEmpty { out.append(.paragraph([.text(s)])) }
            } else if !isFurniture(c) {
                if node.kind.contains(.phrasing) && !containsBlock(c) {
                    var run: [Inline] = []
                    appendInline(c, to: &run)
                    run = Self.normalized(run)
                    if !run.isEmpty { out.append(.paragraph(run)) }
                } else {
                    out += block(for: c)
                }
            }
        }
        return out
    }

    // MARK: Inlines

    /// Whether `i` is inside an RDoc method's `div.method-detail` (a few levels up).
    func isInRDocMethod(_ i: Int) -> Bool {
        var p = Int(tree.nodes[i].parent), hops = 0
        while p >= 0, hops < 4 {
            if tree.nodes[p].hasClass("method-detail") { return true }
            p = Int(tree.nodes[p].parent); hops += 1
        }
        return false
    }

    /// The spans of an RDoc (darkfish) method heading that hold its call sequence; none in another theme's
    /// `div.method-heading`.
    func rdocCallSpans(_ i: Int) -> [Int] {
        tree.descendants(i).filter { c in
            tree.nodes[c].tag == "span" && ["method-callseq", "method-name", "method-args"].contains { tree.nodes[c].hasClass($0) }
        }
    }

    func inlines(of i: Int) -> [Inline] {
        var out: [Inline] = []
        var previous = -1
        for c in tree.children(i) {
            if previous >= 0, isLayoutSeparated(previous, c) { out.append(.text(" ")) }
            appendInline(c, to: &out)
            previous = c
        }
        return out
    }

    /// Two styled spans side by side with nothing between them (`<span class="name">refunded</span><span
    /// class="type">boolean</span>`) are items a flex or grid layout sets apart, not one word.
    func isLayoutSeparated(_ a: Int, _ b: Int) -> Bool {
        // A block inside a line (rustdoc's `fn min(self) -> Self<div class="where">where …</div>`) starts a line of its own.
        if tree.nodes[b].tag == "div" || tree.nodes[a].tag == "div" {
            func isMark(_ c: Unicode.Scalar?) -> Bool { c.map { !$0.properties.isWhitespace } ?? false }
            return isMark(edgeScalar(of: a, last: true)) && isMark(edgeScalar(of: b, last: false))
        }
        guard tree.nodes[a].tag == "span", tree.nodes[b].tag == "span" else { return false }
        let x = tree.nodes[a], y = tree.nodes[b]
        guard x.attribute("class")?.isEmpty == false, y.attribute("class")?.isEmpty == false else { return false }
        func isWordCharacter(_ c: Unicode.Scalar?) -> Bool { c.map { $0.properties.isAlphabetic || $0.properties.numericType != nil } ?? false }
        return isWordCharacter(edgeScalar(of: a, last: true)) && isWordCharacter(edgeScalar(of: b, last: false))
    }

    /// The last (or first) character of the text below `i`, without building that text.
    private func edgeScalar(of i: Int, last: Bool) -> Unicode.Scalar? {
        var n = i
        while true {
            if let t = tree.nodes[n].text { return last ? t.unicodeScalars.last : t.unicodeScalars.first }
            let next = Int(last ? tree.nodes[n].lastChild : tree.nodes[n].firstChild)
            guard next >= 0 else { return nil }
            n = next
        }
    }

    func appendInline(_ i: Int, to out: inout [Inline]) {
        if let t = tree.nodes[i].text { out.append(.text(Self.collapseKeepingEdges(t))); return }
        let node = tree.nodes[i]
        if isFurniture(i) || node.kind.contains(.skippedBlock) { return }
        if let c = node.attribute("class"), c.has("viewcode") || node.hasClass("headerlink") { return }
        // docutils draws a parameter's type (`span.classifier`) after " : " with CSS: "name : type".
        if node.tag == "span", node.hasClass("classifier") { out.append(.text(" : ")) }
        // docutils prints markup it could not interpret as its source (`span.problematic`): an unknown role's
        // ":sql:`SELECT`" is the code it marks.
        if node.tag == "span", node.hasClass("problematic") {
            let t = Text.collapse(text(i))
            if let read = Self.interpretedText(t) { out.append(read.isCode ? .code(read.text) : .text(read.text)) } else if !t.isEmpty { out.append(.text(t)) }
            return
        }
        // MediaWiki's GeSHi highlights code inside a line in a span (`<span class="mw-geshi cpp source-cpp">`), as
        // cppreference.com writes every name, value and declaration.
        if node.tag == "span", node.hasClass("mw-geshi") {
            // (A line break inside it parts the words it separates: "template< class Predicate > void wait(…)".)
            let t = Text.collapse(inlines(of: i).plainText)
            if !t.isEmpty { out.append(.code(t)) }
            return
        }
        switch node.tag {
        case "code", "tt", "kbd", "samp", "var":
            let raw = text(i)
            let t = Text.collapse(raw)
            // A code element holding only a space parts the words around it (Scribble's "11.1<tt>&nbsp;</tt>Threads").
            if !t.isEmpty { out.append(.code(t)) } else if !raw.isEmpty { out.append(.text(" ")) }
        case "em", "i", "cite", "dfn", "strong", "b":
            let run = inlines(of: i)
            if run.count == 1, case .code = run[0] { out.append(run[0]) } else {
                // The spaces at the edges of the run separate it from its neighbours (Sphinx's
                // `<em class="property">class<span> </span></em>Name`): keep them outside the markup.
                let raw = run.plainText
                let t = Text.collapse(raw)
                let edge = { (c: Unicode.Scalar?) in c?.properties.isWhitespace ?? false }
                if edge(raw.unicodeScalars.first) { out.append(.text(" ")) }
                if !t.isEmpty { out.append(node.tag == "strong" || node.tag == "b" ? .strong(t) : .emphasis(t)) }
                if !t.isEmpty, edge(raw.unicodeScalars.last) { out.append(.text(" ")) }
            }
        case "a":
            if isToolbarLink(i) { return }
            let raw = inlines(of: i)
            let run = Self.normalized(raw)
            let text = Text.collapse(run.plainText)
            // A footnote's way back to its reference ("↩" in mdBook, pandoc, Python-Markdown) is no text.
            if ["↩", "↩\u{FE0E}", "↩\u{FE0F}", "↑", "⤴"].contains(text), node.attribute("href")?.hasPrefix("#") == true { return }
            if text.isEmpty {
                // A linked image (a badge, a screenshot): the image without the link.
                out.append(contentsOf: run.filter { if case .image = $0 { return true } else { return false } })
                return
            }
            // Like emphasis, a space at the run's edge separates it from its neighbours (gtk-doc's
            // `<a name="x">Enum </a>xsltSecurityOption`): it stays outside the link.
            // (Only between words: a template's line breaks inside `<a>…</a>` before "):" or after "(" are no space.)
            let edge = { (c: Unicode.Scalar?) in c?.properties.isWhitespace ?? false }
            let isWord = { (c: Unicode.Scalar?) in c.map { $0.properties.isAlphabetic || $0.properties.numericType != nil } ?? false }
            let before = out.last.flatMap { inline -> Unicode.Scalar? in inline.plainText.unicodeScalars.last }
            let next = Int(node.nextSibling)
            let leading = edge(raw.first.flatMap { if case .text(let t) = $0 { t.unicodeScalars.first } else { nil } })
                && before.map { !$0.properties.isWhitespace && !"([{\"'“‘/".unicodeScalars.contains($0) } ?? false
            let trailing = edge(raw.last.flatMap { if case .text(let t) = $0 { t.unicodeScalars.last } else { nil } })
                && next >= 0 && isWord(edgeScalar(of: next, last: false))
            if leading { out.append(.text(" ")) }
            if run.allSatisfy({ if case .code = $0 { return true } else { return false } }) {
                out.append(.code(text))
            } else if let href = node.attribute("href"), let url = resolve(href) {
                out.append(.link(text: text, url: url))
            } else {
                out.append(contentsOf: run)
            }
            if trailing { out.append(.text(" ")) }
        case "img":
            // GitHub marks the dark-theme copy of an image in its URL.
            if node.attribute("src")?.hasSuffix("#gh-dark-mode-only") == true { return }
            if let alt = node.attribute("alt").map(Text.collapse), !alt.isEmpty, !Self.isIcon(node, alt: alt) { out.append(.image(alt: alt)) }
        case "br":
            out.append(.text(" "))
        default:
            var previous = -1
            for c in tree.children(i) {
                if previous >= 0, isLayoutSeparated(previous, c) { out.append(.text(" ")) }
                appendInline(c, to: &out)
                previous = c
            }
        }
    }

    /// The text of an interpreted-text role as docutils prints it when it does not know the role: ":sql:`SELECT`" →
    /// code "SELECT", ":py:func:`asyncio.run`" → code "asyncio.run", a bare "`SELECT`" → code; a cross-reference's title
    /// (":ref:`Transactions <transactions>`", ":term:`virtual environment`") → text. Nil for anything else.
    static func interpretedText(_ t: String) -> (text: String, isCode: Bool)? {
        var rest = Substring(t)
        var role = Substring("")
        if rest.first == ":", let tick = rest.firstIndex(of: "`"), tick > rest.startIndex, rest[rest.index(before: tick)] == ":" {
            role = rest[rest.index(after: rest.startIndex)..<rest.index(before: tick)]
            guard !role.isEmpty, role.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:".contains($0) }) else { return nil }
            rest = rest[tick...]
        }
        guard rest.count > 2, rest.first == "`", rest.last == "`" else { return nil }
        var inner = rest.dropFirst().dropLast()
        guard !inner.isEmpty, !inner.contains("`") else { return nil }
        // "Title <target>": the title is what the reader sees.
        var titled = false
        if inner.last == ">", let open = inner.lastIndex(of: "<"), open > inner.startIndex {
            inner = inner[..<open]
            while inner.last == " " { inner = inner.dropLast() }
            titled = true
        }
        let prose: Set<Substring> = ["ref", "doc", "term", "abbr", "numref", "std:ref", "std:doc", "std:term"]
        return (String(inner), !(titled || prose.contains(role)))
    }

    /// A short link among buttons (a code sandbox's "Fork" beside its "Reset" and "Reload" buttons) is a
    /// toolbar button drawn as a link.
    func isToolbarLink(_ i: Int) -> Bool {
        let parent = Int(tree.nodes[i].parent)
        guard parent >= 0, analysis.text[i] <= 24 else { return false }
        // Inside a heading a link is part of the title (rustdoc's `syn::<a>parse</a>` beside its
        // copy-path button; libxml2 nests what follows an HTML5 `<wbr>` inside it).
        var up = parent, hops = 0
        while up >= 0, hops < 6 {
            if tree.nodes[up].kind.contains(.heading) { return false }
            up = Int(tree.nodes[up].parent); hops += 1
        }
        var buttons = 0
        for c in tree.children(parent) {
            let node = tree.nodes[c]
            if node.isText {
                if analysis.text[c] > 0 { return false }
                continue
            }
            switch node.tag {
            case "button": buttons += 1
            case "a": if analysis.text[c] > 24 { return false }
            default: return false
            }
        }
        return buttons > 0
    }

    /// A decorative icon or logo next to a name ("GitHub Icon", `icons/apple.svg`, `img.icon`): its alt
    /// text repeats the name beside it, so it is not content.
    static func isIcon(_ node: HTMLTree.Node, alt: String) -> Bool {
        if isFileName(alt) { return true }
        let words = alt.lowercased().split(separator: " ")
        if let last = words.last, last == "icon" || last == "logo" { return true }
        if node.classes.contains(where: { $0.lowercased().hasPrefix("icon") || $0.lowercased().hasSuffix("icon") }) { return true }
        guard let src = node.attribute("src") else { return false }
        let path = src.split(separator: "?").first ?? ""
        let parts = path.split(separator: "/").suffix(2).map { $0.lowercased() }
        return parts.contains(where: { $0 == "icons" || $0.hasPrefix("icon-") || $0.hasPrefix("icon.") || $0.hasPrefix("icon_") || $0.has("-icon.") || $0.has("_icon.") })
    }

    /// An alt text that is only the image's file name or path (`supervised_learning`, `../_images/dashboard.png`,
    /// what generators fill in when the author gave none): it describes nothing.
    static func isFileName(_ alt: String) -> Bool {
        guard !alt.contains(" ") else { return false }
        let l = alt.lowercased()
        for ext in [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp"] where l.hasSuffix(ext) { return true }
        if alt.contains("_") { return true }
        return alt.contains("/") && (l.hasPrefix("/") || l.hasPrefix("./") || l.hasPrefix("../") || l.hasPrefix("http"))
    }

    private func resolve(_ href: String) -> String? {
        if let known = memo.resolved[Bytes(string: href)] { return known }
        let url = resolveUncached(href)
        memo.resolved[Bytes(string: href)] = .some(url)
        return url
    }

    private func resolveUncached(_ href: String) -> String? {
        let h = Text.trimmed(href)
        if h.isEmpty || h.lowercased().hasPrefix("javascript:") { return nil }
        guard let url = URL(string: h, relativeTo: baseURL)?.absoluteURL else { return nil }
        return url.absoluteString
    }

    // MARK: Whitespace

    static func collapseKeepingEdges(_ s: String) -> String {
        // An invisible character at the edge (cppreference's "returns \u{200B}<span>false</span>") is dropped by the
        // collapse: the space before it is the edge.
        let invisible: Set<Unicode.Scalar> = ["\u{200B}", "\u{2060}", "\u{FEFF}"]
        guard let first = s.unicodeScalars.first(where: { !invisible.contains($0) }),
              let last = s.unicodeScalars.last(where: { !invisible.contains($0) }) else { return "" }
        return Text.collapse(s, lead: Text.isWhitespace(first), trail: Text.isWhitespace(last))
    }

    /// `s` with every run of spaces made one space, byte by byte. (Foundation's `replacingOccurrences`
    /// compares graphemes: it finds no "  " in "  \u{301}" — a space carrying an accent — while a byte
    /// test does, and a loop of the two never ended.)
    static func collapsingSpaceRuns(_ s: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 where !(b == 0x20 && out.last == 0x20) { out.append(b) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Merges adjacent text, collapses double spaces across boundaries and trims the run.
    static func normalized(_ run: [Inline]) -> [Inline] {
        var out: [Inline] = []
        out.reserveCapacity(run.count)
        // Adjacent texts are merged in one buffer (appending to the last element's string would copy it
        // each time: quadratic on a paragraph of many thousand spans).
        // Each merged text has its double spaces collapsed as it is added.
        func single(_ t: String) -> String { t.has("  ") ? Self.collapsingSpaceRuns(t) : t }
        var text: String? = nil
        for inline in run {
            if case .text(let t) = inline {
                if text == nil { text = t } else { text! += t }
            } else {
                if let t = text { out.append(.text(single(t))); text = nil }
                out.append(inline)
            }
        }
        if let t = text { out.append(.text(single(t))) }
        out = Self.joiningPlaceholders(out)
        if case .text(let t)? = out.first {
            let s = Self.droppingLeadingSpaces(t)
            if s.isEmpty { out.removeFirst() } else { out[0] = .text(s) }
        }
        if case .text(let t)? = out.last {
            let s = Self.droppingTrailingSpaces(t)
            if s.isEmpty { out.removeLast() } else { out[out.count - 1] = .text(s) }
        }
        return out
    }

    /// Code written around an emphasised placeholder with nothing between them is one name: git's manuals set
    /// `<code>--force-with-lease=</code><em>&lt;refname&gt;</em><code>:</code><em>&lt;expect&gt;</em>` and
    /// `<code>branch.</code><em>&lt;name&gt;</em><code>.pushRemote</code>`, read as `--force-with-lease=<refname>:<expect>`
    /// and `branch.<name>.pushRemote`. A placeholder is `<word>` without spaces; it joins code that it touches where
    /// that code ends or starts with a joining mark (`=`, `.`, `:`, `/`, `-`, `_`, `[`, `]`), so "`git` <em>&lt;x&gt;</em>"
    /// written apart stays apart.
    static func joiningPlaceholders(_ run: [Inline]) -> [Inline] {
        guard run.count > 1, run.contains(where: { if case .emphasis(let e) = $0 { return isPlaceholder(e) } else { return false } })
        else { return run }
        let joining: Set<Character> = ["=", ".", ":", "/", "-", "_", "[", "]"]
        var out: [Inline] = []
        out.reserveCapacity(run.count)
        var k = 0
        while k < run.count {
            guard case .emphasis(let e) = run[k], isPlaceholder(e) else { out.append(run[k]); k += 1; continue }
            var joined = false
            if case .code(let before)? = out.last, let mark = before.last, joining.contains(mark) {
                out[out.count - 1] = .code(before + e)
                joined = true
            } else if k + 1 < run.count, case .code(let after) = run[k + 1], let mark = after.first, joining.contains(mark) {
                // (Code right before it, "`git log `<since>`..`", is the same name: one span, not two touching ones.)
                // (Its space was trimmed from the span: put back.)
                if case .code(let before)? = out.last { out[out.count - 1] = .code(before + " " + e + after) } else { out.append(.code(e + after)) }
                k += 2
                continue
            }
            if !joined { out.append(run[k]); k += 1; continue }
            k += 1
            // Code right after the joined placeholder continues the name ("`:`", "`.pushRemote`").
            if k < run.count, case .code(let after) = run[k], let mark = after.first, joining.contains(mark), case .code(let name)? = out.last {
                out[out.count - 1] = .code(name + after)
                k += 1
            }
        }
        return out
    }

    /// `<refname>`, `<expect>`: one word in angle brackets.
    static func isPlaceholder(_ e: String) -> Bool {
        e.count > 2 && e.first == "<" && e.last == ">" && !e.dropFirst().dropLast().contains(where: { $0 == " " || $0 == "<" || $0 == ">" })
    }

    /// `t` without the leading `" "` Characters. Counted in bytes when the byte after them is ASCII
    /// (a space then ASCII is always two Characters); else Character by Character, as a combining mark
    /// after a space makes one Character that is not `" "`.
    static func droppingLeadingSpaces(_ t: String) -> String {
        let u = t.utf8
        var k = u.startIndex
        while k != u.endIndex, u[k] == 0x20 { k = u.index(after: k) }
        if k == u.startIndex { return t }
        if k == u.endIndex { return "" }
        if u[k] < 0x80 { return String(t[k...]) }
        return String(t.drop(while: { $0 == " " }))
    }

    /// `t` without the trailing `" "` Characters: in bytes when the byte before them is ASCII or there
    /// is none; else Character by Character (a prepended mark and a space make one Character).
    static func droppingTrailingSpaces(_ t: String) -> String {
        let u = t.utf8
        var k = u.endIndex
        while k != u.startIndex, u[u.index(before: k)] == 0x20 { k = u.index(before: k) }
        if k == u.endIndex { return t }
        if k == u.startIndex { return "" }
        if u[u.index(before: k)] < 0x80 { return String(t[..<k]) }
        var s = t
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
