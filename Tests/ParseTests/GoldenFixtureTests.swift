import Foundation
import Parse
import RulesMakerCore
import Testing

/// Golden pages in each generator's real shape (`Fixtures/parse/<generator>/page.html`) and the
/// Markdown the Parse stage must produce for them (`expected.md`).
///
/// To re-record after an intended change: `RECORD_PARSE_FIXTURES=1 swift test --filter GoldenFixtureTests`,
/// then review the diff of `Fixtures/parse/**/expected.md`.
struct GoldenFixtureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/parse")

    static var generators: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/page.html").path)
        }.sorted()
    }

    @Test("every supported generator has a golden page")
    func coverage() {
        let expected: Set = ["sphinx", "mkdocs-material", "docusaurus", "rustdoc", "javadoc", "doxygen", "mdbook", "vitepress", "mediawiki", "mandoc", "docbook", "generic", "scribble"]
        #expect(expected.isSubset(of: Set(Self.generators)))
    }

    @Test("page.html renders to expected.md", arguments: generators)
    func golden(generator: String) throws {
        let dir = Self.root.appendingPathComponent(generator)
        let html = try [UInt8](Data(contentsOf: dir.appendingPathComponent("page.html")))
        let document = DocumentParser().parse(html: html, url: "https://docs.example.com/\(generator)/page.html")
        let markdown = DocumentRenderer.markdown(document)
        let expectedURL = dir.appendingPathComponent("expected.md")
        if ProcessInfo.processInfo.environment["RECORD_PARSE_FIXTURES"] != nil {
            try Data(markdown.utf8).write(to: expectedURL)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(markdown == expected, "\(generator): rendered Markdown differs from expected.md")
    }
}
