import Foundation
import RulesMakerCore

/// Errors reading local input.
public enum LocalSourceError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case noHTML(String)
    case unreadable(path: String, reason: String)
    case unsupportedScheme(input: String, scheme: String)

    public var description: String {
        switch self {
        case .notFound(let p): return "\(p): no such file or folder"
        case .noHTML(let p): return "\(p): the folder contains no .html or .htm files"
        case .unreadable(let p, let r): return "\(p): cannot read (\(r))"
        case .unsupportedScheme(let input, let scheme):
            return "\(input): unsupported URL scheme '\(scheme)' (give an http or https URL, a file:// URL or a local path)"
        }
    }
}

/// Reads documentation from the local file system: one file, or every HTML file below a folder.
public enum LocalSource {
    public static let extensions: Set<String> = ["html", "htm", "xhtml"]

    /// Whether `input` names a local path (or a `file://` URL) rather than an HTTP URL.
    public static func isLocal(_ input: String) -> Bool {
        !(input.lowercased().hasPrefix("http://") || input.lowercased().hasPrefix("https://"))
    }

    /// The scheme of an input written as a URL (`ftp://host/…` → `ftp`), lower-cased; nil for a path. Only a name of
    /// letters, digits, "+", "-" and "." before "://" counts ("./docs/a:b.html" is a path).
    /// The error for an input that is a URL of a scheme no source reads (`ftp://…`, `s3://…`) and no local path either;
    /// nil otherwise.
    public static func unsupportedScheme(_ input: String) -> LocalSourceError? {
        guard let scheme = urlScheme(of: input), scheme != "file", !FileManager.default.fileExists(atPath: input) else { return nil }
        return .unsupportedScheme(input: input, scheme: scheme)
    }

    static func urlScheme(of input: String) -> String? {
        guard let r = input.range(of: "://") else { return nil }
        let scheme = input[..<r.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return scheme.lowercased()
    }

    /// The file-system path of a local input (`file://` URLs are converted).
    public static func path(of input: String) -> String {
        if input.lowercased().hasPrefix("file://"), let url = URL(string: input) { return url.path }
        return input
    }

    /// The HTML files of `input`, sorted by path, at most `limit`.
    public static func files(in input: String, limit: Int) throws(LocalSourceError) -> [String] {
        let path = Self.path(of: input)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw unsupportedScheme(input) ?? .notFound(input) }
        guard isDir.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else { throw .unreadable(path: path, reason: "cannot list folder") }
        var found: [String] = []
        while let rel = walker.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            let lower = rel.lowercased()
            if extensions.contains((lower as NSString).pathExtension) || lower.hasSuffix(".html.gz") {
                found.append(rel)
            }
        }
        if found.isEmpty { throw .noHTML(input) }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        return found.sorted().prefix(limit).map { base + "/" + $0 }
    }

    /// How rules link to a local page: below `baseURL` when given (the folder's published URL),
    /// else the path relative to the current folder when the file is inside it, else a `file://` URL.
    /// Relative links keep output identical across machines.
    public static func displayURL(for file: String, root: String, baseURL: String?, currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        if let baseURL {
            var rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: rootPath, isDirectory: &isDir), !isDir.boolValue {
                rootPath = (rootPath as NSString).deletingLastPathComponent
            }
            if absolute.hasPrefix(rootPath + "/") {
                var rel = String(absolute.dropFirst(rootPath.count + 1))
                // A published site serves dir/index.html as dir/.
                for index in ["index.html", "index.htm"] where rel == index || rel.hasSuffix("/" + index) {
                    rel = String(rel.dropLast(index.count))
                }
                let encoded = rel.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? rel
                return (baseURL.hasSuffix("/") ? baseURL : baseURL + "/") + encoded
            }
        }
        let cwd = URL(fileURLWithPath: currentDirectory).standardizedFileURL.path
        if absolute.hasPrefix(cwd + "/") {
            let rel = String(absolute.dropFirst(cwd.count + 1))
            return rel.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? rel
        }
        return URL(fileURLWithPath: absolute).absoluteString
    }

    /// Reads one file as a page with a `file://` URL. `.gz` files are decompressed (capped).
    public static func read(_ path: String, maxBytes: Int = 10 << 20) throws(LocalSourceError) -> FetchedPage {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw .unreadable(path: path, reason: reason)
        }
        var bytes = [UInt8](data)
        if Gzip.isGzip(bytes) {
            do { bytes = try Gzip.decompress(bytes, limit: maxBytes * 4) } catch { throw .unreadable(path: path, reason: error.description) }
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.absoluteString
        let lower = path.lowercased()
        let type = lower.hasSuffix(".md") || lower.hasSuffix(".txt") ? "text/plain" : "text/html"
        return FetchedPage(url: absolute, status: 200, headers: ["content-type": type], body: bytes)
    }
}
