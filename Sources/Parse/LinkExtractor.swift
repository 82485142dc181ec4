import Foundation

/// Outgoing links of a page, for the crawler: every `<a href>` and `<link rel=next|prev>`, resolved
/// against the page URL (or `<base href>`), in document order, without duplicates.
public enum LinkExtractor {
    /// Names what `links(in:pageURL:)` finds; the crawler trusts links it stored with a page only under
    /// the same name (`Crawler.crawl(seeds:diagnostics:linksVersion:process:)`). Change it whenever the
    /// same page would give different links.
    public static let version = "libxml2-links-1"

    public static func links(in tree: HTMLTree, pageURL: String) -> [String] {
        var base = URL(string: pageURL)
        if let b = tree.first(where: { $0.tag == "base" }).flatMap({ tree.nodes[$0].attribute("href") }),
           let resolved = URL(string: b, relativeTo: base)?.absoluteURL {
            base = resolved
        }
        var seen = Set<String>()
        var out: [String] = []
        for i in tree.nodes.indices {
            let node = tree.nodes[i]
            let href: String?
            if node.tag == "a" {
                href = node.attribute("href")
            } else if node.tag == "link", let rel = node.attribute("rel")?.lowercased(), rel == "next" || rel == "prev" {
                href = node.attribute("href")
            } else {
                continue
            }
            guard let h = href?.trimmingCharacters(in: .whitespacesAndNewlines), !h.isEmpty, !h.hasPrefix("#"),
                  !h.lowercased().hasPrefix("javascript:"), !h.lowercased().hasPrefix("mailto:"),
                  let url = URL(string: h, relativeTo: base)?.absoluteURL else { continue }
            var s = url.absoluteString
            if let hash = s.firstIndex(of: "#") { s = String(s[..<hash]) }
            if seen.insert(s).inserted { out.append(s) }
        }
        return out
    }
}
