import Foundation
@testable import Fetch
import Testing

/// Inputs that are neither a local path nor a URL a source reads get an error that says so, not "no such file".
@Suite struct LocalSourceTests {
    @Test func urlSchemeIsReadOnlyBeforeColonSlashSlash() {
        #expect(LocalSource.urlScheme(of: "ftp://example.invalid/docs/") == "ftp")
        #expect(LocalSource.urlScheme(of: "S3://bucket/key") == "s3")
        #expect(LocalSource.urlScheme(of: "file:///tmp/a.html") == "file")
        #expect(LocalSource.urlScheme(of: "docs/a.html") == nil)
        // A colon in a path is no scheme, nor is a "://" after a slash.
        #expect(LocalSource.urlScheme(of: "./docs/a:b.html") == nil)
        #expect(LocalSource.urlScheme(of: "docs/x://y") == nil)
        #expect(LocalSource.urlScheme(of: "://nothing") == nil)
    }

    @Test func anUnsupportedSchemeIsNamedInTheError() throws {
        #expect(LocalSource.unsupportedScheme("ftp://example.invalid/docs/") == .unsupportedScheme(input: "ftp://example.invalid/docs/", scheme: "ftp"))
        #expect(LocalSource.unsupportedScheme("file:///nonexistent/page.html") == nil)
        #expect(LocalSource.unsupportedScheme("/nonexistent/page.html") == nil)
        do {
            _ = try LocalSource.files(in: "gopher://example.invalid/", limit: 10)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "gopher://example.invalid/: unsupported URL scheme 'gopher' (give an http or https URL, a file:// URL or a local path)")
        }
        do {
            _ = try LocalSource.files(in: "/nonexistent/docs", limit: 10)
            Issue.record("expected an error")
        } catch {
            #expect(error == .notFound("/nonexistent/docs"))
        }
    }
}
