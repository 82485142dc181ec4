// libFuzzer target for HTML → content IR → Markdown (issue 4). Built by Fuzz/run.sh, not by SwiftPM.
// Every input must come back as a Document without a crash, a sanitizer report or a hang.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let document = DocumentParser().parse(html: bytes, url: "https://fuzz.example/docs/page.html")
    _ = DocumentRenderer.markdown(document)
    _ = DocumentRenderer.plainText(document)
    let tree = HTMLTree(bytes: bytes)
    _ = LinkExtractor.links(in: tree, pageURL: "https://fuzz.example/")
    _ = NavigationOutlineReader.read(tree, pageURL: "https://fuzz.example/docs/page.html")
    return 0
}
