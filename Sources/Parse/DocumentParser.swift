import Foundation
import RulesMakerCore

/// Turns a fetched page into the content IR: metadata plus the main content as blocks.
public struct DocumentParser: Sendable {
    /// Nesting deeper than this is flattened into text rather than walked as structure.
    public var maxStructureDepth = 200

    public init() {}

    /// Empties the caches the calling thread keeps from page to page (furniture verdicts by tag and
    /// attributes): for benchmarks that measure parses starting without them. Results never depend
    /// on these caches.
    public static func clearThreadCaches() { Boilerplate.VerdictCache.clearCurrentThread() }

    /// Parses HTML bytes fetched from `url`. `charset` comes from the HTTP header, when known.
    public func parse(html bytes: [UInt8], url: String, charset: String? = nil) -> Document {
        let tree = HTMLTree(bytes: bytes, url: url, encoding: charset)
        return parse(tree: tree, url: url)
    }

    /// Parses a fetched page (HTML, or Markdown/plain text sources kept as text).
    public func parse(_ page: FetchedPage) -> Document {
        parse(html: page.body, url: page.url, charset: page.charset)
    }

    public func parse(tree: HTMLTree, url: String) -> Document {
        guard tree.root >= 0 else { return Document(url: url, title: "", blocks: []) }
        let meta = PageMetadata(tree: tree, url: url)
        let analysis = PageAnalysis(tree: tree)
        let (main, containerGenerator) = MainContentLocator(tree: tree, analysis: analysis).locate()
        var builder = BlockBuilder(tree: tree, analysis: analysis, baseURL: meta.baseURL, maxDepth: maxStructureDepth)
        var blocks = builder.mainBlocks(main)
        blocks = Self.cleaned(blocks)
        blocks = Self.withFieldHeadingsNested(blocks)
        blocks = Self.withoutCodeLabels(blocks)
        blocks = Self.withoutLeadingFurniture(blocks, title: meta.title, siteName: meta.siteName)
        // Button rows go when there is content besides them (a page of nothing but links stays a page).
        let withoutButtons = blocks.filter { if case .paragraph(let inlines) = $0 { return !Self.isButtonRow(inlines) } else { return true } }
        if !withoutButtons.isEmpty { blocks = withoutButtons }
        var title = meta.title
        var siteName = meta.siteName
        // (A manual page's section heading, "NAME" or "SYNOPSIS" in pod2html's first `h1`, names no page.)
        if let h1 = blocks.lazy.compactMap({ block -> String? in
            if case .heading(1, let text, _) = block { return ContentBlock.plainHeading(text) } else { return nil }
        }).first, !Self.manSectionHeadings.contains(h1) {
            if title.isEmpty || meta.rawTitle.localizedCaseInsensitiveContains(h1) || meta.rawTitle.isEmpty {
                title = h1
            } else if PageMetadata.namesSiteOnly(title) {
                // The head title names the site; the heading names the page.
                if siteName == nil { siteName = title }
                title = h1
            }
        }
        var document = Document(url: url, canonicalURL: meta.canonical, title: title, description: meta.description,
                                language: meta.language, generator: meta.generator ?? containerGenerator, siteName: siteName, blocks: blocks,
                                breadcrumbs: meta.breadcrumbs, version: meta.version)
        document.warnings = tree.warnings
        document.robots = meta.robots
        // A redirect stub ("Redirecting to… ch19-00-patterns.html") says nothing of its own.
        // Not when it refreshes to itself (`url=#top`).
        if let target = meta.refresh, DocumentRenderer.plainText(blocks).utf8.count <= 300,
           NavigationOutlineReader.withoutFragment(target) != NavigationOutlineReader.withoutFragment(URL(string: url)?.absoluteString ?? url) {
            document.redirect = target
        }
        if tree.maxDepth > maxStructureDepth {
            document.warnings.append("elements nested \(tree.maxDepth) deep; structure below depth \(maxStructureDepth) flattened into text")
        }
        return document
    }

