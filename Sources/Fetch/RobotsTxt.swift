import Foundation

/// The rules of one robots.txt that apply to one crawler, per RFC 9309.
///
/// Groups start with one or more `user-agent` lines; every group whose user-agent matches the
/// crawler's product token (case-insensitively) applies, combined; when none matches, the `*`
/// groups apply. A path is allowed unless the longest matching pattern is a `disallow`; on a tie,
/// `allow` wins. Patterns support `*` (any run of characters) and a final `$` (end of the path).
/// `/robots.txt` itself is always allowed. `crawl-delay` (not in the RFC, widely used) is kept.
public struct RobotsRules: Sendable, Hashable {
    public struct Rule: Sendable, Hashable {
        public var allow: Bool
        /// The path pattern, percent-encoding normalised.
        public var pattern: String
    }

    public var rules: [Rule]
    /// `Crawl-delay` of the applicable group, when given.
    public var crawlDelay: Duration?
    /// `Sitemap:` URLs (they apply to every crawler).
    public var sitemaps: [String]
    /// Why robots.txt could not be read when that disallows everything (a connection failure).
    public var unavailableReason: String?

    public init(rules: [Rule] = [], crawlDelay: Duration? = nil, sitemaps: [String] = []) {
        self.rules = rules
        self.crawlDelay = crawlDelay
        self.sitemaps = sitemaps
    }

    /// Everything allowed (robots.txt missing, 4xx, or `--ignore-robots`).
    public static let allowAll = RobotsRules()
    /// Everything disallowed (robots.txt unreachable: 5xx or network failure, per RFC 9309 §2.3.1.3).
    public static let disallowAll = RobotsRules(rules: [Rule(allow: false, pattern: "/")])

    /// Parsers must read at least 500 KiB (RFC 9309 §2.5); anything after that is ignored.
    public static let maxBytes = 512 * 1024

    /// The product token of a user-agent string: `rules-maker/0.1 (+url)` → `rules-maker`.
    public static func productToken(of userAgent: String) -> String {
        let first = userAgent.split(whereSeparator: { $0 == "/" || $0 == " " }).first.map(String.init) ?? userAgent
        return first.lowercased()
    }

