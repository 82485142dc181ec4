@testable import Link
import RulesMakerCore
import Testing

@Suite struct TopicGroupingTests {
    func rule(_ url: String) -> RuleCandidate {
        RuleCandidate(text: "You must call `init()` before \(url).", kind: .must, source: SourceRef(url: url, anchor: nil, breadcrumb: []), score: 10)
    }

    @Test func foldersBecomeTopicsAndSinglePageFoldersTakeThePageTitle() {
        let pages = [PageInfo(url: "https://d.example/en/2.3/", title: "Home"),
                     PageInfo(url: "https://d.example/en/2.3/guide/a.html", title: "Guide A"),
                     PageInfo(url: "https://d.example/en/2.3/guide/b.html", title: "Guide B"),
                     PageInfo(url: "https://d.example/en/2.3/api/client.html", title: "Client API")]
        let set = Linker().link(pages.map { rule($0.url) }, name: "Docs", pages: pages, globs: [])
        let titles = Dictionary(uniqueKeysWithValues: set.topics.map { ($0.slug, $0.title) })
        #expect(titles["guide"] == "Guide", "a folder of several pages is named after the folder")
        #expect(titles["api"] == "Client API", "a folder of one page is named after the page")
        #expect(titles["overview"] == "Home", "the site root (a trailing-slash URL) is the overview")
        #expect(set.topics.count == 3)
    }

    @Test func aSinglePageWithoutTitleIsNamedByItsFile() {
        let page = PageInfo(url: "file:///docs/go-memory-model.html", title: "")
        let set = Linker().link([rule(page.url)], name: "go-memory-model.html", pages: [page], globs: [])
        #expect(set.topics.first?.title == "Go memory model")
        #expect(set.topics.first?.description.hasPrefix("Go memory model") == false, "the site name stays what the compile calls it")
        #expect(Linker.fileTitle("https://d.example/en/") == nil)
        #expect(Linker.fileTitle("https://d.example/api/index.html") == nil)
        #expect(Linker.fileTitle("https://d.example/api/struct_pool.html.gz") == "Struct pool")
        #expect(Linker.fileTitle("file:///docs/go%20memory%20model.html") == "Go memory model")
        #expect(Linker.fileTitle("file:///docs/_foo_.html") == "Foo")
    }

    @Test func aFlatBookOfManyPagesIsGroupedByChapterAndTitledByItsFirstPage() {
        // mdBook: `ch16-00-concurrency.html`, `ch16-01-threads.html`, … in one folder, more pages than topics.
        var pages: [PageInfo] = []
        for chapter in 1...9 {
            let c = "ch0\(chapter)"
            pages.append(PageInfo(url: "https://book.example/\(c)-00-intro.html", title: "Chapter \(chapter) Title"))
            for section in 1...3 { pages.append(PageInfo(url: "https://book.example/\(c)-0\(section)-part.html", title: "Section \(chapter).\(section)")) }
        }
        pages.append(PageInfo(url: "https://book.example/foreword.html", title: "Foreword"))
        // Named parts are chapters of their own (Valgrind's `manual-core.html`, `manual-intro.html`).
        pages.append(PageInfo(url: "https://book.example/manual-core.html", title: "Using the Core"))
        pages.append(PageInfo(url: "https://book.example/manual-intro.html", title: "Introduction"))
        let set = Linker().link(pages.map { rule($0.url) }, name: "Book", pages: pages, globs: [])
        let titles = Set(set.topics.map(\.title))
        #expect((1...9).allSatisfy { titles.contains("Chapter \($0) Title") }, "\(titles.sorted())")
        #expect(titles.contains("Foreword"))
        #expect(!titles.contains("General"))
        #expect(set.topics.first { $0.title == "Using the Core" }?.sources == ["https://book.example/manual-core.html"])
        #expect(set.topics.first { $0.title == "Introduction" }?.sources == ["https://book.example/manual-intro.html"])
        let ch1 = set.topics.first { $0.title == "Chapter 1 Title" }
        #expect(ch1?.slug == "chapter-1-title" && ch1?.sources.count == 4)
    }

