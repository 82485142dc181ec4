import Testing
@testable import Link

/// The byte-level keys and containment used on the Link hot path agree with the string forms.
@Suite struct ByteKeyTests {
    @Test func keyKeepsLowercasedLettersAndDigits() {
        #expect(Linker.key("Call `Session.close()` — then 2×!") == "callsessionclosethen2")
        #expect(Linker.key("Ünïcode Straße") == "ünïcodestraße")
    }

    @Test func byteContainmentMatchesStringContainment() {
        let pairs = [("callsessionclosethen", "sessionclose"), ("abc", "abcd"), ("aaab", "aab"), ("straße", "aße"), ("xyz", "")]
        for (hay, needle) in pairs {
            #expect(Linker.contains(Array(hay.utf8), Array(needle.utf8)) == (needle.isEmpty || hay.contains(needle)))
        }
    }

    @Test func wordSetSplitsOnPunctuation() {
        #expect(Linker.wordSet("Use pool_size=5, not pool-size.") == ["use", "pool_size", "5", "not", "pool", "size"])
    }
}
