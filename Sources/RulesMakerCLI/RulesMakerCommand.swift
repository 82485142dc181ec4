import ArgumentParser
import Foundation

/// `rules-maker`: compiles documentation sites into AI coding assistant rule files.
public struct RulesMakerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rules-maker",
        abstract: "Compile documentation sites into rule files for AI coding assistants.",
        discussion: """
        Exit codes: 0 success; 1 some sources or pages failed (rules still written for the rest); \
        2 usage or configuration error; 3 --check found outputs out of date.
        """,
        version: RulesMakerVersion.string,
        subcommands: [CompileCommand.self, InspectCommand.self, BedrockCommand.self, CacheCommand.self]
    )

    public init() {}
}

/// Exit codes of the tool.
public enum ExitStatus: Int32 {
    case success = 0
    case compileErrors = 1
    case usage = 2
    case outOfDate = 3
}

/// Entry point used by the `rules-maker` executable: parses, runs, and maps every failure to the
/// documented exit codes (argument errors are 2, not ArgumentParser's default 64).
public enum RulesMakerMain {
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
        do {
            var command = try RulesMakerCommand.parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            exit(ExitStatus.success.rawValue)
        } catch let error as UsageError {
            for line in error.lines { FileHandle.standardError.write(Data("error: \(line)\n".utf8)) }
            exit(ExitStatus.usage.rawValue)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = RulesMakerCommand.exitCode(for: error)
            if code == .success {
                print(RulesMakerCommand.fullMessage(for: error))
                exit(0)
            }
            let message = RulesMakerCommand.fullMessage(for: error)
            FileHandle.standardError.write(Data((message.hasPrefix("Error:") || message.hasPrefix("error:") ? message : "error: " + message).utf8 + [10]))
            exit(ExitStatus.usage.rawValue)
        }
    }
}
