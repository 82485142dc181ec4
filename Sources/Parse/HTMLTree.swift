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
        /// What the analysis asks of the element's name, decided once per name (empty for text).
        public var kind: TagKind

        public init(tag: String, text: String?, attributes: [(name: String, value: String)], parent: Int32, depth: Int32, kind: TagKind? = nil) {
            self.tag = tag
            self.text = text
            self.attributes = attributes
            self.parent = parent
            self.depth = depth
            self.kind = kind ?? (text == nil ? TagKind(tag) : [])
        }

        public var isText: Bool { text != nil }

        public func attribute(_ name: String) -> String? {
            attributes.first(where: { $0.name == name })?.value
        }

        /// The `class` attribute split into names (on space, tab and newline Characters).
        public var classes: [Substring] {
            guard let cls = attribute("class") else { return [] }
            // By bytes when the attribute is ASCII without a carriage return (then bytes split where the
            // Characters do: "\r\n" is one Character); by Characters otherwise.
            let u = cls.utf8
            for b in u where b >= 0x80 || b == 0x0D { return cls.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) }
            var out: [Substring] = []
            var start = u.startIndex
            var i = start
            while i != u.endIndex {
                let b = u[i]
                if b == 0x20 || b == 0x09 || b == 0x0A {
                    if start != i { out.append(cls[start..<i]) }
                    start = u.index(after: i)
                }
                i = u.index(after: i)
            }
            if start != u.endIndex { out.append(cls[start..<u.endIndex]) }
            return out
        }
    }

    /// Facts about an element name that the analysis tests for nearly every element: bits instead of
    /// string-set lookups.
    public struct TagKind: OptionSet, Sendable, Hashable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// `h1` … `h6`.
        public static let heading = TagKind(rawValue: 1 << 0)
        public static let h1 = TagKind(rawValue: 1 << 1)
        /// `a`.
        public static let anchor = TagKind(rawValue: 1 << 2)
        /// Paragraph-like blocks whose text counts as prose (`PageAnalysis.proseTags`).
        public static let prose = TagKind(rawValue: 1 << 3)
        /// Inline elements (`Boilerplate.inlineTags`).
        public static let inline = TagKind(rawValue: 1 << 4)
        /// Elements that are always furniture (`Boilerplate.tags`).
        public static let furniture = TagKind(rawValue: 1 << 5)
        /// Blocks too small to be the main content (`MainContentLocator.leafBlocks`).
        public static let leafBlock = TagKind(rawValue: 1 << 6)
        /// `base`, `meta` and `link`: where page metadata lives.
        public static let metadata = TagKind(rawValue: 1 << 7)
        /// `a`, `li` and `span`: never a breadcrumb trail's container.
        public static let breadcrumbPart = TagKind(rawValue: 1 << 8)
        /// Elements the IR treats as running text (`BlockBuilder.inlineTags`).
        public static let phrasing = TagKind(rawValue: 1 << 9)
        /// Elements the IR leaves out (`BlockBuilder.skipTags`: rules, media, column groups).
        public static let skippedBlock = TagKind(rawValue: 1 << 10)
        /// Elements that can be a call-out box (`BlockBuilder.admonitionContainers`).
        public static let boxContainer = TagKind(rawValue: 1 << 11)
        /// `ul`, `ol` and `dl`: what a table of contents nests.
        public static let list = TagKind(rawValue: 1 << 12)

        /// The kind of element name `tag` (lower case).
        public init(_ tag: String) { self = Self.table[tag] ?? [] }

        static let table: [String: TagKind] = {
            var t: [String: TagKind] = [:]
            func add(_ names: some Sequence<String>, _ k: TagKind) { for n in names { t[n, default: []].insert(k) } }
            add(PageAnalysis.headingTags, .heading)
            add(["h1"], .h1)
            add(["a"], .anchor)
            add(PageAnalysis.proseTags, .prose)
            add(Boilerplate.inlineTags, .inline)
            add(Boilerplate.tags, .furniture)
            add(MainContentLocator.leafBlocks, .leafBlock)
            add(["base", "meta", "link"], .metadata)
            add(["a", "li", "span"], .breadcrumbPart)
            add(BlockBuilder.inlineTags, .phrasing)
            add(BlockBuilder.skipTags, .skippedBlock)
            add(BlockBuilder.admonitionContainers, .boxContainer)
            add(["ul", "ol", "dl"], .list)
            return t
        }()
    }

    public private(set) var nodes: [Node] = []
    /// Index of the `<html>` element (or the first element), -1 when the document is empty.
    public private(set) var root: Int = -1
    /// The text of `<head><title>`.
    public private(set) var headTitle: String?
    /// The deepest element nesting copied (the `<html>` element is depth 0).
    public private(set) var maxDepth: Int = 0
    /// Problems with the input worth a warning: invalid UTF-8 (replaced), NUL bytes, a document that
    /// ends inside a tag. The parse itself always recovers.
    public private(set) var warnings: [String] = []

    /// Subtrees never copied into the arena.
    static let skippedElements: Set<String> = ["script", "style", "template", "svg", "noscript", "math", "canvas", "object", "iframe"]

    /// Parses `bytes`. `encoding` is an IANA charset name from the HTTP header; when nil, libxml2 uses
    /// the BOM or `<meta charset>`, else UTF-8 with invalid sequences replaced.
    public init(bytes: [UInt8], url: String? = nil, encoding: String? = nil) {
        self.init(bytes: bytes, url: url, encoding: encoding, copyingLibxml2Tree: false)
    }

    /// `copyingLibxml2Tree`: build libxml2's own tree and copy it (the way before the SAX builder;
    /// kept for the test that holds the two equal).
    init(bytes: [UInt8], url: String?, encoding: String?, copyingLibxml2Tree: Bool) {
        _ = Self.initialized
        guard !bytes.isEmpty else { return }
        let resolved = encoding ?? bytes.withUnsafeBufferPointer { Self.sniffEncoding($0) }
        warnings = bytes.withUnsafeBufferPointer { Self.inputWarnings($0, encoding: resolved) }
        let asciiCompatible = !(resolved?.lowercased().hasPrefix("utf-16") ?? false)
        let input = asciiCompatible ? Self.withHTML5Entities(bytes) ?? bytes : bytes
        if !copyingLibxml2Tree {
            guard let built = Self.saxParse(input, encoding: resolved) else { return }
            nodes = built.nodes
            root = built.root
            headTitle = built.headTitle
            maxDepth = built.maxDepth
            return
        }
        guard let doc = Self.read(input, url: url, encoding: resolved) else { return }
        defer { xmlFreeDoc(doc) }
        guard let top = xmlDocGetRootElement(doc) else { return }
        // Roughly one kept node per 64 bytes of HTML on documentation pages: reserving that up front
        // saves the arena's doubling copies (and the allocator's consolidation of the freed halves).
        nodes.reserveCapacity(max(1024, bytes.count / 64))
        copy(from: top)
    }

    /// What is wrong with the raw bytes, in words: cheap byte scans, no second parse.
    static func inputWarnings(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String?) -> [String] {
        var out: [String] = []
        let utf8 = encoding.map { ["utf-8", "utf8"].contains($0.lowercased()) } ?? true
        if utf8, !isValidUTF8(bytes) { out.append("invalid UTF-8 byte sequences (replaced with U+FFFD)") }
        if let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil { out.append("NUL bytes in the document (dropped)") }
        // Cut off inside a tag: a `<` after the last `>` in the final 4 KB (text after the last tag is fine).
        var i = bytes.count - 1
        let stop = max(0, bytes.count - 4096)
        while i >= stop {
            if bytes[i] == 0x3E { break }
            if bytes[i] == 0x3C, i + 1 < bytes.count, bytes[i + 1] == 0x2F || (bytes[i + 1] | 0x20 >= 0x61 && bytes[i + 1] | 0x20 <= 0x7A) || bytes[i + 1] == 0x21 {
                out.append("the document ends inside a tag (truncated?)")
                break
            }
            i -= 1
        }
        return out
    }

    /// HTML5 named character references that libxml2 2.9 (an HTML4 parser) does not know and leaves in
    /// the text as written (`Compose&colon; Build …`): the common ones, by name.
    static let html5Entities: [String: UInt32] = [
        "colon": 58, "comma": 44, "period": 46, "excl": 33, "quest": 63, "num": 35, "dollar": 36, "percnt": 37, "lpar": 40,
        "rpar": 41, "ast": 42, "midast": 42, "plus": 43, "sol": 47, "semi": 59, "equals": 61, "commat": 64, "lsqb": 91,
        "lbrack": 91, "rsqb": 93, "rbrack": 93, "bsol": 92, "Hat": 94, "lowbar": 95, "UnderBar": 95, "grave": 96,
        "DiacriticalGrave": 96, "lcub": 123, "lbrace": 123, "rcub": 125, "rbrace": 125, "verbar": 124, "vert": 124,
        "VerticalLine": 124, "apos": 39, "QUOT": 34, "AMP": 38, "LT": 60, "GT": 62, "Tab": 9, "NewLine": 10,
        "NonBreakingSpace": 160, "hyphen": 8208, "dash": 8208, "mldr": 8230, "nldr": 8229, "check": 10003, "checkmark": 10003,
        "cross": 10007, "star": 9734, "starf": 9733, "bigstar": 9733, "rightarrow": 8594, "RightArrow": 8594,
        "leftarrow": 8592, "LeftArrow": 8592, "uparrow": 8593, "downarrow": 8595, "leftrightarrow": 8596, "rArr": 8658,
        "Rightarrow": 8658, "ZeroWidthSpace": 8203, "ThinSpace": 8201, "hairsp": 8202, "numsp": 8199, "puncsp": 8200,
        "centerdot": 183, "CenterDot": 183, "bullet": 8226, "OpenCurlyQuote": 8216, "CloseCurlyQuote": 8217,
        "OpenCurlyDoubleQuote": 8220, "CloseCurlyDoubleQuote": 8221, "lsquor": 8218, "ldquor": 8222, "leq": 8804,
        "geq": 8805, "neq": 8800, "approx": 8776, "pm": 177, "half": 189, "nbsp": 160, "copysr": 8471, "incare": 8453,
        "larrb": 8676, "rarrb": 8677, "cir": 9675, "squ": 9633, "square": 9633, "blacksquare": 9642, "phone": 9742,
        "female": 9792, "male": 9794, "sharp": 9839, "flat": 9837, "natural": 9838, "hearts": 9829, "spades": 9824,
        "Backslash": 8726, "setminus": 8726, "minusplus": 8723, "mp": 8723, "times": 215, "div": 247,
    ]
    /// An entity name of up to 24 bytes packed into three words: a dictionary key that costs no allocation.
    struct EntityKey: Hashable {
        var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0
        init?(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
            guard end - start <= 24 else { return nil }
            for k in start..<end {
                let shift = UInt64((k - start) % 8) * 8
                switch (k - start) / 8 {
                case 0: a |= UInt64(bytes[k]) << shift
                case 1: b |= UInt64(bytes[k]) << shift
                default: c |= UInt64(bytes[k]) << shift
                }
            }
        }
    }
    private static let html5EntityKeys: [EntityKey: UInt32] = Dictionary(uniqueKeysWithValues: html5Entities.map { name, code in
        let bytes = Array(name.utf8)
        return (bytes.withUnsafeBufferPointer { EntityKey($0, from: 0, to: bytes.count)! }, code)
    })

    /// `bytes` with the HTML5-only named references of `html5Entities` rewritten as numeric ones
    /// (`&colon;` → `&#58;`), which libxml2 decodes; nil when there are none. Works on the raw bytes
    /// so that an escaped `&amp;colon;` stays as written.
    static func withHTML5Entities(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8]? = nil
        var copied = 0
        let n = bytes.count
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            var i = 0
            while i < n {
                // memchr finds the next `&` at memory speed; most bytes are not one.
                guard let hit = memchr(base + i, 0x26, n - i) else { break }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var j = i + 1
                while j < n, j - i <= 32, (b[j] | 0x20 >= 0x61 && b[j] | 0x20 <= 0x7A) || (b[j] >= 0x30 && b[j] <= 0x39) { j += 1 }
                guard j < n, b[j] == 0x3B, j > i + 1, let key = EntityKey(b, from: i + 1, to: j), let code = html5EntityKeys[key] else { i += 1; continue }
                if out == nil { out = []; out!.reserveCapacity(n + 64) }
                out!.append(contentsOf: b[copied..<i])
                out!.append(contentsOf: Array("&#\(code);".utf8))
                copied = j + 1
                i = j + 1
            }
            if out != nil { out!.append(contentsOf: b[copied..<n]) }
        }
        return out
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

    /// The encoding of a page served without a charset, the way browsers find it: a byte-order mark,
    /// else a `<meta charset>` / `http-equiv` declaration in the first 4 KB, else UTF-8 when the bytes
    /// are valid UTF-8, else nil (libxml2's default). libxml2 2.9 reads a late `<meta charset>` only
    /// after it has decoded the bytes before it as Latin-1, and sometimes not at all, which turns every
    /// non-ASCII character into mojibake: deciding up front avoids that.
    static func sniffEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return "UTF-8" }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return "UTF-16BE" }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return "UTF-16LE" }
        if let declared = declaredCharset(UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, 4096)])) {
            // A UTF-16 declaration in an ASCII-compatible byte stream is wrong by definition (HTML spec).
            return declared.hasPrefix("utf-16") ? "UTF-8" : declared
        }
        return isValidUTF8(bytes) ? "UTF-8" : nil
    }

    /// The value of the first `charset=` inside a `<meta` tag, lower-cased.
    static func declaredCharset(_ head: UnsafeBufferPointer<UInt8>) -> String? {
        let n = head.count
        var i = 0
        func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
        while i + 5 < n {
            // `<meta` (any case), then the tag up to `>`.
            if head[i] == 0x3C, lower(head[i + 1]) == 0x6D, lower(head[i + 2]) == 0x65, lower(head[i + 3]) == 0x74, lower(head[i + 4]) == 0x61 {
                var j = i + 5
                while j + 8 < n, head[j] != 0x3E {
                    if lower(head[j]) == 0x63, lower(head[j + 1]) == 0x68, lower(head[j + 2]) == 0x61, lower(head[j + 3]) == 0x72,
                       lower(head[j + 4]) == 0x73, lower(head[j + 5]) == 0x65, lower(head[j + 6]) == 0x74 {
                        var k = j + 7
                        while k < n, head[k] == 0x20 || head[k] == 0x09 || head[k] == 0x0A || head[k] == 0x0D { k += 1 }
                        if k < n, head[k] == 0x3D {
                            k += 1
                            while k < n, head[k] == 0x20 || head[k] == 0x09 || head[k] == 0x0A || head[k] == 0x0D || head[k] == 0x22 || head[k] == 0x27 { k += 1 }
                            var name: [UInt8] = []
                            while k < n, name.count < 40 {
                                let b = head[k]
                                guard b == 0x2D || b == 0x5F || b == 0x3A || b == 0x2E || (b >= 0x30 && b <= 0x39) || (lower(b) >= 0x61 && lower(b) <= 0x7A) else { break }
                                name.append(lower(b))
                                k += 1
                            }
                            if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
                        }
                    }
                    j += 1
                }
                i = j
            }
            i += 1
        }
        return nil
    }

    /// Whether `bytes` are well-formed UTF-8 (overlongs and surrogates included in "not well-formed").
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            // ASCII fast path, eight bytes at a time.
            while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let len: Int
            if b >= 0xC2 && b <= 0xDF { len = 2 } else if b >= 0xE0 && b <= 0xEF { len = 3 } else if b >= 0xF0 && b <= 0xF4 { len = 4 } else { return false }
            guard i + len <= n else { return false }
            for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { return false }
            if b == 0xE0 && bytes[i + 1] < 0xA0 || b == 0xED && bytes[i + 1] > 0x9F || b == 0xF0 && bytes[i + 1] < 0x90 || b == 0xF4 && bytes[i + 1] > 0x8F { return false }
            i += len
        }
        return true
    }

    static func libxmlEncodingName(_ name: String?) -> String? {
        guard let name = name?.lowercased(), !name.isEmpty else { return nil }
        // libxml2 knows these through iconv; normalise a few common aliases.
        switch name {
        case "utf8": return "UTF-8"
        case "latin1", "latin-1": return "ISO-8859-1"
        case "sjis", "shift-jis", "x-sjis": return "SHIFT_JIS"
        default: return name.uppercased()
        }
    }

    /// Attributes copied into the arena: the ones the parser reads. Others (event handlers, `data-*`
    /// state, inline SVG geometry) are dropped to keep the copy cheap.
    public static let keptAttributes: Set<String> = [
        "class", "id", "href", "role", "name", "rel", "aria-label", "aria-hidden", "title", "style", "rowspan", "colspan",
        "property", "open", "lang", "itemprop", "hidden", "content", "alt", "charset", "http-equiv", "src", "type", "start",
        "data-pagefind-body", "data-nosnippet", "data-main-column", "data-lang", "data-language", "aria-labelledby",
    ]

    /// libxml2 interns element and attribute names in the document's dictionary, so one name is one
    /// pointer: a small direct-mapped cache from pointer to Swift name saves decoding and hashing it for
    /// every node.
    struct NameCache {
        var keys = [UnsafeRawPointer?](repeating: nil, count: 256)
        var names = [String](repeating: "", count: 256)
        var flags = [UInt8](repeating: 0, count: 256)  // 1: skipped element / kept attribute
        var kinds = [TagKind](repeating: [], count: 256)

        mutating func lookup(_ p: UnsafePointer<xmlChar>?, compute: (String) -> Bool) -> (String, Bool) {
            let (name, flag, _) = lookupWithKind(p, compute: compute)
            return (name, flag)
        }

        /// The name, `compute`'s answer for it, and its `TagKind`.
        mutating func lookupWithKind(_ p: UnsafePointer<xmlChar>?, compute: (String) -> Bool) -> (String, Bool, TagKind) {
            guard let p else { return ("", false, []) }
            let raw = UnsafeRawPointer(p)
            let bits = UInt(bitPattern: Int(bitPattern: raw))
            let slot = Int(truncatingIfNeeded: (bits &>> 3) ^ (bits &>> 11)) & 255
            if keys[slot] == raw { return (names[slot], flags[slot] != 0, kinds[slot]) }
            var name = String(cString: p)
            if name.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) { name = name.lowercased() }
            let flag = compute(name)
            let kind = TagKind(name)
            keys[slot] = raw; names[slot] = name; flags[slot] = flag ? 1 : 0; kinds[slot] = kind
            return (name, flag, kind)
        }
    }

    private mutating func copy(from top: xmlNodePtr) {
        // Explicit stack of (C node, parent index).
        var stack: [(xmlNodePtr, Int32, Int32)] = [(top, -1, 0)]
        stack.reserveCapacity(256)
        var tags = NameCache()
        var attributeNames = NameCache()
        while let (cnode, parent, depth) = stack.popLast() {
            let type = cnode.pointee.type
            var index: Int32 = -1
            if type == XML_ELEMENT_NODE {
                let (tag, skipped, kind) = tags.lookupWithKind(cnode.pointee.name) { Self.skippedElements.contains($0) }
                if skipped { continue }
                var attributes: [(name: String, value: String)] = []
                var attr = cnode.pointee.properties
                while let a = attr {
                    attr = a.pointee.next
                    let (name, kept) = attributeNames.lookup(a.pointee.name) { Self.keptAttributes.contains($0) }
                    guard kept else { continue }
                    var value = ""
                    var child = a.pointee.children
                    while let c = child {
                        if let content = c.pointee.content {
                            if value.isEmpty { value = String(cString: content) } else { value += String(cString: content) }
                        }
                        child = c.pointee.next
                    }
                    attributes.append((name, value))
                }
                index = append(Node(tag: tag, text: nil, attributes: attributes, parent: parent, depth: depth, kind: kind))
                if Int(depth) > maxDepth { maxDepth = Int(depth) }
                if tag == "title", headTitle == nil, isInsideHead(parent) {
                    headTitle = Self.textContent(cnode)
                }
                // Push children last first so they are visited in document order.
                var child = cnode.pointee.last
                while let c = child { stack.append((c, index, depth + 1)); child = c.pointee.prev }
            } else if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE {
                guard parent >= 0, let content = cnode.pointee.content else { continue }
                index = append(Node(tag: "", text: String(cString: content), attributes: [], parent: parent, depth: depth))
            }
            if index == 0 { root = 0 }
        }
    }

    private func isInsideHead(_ parent: Int32) -> Bool { Self.isInsideHead(parent, in: nodes) }

    private mutating func append(_ node: consuming Node) -> Int32 { Self.append(node, to: &nodes) }

    /// Whether the element `parent` lies inside `<head>` (before any `<body>`).
    static func isInsideHead(_ parent: Int32, in nodes: [Node]) -> Bool {
        var p = parent
        while p >= 0 {
            if nodes[Int(p)].tag == "head" { return true }
            if nodes[Int(p)].tag == "body" { return false }
            p = nodes[Int(p)].parent
        }
        return false
    }

    /// Appends `node` to the arena as the last child of its parent; returns its index.
    static func append(_ node: consuming Node, to nodes: inout [Node]) -> Int32 {
        let index = Int32(nodes.count)
        let parent = node.parent
        nodes.append(node)
        if parent >= 0 {
            let p = Int(parent)
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
        // Through the buffer, nodes reach the predicate borrowed, not copied.
        nodes.withUnsafeBufferPointer { b in b.indices.first(where: { b[$0].text == nil && predicate(b[$0]) }) }
    }

    /// Elements matching `predicate`, in document order.
    public func all(where predicate: (Node) -> Bool) -> [Int] {
        nodes.withUnsafeBufferPointer { b in b.indices.filter { b[$0].text == nil && predicate(b[$0]) } }
    }
}

