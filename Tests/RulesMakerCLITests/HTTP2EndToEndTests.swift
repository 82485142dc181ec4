import Foundation
import RulesMakerTestSupport
import Testing

/// HTTP/2 "where offered": a documentation site served over TLS by Node's `http2` module on
/// 127.0.0.1 (HTTP/1.1 allowed too), with a certificate made for the test and trusted through
/// `--ca-cert`. The server logs the protocol version and the connection of every request.
enum HTTP2Tools {
    static let node = ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var present: Bool { node != nil && openssl != nil }
}

@Suite(.enabled(if: HTTP2Tools.present, "needs node and openssl (both on the project's machines)"))
struct HTTP2EndToEndTests {
    static var node: String? { HTTP2Tools.node }
    static var openssl: String? { HTTP2Tools.openssl }

    static let serverScript = """
        const http2 = require('http2'), fs = require('fs');
        const [key, cert, log] = process.argv.slice(2);
        const page = (title, body) => `<html><head><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
        const pages = {
          '/': page('Pool guide', '<p>See <a href="/a.html">sessions</a>, <a href="/b.html">pools</a> and <a href="/c.html">retries</a>.</p>'),
          '/a.html': page('Sessions', '<p>You must close every <code>Session</code> you open.</p><p>Back to <a href="/">the guide</a>.</p>'),
          '/b.html': page('Pools', '<p>Never share a <code>Pool</code> between forked processes.</p><p>See <a href="/c.html">retries</a>.</p>'),
          '/c.html': page('Retries', '<p>Do not retry a request that is not idempotent.</p>'),
        };
        let sessions = 0;
        const server = http2.createSecureServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert), allowHTTP1: true });
        server.on('session', (s) => { s.rmId = ++sessions; });
        server.on('request', (req, res) => {
          const session = req.stream && req.stream.session ? req.stream.session.rmId : null;
          fs.appendFileSync(log, JSON.stringify({ path: req.url, version: req.httpVersion, session }) + '\\n');
          const body = pages[req.url];
          if (body === undefined) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); return; }
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(body);
        });
        server.listen(0, '127.0.0.1', () => { console.log(server.address().port); });
        """

    struct Site {
        let process: Process
        let port: Int
        let log: String
        let caFile: String
        var baseURL: String { "https://127.0.0.1:\(port)" }

        func requests() -> [[String: Any]] {
            guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }

        func stop() { process.terminate(); process.waitUntilExit() }
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }

    /// A self-signed certificate for 127.0.0.1 and the Node server, its port read from its first line.
    static func startSite(in dir: TemporaryDirectory) throws -> Site {
        let key = dir.path + "/key.pem", cert = dir.path + "/cert.pem", log = dir.path + "/requests.log", script = dir.path + "/server.js"
        try run(openssl!, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        try serverScript.write(toFile: script, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: node!)
        p.arguments = [script, key, cert, log]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        // The first line is the port (bounded: the server prints it as soon as it listens).
        var line = Data()
        let handle = out.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
            if line.count > 64 { break }
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            p.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        return Site(process: p, port: port, log: log, caFile: cert)
    }

    @Test func crawlsOverHTTP2OnOneConnectionWhenTheServerOffersIt() throws {
        let dir = try TemporaryDirectory(), out = try TemporaryDirectory(), cache = try TemporaryDirectory()
        defer { dir.remove(); out.remove(); cache.remove() }
        let site = try Self.startSite(in: dir)
        defer { site.stop() }
        let r = try RulesMakerBinary.run(["compile", site.baseURL + "/", "--target", "cursor", "--out", out.path,
                                          "--cache-dir", cache.path, "--ca-cert", site.caFile])
        #expect(r.status == 0, "\(r.stderr)")
        let text = out.files().compactMap(out.read).joined()
        #expect(text.contains("Never share a Pool between forked processes"), "\(text)")
        let log = site.requests()
        let pages = log.filter { ($0["path"] as? String).map { $0 == "/" || $0.hasSuffix(".html") } ?? false }
        #expect(Set(pages.compactMap { $0["path"] as? String }) == ["/", "/a.html", "/b.html", "/c.html"], "\(log)")
        #expect(pages.count == 4, "each page fetched once: \(log)")
        // Every request went over HTTP/2, multiplexed on the connection the first one opened.
        #expect(log.allSatisfy { ($0["version"] as? String) == "2.0" }, "\(log)")
        let sessions = Set(log.compactMap { $0["session"] as? Int })
        #expect(sessions.count == 1, "connections used: \(sessions)")
    }

    @Test func anUntrustedCertificateIsAClearErrorPerPage() throws {
        let dir = try TemporaryDirectory(), out = try TemporaryDirectory(), cache = try TemporaryDirectory()
        defer { dir.remove(); out.remove(); cache.remove() }
        let site = try Self.startSite(in: dir)
        defer { site.stop() }
        let r = try RulesMakerBinary.run(["compile", site.baseURL + "/", "--target", "cursor", "--out", out.path, "--cache-dir", cache.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains(site.baseURL + "/"), "\(r.stderr)")
        #expect(r.stderr.lowercased().contains("certificate"), "\(r.stderr)")
        #expect(site.requests().isEmpty, "no request completes without trust")
        // A CA file that does not exist is a usage error, before any request.
        let missing = try RulesMakerBinary.run(["compile", site.baseURL + "/", "--out", out.path, "--cache-dir", cache.path,
                                                "--ca-cert", dir.path + "/nope.pem"])
        #expect(missing.status == 2, "\(missing.stderr)")
        #expect(missing.stderr.contains("--ca-cert: \(dir.path)/nope.pem: cannot read"), "\(missing.stderr)")
    }
}
