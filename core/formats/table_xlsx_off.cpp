// Built instead of table_xlsx.cpp when MEDAWQ_XLSX is OFF (libzip or pugixml missing at configure
// time, e.g. on the GPU box): .xlsx is refused with the way out, rather than the build failing.
#include "formats/table_internal.h"

#include <medawq/errors.h>

namespace medawq {

bool xlsxSupported() { return false; }

namespace tables {

Table readXlsx(const std::string& path, size_t, const std::string&) {
    throw Error(path, "this build has no XLSX support; save the sheet as CSV (UTF-8)");
}

}  // namespace tables
}  // namespace medawq
