#include "formats/csv_writer.h"

#include <medawq/errors.h>

#include <fstream>

namespace medawq {

std::string csvRow(const std::vector<std::string>& fields) {
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) line += ',';
        const std::string& f = fields[i];
        if (f.find_first_of(",\"\r\n") == std::string::npos) {
            line += f;
            continue;
        }
        line += '"';
        for (char c : f) line += c == '"' ? std::string("\"\"") : std::string(1, c);
        line += '"';
    }
    return line + "\n";
}

void writeCsv(const std::string& path, const std::vector<std::string>& header,
              const std::vector<std::vector<std::string>>& rows) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error(path, "cannot open for writing");
    out << csvRow(header);
    for (const auto& r : rows) out << csvRow(r);
    out.flush();
    if (!out) throw Error(path, "write failed (disk full?)");
}

}  // namespace medawq
