// CSV output as spreadsheet programs and pandas read it: RFC 4180 quoting (a field with a comma,
// quote or line break is quoted, quotes doubled), LF line ends, UTF-8 without a byte order mark.
#pragma once

#include <string>
#include <vector>

#include <medawq/table.h>  // writeCsv

namespace medawq {

std::string csvRow(const std::vector<std::string>& fields);  // one line, with its "\n"

}  // namespace medawq
