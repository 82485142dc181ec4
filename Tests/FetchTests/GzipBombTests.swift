import Foundation
@testable import Fetch
import RulesMakerTestSupport
import Testing

/// `.html.gz` input that decompresses to far more than any page: the decoder stops at its cap with a
/// typed error, `LocalSource` turns that into a readable reason, and `inspect` exits with a clear line.
@Suite struct GzipBombTests {
    /// One gzip member holding `megabytes` MB of zeros (about 1 KB per MB), made by `/bin/gzip`.
    static func zerosMember(megabytes: Int) throws -> [UInt8] {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = dir.path + "/zeros"
        try Data(count: megabytes << 20).write(to: URL(fileURLWithPath: input))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/bin/gzip") ? "/bin/gzip" : "/usr/bin/gzip")
        process.arguments = ["-c", "-n", "-9", input]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // About 1 KB per MB of zeros: far below the pipe's buffer, so reading after exit is safe.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    /// `copies` concatenated members of 1 MB of zeros each: a bomb of `copies` MB from a few KB.
    static func bomb(megabytes copies: Int) throws -> [UInt8] {
        let member = try zerosMember(megabytes: 1)
        var out: [UInt8] = []
        out.reserveCapacity(member.count * copies)
        for _ in 0..<copies { out += member }
        return out
    }

    @Test func decompressionStopsAtTheCapWithATypedError() throws {
        let bomb = try Self.bomb(megabytes: 8)
        #expect(bomb.count < 100_000, "the bomb should be small: \(bomb.count) bytes")
        #expect(throws: GzipError.tooLarge(limit: 1 << 20)) { try Gzip.decompress(bomb, limit: 1 << 20) }
        // The same bytes under a cap they fit in decompress completely.
        let all = try Gzip.decompress(bomb, limit: 8 << 20)
        #expect(all.count == 8 << 20 && all.allSatisfy { $0 == 0 })
    }

    @Test func oneBigMemberIsCappedToo() throws {
        let member = try Self.zerosMember(megabytes: 16)
        #expect(throws: GzipError.tooLarge(limit: 4 << 20)) { try Gzip.decompress(member, limit: 4 << 20) }
    }

    @Test func localSourceReportsTheBombAsUnreadable() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/bomb.html.gz"
        try Data(try Self.bomb(megabytes: 48)).write(to: URL(fileURLWithPath: path))
        do {
            _ = try LocalSource.read(path, maxBytes: 10 << 20)
            Issue.record("a 48 MB bomb was read under a 40 MB cap")
        } catch {
            guard case .unreadable(let p, let reason) = error else { Issue.record("unexpected error \(error)"); return }
            #expect(p == path)
            #expect(reason.contains("gzip bomb"), "\(reason)")
        }
    }

    @Test func inspectOfABombFailsWithAClearLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/bomb.html.gz"
        try Data(try Self.bomb(megabytes: 48)).write(to: URL(fileURLWithPath: path))
        let r = try RulesMakerBinary.run(["inspect", path, "--stage", "ir", "--format", "text"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("\(path): cannot read (decompresses to more than"), "\(r.stderr)")
        #expect(r.stderr.contains("gzip bomb"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
