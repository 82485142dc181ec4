import Foundation

/// A command-line tool's `--help` output shown as a code block (click, argparse, GNU): one entry per
/// option, the option's names at the start of a line, its description after a gap of two spaces or more
/// or on the lines below, indented deeper. "[default: 0.25]" becomes "Default: 0.25."
enum CommandHelp {
    struct Entry: Equatable {
        /// The long name when there is one (`--workers`), else the short one (`-w`).
        var name: String
        var description: String
    }

    /// The entries of `code`, when at least four lines open with an option and a description and the block reads
    /// as help (two long options or more, or a "Usage:" / "Options:" line); nil otherwise — a directory listing
    /// (`-rw-r--r-- 1 user …`) or a command with commented flags is no help output.
    static func entries(_ code: String) -> [Entry]? {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.count <= 2_000 else { return nil }
        let headed = lines.contains { line in
            let l = line.drop(while: { $0 == " " }).lowercased()
            return ["usage:", "options:", "optional arguments:", "arguments:", "flags:", "global options:"].contains { l.hasPrefix($0) }
        }
        var out: [Entry] = []
        var current: (name: String, column: Int, parts: [String])? = nil
        func close() {
            if let c = current {
                // A word the help output wrapped at a hyphen ("--reload-" / "exclude") is one word again.
                var joined = ""
                for part in c.parts {
                    if joined.hasSuffix("-"), let f = part.first, f.isLetter { joined += part } else { joined += (joined.isEmpty ? "" : " ") + part }
                }
                var text = joined.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                text = withDefault(text)
                if !text.isEmpty { out.append(Entry(name: c.name, description: text)) }
            }
            current = nil
        }
        for line in lines {
            let indent = line.prefix(while: { $0 == " " }).count
            let rest = line.dropFirst(indent)
            if rest.isEmpty { close(); continue }
            if rest.first == "-", indent <= 8, let opened = option(rest) {
                close()
                current = (opened.name, opened.descriptionColumn.map { indent + $0 } ?? Int.max, opened.description.map { [$0] } ?? [])
                continue
            }
            if var c = current, indent > 2, c.column == Int.max || indent >= c.column - 2 {
                if c.column == Int.max { c.column = indent }
                c.parts.append(String(rest))
                current = c
                continue
            }
            close()
        }
        close()
        guard out.count >= 4, headed || out.filter({ $0.name.hasPrefix("--") }).count >= 2 else { return nil }
        return out
    }

    /// "--workers INTEGER               Number of …" → (`--workers`, column of "Number", "Number of …");
    /// "-h, --help  show this help" → (`--help`, …); an option alone on its line has no description yet.
    static func option(_ s: Substring) -> (name: String, descriptionColumn: Int?, description: String?)? {
        // The names and their argument run up to a gap of two spaces or more.
        var head = s
        var description: Substring? = nil
        var column: Int? = nil
        if let gap = s.range(of: "  ") {
            head = s[..<gap.lowerBound]
            let after = s[gap.upperBound...]
            let trimmed = after.drop(while: { $0 == " " })
            if !trimmed.isEmpty {
                description = trimmed
                column = s.distance(from: s.startIndex, to: trimmed.startIndex)
            }
        }
        // A shell comment after a command's flag ("-d   # run detached") describes no option.
        if description?.first == "#" { return nil }
        let names = head.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "=" })
            .map(String.init).filter { $0.hasPrefix("-") && $0.count >= 2 && $0.dropFirst($0.hasPrefix("--") ? 2 : 1).first?.isLetter == true }
        guard let first = names.first else { return nil }
        let name = (names.first { $0.hasPrefix("--") } ?? first).split(separator: "[").first.map(String.init) ?? first
        // `--name`, `-n`, `--dry-run`: no inner "--" and no trailing "-" (`-rw-r--r--` is a file mode).
        let bare = name.drop(while: { $0 == "-" })
        guard name.count - bare.count <= 2, !bare.isEmpty, !bare.contains("--"), bare.last != "-",
              bare.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        // A man page's placeholder argument stays with the name, since the description names it ("--max-count=NUM":
        // "A NUM of -1 is treated as infinity").
        if let written = head.split(whereSeparator: { $0 == "," || $0 == " " }).first(where: { $0.hasPrefix(name + "=") || $0.hasPrefix(name + "[=") }),
           ApiName.hasPlaceholderArgument(String(written).replacingOccurrences(of: "[=", with: "=")) {
            return (String(written), column, description.map(String.init))
        }
        return (name, column, description.map(String.init))
    }

    /// "… Number of workers. [default: 4]" → "… Number of workers. Default: 4."; when the description already says
    /// its default ("… Defaults to 0.25s. [default: 0.25]"), the marker goes.
    static func withDefault(_ text: String) -> String {
        guard let open = text.range(of: "[default: "), let close = text[open.upperBound...].firstIndex(of: "]") else { return text }
        let value = text[open.upperBound..<close]
        var before = String(text[..<open.lowerBound])
        while before.last == " " { before.removeLast() }
        if !before.isEmpty, !before.hasSuffix(".") { before += "." }
        let lower = before.lowercased()
        let said = lower.contains("defaults to") || lower.contains("default is") || lower.contains("default:")
        let statement = said ? "" : "Default: \(value)."
        let after = text[text.index(after: close)...].drop(while: { $0 == " " })
        return ([before, statement] + (after.isEmpty ? [] : [String(after)])).filter { !$0.isEmpty }.joined(separator: " ")
    }
}
