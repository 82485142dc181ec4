import Foundation

/// Renders the content IR as Markdown (for prompts and `llms-full.txt`) or plain text.
public enum DocumentRenderer {
    /// The whole document as Markdown, starting with its title as an H1.
    /// The title line is left out when the content already starts with a level-1 heading.
    public static func markdown(_ document: Document) -> String {
        var out = ""
        var blocks = document.blocks[...]
        if case .heading(1, _, _)? = blocks.first {
            out += markdown(blocks.removeFirst()) + "\n\n"
        } else if !document.title.isEmpty {
            out += "# \(escapeLine(document.title))\n\n"
        }
        if let d = document.description, !d.isEmpty { out += "> \(escapeLine(d))\n\n" }
        out += markdown(Array(blocks))
        return out
    }

    /// Blocks as Markdown, separated by blank lines, ending in one newline.
    public static func markdown(_ blocks: [ContentBlock]) -> String {
        var text = ""
        for block in blocks {
            let part = markdown(block)
            if part.isEmpty { continue }
            if !text.isEmpty { text += "\n\n" }
            text += part
        }
        if !text.isEmpty { text += "\n" }
        return text
    }

    public static func markdown(_ block: ContentBlock) -> String {
        switch block {
        case .heading(let level, let text, _):
            return String(repeating: "#", count: max(1, min(level, 6))) + " " + escapeLine(text)
        case .paragraph(let inlines):
            return markdown(inlines)
        case .code(let language, let text):
            let fence = (text.containsBackticks("```") ?? text.contains("```")) ? "~~~~" : "```"
            var body = text
            if body.hasSuffix("\n") { body.removeLast() }
            return fence + (language ?? "") + "\n" + body + "\n" + fence
        case .list(let ordered, let items):
            var out = ""
            for (i, item) in items.enumerated() {
                let marker = ordered ? "\(i + 1). " : "- "
                let body = markdown(item).trimmingTrailingNewlines()
                if i > 0 { out += "\n" }
                body.appendLines(to: &out, first: marker, prefix: String(repeating: " ", count: marker.count), empty: "")
            }
            return out
        case .table(let table):
            return markdownTable(table)
        case .admonition(let kind, let title, let blocks):
            let label = title ?? kind.displayName
            let body = markdown(blocks).trimmingTrailingNewlines()
            var out = "> **" + escapeLine(label) + "**\n>\n"
            body.appendLines(to: &out, first: nil, prefix: "> ", empty: ">")
            return out
        case .quote(let blocks):
            var out = ""
            markdown(blocks).trimmingTrailingNewlines().appendLines(to: &out, first: nil, prefix: "> ", empty: ">")
            return out
        case .definitionList(let items):
            return items.map { item in
                // A term with bold of its own (numpydoc's `**name** type`) is not wrapped in more bold.
                let hasStrong = item.term.contains { if case .strong = $0 { return true } else { return false } }
                let term = hasStrong ? markdown(item.term) : "**" + markdown(item.term) + "**"
                let def = markdown(item.definition).trimmingTrailingNewlines()
                if def.isEmpty { return term }
                var out = term + "\n\n"
                // A code block's blank lines stay inside the definition (`:`), or they would end it mid-code.
                def.appendLines(to: &out, first: nil, prefix: ": ", empty: def.contains("```") ? ":" : "")
                return out
            }.joined(separator: "\n\n")
        }
    }

    public static func markdown(_ inlines: [Inline]) -> String {
        var out = ""
        for inline in inlines {
            switch inline {
            case .text(let s): out += s
            case .code(let s):
                let ticks = (s.containsBackticks("`") ?? s.contains("`")) ? "``" : "`"
                let pad = s.hasPrefix("`") || s.hasSuffix("`") ? " " : ""
                out += ticks + pad + s + pad + ticks
            case .emphasis(let s): out += s.isEmpty ? "" : "*\(s)*"
            case .strong(let s): out += s.isEmpty ? "" : "**\(s)**"
            case .link(let text, let url): out += "[\(text)](\(url))"
            case .image(let alt): out += alt
            }
        }
        return out.trimmingHorizontalSpace()
    }

    private static func markdownTable(_ table: Table) -> String {
        let width = max(table.header?.count ?? 0, table.rows.map(\.count).max() ?? 0)
        guard width > 0 else { return "" }
        func row(_ cells: [[Inline]]) -> String {
            var texts = cells.map { markdown($0).replacingBytes(of: UInt8(ascii: "|"), with: "\\|").replacingBytes(of: UInt8(ascii: "\n"), with: " ") }
            while texts.count < width { texts.append("") }
            return "| " + texts.joined(separator: " | ") + " |"
        }
        var lines = [row(table.header ?? Array(repeating: [], count: width))]
        lines.append("|" + String(repeating: " --- |", count: width))
        lines += table.rows.map(row)
        return lines.joined(separator: "\n")
    }

    /// The whole document as plain text: title, then blocks.
    ///
    /// One line per heading, paragraph and definition term, unordered list items as `- item`, table
    /// rows with tab-separated cells, code blocks byte for byte; blocks separated by one newline.
    public static func plainText(_ document: Document, includeTitle: Bool = true) -> String {
        let body = plainText(document.blocks)
        return includeTitle ? document.title + "\n" + body : body
    }

    public static func plainText(_ blocks: [ContentBlock]) -> String {
        let text = blocks.map(plainText).filter { !$0.isEmpty }.joined(separator: "\n")
        return text.isEmpty ? "" : text + "\n"
    }

