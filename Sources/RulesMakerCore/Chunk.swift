/// Where a piece of content came from: page URL, nearest anchor and breadcrumb.
public struct SourceRef: Sendable, Hashable, Codable, Comparable {
    public var url: String
    public var anchor: String?
    /// Page title › section › subsection.
    public var breadcrumb: [String]

    public init(url: String, anchor: String?, breadcrumb: [String]) {
        self.url = url
        self.anchor = anchor
        self.breadcrumb = breadcrumb
    }

    /// `url#anchor`, or the URL alone.
    public var link: String {
        guard let anchor, !anchor.isEmpty else { return url }
        return url + "#" + anchor
    }

    public static func < (a: SourceRef, b: SourceRef) -> Bool {
        (a.url, a.anchor ?? "") < (b.url, b.anchor ?? "")
    }
}

/// A token-bounded piece of one page, cut along the heading tree.
public struct Chunk: Sendable, Hashable, Codable {
    /// Stable identifier: the page URL, anchor and position within the page.
    public var id: String
    public var source: SourceRef
    public var pageTitle: String
    public var blocks: [ContentBlock]
    /// Estimated tokens (see `TokenEstimate`).
    public var tokens: Int
    /// The page's detected language or generator hints, passed on to extractors.
    public var language: String?

    public init(id: String, source: SourceRef, pageTitle: String, blocks: [ContentBlock], tokens: Int, language: String? = nil) {
        self.id = id
        self.source = source
        self.pageTitle = pageTitle
        self.blocks = blocks
        self.tokens = tokens
        self.language = language
    }
}

/// The token estimate used throughout: one token per four UTF-8 bytes, rounded up.
///
/// It is within ±20% of BPE tokenizers on English prose and code, and needs no model files.
public enum TokenEstimate {
    public static func tokens(_ text: String) -> Int { (text.utf8.count + 3) / 4 }
    public static func tokens(bytes: Int) -> Int { (bytes + 3) / 4 }
}
