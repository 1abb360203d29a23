// `medawq report --run DIR --pdf OUT.pdf ...`: the experiment report needs Qt (PDF, charts),
// which this core-only program does not link; it runs medawq-report from its own folder with
// the same arguments, so that a headless server uses one command line for everything.
#include "commands.h"

#include <medawq/errors.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace medawq::cli {

Action addReport(CLI::App& app) {
    // Every argument goes to medawq-report, --help included (it lists the options).
    app.prefix_command();
    app.set_help_flag();
    app.allow_extras();
    return [&app]() -> int {
        std::error_code ec;
        const fs::path self = fs::read_symlink("/proc/self/exe", ec);
        const fs::path report = (ec ? fs::path(".") : self.parent_path()) / "medawq-report";
        if (!fs::exists(report))
            throw Error(report.string(), "not found: the report (PDF, charts) is built only where Qt is present "
                                         "(configure with -DMEDAWQ_UI=ON and build the medawq-report target)");
        std::vector<std::string> args = {report.string()};
        for (const std::string& a : app.remaining()) args.push_back(a);
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(report.c_str(), argv.data());
        throw Error(report.string(), std::string("cannot be run: ") + std::strerror(errno));
    };
}

}  // namespace medawq::cli
