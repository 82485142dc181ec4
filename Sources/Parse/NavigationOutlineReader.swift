import Foundation
import RulesMakerCore

/// Reads a page's table of contents into a `NavigationOutline`: the nested list (`ul`, `ol`, `dl`) that
/// links to the most pages of the same site, at two levels at least; each link under the top-level link
/// before it. A flat list of links (a pager, a footer) or links into the page itself draw no outline.
public enum NavigationOutlineReader {
    /// At most this many pages are read from one table of contents.
    static let maxEntries = 5_000

    public static func read(_ tree: HTMLTree, pageURL: String) -> NavigationOutline? {
        var base = URL(string: pageURL)
        if let b = tree.first(where: { $0.tag == "base" }).flatMap({ tree.nodes[$0].attribute("href") }),
           let resolved = URL(string: b, relativeTo: base)?.absoluteURL {
            base = resolved
        }
        guard let page = base, let scheme = page.scheme?.lowercased(), ["http", "https", "file"].contains(scheme) else { return nil }
        let here = withoutFragment(URL(string: pageURL)?.absoluteString ?? pageURL)
        // Links grouped by the outermost list that holds them, with how many lists deep each sits and the item
        // of that list they are in; hrefs are resolved only for the lists that could be a table of contents (URL
        // parsing is the costly part).
        typealias Raw = (depth: Int, href: String, node: Int, item: Int)
        var byRoot: [Int: [Raw]] = [:]
        var rootOrder: [Int] = []
        tree.nodes.withUnsafeBufferPointer { nodes in
            for i in nodes.indices where nodes[i].kind.contains(.anchor) {
                var depth = 0
                var root = -1
                var item = -1
                var below = i
                var p = Int(nodes[i].parent)
                while p >= 0 {
                    if nodes[p].kind.contains(.list) { depth += 1; root = p; item = below }
                    below = p
                    p = Int(nodes[p].parent)
                }
                guard root >= 0, let raw = nodes[i].attribute("href") else { continue }
                if byRoot[root] == nil { rootOrder.append(root) }
                byRoot[root, default: []].append((depth, raw, i, item))
            }
        }
        func resolved(_ raw: String) -> String? {
            // "#", "" and "#section" are this page (Sphinx marks the current entry `href="#"`).
            let href = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if href.isEmpty || href.hasPrefix("#") { return here }
            guard let url = URL(string: href, relativeTo: page)?.absoluteURL,
                  url.scheme?.lowercased() == scheme, url.host == page.host else { return nil }
            return withoutFragment(url.absoluteString)
        }
        // The table of contents: a list that reaches four other pages or more, with levels below its top; one
        // that lists the page itself (its sidebar) before one that does not (a header's menu), then the one that
        // reaches the most pages.
        typealias Link = (depth: Int, url: String, node: Int, item: Int)
        var best: (listsHere: Bool, pages: Int, links: [Link])? = nil
        for root in rootOrder {
            let raw = byRoot[root]!
            guard Set(raw.map(\.depth)).count >= 2, Set(raw.map(\.href)).count >= 4 else { continue }
            let links: [Link] = raw.compactMap { link in resolved(link.href).map { (link.depth, $0, link.node, link.item) } }
            let urls = Set(links.map(\.url))
            let pages = urls.subtracting([here]).count
            guard pages >= 4, Set(links.map(\.depth)).count >= 2 else { continue }
            let listsHere = urls.contains(here)
            if let b = best, b.listsHere && !listsHere || (b.listsHere == listsHere && b.pages >= pages) { continue }
            best = (listsHere, pages, links)
        }
        guard let links = best?.links, let top = links.map(\.depth).min() else { return nil }
        // Each item of the list opens a chapter with its own link ("1. Meet Safe and Unsafe"), or with its label when
        // it has none (a MkDocs section); an item holding only a nested list (mdBook's `<li><ol class="section">`)
        // carries on the chapter before it.
        var chapters: [String: NavigationOutline.Chapter] = [:]
        var current: NavigationOutline.Chapter? = nil
        var index = 0
        while index < links.count, chapters.count < maxEntries {
            let item = links[index].item
            var end = index
            while end < links.count, links[end].item == item { end += 1 }
            let members = links[index..<end]
            if let own = members.first(where: { $0.depth == top }) {
                let title = chapterTitle(Text.collapse(tree.text(own.node)))
                current = title.isEmpty ? nil : NavigationOutline.Chapter(title: title, url: own.url)
            } else if let label = Self.label(of: item, in: tree) {
                current = NavigationOutline.Chapter(title: label, url: "")
            }
            if let chapter = current {
                for link in members where chapters[link.url] == nil { chapters[link.url] = chapter }
            }
            index = end
        }
        // One entry over more than half of the pages is no table of chapters: a picker or a menu that nests the real
        // contents under one label (Node.js's header: "Table of contents" over every module).
        var sizes: [String: Int] = [:]
        for chapter in chapters.values { sizes[chapter.title, default: 0] += 1 }
        if chapters.count >= 8, let largest = sizes.values.max(), largest * 2 > chapters.count { return nil }
        return chapters.isEmpty ? nil : NavigationOutline(chapters: chapters)
    }

    /// The first words of an item outside its nested lists (a section's label), when it has any.
    static func label(of item: Int, in tree: HTMLTree) -> String? {
        guard item >= 0 else { return nil }
        var stack = Array(tree.children(item).reversed())
        while let i = stack.popLast() {
            let node = tree.nodes[i]
            if let text = node.text {
                let t = chapterTitle(Text.collapse(text))
                if !t.isEmpty { return t.count <= 80 ? t : nil }
                continue
            }
            if node.kind.contains(.list) { continue }
            stack.append(contentsOf: tree.children(i).reversed())
        }
        return nil
    }

    /// "4.2. Keep-alive times" → "Keep-alive times"; "1. Meet Safe and Unsafe" → "Meet Safe and Unsafe".
    static func chapterTitle(_ s: String) -> String {
        var t = Substring(s.trimmingCharacters(in: .whitespaces))
        let number = t.prefix(while: { $0.isNumber || $0 == "." })
        if !number.isEmpty, number.first?.isNumber == true, t.dropFirst(number.count).first == " " {
            t = t.dropFirst(number.count).drop(while: { $0 == " " })
        }
        return String(t)
    }

    /// `page.html#x` → `page.html` (also what a redirect stub's target is compared by).
    public static func withoutFragment(_ url: String) -> String {
        url.firstIndex(of: "#").map { String(url[..<$0]) } ?? url
    }
}