    @Test func chapterGroupsGetFileNamesOfTheirOwn() {
        // Titles without Latin letters name no file: the chapter's prefix does. A title already taken (or a
        // prefix that is a page's own name) never merges two topics.
        var pages: [PageInfo] = []
        let titles = ["所有権", "構造体", "列挙型", "Intro", "Intro", "模块", "错误", "泛型", "测试"]
        for (n, title) in titles.enumerated() {
            pages.append(PageInfo(url: "https://book.example/ch0\(n + 1)-00-a.html", title: title))
            pages.append(PageInfo(url: "https://book.example/ch0\(n + 1)-01-b.html", title: "Part \(n + 1)"))
        }
        pages.append(PageInfo(url: "https://book.example/ch05.html", title: "Other Thing"))
        for k in 0..<8 { pages.append(PageInfo(url: "https://book.example/page\(k).html", title: "Page \(k)")) }
        let set = Linker().link(pages.map { rule($0.url) }, name: "Book", pages: pages, globs: [])
        let slugs = set.topics.map(\.slug)
        #expect(Set(slugs).count == slugs.count)
        #expect(slugs.contains("ch01") && slugs.contains("ch02"), "\(slugs)")
        #expect(!slugs.contains { $0.hasPrefix("rules") }, "\(slugs)")
        #expect(set.topics.filter { $0.title == "Intro" }.count == 2)
        #expect(set.topics.first { $0.sources.contains("https://book.example/ch05.html") }?.sources == ["https://book.example/ch05.html"])
        // Doxygen's names are no numbered parts.
        #expect(TopicGrouping.numberedPartPrefix("classns_1_1Alpha") == nil)
        #expect(TopicGrouping.numberedPartPrefix("dir_1a2b") == nil)
        #expect(TopicGrouping.numberedPartPrefix("ch16-01-threads") == "ch16")
        #expect(TopicGrouping.numberedPartPrefix("appendix-01-keywords") == "appendix")
        #expect(TopicGrouping.numberedPartPrefix("manual-core") == nil)
    }

    @Test func pagesOfOneStemWithDifferentTitlesAreTitledByTheStem() {
        // rustdoc: `struct.BinaryHeap.html`, `struct.HashSet.html`, … share the stem "struct".
        let pages = ["BinaryHeap", "BTreeSet", "HashSet", "LinkedList"].map {
            PageInfo(url: "https://doc.example/std/collections/struct.\($0).html", title: "\($0) in std::collections")
        } + [PageInfo(url: "https://doc.example/std/collections/index.html", title: "std::collections")]
        for _ in 0..<5 {
            let set = Linker().link(pages.map { rule($0.url) }, name: "Rust", pages: pages, globs: [])
            let titles = Dictionary(uniqueKeysWithValues: set.topics.map { ($0.slug, $0.title) })
            #expect(titles["struct"] == "Struct")
            #expect(titles["overview"] == "std::collections")
        }
    }
}

@Suite struct TableOfContentsGroupingTests {
    func rule(_ url: String) -> RuleCandidate {
        RuleCandidate(text: "You must call `init()` before \(url).", kind: .must, source: SourceRef(url: url, anchor: nil, breadcrumb: []), score: 10)
    }

