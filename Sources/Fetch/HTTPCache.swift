import Crypto
import Dispatch
import Foundation
import Synchronization

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
    /// The outgoing links found in `body` when it was stored, if they were recorded.
    public var links: StoredLinks?

    public init(url: String, status: Int, headers: [String: String], body: [UInt8], storedAt: Double = Date().timeIntervalSince1970,
                links: StoredLinks? = nil) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
        self.storedAt = storedAt
        self.links = links
    }

    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }

    /// The header fields a conditional re-request sends.
    public var validators: [(name: String, value: String)] { CachedHead.validators(headers) }

    /// The entry without its body.
    public var head: CachedHead {
        CachedHead(url: url, status: status, headers: headers, bodyBytes: body.count, storedAt: storedAt, links: links)
    }
}

/// A cache entry's status, headers and recorded links, without its body: what a conditional request
/// and link discovery need. `HTTPCache.body(for:)` reads the body when something needs the content.
public struct CachedHead: Sendable, Hashable {
    public var url: String
    public var status: Int
    public var headers: [String: String]
    /// The size of the stored body.
    public var bodyBytes: Int
    public var storedAt: Double
    public var links: StoredLinks?

    public init(url: String, status: Int, headers: [String: String], bodyBytes: Int, storedAt: Double, links: StoredLinks? = nil) {
        self.url = url
        self.status = status
        self.headers = headers
        self.bodyBytes = bodyBytes
        self.storedAt = storedAt
        self.links = links
    }

    /// The header fields a conditional re-request sends.
    public var validators: [(name: String, value: String)] { Self.validators(headers) }

    static func validators(_ headers: [String: String]) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        if let etag = headers["etag"] { out.append(("If-None-Match", etag)) }
        if let lastModified = headers["last-modified"] { out.append(("If-Modified-Since", lastModified)) }
        return out
    }
}

/// The outgoing links of a cached page, as the link extractor named by `version` found them in its body
/// (absolute, normalised URLs, in document order, without duplicates, whether in a crawl's scope or not).
///
/// They are trusted only by a crawl whose extractor has the same `version`: a page recorded by another
/// extractor, or by an older version of the same one, has its body read and its links found again.
public struct StoredLinks: Sendable, Hashable, Codable {
    /// Names the extractor that found them (and its version), e.g. `compile/libxml2-links-1`.
    public var version: String
    public var urls: [String]

    public init(version: String, urls: [String]) {
        self.version = version
        self.urls = urls
    }

    /// One URL per line (a normalised URL has no line break: those that do are not kept).
    var encoded: String {
        var text = ""
        text.reserveCapacity(urls.reduce(0) { $0 + $1.utf8.count + 1 })
        for url in urls where !url.isEmpty && !Self.hasLineBreak(url) {
            text += url
            text += "\n"
        }
        return text
    }

    private static func hasLineBreak(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { b in b.baseAddress.map { memchr($0, 0x0A, b.count) != nil } ?? false }
    }

