// Checkpoint: finds a model folder's safetensors (single file or index + shards) and refuses
// the alternatives it must not read (pickles) with an explanation instead of a bare "not found".
#include "formats/safetensors_internal.h"
#include "medawq/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace medawq {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kSingleFile = "model.safetensors";
constexpr const char* kIndexFile = "model.safetensors.index.json";

bool isRegularFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// Shard names come from a downloaded JSON file: a bare file name in the folder, nothing else,
// so an index can't make us open "../../etc/x" or an absolute path.
bool isBareFileName(const std::string& name) {
    return !name.empty() && name != "." && name != ".." &&
           name.find('/') == std::string::npos && name.find('\\') == std::string::npos &&
           name.find('\0') == std::string::npos;
}

// Weight files MedAWQ refuses to load: torch.load unpickles, and unpickling runs code.
std::vector<std::string> pickleFiles(const fs::path& dir) {
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string ext = entry.path().extension().string();
        if (ext == ".bin" || ext == ".pt" || ext == ".pth" || ext == ".ckpt" || ext == ".pkl")
            found.push_back(entry.path().filename().string());
    }
    std::sort(found.begin(), found.end());
    return found;
}

json readIndex(const fs::path& indexPath) {
    const std::string path = indexPath.string();
    std::ifstream in(indexPath, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open");
    std::stringstream text;
    text << in.rdbuf();
    json index = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (index.is_discarded())
        throw Error(path, "not valid JSON");
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
        throw Error(path, "no \"weight_map\" object: not a safetensors index");
    return index;
}

}  // namespace

Checkpoint Checkpoint::open(const std::string& directory) {
    Checkpoint ckpt;
    ckpt.m_directory = directory;
    const fs::path dir(directory);
    std::error_code ec;

    auto addFile = [&ckpt](std::shared_ptr<SafetensorsFile> file) {
        const size_t index = ckpt.m_files.size();
        for (const std::string& name : file->names()) {
            ckpt.m_names.push_back(name);
            ckpt.m_fileIndex[name] = index;
        }
        ckpt.m_files.push_back(std::move(file));
    };

    // A single .safetensors file given directly: handy for tools and tests.
    if (isRegularFile(dir)) {
        if (dir.extension() != ".safetensors")
            throw Error(directory, "not a model folder or a .safetensors file");
        addFile(SafetensorsFile::open(directory));
        return ckpt;
    }
    if (!fs::exists(dir, ec))
        throw Error(directory, "folder not found");
    if (!fs::is_directory(dir, ec))
        throw Error(directory, "not a folder");

    const fs::path indexPath = dir / kIndexFile;
    if (isRegularFile(indexPath)) {
        // The index wins over a stray model.safetensors, as in transformers.
        const std::string indexName = indexPath.string();
        const json index = readIndex(indexPath);
        std::vector<std::string> shardOrder;
        std::map<std::string, std::vector<std::string>> tensorsByShard;
        for (auto it = index["weight_map"].begin(); it != index["weight_map"].end(); ++it) {
            if (!it.value().is_string())
                throw Error(indexName, "weight_map entry for " + it.key() + " is not a file name");
            const std::string shard = it.value().get<std::string>();
            if (!isBareFileName(shard))
                throw Error(indexName, "shard name \"" + shard +
                                           "\" is not a plain file name in the model folder; refused");
            auto& list = tensorsByShard[shard];
            if (list.empty())
                shardOrder.push_back(shard);
            list.push_back(it.key());
        }
        if (shardOrder.empty())
            throw Error(indexName, "weight_map is empty");
        for (const std::string& shard : shardOrder) {
            const fs::path shardPath = dir / shard;
            if (!isRegularFile(shardPath))
                throw Error(shardPath.string(), "shard listed in " + std::string(kIndexFile) +
                                                    " is missing");
            auto file = SafetensorsFile::open(shardPath.string());
            for (const std::string& name : tensorsByShard[shard])
                if (!file->contains(name))
                    throw Error(file->path(), "tensor " + name + " listed in " +
                                                  std::string(kIndexFile) + " is absent");
            // Only the indexed tensors, in file order: the index is the table of contents.
            const std::set<std::string> listed(tensorsByShard[shard].begin(),
                                               tensorsByShard[shard].end());
            const size_t index = ckpt.m_files.size();
            for (const std::string& name : file->names()) {
                if (listed.count(name)) {
                    ckpt.m_names.push_back(name);
                    ckpt.m_fileIndex[name] = index;
                }
            }
            ckpt.m_files.push_back(std::move(file));
        }
        return ckpt;
    }

    const fs::path single = dir / kSingleFile;
    if (isRegularFile(single)) {
        addFile(SafetensorsFile::open(single.string()));
        return ckpt;
    }

    const std::vector<std::string> pickles = pickleFiles(dir);
    if (!pickles.empty()) {
        std::string list;
        for (const std::string& p : pickles)
            list += (list.empty() ? "" : ", ") + p;
        throw Error(directory,
                    "only PyTorch pickle weights found (" + list +
                        "). Loading a pickle can run arbitrary code, so MedAWQ reads safetensors "
                        "only. Convert the model first, e.g. in Python: "
                        "AutoModelForCausalLM.from_pretrained(folder).save_pretrained(out, "
                        "safe_serialization=True)");
    }
    throw Error(directory, "no weights found (expected " + std::string(kSingleFile) + " or " +
                               kIndexFile + ")");
}

bool Checkpoint::contains(const std::string& name) const { return m_fileIndex.count(name) != 0; }

TensorView Checkpoint::tensor(const std::string& name) const {
    auto it = m_fileIndex.find(name);
    if (it == m_fileIndex.end())
        throw Error(m_directory, "no tensor named " + name);
    return m_files[it->second]->tensor(name);
}

std::string Checkpoint::fileOf(const std::string& name) const {
    auto it = m_fileIndex.find(name);
    if (it == m_fileIndex.end())
        throw Error(m_directory, "no tensor named " + name);
    return m_files[it->second]->path();
}

std::vector<std::string> Checkpoint::files() const {
    std::vector<std::string> paths;
    for (const auto& file : m_files)
        paths.push_back(file->path());
    return paths;
}

uint64_t Checkpoint::totalFileBytes() const {
    uint64_t total = 0;
    for (const auto& file : m_files)
        total += file->fileSize();
    return total;
}

const std::map<std::string, std::string>& Checkpoint::metadata() const {
    return m_files.front()->metadata();   // open() never returns without a file
}

}  // namespace medawq