    /// The sections of a manual page, in its capitals: headings of the page's parts, never its title.
    static let manSectionHeadings: Set<String> = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "VERSION"]

    /// Short paragraphs that are page furniture by their words alone: feedback prompts, "last
    /// updated" stamps, "edit this page", previous/next pagers, "on this page" labels.
    static func isFurnitureText(_ text: String, inlines: [Inline]) -> Bool {
        guard text.utf8.count <= 120 else { return false }
        if mayOpenWithFurnitureWords(text) {
            let l = text.lowercased()
            for prefix in furniturePrefixes where l.hasPrefix(prefix) {
                return true
            }
            // "Is this page helpful?", "Was this content useful? Edit this page": a feedback prompt, however worded.
            if feedbackOpenings.contains(where: { l.hasPrefix($0) }),
               let q = l.utf8.firstIndex(of: UInt8(ascii: "?")), l.utf8.distance(from: l.utf8.startIndex, to: q) <= 60 {
                let question = l[..<q]
                let rest = Text.trimmed(String(l[l.utf8.index(after: q)...]))
                if question.hasSuffix("helpful") || question.hasSuffix("useful"), rest.isEmpty || isFurnitureText(rest, inlines: [.text(rest)]) { return true }
            }
            if furnitureLabels.contains(Self.trimmingSpacesAndColons(l)) {
                return true
            }
        }
        // A wiki's page stamp after the page's name: DokuWiki's "searching.txt · Last modified: 2024/01/20 04:32 by dstillman"
        // (the name, the dot, a date, perhaps its author; not a sentence that mentions a column of that name).
        if let r = text.range(of: " · Last modified: ") ?? text.range(of: " · Last updated: "),
           text[..<r.lowerBound].split(separator: " ").count == 1 {
            let stamp = text[r.upperBound...].split(separator: " ")
            if let date = stamp.first, date.first?.isNumber == true, date.filter({ $0.isNumber }).count >= 6,
               stamp.count <= 2 || (stamp.count <= 5 && stamp.dropFirst().contains("by")) { return true }
        }
        // A pager: nothing but links, starting with "Previous" / "Next". Between the links only marks, or the pager's
        // own labels (Texinfo's "Next: …, Previous: …, Up: … [Index]").
        let onlyLinks = inlines.allSatisfy { inline in
            if case .link = inline { return true }
            if case .text(let t) = inline {
                if Text.trimmed(t).count <= 3 { return true }
                // Each label with its colon ("Next:", ", Previous:"): "Next, <a>…</a>." is a sentence.
                let labels = t.lowercased().split(separator: ":", omittingEmptySubsequences: false)
                guard labels.count >= 2, labels.last!.allSatisfy({ $0.isWhitespace || $0.isPunctuation }) else { return false }
                return labels.dropLast().allSatisfy { label in
                    let words = label.split(whereSeparator: { !$0.isLetter })
                    return words.count == 1 && pagerWords.contains(String(words[0]))
                }
            }
            return false
        }
        guard onlyLinks else { return false }
        if isPagerLabel(text) { return true }
        let l = text.lowercased()
        return l.hasPrefix("« ") || l.hasPrefix("‹ ") || l.hasPrefix("← ")
    }

    /// The labels a pager sets between its links.
    static let pagerWords: Set<String> = ["next", "previous", "prev", "up", "top", "contents", "index"]

    static let furniturePrefixes = [
        "was this page helpful", "was this helpful", "was this article helpful", "is this page helpful", "did this page help",
        "last updated", "last modified", "last edited", "page last updated", "edit this page", "edit on github", "edit page",
        "improve this page", "suggest an edit", "suggest edits", "report an issue", "view page source", "show source",
    ]
    static let feedbackOpenings = ["was ", "is ", "did ", "how "]
    static let furnitureLabels = [
        "on this page", "in this article", "table of contents", "contents", "page tools", "share", "feedback", "print", "skip to main content",
        "skip to content", "copy", "copied!", "copy code", "copy to clipboard",
    ]
    /// The first two bytes of each of those phrases.
    static let furnitureOpenings: Set<UInt16> = Set((furniturePrefixes + feedbackOpenings + furnitureLabels).map { phrase in
        let b = Array(phrase.utf8)
        return UInt16(b[0]) << 8 | UInt16(b[1])
    })

    /// False when `text`, lower-cased, can open with none of the furniture phrases, even after leading
    /// spaces and colons: its first two bytes after them are ASCII and start none of them (so that the
    /// common case needs no lower-cased copy).
    static func mayOpenWithFurnitureWords(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        var b = bytes.next()
        while b == 0x20 || b == 0x3A { b = bytes.next() }
        guard let b0 = b, b0 < 0x80, let b1 = bytes.next(), b1 < 0x80 else { return true }
        func lower(_ x: UInt8) -> UInt16 { UInt16(x >= 65 && x <= 90 ? x | 0x20 : x) }
        return furnitureOpenings.contains(lower(b0) << 8 | lower(b1))
    }

    /// "Previous", "Next: Routing", "NextInstallation" (a card whose label and title are glued): the
    /// word, then nothing, a space, punctuation other than `.`, or a capital. Not "Next.js", "Nextflow".
    static func isPagerLabel(_ text: String) -> Bool {
        for word in ["Previous", "previous", "PREVIOUS", "Next", "next", "NEXT", "Prev", "prev", "PREV"] where text.hasPrefix(word) {
            guard let after = text.dropFirst(word.count).unicodeScalars.first else { return true }
            if after.properties.isUppercase || after.properties.isWhitespace { return true }
            if after.properties.isAlphabetic || after.properties.numericType != nil || after == "." || after == "-" || after == "_" { return false }
            return true
        }
        return false
    }

    static func trimmingSpacesAndColons(_ s: String) -> String {
        let u = s.utf8
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x3A }) else { return "" }
        let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x3A })!
        return String(s[first...last])
    }

    /// Drops a code block's language label ("js", "Python", "bash") that a highlighter's header left as
    /// a paragraph of its own just above the code.
    static func withoutCodeLabels(_ blocks: [ContentBlock]) -> [ContentBlock] {
        var out: [ContentBlock] = []
        out.reserveCapacity(blocks.count)
        for (i, block) in blocks.enumerated() {
            switch block {
            case .paragraph(let inlines):
                if i + 1 < blocks.count, case .code(let language, _) = blocks[i + 1] {
                    let label = Text.trimmed(inlines.plainText)
                    if !label.isEmpty, label.utf8.count <= 20, !label.contains(" ") || label.lowercased() == "shell session",
                       let named = CodeLanguage.normalize(label) ?? (CodeLanguage.none.contains(label.lowercased()) ? "" : nil),
                       named.isEmpty || language == nil || named == language || CodeLanguage.normalize(language!) == named {
                        continue
                    }
                }
                out.append(block)
            case .list(let ordered, let items):
                out.append(.list(ordered: ordered, items: items.map(withoutCodeLabels)))
            case .admonition(let kind, let title, let inner):
                out.append(.admonition(kind: kind, title: title, blocks: withoutCodeLabels(inner)))
            case .quote(let inner):
                out.append(.quote(withoutCodeLabels(inner)))
            default:
                out.append(block)
            }
        }
        return out
    }

    /// A title without the number of its chapter or section ("8. DRD: a thread error detector", "3.2. Using …" in DocBook
    /// and numbered Sphinx): a rule file is about the topic, not its place in a book. A version ("3.12.1 Documentation")
    /// is no chapter number: the number must end with a full stop.
    public static func withoutChapterNumber(_ title: String) -> String {
        guard let space = title.firstIndex(of: " ") else { return title }
        let number = title[..<space]
        guard number.count >= 2, number.last == ".", number.first?.isNumber == true,
              number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), !number.contains("..") else { return title }
        // Chapter and section numbers are small and start at one ("8.", "3.2.", "10."): not a year ("2024."), not a
        // version ("5.0.").
        let parts = number.dropLast().split(separator: ".")
        guard parts.allSatisfy({ $0.count <= 2 && $0.first != "0" }) else { return title }
        let rest = title[space...].trimmingCharacters(in: .whitespaces)
        return rest.isEmpty ? title : rest
    }

    /// Drops what sits above the page's own title heading inside the content container: breadcrumb
    /// trails and back links (paragraphs or lists of nothing but links), the site's masthead heading
    /// (its text is the site name) and the short release line under it. Only when the title heading
    /// is among the first few blocks; call-outs and prose above it stay.
    static func withoutLeadingFurniture(_ blocks: [ContentBlock], title: String, siteName: String?) -> [ContentBlock] {
        func norm(_ s: String) -> String { Text.collapse(ContentBlock.plainHeading(s)).lowercased() }
        let wanted = norm(title)
        guard !wanted.isEmpty else { return blocks }
        let limit = min(blocks.count, 8)
        guard let t = (0..<limit).first(where: { i in
            if case .heading(_, let text, _) = blocks[i] { return norm(text) == wanted }
            return false
        }), t > 0 else { return blocks }
        let site = siteName.map(norm)
        var drop = Array(repeating: false, count: t)
        var afterMasthead = false
        for i in 0..<t {
            switch blocks[i] {
            case .heading(_, let text, _):
                let n = norm(text)
                afterMasthead = n == site && site != nil
                drop[i] = afterMasthead
                continue
            case .paragraph(let inlines):
                let text = Text.trimmed(inlines.plainText)
                drop[i] = isLinkTrail(inlines) || (afterMasthead && text.utf8.count <= 120 && !text.hasSuffix("."))
            case .list(_, let items):
                drop[i] = items.allSatisfy { item in item.allSatisfy { if case .paragraph(let r) = $0 { return isLinkTrail(r) } else { return false } } }
            default:
                break
            }
            afterMasthead = false
        }
        var out: [ContentBlock] = []
        for (i, b) in blocks.enumerated() where i >= t || !drop[i] { out.append(b) }
        return out
    }

    /// A paragraph of two or more short links and nothing else: a row of buttons ("Get it on …",
    /// "Share", "Download") rather than a sentence.
    static func isButtonRow(_ inlines: [Inline]) -> Bool {
        var links = 0
        for inline in inlines {
            switch inline {
            case .link(let text, _):
                if text.utf8.count > 40 || text.hasSuffix(".") { return false }
                links += 1
            case .text(let t): if !Text.trimmed(t).isEmpty { return false }
            default: return false
            }
        }
        return links >= 2
    }

    /// Nothing but links, with at most separator characters between them.
    static func isLinkTrail(_ inlines: [Inline]) -> Bool {
        var links = 0
        for inline in inlines {
            switch inline {
            case .link(let text, _): if text.utf8.count > 60 { return false }; links += 1
            case .text(let t): if Text.trimmed(t).count > 3 { return false }
            default: return false
            }
        }
        return links > 0
    }

    /// `inlines.plainText`, without joining when there is one inline.
    static func plainText(_ inlines: [Inline]) -> String {
        if inlines.count == 1 { return inlines[0].plainText }
        var out = ""
        for inline in inlines { out += inline.plainText }
        return out
    }

    /// Headings of an entry's fields ("Types", "Parameters", "Returns").
    static let fieldHeadings: Set<String> = ["types", "type parameters", "parameters", "arguments", "returns", "return value", "errors",
                                             "exceptions", "raises", "throws"]

    /// A field heading right after an entry's heading but at a higher level (Erlang's `h3` "Types" right after each
    /// function's `h4`, every one with the id `types`) is the entry's field: it goes one level below the entry, without
    /// that shared id, so the entry's section and link hold its text.
    static func withFieldHeadingsNested(_ blocks: [ContentBlock]) -> [ContentBlock] {
        var out = blocks
        for k in out.indices.dropFirst() {
            // (The heading before must read as an entry — a call, a signature — not an empty section: TypeDoc's "T" under
            // "Type Parameters" keeps "Parameters" its sibling.)
            guard case .heading(let level, let text, _) = out[k], case .heading(let entryLevel, let entry, _) = out[k - 1], entryLevel >= level,
                  entry.contains("(") || entry.contains("->") || entry.contains(" :: "),
                  fieldHeadings.contains(text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " :"))) else { continue }
            out[k] = .heading(level: min(6, entryLevel + 1), text: text, anchor: nil)
        }
        return out
    }

    /// Drops empty blocks.
    static func cleaned(_ blocks: [ContentBlock]) -> [ContentBlock] {
        blocks.compactMap { block in
            switch block {
            case .paragraph(let inlines):
                let text = Text.trimmed(Self.plainText(inlines))
                if text.isEmpty { return inlines.contains(where: { if case .image = $0 { return true } else { return false } }) ? block : nil }
                return Self.isFurnitureText(text, inlines: inlines) ? nil : block
            case .heading(_, let text, _):
                return text.isEmpty ? nil : block
            case .code(_, let text):
                return Text.trimmed(text).isEmpty ? nil : block
            case .list(let ordered, let items):
                let kept = items.map(cleaned).filter { !$0.isEmpty }
                return kept.isEmpty ? nil : .list(ordered: ordered, items: kept)
            case .admonition(let kind, let title, let inner):
                let kept = cleaned(inner)
                return kept.isEmpty && title == nil ? nil : .admonition(kind: kind, title: title, blocks: kept)
            case .quote(let inner):
                let kept = cleaned(inner)
                return kept.isEmpty ? nil : .quote(kept)
            case .definitionList(let items):
                return items.isEmpty ? nil : block
            case .table(let t):
                return t.rows.isEmpty && t.header == nil ? nil : block
            }
        }
    }
}

