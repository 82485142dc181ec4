/// Splits prose into sentences without breaking inside inline code, abbreviations,
/// version numbers, file names or parenthesised asides.
public enum SentenceSplitter {
    static let abbreviations: Set<String> = [
        "e.g", "i.e", "etc", "vs", "cf", "mr", "mrs", "dr", "st", "no", "fig", "approx", "resp", "incl", "esp", "al", "ca", "ver",
        "min", "max", "sec", "ms", "eg", "ie", "u.s", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "viz", "vol", "pp", "ch", "sect", "eq", "ref", "refs", "resp", "inc", "ltd", "co", "corp", "jr", "sr", "a.k.a", "n.b", "nb", "ff",
        "ex", "op", "cit", "ibid", "p", "v", "vv", "ver",
    ]

    public static func split(_ text: String) -> [String] {
        let chars = Array(text)
        var sentences: [String] = []
        var current = ""
        var inCode = false
        var paren = 0
        // Inside curly quotes (“I’m Nobody! Who are you?”) a full stop ends no sentence; an opening quote
        // left unclosed stops counting after 300 characters.
        var quoteOpenedAt: Int? = nil
        var i = 0
        while i < chars.count {
            let c = chars[i]
            current.append(c)
            if let at = quoteOpenedAt, i - at > 300 { quoteOpenedAt = nil }
            if c == "`" { inCode.toggle() }
            else if !inCode && c == "(" { paren += 1 }
            else if !inCode && c == ")" { paren = max(0, paren - 1) }
            else if !inCode && c == "“" { quoteOpenedAt = i }
            else if !inCode && c == "”", quoteOpenedAt != nil {
                quoteOpenedAt = nil
                // A quotation that ends its sentence (“… Stop.” Then …).
                if paren == 0, i > 0, ".!?".contains(chars[i - 1]) {
                    var k = i + 1
                    while k < chars.count, chars[k].isWhitespace { k += 1 }
                    if k > i + 1, k < chars.count, chars[k].isUppercase {
                        let s = current.trimmingWhitespace()
                        if !s.isEmpty { sentences.append(s) }
                        current = ""
                        i = k
                        continue
                    }
                }
            }
            if !inCode, paren == 0, quoteOpenedAt == nil, c == "." || c == "!" || c == "?" {
                // A mark quoted on its own names the character ("the wildcards '*' and '?' (exactly one character)").
                if i > 0, i + 1 < chars.count, "'\"‘".contains(chars[i - 1]), "'\"’".contains(chars[i + 1]),
                   i < 2 || !(chars[i - 2].isLetter || chars[i - 2].isNumber) {
                    i += 1
                    continue
                }
                // Absorb closing quotes/brackets.
                var j = i + 1
                while j < chars.count, "\"'”’)]".contains(chars[j]) { current.append(chars[j]); j += 1 }
                let atEnd = j >= chars.count
                let nextIsSpace = !atEnd && chars[j].isWhitespace
                if atEnd || nextIsSpace {
                    var k = j
                    while k < chars.count, chars[k].isWhitespace { k += 1 }
                    let nextChar: Character? = k < chars.count ? chars[k] : nil
                    if c == "." && isAbbreviationEnd(current) && !(nextChar?.isUppercase ?? false && endsWithEtc(current)) {
                        i = j
                        continue
                    }
                    let startsNew = nextChar == nil || nextChar!.isUppercase || nextChar!.isNumber || "`\"'“(*[".contains(nextChar!)
                    if startsNew {
                        let s = current.trimmingWhitespace()
                        if !s.isEmpty { sentences.append(s) }
                        current = ""
                        i = k
                        continue
                    }
                }
                i = j
                continue
            }
            i += 1
        }
        let s = current.trimmingWhitespace()
        if !s.isEmpty { sentences.append(s) }
        return sentences
    }

    private static func endsWithEtc(_ s: String) -> Bool { s.lowercased().hasSuffix("etc.") }

    private static func isAbbreviationEnd(_ s: String) -> Bool {
        // The word before the final period.
        var word = ""
        for ch in s.dropLast().reversed() {
            if ch.isLetter || ch == "." { word.insert(ch, at: word.startIndex) } else { break }
        }
        let w = word.lowercased()
        if w.isEmpty { return false }
        if abbreviations.contains(w) { return true }
        if w.count == 1 && w.first!.isLetter { return true }   // initials, "A. Smith"
        return false
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
