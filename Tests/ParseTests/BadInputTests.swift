import Foundation
import Parse
import RulesMakerCore
import Testing

/// Hostile or broken HTML: the parser must return a document (possibly empty), never crash or hang.
/// Sizes are chosen so each case finishes in well under a second; no timing is asserted.
struct BadInputTests {
    func parse(_ bytes: [UInt8], charset: String? = nil) -> Document {
        let doc = DocumentParser().parse(html: bytes, url: "https://docs.example.com/bad.html", charset: charset)
        _ = DocumentRenderer.markdown(doc)
        _ = DocumentRenderer.plainText(doc)
        return doc
    }

    @Test("a run of spaces before a combining mark does not hang the space collapsing (fuzzer find)")
    func spacesBeforeCombiningMark() {
        let doc = parse(Array("<p>accent <span>\u{20}</span> \u{301}here and  \u{301}\u{302} there</p>".utf8))
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(!text.contains("  "), "\(text)")
        #expect(text.hasPrefix("accent"))
    }

    @Test("empty and whitespace-only input")
    func empty() {
        #expect(parse([]).blocks.isEmpty)
        #expect(parse(Array("   \n\t".utf8)).blocks.isEmpty)
    }

    @Test("truncated documents keep what arrived")
    func truncated() {
        let page = "<html><head><title>T</title></head><body><main><h1>Title</h1><p>First paragraph of the page.</p><pre><code class=\"language-py\">x = 1\ny"
        for cut in stride(from: 0, through: page.utf8.count, by: 7) {
            _ = parse(Array(page.utf8.prefix(cut)))
        }
        #expect(DocumentRenderer.plainText(parse(Array(page.utf8)).blocks).contains("First paragraph"))
    }

    @Test("100,000-deep nesting does not overflow the stack", arguments: ["div", "span", "ul><li", "table><tr><td", "blockquote", "b"])
    func deepNesting(tag: String) {
        let open = "<\(tag)>"
        let html = "<html><body><main>" + String(repeating: open, count: 100_000) + "deep text" + "</main></body></html>"
        _ = parse(Array(html.utf8))
    }

    @Test("megabyte attributes and text runs")
    func hugeAttributes() {
        let big = String(repeating: "a", count: 1_000_000)
        let html = "<html><body><main><div class=\"\(big)\" id=\"\(big)\" style=\"\(big)\"><p title=\"\(big)\">Text after big attributes.</p></div>"
            + "<p>\(String(repeating: "word ", count: 200_000))</p><pre class=\"language-\(big)\">code</pre></main></body></html>"
        let doc = parse(Array(html.utf8))
        #expect(DocumentRenderer.plainText(doc.blocks).contains("Text after big attributes."))
    }

    @Test("invalid UTF-8 and NUL bytes")
    func invalidBytes() {
        var bytes = Array("<html><head><title>Bad \u{FF}</title></head><body><main><p>before ".utf8)
        bytes += [0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0x00, 0x00, 0xF0, 0x9F, 0x98]
        bytes += Array(" after</p><p>second\u{0}paragraph</p></main></body></html>".utf8)
        let doc = parse(bytes)
        let text = DocumentRenderer.plainText(doc.blocks)
        #expect(text.contains("before"))
    }

    @Test("declared and actual encodings disagree", arguments: ["utf-8", "iso-8859-1", "shift_jis", "utf-16", "x-no-such-charset", "UTF-32"])
    func mismatchedEncoding(charset: String) {
        let latin1: [UInt8] = Array("<html><head><meta charset=\"utf-16\"><title>Caf".utf8) + [0xE9] + Array("</title></head><body><main><p>Na".utf8) + [0xEF]
            + Array("ve text here</p></main></body></html>".utf8)
        _ = parse(latin1, charset: charset)
        _ = parse(Array("<html><body><p>plain ascii</p></body></html>".utf8), charset: charset)
    }

    @Test("random bytes")
    func randomBytes() {
        var generator = SplitMix64(seed: 42)
        for length in [1, 17, 512, 4096, 65_536] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            _ = parse(bytes)
            // Random tag soup from HTML-ish pieces.
            let pieces = ["<div>", "</div>", "<p>", "<pre>", "<table>", "<tr>", "<td colspan=9>", "<dl>", "<dt>", "<dd>", "<ul>", "<li>",
                          "<code>", "text ", "&amp;", "&#0;", "<h2 id=x>", "<details>", "<summary>", "<!--", "-->", "<script>", "<a href=\"../\">"]
            let soup = (0..<(length / 4)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            _ = parse(Array(soup.utf8))
        }
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension BadInputTests {
    @Test("bad input is reported as warnings on the document")
    func warnings() {
        let clean = parse(Array("<html><body><main><h1>Fine</h1><p>Nothing wrong with this page at all.</p></main></body></html>".utf8))
        #expect(clean.warnings.isEmpty)
        var bytes = Array("<html><body><main><p>before ".utf8) + [0xFF, 0xC3, 0x28, 0x00] + Array(" after</p></main></body></html>".utf8)
        var doc = parse(bytes)
        #expect(doc.warnings.contains(where: { $0.contains("invalid UTF-8") }), "\(doc.warnings)")
        #expect(doc.warnings.contains(where: { $0.contains("NUL bytes") }), "\(doc.warnings)")
        // Latin-1 bytes declared as Latin-1 are not invalid.
        bytes = Array("<html><head><meta charset=\"iso-8859-1\"></head><body><main><p>Caf".utf8) + [0xE9] + Array(" au lait</p></main></body></html>".utf8)
        doc = parse(bytes)
        #expect(doc.warnings.isEmpty, "\(doc.warnings)")
        #expect(DocumentRenderer.plainText(doc.blocks).contains("Café au lait"))
        doc = parse(Array("<html><body><main><h1>Cut</h1><p>The page stops in the middle of a <a href=\"/x".utf8))
        #expect(doc.warnings.contains(where: { $0.contains("truncated") }), "\(doc.warnings)")
        doc = parse(Array(("<html><body><main>" + String(repeating: "<div>", count: 300) + "deep text</main></body></html>").utf8))
        #expect(doc.warnings.contains(where: { $0.contains("flattened") }), "\(doc.warnings)")
    }

    @Test("a page without a charset is read as UTF-8 when its bytes are UTF-8, else as Latin-1")
    func sniffedEncoding() {
        let utf8 = parse(Array("<html><body><main><p>Déjà vu — “quoted” text.</p></main></body></html>".utf8))
        #expect(DocumentRenderer.plainText(utf8.blocks).contains("Déjà vu — “quoted” text."))
        let late = parse(Array(("<!doctype html>\n<html lang=\"en\">\n<head>\n" + String(repeating: " ", count: 600) + "<meta charset=\"UTF-8\" /><title>T</title></head><body><main><p>Em — dash and “quotes”.</p></main></body></html>").utf8))
        #expect(DocumentRenderer.plainText(late.blocks).contains("Em — dash and “quotes”."))
        let latin1 = parse(Array("<html><body><main><p>Caf".utf8) + [0xE9] + Array(" noir</p></main></body></html>".utf8))
        #expect(DocumentRenderer.plainText(latin1.blocks).contains("Café noir"))
    }
}