/// Page metadata read from `<head>` and the root element.
struct PageMetadata {
    var rawTitle = ""
    var title = ""
    var description: String?
    var canonical: String?
    var language: String?
    var generator: String?
    var siteName: String?
    var baseURL: URL?
    var breadcrumbs: [String] = []
    var version: String?
    /// The target of an immediate `<meta http-equiv="refresh">` (a delay of at most one second).
    var refresh: String?
    /// `<meta name="robots" content="noindex, nofollow">` (or `name="rules-maker"`).
    var robots = RobotsDirectives()

    init(tree: HTMLTree, url: String) {
        baseURL = URL(string: url)
        // One pass finds the `<base>`, the `<meta>` elements, the canonical link and the breadcrumb trail.
        var base: Int?, canonicalLink: Int?, trail: Int?
        var metas: [Int] = []
        tree.nodes.withUnsafeBufferPointer { nodes in
            for i in nodes.indices where nodes[i].text == nil {
                let kind = nodes[i].kind
                if kind.contains(.metadata) {
                    switch nodes[i].tag {
                    case "base": if base == nil { base = i }
                    case "meta": metas.append(i)
                    case "link":
                        if canonicalLink == nil, (nodes[i].attribute("rel") ?? "").lowercased().split(separator: " ").contains("canonical") { canonicalLink = i }
                    default: break
                    }
                }
                if trail == nil, !kind.contains(.breadcrumbPart), Self.namesBreadcrumbs(nodes[i]) { trail = i }
            }
        }
        if let base, let href = tree.nodes[base].attribute("href"), let b = URL(string: href, relativeTo: baseURL) {
            baseURL = b.absoluteURL
        }
        rawTitle = Text.collapse(tree.headTitle ?? "")
        title = Self.stripSiteSuffix(rawTitle)
        for i in metas {
            let node = tree.nodes[i]
            let name = (node.attribute("name") ?? node.attribute("property") ?? "").lowercased()
            let content = node.attribute("content") ?? ""
            if refresh == nil, node.attribute("http-equiv")?.lowercased() == "refresh" { refresh = Self.refreshTarget(content, base: baseURL) }
            if RobotsDirectives.addresses(metaName: name) { robots.read(content) }
            switch name {
            case "description": if description == nil { description = Text.collapse(content) }
            case "og:description": if description == nil { description = Text.collapse(content) }
            case "generator": generator = Self.generatorName(content)
            case "og:title": if title.isEmpty { title = Self.stripSiteSuffix(Text.collapse(content)) }
            case "og:site_name": siteName = Text.collapse(content)
            case "docsearch:version", "version", "docs-version", "doc-version", "algolia:version": if !content.isEmpty { version = Text.collapse(content) }
            default: break
            }
        }
        if let link = canonicalLink,
           let href = tree.nodes[link].attribute("href"), let resolved = URL(string: href, relativeTo: baseURL)?.absoluteURL,
           resolved.scheme == "http" || resolved.scheme == "https" {
            canonical = resolved.absoluteString
        }
        // A site name that is the whole head title ("resource block reference | Terraform | HashiCorp Developer": a
        // site that fills `og:site_name` with it) names the page, not the site: the part after the page's does
        // ("Terraform").
        if let name = siteName, name == rawTitle, let rest = Self.afterPageTitle(rawTitle) { siteName = rest }
        // Texinfo titles a node "The Basics (libffi: the portable foreign function interface library)": the node, then its
        // manual in parentheses.
        if generator == "makeinfo", rawTitle.hasSuffix(")"), let open = rawTitle.range(of: " (", options: .backwards),
           open.lowerBound > rawTitle.startIndex {
            let manual = String(rawTitle[open.upperBound...].dropLast())
            if !manual.isEmpty, !manual.contains("(") {
                title = String(rawTitle[..<open.lowerBound])
                if siteName == nil { siteName = manual }
            }
        }
        if siteName == nil { siteName = Self.siteSuffix(rawTitle) }
        breadcrumbs = trail.map { Self.breadcrumbs(tree, trail: $0) } ?? []
        if version == nil { version = Self.versionNumber(in: siteName ?? "") ?? Self.versionNumber(in: rawTitle) }
        if tree.root >= 0, let lang = tree.nodes[tree.root].attribute("lang"), !lang.isEmpty { language = lang }
    }

