import ArgumentParser
import Emit
import Foundation
import RulesMakerCore

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List, show or copy out the built-in Mustache templates.",
        discussion: "Copy the defaults with 'templates init DIR', edit them, and pass '--templates DIR' to compile.",
        subcommands: [List.self, Show.self, Init.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the templates and the target each belongs to.")
        func run() throws {
            for target in Target.allCases {
                for name in target.templateNames { print("\(name).mustache\t(\(target.rawValue))") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one built-in template.")
        @Argument(help: "Template name, e.g. cursor/rule.mdc (as printed by 'templates list').")
        var name: String
        func run() throws {
            let key = name.hasSuffix(".mustache") ? String(name.dropLast(".mustache".count)) : name
            guard let text = TemplateSet.defaultText(key) else {
                throw UsageError("no template named '\(name)' (see 'rules-maker templates list')")
            }
            print(text, terminator: "")
        }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy the built-in templates into DIR for customising (existing files are kept).")
        @Argument(help: "Folder to create the templates in.")
        var directory: String
        @Flag(name: .long, help: "Overwrite templates that already exist in DIR.")
        var force = false
        func run() throws {
            for target in Target.allCases {
                for name in target.templateNames {
                    let path = "\(directory)/\(name).mustache"
                    if !force && FileManager.default.fileExists(atPath: path) { print("kept \(path)"); continue }
                    do { try AtomicFile.write(TemplateSet.defaultText(name) ?? "", to: path) } catch { throw UsageError(error.description) }
                    print("wrote \(path)")
                }
            }
        }
    }
}
