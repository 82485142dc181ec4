import Foundation

/// A page as the Fetch stage delivers it: final URL, status, headers and raw bytes.
public struct FetchedPage: Sendable, Hashable {
    /// The URL after redirects (or a `file://` URL for local input).
    public var url: String
    /// The URL that was requested.
    public var requestedURL: String
    public var status: Int
    /// Response headers with lower-cased names; the last value wins for repeated names.
    public var headers: [String: String]
    public var body: [UInt8]
    /// Crawl depth from the seed (0 for the seed itself).
    public var depth: Int
    /// True when the body came from the cache without a network transfer.
    public var fromCache: Bool

    public init(url: String, requestedURL: String? = nil, status: Int, headers: [String: String], body: [UInt8],
                depth: Int = 0, fromCache: Bool = false) {
        self.url = url
        self.requestedURL = requestedURL ?? url
        self.status = status
        self.headers = headers
        self.body = body
        self.depth = depth
        self.fromCache = fromCache
    }

    /// The media type without parameters, lower-cased (`text/html`), if the server sent one.
    public var mediaType: String? {
        headers["content-type"].map(Self.mediaType(ofContentType:))
    }

    /// The media type of a `Content-Type` value: before any `;`, blanks trimmed, lower-cased ("" when empty).
    public static func mediaType(ofContentType value: String) -> String {
        let utf8 = value.utf8
        let end = utf8.firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex
        if utf8[..<end].allSatisfy({ $0 < 0x80 }) {   // the usual case: bytes, no Unicode blanks to consider
            var bytes = utf8[..<end]
            while let f = bytes.first, f == 32 || f == 9 { bytes = bytes.dropFirst() }
            while let l = bytes.last, l == 32 || l == 9 { bytes = bytes.dropLast() }
            return String(decoding: bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
        }
        var type = Substring(value)
        if let semicolon = type.firstIndex(of: ";") { type = type[..<semicolon] }
        func isBlank(_ c: Character) -> Bool { c == "\t" || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator } }
        while let first = type.first, isBlank(first) { type = type.dropFirst() }
        while let last = type.last, isBlank(last) { type = type.dropLast() }
        return type.lowercased()
    }

    /// The `charset` parameter of the content type, lower-cased, if any.
    public var charset: String? {
        guard let ct = headers["content-type"] else { return nil }
        for part in ct.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "charset" {
                return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")).lowercased()
            }
        }
        return nil
    }
}