    /// `0; URL=ch19-00-patterns.html` → the resolved target, when the delay is at most a second (the HTML
    /// refresh syntax: a non-negative number, `;` or `,`, then an optional `url =` and an optionally quoted
    /// URL). Only http(s) and file targets count.
    static func refreshTarget(_ content: String, base: URL?) -> String? {
        var rest = Substring(content.trimmingCharacters(in: .whitespaces))
        let number = rest.prefix(while: { $0.isASCII && ($0.isNumber || $0 == ".") })
        guard !number.isEmpty, let delay = Double(number), delay <= 1 else { return nil }
        rest = rest.dropFirst(number.count).drop(while: { $0 == " " })
        guard let separator = rest.first, separator == ";" || separator == "," else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " })
        if rest.lowercased().hasPrefix("url") {
            let afterWord = rest.dropFirst(3).drop(while: { $0 == " " })
            if afterWord.first == "=" { rest = afterWord.dropFirst().drop(while: { $0 == " " }) }
        }
        var target = String(rest)
        if let quote = target.first, quote == "'" || quote == "\"" {
            target = String(target.dropFirst().prefix(while: { $0 != quote }))
        } else {
            while let last = target.last, last == ";" || last == " " { target.removeLast() }
        }
        guard !target.isEmpty, let resolved = URL(string: target, relativeTo: base)?.absoluteURL,
              let scheme = resolved.scheme?.lowercased(), ["http", "https", "file"].contains(scheme) else { return nil }
        return resolved.absoluteString
    }

