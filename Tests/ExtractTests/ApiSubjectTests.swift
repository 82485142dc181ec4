import Testing
@testable import Extract
import RulesMakerCore

@Suite("The API a statement is about: method anchors, sub-headings, chunk breadcrumbs")
struct ApiSubjectTests {
    let extractor = HeuristicExtractor()

    @Test("a plain heading whose anchor names a method is that method (Javadoc, rustdoc)")
    func anchoredHeading() {
        #expect(ApiName.fromHeading("close", anchor: "close()") == "close()")
        #expect(ApiName.fromHeading("submit", anchor: "submit(java.lang.Runnable,int)") == "submit()")
        #expect(ApiName.fromHeading("close", anchor: "method.close") == "close()")
        #expect(ApiName.fromHeading("Closing", anchor: "closing") == nil)
        #expect(ApiName.fromHeading("Thread safety", anchor: "close()") == nil)
    }

    @Test("'Panics', 'Safety' and other sub-headings of an API entry keep its subject; a sibling section does not")
    func subHeadings() throws {
        let rules = extractor.extract([chunk([
            .heading(level: 4, text: "pub fn close(&self)", anchor: "method.close"),
            para("Closes the pool and every idle connection in it."),
            .heading(level: 5, text: "Panics", anchor: "panics"),
            para("Panics if a connection is still checked out."),
            .heading(level: 4, text: "Configuration", anchor: "configuration"),
            para("You must set the pool size before the first checkout."),
        ])])
        let panics = try #require(rules.first { $0.text.contains("Panics if") })
        #expect(panics.text.hasPrefix("`close()`: "), "\(panics.text)")
        #expect(panics.kind == .avoid || panics.kind == .warning)
        let config = try #require(rules.first { $0.text.contains("pool size") })
        #expect(!config.text.contains("close()"))
    }

    @Test("a chunk that starts inside an API entry is about that API")
    func chunkBreadcrumb() throws {
        let c = Chunk(id: "c", source: SourceRef(url: "https://docs.example.com/pool.html", anchor: "panics",
                                                 breadcrumb: ["Pool", "pub fn close(&self)", "Panics"]),
                      pageTitle: "Pool", blocks: [para("Panics if a connection is still checked out.")], tokens: 20)
        let rule = try #require(extractor.extract([c]).first)
        #expect(rule.text == "`close()`: Panics if a connection is still checked out.")
    }
}
