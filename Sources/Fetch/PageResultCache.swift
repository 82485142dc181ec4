import Foundation
import RulesMakerCore
import Synchronization

/// What a compile derived from a page (its rule candidates, title, links, …), stored under a key
/// that covers everything the result depends on: the page's bytes and URL, the options that shape
/// parsing and extraction, and the build of rules-maker that computed it. A re-run that meets the
/// same page again (a `304`, an unchanged local file) takes the result instead of parsing and
/// extracting the page once more; any change to the page, the options or the program misses.
///
/// One SQLite database, `<directory>/results.sqlite` (WAL). Reads go to the database; writes are
/// buffered and committed together by `flush()` (a crash loses only results, never consistency).
/// Values are opaque bytes to this type (the compile stores JSON). Failures never stop a compile:
/// a cache that cannot be opened or read is a cache that misses.
public final class PageResultCache: Sendable {
    public let directory: String
    public var path: String { directory + "/results.sqlite" }

    private struct Pending {
        var values: [(key: String, value: [UInt8])] = []
        var bytes = 0
    }
    private let pending = Mutex(Pending())
    private let connection = Mutex<SQLiteConnection?>(nil)
    /// Buffered writes past this many bytes are committed at once.
    static let flushBytes = 8 << 20
    /// Results stored longer ago than this are removed when results are next written (a page still in
    /// use is then compiled once more and stored again), so the folder does not grow without end.
    public static let maxAge: TimeInterval = 30 * 86_400

    public init(directory: String) {
        self.directory = directory
    }

    /// The build of rules-maker running now, so that results computed by another build (another parser
    /// or extractor) are never taken: the executable file's identity — device, inode, size, modification
    /// and status-change times (a rebuild, an upgrade or a copy changes them; reading the file itself to
    /// hash it would cost tens of milliseconds at every start). Nil when it cannot be found.
    public static let buildFingerprint: String? = {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 || CommandLine.arguments.first.map({ stat($0, &st) == 0 }) == true else { return nil }
        return "\(st.st_dev):\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec):\(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)"
    }()

    /// Runs `body` on the database connection, opening (and creating) the database first; nil when it
    /// cannot be opened or `body` fails.
    private func withConnection<T: Sendable>(_ body: (SQLiteConnection) throws -> T) -> T? {
        connection.withLock { c -> T? in
            if c == nil {
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    let db = try SQLiteConnection(path: path)
                    try db.execute("""
                        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
                        CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL, stored REAL NOT NULL);
                        CREATE INDEX IF NOT EXISTS results_stored ON results (stored);
                        """)
                    c = db
                } catch {
                    return nil
                }
            }
            guard let db = c else { return nil }
            do { return try body(db) } catch { return nil }
        }
    }

    /// The value stored under `key`, nil when there is none (or the cache cannot be read).
    public func value(for key: String) -> [UInt8]? {
        if let buffered = pending.withLock({ p in p.values.last(where: { $0.key == key })?.value }) { return buffered }
        return withConnection { c -> [UInt8]? in
            try c.query("SELECT value FROM results WHERE key = ?", [.text(key)]).first?.first?.bytes
        } ?? nil
    }

    /// Stores `value` under `key` (written by the next `flush()`, or sooner when the buffer is large).
    public func store(_ value: [UInt8], for key: String) {
        let full = pending.withLock { p -> Bool in
            p.values.append((key, value))
            p.bytes += value.count
            return p.bytes >= Self.flushBytes
        }
        if full { _ = flush() }
    }

    /// Commits buffered values in one transaction; returns a failure's description, nil on success.
    @discardableResult
    public func flush() -> String? { flush(now: Date()) }

    /// `flush()` at a given time (tests age entries with it).
    @discardableResult
    func flush(now date: Date) -> String? {
        let batch = pending.withLock { p -> [(key: String, value: [UInt8])] in
            defer { p.values = []; p.bytes = 0 }
            return p.values
        }
        guard !batch.isEmpty else { return nil }
        let now = date.timeIntervalSince1970
        let outcome = withConnection { c -> String? in
            do {
                try c.execute("BEGIN IMMEDIATE")
                for (key, value) in batch {
                    try c.query("INSERT OR REPLACE INTO results (key, value, stored) VALUES (?, ?, ?)", [.text(key), .blob(value), .real(now)])
                }
                try c.query("DELETE FROM results WHERE stored < ?", [.real(now - Self.maxAge)])
                try c.execute("COMMIT")
                return nil
            } catch {
                try? c.execute("ROLLBACK")
                return String(describing: error)
            }
        }
        return outcome ?? "cannot open \(path)"
    }

    /// Entries and bytes stored, and the database's size on disk.
    public func statistics() -> (entries: Int, bytes: Int, fileBytes: Int) {
        guard FileManager.default.fileExists(atPath: path) else { return (0, 0, 0) }
        let row = withConnection { c -> [Int] in
            let r = try c.query("SELECT COUNT(*), COALESCE(SUM(LENGTH(value)), 0) FROM results").first
            return [r?[0].int ?? 0, r?[1].int ?? 0]
        }
        var fileBytes = 0
        for suffix in ["", "-wal", "-shm"] {
            fileBytes += (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? 0
        }
        return (row?[0] ?? 0, row?[1] ?? 0, fileBytes)
    }

    /// Removes every entry; returns what was removed.
    @discardableResult
    public func clear() -> (entries: Int, bytes: Int) {
        guard FileManager.default.fileExists(atPath: path) else { return (0, 0) }
        let before = statistics()
        pending.withLock { p in p.values = []; p.bytes = 0 }
        _ = withConnection { c -> Bool in
            try c.execute("DELETE FROM results")
            try c.execute("VACUUM")
            return true
        }
        return (before.entries, before.bytes)
    }
}
