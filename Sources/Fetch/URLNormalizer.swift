import Foundation

/// Canonical forms of URLs, so that each page is fetched and compiled once.
public enum URLNormalizer {
    /// Lower-cases scheme and host, drops the fragment and default ports, resolves `.` and `..`,
    /// collapses duplicate slashes, treats `dir/index.html` as `dir/`, upper-cases percent escapes
    /// and decodes escaped unreserved characters (`%7e` → `~`), removes tracking query parameters
    /// (`utm_*`, `gclid`, `fbclid`, …) and sorts the remaining ones.
    public static func normalize(_ raw: String, relativeTo base: String? = nil) -> String? {
        if base == nil, isNormal(raw) {
            assert(parsedNormalize(raw, relativeTo: nil) == raw, "\(raw) is not in normal form")
            return raw
        }
        return parsedNormalize(raw, relativeTo: base)
    }

    /// Whether `url` is an absolute `http(s)` URL that `normalize` gives back unchanged, judged from its
    /// bytes: a `PlainURL` (lower-case ASCII host name or dotted-quad IPv4 address, no punycode, a port
    /// without leading zeros that is not the scheme's default) with a path, no query, fragment or
    /// percent escape, no empty, `.` or `..` segment, and no `index.html` or `index.htm` at the end.
    /// Most links a crawl meets are of this form; parsing them with `URL` and `URLComponents` was most
    /// of the cost of admitting a new link.
    static func isNormal(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { b -> Bool in
            guard let parts = PlainURL.split(b), parts.query == nil, !parts.path.isEmpty, parts.path.upperBound == b.count else { return false }
            let authority = b[parts.authority]
            let colon = authority.firstIndex(of: UInt8(ascii: ":"))
            let host = b[parts.authority.lowerBound..<(colon ?? parts.authority.upperBound)]
            if let colon {
                let port = b[(colon + 1)..<parts.authority.upperBound]
                let https = parts.authority.lowerBound == 8
                if port.elementsEqual((https ? "443" : "80").utf8) { return false }
            }
            guard host.last != UInt8(ascii: "."), host.first != UInt8(ascii: ".") else { return false }
            // A host of digits and dots only must be a canonical dotted quad (`127.1` or `010.0.0.1` could be rewritten).
            if host.allSatisfy({ $0 == UInt8(ascii: ".") || ($0 >= 48 && $0 <= 57) }) {
                let octets = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
                guard octets.count == 4, octets.allSatisfy({ o in
                    o.count >= 1 && o.count <= 3 && (o.count == 1 || o.first != 48) && Int(o.reduce(0) { $0 * 10 + Int($1 - 48) }) <= 255
                }) else { return false }
            }
            let path = b[parts.path]
            var segmentStart = path.startIndex + 1
            for i in path.indices.dropFirst() where path[i] == UInt8(ascii: "/") || path[i] == UInt8(ascii: "%") {
                if path[i] == UInt8(ascii: "%") { return false }
                if !isOrdinarySegment(path[segmentStart..<i]) { return false }
                segmentStart = i + 1
            }
            let last = path[segmentStart...]
            if last.isEmpty { return true }
            return isOrdinarySegment(last) && !last.elementsEqual("index.html".utf8) && !last.elementsEqual("index.htm".utf8)
        }
    }

    /// Not empty, `.` or `..`.
    private static func isOrdinarySegment(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        !(s.isEmpty || s.elementsEqual(".".utf8) || s.elementsEqual("..".utf8))
    }

