/// The chapters of a site as its navigation draws them: each page under the top-level entry of the
/// site's table of contents it sits below (mdBook's sidebar and `toc.html`, a Sphinx toctree, DocBook's
/// table of contents). Link groups pages of a flat folder by it.
public struct NavigationOutline: Sendable, Hashable, Codable {
    /// A top-level entry of the navigation: its title (section number dropped) and page URL.
    public struct Chapter: Sendable, Hashable, Codable {
        public var title: String
        public var url: String

        public init(title: String, url: String) {
            self.title = title
            self.url = url
        }
    }

    /// Page URL (absolute, no fragment) → the chapter it belongs to (a top-level page is its own chapter).
    public var chapters: [String: Chapter]

    public init(chapters: [String: Chapter]) {
        self.chapters = chapters
    }
}
