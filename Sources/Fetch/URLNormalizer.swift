import Foundation

/// Canonical forms of URLs, so that each page is fetched and compiled once.
public enum URLNormalizer {
    /// Lower-cases scheme and host, drops the fragment and default ports, resolves `.` and `..`,
    /// collapses duplicate slashes, and treats `dir/index.html` as `dir/`.
    public static func normalize(_ raw: String, relativeTo base: String? = nil) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let baseURL = base.flatMap { URL(string: $0) }
        guard let resolved = URL(string: trimmed, relativeTo: baseURL)?.absoluteURL,
              var comps = URLComponents(url: resolved, resolvingAgainstBaseURL: true) else { return nil }
        guard let scheme = comps.scheme?.lowercased() else { return nil }
        comps.scheme = scheme
        comps.fragment = nil
        if scheme == "http" || scheme == "https" {
            guard let host = comps.host, !host.isEmpty else { return nil }
            comps.host = host.lowercased()
            if (scheme == "http" && comps.port == 80) || (scheme == "https" && comps.port == 443) { comps.port = nil }
        }
        var path = comps.percentEncodedPath
        if path.isEmpty { path = "/" }
        while path.contains("//") { path = path.replacingOccurrences(of: "//", with: "/") }
        path = removeDotSegments(path)
        for index in ["index.html", "index.htm"] where path.hasSuffix("/" + index) {
            path = String(path.dropLast(index.count))
        }
        comps.percentEncodedPath = path
        if comps.percentEncodedQuery == "" { comps.percentEncodedQuery = nil }
        return comps.string
    }

    static func removeDotSegments(_ path: String) -> String {
        var out: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (i, part) in parts.enumerated() {
            if part == "." { if i == parts.count - 1 { out.append("") }; continue }
            if part == ".." {
                if out.count > 1 { out.removeLast() }
                if i == parts.count - 1 { out.append("") }
                continue
            }
            out.append(part)
        }
        let joined = out.joined(separator: "/")
        return joined.hasPrefix("/") ? joined : "/" + joined
    }

    /// The crawl scope of a start URL: its directory (the URL itself when it ends in `/`).
    public static func scopePrefix(of start: String) -> String {
        guard let n = normalize(start), let url = URL(string: n) else { return start }
        var s = n
        if let q = s.firstIndex(of: "?") { s = String(s[..<q]) }
        if url.path.hasSuffix("/") || url.path.isEmpty { return s.hasSuffix("/") ? s : s + "/" }
        if let slash = s.lastIndex(of: "/") { return String(s[...slash]) }
        return s
    }
}
