import RulesMakerCore

/// Splits a chunk whose prompt would not fit the model's context into pieces that do: between
/// blocks first, then inside an oversized block (code by lines, lists by items, tables by rows,
/// anything else by lines and words). Nothing is ever dropped or truncated: the pieces together
/// carry all of the chunk's content, and each keeps the chunk's source and breadcrumb.
public struct LLMChunkSplitter: Sendable {
    /// Most estimated tokens of a piece's rendered Markdown.
    public var maxTokens: Int

    public init(maxTokens: Int) { self.maxTokens = max(16, maxTokens) }

    static func tokens(_ blocks: [ContentBlock]) -> Int { TokenEstimate.tokens(DocumentRenderer.markdown(blocks)) }

    public func split(_ chunk: Chunk) -> [Chunk] {
        guard Self.tokens(chunk.blocks) > maxTokens else { return [chunk] }
        var pieces: [[ContentBlock]] = []
        var current: [ContentBlock] = []
        for block in chunk.blocks.flatMap(fitting) {
            if !current.isEmpty, Self.tokens(current + [block]) > maxTokens {
                pieces.append(current)
                current = []
            }
            current.append(block)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.enumerated().map { i, blocks in
            var c = chunk
            c.id = "\(chunk.id)/part-\(i + 1)"
            c.blocks = blocks
            c.tokens = Self.tokens(blocks)
            return c
        }
    }

    /// Halves a chunk between blocks (used when an answer was cut off by the output limit); nil when
    /// it has a single block.
    public static func halves(_ chunk: Chunk) -> [Chunk]? {
        guard chunk.blocks.count > 1 else { return nil }
        let mid = chunk.blocks.count / 2
        return [Array(chunk.blocks[..<mid]), Array(chunk.blocks[mid...])].enumerated().map { i, blocks in
            var c = chunk
            c.id = "\(chunk.id)/half-\(i + 1)"
            c.blocks = blocks
            c.tokens = tokens(blocks)
            return c
        }
    }

    /// `block` itself when it fits, else smaller blocks that each fit.
    func fitting(_ block: ContentBlock) -> [ContentBlock] {
        guard Self.tokens([block]) > maxTokens else { return [block] }
        switch block {
        case .code(let language, let text):
            // Fences and language take a few tokens of their own.
            return Self.pieces(of: text, maxBytes: max(16, (maxTokens - 8) * 4), separator: "\n").map { .code(language: language, text: $0) }
        case .list(let ordered, let items) where items.count > 1:
            return items.flatMap { fitting(.list(ordered: ordered, items: [$0])) }
        case .list(_, let items):
            return (items.first ?? []).flatMap(fitting)
        case .table(let table) where table.rows.count > 1:
            return table.rows.flatMap { fitting(.table(Table(header: table.header, rows: [$0], anchor: table.anchor))) }
        case .admonition(_, _, let blocks), .quote(let blocks):
            return blocks.flatMap(fitting)
        case .definitionList(let items) where items.count > 1:
            return items.flatMap { fitting(.definitionList([$0])) }
        default:
            let text = DocumentRenderer.markdown(block)
            return Self.pieces(of: text, maxBytes: max(16, maxTokens * 4 - 8), separator: "\n").map { .paragraph([.text($0)]) }
        }
    }

    /// Splits text into pieces of at most `maxBytes` UTF-8 bytes at `separator`, then at spaces,
    /// then anywhere (for a single over-long word); joined back they give the text.
    static func pieces(of text: String, maxBytes: Int, separator: Character) -> [String] {
        var out: [String] = []
        var current = ""
        func flush() { if !current.isEmpty { out.append(current); current = "" } }
        for part in text.split(separator: separator, omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? part : current + String(separator) + part
            if candidate.utf8.count <= maxBytes { current = candidate; continue }
            flush()
            if part.utf8.count <= maxBytes { current = part; continue }
            if separator != " " {
                let words = pieces(of: part, maxBytes: maxBytes, separator: " ")
                out += words.dropLast()
                current = words.last ?? ""
            } else {
                var run = ""
                for ch in part {
                    if (run + String(ch)).utf8.count > maxBytes { out.append(run); run = "" }
                    run.append(ch)
                }
                current = run
            }
        }
        flush()
        return out
    }
}
