import Foundation
import Testing
@testable import Parse
import RulesMakerTestSupport

/// The arena built from libxml2's SAX events equals the one copied from libxml2's own tree, node for node.
@Suite("SAX-built arena")
struct SAXArenaTests {
    static func differences(_ html: [UInt8], encoding: String? = nil) -> String? {
        let sax = HTMLTree(bytes: html, url: nil, encoding: encoding, copyingLibxml2Tree: false)
        let copy = HTMLTree(bytes: html, url: nil, encoding: encoding, copyingLibxml2Tree: true)
        if sax.root != copy.root { return "root \(sax.root) vs \(copy.root)" }
        if sax.headTitle != copy.headTitle { return "title \(sax.headTitle ?? "nil") vs \(copy.headTitle ?? "nil")" }
        if sax.maxDepth != copy.maxDepth { return "depth \(sax.maxDepth) vs \(copy.maxDepth)" }
        for i in 0..<min(sax.nodes.count, copy.nodes.count) {
            let a = sax.nodes[i], b = copy.nodes[i]
            if a.tag != b.tag || a.text != b.text || a.parent != b.parent || a.firstChild != b.firstChild || a.lastChild != b.lastChild
                || a.nextSibling != b.nextSibling || a.depth != b.depth || a.attributes.map({ $0.name + "=" + $0.value }) != b.attributes.map({ $0.name + "=" + $0.value }) {
                return "node \(i): <\(a.tag)> \(a.text.map { String($0.prefix(60)).debugDescription } ?? "") parent \(a.parent) vs <\(b.tag)> \(b.text.map { String($0.prefix(60)).debugDescription } ?? "") parent \(b.parent)"
            }
        }
        if sax.nodes.count != copy.nodes.count { return "count \(sax.nodes.count) vs \(copy.nodes.count)" }
        return nil
    }

    static func pages() -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        let fixtures = PackagePaths.fixtures()
        let fm = FileManager.default
        for dir in ["parse", "sites", "extract"] {
            guard let e = fm.enumerator(atPath: fixtures + "/" + dir) else { continue }
            for case let f as String in e where f.hasSuffix(".html") {
                out.append((dir + "/" + f, [UInt8](fm.contents(atPath: fixtures + "/" + dir + "/" + f) ?? Data())))
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    @Test("equal on every fixture page")
    func fixtures() {
        #expect(Self.pages().count >= 15)
        for (name, bytes) in Self.pages() {
            #expect(Self.differences(bytes) == nil, "\(name): \(Self.differences(bytes) ?? "")")
        }
    }

    @Test("equal on blank runs, comments between text, skipped elements, entities, strict doctypes, bad input", arguments: [
        "<html><head> <title> A &amp; B </title> </head> <body> <div> <p>a</p> <p>b</p> </div> <table> <tr> <td> x </td> </tr> </table> </body></html>",
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><html><body> <p>x</p> <section> <p>y</p> </section> </body></html>",
        "<p>one<!-- c -->two<script>var x = '<p>';</script>three &lt; four&#32;<?php echo 1 ?>five</p>",
        "<ul> <li>a</li> <li>b <b>c</b> <i>d</i> </li></ul><pre>\n  code\n</pre>",
        "<div><span>a</span>\n<span>b</span></div><article>\n<p>x</p>\n</article>",
        "text before any tag <b>bold</b> after",
        "<html><body><p>unclosed <b>bold <i>italic</p><p>next",
        "<svg><text>drawn</text></svg><noscript>enable js</noscript><p>kept</p>",
        "<table><tr><td>1<td>2<tr><td>3</table>",
        "\u{FEFF}<p>bom</p>",
    ])
    func snippets(_ html: String) {
        #expect(Self.differences(Array(html.utf8)) == nil, "\(Self.differences(Array(html.utf8)) ?? "")")
    }

    /// The benchmark's real documentation pages (`../shared/bench`), when the checkout sits beside them.
    static let benchPages: [String] = {
        let root = PackagePaths.fixtures() + "/../../shared/bench"
        let fm = FileManager.default
        var out: [String] = []
        for dir in ["wcxb-docs-dev/html", "rules-dev/html"] {
            for f in (try? fm.contentsOfDirectory(atPath: root + "/" + dir)) ?? [] where f.hasSuffix(".html") || f.hasSuffix(".html.gz") {
                out.append(root + "/" + dir + "/" + f)
            }
        }
        return out.sorted()
    }()

    @Test("equal on the benchmark's 99 real documentation pages", .enabled(if: !SAXArenaTests.benchPages.isEmpty))
    func benchmarkPages() throws {
        for path in Self.benchPages {
            var bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            if path.hasSuffix(".gz") {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/bin/gzip")
                p.arguments = ["-dc", path]
                let pipe = Pipe()
                p.standardOutput = pipe
                try p.run()
                bytes = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
                p.waitUntilExit()
            }
            #expect(Self.differences(bytes) == nil, "\(path): \(Self.differences(bytes) ?? "")")
        }
    }

    @Test("equal on deep nesting (libxml2's tree builder stops at depth 256; the SAX parse stops there too)", arguments: [255, 256, 257, 300, 5_000])
    func deep(_ n: Int) {
        for tag in ["div", "span", "b"] {
            let html = "<html><body>" + String(repeating: "<\(tag)>x", count: n) + String(repeating: "</\(tag)>", count: n) + "<p>after</p></body></html>"
            #expect(Self.differences(Array(html.utf8)) == nil, "\(tag) × \(n): \(Self.differences(Array(html.utf8)) ?? "")")
        }
    }

    @Test("equal with a declared charset")
    func charset() {
        let latin1: [UInt8] = Array("<html><head><title>Caf".utf8) + [0xE9] + Array("</title></head><body><p>".utf8) + [0xF6] + Array("ffnen</p></body></html>".utf8)
        #expect(Self.differences(latin1, encoding: "ISO-8859-1") == nil)
    }
}
