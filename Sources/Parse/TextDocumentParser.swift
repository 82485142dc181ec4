import Foundation
import RulesMakerCore

/// Reads Markdown or plain-text sources (`.md`, `.txt`, `llms.txt`) into the content IR:
/// ATX headings, fenced code blocks, bullet lists and paragraphs.
public struct TextDocumentParser: Sendable {
    public init() {}

    public func parse(text: String, url: String) -> Document {
        var blocks: [ContentBlock] = []
        var paragraph: [String] = []
        var listItems: [[ContentBlock]] = []
        var fence: (marker: String, language: String?, lines: [String])? = nil
        func flushParagraph() {
            if !paragraph.isEmpty { blocks.append(.paragraph([.text(paragraph.joined(separator: " "))])); paragraph = [] }
        }
        func flushList() {
            if !listItems.isEmpty { blocks.append(.list(ordered: false, items: listItems)); listItems = [] }
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine).replacingOccurrences(of: "\r", with: "")
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var f = fence {
                if trimmed.hasPrefix(f.marker) {
                    blocks.append(.code(language: f.language, text: f.lines.joined(separator: "\n")))
                    fence = nil
                } else {
                    f.lines.append(line)
                    fence = f
                }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flushParagraph(); flushList()
                let marker = String(trimmed.prefix(3))
                let lang = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                fence = (marker, lang.isEmpty ? nil : lang.lowercased(), [])
                continue
            }
            if trimmed.hasPrefix("#") {
                let level = trimmed.prefix(while: { $0 == "#" }).count
                if level <= 6, trimmed.dropFirst(level).first == " " {
                    flushParagraph(); flushList()
                    let title = trimmed.dropFirst(level).trimmingCharacters(in: .whitespaces)
                    blocks.append(.heading(level: level, text: title, anchor: Slug.make(title, fallback: "section")))
                    continue
                }
            }
            if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
                flushParagraph()
                listItems.append([.paragraph(Self.inlines(String(trimmed.dropFirst(2))))])
                continue
            }
            if trimmed.isEmpty { flushParagraph(); flushList(); continue }
            if !listItems.isEmpty && line.hasPrefix("  ") {
                listItems[listItems.count - 1].append(.paragraph(Self.inlines(trimmed)))
                continue
            }
            flushList()
            paragraph.append(trimmed)
        }
        if let f = fence { blocks.append(.code(language: f.language, text: f.lines.joined(separator: "\n"))) }
        flushParagraph(); flushList()
        blocks = blocks.map { block in
            if case .paragraph(let inl) = block { return .paragraph(Self.inlines(inl.plainText)) }
            return block
        }
        let title = blocks.lazy.compactMap { b -> String? in if case .heading(_, let t, _) = b { return t } else { return nil } }.first
            ?? (URL(string: url)?.lastPathComponent ?? url)
        return Document(url: url, title: title, blocks: blocks)
    }

    /// Splits backtick spans into code inlines.
    static func inlines(_ text: String) -> [Inline] {
        var out: [Inline] = []
        var current = ""
        var inCode = false
        for ch in text {
            if ch == "`" {
                if inCode { out.append(.code(current)) } else if !current.isEmpty { out.append(.text(current)) }
                current = ""
                inCode.toggle()
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { out.append(inCode ? .text("`" + current) : .text(current)) }
        return out
    }
}
