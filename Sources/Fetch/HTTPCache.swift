import Crypto
import Foundation

/// One cached response.
public struct CachedResponse: Sendable, Hashable, Codable {
    /// The URL that was requested.
    public var url: String
    public var status: Int
    /// Selected response headers (content-type, etag, last-modified, location), names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]
    /// When it was stored or last revalidated (seconds since 1970).
    public var storedAt: Double

    public init(url: String, status: Int, headers: [String: String], body: [UInt8], storedAt: Double = Date().timeIntervalSince1970) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
        self.storedAt = storedAt
    }

    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }

    /// The header fields a conditional re-request sends.
    public var validators: [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        if let etag { out.append(("If-None-Match", etag)) }
        if let lastModified { out.append(("If-Modified-Since", lastModified)) }
        return out
    }
}

/// Totals for `rules-maker cache stats`.
public struct HTTPCacheStatistics: Sendable, Hashable, Codable {
    public var entries: Int = 0
    public var bytes: Int = 0
    /// Entries that are unreadable (a torn write from an old crash, or another version's format).
    public var damaged: Int = 0
    public var oldest: Double?
    public var newest: Double?
}

/// A persistent HTTP cache: one file per URL under `<directory>/`, named by the SHA-256 of the URL.
///
/// Each file holds a small header (magic, lengths), the metadata as JSON and the body. Writes go to
/// a temporary file that is renamed into place, so a crash or Ctrl-C at any moment leaves either the
/// old entry or the new one; a file whose lengths do not add up is treated as missing.
public struct HTTPCache: Sendable {
    public let directory: String
    static let magic: [UInt8] = Array("RMHC2\n".utf8)
    /// Headers worth keeping.
    static let keptHeaders: Set<String> = ["content-type", "etag", "last-modified", "location", "content-language"]

    public init(directory: String) {
        self.directory = directory
    }

    func path(for url: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var chars: [UInt8] = []
        chars.reserveCapacity(65)
        for (i, b) in SHA256.hash(data: Array(url.utf8)).enumerated() {
            chars.append(hex[Int(b >> 4)]); chars.append(hex[Int(b & 15)])
            if i == 0 { chars.append(UInt8(ascii: "/")) }
        }
        return directory + "/" + String(decoding: chars, as: UTF8.self)
    }

    /// The entry for `url`, or nil when absent or damaged.
    public func entry(for url: String) -> CachedResponse? {
        guard let data = FileManager.default.contents(atPath: path(for: url)) else { return nil }
        return Self.decode([UInt8](data), expectedURL: url)
    }

    /// Stores (or replaces) the entry for `response.url`. Errors are returned, not thrown: a cache
    /// that cannot be written must not stop a crawl.
    @discardableResult
    public func store(_ response: CachedResponse) -> String? {
        var kept = response
        kept.headers = response.headers.filter { Self.keptHeaders.contains($0.key) }
        let bytes = Self.encode(kept)
        return Self.atomicWrite(bytes, to: path(for: response.url))
    }

    /// Removes every entry. Returns how many entries and bytes were removed.
    @discardableResult
    public func clear() -> HTTPCacheStatistics {
        let stats = statistics()
        try? FileManager.default.removeItem(atPath: directory)
        return stats
    }

    /// Counts entries and bytes.
    public func statistics() -> HTTPCacheStatistics {
        var stats = HTTPCacheStatistics()
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return stats }
        while let rel = walker.nextObject() as? String {
            let full = directory + "/" + rel
            var st = stat()
            guard stat(full, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            if (rel as NSString).lastPathComponent.hasPrefix(".") { continue }
            guard let data = FileManager.default.contents(atPath: full), let e = Self.decode([UInt8](data), expectedURL: nil) else {
                stats.damaged += 1
                continue
            }
            stats.entries += 1
            stats.bytes += Int(st.st_size)
            stats.oldest = min(stats.oldest ?? e.storedAt, e.storedAt)
            stats.newest = max(stats.newest ?? e.storedAt, e.storedAt)
        }
        return stats
    }

    // MARK: - Format

    /// Metadata lines: URL, status, store time, then `name: value` header lines (none contain newlines:
    /// URLs are percent-encoded and libcurl unfolds header values).
    static func encode(_ r: CachedResponse) -> [UInt8] {
        var text = "\(r.url)\n\(r.status)\n\(r.storedAt)\n"
        for (name, value) in r.headers.sorted(by: { $0.key < $1.key }) where !value.contains("\n") { text += "\(name): \(value)\n" }
        let json = Array(text.utf8)
        var out = magic
        out += withUnsafeBytes(of: UInt32(json.count).littleEndian, Array.init)
        out += withUnsafeBytes(of: UInt64(r.body.count).littleEndian, Array.init)
        out += json
        out += r.body
        return out
    }

    static func decode(_ bytes: [UInt8], expectedURL: String?) -> CachedResponse? {
        let headerSize = magic.count + 12
        guard bytes.count >= headerSize, Array(bytes[0..<magic.count]) == magic else { return nil }
        var jsonLength: UInt32 = 0, bodyLength: UInt64 = 0
        withUnsafeMutableBytes(of: &jsonLength) { $0.copyBytes(from: bytes[magic.count..<magic.count + 4]) }
        withUnsafeMutableBytes(of: &bodyLength) { $0.copyBytes(from: bytes[magic.count + 4..<headerSize]) }
        let j = Int(UInt32(littleEndian: jsonLength)), b = Int(UInt64(littleEndian: bodyLength))
        guard j >= 0, b >= 0, bytes.count == headerSize + j + b else { return nil }
        let lines = bytes[headerSize..<headerSize + j].split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3, let status = Int(lines[1]), let storedAt = Double(lines[2]) else { return nil }
        if let expectedURL, lines[0] != expectedURL { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst(3) {
            guard let colon = line.range(of: ": ") else { return nil }
            headers[String(line[..<colon.lowerBound])] = String(line[colon.upperBound...])
        }
        return CachedResponse(url: lines[0], status: status, headers: headers, body: Array(bytes[(headerSize + j)...]), storedAt: storedAt)
    }

    /// temp file + rename (no fsync: the cache must survive a crash of this process, which rename
    /// guarantees; after a power loss a damaged entry is detected and refetched).
    static func atomicWrite(_ bytes: [UInt8], to path: String) -> String? {
        let dir = (path as NSString).deletingLastPathComponent
        if mkdir(dir, 0o755) != 0 && errno != EEXIST {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                return "cannot create \(dir)"
            }
        }
        let tmp = dir + "/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "cannot write \(tmp): \(String(cString: strerror(errno)))" }
        var offset = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            return "cannot write \(path): \(reason)"
        }
        return nil
    }
}
