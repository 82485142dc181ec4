import Foundation

/// What a page asks of crawlers, from `<meta name="robots" content="noindex, nofollow">` or the
/// `X-Robots-Tag` response header: `noindex` — its content is not to be compiled (mdBook's `print.html`, the
/// whole book again on one page, and its `toc.html` carry it); `nofollow` — its links are not to be followed.
public struct RobotsDirectives: Sendable, Hashable, Codable {
    public var noIndex = false
    public var noFollow = false

    public init(noIndex: Bool = false, noFollow: Bool = false) {
        self.noIndex = noIndex
        self.noFollow = noFollow
    }

    /// Directives that take a value after a colon (`max-snippet: 20`): not the name of a crawler.
    static let valued: Set<String> = ["unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"]

    /// Adds the directives of one `content` or header value ("noindex, nofollow", "none", "NOINDEX").
    /// A value addressed to a named crawler ("googlebot: noindex") is that crawler's, not ours, unless
    /// it names rules-maker.
    public mutating func read(_ value: String) {
        var parts = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let first = parts.first, let colon = first.firstIndex(of: ":") {
            let agent = first[..<colon].trimmingCharacters(in: .whitespaces)
            if !Self.valued.contains(agent) {
                guard agent == "rules-maker" else { return }
                parts[0] = first[first.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        for directive in parts {
            switch directive {
            case "noindex": noIndex = true
            case "nofollow": noFollow = true
            case "none": noIndex = true; noFollow = true
            default: break
            }
        }
    }

    /// The directives of a `<meta name=…>` element, when its name addresses us: `robots` (every crawler)
    /// or `rules-maker`.
    public static func addresses(metaName: String) -> Bool {
        metaName == "robots" || metaName == "rules-maker"
    }
}
