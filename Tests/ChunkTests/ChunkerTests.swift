import Chunk
import RulesMakerCore
import Testing

@Suite struct ChunkerTests {
    func doc(_ blocks: [ContentBlock]) -> Document { Document(url: "https://x.example/guide.html", title: "Guide", blocks: blocks) }

    @Test func splitsAlongTheHeadingTreeWithBreadcrumbsAndAnchors() {
        let chunks = Chunker(maxTokens: 1500).chunks(of: doc([
            .heading(level: 1, text: "Guide", anchor: "guide"),
            .paragraph([.text("Intro.")]),
            .heading(level: 2, text: "Sessions", anchor: "sessions"),
            .paragraph([.text("About sessions.")]),
            .heading(level: 3, text: "Threads", anchor: "threads"),
            .paragraph([.text("Not thread-safe.")]),
            .heading(level: 2, text: "Pools", anchor: nil),
            .paragraph([.text("About pools.")]),
        ]))
        #expect(chunks.map(\.source.breadcrumb) == [["Guide"], ["Guide", "Sessions"], ["Guide", "Sessions", "Threads"], ["Guide", "Pools"]])
        #expect(chunks.map(\.source.link) == ["https://x.example/guide.html#guide", "https://x.example/guide.html#sessions",
                                              "https://x.example/guide.html#threads", "https://x.example/guide.html#guide"])
        #expect(Set(chunks.map(\.id)).count == chunks.count)
    }

    @Test func neverSplitsCodeOrTablesAndRespectsTheBudget() {
        let longCode = String(repeating: "x = compute(x)\n", count: 200)   // ~750 tokens
        let paragraphs = (0..<40).map { ContentBlock.paragraph([.text("Sentence number \($0) is here to fill the chunk with some prose text.")]) }
        let table = ContentBlock.table(Table(header: [[.text("a")]], rows: (0..<50).map { [[.text("row \($0) of the table")]] }))
        let blocks: [ContentBlock] = [.heading(level: 2, text: "Big", anchor: "big")] + paragraphs + [.code(language: "python", text: longCode), table] + paragraphs
        let chunks = Chunker(maxTokens: 400).chunks(of: doc(blocks))
        #expect(chunks.count > 3)
        let allBlocks = chunks.flatMap(\.blocks)
        #expect(allBlocks.filter { if case .code = $0 { return true } else { return false } }.count == 1)
        #expect(allBlocks.contains(.code(language: "python", text: longCode)), "code block kept whole")
        #expect(allBlocks.contains(table), "table kept whole")
        for c in chunks where !c.blocks.contains(where: { if case .code = $0 { return true }; if case .table = $0 { return true }; return false }) {
            #expect(c.tokens <= 400)
        }
        #expect(chunks.allSatisfy { $0.source.anchor == "big" && $0.source.breadcrumb == ["Guide", "Big"] })
    }

    @Test func tokenEstimateIsBytesOverFour() {
        #expect(TokenEstimate.tokens("abcd") == 1)
        #expect(TokenEstimate.tokens("abcde") == 2)
        #expect(TokenEstimate.tokens("") == 0)
    }

    @Test func longListsSplitBetweenItems() {
        let items = (0..<100).map { [ContentBlock.paragraph([.text("Item \($0) explains one more option in detail, at some length.")])] }
        let chunks = Chunker(maxTokens: 200).chunks(of: doc([.list(ordered: false, items: items)]))
        #expect(chunks.count > 3)
        let count = chunks.flatMap(\.blocks).reduce(0) { n, b in if case .list(_, let i) = b { return n + i.count } else { return n } }
        #expect(count == 100)
    }
}
