// Prompt templates: Python str.format's brace syntax without format specs, which is what the
// users' scripts fed their prompt files through ({column}, {{ and }} for literal braces).
#include "formats/table_internal.h"

#include <medawq/errors.h>

#include <algorithm>

namespace medawq {

namespace {

// One piece of a template: literal text, or a placeholder naming a column.
struct Piece {
    bool placeholder;
    std::string text;
};

std::vector<Piece> parseTemplate(const PromptTemplate& t) {
    std::vector<Piece> pieces;
    std::string literal;
    size_t line = 1;
    const std::string& s = t.text;
    auto at = [&](size_t l) { return "line " + std::to_string(l) + ": "; };
    for (size_t i = 0; i < s.size(); ++i) {
        const char ch = s[i];
        if (ch == '\n') ++line;
        if (ch == '{' && i + 1 < s.size() && s[i + 1] == '{') { literal += '{'; ++i; continue; }
        if (ch == '}' && i + 1 < s.size() && s[i + 1] == '}') { literal += '}'; ++i; continue; }
        if (ch == '}')
            throw Error(t.source, at(line) + "a single '}' closes no placeholder; write '}}' for a literal brace");
        if (ch != '{') { literal += ch; continue; }
        const size_t close = s.find_first_of("{}\n", i + 1);
        if (close == std::string::npos || s[close] != '}')
            throw Error(t.source, at(line) + "'{' opens a placeholder that is not closed on this line; "
                                             "write '{{' for a literal brace");
        if (close == i + 1)
            throw Error(t.source, at(line) + "an empty placeholder '{}'; name a column, e.g. {text}");
        if (!literal.empty()) pieces.push_back({false, std::move(literal)});
        literal.clear();
        pieces.push_back({true, s.substr(i + 1, close - i - 1)});
        i = close;
    }
    if (!literal.empty()) pieces.push_back({false, std::move(literal)});
    return pieces;
}

}  // namespace

std::vector<std::string> PromptTemplate::placeholders() const {
    std::vector<std::string> names;
    for (const Piece& p : parseTemplate(*this))
        if (p.placeholder && std::find(names.begin(), names.end(), p.text) == names.end()) names.push_back(p.text);
    return names;
}

std::string PromptTemplate::fill(const Table& t, size_t row, const std::string& fallbackColumn) const {
    const std::vector<Piece> pieces = parseTemplate(*this);
    auto column = [&](const std::string& name, const std::string& why) -> const std::string& {
        if (t.columnIndex(name) < 0)
            throw Error(source, why + ", but " + t.path + " has no column '" + name +
                                    "'; columns are: " + describeColumns(t.columns));
        return t.cell(row, name);
    };
    const bool any = std::any_of(pieces.begin(), pieces.end(), [](const Piece& p) { return p.placeholder; });
    if (!any) {
        // The users' script: a fixed instruction followed by the report text.
        const std::string& cell = column(fallbackColumn, "the template has no {column} placeholder, so the '" +
                                                             fallbackColumn + "' column is appended");
        std::string out = pieces.empty() ? std::string() : pieces.front().text;
        return out.empty() ? cell : out + "\n" + cell;
    }
    std::string out;
    for (const Piece& p : pieces) out += p.placeholder ? column(p.text, "the template uses {" + p.text + "}") : p.text;
    return out;
}

void PromptTemplate::checkNoLeak(const std::string& referenceColumn, const std::string& fallbackColumn) const {
    const std::vector<std::string> names = placeholders();
    const std::string advice = "; the model would be shown the answer it is scored against. ";
    if (std::find(names.begin(), names.end(), referenceColumn) != names.end())
        throw Error(source, "the template uses the reference column '" + referenceColumn + "' ({" +
                                referenceColumn + "})" + advice +
                                "Remove that placeholder or choose another reference column");
    if (names.empty() && fallbackColumn == referenceColumn)
        throw Error(source, "the template uses the reference column '" + referenceColumn +
                                "': it has no {column} placeholder, so that column would be appended" +
                                advice + "Add placeholders for the input columns (e.g. {indication})");
}

PromptTemplate loadPromptTemplate(const std::string& path) {
    std::string data = tables::readFileBytes(path);
    tables::stripBom(data);
    tables::requireUtf8(path, data);
    PromptTemplate t{path, {}};
    t.text.reserve(data.size());
    for (size_t i = 0; i < data.size(); ++i) {  // CRLF and lone CR read as "\n"
        if (data[i] == '\r') {
            t.text += '\n';
            if (i + 1 < data.size() && data[i + 1] == '\n') ++i;
        } else {
            t.text += data[i];
        }
    }
    while (!t.text.empty() && t.text.back() == '\n') t.text.pop_back();
    if (t.text.find_first_not_of(" \t\n") == std::string::npos) throw Error(path, "the prompt template is empty");
    t.placeholders();  // syntax errors now, not in the middle of a job
    return t;
}

}  // namespace medawq