    static func parsedNormalize(_ raw: String, relativeTo base: String?) -> String? {
        // Most links have nothing to trim: skip Foundation's (slow, bridged) trimming for them.
        let ends = (raw.unicodeScalars.first, raw.unicodeScalars.last)
        let trimmed = ends.0.map(\.properties.isWhitespace) == false && ends.1.map(\.properties.isWhitespace) == false
            ? raw : raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let baseURL = base.flatMap { URL(string: $0) }
        guard let resolved = URL(string: trimmed, relativeTo: baseURL)?.absoluteURL,
              var comps = URLComponents(url: resolved, resolvingAgainstBaseURL: true) else { return nil }
        guard let scheme = comps.scheme?.lowercased() else { return nil }
        comps.scheme = scheme
        comps.fragment = nil
        if scheme == "http" || scheme == "https" {
            guard let host = comps.host, !host.isEmpty else { return nil }
            var h = host.lowercased()
            if h.hasSuffix("."), h.count > 1 { h.removeLast() }
            comps.host = h
            if (scheme == "http" && comps.port == 80) || (scheme == "https" && comps.port == 443) { comps.port = nil }
        }
        var path = normalizeEscapes(comps.percentEncodedPath)
        if path.isEmpty { path = "/" }
        if containsDoubleSlash(path.utf8) { path = collapsingSlashes(path) }
        path = removeDotSegments(path)
        for index in ["index.html", "index.htm"] where path.hasSuffix("/" + index) {
            path = String(path.dropLast(index.count))
        }
        comps.percentEncodedPath = path
        comps.percentEncodedQuery = normalizeQuery(comps.percentEncodedQuery)
        return comps.string
    }

    /// Query parameters that only track where a visitor came from.
    static let trackingParameters: Set<String> = [
        "gclid", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
        "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "ref_src",
    ]

    static func isTracking(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.hasPrefix("utm_") || trackingParameters.contains(n)
    }

    /// Drops tracking parameters and empty pieces, normalises escapes, sorts by name (stable).
    static func normalizeQuery(_ query: String?) -> String? {
        guard let query, !query.isEmpty else { return nil }
        let parts = query.split(separator: "&").map { normalizeEscapes(String($0)) }.filter { part in
            let name = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? part
            return !name.isEmpty && !isTracking(name)
        }
        guard !parts.isEmpty else { return nil }
        let sorted = parts.enumerated().sorted { a, b in
            let na = a.element.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let nb = b.element.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return na != nb ? na < nb : a.offset < b.offset
        }.map(\.element)
        return sorted.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters: `A-Z a-z 0-9 - . _ ~`.
    static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 45 || b == 46 || b == 95 || b == 126
    }

