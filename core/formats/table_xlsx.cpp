// XLSX (Office Open XML spreadsheets): a zip of XML parts. The sheet is found the way Excel finds
// it (package rels -> workbook -> workbook rels -> worksheet part) rather than by guessing
// "xl/worksheets/sheet1.xml", because the first sheet of a workbook is often not sheet1.xml once a
// user has reordered or deleted sheets. Only the cell values are read; styles, formulas
// (their cached values are used) and dates' number formats are ignored.
#include "formats/table_internal.h"
#include "formats/utf8.h"

#include <medawq/errors.h>

#include <pugixml.hpp>
#include <zip.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>

namespace medawq {

bool xlsxSupported() { return true; }

namespace tables {

namespace {

class ZipArchive {
public:
    explicit ZipArchive(const std::string& path) : m_path(path) {
        std::error_code ec;
        if (std::filesystem::file_size(path, ec) == 0 && !ec) throw Error(path, "the file is empty");
        int code = 0;
        m_zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
        if (!m_zip) {
            if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
                throw Error(path, "not an XLSX workbook: the file is not a zip archive (a password-protected "
                                  "workbook, or a CSV or .xls file renamed to .xlsx?)");
            zip_error_t err;
            zip_error_init_with_code(&err, code);
            const std::string what = zip_error_strerror(&err);
            zip_error_fini(&err);
            throw Error(path, "cannot be opened as a zip archive (" + what + ")");
        }
        if (zip_get_num_entries(m_zip, 0) <= 0) {
            zip_discard(m_zip);
            throw Error(path, "the file is empty (a zip archive without entries)");
        }
    }
    ~ZipArchive() { zip_discard(m_zip); }
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    bool has(const std::string& name) const { return zip_name_locate(m_zip, name.c_str(), ZIP_FL_NOCASE) >= 0; }

    std::string read(const std::string& name) const {
        const zip_int64_t index = zip_name_locate(m_zip, name.c_str(), ZIP_FL_NOCASE);
        if (index < 0) throw Error(m_path, "not a complete XLSX workbook: the part " + name + " is missing");
        zip_stat_t st;
        zip_stat_init(&st);
        zip_file_t* f = zip_fopen_index(m_zip, static_cast<zip_uint64_t>(index), 0);
        if (!f || zip_stat_index(m_zip, static_cast<zip_uint64_t>(index), 0, &st) != 0) {
            if (f) zip_fclose(f);
            throw Error(m_path, "the part " + name + " cannot be read (" + zip_strerror(m_zip) + ")");
        }
        std::string data(static_cast<size_t>(st.size), '\0');
        const zip_int64_t got = zip_fread(f, data.data(), st.size);
        zip_fclose(f);
        if (got < 0 || static_cast<zip_uint64_t>(got) != st.size)
            throw Error(m_path, "the part " + name + " is damaged (short or failed decompression)");
        return data;
    }

private:
    std::string m_path;
    zip_t* m_zip = nullptr;
};

// Element names may carry a namespace prefix ("x:row" from some .NET writers): compare local names.
std::string localName(const char* name) {
    const char* colon = std::strchr(name, ':');
    return colon ? colon + 1 : name;
}

template <typename F>
void forChildren(const pugi::xml_node& node, const char* name, F&& f) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && localName(c.name()) == name) f(c);
}

pugi::xml_node child(const pugi::xml_node& node, const char* name) {
    pugi::xml_node found;
    forChildren(node, name, [&](const pugi::xml_node& c) { if (!found) found = c; });
    return found;
}

// The r:id of a <sheet>: the "id" attribute in the relationships namespace, whatever its prefix.
std::string relationshipId(const pugi::xml_node& node) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        const std::string name = a.name();
        if (name.find(':') != std::string::npos && localName(a.name()) == "id") return a.value();
    }
    return {};
}

class Workbook {
public:
    explicit Workbook(const std::string& path) : m_path(path), m_zip(path) {}

