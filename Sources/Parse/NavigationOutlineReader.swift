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
        // Links grouped by the outermost list that holds them, with how many lists deep each sits; hrefs are
        // resolved only for the lists that could be a table of contents (URL parsing is the costly part).
        var byRoot: [Int: [(depth: Int, href: String, node: Int)]] = [:]
        var rootOrder: [Int] = []
        tree.nodes.withUnsafeBufferPointer { nodes in
            for i in nodes.indices where nodes[i].kind.contains(.anchor) {
                var depth = 0
                var root = -1
                var p = Int(nodes[i].parent)
                while p >= 0 {
                    if nodes[p].kind.contains(.list) { depth += 1; root = p }
                    p = Int(nodes[p].parent)
                }
                guard root >= 0, let raw = nodes[i].attribute("href") else { continue }
                if byRoot[root] == nil { rootOrder.append(root) }
                byRoot[root, default: []].append((depth, raw, i))
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
        // The table of contents: the list that reaches the most other pages, with levels below its top.
        var best: (pages: Int, links: [(depth: Int, url: String, node: Int)])? = nil
        for root in rootOrder {
            let raw = byRoot[root]!
            guard Set(raw.map(\.depth)).count >= 2, Set(raw.map(\.href)).count >= 4, raw.count > (best?.pages ?? 0) else { continue }
            let links = raw.compactMap { link in resolved(link.href).map { (link.depth, $0, link.node) } }
            let pages = Set(links.map(\.1)).subtracting([here]).count
            guard pages >= 4, Set(links.map(\.0)).count >= 2 else { continue }
            if best == nil || pages > best!.pages { best = (pages, links.map { (depth: $0.0, url: $0.1, node: $0.2) }) }
        }
        guard let links = best?.links, let top = links.map(\.depth).min() else { return nil }
        var chapters: [String: NavigationOutline.Chapter] = [:]
        var current: NavigationOutline.Chapter? = nil
        for link in links {
            if link.depth == top {
                let title = chapterTitle(Text.collapse(tree.text(link.node)))
                current = title.isEmpty ? nil : NavigationOutline.Chapter(title: title, url: link.url)
            }
            guard let chapter = current, chapters[link.url] == nil else { continue }
            chapters[link.url] = chapter
            if chapters.count >= maxEntries { break }
        }
        return chapters.isEmpty ? nil : NavigationOutline(chapters: chapters)
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

    public static func withoutFragment(_ url: String) -> String {
        url.firstIndex(of: "#").map { String(url[..<$0]) } ?? url
    }
}
