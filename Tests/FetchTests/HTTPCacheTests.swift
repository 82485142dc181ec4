@testable import Fetch
import Foundation
import RulesMakerTestSupport
import Testing

/// The SQLite HTTP cache: persistence, batching, crash consistency, sharing, clearing, statistics.
@Suite struct HTTPCacheTests {
    /// Commits only when told to (no timer fires during a test).
    static let manualCommits: HTTPCacheWritePolicy = {
        var p = HTTPCacheWritePolicy()
        p.maxEntries = 1_000_000
        p.maxDelay = .seconds(3600)
        return p
    }()

    static func response(_ i: Int, host: String = "h", size: Int = 100, storedAt: Double = 1_700_000_000) -> CachedResponse {
        CachedResponse(url: "http://\(host)/p/\(i).html", status: 200,
                       headers: ["etag": "\"\(host)-\(i)\"", "content-type": "text/html", "last-modified": "Tue, 14 Nov 2023 22:13:20 GMT"],
                       body: Array(repeating: UInt8(ascii: "a") &+ UInt8(i % 26), count: size), storedAt: storedAt + Double(i))
    }

    /// `PRAGMA integrity_check` of the database below `directory`.
    static func integrity(_ directory: String) throws -> String {
        let db = try SQLiteConnection(path: directory + "/" + HTTPCache.fileName, create: false)
        return try db.query("PRAGMA integrity_check").first?.first?.string ?? "no answer"
    }

