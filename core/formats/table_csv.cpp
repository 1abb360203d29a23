// CSV and TSV (RFC 4180, read as Python's csv module reads it): a field that starts with a quote
// runs to the matching quote, "" inside it is one quote, and separators and line breaks inside it
// belong to the cell. Line breaks are LF, CRLF or a lone CR; inside a cell all read as "\n" so
// that a prompt does not depend on which editor saved the file.
#include "formats/table_internal.h"

#include <medawq/errors.h>

namespace medawq::tables {

Table readCsv(const std::string& path, char separator, size_t maxRows) {
    std::string data = readFileBytes(path);
    stripBom(data);
    requireUtf8(path, data);
    TableBuilder builder(path, maxRows, "line", true);

    std::vector<std::string> record;
    std::string field;
    size_t line = 1;         // current line of the file
    size_t recordLine = 1;   // line where the current record started
    bool quoted = false;     // inside a quoted field
    size_t quoteLine = 0;    // line where that quoted field opened
    bool inField = false;    // the current field has begun (a quote or a character was read)
    const size_t n = data.size();

    auto endRecord = [&]() -> bool {
        if (inField || !record.empty()) record.push_back(std::move(field));
        field.clear();
        inField = false;
        const bool more = builder.add(std::move(record), recordLine);
        record.clear();
        return more;
    };

    for (size_t i = 0; i < n; ++i) {
        const char ch = data[i];
        if (quoted) {
            if (ch == '"') {
                if (i + 1 < n && data[i + 1] == '"') { field += '"'; ++i; }
                else quoted = false;  // text after the closing quote is appended, as Python does
            } else if (ch == '\r' || ch == '\n') {
                if (ch == '\r' && i + 1 < n && data[i + 1] == '\n') ++i;
                field += '\n';
                ++line;
            } else {
                field += ch;
            }
            continue;
        }
        if (ch == '"' && !inField) {
            quoted = true;
            quoteLine = line;
            inField = true;
        } else if (ch == separator) {
            record.push_back(std::move(field));  // so "a," has a second, empty cell
            field.clear();
            inField = false;
        } else if (ch == '\r' || ch == '\n') {
            if (ch == '\r' && i + 1 < n && data[i + 1] == '\n') ++i;
            if (!endRecord()) return builder.finish();
            ++line;
            recordLine = line;
        } else {
            field += ch;
            inField = true;
        }
    }
    if (quoted)
        throw Error(path, "line " + std::to_string(quoteLine) +
                              ": a quoted cell opens here and is never closed (a stray '\"'?)");
    if (inField || !record.empty()) endRecord();
    return builder.finish();
}

}  // namespace medawq::tables
