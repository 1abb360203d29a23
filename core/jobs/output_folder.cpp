#include "jobs/output_folder.h"

#include <medawq/errors.h>

#include <filesystem>
#include <random>

#include <unistd.h>

namespace fs = std::filesystem;

namespace medawq {

OutputFolder::OutputFolder(const std::string& destination, bool overwrite)
    : m_destination(destination), m_overwrite(overwrite) {
    if (destination.empty()) throw Error("output folder", "no output folder given");
    const fs::path dest = fs::absolute(destination).lexically_normal();
    if (fs::exists(dest) && !overwrite)
        throw Error(destination, "already exists; choose another output folder or allow overwriting");
    std::error_code ec;
    fs::create_directories(dest.parent_path(), ec);
    if (ec) throw Error(dest.parent_path().string(), "cannot create the folder: " + ec.message());
    std::random_device rd;
    m_temp = (dest.parent_path() / ("." + dest.filename().string() + ".partial-" + std::to_string(::getpid()) + "-" +
                                    std::to_string(rd() % 100000)))
                 .string();
    fs::create_directories(m_temp, ec);
    if (ec) throw Error(m_temp, "cannot create the temporary output folder: " + ec.message());
}

OutputFolder::~OutputFolder() {
    if (!m_committed) {
        std::error_code ec;
        fs::remove_all(m_temp, ec);
    }
}

void OutputFolder::commit() {
    const fs::path dest = fs::absolute(m_destination).lexically_normal();
    std::error_code ec;
    fs::path backup;
    if (fs::exists(dest)) {
        backup = dest.parent_path() / ("." + dest.filename().string() + ".old-" + std::to_string(::getpid()));
        fs::rename(dest, backup, ec);
        if (ec) throw Error(m_destination, "cannot move the old folder aside: " + ec.message());
    }
    fs::rename(m_temp, dest, ec);
    if (ec) {
        if (!backup.empty()) fs::rename(backup, dest);
        throw Error(m_destination, "cannot rename the finished output into place: " + ec.message());
    }
    m_committed = true;
    if (!backup.empty()) fs::remove_all(backup, ec);
}

}  // namespace medawq
