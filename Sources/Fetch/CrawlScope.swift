import Foundation

/// A glob on URL paths: `*` matches within one path segment, `**` across segments, `?` one
/// character; anything else matches itself. A pattern matches the whole path (`/guide/**`).
/// A pattern without a leading `/` matches anywhere (`**/` is prefixed), so `*.html` works.
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let tokens: [Token]

    private enum Token: Hashable, Sendable { case literal(UInt8), star, doubleStar, any }

    public init(_ pattern: String) {
        self.pattern = pattern
        let p = pattern.hasPrefix("/") ? pattern : "**/" + pattern
        var t: [Token] = []
        let b = Array(p.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "*") {
                if i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") {
                    t.append(.doubleStar); i += 2
                    // `**/` also matches zero segments.
                    continue
                }
                t.append(.star)
            } else if b[i] == UInt8(ascii: "?") {
                t.append(.any)
            } else {
                t.append(.literal(b[i]))
            }
            i += 1
        }
        tokens = t
    }

    public var description: String { pattern }

    /// Whether `path` (percent-encoded, without query) matches.
    public func matches(_ path: String) -> Bool {
        let s = Array(path.utf8)
        // Memoised recursion over (token index, string index); sizes are small (URLs are capped).
        var memo = [Int: Bool]()
        func go(_ ti: Int, _ si: Int) -> Bool {
            let key = ti &* 65_536 &+ si
            if let m = memo[key] { return m }
            var result: Bool
            if ti == tokens.count {
                result = si == s.count
            } else {
                switch tokens[ti] {
                case .literal(let c):
                    result = si < s.count && s[si] == c && go(ti + 1, si + 1)
                case .any:
                    result = si < s.count && s[si] != UInt8(ascii: "/") && go(ti + 1, si + 1)
                case .star:
                    result = go(ti + 1, si) || (si < s.count && s[si] != UInt8(ascii: "/") && go(ti, si + 1))
                case .doubleStar:
                    // `**/` may match nothing at all (so `/a/**/b` matches `/a/b`).
                    if ti + 1 < tokens.count, tokens[ti + 1] == .literal(UInt8(ascii: "/")), go(ti + 2, si) {
                        result = true
                    } else {
                        result = go(ti + 1, si) || (si < s.count && go(ti, si + 1))
                    }
                }
            }
            memo[key] = result
            return result
        }
        return go(0, 0)
    }
}

/// Which URLs a crawl may visit: same scheme, host and path prefix as a seed, `--include` /
/// `--exclude` globs on the path, no links to non-document files, and guards against crawl traps.
public struct CrawlScope: Sendable {
    /// Normalised prefixes (`https://host/docs/`) of the seeds.
    public var prefixes: [String]
    public var include: [PathGlob]
    public var exclude: [PathGlob]
    public var limits: TrapLimits

    /// Crawl-trap guards.
    public struct TrapLimits: Sendable, Hashable, Codable {
        /// URLs longer than this are not followed.
        public var maxURLLength: Int = 2048
        /// A path segment repeated more often than this (`/a/b/a/b/a/b/…`) marks a trap.
        public var maxSegmentRepeats: Int = 3
        /// Paths deeper than this many segments are not followed.
        public var maxPathSegments: Int = 32
        /// At most this many distinct query strings per path.
        public var maxQueryVariants: Int = 16
        public init() {}
    }

    public init(prefixes: [String], include: [PathGlob] = [], exclude: [PathGlob] = [], limits: TrapLimits = .init()) {
        self.prefixes = prefixes
        self.include = include
        self.exclude = exclude
        self.limits = limits
    }

    /// Why a URL (normalised) is out of scope, or nil when it is in scope. Seeds are always in scope.
    /// The query-variant guard needs the crawl's history, so the crawler applies it.
    public func rejection(_ url: String, isSeed: Bool = false) -> String? {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { return "not http(s)" }
        guard let path = URLNormalizer.pathAndQuery(of: url)?.path else { return "not a valid URL" }
        if isSeed { return nil }
        guard prefixes.contains(where: { url.hasPrefix($0) || url + "/" == $0 }) else { return "outside the start URL's scope" }
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        if let dot = last.lastIndex(of: "."), Self.skippedExtensions.contains(last[last.index(after: dot)...].lowercased()) {
            return "not a document (.\(last[last.index(after: dot)...]))"
        }
        if !include.isEmpty, !include.contains(where: { $0.matches(path) }) { return "not matched by --include" }
        if let g = exclude.first(where: { $0.matches(path) }) { return "matched by --exclude \(g.pattern)" }
        if url.utf8.count > limits.maxURLLength { return "crawl trap: URL longer than \(limits.maxURLLength) characters" }
        let segments = path.split(separator: "/")
        if segments.count > limits.maxPathSegments { return "crawl trap: more than \(limits.maxPathSegments) path segments" }
        var counts: [Substring: Int] = [:]
        for s in segments {
            counts[s, default: 0] += 1
            if counts[s]! > limits.maxSegmentRepeats { return "crawl trap: path segment '\(s)' repeats more than \(limits.maxSegmentRepeats) times" }
        }
        return nil
    }

    /// File extensions never fetched as documentation (the links are skipped, not requested).
    public static let skippedExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "avif", "bmp", "css", "js", "mjs", "map", "json", "xml", "zip", "gz",
        "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", "pdf", "woff", "woff2", "ttf", "otf", "eot", "mp4", "webm", "mp3", "wav",
        "ogg", "exe", "dmg", "msi", "deb", "rpm", "whl", "jar", "epub", "ps", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "csv",
        "ipynb", "wasm", "bin", "iso", "apk",
    ]
}