// MARK: - Building the arena from SAX events

extension HTMLTree {
    /// Parses `bytes` with libxml2's HTML parser driving `SAXArenaBuilder` directly: the same arena as
    /// copying libxml2's tree (`init(bytes:url:encoding:)` before), without building and freeing that
    /// tree. Nil when libxml2 cannot start a parse.
    static func saxParse(_ bytes: [UInt8], encoding: String?) -> SAXArenaBuilder? {
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOBLANKS.rawValue)
        // The builder lives behind a pointer for the callbacks: a struct mutated through a pointer
        // needs none of the runtime exclusivity checks a class's stored properties would cost on
        // every SAX event.
        let builder = UnsafeMutablePointer<SAXArenaBuilder>.allocate(capacity: 1)
        builder.initialize(to: SAXArenaBuilder(expectedNodes: max(1024, bytes.count / 64)))
        defer { builder.deallocate() }
        let ok = bytes.withUnsafeBufferPointer { buf -> Bool in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { ptr -> Bool in
                guard let ctxt = htmlCreateMemoryParserCtxt(ptr, Int32(clamping: buf.count)) else { return false }
                defer { htmlFreeParserCtxt(ctxt) }
                _ = htmlCtxtUseOptions(ctxt, options)
                if let name = Self.libxmlEncodingName(encoding), let handler = xmlFindCharEncodingHandler(name) {
                    _ = xmlSwitchToEncoding(ctxt, handler)
                }
                let handler = UnsafeMutablePointer<htmlSAXHandler>.allocate(capacity: 1)
                handler.initialize(to: htmlSAXHandler())
                handler.pointee.startElement = saxStartElement
                handler.pointee.endElement = saxEndElement
                handler.pointee.characters = saxCharacters
                handler.pointee.cdataBlock = saxCharacters
                handler.pointee.comment = saxComment
                handler.pointee.processingInstruction = saxProcessingInstruction
                handler.pointee.internalSubset = saxInternalSubset
                let original = ctxt.pointee.sax
                ctxt.pointee.sax = handler
                ctxt.pointee._private = UnsafeMutableRawPointer(builder)
                _ = htmlParseDocument(ctxt)
                ctxt.pointee._private = nil
                ctxt.pointee.sax = original
                handler.deinitialize(count: 1)
                handler.deallocate()
                if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc); ctxt.pointee.myDoc = nil }
                return true
            }
        }
        let built = builder.move()
        return ok ? built : nil
    }
}

