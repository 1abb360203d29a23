// Shared pieces of the table readers (table_*.cpp): each reader turns its format into records of
// strings and hands them to TableBuilder, which applies the rules common to every format (header
// names, ragged rows, blank rows, maxRows) so that they cannot drift apart between formats.
#pragma once

#include <medawq/table.h>

#include <string>
#include <vector>

namespace medawq::tables {

// The whole file as bytes; Error(path, ...) when it is missing, a folder or unreadable.
std::string readFileBytes(const std::string& path);

// Drops a leading UTF-8 byte order mark (Excel's "CSV UTF-8" and Notepad write one).
void stripBom(std::string& data);

// Error(path, "line N is not UTF-8 ...") naming the first bad line: a cp1252 export would otherwise
// reach the tokenizer as mojibake.
void requireUtf8(const std::string& path, const std::string& data);

class TableBuilder {
public:
    // `where` is "line" or "row": how positions are named in warnings. `warnShortRows`: whether a
    // row with fewer cells than the header is worth a warning (CSV yes; XLSX and JSONL omit
    // empty cells by design).
    TableBuilder(const std::string& path, size_t maxRows, const char* where, bool warnShortRows);

    // Sets the header explicitly (JSONL, TXT, whose columns do not come from a record); names are
    // made unique here.
    void setHeader(std::vector<std::string> names);
    // One record at `position` (line or row number, for warnings). The first record that is not
    // all empty becomes the header, later ones rows; all-empty records are skipped. Returns false
    // once maxRows rows are held, so that readers stop early.
    bool add(std::vector<std::string> cells, size_t position);
    bool full() const;

    // The table; Error(path, "the file is empty") when no header was ever given.
    Table finish();

private:
    Table m_table;
    size_t m_maxRows;
    const char* m_where;
    bool m_warnShortRows;
    bool m_hasHeader = false;
};

Table readCsv(const std::string& path, char separator, size_t maxRows);
Table readXlsx(const std::string& path, size_t maxRows, const std::string& sheet);
Table readJsonl(const std::string& path, size_t maxRows);
Table readTxt(const std::string& path, size_t maxRows);

}  // namespace medawq::tables
