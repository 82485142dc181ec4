import Foundation

/// Reads a sitemap (`<urlset>`) or sitemap index (`<sitemapindex>`) per sitemaps.org.
///
/// The XML goes through `HTMLTree` (libxml2's HTML parser in recover mode keeps unknown elements
/// such as `<loc>` as nodes, and ignores namespaces), so no second libxml2 wrapper is needed.
public enum SitemapParser {
    /// Page URLs (`<url><loc>`) and child sitemap URLs (`<sitemap><loc>`), in document order.
    public static func parse(_ bytes: [UInt8]) -> (pages: [String], sitemaps: [String]) {
        let tree = HTMLTree(bytes: bytes, encoding: "UTF-8")
        var pages: [String] = [], sitemaps: [String] = []
        for i in tree.all(where: { localName($0.tag) == "loc" }) {
            let value = tree.text(i).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { continue }
            var p = Int(tree.nodes[i].parent)
            var kind: Substring?
            while p >= 0 {
                let tag = localName(tree.nodes[p].tag)
                if tag == "url" || tag == "sitemap" { kind = tag; break }
                p = Int(tree.nodes[p].parent)
            }
            let url = decodeEntities(value)
            if kind == "sitemap" { sitemaps.append(url) } else if kind == "url" { pages.append(url) }
        }
        return (pages, sitemaps)
    }

    private static func localName(_ tag: String) -> Substring {
        tag.split(separator: ":").last ?? Substring(tag)
    }

    /// `&amp;` inside `<loc>` survives the HTML parser as text in some libxml2 versions.
    private static func decodeEntities(_ s: String) -> String {
        s.contains("&") ? s.replacingOccurrences(of: "&amp;", with: "&") : s
    }
}
