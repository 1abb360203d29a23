#include "eval/radgraph_bridge.h"

#include <medawq/errors.h>

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;
using nlohmann::json;

namespace medawq {

namespace {

// A child process with its stdin and stdout on pipes and its stderr in a file (read when it
// fails, so its message reaches the user).
class Child {
public:
    explicit Child(const std::vector<std::string>& argv) {
        static const bool ignored = (std::signal(SIGPIPE, SIG_IGN), true);  // a dead child must not kill us
        (void)ignored;
        int toChild[2], fromChild[2];
        if (pipe(toChild) != 0 || pipe(fromChild) != 0) throw Error("radgraph", "cannot create pipes");
        char tmpl[] = "/tmp/medawq-radgraph-XXXXXX";
        const int errFd = mkstemp(tmpl);
        m_errPath = tmpl;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, toChild[0], 0);
        posix_spawn_file_actions_adddup2(&fa, fromChild[1], 1);
        posix_spawn_file_actions_adddup2(&fa, errFd, 2);
        for (int fd : {toChild[0], toChild[1], fromChild[0], fromChild[1], errFd}) posix_spawn_file_actions_addclose(&fa, fd);
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        const int rc = posix_spawnp(&m_pid, args[0], &fa, nullptr, args.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        close(toChild[0]);
        close(fromChild[1]);
        close(errFd);
        m_in = fdopen(toChild[1], "w");
        m_out = fdopen(fromChild[0], "r");
        if (rc != 0) {
            m_pid = -1;
            throw Error(argv[0], std::string("cannot start the Python interpreter (") + std::strerror(rc) +
                                     "); set MEDAWQ_PYTHON to one that has the radgraph package");
        }
    }
    ~Child() {
        if (m_in) fclose(m_in);
        if (m_out) fclose(m_out);
        if (m_pid > 0) {
            int status = 0;
            waitpid(m_pid, &status, 0);
        }
        std::error_code ec;
        fs::remove(m_errPath, ec);
    }
    bool send(const json& j) {
        const std::string line = j.dump() + "\n";
        return std::fwrite(line.data(), 1, line.size(), m_in) == line.size() && std::fflush(m_in) == 0;
    }
    // The next JSON line; discarded json when the child closed its output.
    json receive() {
        std::string line;
        int c;
        while ((c = std::fgetc(m_out)) != EOF && c != '\n') line += char(c);
        if (line.empty() && c == EOF) return json(json::value_t::discarded);
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) m_stray += line + "\n";  // a library printing to stdout: keep for the message
        return j.is_discarded() ? receive() : j;
    }
    std::string errors() const {
        std::ifstream in(m_errPath);
        std::stringstream s;
        s << in.rdbuf() << m_stray;
        std::string text = s.str();
        return text.size() > 2000 ? "..." + text.substr(text.size() - 2000) : text;
    }
    void closeInput() {
        if (m_in) fclose(m_in);
        m_in = nullptr;
    }

private:
    pid_t m_pid = -1;
    FILE* m_in = nullptr;
    FILE* m_out = nullptr;
    std::string m_errPath, m_stray;
};

}  // namespace

RadGraphBridge::RadGraphBridge(std::string modelType) : m_modelType(std::move(modelType)) {}

std::string RadGraphBridge::pythonPath() {
    const char* p = std::getenv("MEDAWQ_PYTHON");
    return p && *p ? p : "python3";
}

std::string RadGraphBridge::scriptPath() {
    if (const char* p = std::getenv("MEDAWQ_RADGRAPH_SCRIPT"); p && *p) return p;
    for (const char* candidate : {MEDAWQ_RESOURCE_DIR "/radgraph/medawq_radgraph.py", MEDAWQ_INSTALLED_SCRIPT})
        if (fs::exists(candidate)) return candidate;
    return MEDAWQ_INSTALLED_SCRIPT;
}

