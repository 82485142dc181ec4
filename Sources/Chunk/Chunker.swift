import RulesMakerCore

/// Splits a document into chunks along its heading tree, within a token budget.
///
/// A chunk is a section (a heading and the blocks up to the next heading of the same or higher
/// level) when it fits; larger sections are cut between blocks, never inside a code block or a
/// table, and every piece keeps the section's breadcrumb and anchor. Tokens are estimated with
/// `TokenEstimate` (4 UTF-8 bytes per token). A single block larger than the budget becomes a
/// chunk of its own rather than being cut.
public struct Chunker: Sendable {
    public var maxTokens: Int

    public init(maxTokens: Int = 1500) {
        self.maxTokens = max(64, maxTokens)
    }

    public func chunks(of document: Document) -> [Chunk] {
        let pageURL = document.canonicalURL ?? document.url
        var sections: [(crumbs: [String], anchor: String?, blocks: [ContentBlock])] = []
        var stack: [(level: Int, title: String, anchor: String?)] = []
        var current: [ContentBlock] = []
        var currentCrumbs: [String] = []
        var currentAnchor: String? = nil

        func close() {
            if !current.isEmpty { sections.append((currentCrumbs, currentAnchor, current)) }
            current = []
        }
        for block in document.blocks {
            if case .heading(let level, let text, let anchor) = block {
                close()
                while let top = stack.last, top.level >= level { stack.removeLast() }
                stack.append((level, text, anchor))
                currentCrumbs = stack.map(\.title)
                currentAnchor = anchor ?? stack.last(where: { $0.anchor != nil })?.anchor
            }
            current.append(block)
        }
        close()

        var out: [Chunk] = []
        for section in sections {
            var crumbs = section.crumbs
            if crumbs.first != document.title { crumbs.insert(document.title, at: 0) }
            var piece: [ContentBlock] = []
            var pieceTokens = 0
            func emit() {
                guard !piece.isEmpty else { return }
                let source = SourceRef(url: pageURL, anchor: section.anchor, breadcrumb: crumbs)
                out.append(Chunk(id: "\(source.link)@\(out.count)", source: source, pageTitle: document.title,
                                 blocks: piece, tokens: pieceTokens, language: document.language))
                piece = []
                pieceTokens = 0
            }
            for block in section.blocks {
                let t = Self.tokens(block)
                if pieceTokens + t > maxTokens, !piece.isEmpty {
                    // Keep a heading with what follows it.
                    let carried: ContentBlock? = { if case .heading = piece.last! { return piece.removeLast() } else { return nil } }()
                    if let carried { pieceTokens -= Self.tokens(carried) }
                    emit()
                    if let carried { piece = [carried]; pieceTokens = Self.tokens(carried) }
                }
                if t > maxTokens, case .list(let ordered, let items) = block, items.count > 1 {
                    // Lists split between items.
                    for item in items {
                        let part = ContentBlock.list(ordered: ordered, items: [item])
                        let pt = Self.tokens(part)
                        if pieceTokens + pt > maxTokens, !piece.isEmpty { emit() }
                        piece.append(part)
                        pieceTokens += pt
                    }
                    continue
                }
                piece.append(block)
                pieceTokens += t
            }
            emit()
        }
        return out
    }

    static func tokens(_ block: ContentBlock) -> Int {
        TokenEstimate.tokens(DocumentRenderer.markdown(block))
    }
}
