#include "formats/spm_library.h"

#include "medawq/errors.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace medawq {
namespace {

const char* kModuleName = "libmedawq_spm.so";

std::string dirName(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::vector<std::string> candidatePaths() {
    std::vector<std::string> paths;
    if (const char* env = std::getenv("MEDAWQ_SPM_LIBRARY"); env && *env) paths.emplace_back(env);
    // Installed layout: bin/medawq next to lib/medawq/libmedawq_spm.so.
    char exe[4096];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) paths.push_back(dirName(std::string(exe, n)) + "/../lib/medawq/" + kModuleName);
    // A program elsewhere (a test, a plugin host) linking the installed lib/libmedawq_core.so.
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&spmLibrary), &info) && info.dli_fname)
        paths.push_back(dirName(info.dli_fname) + "/medawq/" + kModuleName);
#ifdef MEDAWQ_SPM_BUILD_PATH
    paths.emplace_back(MEDAWQ_SPM_BUILD_PATH);
#endif
    return paths;
}

template <typename F>
void bind(void* module, const char* name, F& target, const std::string& path) {
    target = reinterpret_cast<F>(dlsym(module, name));
    if (!target) throw Error(path, std::string("medawq_spm module lacks ") + name);
}

SpmFunctions loadModule() {
    std::string tried;
    for (const auto& path : candidatePaths()) {
        // RTLD_LOCAL | RTLD_DEEPBIND: the module and its sentencepiece resolve their protobuf
        // symbols against their own copy, never libtorch's (NOTES.md trap 1).
        void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
        if (!module) {
            const char* why = dlerror();
            tried += "\n  " + path + ": " + (why ? why : "not loadable");
            continue;
        }
        SpmFunctions f{};
        bind(module, "medawq_spm_load", f.load, path);
        bind(module, "medawq_spm_free", f.free, path);
        bind(module, "medawq_spm_last_error", f.lastError, path);
        bind(module, "medawq_spm_encode", f.encode, path);
        bind(module, "medawq_spm_decode", f.decode, path);
        bind(module, "medawq_spm_id_to_piece", f.idToPiece, path);
        bind(module, "medawq_spm_piece_to_id", f.pieceToId, path);
        bind(module, "medawq_spm_is_control", f.isControl, path);
        bind(module, "medawq_spm_vocab_size", f.vocabSize, path);
        bind(module, "medawq_spm_bos_id", f.bosId, path);
        bind(module, "medawq_spm_eos_id", f.eosId, path);
        bind(module, "medawq_spm_unk_id", f.unkId, path);
        bind(module, "medawq_spm_pad_id", f.padId, path);
        return f;
    }
    throw Error(kModuleName, "cannot load the sentencepiece module (set MEDAWQ_SPM_LIBRARY); tried:" + tried);
}

}  // namespace

const SpmFunctions& spmLibrary() {
    // Not a function-local static of SpmFunctions: a failed load must be retried (and reported)
    // on the next call instead of leaving a half-initialised table.
    static std::mutex mutex;
    static std::unique_ptr<SpmFunctions> loaded;
    std::lock_guard<std::mutex> lock(mutex);
    if (!loaded) loaded = std::make_unique<SpmFunctions>(loadModule());
    return *loaded;
}

}  // namespace medawq