RadGraphAvailability RadGraphBridge::probe() const {
    RadGraphAvailability a;
    a.python = pythonPath();
    const std::string script = scriptPath();
    if (!fs::exists(script)) {
        a.reason = "MedAWQ's RadGraph scorer script is missing (" + script + ")";
        return a;
    }
    try {
        Child child({a.python, script, "--model", m_modelType, "--probe"});
        const json first = child.receive();
        if (first.is_discarded()) {
            a.reason = "the RadGraph scorer exited without answering: " + child.errors();
        } else if (first.contains("error")) {
            a.reason = first["error"].get<std::string>();
        } else {
            a.available = first.value("ready", false);
            a.packageVersion = first.value("radgraph_version", "");
            a.python = first.value("python", a.python);
        }
    } catch (const Error& e) {
        a.reason = e.what();
    }
    return a;
}

namespace {

// Starts the scorer and reads its first line (ready or the reason it is not).
std::unique_ptr<Child> startScorer(const std::string& modelType) {
    const std::string script = RadGraphBridge::scriptPath();
    auto child = std::make_unique<Child>(std::vector<std::string>{RadGraphBridge::pythonPath(), script, "--model", modelType});
    const json first = child->receive();
    if (first.is_discarded()) throw Error(script, "the RadGraph scorer exited without answering: " + child->errors());
    if (first.contains("error")) throw Error("RadGraph", first["error"].get<std::string>());
    return child;
}

}  // namespace

std::vector<RadGraphReward> RadGraphBridge::packageRewards(const std::vector<std::pair<std::string, std::string>>& pairs) const {
    const std::string script = scriptPath();
    auto child = startScorer(m_modelType);
    std::vector<RadGraphReward> out;
    for (size_t i = 0; i < pairs.size(); ++i) {
        if (!child->send({{"id", i}, {"hyp", pairs[i].first}, {"ref", pairs[i].second}}))
            throw Error(script, "the RadGraph scorer stopped: " + child->errors());
        const json answer = child->receive();
        if (answer.is_discarded()) throw Error(script, "the RadGraph scorer stopped at pair " + std::to_string(i + 1) + ": " + child->errors());
        if (answer.contains("error"))
            throw Error("RadGraph", "F1RadGraph failed on pair " + std::to_string(i + 1) + ": " + answer["error"].get<std::string>());
        const json& r = answer.at("reward");
        if (!r.is_array() || r.size() != 3) throw Error(script, "F1RadGraph answered without three rewards (protocol error)");
        out.push_back({r[0].get<double>(), r[1].get<double>(), r[2].get<double>()});
    }
    child->send({{"done", true}});
    child->closeInput();
    return out;
}

std::vector<RadGraphAnnotation> RadGraphBridge::annotate(const std::vector<std::string>& texts,
                                                         const std::function<bool(int64_t, int64_t)>& progress) const {
    const std::string script = scriptPath();
    auto started = startScorer(m_modelType);
    Child& child = *started;
    std::vector<RadGraphAnnotation> out;
    for (size_t i = 0; i < texts.size(); ++i) {
        if (progress && !progress(int64_t(i), int64_t(texts.size()))) throw Cancelled();
        if (!child.send({{"id", i}, {"text", texts[i]}})) throw Error(script, "the RadGraph scorer stopped: " + child.errors());
        const json answer = child.receive();
        if (answer.is_discarded()) throw Error(script, "the RadGraph scorer stopped at text " + std::to_string(i + 1) + ": " + child.errors());
        if (answer.contains("error"))
            throw Error("RadGraph", "text " + std::to_string(i + 1) + " could not be annotated: " + answer["error"].get<std::string>());
        if (answer.value("id", -1) != int(i)) throw Error(script, "answered out of order (protocol error)");
        out.push_back(parseRadGraphAnnotation(answer["annotation"], "RadGraph annotation of text " + std::to_string(i + 1)));
    }
    child.send({{"done", true}});
    child.closeInput();
    return out;
}

}  // namespace medawq
