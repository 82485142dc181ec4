@testable import Fetch
import Testing

@Suite struct RobotsTxtTests {
    let text = """
    # comments are ignored
    User-agent: *
    Disallow: /private/
    Allow: /private/open.html
    Disallow: /*.cgi$
    Crawl-delay: 2

    User-agent: rules-maker
    User-agent: other-bot
    Disallow: /no-rules-maker/
    Allow: /no-rules-maker/but-this/
    Disallow: /search
    Allow: /search$

    Sitemap: https://example.org/sitemap-index.xml
    """

    @Test func productTokenComesFromTheUserAgent() {
        #expect(RobotsRules.productToken(of: "rules-maker/0.1.0 (+https://x)") == "rules-maker")
        #expect(RobotsRules.productToken(of: "Rules-Maker") == "rules-maker")
    }

    @Test func specificGroupReplacesTheStarGroup() {
        let r = RobotsRules.parse(text, productToken: "rules-maker")
        #expect(!r.isAllowed("/no-rules-maker/page.html"))
        #expect(r.isAllowed("/no-rules-maker/but-this/page.html"), "longer allow wins")
        #expect(r.isAllowed("/private/secret.html"), "the * group does not apply to rules-maker")
        #expect(r.crawlDelay == nil)
        #expect(r.sitemaps == ["https://example.org/sitemap-index.xml"])
        #expect(r.isAllowed("/search"), "$ anchors: /search exactly is allowed")
        #expect(!r.isAllowed("/search?q=x"))
    }

    @Test func starGroupForOtherCrawlers() {
        let r = RobotsRules.parse(text, productToken: "somebot")
        #expect(!r.isAllowed("/private/secret.html"))
        #expect(r.isAllowed("/private/open.html"))
        #expect(!r.isAllowed("/bin/run.cgi"))
        #expect(r.isAllowed("/bin/run.cgi?x=1"), "$ means end of the path")
        #expect(r.isAllowed("/public/"))
        #expect(r.crawlDelay == .seconds(2))
    }

    @Test func groupsForTheSameAgentAreCombined() {
        let r = RobotsRules.parse("""
        user-agent: rules-maker
        disallow: /a
        user-agent: *
        disallow: /
        user-agent: RULES-MAKER
        disallow: /b
        """, productToken: "rules-maker")
        #expect(!r.isAllowed("/a/x") && !r.isAllowed("/b/x") && r.isAllowed("/c"))
    }

    @Test func longestMatchAndTies() {
        let r = RobotsRules.parse("user-agent: *\nallow: /page\ndisallow: /*.html\nallow: /p*\ndisallow: /p*", productToken: "x")
        #expect(!r.isAllowed("/page.html"), "/*.html (7) is longer than /page (5)")
        #expect(r.isAllowed("/pizza"), "equal length: allow wins")
    }

    @Test(arguments: [
        ("/", "/anything", true), ("/*", "/x", true), ("/a*b", "/a-b", true), ("/a*b", "/a-c", false),
        ("/a*b$", "/axb", true), ("/a*b$", "/axbc", false), ("/*/c$", "/x/y/c", true), ("/fish*.php", "/fishheads/catfish.php?p=1", true),
        ("/fish$", "/fish", true), ("/fish$", "/fish/", false), ("/ab*b$", "/ab", false), ("*.php", "/x.php", true),
    ])
    func patterns(pattern: String, path: String, expected: Bool) {
        #expect(RobotsRules.matches(pattern: RobotsRules.normalizePath(pattern), path: RobotsRules.normalizePath(path)) == expected)
    }

    @Test func percentEncodingIsNormalised() {
        let r = RobotsRules.parse("user-agent: *\ndisallow: /caf%c3%a9/\ndisallow: /%7Euser/", productToken: "x")
        #expect(!r.isAllowed("/caf%C3%A9/menu"))
        #expect(!r.isAllowed("/café/menu"))
        #expect(!r.isAllowed("/~user/home"))
    }

    @Test func emptyDisallowAndMissingGroups() {
        #expect(RobotsRules.parse("user-agent: *\ndisallow:", productToken: "x").isAllowed("/x"))
        #expect(RobotsRules.parse("disallow: /", productToken: "x").isAllowed("/x"), "rules outside a group are ignored")
        #expect(RobotsRules.parse("user-agent: *\ndisallow: /", productToken: "x").isAllowed("/robots.txt"))
        #expect(!RobotsRules.disallowAll.isAllowed("/x"))
    }
}
