import ArgumentParser
import Foundation
@testable import RulesMakerCLI
import Testing

/// The help a user reads: every option says its default once. ArgumentParser prints the default of an
/// option that has one, so a help string that also says "(default: …)" shows it twice.
@Suite struct HelpTextTests {
    static let commands: [any ParsableCommand.Type] = [
        CompileCommand.self, BatchCommand.self, InspectCommand.self, TemplatesCommand.self, TemplatesCommand.List.self,
        TemplatesCommand.Show.self, TemplatesCommand.Init.self, CacheCommand.self, CacheCommand.Stats.self,
        CacheCommand.Clear.self, BedrockCommand.self, BedrockCommand.Validate.self, BedrockCommand.Profiles.self,
    ]

    @Test(arguments: 0..<commands.count)
    func everyDefaultIsShownOnce(index: Int) {
        let command = Self.commands[index]
        let help = RulesMakerCommand.helpMessage(for: command, columns: 10_000)
        for line in help.split(separator: "\n") {
            let count = line.components(separatedBy: "(default:").count - 1
            #expect(count <= 1, "\(command.configuration.commandName ?? "?"): \(line)")
        }
    }
}
