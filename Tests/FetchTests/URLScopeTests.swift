@testable import Fetch
import Testing

@Suite struct URLScopeTests {
    @Test(arguments: [
        ("HTTP://Example.ORG:80/a/./b/../c", "http://example.org/a/c"),
        ("https://example.org:443/docs//guide///x.html#frag", "https://example.org/docs/guide/x.html"),
        ("https://example.org/docs/index.html", "https://example.org/docs/"),
        ("https://example.org/%7euser/caf%c3%a9", "https://example.org/~user/caf%C3%A9"),
        ("https://example.org/p?utm_source=x&b=2&a=1&fbclid=z&gclid=q", "https://example.org/p?a=1&b=2"),
        ("https://example.org/p?utm_medium=x", "https://example.org/p"),
        ("https://example.org./p", "https://example.org/p"),
        ("  https://example.org/a%2fb/../c?x=%41&a=\u{2003}", "https://example.org/c?a=&x=A"),
        ("\u{00A0}https://example.org/a\u{00A0}", "https://example.org/a"),
    ])
    func normalisation(raw: String, expected: String) {
        #expect(URLNormalizer.normalize(raw) == expected)
        // Idempotent: the crawler skips links already in normal form that it knows, without normalising them.
        #expect(URLNormalizer.normalize(expected) == expected)
    }

    /// `normalize` hands back URLs already in normal form without parsing them: every URL the byte check
    /// accepts must be one that the parsing path leaves unchanged.
    @Test(arguments: [
        ("http://127.0.0.1:40433/p/1.html", true), ("https://example.org/", true), ("https://docs.example.org/a/b-c_d~e/f.html", true),
        ("https://example.org/a/", true), ("http://h:8080/x/y", true), ("https://h/p;x=1/q@r:s", true), ("https://h/A(1)!$*+,'", true),
        ("https://example.org", false), ("http://h:80/x", false), ("https://h:443/x", false), ("http://h/a//b", false), ("http://h/a/./b", false),
        ("http://h/a/../b", false), ("http://h/a/..", false), ("http://h/docs/index.html", false), ("http://h/index.htm", false),
        ("http://h/p?q=1", false), ("http://h/p#f", false), ("http://h/%7Euser", false), ("http://h/a%2Fb", false), ("http://127.1/x", false),
        ("http://010.0.0.1/x", false), ("http://1.2.3.256/x", false), ("http://1.2.3/x", false), ("http://example.org./x", false),
        ("http://Example.org/x", false), ("HTTP://h/x", false), ("https://xn--caf-dma.example/x", false), ("http://h:080/x", false),
        ("http://user@h/x", false), ("http://h/a b", false), (" http://h/x", false), ("http://[::1]:8080/x", false),
    ])
    func normalFormFastPath(url: String, isNormal: Bool) {
        #expect(URLNormalizer.isNormal(url) == isNormal)
        if isNormal { #expect(URLNormalizer.parsedNormalize(url, relativeTo: nil) == url) }
        #expect(URLNormalizer.normalize(url) == URLNormalizer.parsedNormalize(url, relativeTo: nil))
    }

    @Test(arguments: [
        "http://127.0.0.1:40433/p/1.html", "https://example.org/", "https://example.org", "http://example.org:8080?x#y",
        "https://Example.org/a", "http://h:080/", "http://h:/", "http://h:99999/", "http://user@h/", "http://[::1]:8080/x",
        "https://xn--caf-dma.example/", "https://docs.xn--caf-dma.example/", "https://axn--b.example/", "https://example.org./x",
        "ftp://h/x", "http:///x", "http://h%41/", "https://a-b.c-d.example:443/x", "mailto:a@b", "http://h/a%2Fb/%7E?q=%41&r#f",
        "http://h/a b", "http://h/caf\u{E9}", "http://h/a%zz", "http://h/a?", "http://h?q", "http://h/a#b c", "http://h/a#%",
        "http://h/p;x=1/q@r:s?a=b?c/d&e=%20#frag/?",
    ])
    func plainURLFastPathAgreesWithURLComponents(url: String) {
        let comps = URLComponents(string: url)
        #expect(URLNormalizer.origin(of: url) == comps.flatMap { c in
            c.scheme.flatMap { scheme in c.host.map { "\(scheme)://\($0)" + (c.port.map { ":\($0)" } ?? "") } }
        })
        #expect(URLNormalizer.hostKey(of: url) == comps.flatMap { c in c.host.map { h in c.port.map { "\(h):\($0)" } ?? h } } ?? "")
        let expected = comps.map { ($0.percentEncodedPath.isEmpty ? "/" : $0.percentEncodedPath, $0.percentEncodedQuery) }
        let got = URLNormalizer.pathAndQuery(of: url)
        #expect(got?.path == expected?.0 && got?.query == expected?.1, "\(String(describing: got)) vs \(String(describing: expected))")
    }

    @Test(arguments: [
        ("/guide/**", "/guide/a/b.html", true), ("/guide/**", "/api/x", false), ("/guide/*", "/guide/a/b", false),
        ("*.html", "/a/b/c.html", true), ("/a/**/b", "/a/b", true), ("/a/**/b", "/a/x/y/b", true), ("/v?/", "/v2/", true),
        ("/blog/**", "/blog", false), ("**/changelog*", "/docs/changelog.html", true),
    ])
    func globs(pattern: String, path: String, expected: Bool) {
        #expect(PathGlob(pattern).matches(path) == expected)
    }

    @Test func scopeRejections() {
        let scope = CrawlScope(prefixes: ["http://h/docs/"], include: [PathGlob("/docs/guide/**"), PathGlob("/docs/api/**")],
                               exclude: [PathGlob("/docs/api/internal/**")])
        #expect(scope.rejection("http://h/docs/guide/a.html") == nil)
        #expect(scope.rejection("http://h/blog/x")?.contains("scope") == true)
        #expect(scope.rejection("http://other/docs/guide/a") != nil)
        #expect(scope.rejection("http://h/docs/other/x")?.contains("--include") == true)
        #expect(scope.rejection("http://h/docs/api/internal/x")?.contains("--exclude") == true)
        #expect(scope.rejection("http://h/docs/guide/manual.pdf")?.contains("not a document") == true)
        #expect(scope.rejection("http://h/docs/guide/" + String(repeating: "x", count: 3000)) != nil)
        #expect(scope.rejection("http://h/docs/guide/a/b/a/b/a/b/a/b/")?.contains("crawl trap") == true)
        #expect(scope.rejection("http://h/outside", isSeed: true) == nil)
    }

    @Test func retryAfterParsesSecondsAndDates() {
        #expect(CrawlRetryPolicy.retryAfter("7") == .seconds(7))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(CrawlRetryPolicy.retryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == .seconds(10))
        #expect(CrawlRetryPolicy.retryAfter("garbage") == nil)
        var p = CrawlRetryPolicy()
        p.baseDelay = .milliseconds(100)
        p.maxDelay = .milliseconds(500)
        #expect(p.ceiling(afterAttempt: 0) == .milliseconds(100))
        #expect(p.ceiling(afterAttempt: 2) == .milliseconds(400))
        #expect(p.ceiling(afterAttempt: 5) == .milliseconds(500))
        #expect(CrawlRetryPolicy.isRetryable(status: 429) && CrawlRetryPolicy.isRetryable(status: 503))
        #expect(!CrawlRetryPolicy.isRetryable(status: 404) && !CrawlRetryPolicy.isRetryable(status: 403))
    }
}

import Foundation
