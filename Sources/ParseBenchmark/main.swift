// Parse-stage throughput benchmark (issue 4). Not part of the product: run it through
// `Benchmarks/parse-throughput.sh`, which builds it in release mode and feeds it the benchmark pages.
//
//   ParseBenchmark DIR [--repeat N] [--threads N] [--profile-full]
//
// DIR holds uncompressed `.html` pages. Reports MB/s of HTML for (1) libxml2's parse alone, tree
// discarded, the floor; (2) the whole Parse stage: HTMLTree + main content + IR + Markdown rendering,
// on one thread and on N threads (default: all cores). Best of `--repeat` runs (default 5).
import Dispatch
import Foundation
import Parse
import RulesMakerCore

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> Int? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return Int(arguments[i + 1])
}
let repeats = option("--repeat") ?? 5
let threads = option("--threads") ?? ProcessInfo.processInfo.activeProcessorCount
guard let dir = arguments.first, !dir.hasPrefix("--") else {
    FileHandle.standardError.write(Data("usage: ParseBenchmark DIR [--repeat N] [--threads N]\n".utf8))
    exit(2)
}
let files = (try FileManager.default.contentsOfDirectory(atPath: dir)).filter { $0.hasSuffix(".html") }.sorted()
let bench = Bench(pages: files.map { [UInt8](FileManager.default.contents(atPath: dir + "/" + $0) ?? Data()) })
let mb = Double(bench.pages.reduce(0) { $0 + $1.count }) / 1_000_000

/// A counter shared by threads; also keeps results alive so the optimiser cannot drop the work.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) -> Int { lock.lock(); defer { lock.unlock() }; let old = total; total &+= n; return old }
    var value: Int { lock.lock(); defer { lock.unlock() }; return total }
}

struct Bench: Sendable {
    let pages: [[UInt8]]
    let sink = Counter()

    func fullParse(_ k: Int) -> Int {
        let doc = DocumentParser().parse(html: pages[k], url: "https://example.com/page\(k).html")
        return DocumentRenderer.markdown(doc).utf8.count
    }
    func parseOnly(_ k: Int) -> Int { HTMLTree.parseOnly(bytes: pages[k]) ? 1 : 0 }
    func tree(_ k: Int) -> Int { HTMLTree(bytes: pages[k], url: "https://example.com/\(k)").nodes.count }

    /// Runs `work` over every page on one thread. Each run starts without the caches a thread keeps
    /// across pages, like a compile of these pages: repeated runs must not find them warm.
    func serial(_ work: (Int) -> Int) {
        DocumentParser.clearThreadCaches()
        var t = 0
        for k in pages.indices { t &+= work(k) }
        _ = sink.add(t)
    }

    /// Runs `work` over every page on `n` threads, pages dealt out through a shared counter.
    func parallel(_ n: Int, _ work: @escaping @Sendable (Int) -> Int) {
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: n) { _ in
            DocumentParser.clearThreadCaches()
            var local = 0
            while true {
                let k = next.add(1)
                if k >= pages.count { break }
                local &+= work(k)
            }
            _ = sink.add(local)
        }
    }
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
func best(_ body: () -> Void) -> Double { (0..<repeats).map { _ in seconds(body) }.min()! }

bench.serial(bench.fullParse)  // warm up: page cache, libxml2 initialisation, allocator
// `--profile-full`: only the whole stage, one thread, `--repeat` times (for a profiler), then exit.
if arguments.contains("--profile-full") {
    let t = best { bench.serial(bench.fullParse) }
    print(String(format: "parse + IR + Markdown, 1 thread: %.1f MB/s (%.3f s)", mb / t, t))
    exit(0)
}
let floor1 = best { bench.serial(bench.parseOnly) }
let floorN = best { bench.parallel(threads, bench.parseOnly) }
let tree1 = best { bench.serial(bench.tree) }
let full1 = best { bench.serial(bench.fullParse) }
let fullN = best { bench.parallel(threads, bench.fullParse) }

func line(_ name: String, _ t: Double) -> String {
    name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%8.1f MB/s  (%.3f s)", mb / t, t)
}
print("pages=\(bench.pages.count) MB=\(String(format: "%.2f", mb)) repeat=\(repeats) threads=\(threads)")
print(line("libxml2 parse only, 1 thread (floor)", floor1))
print(line("libxml2 parse only, \(threads) threads", floorN))
print(line("HTMLTree (SAX into arena), 1 thread", tree1))
print(line("parse + IR + Markdown, 1 thread", full1))
print(line("parse + IR + Markdown, \(threads) threads", fullN))
print(String(format: "time vs floor, 1 thread: %.2fx   speed-up on %d threads: %.2fx", full1 / floor1, threads, full1 / fullN))
if bench.sink.value == 42 { print("") }
