import ArgumentParser
import Chunk
import Extract
import Fetch
import Foundation
import Link
import Parse
import RulesMakerCore

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print one stage's output for one page (a URL, or a local .html or .html.gz file).",
        discussion: """
        Stages: fetch (status, headers, size), ir (the content IR), chunks, candidates (every rule the
        extractor proposes, before linking, with its score and ranking evidence), rules (after linking and the budget).
        Formats: text (ir: the main content as plain text), markdown (the IR as Markdown), json (the value itself).
        """
    )

    enum Stage: String, ExpressibleByArgument, CaseIterable { case fetch, ir, chunks, candidates, rules }
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

    @Argument(help: "A URL, or a local .html / .html.gz file.")
    var input: String

    @Option(name: .long, help: "Stage to print: fetch, ir, chunks, candidates, rules.")
    var stage: Stage = .ir

    @Option(name: .long, help: "Output format: text, markdown, json. (default: markdown; json for fetch)")
    var format: Format?

    @Flag(name: .long, help: "Same as --format json.")
    var json = false

    @Option(name: .long, help: "Chunk token budget.")
    var maxChunkTokens: Int = 1500

    @Option(name: .long, help: "Seconds allowed for the HTTP request.")
    var timeout: Double = 30

    func run() async throws {
        let diagnostics = DiagnosticLog()
        let page = try await fetch(diagnostics: diagnostics)
        let format = json ? .json : (self.format ?? (stage == .fetch ? .json : .markdown))
        if stage == .fetch {
            let info = FetchInfo(url: page.url, status: page.status, bytes: page.body.count, mediaType: page.mediaType, charset: page.charset,
                                 headers: page.headers)
            print(format == .json ? Self.json(info) : "\(info.status) \(info.url)\n\(info.bytes) bytes, \(info.mediaType ?? "no content type")")
            return
        }
        let document: Document
        if page.mediaType == "text/plain" || page.mediaType == "text/markdown" {
            document = TextDocumentParser().parse(text: String(decoding: page.body, as: UTF8.self), url: page.url)
        } else {
            document = DocumentParser().parse(page)
        }
        for warning in document.warnings {
            FileHandle.standardError.write(Data("warning: parse: \(input): \(warning)\n".utf8))
        }
        if document.blocks.isEmpty {
            FileHandle.standardError.write(Data("warning: parse: \(input): no text content found on the page\n".utf8))
        }
        switch stage {
        case .fetch: break
        case .ir:
            switch format {
            case .json: print(Self.json(document))
            case .markdown: print(DocumentRenderer.markdown(document), terminator: "")
            case .text: print(Self.plainText(document), terminator: "")
            }
        case .chunks:
            let chunks = Chunker(maxTokens: maxChunkTokens).chunks(of: document)
            switch format {
            case .json: print(Self.json(chunks))
            case .markdown, .text:
                for (i, c) in chunks.enumerated() {
                    print("<!-- chunk \(i + 1)/\(chunks.count): \(c.source.breadcrumb.joined(separator: " › ")) — \(c.tokens) tokens — \(c.source.link) -->")
                    print(format == .text ? DocumentRenderer.plainText(c.blocks) : DocumentRenderer.markdown(c.blocks))
                }
            }
        case .candidates:
            let chunks = Chunker(maxTokens: maxChunkTokens).chunks(of: document)
            let ranked = HeuristicExtractor().extractRanked(chunks)
            switch format {
            case .json: print(Self.json(ranked.map { CandidateInfo(rule: $0.rule, features: $0.features.named) }))
            case .markdown, .text:
                for (r, _) in ranked { print("- [\(r.kind.rawValue), \(String(format: "%.2f", r.score))] \(r.text) (\(r.source.link))") }
            }
        case .rules:
            let chunks = Chunker(maxTokens: maxChunkTokens).chunks(of: document)
            let candidates = HeuristicExtractor().extract(chunks)
            // The rules `compile` would keep, with its guidance floor.
            var options = LinkOptions()
            options.minimumPageScore = CompileSettings.defaultMinimumPageScore
            let set = Linker(options: options).link(candidates, name: document.siteName ?? document.title,
                                    pages: [PageInfo(url: document.canonicalURL ?? document.url,
                                                     title: DocumentParser.withoutChapterNumber(document.title))], globs: [])
            let rules = set.topics.flatMap(\.rules)
            if let floor = set.dropped.first(where: { $0.budget == "guidance" }) {
                let note = CompilePipeline.guidanceFloorNote(floor, floor: options.minimumPageScore ?? 0)
                FileHandle.standardError.write(Data("note: \(note)\n".utf8))
            }
            switch format {
            case .json: print(Self.json(rules))
            case .markdown, .text:
                for r in rules {
                    print("- [\(r.kind.rawValue), \(String(format: "%.1f", r.score))] \(r.text) (\(r.source.link))")
                    if let e = r.example { print("  ```\(e.language ?? "")\n\(e.code)\n  ```") }
                }
            }
        }
        if diagnostics.errorCount > 0 { throw ExitCode(ExitStatus.compileErrors.rawValue) }
    }

    /// The main content as plain text: the article's body, without its title. Like trafilatura's
    /// text output, the title is metadata (`--format json` has it, Markdown opens with it as `# Title`):
    /// a heading that opens the content and is the page's title (level 1, or the title's text) is left out.
    static func plainText(_ document: Document) -> String {
        var blocks = document.blocks
        if case .heading(let level, let text, _)? = blocks.first,
           level == 1 || ContentBlock.plainHeading(text).caseInsensitiveCompare(document.title) == .orderedSame {
            blocks.removeFirst()
        }
        return DocumentRenderer.plainText(blocks)
    }

    private func fetch(diagnostics: DiagnosticLog) async throws -> FetchedPage {
        if LocalSource.isLocal(input) {
            if let error = LocalSource.unsupportedScheme(input) { throw UsageError(error.description) }
            do { return try LocalSource.read(LocalSource.path(of: input)) } catch {
                throw UsageError(error.description)
            }
        }
        var config = HTTPClientConfiguration()
        config.requestTimeout = .milliseconds(Int(timeout * 1000))
        config.userAgent = CompileSettings(cacheDirectory: "").userAgent
        let client = HTTPClient(configuration: config)
        defer { client.shutdown() }
        do {
            let response = try await client.send(HTTPRequest(url: input))
            guard (200..<300).contains(response.status) else {
                FileHandle.standardError.write(Data("error: fetch: \(input): HTTP \(response.status)\n".utf8))
                throw ExitCode(ExitStatus.compileErrors.rawValue)
            }
            return FetchedPage(url: response.url, requestedURL: input, status: response.status, headers: response.headerMap, body: response.body)
        } catch let error as HTTPError {
            FileHandle.standardError.write(Data("error: fetch: \(input): \(Crawler.reason(error))\n".utf8))
            throw ExitCode(ExitStatus.compileErrors.rawValue)
        }
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}

/// One extractor candidate with the evidence it was ranked on.
struct CandidateInfo: Encodable {
    var rule: RuleCandidate
    var features: [String: Double]
}

struct FetchInfo: Encodable {
    var url: String
    var status: Int
    var bytes: Int
    var mediaType: String?
    var charset: String?
    var headers: [String: String]
}