    /// Upper-cases percent escapes and decodes the ones of unreserved characters.
    static func normalizeEscapes(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "%")) else { return s }
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let hex = Array("0123456789ABCDEF".utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, RobotsRules.isHex(bytes[i + 1]), RobotsRules.isHex(bytes[i + 2]) {
                let v = RobotsRules.hexValue(bytes[i + 1]) << 4 | RobotsRules.hexValue(bytes[i + 2])
                if isUnreserved(v) { out.append(v) } else { out += [UInt8(ascii: "%"), hex[Int(v >> 4)], hex[Int(v & 15)]] }
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The host of a normalised URL with its port (`example.org:8080`), the unit of politeness.
    public static func hostKey(of url: String) -> String {
        if let plain = PlainURL(url) { return plain.hostKey }
        guard let comps = URLComponents(string: url), let host = comps.host else { return "" }
        return comps.port.map { "\(host):\($0)" } ?? host
    }

    /// `scheme://host[:port]` of a URL.
    public static func origin(of url: String) -> String? {
        if let plain = PlainURL(url) { return plain.origin }
        guard let comps = URLComponents(string: url), let scheme = comps.scheme, let host = comps.host else { return nil }
        return "\(scheme)://\(host)" + (comps.port.map { ":\($0)" } ?? "")
    }

    /// The percent-encoded path (`/` when empty) and query of a URL; nil when it cannot be parsed.
    static func pathAndQuery(of url: String) -> (path: String, query: String?)? {
        if let plain = PlainURL(url) { return (plain.path, plain.query) }
        guard let comps = URLComponents(string: url) else { return nil }
        return (comps.percentEncodedPath.isEmpty ? "/" : comps.percentEncodedPath, comps.percentEncodedQuery)
    }
}

/// The parts of an `http(s)://` URL already in the form `URLComponents` gives back, cut out of the string
/// instead of parsed (the crawler asks for them for every link): a lower-case ASCII host name that is not
/// punycode or an IPv4 address, a port without leading zeros, and a path and query of URL characters with
/// well-formed escapes. Anything else is not a `PlainURL` and goes through `URLComponents`.
struct PlainURL {
    var origin: String
    var hostKey: String
    var path: String
    var query: String?

    init?(_ url: String) {
        var url = url
        guard let parts = url.withUTF8({ Self.split($0) }) else { return nil }
        let bytes = Array(url.utf8)
        func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        origin = text(0..<parts.authority.upperBound)
        hostKey = text(parts.authority)
        path = parts.path.isEmpty ? "/" : text(parts.path)
        query = parts.query.map(text)
    }

    static func split(_ b: UnsafeBufferPointer<UInt8>) -> (authority: Range<Int>, path: Range<Int>, query: Range<Int>?)? {
        let start: Int
        if b.starts(with: "http://".utf8) { start = 7 } else if b.starts(with: "https://".utf8) { start = 8 } else { return nil }
        var i = start, colon: Int?
        while i < b.count, b[i] != UInt8(ascii: "/"), b[i] != UInt8(ascii: "?"), b[i] != UInt8(ascii: "#") {
            let c = b[i]
            if c == UInt8(ascii: ":") {
                guard colon == nil else { return nil }
                colon = i
            } else if colon != nil {
                guard c >= 48 && c <= 57 else { return nil }
            } else {
                guard (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return nil }
                // Punycode labels (`xn--…`): URLComponents gives those back decoded.
                if c == UInt8(ascii: "-"), i >= start + 3, b[i - 1] == UInt8(ascii: "-"), b[i - 2] == UInt8(ascii: "n"), b[i - 3] == UInt8(ascii: "x"),
                   i == start + 3 || b[i - 4] == UInt8(ascii: ".") { return nil }
            }
            i += 1
        }
        let hostEnd = colon ?? i
        guard hostEnd > start else { return nil }
        if let colon {
            let digits = i - colon - 1
            guard digits >= 1, digits <= 5, b[colon + 1] != UInt8(ascii: "0") else { return nil }
            var port = 0
            for k in (colon + 1)..<i { port = port * 10 + Int(b[k] - 48) }
            guard port <= 65535 else { return nil }
        }
        let authority = start..<i
        let pathStart = i
        var queryStart: Int?
        while i < b.count, b[i] != UInt8(ascii: "#") {
            let c = b[i]
            if c == UInt8(ascii: "?"), queryStart == nil {
                queryStart = i + 1
            } else if c == UInt8(ascii: "%") {
                guard i + 2 < b.count, RobotsRules.isHex(b[i + 1]), RobotsRules.isHex(b[i + 2]) else { return nil }
                i += 2
            } else if !isURLCharacter(c) {
                return nil
            }
            i += 1
        }
        let path = pathStart..<(queryStart.map { $0 - 1 } ?? i)
        let query = queryStart.map { $0..<i }
        if i < b.count {   // the fragment: checked only so that URLComponents would not reject or re-encode the URL
            for c in b[(i + 1)...] where !isURLCharacter(c) && c != UInt8(ascii: "%") { return nil }
        }
        return (authority, path, query)
    }

    /// RFC 3986 unreserved, sub-delims, `:`, `@`, `/` and `?`.
    private static func isURLCharacter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return "-._~!$&'()*+,;=:@/?".utf8.contains(c)
        }
    }
}

extension URLNormalizer {
    static func containsDoubleSlash(_ bytes: String.UTF8View) -> Bool {
        var previous: UInt8 = 0
        for b in bytes {
            if b == UInt8(ascii: "/") && previous == b { return true }
            previous = b
        }
        return false
    }

    /// Every run of slashes as one slash.
    static func collapsingSlashes(_ path: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count)
        for b in path.utf8 where !(b == UInt8(ascii: "/") && out.last == b) { out.append(b) }
        return String(decoding: out, as: UTF8.self)
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