/// The arena under construction, fed by libxml2's SAX callbacks. Mirrors what copying libxml2's tree
/// gave: skipped subtrees (`HTMLTree.skippedElements`) left out, adjacent text joined, and the
/// whitespace libxml2's tree builder drops as blank (`areBlanks` with `HTML_PARSE_NOBLANKS`) dropped
/// by the same rules, since a SAX parse without a tree cannot tell.
struct SAXArenaBuilder {
    var nodes: [HTMLTree.Node] = []
    var root = -1
    var headTitle: String?
    var maxDepth = 0

    /// Open elements kept in the arena (indices), innermost last.
    private var open: [Int32] = []
    /// What the tree would have as the last child of each open element of the parser (kept or
    /// skipped): nil none, "" text, else the element's name. Parallel to the parser's element stack.
    private var lastChild: [String?] = []
    /// Nesting of skipped elements being read (0: not inside one).
    private var skipDepth = 0
    /// The text node that further characters extend (-1 when something came between).
    private var openText: Int32 = -1
    /// The `<title>` inside `<head>` being read.
    private var readingTitle = false
    private var titleText = ""
    /// The document type's public identifier (strict HTML 4 drops blanks directly in `<body>`).
    var strictDoctype = false
    private var tags = HTMLTree.NameCache()
    private var attributeNames = HTMLTree.NameCache()

