import ArgumentParser
import Foundation
@testable import RulesMakerCLI
import Link
import Testing

/// The help a user reads: every option says its default once. ArgumentParser prints the default of an
/// option that has one, so a help string that also says "(default: …)" shows it twice.
@Suite struct HelpTextTests {
    /// Every command and subcommand, read from the root's configuration (a new command is checked too).
    static let commands: [any ParsableCommand.Type] = {
        var out: [any ParsableCommand.Type] = []
        var queue: [any ParsableCommand.Type] = [RulesMakerCommand.self]
        while let next = queue.first {
            queue.removeFirst()
            out.append(next)
            queue += next.configuration.subcommands
        }
        return out
    }()

    @Test func everyCommandIsRead() {
        #expect(Self.commands.count >= 14, "\(Self.commands.map { $0.configuration.commandName ?? "?" })")
    }

    /// The short forms a compiler's user reaches for first: `-o` for the output folder, `-t` for targets, `-c` for the
    /// configuration file.
    @Test func compileHasShortForms() throws {
        let command = try CompileCommand.parse(["docs/", "-t", "cursor,claude", "-o", "out", "-c", "rm.yml"])
        #expect(command.options.target == "cursor,claude")
        #expect(command.options.out == "out")
        #expect(command.options.config == "rm.yml")
    }

    /// The topic cap is a flag and a configuration key; below 1 it is a usage error.
    @Test func topicCap() throws {
        let flag = try CompileCommand.parse(["docs/", "--max-topics", "100"])
        #expect(try flag.options.resolve(inputs: ["docs/"], environment: [:]).link.maxTopics == 100)
        #expect(throws: (any Error).self) { try CompileCommand.parse(["docs/", "--max-topics", "0"]).options.resolve(inputs: ["docs/"], environment: [:]) }
        var settings = CompileSettings(cacheDirectory: "")
        var issues: [ConfigIssue] = []
        settings.apply(config: try ConfigMapping.parse("max_topics: 80\n", file: "rules-maker.yml"), issues: &issues)
        #expect(issues.isEmpty && settings.link.maxTopics == 80, "\(issues)")
    }

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
