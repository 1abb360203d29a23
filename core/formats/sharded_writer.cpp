// ShardedCheckpointWriter: plans the shards from the specs up front (so names and the index
// are known before any data), then streams through one SafetensorsWriter at a time.
#include "formats/safetensors_internal.h"
#include "medawq/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

namespace medawq {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSingleFile = "model.safetensors";
constexpr const char* kIndexFile = "model.safetensors.index.json";

std::string shardName(size_t index, size_t count) {
    char name[64];
    std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", index + 1, count);
    return name;
}

// model-00001-of-00003.safetensors and the like, from this or an earlier save.
bool looksLikeShard(const std::string& name) {
    const std::string prefix = "model-", suffix = ".safetensors";
    return name.size() > prefix.size() + suffix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
           name.find("-of-") != std::string::npos;
}

}  // namespace

ShardedCheckpointWriter::ShardedCheckpointWriter(const std::string& directory,
                                                 std::vector<TensorSpec> specs,
                                                 std::map<std::string, std::string> metadata,
                                                 uint64_t maxShardBytes)
    : m_directory(directory), m_metadata(std::move(metadata)) {
    if (maxShardBytes == 0)
        throw Error(directory, "the maximum shard size must be positive");
    std::set<std::string> seen;
    m_shards.emplace_back();
    for (TensorSpec& spec : specs) {
        if (!seen.insert(spec.name).second)
            throw Error(directory, "tensor " + spec.name + " is declared twice");
        uint64_t bytes;
        try {
            bytes = tensorBytes(spec);
        } catch (const Error& e) {
            throw Error(directory, "tensor " + spec.name + ": " + e.problem());
        }
        // Greedy, in spec order, like transformers: a tensor never straddles shards, and one
        // larger than the limit sits alone in its shard.
        Shard* shard = &m_shards.back();
        if (!shard->specs.empty() && shard->bytes + bytes > maxShardBytes) {
            m_shards.emplace_back();
            shard = &m_shards.back();
        }
        shard->specs.push_back(std::move(spec));
        shard->bytes += bytes;
        if (__builtin_add_overflow(m_totalBytes, bytes, &m_totalBytes))
            throw Error(directory, "total tensor size overflows 64 bits");
    }
    for (size_t i = 0; i < m_shards.size(); ++i)
        m_shards[i].fileName = m_shards.size() == 1 ? kSingleFile : shardName(i, m_shards.size());

    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec)
        throw Error(directory, "cannot create folder: " + ec.message());
    openShard(0);   // fails now, not at the first write, if the folder is not writable
}

ShardedCheckpointWriter::~ShardedCheckpointWriter() {
    if (!m_finished)
        discard();
}

std::vector<std::string> ShardedCheckpointWriter::files() const {
    std::vector<std::string> paths;
    for (const Shard& shard : m_shards)
        paths.push_back((fs::path(m_directory) / shard.fileName).string());
    return paths;
}

void ShardedCheckpointWriter::write(const void* data, size_t nbytes) {
    if (m_finished)
        throw Error(m_directory, "write after finish");
    if (nbytes > m_totalBytes - m_written)
        throw Error(m_directory, "write of " + std::to_string(nbytes) + " bytes exceeds the "
                                 "declared tensor data (" +
                                 std::to_string(m_totalBytes - m_written) + " bytes left)");
    const auto* bytes = static_cast<const unsigned char*>(data);
    while (nbytes > 0) {
        // Bytes are left, so a later shard still wants some: move on from a full one.
        if (m_shardWritten == m_shards[m_current].bytes)
            finishCurrentShard();
        if (!m_writer)
            openShard(m_current);
        const size_t take = static_cast<size_t>(
            std::min<uint64_t>(nbytes, m_shards[m_current].bytes - m_shardWritten));
        m_writer->write(bytes, take);
        bytes += take;
        nbytes -= take;
        m_shardWritten += take;
        m_written += take;
    }
}

void ShardedCheckpointWriter::finish() {
    if (m_finished)
        return;
    try {
        // A shard still short of bytes fails in its own finish(), naming shard and tensor.
        while (m_current < m_shards.size())
            finishCurrentShard();
        writeIndex();
    } catch (...) {
        discard();
        throw;
    }
    m_finished = true;
    removeStaleFiles();
}

void ShardedCheckpointWriter::openShard(size_t index) {
    const Shard& shard = m_shards[index];
    m_writer = std::make_unique<SafetensorsWriter>(
        (fs::path(m_directory) / shard.fileName).string(), shard.specs, m_metadata);
}

void ShardedCheckpointWriter::finishCurrentShard() {
    if (!m_writer)
        openShard(m_current);   // a shard of empty tensors gets no write() call
    m_writer->finish();
    m_writer.reset();
    ++m_current;
    m_shardWritten = 0;
}

void ShardedCheckpointWriter::writeIndex() {
    if (m_shards.size() == 1)
        return;   // a single model.safetensors needs no index
    nlohmann::json weightMap = nlohmann::json::object();
    for (const Shard& shard : m_shards)
        for (const TensorSpec& spec : shard.specs)
            weightMap[spec.name] = shard.fileName;
    // total_size counts tensor bytes, not file bytes, as transformers writes it.
    const nlohmann::json index = {{"metadata", {{"total_size", m_totalBytes}}},
                                  {"weight_map", weightMap}};
    const fs::path path = fs::path(m_directory) / kIndexFile;
    const std::string part = path.string() + ".part";
    {
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        out << index.dump(2) << "\n";
        out.close();
        if (!out) {
            std::remove(part.c_str());
            throw Error(path.string(), "cannot write the shard index");
        }
    }
    if (std::rename(part.c_str(), path.string().c_str()) != 0) {
        std::remove(part.c_str());
        throw Error(path.string(), "cannot rename the shard index into place");
    }
}

// Leftovers of an earlier save in the other layout would make the folder ambiguous (an old
// index wins over a new model.safetensors); transformers cleans them up the same way.
void ShardedCheckpointWriter::removeStaleFiles() {
    std::set<std::string> ours;
    for (const Shard& shard : m_shards)
        ours.insert(shard.fileName);
    const fs::path dir(m_directory);
    std::error_code ec;
    if (m_shards.size() == 1)
        fs::remove(dir / kIndexFile, ec);
    std::vector<fs::path> stale;   // collected first: no removing while iterating
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (!ours.count(name) &&
            (looksLikeShard(name) || (m_shards.size() > 1 && name == kSingleFile)))
            stale.push_back(entry.path());
    }
    for (const fs::path& path : stale)
        fs::remove(path, ec);
}

// Without a successful finish: nothing of this save may remain to be mistaken for a model.
void ShardedCheckpointWriter::discard() noexcept {
    m_writer.reset();   // removes its own partial file
    std::error_code ec;
    for (size_t i = 0; i < m_current && i < m_shards.size(); ++i)
        fs::remove(fs::path(m_directory) / m_shards[i].fileName, ec);
}

}  // namespace medawq