    init(expectedNodes: Int) { nodes.reserveCapacity(expectedNodes) }

    /// Tags whose whitespace-only content libxml2 keeps (HTML 4.01 loose elements allowing text).
    static let allowPCData: Set<String> = ["a", "abbr", "acronym", "address", "applet", "b", "bdo", "big", "blockquote", "body",
                                           "button", "caption", "center", "cite", "code", "dd", "del", "dfn", "div", "dt", "em",
                                           "font", "form", "h1", "h2", "h3", "h4", "h5", "h6", "i", "iframe", "ins", "kbd", "label",
                                           "legend", "li", "noframes", "noscript", "object", "p", "pre", "q", "s", "samp", "small",
                                           "span", "strike", "strong", "td", "th", "tt", "u", "var"]

    /// libxml2's tree builder stops the parse at an element nested deeper than this (`xmlParserMaxDepth`
    /// without `XML_PARSE_HUGE`); the SAX parse stops there too, so that both give the same arena.
    static let maxParserDepth = 256

    mutating func start(_ ctxt: htmlParserCtxtPtr, _ namePointer: UnsafePointer<xmlChar>?, _ atts: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        openText = -1
        if lastChild.count > Self.maxParserDepth {
            xmlStopParser(ctxt)
            return
        }
        let (tag, skipped, kind) = tags.lookupWithKind(namePointer) { HTMLTree.skippedElements.contains($0) }
        if !lastChild.isEmpty { lastChild[lastChild.count - 1] = tag }
        lastChild.append(nil)
        if skipDepth > 0 || skipped { skipDepth += 1; return }
        var attributes: [(name: String, value: String)] = []
        if var p = atts {
            while let name = p.pointee {
                let value = (p + 1).pointee
                let (attribute, kept) = attributeNames.lookup(name) { HTMLTree.keptAttributes.contains($0) }
                if kept { attributes.append((attribute, value.map { String(cString: $0) } ?? "")) }
                p += 2
            }
        }
        let parent = open.last ?? -1
        let depth = Int32(open.count)
        let index = append(HTMLTree.Node(tag: tag, text: nil, attributes: attributes, parent: parent, depth: depth, kind: kind))
        if Int(depth) > maxDepth { maxDepth = Int(depth) }
        if index == 0 { root = 0 }
        open.append(index)
        if tag == "title", headTitle == nil, isInsideHead(parent) { readingTitle = true; titleText = "" }
    }

