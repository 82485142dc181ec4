import Foundation
import Testing
@testable import Fetch
import RulesMakerTestSupport

@Suite("Page-result cache store")
struct PageResultCacheUnitTests {
    @Test("values round-trip, are visible before they are flushed, survive a new instance, and clear")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = PageResultCache(directory: dir.path + "/pages")
        #expect(cache.value(for: "a") == nil)
        cache.store(Array("first".utf8), for: "a")
        #expect(cache.value(for: "a") == Array("first".utf8), "buffered, not yet written")
        #expect(cache.flush() == nil)
        let again = PageResultCache(directory: dir.path + "/pages")
        #expect(again.value(for: "a") == Array("first".utf8))
        #expect(again.statistics().entries == 1)
        #expect(again.clear().entries == 1)
        #expect(again.value(for: "a") == nil)
    }

    @Test("results stored more than 30 days ago go when results are next written")
    func oldEntriesArePruned() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = PageResultCache(directory: dir.path)
        cache.store([1], for: "old")
        #expect(cache.flush(now: Date().addingTimeInterval(-31 * 86_400)) == nil)
        cache.store([3], for: "younger")
        #expect(cache.flush(now: Date().addingTimeInterval(-29 * 86_400)) == nil)
        cache.store([2], for: "recent")
        #expect(cache.flush(now: Date()) == nil)
        #expect(cache.value(for: "old") == nil)
        #expect(cache.value(for: "recent") == [2])
        #expect(cache.value(for: "younger") == [3], "29 days old: kept")
    }

    @Test("a folder that cannot be written is a cache that misses, not an error")
    func unwritable() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try "not a folder".write(toFile: dir.path + "/file", atomically: true, encoding: .utf8)
        let cache = PageResultCache(directory: dir.path + "/file/pages")
        cache.store([1], for: "k")
        #expect(cache.flush() != nil)
        #expect(cache.value(for: "k") == nil)
        #expect(cache.statistics().entries == 0)
    }
}