    /// An element named or labelled `breadcrumb(s)` (by `aria-label`, `class` or `id`).
    static func namesBreadcrumbs(_ node: HTMLTree.Node) -> Bool {
        for name in ["aria-label", "class", "id"] {
            if let v = node.attribute(name), ASCII.containsIgnoringCase(v, "breadcrumb") { return true }
        }
        return false
    }

    /// The breadcrumb trail's texts: its items (else its links), in order. The trail is the first
    /// element named or labelled `breadcrumb(s)`.
    static func breadcrumbs(_ tree: HTMLTree, trail: Int) -> [String] {
        var items: [String] = []
        let parts = tree.descendants(trail).filter { tree.nodes[$0].tag == "li" }
        let sources = parts.isEmpty ? tree.descendants(trail).filter { tree.nodes[$0].tag == "a" } : parts
        for i in sources {
            let t = Text.collapse(tree.text(i)).trimmingCharacters(in: CharacterSet(charactersIn: " ›»>/|·"))
            if !t.isEmpty, t.count <= 120 { items.append(t) }
            if items.count >= 12 { break }
        }
        return items
    }

    /// "Python 3.12.1 documentation" → "3.12.1".
    static func versionNumber(in s: String) -> String? {
        var best: Substring? = nil
        for word in s.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "," }) {
            let w = word.hasPrefix("v") ? word.dropFirst() : word
            let parts = w.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) { best = word; break }
        }
        return best.map(String.init)
    }

    static func generatorName(_ content: String) -> String? {
        let l = content.lowercased()
        for (needle, name) in [("sphinx", "sphinx"), ("mkdocs", "mkdocs"), ("docusaurus", "docusaurus"), ("rustdoc", "rustdoc"),
                               ("javadoc", "javadoc"), ("doxygen", "doxygen"), ("mdbook", "mdbook"), ("gitbook", "gitbook"),
                               ("vitepress", "vitepress"), ("hugo", "hugo"), ("mediawiki", "mediawiki"), ("jekyll", "jekyll"),
                               ("docfx", "docfx"), ("asciidoctor", "asciidoctor"), ("nextra", "nextra"), ("docbook", "docbook")] where l.contains(needle) {
            return name
        }
        return l.isEmpty ? nil : l.split(separator: " ").first.map(String.init)
    }

    /// A head title that names only the site's documentation ("Python documentation", "aiohttp documentation",
    /// "The Foo Manual"): every page of the site has it, the page's own heading says what the page is.
    static func namesSiteOnly(_ title: String) -> Bool {
        let words = title.lowercased().split(separator: " ")
        guard let last = words.last, words.count <= 4 else { return false }
        return ["documentation", "docs", "manual", "handbook"].contains(last)
    }

    /// "Page — Project 1.2 documentation" → "Project 1.2 documentation". Not a manual page's summary after its name
    /// ("File::Temp - return name and handle of a temporary file safely": lower-case words, no name).
    static func siteSuffix(_ title: String) -> String? {
        for sep in [" — ", " – ", " | ", " · ", " :: ", " - "] {
            if let r = title.range(of: sep, options: .backwards) {
                let tail = String(title[r.upperBound...]).trimmingCharacters(in: .whitespaces)
                // (A lower-case site that says it is documentation or carries its version stays one: "foo 1.2 beta documentation".)
                if tail.first?.isLowercase == true, tail.split(separator: " ").count >= 4, !namesSiteOnly(tail),
                   versionNumber(in: tail) == nil { continue }
                // A summary that is a sentence ("JSON::PP - JSON::XS compatible pure-Perl module.") names no site.
                // (Not a company's "JF Possibilities, Inc.": a sentence has words in lower case.)
                if tail.hasSuffix("."), !tail.hasSuffix(".."), tail.split(separator: " ").filter({ $0.first?.isLowercase == true }).count >= 2 { continue }
                if tail.count >= 2 { return tail }
            }
        }
        return nil
    }

    /// "Page | Product | Vendor" → "Product"; "Page — Site" → "Site"; nil without a separator.
    static func afterPageTitle(_ title: String) -> String? {
        for sep in [" — ", " – ", " | ", " · ", " :: ", " - "] where title.contains(sep) {
            let parts = title.components(separatedBy: sep).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count >= 2, let next = parts.dropFirst().first(where: { $0.count >= 2 }) { return next }
        }
        return nil
    }

    /// "Page — Project 1.2 documentation" → "Page".
    static func stripSiteSuffix(_ title: String) -> String {
        for sep in [" — ", " – ", " | ", " · ", " :: ", " - "] {
            if let r = title.range(of: sep, options: .backwards) {
                let head = String(title[..<r.lowerBound]).trimmingCharacters(in: .whitespaces)
                if head.count >= 2 { return head }
            }
        }
        return title
    }
}

