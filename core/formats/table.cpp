// Table: column lookup, the reader chosen by extension, and TableBuilder (the rules shared by
// every format; see table.h).
#include "formats/table_internal.h"
#include "formats/utf8.h"

#include <medawq/errors.h>

#include <algorithm>
#include <cstdio>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace medawq {

int Table::columnIndex(const std::string& name) const {
    const auto it = std::find(columns.begin(), columns.end(), name);
    return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
}

const std::string& Table::cell(size_t row, const std::string& column) const {
    const int c = columnIndex(column);
    if (c < 0) throw Error(path, "no column '" + column + "'; columns are: " + describeColumns(columns));
    if (row >= rows.size())
        throw Error(path, "row " + std::to_string(row) + " asked for, but the table has " +
                              std::to_string(rows.size()) + " rows");
    return rows[row][static_cast<size_t>(c)];
}

std::string describeColumns(const std::vector<std::string>& columns) {
    if (columns.empty()) return "(none)";
    std::string out;
    for (const auto& c : columns) out += (out.empty() ? "'" : ", '") + c + "'";
    return out;
}

namespace {

std::string lowerExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return ext;
}

}  // namespace

Table readTable(const std::string& path, size_t maxRows, const std::string& sheet) {
    // Missing files first: "no such file" is more useful than "unknown extension" for a typo.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error(path, "no such file");
    if (std::filesystem::is_directory(path, ec)) throw Error(path, "is a folder, not a file");
    const std::string ext = lowerExtension(path);
    if (ext == ".csv") return tables::readCsv(path, ',', maxRows);
    if (ext == ".tsv") return tables::readCsv(path, '\t', maxRows);
    if (ext == ".xlsx") return tables::readXlsx(path, maxRows, sheet);
    if (ext == ".jsonl") return tables::readJsonl(path, maxRows);
    if (ext == ".txt") return tables::readTxt(path, maxRows);
    if (ext == ".xls")
        throw Error(path, "old Excel 97-2003 .xls files are not read; save the sheet as .xlsx or CSV");
    throw Error(path, "unknown table format '" + ext +
                          "'; expected .csv, .tsv, .xlsx, .jsonl or .txt");
}

namespace tables {

std::string readFileBytes(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw Error(path, "is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, std::filesystem::exists(path, ec) ? "cannot be opened (permissions?)" : "no such file");
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw Error(path, "read failed");
    return buf.str();
}

void stripBom(std::string& data) {
    if (data.compare(0, 3, "\xEF\xBB\xBF") == 0) data.erase(0, 3);
}

void requireUtf8(const std::string& path, const std::string& data) {
    size_t line = 1;
    for (size_t i = 0, n = 0; i < data.size(); i += n) {
        if (data[i] == '\n') ++line;
        if (utf8::decodeAt(data, i, &n) == 0xFFFD && n == 1) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(data[i]));
            throw Error(path, "line " + std::to_string(line) + " is not UTF-8 (byte " + hex +
                                  "); save the file as UTF-8 (in Excel: 'CSV UTF-8')");
        }
    }
}

TableBuilder::TableBuilder(const std::string& path, size_t maxRows, const char* where, bool warnShortRows)
    : m_maxRows(maxRows), m_where(where), m_warnShortRows(warnShortRows) {
    m_table.path = path;
}

void TableBuilder::setHeader(std::vector<std::string> names) {
    // pandas' names (the users' scripts were pandas): "Unnamed: i" for blanks, "x.1" for repeats.
    std::set<std::string> taken(names.begin(), names.end());
    std::set<std::string> seen;
    for (size_t i = 0; i < names.size(); ++i) {
        std::string& name = names[i];
        if (name.empty()) {
            name = "Unnamed: " + std::to_string(i);
            m_table.warnings.push_back("column " + std::to_string(i + 1) + " has no name; called it '" + name + "'");
        } else if (seen.count(name)) {
            std::string renamed;
            for (int k = 1; renamed.empty() || taken.count(renamed); ++k) renamed = name + "." + std::to_string(k);
            m_table.warnings.push_back("column " + std::to_string(i + 1) + ": the name '" + name +
                                       "' is repeated; called it '" + renamed + "'");
            name = renamed;
        }
        seen.insert(name);
        taken.insert(name);
    }
    m_table.columns = std::move(names);
    m_hasHeader = true;
}

bool TableBuilder::add(std::vector<std::string> cells, size_t position) {
    if (std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return c.empty(); }))
        return !full();
    if (!m_hasHeader) {
        setHeader(std::move(cells));
        return !full();
    }
    if (full()) return false;
    const size_t width = m_table.columns.size();
    const std::string at = std::string(m_where) + " " + std::to_string(position) + ": ";
    if (cells.size() < width) {
        if (m_warnShortRows)
            m_table.warnings.push_back(at + std::to_string(cells.size()) + " cells, header has " +
                                       std::to_string(width) + " (padded with empty cells)");
        cells.resize(width);
    } else if (cells.size() > width) {
        std::string dropped;
        for (size_t i = width; i < cells.size(); ++i)
            if (!cells[i].empty()) dropped += (dropped.empty() ? "'" : ", '") + cells[i].substr(0, 40) + "'";
        if (!dropped.empty())
            m_table.warnings.push_back(at + std::to_string(cells.size()) + " cells, header has " +
                                       std::to_string(width) + " (extra cells dropped: " + dropped +
                                       "; an unquoted separator inside a cell?)");
        cells.resize(width);
    }
    m_table.rows.push_back(std::move(cells));
    return !full();
}

bool TableBuilder::full() const { return m_maxRows != 0 && m_table.rows.size() >= m_maxRows; }

Table TableBuilder::finish() {
    if (!m_hasHeader) throw Error(m_table.path, "the file is empty (no header row)");
    if (m_table.rows.empty()) m_table.warnings.push_back("the file has a header but no data rows");
    return std::move(m_table);
}

}  // namespace tables
}  // namespace medawq