    static func decode(_ text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Totals for `rules-maker cache stats`.
public struct HTTPCacheStatistics: Sendable, Hashable, Codable {
    public var entries: Int = 0
    /// Bytes stored in the entries (bodies, headers, URLs and links).
    public var bytes: Int = 0
    /// Size of the database files on disk (`responses.sqlite` and its write-ahead log).
    public var fileBytes: Int = 0
    public var oldest: Double?
    public var newest: Double?
    /// Files of the old one-file-per-URL layout (before the SQLite store) still in the folder; unused,
    /// removed by `cache clear`.
    public var oldLayoutFiles: Int = 0
    public var oldLayoutBytes: Int = 0
}

/// When buffered writes are committed.
public struct HTTPCacheWritePolicy: Sendable, Hashable {
    /// Commit once this many entries are waiting.
    public var maxEntries = 64
    /// Commit at most this long after the first waiting entry arrived.
    public var maxDelay: Duration = .milliseconds(250)
    /// Past this many waiting bytes, `store` commits before returning (memory stays bounded).
    public var maxPendingBytes = 16 << 20

    public init() {}
}

/// A persistent HTTP cache: one SQLite database, `<directory>/responses.sqlite`, in WAL mode.
///
/// Entries are keyed by the SHA-256 of the requested URL. `store` only buffers: a background writer
/// commits buffered entries in one transaction every `maxEntries` entries or `maxDelay`, and `flush()`
/// (called at the end of a crawl, and on deinit) commits the rest. A crash or Ctrl-C therefore loses at
/// most the uncommitted entries and never leaves a partial one. Several processes may share the folder:
/// SQLite's locking serialises their commits (a busy lock is waited for up to `busyTimeout`).
///
/// Nothing secret is stored: only the response headers in `keptHeaders` (never `Set-Cookie` or
/// authentication headers), and URLs (for people reading the file) without user name, password or
/// credential-like query values.
public final class HTTPCache: Sendable {
    public let directory: String
    public let writePolicy: HTTPCacheWritePolicy
    public let busyTimeout: Duration
    /// Headers worth keeping.
    static let keptHeaders: Set<String> = ["content-type", "etag", "last-modified", "location", "content-language",
                                          // A page the server asks not to index stays that way when it comes from the cache.
                                          "x-robots-tag"]
    static let fileName = "responses.sqlite"
    /// 1: the SQLite store; 2: adds `links` and `links_version`; 3: heads and bodies in tables of their own
    /// (`heads`, `bodies`). Older databases are upgraded in place.
    static let schemaVersion = 3

    /// A row waiting to be committed.
    private struct Row: Sendable {
        var key: [UInt8]
        var response: CachedResponse
        var size: Int
    }

    /// Links found for an entry already committed (a page answered 304 whose links were not recorded):
    /// written only if the entry still has the same headers and body size.
    private struct LinksUpdate: Sendable {
        var key: [UInt8]
        var headers: String
        var bodyBytes: Int
        var links: StoredLinks
        var size: Int
    }

    private struct Buffer: Sendable {
        /// Stored, not yet taken by a commit.
        var waiting: [[UInt8]: Row] = [:]
        var linkUpdates: [[UInt8]: LinksUpdate] = [:]
        /// Taken by the commit in progress (still read from here until it is committed).
        var writing: [[UInt8]: Row] = [:]
        /// Bytes in `waiting` and `writing`.
        var bytes = 0
        /// A commit of a full batch is queued.
        var batchQueued = false
        /// A commit is due `maxDelay` after the oldest waiting row.
        var timerArmed = false
        /// The last write that failed (reported by `flush`).
        var lastError: String?
    }

    private let buffer = Mutex(Buffer())
    /// Connections reads use, each opened when first needed (once the database exists). A crawl reads
    /// from several tasks at once: with one connection they queued behind each other's 60 KB reads (in a
    /// warm crawl, lock contention cost more CPU than the reads). WAL lets them read side by side.
    private let readers: [ReaderSlot] = (0..<HTTPCache.readerCount).map { _ in ReaderSlot() }
    private let nextReader = Atomic<Int>(0)
    /// Counts this instance's commits: a reader's snapshot older than the last one is renewed.
    private let commits = Atomic<Int>(0)
    static let readerCount = 4
    /// The connection commits use; its lock also serialises commits, so batches land in order.
    private let writer = Mutex<SQLiteConnection?>(nil)
    private let queue = DispatchQueue(label: "rules-maker.http-cache")

    public init(directory: String, writePolicy: HTTPCacheWritePolicy = .init(), busyTimeout: Duration = .seconds(10)) {
        self.directory = directory
        self.writePolicy = writePolicy
        self.busyTimeout = busyTimeout
    }

    deinit {
        flush()
    }

    /// The database file.
    public var databasePath: String { directory + "/" + Self.fileName }

    static func key(_ url: String) -> [UInt8] { Array(SHA256.hash(data: Array(url.utf8))) }

    // MARK: - Reading

    /// The entry for `url`, or nil when absent (or the cache cannot be read).
    public func entry(for url: String) -> CachedResponse? {
        let key = Self.key(url)
        if let r = buffered(key, url: url) { return r }
        // A miss is looked up again in a new snapshot: the caller may know the entry exists (from `head`).
        let read: @Sendable (SQLiteConnection) throws -> CachedResponse? = { db in
            guard let (row, body) = try db.firstRow("""
                    SELECT id, status, headers, stored_at, links, links_version FROM heads WHERE key = ?
                    """, [.blob(key)], blobOf: "bodies", column: "body"),
                  row.count == 5, let status = row[0].int, let storedAt = row[2].double else { return nil }
            return CachedResponse(url: url, status: status, headers: Self.decodeHeaders(row[1].string ?? ""), body: body, storedAt: storedAt,
                                  links: Self.links(row[3], row[4]))
        }
        return (withReader(read) ?? nil) ?? (withReader(fresh: true, read) ?? nil)
    }

    /// The entry for `url` without its body (nil when absent or unreadable): one small read, however
    /// large the body. A conditional request needs no more; `body(for:)` reads the body when wanted.
    public func head(for url: String) -> CachedHead? {
        let key = Self.key(url)
        if let r = buffered(key, url: url) { return r.head }
        return withReader { db in
            guard let row = try db.query("SELECT status, headers, stored_at, body_bytes, links, links_version FROM heads WHERE key = ?",
                                         [.blob(key)]).first,
                  row.count == 6, let status = row[0].int, let storedAt = row[2].double else { return nil }
            return CachedHead(url: url, status: status, headers: Self.decodeHeaders(row[1].string ?? ""), bodyBytes: row[3].int ?? 0,
                              storedAt: storedAt, links: Self.links(row[4], row[5]))
        } ?? nil
    }

    /// The stored body for `url` (nil when absent or unreadable).
    public func body(for url: String) -> [UInt8]? {
        let key = Self.key(url)
        if let r = buffered(key, url: url) { return r.body }
        // A miss is looked up again in a new snapshot: the caller usually had the entry's head.
        let read: @Sendable (SQLiteConnection) throws -> [UInt8]? = { db in
            try db.firstRow("SELECT id FROM heads WHERE key = ?", [.blob(key)], blobOf: "bodies", column: "body")?.blob
        }
        return (withReader(read) ?? nil) ?? (withReader(fresh: true, read) ?? nil)
    }

    /// A stored entry not committed yet.
    private func buffered(_ key: [UInt8], url: String) -> CachedResponse? {
        guard var r = buffer.withLock({ $0.waiting[key] ?? $0.writing[key] })?.response else { return nil }
        r.url = url
        return r
    }

    /// The links of a row: NULL `links_version` (a row stored without links, or by schema 1) is none.
    private static func links(_ text: SQLiteValue, _ version: SQLiteValue) -> StoredLinks? {
        guard let version = version.string else { return nil }
        return StoredLinks(version: version, urls: StoredLinks.decode(text.string ?? ""))
    }

    // MARK: - Writing

    /// Buffers (or replaces) the entry for `response.url`; it is committed within `writePolicy.maxDelay`,
    /// or by `flush()`. A cache that cannot be written never stops a crawl: failures are reported by `flush()`.
    public func store(_ response: CachedResponse) {
        var kept = response
        kept.headers = Self.kept(response.headers)
        let key = Self.key(response.url)
        let size = kept.body.count + kept.url.utf8.count + kept.headers.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 3 }
            + (kept.links?.urls.reduce(0) { $0 + $1.utf8.count + 1 } ?? 0)
        schedule { b in
            if let old = b.waiting[key] { b.bytes -= old.size }
            if let old = b.linkUpdates.removeValue(forKey: key) { b.bytes -= old.size }
            b.waiting[key] = Row(key: key, response: kept, size: size)
            b.bytes += size
        }
    }

    /// Records the links found in the stored body of `url`, as `head` describes it (read from this
    /// cache), for an entry stored without them (a page answered 304 whose links were not recorded, or
    /// recorded by another extractor). Nothing is written when the entry has changed since `head`.
    public func recordLinks(_ links: StoredLinks, for url: String, head: CachedHead) {
        recordLinks(links, key: Self.key(url), headers: head.headers, bodyBytes: head.bodyBytes)
    }

    /// Adds the links to the waiting entry, else writes them with the next commit to the row if it
    /// still has these (kept) headers and body size (only the entry's head is rewritten).
    private func recordLinks(_ links: StoredLinks, key: [UInt8], headers: [String: String], bodyBytes: Int) {
        let size = links.urls.reduce(0) { $0 + $1.utf8.count + 1 } + 64
        schedule { b in
            if var row = b.waiting[key] {
                guard row.response.body.count == bodyBytes, row.response.headers == headers else { return }
                row.response.links = links
                row.size += size
                b.bytes += size
                b.waiting[key] = row
                return
            }
            if let old = b.linkUpdates[key] { b.bytes -= old.size }
            b.linkUpdates[key] = LinksUpdate(key: key, headers: Self.encodeHeaders(headers), bodyBytes: bodyBytes, links: links, size: size)
            b.bytes += size
        }
    }

    /// The headers `store` keeps (`Location` without credentials).
    static func kept(_ headers: [String: String]) -> [String: String] {
        var kept = headers.filter { keptHeaders.contains($0.key) }
        if let location = kept["location"] { kept["location"] = redacted(location) }
        return kept
    }

    /// Applies `change` to the buffer, then arranges for a commit: at once when the buffer is over its
    /// byte limit, in the background when a batch is full, else when the delay timer fires.
    private func schedule(_ change: (inout Buffer) -> Void) {
        let policy = writePolicy
        enum Next { case nothing, queueBatch, armTimer, commitHere }
        let next = buffer.withLock { b -> Next in
            change(&b)
            if b.bytes > policy.maxPendingBytes { return .commitHere }   // the writer is behind: wait for it
            if b.waiting.count + b.linkUpdates.count >= policy.maxEntries, !b.batchQueued {
                b.batchQueued = true
                return .queueBatch
            }
            guard !b.timerArmed else { return .nothing }
            b.timerArmed = true
            return .armTimer
        }
        switch next {
        case .nothing: break
        case .commitHere: commit()
        case .queueBatch: queue.async { [weak self] in self?.commit() }
        case .armTimer:
            let (s, atto) = policy.maxDelay.components
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(s) * 1_000_000_000 + Int(atto / 1_000_000_000))) { [weak self] in
                self?.buffer.withLock { $0.timerArmed = false }
                self?.commit()
            }
        }
    }

    /// Commits every buffered entry. Returns the last write failure since the previous `flush`, if any.
    @discardableResult
    public func flush() -> String? {
        commit()
        endSnapshots(wait: false)   // nothing held while this instance is idle (a crawl ends with a flush)
        return buffer.withLock { b in
            defer { b.lastError = nil }
            return b.lastError
        }
    }

    /// Writes the waiting rows in one transaction, then drops them from the buffer.
    private func commit() {
        writer.withLock { connection in
            let (rows, updates) = buffer.withLock { b -> ([Row], [LinksUpdate]) in
                b.batchQueued = false
                b.writing = b.waiting
                b.waiting = [:]
                let updates = Array(b.linkUpdates.values)
                b.linkUpdates = [:]
                return (Array(b.writing.values), updates)
            }
            guard !rows.isEmpty || !updates.isEmpty else { return }
            var failure: String?
            do {
                try retryingWhileBusy { () throws(SQLiteError) in
                    if connection == nil { connection = try openDatabase() }
                    let db = connection!
                    try db.execute("BEGIN IMMEDIATE")
                    do throws(SQLiteError) {
                        for row in rows {
                            let r = row.response
                            // The entry's old head and body go; the new head takes the next id, and its body that id.
                            // (Plain inserts: `OR REPLACE` made SQLite keep a statement journal, ~40% more bytes written.)
                            try db.query("DELETE FROM bodies WHERE id = (SELECT id FROM heads WHERE key = ?)", [.blob(row.key)])
                            try db.query("DELETE FROM heads WHERE key = ?", [.blob(row.key)])
                            try db.query("""
                                INSERT INTO heads (key, url, status, headers, stored_at, body_bytes, links, links_version)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                                """,
                                [.blob(row.key), .text(Self.redacted(r.url)), .integer(Int64(r.status)),
                                 .text(Self.encodeHeaders(r.headers)), .real(r.storedAt), .integer(Int64(r.body.count)),
                                 r.links.map { .text($0.encoded) } ?? .null, r.links.map { .text($0.version) } ?? .null])
                            try db.query("INSERT INTO bodies (id, body) VALUES (?, ?)", [.integer(db.lastInsertRowID), .blob(r.body)])
                        }
                        for u in updates {
                            try db.query("UPDATE heads SET links = ?, links_version = ? WHERE key = ? AND headers = ? AND body_bytes = ?",
                                         [.text(u.links.encoded), .text(u.links.version), .blob(u.key), .text(u.headers), .integer(Int64(u.bodyBytes))])
                        }
                        try db.execute("COMMIT")
                    } catch {
                        if db.inTransaction { try? db.execute("ROLLBACK") }
                        throw error
                    }
                }
            } catch {
                failure = "cannot write the HTTP cache: \(error)"
            }
            // Before the rows leave the buffer: a lookup that misses them there renews its snapshot.
            endSnapshots(wait: false)
            // Written or not, the rows leave the buffer: a cache must not grow without bound when its disk fails.
            buffer.withLock { b in
                b.bytes -= rows.reduce(0) { $0 + $1.size } + updates.reduce(0) { $0 + $1.size }
                b.writing = [:]
                if let failure { b.lastError = failure }
            }
        }
    }

    // MARK: - Maintenance

    /// Removes every entry, and any files of the old one-file-per-URL layout. Returns what was removed.
    @discardableResult
    public func clear() -> HTTPCacheStatistics {
        let stats = statistics()
        buffer.withLock { b in
            b.bytes -= b.waiting.values.reduce(0) { $0 + $1.size } + b.linkUpdates.values.reduce(0) { $0 + $1.size }
            b.waiting.removeAll()
            b.linkUpdates.removeAll()
        }
        if FileManager.default.fileExists(atPath: databasePath) {
            writer.withLock { connection in
                do {
                    if connection == nil { connection = try openDatabase() }
                    // Dropped and created again rather than emptied (cheaper, and a damaged table gets a fresh start).
                    try connection!.execute("BEGIN IMMEDIATE; DROP TABLE IF EXISTS responses; DROP TABLE IF EXISTS heads; DROP TABLE IF EXISTS bodies; \(Self.createTables) COMMIT")
                    // Give the space back (skipped while another process reads the database).
                    endSnapshots(wait: true)
                    try? connection!.execute("VACUUM")
                    try? connection!.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                } catch {
                    if connection?.inTransaction == true { try? connection!.execute("ROLLBACK") }
                    buffer.withLock { $0.lastError = "cannot clear the HTTP cache: \(error)" }
                }
            }
        }
        for dir in Self.oldLayoutDirectories(in: directory) { try? FileManager.default.removeItem(atPath: directory + "/" + dir) }
        return stats
    }

    /// Counts entries and bytes (after committing what this instance has buffered).
    public func statistics() -> HTTPCacheStatistics {
        flush()
        endSnapshots(wait: true)   // count what is committed now, by any process
        var stats = HTTPCacheStatistics()
        for dir in Self.oldLayoutDirectories(in: directory) {
            for file in FileManager.default.enumerator(atPath: directory + "/" + dir)?.allObjects as? [String] ?? [] {
                var st = stat()
                guard stat(directory + "/" + dir + "/" + file, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
                stats.oldLayoutFiles += 1
                stats.oldLayoutBytes += Int(st.st_size)
            }
        }
        for suffix in ["", "-wal"] {
            var st = stat()
            if stat(databasePath + suffix, &st) == 0 { stats.fileBytes += Int(st.st_size) }
        }
        let row = withReader { db in
            try db.query("""
                SELECT count(*), coalesce(sum(body_bytes + length(CAST(headers AS BLOB)) + length(CAST(url AS BLOB))
                                    + coalesce(length(CAST(links AS BLOB)), 0)), 0),
                       min(stored_at), max(stored_at) FROM heads
                """).first
        } ?? nil
        if let row, row.count == 4 {
            stats.entries = row[0].int ?? 0
            stats.bytes = row[1].int ?? 0
            stats.oldest = row[2].double
            stats.newest = row[3].double
        }
        return stats
    }

    // MARK: - The database

    /// Runs `body` on a read connection, opening it when the database exists. Nil when there is no
    /// database yet or the read fails (a cache that cannot be read is a miss).
    ///
    /// With `fresh`, the lookup starts a new snapshot: the slots' snapshots begin at different times, so
    /// one may not have an entry (stored by another process) that a lookup in another found.
    private func withReader<T: Sendable>(fresh: Bool = false, _ body: @Sendable (SQLiteConnection) throws -> T) -> T? {
        // A free connection if there is one (starting from a rotating slot), else wait for one.
        let start = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        for i in 0..<readers.count {
            let result = readers[(start &+ i) % readers.count].reader.withLockIfAvailable { reader -> T? in read(&reader, fresh: fresh, body) }
            if let result { return result }
        }
        return readers[start % readers.count].reader.withLock { reader -> T? in read(&reader, fresh: fresh, body) }
    }

    /// Runs `body` inside the reader's snapshot: a read transaction kept open across lookups (beginning
    /// and ending one per lookup cost more than a warm lookup itself), renewed once this instance has
    /// committed since it began, or after `snapshotLifetime` (so other processes' commits are seen, and
    /// checkpoints are not held back for long).
    private func read<T: Sendable>(_ reader: inout Reader, fresh: Bool, _ body: @Sendable (SQLiteConnection) throws -> T) -> T? {
        if reader.connection == nil { reader.connection = openReader() }
        guard let db = reader.connection else { return nil }
        let generation = commits.load(ordering: .acquiring)
        let now = ContinuousClock.now
        if let snapshot = reader.snapshot,
           fresh || snapshot.generation != generation || now - snapshot.began > Self.snapshotLifetime || !db.inTransaction {
            reader.snapshot = nil
            if db.inTransaction { try? db.execute("COMMIT") }
        }
        if reader.snapshot == nil {
            do { try db.execute("BEGIN") } catch { return nil }
            reader.snapshot = Snapshot(generation: generation, began: now)
        }
        do { return try body(db) } catch {
            reader.snapshot = nil
            if db.inTransaction { try? db.execute("ROLLBACK") }
            if (error as? SQLiteError)?.isDamagedFile == true { reader.connection = nil }
            return nil
        }
    }

    /// Ends the readers' snapshots that are not in use (a busy one ends at its next lookup, since
    /// `commits` has moved on): after a commit, so that checkpoints can copy every committed page; with
    /// `wait`, every one of them, before `VACUUM` or counting.
    private func endSnapshots(wait: Bool) {
        commits.add(1, ordering: .releasing)
        for slot in readers {
            if wait {
                slot.reader.withLock { Self.endSnapshot(&$0) }
            } else {
                _ = slot.reader.withLockIfAvailable { Self.endSnapshot(&$0) }
            }
        }
    }

    private static func endSnapshot(_ reader: inout Reader) {
        reader.snapshot = nil
        if let db = reader.connection, db.inTransaction { try? db.execute("COMMIT") }
    }

    /// A new read connection; nil when there is no database yet or it cannot be opened.
    private func openReader() -> SQLiteConnection? {
        guard FileManager.default.fileExists(atPath: databasePath) else { return nil }
        return try? openDatabase()
    }

    /// How long a reader keeps one snapshot while this instance commits nothing.
    static let snapshotLifetime = Duration.milliseconds(200)

    /// A read connection and its open snapshot, if any.
    private struct Reader {
        var connection: SQLiteConnection?
        var snapshot: Snapshot?
    }

    private struct Snapshot {
        /// `commits` when it began.
        var generation: Int
        var began: ContinuousClock.Instant
    }

    /// A read connection's slot (a class: `Mutex` cannot be kept in an array).
    private final class ReaderSlot: Sendable {
        let reader = Mutex<Reader>(Reader())
    }

    /// Runs `body` again while SQLite answers "busy" without waiting on its own (switching a new
    /// database to WAL while another process opens it, or a lock held past the busy timeout under
    /// load), up to three more times the busy timeout in all; other errors are thrown at once.
    private func retryingWhileBusy(_ body: () throws(SQLiteError) -> Void) throws(SQLiteError) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: busyTimeout * 3)
        var pause = Duration.milliseconds(5)
        while true {
            do throws(SQLiteError) {
                try body()
                return
            } catch {
                guard error.isBusy, clock.now < deadline else { throw error }
                Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18 + Double(pause.components.seconds))
                pause = min(pause * 2, .milliseconds(200))
            }
        }
    }

    /// Opens (creating when needed) the database: WAL, `synchronous=NORMAL`, the schema. A file that is
    /// not a database (or a damaged one) is replaced: this is a cache.
    private func openDatabase() throws(SQLiteError) -> SQLiteConnection {
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw SQLiteError(path: directory, code: 14, message: "cannot create the folder: \(error.localizedDescription)")
        }
        do throws(SQLiteError) {
            return try configure(SQLiteConnection(path: databasePath, busyTimeout: busyTimeout))
        } catch {
            guard error.isDamagedFile else { throw error }
            for suffix in ["", "-wal", "-shm"] { unlink(databasePath + suffix) }
            return try configure(SQLiteConnection(path: databasePath, busyTimeout: busyTimeout))
        }
    }

    private func configure(_ db: SQLiteConnection) throws(SQLiteError) -> SQLiteConnection {
        // page_size only takes effect on a new, empty database (before WAL is switched on).
        try db.execute("PRAGMA page_size = 16384")
        try db.query("PRAGMA journal_mode = WAL")
        try db.execute("PRAGMA synchronous = NORMAL")
        if try Self.userVersion(db) == Self.schemaVersion { return db }
        // Create or upgrade under the write lock, deciding again there: another process may be doing it too.
        try db.execute("BEGIN IMMEDIATE")
        do throws(SQLiteError) {
            let version = try Self.userVersion(db)
            switch version {
            case Self.schemaVersion: break
            case 0:
                try db.execute(Self.createTables)
            case 1, 2:
                // The rows of the one `responses` table are split into a head and a body (one copy of the
                // database, once). Rows of schema 1 have no links (NULL): their pages are read and scanned as before.
                let links = version == 1 ? "NULL, NULL" : "links, links_version"
                try db.execute("""
                    \(Self.createTables)
                    INSERT INTO heads (id, key, url, status, headers, stored_at, body_bytes, links, links_version)
                        SELECT rowid, key, url, status, headers, stored_at, length(body), \(links) FROM responses;
                    INSERT INTO bodies (id, body) SELECT rowid, body FROM responses;
                    DROP TABLE responses;
                    """)
            default:
                throw SQLiteError(path: db.path, code: 1, message: "written by another version of rules-maker (schema \(version)); use another --cache-dir")
            }
            try db.execute("PRAGMA user_version = \(Self.schemaVersion); COMMIT")
            // An upgrade copied every entry: give the old table's pages back (skipped while another
            // connection reads; SQLite then reuses them for new entries).
            if version == 1 || version == 2 { try? db.execute("VACUUM") }
        } catch {
            if db.inTransaction { try? db.execute("ROLLBACK") }
            throw error
        }
        return db
    }

    /// An entry is a row of `heads` and the row of `bodies` with the same id, written in one transaction.
    /// Heads are small (many to a page), so a revalidation's lookup reads compact pages that stay cached,
    /// never a page that holds the start of a 60 KB body. New entries take the next id: both tables grow
    /// at their end (only the small index on `key` takes inserts at random places).
    static let createTables = """
        CREATE TABLE IF NOT EXISTS heads (
            id INTEGER PRIMARY KEY,  -- also the id of its body
            key BLOB NOT NULL UNIQUE,  -- SHA-256 of the requested URL
            url TEXT NOT NULL,       -- for reading only, without credentials
            status INTEGER NOT NULL,
            headers TEXT NOT NULL,   -- 'name: value' lines
            stored_at REAL NOT NULL,
            body_bytes INTEGER NOT NULL,
            links TEXT,              -- outgoing links found in the body, one URL a line (NULL: not recorded)
            links_version TEXT       -- the link extractor that found them
        );
        CREATE TABLE IF NOT EXISTS bodies (
            id INTEGER PRIMARY KEY,  -- the id of its head
            body BLOB NOT NULL
        );
        """

    private static func userVersion(_ db: SQLiteConnection) throws(SQLiteError) -> Int {
        try db.query("PRAGMA user_version").first?.first?.int ?? 0
    }

    // MARK: - Format

    /// `name: value` lines, sorted (no value contains a newline: libcurl unfolds header values).
    static func encodeHeaders(_ headers: [String: String]) -> String {
        var text = ""
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) where !value.contains("\n") { text += "\(name): \(value)\n" }
        return text
    }

    static func decodeHeaders(_ text: String) -> [String: String] {
        var headers: [String: String] = [:]
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), line.index(after: colon) < line.endIndex,
                  line[line.index(after: colon)] == UInt8(ascii: " ") else { continue }
            headers[String(decoding: line[..<colon], as: UTF8.self)] = String(decoding: line[line.index(colon, offsetBy: 2)...], as: UTF8.self)
        }
        return headers
    }

    /// Query parameter names whose values are never written down.
    static let secretParameterWords = ["token", "key", "secret", "password", "passwd", "pwd", "sig", "auth", "credential", "session", "x-amz-"]

    /// `url` without user name and password, and with credential-like query values replaced by `REDACTED`.
    static func redacted(_ url: String) -> String {
        // Most URLs have neither user info nor a query: nothing to parse.
        guard url.utf8.contains(where: { $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "?") }) else { return url }
        guard var c = URLComponents(string: url) else { return url }
        var changed = false
        if c.user != nil || c.password != nil { c.user = nil; c.password = nil; changed = true }
        if let items = c.percentEncodedQueryItems {
            let cleaned = items.map { item -> URLQueryItem in
                let name = item.name.lowercased()
                guard item.value != nil, secretParameterWords.contains(where: { name.contains($0) }) else { return item }
                changed = true
                return URLQueryItem(name: item.name, value: "REDACTED")
            }
            if changed { c.percentEncodedQueryItems = cleaned }
        }
        return changed ? (c.string ?? url) : url
    }

    /// Two-hex-digit folders: the old layout kept `<directory>/ab/cdef…` files (SHA-256 of the URL).
    static func oldLayoutDirectories(in directory: String) -> [String] {
        let hex = Set("0123456789abcdef")
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { name in
            name.count == 2 && name.allSatisfy(hex.contains)
        }
    }
}
