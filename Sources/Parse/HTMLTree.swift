import CLibXML2
import Foundation

/// An HTML document parsed by libxml2 and copied into a compact Swift arena.
///
/// This is the only file that touches libxml2: the C tree lives inside `init` and is freed before it
/// returns, so the value is `Sendable` and safe to use from any task. `script`, `style`, `template`,
/// `svg`, `noscript` and comment nodes are dropped while copying. The walk is iterative, so deep
/// nesting cannot overflow the stack.
public struct HTMLTree: Sendable {
    /// One element or text node.
    public struct Node: Sendable {
        /// Lower-cased element name; empty for text nodes.
        public var tag: String
        /// Text content of a text node; nil for elements.
        public var text: String?
        public var attributes: [(name: String, value: String)]
        public var parent: Int32
        public var firstChild: Int32 = -1
        public var lastChild: Int32 = -1
        public var nextSibling: Int32 = -1
        public var depth: Int32

        public var isText: Bool { text != nil }

        public func attribute(_ name: String) -> String? {
            attributes.first(where: { $0.name == name })?.value
        }

        /// The `class` attribute split into names.
        public var classes: [Substring] { (attribute("class") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) }
    }

    public private(set) var nodes: [Node] = []
    /// Index of the `<html>` element (or the first element), -1 when the document is empty.
    public private(set) var root: Int = -1
    /// The text of `<head><title>`.
    public private(set) var headTitle: String?

    /// Subtrees never copied into the arena.
    static let skippedElements: Set<String> = ["script", "style", "template", "svg", "noscript", "math", "canvas", "object", "iframe"]

    /// Parses `bytes`. `encoding` is an IANA charset name from the HTTP header; when nil, libxml2 uses
    /// the BOM or `<meta charset>`, else UTF-8 with invalid sequences replaced.
    public init(bytes: [UInt8], url: String? = nil, encoding: String? = nil) {
        _ = Self.initialized
        guard !bytes.isEmpty else { return }
        guard let doc = Self.read(bytes, url: url, encoding: encoding) else { return }
        defer { xmlFreeDoc(doc) }
        guard let top = xmlDocGetRootElement(doc) else { return }
        copy(from: top)
    }

    /// Parses `bytes` with libxml2 and frees the tree at once: the cost floor of any HTML parse,
    /// for benchmarks. Returns whether libxml2 produced a document.
    public static func parseOnly(bytes: [UInt8]) -> Bool {
        _ = initialized
        guard !bytes.isEmpty else { return false }
        guard let doc = read(bytes, url: nil, encoding: nil) else { return false }
        xmlFreeDoc(doc)
        return true
    }

    private static let initialized: Bool = { xmlInitParser(); return true }()