    /// Parses `text` for the crawler whose product token is `token` (see `productToken(of:)`).
    public static func parse(_ text: String, productToken token: String) -> RobotsRules {
        struct Group { var agents: [String] = []; var rules: [Rule] = []; var delay: Duration? }
        var groups: [Group] = []
        var current: Group?
        var lastWasAgent = false
        var sitemaps: [String] = []
        let limited = text.utf8.count > maxBytes ? String(decoding: text.utf8.prefix(maxBytes), as: UTF8.self) : text
        for rawLine in limited.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "user-agent", "useragent", "user agent":
                if !lastWasAgent {
                    if let c = current { groups.append(c) }
                    current = Group()
                }
                current?.agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                guard current != nil else { continue }
                // An empty disallow allows everything: it adds no rule.
                guard !value.isEmpty else { continue }
                current?.rules.append(Rule(allow: key == "allow", pattern: normalizePath(value)))
            case "crawl-delay":
                lastWasAgent = false
                if let seconds = Double(value), seconds >= 0, seconds.isFinite {
                    current?.delay = .milliseconds(Int(min(seconds, 3600) * 1000))
                }
            case "sitemap":
                // Not part of any group; does not end one either.
                if !value.isEmpty { sitemaps.append(value) }
            default:
                lastWasAgent = false
            }
        }
        if let c = current { groups.append(c) }
        func matches(_ agent: String) -> Bool {
            let a = agent.split(separator: "/").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? agent
            return a == token
        }
        var chosen = groups.filter { $0.agents.contains(where: matches) }
        if chosen.isEmpty { chosen = groups.filter { $0.agents.contains("*") } }
        return RobotsRules(rules: chosen.flatMap(\.rules), crawlDelay: chosen.compactMap(\.delay).max(), sitemaps: sitemaps)
    }

    /// Whether the crawler may fetch `pathAndQuery` (the URL's path plus `?query`, percent-encoded).
    public func isAllowed(_ pathAndQuery: String) -> Bool {
        let path = Self.normalizePath(pathAndQuery.isEmpty ? "/" : pathAndQuery)
        if path == "/robots.txt" { return true }
        var best: (length: Int, allow: Bool)?
        for rule in rules where Self.matches(pattern: rule.pattern, path: path) {
            let length = rule.pattern.utf8.count
            if let b = best {
                if length > b.length || (length == b.length && rule.allow && !b.allow) { best = (length, rule.allow) }
            } else {
                best = (length, rule.allow)
            }
        }
        return best?.allow ?? true
    }

    /// Whether the URL's path and query are allowed.
    public func isAllowed(url: String) -> Bool {
        guard let (path, query) = URLNormalizer.pathAndQuery(of: url) else { return true }
        return isAllowed(query.map { path + "?" + $0 } ?? path)
    }

    /// Matches a robots pattern (`*` wildcards, optional final `$`) against a whole path from its start.
    static func matches(pattern: String, path: String) -> Bool {
        var pat = Array(pattern.utf8)
        var anchored = false
        if pat.last == UInt8(ascii: "$") { anchored = true; pat.removeLast() }
        let text = Array(path.utf8)
        // Split the pattern on '*' and match the pieces greedily from the left (the classic
        // linear algorithm for single-wildcard globs).
        let pieces = pat.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map(Array.init)
        if pieces.count == 1 {
            let p = pieces[0]
            guard text.count >= p.count, Array(text[0..<p.count]) == p else { return false }
            return !anchored || text.count == p.count
        }
        var pos = 0
        // First piece must match at the start.
        let first = pieces[0]
        guard text.count >= first.count, Array(text[0..<first.count]) == first else { return false }
        pos = first.count
        for (i, piece) in pieces.enumerated().dropFirst() {
            let isLast = i == pieces.count - 1
            if piece.isEmpty { if isLast { return true } else { continue } }
            if isLast && anchored {
                // The last piece must end the path.
                guard text.count - piece.count >= pos else { return false }
                return Array(text[(text.count - piece.count)...]) == piece
            }
            guard let found = find(piece, in: text, from: pos) else { return false }
            pos = found + piece.count
        }
        return !anchored || pos == text.count
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from start: Int) -> Int? {
        guard needle.count <= hay.count - start else { return nil }
        var i = start
        while i + needle.count <= hay.count {
            if hay[i] == needle[0], Array(hay[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }

    /// Percent-encodes non-ASCII octets and upper-cases existing escapes, so that patterns and paths
    /// compare octet for octet (RFC 9309 §2.2.2).
    static func normalizePath(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let bytes = Array(s.utf8)
        var i = 0
        let hex = Array("0123456789ABCDEF".utf8)
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) {
                let decoded = hexValue(bytes[i + 1]) << 4 | hexValue(bytes[i + 2])
                if URLNormalizer.isUnreserved(decoded) {
                    out.unicodeScalars.append(Unicode.Scalar(decoded))
                } else {
                    out += "%" + String(UnicodeScalar(hex[Int(decoded >> 4)])) + String(UnicodeScalar(hex[Int(decoded & 15)]))
                }
                i += 3
                continue
            }
            if b >= 0x80 || b <= 0x20 {
                out += "%" + String(UnicodeScalar(hex[Int(b >> 4)])) + String(UnicodeScalar(hex[Int(b & 15)]))
            } else {
                out.unicodeScalars.append(Unicode.Scalar(b))
            }
            i += 1
        }
        return out
    }

    static func isHex(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102)
    }

    static func hexValue(_ b: UInt8) -> UInt8 {
        if b >= 48 && b <= 57 { return b - 48 }
        if b >= 65 && b <= 70 { return b - 55 }
        return b - 87
    }
}
