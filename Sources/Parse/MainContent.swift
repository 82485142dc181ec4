import Foundation

/// Finds the element that holds a page's main content.
///
/// Known documentation generators are recognised by their markup first (the generator meta tag and
/// their container classes and ids); everything else falls back to a text-density score.
struct MainContentLocator {
    let tree: HTMLTree

    /// Containers in order of preference. Each is (description, predicate).
    static let knownContainers: [(String, @Sendable (HTMLTree.Node) -> Bool)] = [
        ("rustdoc", { $0.tag == "section" && $0.attribute("id") == "main-content" }),
        ("mkdocs-material", { $0.tag == "article" && $0.classes.contains("md-content__inner") }),
        ("docusaurus", { $0.classes.contains("theme-doc-markdown") }),
        ("vitepress", { $0.classes.contains("vp-doc") }),
        ("sphinx", { $0.attribute("itemprop") == "articleBody" }),
        ("sphinx", { $0.tag == "div" && $0.classes.contains("body") && $0.attribute("role") == "main" }),
        ("sphinx", { $0.tag == "div" && $0.classes.contains("body") }),
        ("mediawiki", { $0.attribute("id") == "mw-content-text" }),
        ("doxygen", { $0.tag == "div" && $0.classes.contains("contents") }),
        ("javadoc", { $0.tag == "div" && $0.classes.contains("contentContainer") }),
        ("gitbook", { $0.classes.contains("markdown-section") }),
        ("github", { $0.classes.contains("markdown-body") }),
        ("mdbook", { $0.tag == "main" && $0.attribute("id") == nil }),
    ]

    static let genericContainers: [@Sendable (HTMLTree.Node) -> Bool] = [
        { $0.tag == "main" },
        { $0.attribute("role") == "main" },
        { $0.tag == "article" },
        { ["content", "main-content", "maincontent", "main", "docs-content", "page-content"].contains($0.attribute("id") ?? "") },
        { $0.classes.contains(where: { ["content", "main-content", "document", "page-content", "post-content", "article-content", "markdown"].contains($0) }) },
    ]

    /// The index of the main-content element, and the generator it suggests.
    func locate() -> (node: Int, generator: String?) {
        guard let body = tree.first(where: { $0.tag == "body" }) ?? (tree.root >= 0 ? tree.root : nil) else { return (max(tree.root, 0), nil) }
        let bodyText = visibleTextLength(body)
        // Generator containers first, then generic landmarks; each must hold a fair share of the text.
        for (name, predicate) in Self.knownContainers {
            let candidates = tree.all(where: predicate)
            if let best = candidates.max(by: { visibleTextLength($0) < visibleTextLength($1) }),
               visibleTextLength(best) >= max(200, bodyText / 5) {
                return (best, name)
            }
        }
        for predicate in Self.genericContainers {
            let candidates = tree.all(where: predicate).filter { !isBoilerplateSubtree($0) }
            if let best = candidates.max(by: { visibleTextLength($0) < visibleTextLength($1) }),
               visibleTextLength(best) >= max(200, bodyText / 4) {
                return (best, nil)
            }
        }
        return (densityBest(under: body) ?? body, nil)
    }

    /// Readability-style fallback: the block container whose own paragraphs carry the most
    /// non-link text, with its parent credited half.
    private func densityBest(under body: Int) -> Int? {
        var scores: [Int: Double] = [:]
        for i in tree.descendants(body) {
            let node = tree.nodes[i]
            guard ["p", "pre", "li", "td", "dd", "h2", "h3"].contains(node.tag) else { continue }
            let text = visibleTextLength(i)
            guard text >= 25 else { continue }
            let linkText = tree.descendants(i).filter { tree.nodes[$0].tag == "a" }.reduce(0) { $0 + tree.text($1).count }
            let score = Double(text) * (1 - Double(linkText) / Double(max(text, 1)))
            let parent = Int(node.parent)
            guard parent >= 0 else { continue }
            scores[parent, default: 0] += score
            let grand = Int(tree.nodes[parent].parent)
            if grand >= 0 { scores[grand, default: 0] += score / 2 }
        }
        return scores.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key
    }

    func visibleTextLength(_ i: Int) -> Int {
        var total = 0
        var stack = [i]
        while let n = stack.popLast() {
            let node = tree.nodes[n]
            if let t = node.text { total += t.utf8.count - t.utf8.reduce(0) { $0 + ($1 == 32 || $1 == 10 || $1 == 9 ? 1 : 0) }; continue }
            if n != i && Boilerplate.isBoilerplate(node) { continue }
            for c in tree.children(n) { stack.append(c) }
        }
        return total
    }

    private func isBoilerplateSubtree(_ i: Int) -> Bool {
        var p = Int(tree.nodes[i].parent)
        while p >= 0 {
            if Boilerplate.isBoilerplate(tree.nodes[p]) { return true }
            p = Int(tree.nodes[p].parent)
        }
        return false
    }
}

/// Recognises page furniture that is never main content.
enum Boilerplate {
    static let tags: Set<String> = ["nav", "footer", "form", "button", "select", "input", "textarea", "label", "dialog", "head", "menu"]

    static let markers: [String] = [
        "headerlink", "anchorjs", "hash-link", "anchor-link", "edit-this-page", "editthispage", "edit-page", "edit-link",
        "breadcrumb", "sidebar", "navbar", "nav-", "-nav", "toc", "tableofcontents", "table-of-contents", "pagination",
        "prev-next", "footer", "feedback", "cookie", "consent", "skip-link", "skip-to", "skiplink", "visually-hidden", "sr-only",
        "screen-reader", "copy-button", "copybutton", "clipboard", "search", "version-switcher", "versions", "rst-versions",
        "related", "md-source-file", "theme-doc-footer", "rst-footer", "social", "share", "newsletter", "advert", "banner",
        "announcement", "rating", "was-this-helpful", "helpful", "lastupdated", "last-updated", "contributors", "menu",
    ]

    /// Marker names that would wrongly match ordinary content classes when used as substrings.
    static let exactOnly: Set<String> = ["toc", "menu", "related", "versions", "banner", "share", "social", "search"]

    static func isBoilerplate(_ node: HTMLTree.Node) -> Bool {
        if node.isText { return false }
        if tags.contains(node.tag) { return true }
        if node.tag == "aside" && !isAdmonitionLike(node) { return true }
        if node.tag == "header" && node.attribute("class").map({ $0.contains("header") && !$0.contains("page") }) == true { return true }
        if node.attribute("hidden") != nil || node.attribute("aria-hidden") == "true" { return true }
        if let style = node.attribute("style")?.replacingOccurrences(of: " ", with: "").lowercased(),
           style.contains("display:none") || style.contains("visibility:hidden") { return true }
        if let role = node.attribute("role"), ["navigation", "banner", "contentinfo", "search", "complementary", "toolbar", "dialog"].contains(role) { return true }
        let names = node.classes.map { $0.lowercased() } + [(node.attribute("id") ?? "").lowercased()]
        for name in names where !name.isEmpty {
            for marker in markers {
                if exactOnly.contains(marker) {
                    if name == marker || name.hasPrefix(marker + "-") || name.hasSuffix("-" + marker) || name.hasSuffix("_" + marker) { return true }
                } else if name.contains(marker) {
                    return true
                }
            }
        }
        return false
    }

    static func isAdmonitionLike(_ node: HTMLTree.Node) -> Bool {
        node.classes.contains(where: { c in
            let l = c.lowercased()
            return l.contains("admonition") || l.contains("alert") || l.contains("callout") || l.contains("note") || l.contains("warning")
        }) || node.attribute("role") == "note"
    }
}