    private static func read(_ bytes: [UInt8], url: String?, encoding: String?) -> htmlDocPtr? {
        // Errors are recovered from, never printed: route them to a handler that drops them (the
        // handler is per thread in libxml2, so set it on every parse).
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOBLANKS.rawValue)
        return bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { ptr in
                htmlReadMemory(ptr, Int32(clamping: buf.count), url, Self.libxmlEncodingName(encoding), options)
            }
        }
    }

    private static func libxmlEncodingName(_ name: String?) -> String? {
        guard let name = name?.lowercased(), !name.isEmpty else { return nil }
        // libxml2 knows these through iconv; normalise a few common aliases.
        switch name {
        case "utf8": return "UTF-8"
        case "latin1", "latin-1": return "ISO-8859-1"
        case "sjis", "shift-jis", "x-sjis": return "SHIFT_JIS"
        default: return name.uppercased()
        }
    }

    private mutating func copy(from top: xmlNodePtr) {
        // Explicit stack of (C node, parent index).
        var stack: [(xmlNodePtr, Int32, Int32)] = [(top, -1, 0)]
        nodes.reserveCapacity(1024)
        while let (cnode, parent, depth) = stack.popLast() {
            let type = cnode.pointee.type
            var index: Int32 = -1
            if type == XML_ELEMENT_NODE {
                let tag = Self.string(cnode.pointee.name).lowercased()
                if Self.skippedElements.contains(tag) {
                    if tag == "title", headTitle == nil { }
                    continue
                }
                var attributes: [(name: String, value: String)] = []
                var attr = cnode.pointee.properties
                while let a = attr {
                    var value = ""
                    var child = a.pointee.children
                    while let c = child {
                        if let content = c.pointee.content { value += String(cString: content) }
                        child = c.pointee.next
                    }
                    attributes.append((Self.string(a.pointee.name).lowercased(), value))
                    attr = a.pointee.next
                }
                index = append(Node(tag: tag, text: nil, attributes: attributes, parent: parent, depth: depth))
                if tag == "title", headTitle == nil, isInsideHead(parent) {
                    headTitle = Self.textContent(cnode)
                }
                // Push children in reverse so they are visited in document order.
                var children: [xmlNodePtr] = []
                var child = cnode.pointee.children
                while let c = child { children.append(c); child = c.pointee.next }
                for c in children.reversed() { stack.append((c, index, depth + 1)) }
            } else if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE {
                guard parent >= 0, let content = cnode.pointee.content else { continue }
                index = append(Node(tag: "", text: String(cString: content), attributes: [], parent: parent, depth: depth))
            }
            if index == 0 { root = 0 }
        }
    }

    private func isInsideHead(_ parent: Int32) -> Bool {
        var p = parent
        while p >= 0 {
            if nodes[Int(p)].tag == "head" { return true }
            if nodes[Int(p)].tag == "body" { return false }
            p = nodes[Int(p)].parent
        }
        return false
    }

    private mutating func append(_ node: Node) -> Int32 {
        let index = Int32(nodes.count)
        nodes.append(node)
        if node.parent >= 0 {
            let p = Int(node.parent)
            if nodes[p].lastChild >= 0 { nodes[Int(nodes[p].lastChild)].nextSibling = index } else { nodes[p].firstChild = index }
            nodes[p].lastChild = index
        }
        return index
    }

    private static func string(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }

    private static func textContent(_ node: xmlNodePtr) -> String? {
        guard let raw = xmlNodeGetContent(node) else { return nil }
        defer { rm_xml_free(raw) }
        return String(cString: raw)
    }

    // MARK: - Navigation

    /// The children of node `i`, in order.
    public func children(_ i: Int) -> ChildSequence { ChildSequence(tree: self, first: nodes[i].firstChild) }

    public struct ChildSequence: Sequence, IteratorProtocol {
        let tree: HTMLTree
        var current: Int32
        init(tree: HTMLTree, first: Int32) { self.tree = tree; current = first }
        public mutating func next() -> Int? {
            guard current >= 0 else { return nil }
            defer { current = tree.nodes[Int(current)].nextSibling }
            return Int(current)
        }
    }

    /// All descendants of `i` in document order (not including `i`), iteratively.
    public func descendants(_ i: Int) -> [Int] {
        var out: [Int] = []
        var stack: [Int] = children(i).reversed()
        while let n = stack.popLast() {
            out.append(n)
            var kids: [Int] = []
            for c in children(n) { kids.append(c) }
            stack.append(contentsOf: kids.reversed())
        }
        return out
    }

    /// The concatenated text below `i`.
    public func text(_ i: Int) -> String {
        if let t = nodes[i].text { return t }
        var out = ""
        for d in descendants(i) where nodes[d].isText { out += nodes[d].text! }
        return out
    }

    /// The first element (in document order) matching `predicate`.
    public func first(where predicate: (Node) -> Bool) -> Int? {
        nodes.indices.first(where: { !nodes[$0].isText && predicate(nodes[$0]) })
    }

    /// Elements matching `predicate`, in document order.
    public func all(where predicate: (Node) -> Bool) -> [Int] {
        nodes.indices.filter { !nodes[$0].isText && predicate(nodes[$0]) }
    }
}