    @Test func entriesSurviveReopen() throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        do {
            let cache = HTTPCache(directory: dir.path)
            for i in 0..<3 { cache.store(Self.response(i)) }
            cache.store(CachedResponse(url: "http://h/x", status: 200, headers: ["etag": "\"1\"", "server": "dropped"], body: Array("hello".utf8)))
            #expect(cache.flush() == nil)
        }
        let reopened = HTTPCache(directory: dir.path)
        for i in 0..<3 {
            let e = reopened.entry(for: "http://h/p/\(i).html")
            #expect(e == Self.response(i))
        }
        #expect(reopened.entry(for: "http://h/x")?.headers == ["etag": "\"1\""], "only the kept headers are stored")
        #expect(reopened.entry(for: "http://h/x")?.body == Array("hello".utf8))
        #expect(reopened.entry(for: "http://h/missing") == nil)
        #expect(try Self.integrity(dir.path) == "ok")
    }

    /// Reads run on several connections at once (a crawl's tasks read side by side); bodies spanning many
    /// overflow pages, and empty ones, come back whole.
    @Test func concurrentReadsOfLargeAndEmptyBodies() async throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        let cache = HTTPCache(directory: dir.path, writePolicy: Self.manualCommits)
        let sizes = [0, 1, 100, 16_384, 60_000, 250_000]
        for i in 0..<24 { cache.store(Self.response(i, size: sizes[i % sizes.count])) }
        #expect(cache.flush() == nil)
        let reader = HTTPCache(directory: dir.path)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for t in 0..<16 {
                group.addTask {
                    var bad = 0
                    for round in 0..<10 {
                        let i = (t * 7 + round) % 24
                        if reader.entry(for: "http://h/p/\(i).html") != Self.response(i, size: sizes[i % sizes.count]) { bad += 1 }
                        if reader.entry(for: "http://h/missing/\(i)") != nil { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func storesAreBufferedUntilCommittedAndReadableMeanwhile() throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        let writer = HTTPCache(directory: dir.path, writePolicy: Self.manualCommits)
        let other = HTTPCache(directory: dir.path)
        writer.store(Self.response(1))
        #expect(writer.entry(for: "http://h/p/1.html") == Self.response(1), "the writing instance reads its own buffered entries")
        #expect(other.entry(for: "http://h/p/1.html") == nil, "nothing is committed yet")
        writer.flush()
        #expect(other.entry(for: "http://h/p/1.html") == Self.response(1))
        // A replaced entry replaces the stored one.
        var newer = Self.response(1)
        newer.body = Array("v2".utf8)
        writer.store(newer)
        writer.flush()
        #expect(other.entry(for: "http://h/p/1.html")?.body == Array("v2".utf8))
        #expect(other.statistics().entries == 1)
    }

    @Test func aFullBatchIsCommittedWithoutAFlush() async throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        var policy = Self.manualCommits
        policy.maxEntries = 4
        let writer = HTTPCache(directory: dir.path, writePolicy: policy)
        for i in 0..<4 { writer.store(Self.response(i)) }
        let reader = HTTPCache(directory: dir.path)
        // The batch is committed in the background: wait for it (bounded), then check all of it landed at once.
        for _ in 0..<2000 where reader.entry(for: "http://h/p/0.html") == nil { try await Task.sleep(for: .milliseconds(5)) }
        #expect((0..<4).allSatisfy { reader.entry(for: "http://h/p/\($0).html") != nil })
    }

    @Test func anUncommittedTransactionLeavesOnlyCommittedEntries() throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        let cache = HTTPCache(directory: dir.path)
        cache.store(Self.response(1))
        cache.flush()
        do {
            // What a process killed mid-commit leaves: a write transaction that never reached COMMIT.
            let db = try SQLiteConnection(path: cache.databasePath, create: false)
            try db.execute("BEGIN IMMEDIATE")
            try db.query("INSERT INTO heads (id, key, url, status, headers, stored_at, body_bytes) VALUES (1000, ?, 'x', 200, '', 0, 100000)",
                         [.blob(HTTPCache.key("http://h/p/2.html"))])
            try db.query("INSERT INTO bodies (id, body) VALUES (1000, ?)", [.blob(Array(repeating: 1, count: 100_000))])
            #expect(db.inTransaction)
        }   // closed without COMMIT
        let reopened = HTTPCache(directory: dir.path)
        #expect(reopened.entry(for: "http://h/p/1.html") == Self.response(1))
        #expect(reopened.entry(for: "http://h/p/2.html") == nil)
        #expect(reopened.statistics().entries == 1)
        #expect(try Self.integrity(dir.path) == "ok")
    }

    @Test func twoCachesOnOneFolderDoNotCorruptEachOther() async throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        var policy = HTTPCacheWritePolicy()
        policy.maxEntries = 8   // many small, interleaved commits
        let a = HTTPCache(directory: dir.path, writePolicy: policy), b = HTTPCache(directory: dir.path, writePolicy: policy)
        await withTaskGroup(of: Void.self) { group in
            for (cache, host) in [(a, "a"), (b, "b")] {
                for part in 0..<4 {
                    group.addTask {
                        for i in stride(from: part, to: 300, by: 4) {
                            cache.store(Self.response(i, host: host, size: 2000 + i))
                            cache.store(Self.response(i, host: "shared", size: 10))
                            _ = cache.entry(for: "http://\(host == "a" ? "b" : "a")/p/\(i).html")
                        }
                    }
                }
            }
        }
        #expect(a.flush() == nil)
        #expect(b.flush() == nil)
        let check = HTTPCache(directory: dir.path)
        #expect(check.statistics().entries == 900)
        for host in ["a", "b"] {
            for i in 0..<300 { #expect(check.entry(for: "http://\(host)/p/\(i).html") == Self.response(i, host: host, size: 2000 + i)) }
        }
        #expect(check.entry(for: "http://shared/p/7.html") == Self.response(7, host: "shared", size: 10))
        #expect(try Self.integrity(dir.path) == "ok")
    }

    @Test func statisticsCountEntriesBytesAndAges() throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        let cache = HTTPCache(directory: dir.path)
        #expect(cache.statistics() == HTTPCacheStatistics(), "an absent cache is empty")
        #expect(!FileManager.default.fileExists(atPath: cache.databasePath), "and statistics do not create it")
        var expectedBytes = 0
        for i in 0..<5 {
            let r = Self.response(i, size: 1000 * (i + 1))
            cache.store(r)
            expectedBytes += r.body.count + r.url.utf8.count + HTTPCache.encodeHeaders(r.headers).utf8.count
        }
        let s = cache.statistics()
        #expect(s.entries == 5)
        #expect(s.bytes == expectedBytes)
        #expect(s.oldest == 1_700_000_000 && s.newest == 1_700_000_004)
        #expect(s.fileBytes >= 15_000)
        #expect(s.oldLayoutFiles == 0)
    }

    @Test func clearRemovesEntriesAndTheOldFilePerURLLayout() throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        // The layout before the SQLite store: <dir>/ab/<62 hex digits>, plus a temporary file a crash left.
        for (folder, name) in [("ab", String(repeating: "c", count: 62)), ("0f", String(repeating: "1", count: 62)), ("0f", ".tmp-12-34")] {
            try FileManager.default.createDirectory(atPath: dir.path + "/" + folder, withIntermediateDirectories: true)
            try Data(repeating: 7, count: 100).write(to: URL(fileURLWithPath: dir.path + "/" + folder + "/" + name))
        }
        try Data("keep".utf8).write(to: URL(fileURLWithPath: dir.path + "/notes.txt"))
        let cache = HTTPCache(directory: dir.path)
        for i in 0..<3 { cache.store(Self.response(i)) }
        let before = cache.statistics()
        #expect(before.entries == 3 && before.oldLayoutFiles == 3 && before.oldLayoutBytes == 300)

        let removed = cache.clear()
        #expect(removed.entries == 3 && removed.oldLayoutFiles == 3)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/ab") && !FileManager.default.fileExists(atPath: dir.path + "/0f"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/notes.txt"), "only the cache's own files are removed")
        let after = HTTPCache(directory: dir.path).statistics()
        #expect(after.entries == 0 && after.bytes == 0 && after.oldLayoutFiles == 0)
        #expect(cache.entry(for: "http://h/p/1.html") == nil)
        cache.store(Self.response(1))
        cache.flush()
        #expect(HTTPCache(directory: dir.path).entry(for: "http://h/p/1.html") == Self.response(1), "the cache works after a clear")
    }

    @Test func aDamagedDatabaseIsReplaced() throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        let path = dir.path + "/" + HTTPCache.fileName
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        let cache = HTTPCache(directory: dir.path)
        #expect(cache.entry(for: "http://h/p/1.html") == nil)
        cache.store(Self.response(1))
        #expect(cache.flush() == nil)
        #expect(HTTPCache(directory: dir.path).entry(for: "http://h/p/1.html") == Self.response(1))
    }

    @Test func secretsAreNeverWrittenDown() throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        let cache = HTTPCache(directory: dir.path)
        let url = "https://alice:hunter2@h/docs/?api_key=K3YVALUE&page=2&X-Amz-Signature=S1GVALUE"
        cache.store(CachedResponse(url: url, status: 302,
                                   headers: ["location": "https://bob:pa55word@h/next?access_token=T0KENVALUE", "set-cookie": "sid=C00KIEVALUE",
                                             "authorization": "Bearer AUTHVALUE", "etag": "\"e\""],
                                   body: Array("moved".utf8)))
        cache.flush()
        let e = cache.entry(for: url)
        #expect(e?.status == 302 && e?.etag == "\"e\"")
        #expect(e?.headers["location"] == "https://h/next?access_token=REDACTED")
        var stored = Data()
        for file in dir.files() { stored += (try? Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + file))) ?? Data() }
        let text = String(decoding: stored, as: UTF8.self)
        #expect(text.contains("page=2"), "the file holds the entry")
        for secret in ["hunter2", "alice", "K3YVALUE", "S1GVALUE", "pa55word", "T0KENVALUE", "C00KIEVALUE", "AUTHVALUE"] {
            #expect(!text.contains(secret), "\(secret) was written to the cache")
        }
    }

    /// Readers keep a snapshot across lookups: this instance's own commits are seen at once, another
    /// instance's (or process's) within the snapshot's lifetime, and `statistics()` counts both at once.
    @Test func readSnapshotsSeeOwnCommitsAtOnceAndOthersSoon() async throws {
        let dir = try TemporaryDirectory("http-cache")
        defer { dir.remove() }
        let a = HTTPCache(directory: dir.path, writePolicy: Self.manualCommits)
        let b = HTTPCache(directory: dir.path, writePolicy: Self.manualCommits)
        a.store(Self.response(1))
        a.flush()
        #expect(a.head(for: "http://h/p/1.html") != nil && a.head(for: "http://h/p/2.html") == nil)   // a snapshot is open now
        b.store(Self.response(2))
        b.flush()
        #expect(a.statistics().entries == 2)
        a.store(Self.response(3, size: 70_000))
        a.flush()
        #expect(a.entry(for: "http://h/p/3.html") == Self.response(3, size: 70_000), "its own commit, at once")
        for _ in 0..<8 { _ = a.head(for: "http://h/p/missing.html") }   // every reader has a snapshot
        b.store(Self.response(4))
        b.flush()
        // A body or a whole entry is looked up again in a new snapshot when missing (its head may have
        // come from a newer snapshot than the one the lookup happened to use).
        #expect(a.body(for: "http://h/p/4.html") == Self.response(4).body && a.entry(for: "http://h/p/4.html") == Self.response(4))
        // Seen by some lookup soon; by every reader once their snapshots are older than their lifetime.
        let clock = ContinuousClock(), start = clock.now
        var seen = false
        while !seen, clock.now - start < .seconds(5) {
            seen = a.head(for: "http://h/p/4.html") != nil
            if !seen { try await Task.sleep(for: .milliseconds(10)) }
        }
        // A busy test run can starve this task past the deadline in one sleep: look once more after it.
        if !seen { seen = a.head(for: "http://h/p/4.html") != nil }
        #expect(seen)
        try await Task.sleep(for: HTTPCache.snapshotLifetime + .milliseconds(50))
        #expect((0..<8).allSatisfy { _ in a.head(for: "http://h/p/4.html") != nil })
        // Clearing is not held back by the open snapshots.
        a.clear()
        #expect(a.statistics().entries == 0 && b.head(for: "http://h/p/1.html") == nil)
        #expect(try Self.integrity(dir.path) == "ok")
    }
}
