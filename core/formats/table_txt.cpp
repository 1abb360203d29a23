// Plain text: one column "text". A file with blank lines is read as paragraphs (reports that span
// several lines, separated by an empty line); a file without them as one report per line. Both
// layouts are what users paste out of report systems, and a single-line-per-row file has no
// blank lines to mistake for separators.
#include "formats/table_internal.h"

#include <medawq/errors.h>

namespace medawq::tables {

namespace {

bool isBlank(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

}  // namespace

Table readTxt(const std::string& path, size_t maxRows) {
    std::string data = readFileBytes(path);
    stripBom(data);
    requireUtf8(path, data);

    std::vector<std::string> lines;
    for (size_t pos = 0; pos <= data.size();) {
        size_t end = data.find('\n', pos);
        if (end == std::string::npos) end = data.size();
        std::string text = data.substr(pos, end - pos);
        if (!text.empty() && text.back() == '\r') text.pop_back();
        lines.push_back(std::move(text));
        pos = end + 1;
    }
    // Blank lines only count as separators between text, not at the start or end of the file.
    size_t first = 0, last = lines.size();
    while (first < last && isBlank(lines[first])) ++first;
    while (last > first && isBlank(lines[last - 1])) --last;
    if (first == last) throw Error(path, "the file is empty");
    bool paragraphs = false;
    for (size_t i = first; i < last; ++i) paragraphs = paragraphs || isBlank(lines[i]);

    TableBuilder builder(path, maxRows, "line", false);
    builder.setHeader({"text"});
    std::string paragraph;
    size_t paragraphLine = 0;
    for (size_t i = first; i < last; ++i) {
        if (!paragraphs) {
            if (!isBlank(lines[i]) && !builder.add({lines[i]}, i + 1)) break;
            continue;
        }
        if (!isBlank(lines[i])) {
            if (paragraph.empty()) paragraphLine = i + 1;
            else paragraph += '\n';
            paragraph += lines[i];
        }
        if ((isBlank(lines[i]) || i + 1 == last) && !paragraph.empty()) {
            if (!builder.add({std::move(paragraph)}, paragraphLine)) break;
            paragraph.clear();
        }
    }
    return builder.finish();
}

}  // namespace medawq::tables