    @Test("a flat folder of more pages than topics is grouped by the chapters of the site's table of contents")
    func chaptersOfAFlatBook() {
        // The nomicon: `races.html`, `send-and-sync.html`, `atomics.html` … under "Concurrency", with no numbers in their names.
        var pages: [PageInfo] = []
        for chapter in 1...10 {
            pages.append(PageInfo(url: "https://nomicon.example/chapter\(chapter)-intro.html", title: "Chapter \(chapter)", chapter: "Chapter \(chapter)"))
            for k in 1...2 {
                pages.append(PageInfo(url: "https://nomicon.example/topic-\(chapter)-\(k).html", title: "Topic \(chapter).\(k)", chapter: "Chapter \(chapter)"))
            }
        }
        for k in 1...8 { pages.append(PageInfo(url: "https://nomicon.example/loose\(k).html", title: "Loose \(k)")) }
        let set = Linker().link(pages.map { rule($0.url) }, name: "Nomicon", pages: pages, globs: [])
        let ch3 = set.topics.first { $0.title == "Chapter 3" }
        #expect(ch3?.sources.count == 3 && ch3?.slug == "chapter-3", "\(set.topics.map(\.title))")
        #expect(!set.topics.contains { $0.title == "Topic 3.1" })
    }

    @Test("a chapter named like a folder of the site is that folder's topic; few pages keep the folder grouping alone")
    func chapterMeetsFolder() {
        var pages: [PageInfo] = [PageInfo(url: "https://ref.example/names.html", title: "Names", chapter: "Names"),
                                 PageInfo(url: "https://ref.example/paths.html", title: "Paths", chapter: "Names"),
                                 PageInfo(url: "https://ref.example/names/scopes.html", title: "Scopes"),
                                 PageInfo(url: "https://ref.example/names/preludes.html", title: "Preludes")]
        for k in 1...20 { pages.append(PageInfo(url: "https://ref.example/page\(k).html", title: "Page \(k)")) }
        let set = Linker().link(pages.map { rule($0.url) }, name: "Reference", pages: pages, globs: [])
        let names = set.topics.filter { $0.slug.hasPrefix("names") }
        #expect(names.count == 1 && names.first?.sources.count == 4, "\(set.topics.map { ($0.slug, $0.sources.count) })")
        // Under the topic limit nothing changes: folders and single pages, as before.
        let few = Array(pages.prefix(6))
        let small = Linker().link(few.map { rule($0.url) }, name: "Reference", pages: few, globs: [])
        #expect(small.topics.contains { $0.slug == "paths" }, "\(small.topics.map(\.slug))")
    }
}

@Suite struct NonLatinChapterTests {
    @Test("a chapter titled without Latin letters is named by its first page's file name")
    func fileNames() {
        var pages: [PageInfo] = []
        for (n, title) in ["所有権", "構造体", "列挙型"].enumerated() {
            for k in 1...2 { pages.append(PageInfo(url: "https://book.example/p\(n)\(k).html", title: "\(title) \(k)", chapter: title)) }
        }
        for k in 1...16 { pages.append(PageInfo(url: "https://book.example/loose\(k).html", title: "Loose \(k)")) }
        let set = Linker().link(pages.map { RuleCandidate(text: "You must call `init()` before \($0.url).", kind: .must,
                                                           source: SourceRef(url: $0.url, anchor: nil, breadcrumb: []), score: 10) },
                                name: "Book", pages: pages, globs: [])
        let slugs = set.topics.map(\.slug)
        #expect(slugs.contains("p01") && slugs.contains("p11") && slugs.contains("p21"), "\(slugs)")
        #expect(set.topics.first { $0.slug == "p01" }?.title == "所有権")
    }
}

@Suite("Globs from the documentation's code")
struct GlobInferenceTests {
    @Test("the dominant languages give their file globs, Erlang and Haskell too; incidental languages give none")
    func globs() {
        #expect(GlobInference.globs(languageCounts: ["erlang": 6, "bash": 9]) == ["**/*.erl", "**/*.hrl"])
        #expect(GlobInference.globs(languageCounts: ["haskell": 3]) == ["**/*.hs"])
        #expect(GlobInference.globs(languageCounts: ["rust": 8, "python": 1]) == ["**/*.rs"])
        #expect(GlobInference.globs(languageCounts: ["json": 4]).isEmpty)
    }
}
