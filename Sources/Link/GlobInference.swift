/// File globs a rule set applies to, inferred from the languages of the documentation's code.
public enum GlobInference {
    static let table: [String: [String]] = [
        "python": ["**/*.py"], "rust": ["**/*.rs"], "go": ["**/*.go"], "javascript": ["**/*.js", "**/*.mjs", "**/*.cjs"],
        "jsx": ["**/*.jsx"], "typescript": ["**/*.ts"], "tsx": ["**/*.tsx"], "java": ["**/*.java"], "kotlin": ["**/*.kt", "**/*.kts"],
        "swift": ["**/*.swift"], "c": ["**/*.c", "**/*.h"], "cpp": ["**/*.cpp", "**/*.cc", "**/*.hpp", "**/*.h"], "csharp": ["**/*.cs"],
        "ruby": ["**/*.rb"], "php": ["**/*.php"], "scala": ["**/*.scala"], "elixir": ["**/*.ex", "**/*.exs"], "dart": ["**/*.dart"],
        "lua": ["**/*.lua"], "haskell": ["**/*.hs"], "html+jinja": ["**/*.html", "**/*.jinja", "**/*.j2"], "jinja": ["**/*.jinja", "**/*.j2", "**/*.html"],
        "vue": ["**/*.vue"], "svelte": ["**/*.svelte"], "sql": ["**/*.sql"], "erlang": ["**/*.erl", "**/*.hrl"],
        "racket": ["**/*.rkt"], "ocaml": ["**/*.ml", "**/*.mli"], "fsharp": ["**/*.fs", "**/*.fsi"], "clojure": ["**/*.clj", "**/*.cljs"],
        "julia": ["**/*.jl"], "zig": ["**/*.zig"], "nim": ["**/*.nim"], "groovy": ["**/*.groovy"], "objc": ["**/*.m", "**/*.h"],
    ]
    /// Languages that show up in documentation of every kind and say nothing about the project.
    static let incidental: Set<String> = ["bash", "console", "json", "yaml", "toml", "ini", "xml", "html", "css", "text", "markdown", "diff", "http", "powershell", "dockerfile", "makefile"]

    /// Globs for the dominant programming language(s): every language with at least a quarter of
    /// the code blocks of the most frequent one. Empty when the code is only shell or data.
    public static func globs(languageCounts: [String: Int]) -> [String] {
        let relevant = languageCounts.filter { table[$0.key] != nil && !incidental.contains($0.key) }
        guard let top = relevant.values.max(), top > 0 else { return [] }
        var globs: [String] = []
        for (lang, _) in relevant.filter({ $0.value * 4 >= top }).sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            for g in table[lang]! where !globs.contains(g) { globs.append(g) }
        }
        return globs
    }
}