    pugi::xml_document parse(const std::string& part) const {
        const std::string data = m_zip.read(part);
        pugi::xml_document doc;
        // parse_ws_pcdata_single keeps <t xml:space="preserve"> </t>: a cell that is one space.
        const pugi::xml_parse_result ok =
            doc.load_buffer(data.data(), data.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
        if (!ok)
            throw Error(m_path, part + " is not well-formed XML (" + ok.description() + " at byte " +
                                    std::to_string(ok.offset) + ")");
        return doc;
    }

    bool has(const std::string& part) const { return m_zip.has(part); }

    // Relationship id -> (type, resolved part name) from the .rels of `part` ("" = the package).
    std::map<std::string, std::pair<std::string, std::string>> relationships(const std::string& part) const {
        const size_t slash = part.rfind('/');
        const std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
        const std::string file = slash == std::string::npos ? part : part.substr(slash + 1);
        const std::string rels = dir + "_rels/" + file + ".rels";
        std::map<std::string, std::pair<std::string, std::string>> out;
        if (!m_zip.has(rels)) return out;
        const pugi::xml_document doc = parse(rels);
        forChildren(doc.document_element(), "Relationship", [&](const pugi::xml_node& r) {
            out[r.attribute("Id").value()] = {r.attribute("Type").value(), resolve(dir, r.attribute("Target").value())};
        });
        return out;
    }

private:
    // A relationship target is relative to the source part's folder, or absolute from the root.
    static std::string resolve(const std::string& dir, const std::string& target) {
        const std::string joined = !target.empty() && target[0] == '/' ? target.substr(1) : dir + target;
        std::vector<std::string> parts;
        size_t pos = 0;
        while (pos <= joined.size()) {
            size_t end = joined.find('/', pos);
            if (end == std::string::npos) end = joined.size();
            const std::string seg = joined.substr(pos, end - pos);
            if (seg == "..") { if (!parts.empty()) parts.pop_back(); }
            else if (!seg.empty() && seg != ".") parts.push_back(seg);
            pos = end + 1;
        }
        std::string out;
        for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
        return out;
    }

    std::string m_path;
    ZipArchive m_zip;
};

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Excel escapes characters XML cannot hold as _xHHHH_ (a CR in a cell is "_x000D_"), and a literal
// "_x" sequence as "_x005F_x...". Line breaks are then read as "\n", as in the CSV reader.
std::string unescapeExcel(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
            uint32_t cp = 0;
            const auto [end, ec] = std::from_chars(s.data() + i + 2, s.data() + i + 6, cp, 16);
            if (ec == std::errc() && end == s.data() + i + 6) {
                utf8::append(out, cp);
                i += 6;
                continue;
            }
        }
        out += s[i];
    }
    std::string norm;
    for (size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '\r') {
            norm += '\n';
            if (i + 1 < out.size() && out[i + 1] == '\n') ++i;
        } else {
            norm += out[i];
        }
    }
    return norm;
}

// The text of a shared string <si> or an inline <is>: plain <t>, or rich-text runs <r><t>
// concatenated. Phonetic hints (<rPh>) are not part of the cell's text.
std::string richText(const pugi::xml_node& node) {
    std::string out;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const std::string name = localName(c.name());
        if (name == "t") out += c.text().get();
        else if (name == "r") out += child(c, "t").text().get();
    }
    return unescapeExcel(out);
}

// Integral values up to 1e15 as integers ("50000123", not "5.0000123e+07"); anything else in the
// shortest form that reads back to the same double ("0.1", "1e-05").
std::string formatNumber(const std::string& raw) {
    double v = 0;
    const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
    if (ec != std::errc() || end != raw.data() + raw.size()) return raw;
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
        return std::to_string(static_cast<long long>(v));
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

// "C7" -> column 2 (0-based), row 7; false when the reference is malformed.
bool parseCellRef(const std::string& ref, size_t* column, size_t* row) {
    size_t i = 0, col = 0;
    for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i)
        col = col * 26 + static_cast<size_t>(std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (i == 0 || col > 16384) return false;  // Excel's last column is XFD
    size_t r = 0;
    const auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
    if (ec != std::errc() || end != ref.data() + ref.size() || r == 0) return false;
    *column = col - 1;
    *row = r;
    return true;
}

std::string cellValue(const pugi::xml_node& c, const std::vector<std::string>& shared, const std::string& path,
                      const std::string& ref) {
    const std::string type = c.attribute("t").value();
    const std::string v = child(c, "v").text().get();
    if (type == "s") {
        size_t index = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), index);
        if (ec != std::errc() || end != v.data() + v.size() || index >= shared.size())
            throw Error(path, "cell " + ref + " refers to shared string '" + v + "', but the workbook has " +
                                  std::to_string(shared.size()));
        return shared[index];
    }
    if (type == "inlineStr") return richText(child(c, "is"));
    if (type == "b") return v == "1" ? "TRUE" : v == "0" ? "FALSE" : v;
    if (type == "str") return unescapeExcel(v);
    if (type == "e" || type == "d") return v;  // "#N/A"; ISO dates kept as written
    return v.empty() ? v : formatNumber(v);
}

}  // namespace

