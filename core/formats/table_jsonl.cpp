// JSONL: one JSON object per line (the shape `datasets` and most report exporters write).
// ordered_json keeps each object's keys in file order, so that the columns come out in the order
// the writer meant rather than sorted.
#include "formats/table_internal.h"

#include <medawq/errors.h>

#include <nlohmann/json.hpp>

#include <map>

namespace medawq::tables {

namespace {

// Strings as is (no quotes), null as empty, everything else as compact JSON text.
std::string cellText(const nlohmann::ordered_json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return {};
    return v.dump();
}

}  // namespace

Table readJsonl(const std::string& path, size_t maxRows) {
    std::string data = readFileBytes(path);
    stripBom(data);
    requireUtf8(path, data);

    std::vector<std::string> columns;
    std::map<std::string, size_t> index;
    std::vector<std::pair<size_t, std::vector<std::string>>> rows;  // (line, cells by column index)
    size_t line = 0;
    for (size_t pos = 0; pos < data.size() && (maxRows == 0 || rows.size() < maxRows);) {
        size_t end = data.find('\n', pos);
        if (end == std::string::npos) end = data.size();
        std::string text = data.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (text.find_first_not_of(" \t") == std::string::npos) continue;

        nlohmann::ordered_json obj;
        try {
            obj = nlohmann::ordered_json::parse(text);
        } catch (const nlohmann::json::exception& e) {
            throw Error(path, "line " + std::to_string(line) + ": invalid JSON (" + e.what() + ")");
        }
        if (!obj.is_object())
            throw Error(path, "line " + std::to_string(line) + ": expected a JSON object {...}, got " +
                                  std::string(obj.type_name()));
        std::vector<std::string> cells(columns.size());
        for (const auto& [key, value] : obj.items()) {
            auto it = index.find(key);
            if (it == index.end()) {
                it = index.emplace(key, columns.size()).first;
                columns.push_back(key);
                cells.emplace_back();
            }
            cells[it->second] = cellText(value);
        }
        rows.emplace_back(line, std::move(cells));
    }

    if (columns.empty()) throw Error(path, "the file is empty (no JSON object with a key)");
    // Keys are unique within an object and across the union, so setHeader renames nothing.
    TableBuilder builder(path, maxRows, "line", false);
    builder.setHeader(columns);
    for (auto& [at, cells] : rows) builder.add(std::move(cells), at);
    return builder.finish();
}

}  // namespace medawq::tables
