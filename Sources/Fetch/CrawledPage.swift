import RulesMakerCore

/// A page as a crawl hands it to its consumer: what the response said, the links a previous crawl
/// recorded for it when it is unchanged, and its body — for a page answered from the cache (a 304, or
/// `--offline`), read from the cache only when `body()` is called.
///
/// A consumer that only needs the page's links takes `storedLinks` when they are there and never
/// reads the body; one that needs the content (compile parses every page) calls `body()`.
public struct CrawledPage: Sendable {
    /// The URL after redirects.
    public var url: String
    /// The URL that was requested.
    public var requestedURL: String
    /// The status of the page (the stored one for a 304).
    public var status: Int
    /// Response headers with lower-cased names (for a page from the cache, those the cache keeps).
    public var headers: [String: String]
    /// Crawl depth from the seed (0 for the seed itself).
    public var depth: Int
    /// True when the page came from the cache without a network transfer.
    public var fromCache: Bool
    /// The page's outgoing links as recorded, with the body, by the link extractor the crawl names
    /// (`linksVersion`): only for a page from the cache whose links that extractor recorded; nil when
    /// the links have to be found in the body.
    public var storedLinks: [String]?
    /// The size of the body in bytes.
    public var bodyBytes: Int

    enum BodySource: Sendable {
        case bytes([UInt8])
        case cache(HTTPCache)
    }
    let source: BodySource

    init(url: String, requestedURL: String, status: Int, headers: [String: String], depth: Int, fromCache: Bool,
         storedLinks: [String]?, bodyBytes: Int, source: BodySource) {
        self.url = url
        self.requestedURL = requestedURL
        self.status = status
        self.headers = headers
        self.depth = depth
        self.fromCache = fromCache
        self.storedLinks = storedLinks
        self.bodyBytes = bodyBytes
        self.source = source
    }

    /// A page whose body is at hand (tests, and consumers that build pages themselves).
    public init(_ page: FetchedPage, storedLinks: [String]? = nil) {
        self.init(url: page.url, requestedURL: page.requestedURL, status: page.status, headers: page.headers, depth: page.depth,
                  fromCache: page.fromCache, storedLinks: storedLinks, bodyBytes: page.body.count, source: .bytes(page.body))
    }

    /// The body: the response's, or read from the cache now (each call reads it again). Nil only when a
    /// cached entry has gone since it was validated (another process cleared the cache).
    public func body() -> [UInt8]? {
        switch source {
        case .bytes(let bytes): return bytes
        case .cache(let cache): return cache.body(for: url)   // a redirect is an entry of its own: the page is under its URL
        }
    }

    /// The page with its body (nil when `body()` is).
    public func fetchedPage() -> FetchedPage? {
        guard let body = body() else { return nil }
        return FetchedPage(url: url, requestedURL: requestedURL, status: status, headers: headers, body: body, depth: depth, fromCache: fromCache)
    }

    /// The media type without parameters, lower-cased (`text/html`), if the server sent one.
    public var mediaType: String? {
        headers["content-type"].map(FetchedPage.mediaType(ofContentType:))
    }
}