    mutating func end() {
        openText = -1
        if !lastChild.isEmpty { lastChild.removeLast() }
        if skipDepth > 0 { skipDepth -= 1; return }
        guard let index = open.popLast() else { return }
        if readingTitle, nodes[Int(index)].tag == "title" { readingTitle = false; headTitle = titleText }
    }

    mutating func characters(_ ctxt: htmlParserCtxtPtr, _ p: UnsafePointer<xmlChar>, _ count: Int) {
        guard count > 0 else { return }
        if skipDepth > 0 { return }
        let bytes = UnsafeBufferPointer(start: p, count: count)
        if isBlank(bytes), dropsBlank(ctxt) { return }
        if !lastChild.isEmpty { lastChild[lastChild.count - 1] = "" }
        let text = String(decoding: bytes, as: UTF8.self)
        if readingTitle { titleText += text }
        guard let parent = open.last else { return }
        if openText >= 0 {
            nodes[Int(openText)].text! += text
        } else {
            openText = append(HTMLTree.Node(tag: "", text: text, attributes: [], parent: parent, depth: Int32(open.count)))
        }
    }

    /// A comment or processing instruction: not kept, but it separates the text around it.
    mutating func separator() { openText = -1 }

    private func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// libxml2's `areBlanks` for a whitespace-only run, answered from the parser's state and the
    /// arena's record of the current element's last child.
    private mutating func dropsBlank(_ ctxt: htmlParserCtxtPtr) -> Bool {
        let cur = ctxt.pointee.input?.pointee.cur?.pointee ?? 0
        if cur == 0 { return true }
        if cur != UInt8(ascii: "<") { return false }
        guard let namePointer = ctxt.pointee.name else { return true }
        // The parser's element names are interned: the cache decodes each once per page.
        let name = tags.lookup(namePointer) { HTMLTree.skippedElements.contains($0) }.0
        if name == "html" || name == "head" { return true }
        if name == "body" && strictDoctype { return true }
        switch lastChild.last ?? nil {
        case nil: return !Self.allowPCData.contains(name)
        case ""?: return false
        case let element?: return !Self.allowPCData.contains(element)
        }
    }