/// Text helpers shared by the builders.
enum Text {
    /// `s` without leading and trailing whitespace (ASCII whitespace and no-break space).
    static func trimmed(_ s: String) -> String {
        func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\n" || u == "\t" || u == "\r" || u == "\u{0C}" || u == "\u{A0}" }
        if let f = s.utf8.first, let l = s.utf8.last, f > 0x20 && f < 0x80 && l > 0x20 && l < 0x80 { return s }
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return s }
        return String(scalars[first...last])
    }

    /// Collapses runs of whitespace into one space and trims.
    static func collapse(_ s: String) -> String { collapse(s, lead: false, trail: false) }

    /// `collapse(s)` with one space before it when `lead` and one after it when `trail`; a single space
    /// when the collapsed text is empty and either is set.
    static func collapse(_ s: String, lead: Bool, trail: Bool) -> String {
        var s = s
        var unchanged = false
        let out = s.withUTF8 { src -> String in
            let n = src.count
            // Fast path: no whitespace but single inner spaces, none at the ends, no no-break space.
            var clean = !lead && !trail && (n == 0 || (src[0] != 0x20 && src[n - 1] != 0x20))
            if clean {
                var prevSpace = false
                var k = 0
                while k < n {
                    let b = src[k]
                    k += 1
                    if b == 0x20 { if prevSpace { clean = false; break }; prevSpace = true; continue }
                    if b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C || b == 0xC2 { clean = false; break }
                    if b == 0xE2 || b == 0xEF, Self.invisibleLength(src, at: k - 1) > 0 { clean = false; break }
                    prevSpace = false
                }
            }
            if clean { unchanged = true; return "" }
            // All whitespace (the text between blocks): no buffer.
            var k = 0
            while k < n, src[k] == 0x20 || src[k] == 0x0A || src[k] == 0x09 || src[k] == 0x0D || src[k] == 0x0C || (src[k] == 0xC2 && k + 1 < n && src[k + 1] == 0xA0) {
                k += src[k] == 0xC2 ? 2 : 1
            }
            if k == n { return lead || trail ? " " : "" }
            return String(unsafeUninitializedCapacity: n + 2) { out in
                var count = 0
                if lead { out[0] = 0x20; count = 1 }
                let start = count
                var pendingSpace = false
                var i = 0
                while i < n {
                    let b = src[i]
                    let space: Int
                    if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C { space = 1 } else if b == 0xC2, i + 1 < n, src[i + 1] == 0xA0 { space = 2 } else { space = 0 }
                    if space > 0 {
                        pendingSpace = count > start
                        i += space
                    } else if (b == 0xE2 || b == 0xEF), case let skip = Self.invisibleLength(src, at: i), skip > 0 {
                        // A zero-width space, word joiner or byte-order mark: nothing to read, and it breaks names.
                        i += skip
                    } else {
                        if pendingSpace { out[count] = 0x20; count += 1; pendingSpace = false }
                        out[count] = b
                        count += 1
                        i += 1
                    }
                }
                if count == start {
                    guard lead || trail else { return 0 }
                    out[0] = 0x20
                    return 1
                }
                if trail { out[count] = 0x20; count += 1 }
                return count
            }
        }
        return unchanged ? s : out
    }

    /// The length of the invisible character at `i` — U+200B zero-width space (`E2 80 8B`), U+2060 word joiner
    /// (`E2 81 A0`), U+FEFF byte-order mark (`EF BB BF`) — or 0. (Zero-width joiners stay: emoji and scripts need them.)
    @inline(__always)
    static func invisibleLength(_ src: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        guard i + 2 < src.count else { return 0 }
        let (a, b, c) = (src[i], src[i + 1], src[i + 2])
        if a == 0xE2, b == 0x80, c == 0x8B { return 3 }
        if a == 0xE2, b == 0x81, c == 0xA0 { return 3 }
        if a == 0xEF, b == 0xBB, c == 0xBF { return 3 }
        return 0
    }

    /// `u.properties.isWhitespace`, without the property lookup for ASCII.
    @inline(__always)
    static func isWhitespace(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x80 ? (u.value >= 0x09 && u.value <= 0x0D) || u.value == 0x20 : u.properties.isWhitespace
    }
}