Table readXlsx(const std::string& path, size_t maxRows, const std::string& sheet) {
    const Workbook book(path);

    // The workbook part: the package's officeDocument relationship, else the usual name.
    std::string workbookPart = "xl/workbook.xml";
    for (const auto& [id, rel] : book.relationships(""))
        if (endsWith(rel.first, "/officeDocument")) workbookPart = rel.second;
    if (!book.has(workbookPart))
        throw Error(path, "not an XLSX workbook: the zip has no " + workbookPart +
                              " (a .docx, .ods or another zip renamed to .xlsx?)");
    const pugi::xml_document workbook = book.parse(workbookPart);
    const auto rels = book.relationships(workbookPart);

    std::vector<std::string> names;
    std::string sheetPart;
    forChildren(child(workbook.document_element(), "sheets"), "sheet", [&](const pugi::xml_node& s) {
        const std::string name = s.attribute("name").value();
        names.push_back(name);
        const bool wanted = sheet.empty() ? names.size() == 1 : name == sheet;
        if (!wanted) return;
        const auto it = rels.find(relationshipId(s));
        if (it == rels.end())
            throw Error(path, "the sheet '" + name + "' has no relationship in the workbook (damaged workbook?)");
        sheetPart = it->second.second;
    });
    if (names.empty()) throw Error(path, "the workbook has no sheets");
    if (sheetPart.empty()) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "'" : ", '") + n + "'";
        throw Error(path, "no sheet named '" + sheet + "'; sheets are: " + list);
    }

    std::vector<std::string> shared;
    for (const auto& [id, rel] : rels) {
        if (!endsWith(rel.first, "/sharedStrings")) continue;
        const pugi::xml_document sst = book.parse(rel.second);
        forChildren(sst.document_element(), "si", [&](const pugi::xml_node& si) { shared.push_back(richText(si)); });
    }

    const pugi::xml_document ws = book.parse(sheetPart);
    TableBuilder builder(path, maxRows, "row", false);
    size_t rowNumber = 0;
    bool more = true;
    forChildren(child(ws.document_element(), "sheetData"), "row", [&](const pugi::xml_node& row) {
        if (!more) return;
        const std::string r = row.attribute("r").value();
        rowNumber = r.empty() ? rowNumber + 1 : static_cast<size_t>(std::strtoull(r.c_str(), nullptr, 10));
        std::vector<std::string> cells;
        size_t column = 0;
        forChildren(row, "c", [&](const pugi::xml_node& c) {
            const std::string ref = c.attribute("r").value();
            size_t col = column, refRow = rowNumber;
            if (!ref.empty() && !parseCellRef(ref, &col, &refRow))
                throw Error(path, sheetPart + ": malformed cell reference '" + ref + "'");
            if (col < cells.size())
                throw Error(path, sheetPart + ": cell " + ref + " repeats or goes back within row " +
                                      std::to_string(rowNumber));
            cells.resize(col + 1);  // columns the writer skipped are empty cells
            cells[col] = cellValue(c, shared, path, ref.empty() ? "in row " + std::to_string(rowNumber) : ref);
            column = col + 1;
        });
        // Formatted but empty trailing cells are common (a styled header row): not columns.
        while (!cells.empty() && cells.back().empty()) cells.pop_back();
        more = builder.add(std::move(cells), rowNumber);
    });
    return builder.finish();
}

}  // namespace tables
}  // namespace medawq