    public static func plainText(_ block: ContentBlock) -> String {
        switch block {
        case .heading(_, let text, _): return ContentBlock.plainHeading(text)
        case .paragraph(let inlines):
            let text = inlines.plainText.trimmingHorizontalSpace()
            // An image between two words leaves their two spaces side by side.
            guard inlines.contains(where: { if case .image = $0 { return true } else { return false } }), text.contains("  ") else { return text }
            return text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        case .code(_, let text): return text.trimmingTrailingNewlines()
        case .list(_, let items):
            return items.map { item in
                let body = plainText(item).trimmingTrailingNewlines()
                return body.isEmpty ? body : "- " + body
            }.joined(separator: "\n")
        case .table(let table):
            let rows = (table.header.map { [$0] } ?? []) + table.rows
            return rows.map { $0.map(\.plainText).joined(separator: "\t") }.joined(separator: "\n")
        case .admonition(_, let title, let blocks):
            let body = plainText(blocks).trimmingTrailingNewlines()
            return [title ?? "", body].filter { !$0.isEmpty }.joined(separator: "\n")
        case .quote(let blocks): return plainText(blocks).trimmingTrailingNewlines()
        case .definitionList(let items):
            return items.map { item in
                [item.term.plainText, plainText(item.definition).trimmingTrailingNewlines()].filter { !$0.isEmpty }.joined(separator: "\n")
            }.joined(separator: "\n")
        }
    }

    private static func escapeLine(_ s: String) -> String { s.replacingBytes(of: UInt8(ascii: "\n"), with: " ") }
}

extension String {
    /// Without leading and trailing spaces and tabs (Unicode horizontal whitespace, as
    /// `trimmingCharacters(in: .whitespaces)`), without Foundation's bridging: the renderers call
    /// this for every paragraph.
    func trimmingHorizontalSpace() -> String {
        @inline(__always) func isSpace(_ u: Unicode.Scalar) -> Bool {
            if u.value < 0x80 { return u == " " || u == "\t" }
            return u.properties.isWhitespace && u != "\u{85}" && u != "\u{2028}" && u != "\u{2029}"
        }
        // Fast path: nothing to trim.
        if let f = utf8.first, let l = utf8.last, f > 0x20 && f < 0x80 && l > 0x20 && l < 0x80 { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }

    /// Every `byte` (ASCII) replaced by `replacement`; `self` when there is none.
    func replacingBytes(of byte: UInt8, with replacement: String) -> String {
        guard utf8.contains(byte) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        var start = utf8.startIndex
        var i = start
        while i != utf8.endIndex {
            if utf8[i] == byte {
                out += self[start..<i]
                out += replacement
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        out += self[start...]
        return out
    }

    /// Without trailing `"\n"` Characters. In bytes: a line feed is a Character of its own unless a
    /// carriage return comes before it (`"\r\n"` is one Character, and not `"\n"`).
    func trimmingTrailingNewlines() -> String {
        let u = utf8
        var end = u.endIndex
        while end != u.startIndex, u[u.index(before: end)] == 0x0A {
            let lf = u.index(before: end)
            if lf != u.startIndex, u[u.index(before: lf)] == 0x0D { break }
            end = lf
        }
        return end == u.endIndex ? self : String(self[..<end])
    }

    /// Appends the lines of `self` (split at `"\n"` Characters, empty lines kept) to `out`, joined by
    /// `"\n"`: the first line after `first` when given, every other line after `prefix`, or as
    /// `empty` when it is empty. The same as `split(separator: "\n", omittingEmptySubsequences: false)`,
    /// mapped and joined, without the intermediate arrays.
    func appendLines(to out: inout String, first: String?, prefix: String, empty: String) {
        let u = utf8
        var start = u.startIndex
        var i = start
        var isFirst = true
        func line(_ end: String.Index) {
            if !isFirst { out += "\n" }
            if isFirst, let first {
                out += first
                out += self[start..<end]
            } else if start == end {
                out += empty
            } else {
                out += prefix
                out += self[start..<end]
            }
            isFirst = false
        }
        var previous: UInt8 = 0
        while i != u.endIndex {
            let b = u[i]
            if b == 0x0A && previous != 0x0D {
                line(i)
                start = u.index(after: i)
            }
            previous = b
            i = u.index(after: i)
        }
        line(u.endIndex)
    }

    /// Whether `needle`, a run of backticks, occurs in `self` as Foundation's `contains` finds it:
    /// by bytes when `self` is ASCII (no Character spans bytes then); false when `self` holds neither a
    /// backtick nor U+1FEF (the one character canonically equivalent to a backtick), as no match can
    /// be made without one; nil otherwise, for Foundation to decide.
    func containsBackticks(_ needle: StaticString) -> Bool? {
        var s = self
        return s.withUTF8 { h -> Bool? in
            let count = needle.utf8CodeUnitCount
            let nb = needle.utf8Start
            var found = false
            var ascii = true
            var backtickLike = false
            var i = 0
            while i < h.count {
                let b = h[i]
                if b >= 0x80 {
                    ascii = false
                    // U+1FEF GREEK VARIA: E1 BF AF.
                    if b == 0xE1, i + 2 < h.count, h[i + 1] == 0xBF, h[i + 2] == 0xAF { backtickLike = true }
                } else if b == 0x60 {
                    backtickLike = true
                }
                if !found, b == nb[0], i + count <= h.count {
                    var k = 1
                    while k < count && h[i + k] == nb[k] { k += 1 }
                    if k == count { found = true }
                }
                i += 1
            }
            if ascii { return found }
            return backtickLike ? nil : false
        }
    }
}
