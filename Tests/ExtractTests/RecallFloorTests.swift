import Foundation
import Testing
@testable import Extract
import Chunk
import Parse
import Link
import RulesMakerCore

/// A Swift port of the matching rule of `shared/bench/rules-dev/score_rules.py`: a statement is
/// covered when one unit holds at least ceil(0.6 × N) of its N anchor terms; an alternative made
/// of lower-case words matches at a word start (suffixes allowed, space ≈ hyphen); anything else
/// is an identifier matched as a whole token (`()` requires a call parenthesis, `*` a prefix).
enum AnchorMatcher {
    static func pattern(_ raw: String) -> NSRegularExpression? {
        let alt = raw.trimmingCharacters(in: .whitespaces)
        guard !alt.isEmpty else { return nil }
        if alt.range(of: #"^[a-z]+(?:[ \-][a-z]+)*$"#, options: .regularExpression) != nil {
            let words = alt.split(whereSeparator: { $0 == " " || $0 == "-" }).map { NSRegularExpression.escapedPattern(for: String($0)) }
            return try? NSRegularExpression(pattern: "(?<![A-Za-z0-9_])" + words.joined(separator: #"[\s\-]+"#), options: .caseInsensitive)
        }
        var a = alt
        var prefix = a.hasSuffix("*")
        if prefix { a.removeLast() }
        let call = a.hasSuffix("()") && a.count > 2
        if call { a.removeLast(2) }
        var body = ""
        var chars = Array(a)[...]
        while let c = chars.first {
            if c.isWhitespace {
                while chars.first?.isWhitespace == true { chars.removeFirst() }
                body += #"\s*"#
                continue
            }
            if c == "=" {
                if body.hasSuffix(#"\s*"#) { body.removeLast(3) }
                body += #"\s*=\s*"#
                chars.removeFirst()
                while chars.first?.isWhitespace == true { chars.removeFirst() }
                continue
            }
            body += NSRegularExpression.escapedPattern(for: String(c))
            chars.removeFirst()
        }
        if call { body += #"\s*\("#; prefix = true }
        guard let first = a.first, let last = a.last else { return nil }
        let isWord: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" }
        var left = "", right = ""
        if first == "-" { left = #"(?<![\w\-])"# } else if isWord(first) { left = #"(?<!\w)"# }
        if !prefix && isWord(last) { right = #"(?!\w)"# + (a.contains("-") ? #"(?!-\w)"# : "") }
        return try? NSRegularExpression(pattern: left + body + right, options: .caseInsensitive)
    }

    static func termIn(_ term: String, _ text: String) -> Bool {
        term.split(separator: "|").compactMap { pattern(String($0)) }.contains {
            $0.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }

    static func covered(_ anchors: [String], units: [String]) -> Bool {
        let need = max(1, Int((0.6 * Double(anchors.count) - 1e-9).rounded(.up)))
        return units.contains { u in anchors.filter { termIn($0, u) }.count >= need }
    }
}

@Suite("Rule recall on labelled dev pages")
struct RecallFloorTests {
    static let benchDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/bench/rules-dev").standardizedFileURL

    struct GoldPage: Decodable {
        struct Statement: Decodable { var id: String; var anchor_terms: [String] }
        var id: String
        var path: String
        var statements: [Statement]
    }

    /// Parse → chunk → extract → link with the default options (the per-page budget, section spread and
    /// redundancy weighing of `Linker.fit`), each kept rule as one unit (its text and example, as a list item).
    static func units(for page: GoldPage) throws -> [String] {
        let bytes = try [UInt8](Data(contentsOf: benchDir.appendingPathComponent(page.path)))
        let url = "file:///bench/\(page.id).html"
        let document = DocumentParser().parse(html: bytes, url: url)
        let rules = HeuristicExtractor().extract(Chunker().chunks(of: document))
        let set = Linker().link(rules, name: page.id, pages: [PageInfo(url: url, title: page.id)], globs: [])
        return set.topics.flatMap(\.rules).map { $0.text + ($0.example.map { " " + $0.code } ?? "") }
    }

    @Test("recall on three dev pages stays above a floor", arguments: [("requests-advanced", 0.55), ("jinja2-sandbox", 0.9), ("pytest-goodpractices", 0.75)])
    func floor(pageID: String, minimum: Double) throws {
        let goldURL = Self.benchDir.appendingPathComponent("gold.json")
        guard FileManager.default.fileExists(atPath: goldURL.path) else {
            print("skipped: \(Self.benchDir.path) is absent (the rules-dev benchmark lives beside the package)")
            return
        }
        let gold = try JSONDecoder().decode([GoldPage].self, from: Data(contentsOf: goldURL))
        let page = try #require(gold.first { $0.id == pageID })
        let units = try Self.units(for: page)
        let covered = page.statements.filter { AnchorMatcher.covered($0.anchor_terms, units: units) }.count
        let recall = Double(covered) / Double(page.statements.count)
        #expect(recall >= minimum, "recall \(recall) on \(pageID) fell below \(minimum)")
    }

    @Test("the Swift port of the anchor matching agrees with the scorer's documented examples")
    func matcher() {
        #expect(AnchorMatcher.termIn("deadlock", "this deadlocks"))
        #expect(!AnchorMatcher.termIn("--force", "--force-with-lease"))
        #expect(!AnchorMatcher.termIn("wait", "await"))
        #expect(AnchorMatcher.termIn("run()", "run(cmd)"))
        #expect(!AnchorMatcher.termIn("run()", "run"))
        #expect(AnchorMatcher.termIn("shell=True", "shell = True"))
        #expect(AnchorMatcher.termIn("thread-safe", "not thread safe"))
        #expect(AnchorMatcher.termIn("test_*", "test_foo"))
    }
}