    private func isInsideHead(_ parent: Int32) -> Bool { HTMLTree.isInsideHead(parent, in: nodes) }

    private mutating func append(_ node: consuming HTMLTree.Node) -> Int32 { HTMLTree.append(node, to: &nodes) }
}

private func saxBuilder(_ ctx: UnsafeMutableRawPointer?) -> (UnsafeMutablePointer<SAXArenaBuilder>, htmlParserCtxtPtr)? {
    guard let ctx else { return nil }
    let ctxt = ctx.assumingMemoryBound(to: htmlParserCtxt.self)
    guard let raw = ctxt.pointee._private else { return nil }
    return (raw.assumingMemoryBound(to: SAXArenaBuilder.self), ctxt)
}

private let saxStartElement: startElementSAXFunc = { ctx, name, atts in
    guard let (builder, ctxt) = saxBuilder(ctx) else { return }
    builder.pointee.start(ctxt, name, atts)
}
private let saxEndElement: endElementSAXFunc = { ctx, _ in saxBuilder(ctx)?.0.pointee.end() }
private let saxCharacters: charactersSAXFunc = { ctx, ch, len in
    guard let (builder, ctxt) = saxBuilder(ctx), let ch else { return }
    builder.pointee.characters(ctxt, ch, Int(len))
}
private let saxComment: commentSAXFunc = { ctx, _ in saxBuilder(ctx)?.0.pointee.separator() }
private let saxProcessingInstruction: processingInstructionSAXFunc = { ctx, _, _ in saxBuilder(ctx)?.0.pointee.separator() }
private let saxInternalSubset: internalSubsetSAXFunc = { ctx, _, externalID, _ in
    guard let externalID, let (builder, _) = saxBuilder(ctx) else { return }
    let id = String(cString: externalID).lowercased()
    builder.pointee.strictDoctype = id == "-//w3c//dtd html 4.01//en" || id == "-//w3c//dtd html 4//en"
}
