@testable import RulesMakerCLI
import Link
import Testing

/// The batch lockfile's settings hash: a new setting left at its default must not change the hash of lockfiles
/// written before it existed.
@Suite struct SettingsFingerprintTests {
    @Test func guidanceFloorAtItsDefaultKeepsTheHash() {
        var settings = CompileSettings(cacheDirectory: "")
        let base = SettingsFingerprint(settings)
        #expect(base.minPageScore == nil)
        settings.minimumPageScore = 5
        #expect(SettingsFingerprint(settings).hash == base.hash)
        settings.minimumPageScore = nil
        #expect(SettingsFingerprint(settings).minPageScore == 0 && SettingsFingerprint(settings).hash != base.hash)
        settings.minimumPageScore = 7
        #expect(SettingsFingerprint(settings).hash != base.hash)
    }

    @Test func topicCapAtItsDefaultKeepsTheHash() {
        var settings = CompileSettings(cacheDirectory: "")
        let base = SettingsFingerprint(settings)
        #expect(base.maxTopics == nil)
        settings.link.maxTopics = 16
        #expect(SettingsFingerprint(settings).hash == base.hash)
        settings.link.maxTopics = 100
        #expect(SettingsFingerprint(settings).maxTopics == 100 && SettingsFingerprint(settings).hash != base.hash)
    }
}
