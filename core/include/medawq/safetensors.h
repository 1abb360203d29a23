// Safetensors: the only weight format MedAWQ reads or writes (pickles can run code on load).
// Format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N,
// N bytes of JSON {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__":
// {string: string}}, then the data region; offsets are relative to the data region's start.
//
// Reading memory-maps the file: TensorView::data points into the mapping and stays valid as long
// as the SafetensorsFile (or the Checkpoint holding it) lives. Nothing is copied.
//
//   auto ckpt = medawq::Checkpoint::open("models/medgemma-4b");
//   medawq::TensorView w = ckpt.tensor("model.layers.0.mlp.up_proj.weight");
//
// ALIGNMENT: the format makes no alignment promise. TensorView::data may be unaligned for its
// dtype (e.g. an F32 tensor at an odd offset in a third-party file); a consumer that needs
// aligned access must copy (memcpy) first. Files written by SafetensorsWriter start the data
// region 8-byte aligned, but tensor offsets follow each other without padding.
//
// A file that is truncated or rewritten while mapped makes later access fault (SIGBUS);
// do not modify checkpoints that are open.
//
// This header shows no torch and no Qt: the UI and the CLI may include it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace medawq {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL, F8_E4M3 };

size_t dtypeSize(DType dtype);        // bytes per element
const char* dtypeName(DType dtype);   // "F32", "BF16", ... as spelled in the format
// Throws Error(file, "unknown dtype X") for a name outside the enum (U16, F8_E5M2, ... included).
DType parseDType(const std::string& name, const std::string& file);

struct TensorView {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;   // empty for a 0-d (scalar) tensor
    const void* data = nullptr;   // may be unaligned for dtype; see the note at the top
    size_t nbytes = 0;
    int64_t numel() const;        // 1 for a 0-d tensor, 0 if any dimension is 0
};

// One memory-mapped .safetensors file; read-only; all const members are thread-safe.
class SafetensorsFile {
public:
    // Validates the whole header; throws medawq::Error(path, problem) on anything off.
    static std::shared_ptr<SafetensorsFile> open(const std::string& path);
    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::string& path() const { return m_path; }
    // In file order of data offsets (ties, i.e. empty tensors, by name).
    const std::vector<std::string>& names() const { return m_names; }
    bool contains(const std::string& name) const;
    TensorView tensor(const std::string& name) const;   // throws Error(path, "no tensor named X")
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }
    uint64_t fileSize() const { return m_fileSize; }

private:
    SafetensorsFile() = default;
    struct Entry {
        DType dtype;
        std::vector<int64_t> shape;
        uint64_t begin;   // relative to the data region
        uint64_t end;
    };

    std::string m_path;
    std::vector<std::string> m_names;
    std::map<std::string, Entry> m_entries;
    std::map<std::string, std::string> m_metadata;
    const unsigned char* m_map = nullptr;
    uint64_t m_fileSize = 0;
    uint64_t m_dataStart = 0;   // 8 + header length
};

// A Hugging Face model folder: model.safetensors, or shards listed in
// model.safetensors.index.json. `directory` may also name a single .safetensors file.
// With an index, the index is the table of contents: tensors a shard holds but the index does
// not list are not visible. Refuses pickle-only folders (pytorch_model.bin, *.pt, ...) with an
// explanation. Cheap to copy: copies share the mapped files, which stay mapped while any lives.
class Checkpoint {
public:
    static Checkpoint open(const std::string& directory);

    const std::string& directory() const { return m_directory; }
    // Shard by shard (in index order of first appearance), each in data-offset order.
    std::vector<std::string> names() const { return m_names; }
    bool contains(const std::string& name) const;
    TensorView tensor(const std::string& name) const;   // throws Error naming the folder
    std::string fileOf(const std::string& name) const;  // the shard path holding `name`
    std::vector<std::string> files() const;             // shard paths
    uint64_t totalFileBytes() const;                    // sum of the shard file sizes
    // `__metadata__` of the first shard (format, quantization notes, ...).
    const std::map<std::string, std::string>& metadata() const;

private:
    Checkpoint() = default;
    std::string m_directory;
    std::vector<std::shared_ptr<SafetensorsFile>> m_files;
    std::vector<std::string> m_names;
    std::map<std::string, size_t> m_fileIndex;   // tensor name -> index into m_files
};

struct TensorSpec {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
};

// Bytes a tensor of this spec occupies; throws Error(name, ...) on a negative dimension or a
// size that overflows 64 bits.
uint64_t tensorBytes(const TensorSpec& spec);

// Streaming writer: all specs are declared first (the header is written at once), then each
// tensor's bytes are written in spec order, possibly in several chunks (a chunk may span
// tensors), so a model never has to be held in memory. Writes go to "<path>.part", renamed to
// `path` by finish(), so a crash or an error never leaves a half file under the real name.
class SafetensorsWriter {
public:
    // "format":"pt" is added to the metadata unless the caller set "format".
    // Throws Error(path, ...) on duplicate/empty names, bad shapes, or when the file can't be created.
    SafetensorsWriter(const std::string& path, std::vector<TensorSpec> specs,
                      std::map<std::string, std::string> metadata = {});
    ~SafetensorsWriter();   // without finish(): removes the partial file
    SafetensorsWriter(const SafetensorsWriter&) = delete;
    SafetensorsWriter& operator=(const SafetensorsWriter&) = delete;

    // Next bytes of the current tensor(s) in spec order; throws Error if they exceed the
    // declared total or the disk refuses them.
    void write(const void* data, size_t nbytes);
    // Checks every declared byte was written, flushes, syncs, closes and renames into place.
    void finish();

    const std::string& path() const { return m_path; }
    uint64_t totalBytes() const { return m_totalBytes; }      // data bytes declared
    uint64_t bytesWritten() const { return m_written; }       // data bytes written so far

private:
    void fail(const std::string& problem);   // closes + removes the partial file, throws
    void discard() noexcept;

    std::string m_path;
    std::string m_partPath;
    std::vector<TensorSpec> m_specs;
    std::vector<uint64_t> m_ends;   // cumulative end offset of each spec
    uint64_t m_totalBytes = 0;
    uint64_t m_written = 0;
    std::FILE* m_file = nullptr;
    bool m_finished = false;
};

// Writes a model folder the way transformers does: tensors split greedily, in spec order, over
// shards of at most maxShardBytes of tensor data (a tensor larger than that gets a shard of
// its own) as model-0000i-of-0000n.safetensors + model.safetensors.index.json
// ({"metadata":{"total_size":N},"weight_map":{name: shard}}), or a single model.safetensors
// when everything fits. Same streaming discipline as SafetensorsWriter: declare, write(), finish().
// On success, stale weight files of the other layout (an old index, old shards) are removed so
// the folder can't be read inconsistently; without finish(), the files written are removed.
class ShardedCheckpointWriter {
public:
    static constexpr uint64_t kDefaultMaxShardBytes = 5'000'000'000ULL;   // transformers' "5GB"

    // Creates `directory` if needed. `metadata` goes into every shard's `__metadata__`.
    ShardedCheckpointWriter(const std::string& directory, std::vector<TensorSpec> specs,
                            std::map<std::string, std::string> metadata = {},
                            uint64_t maxShardBytes = kDefaultMaxShardBytes);
    ~ShardedCheckpointWriter();
    ShardedCheckpointWriter(const ShardedCheckpointWriter&) = delete;
    ShardedCheckpointWriter& operator=(const ShardedCheckpointWriter&) = delete;

    void write(const void* data, size_t nbytes);   // next bytes, in spec order, across shards
    void finish();                                 // finishes every shard, then writes the index

    std::vector<std::string> files() const;        // shard paths that finish() will produce
    uint64_t totalBytes() const { return m_totalBytes; }
    uint64_t bytesWritten() const { return m_written; }

private:
    struct Shard {
        std::string fileName;
        std::vector<TensorSpec> specs;
        uint64_t bytes = 0;
    };
    void openShard(size_t index);
    void finishCurrentShard();
    void writeIndex();
    void removeStaleFiles();
    void discard() noexcept;

    std::string m_directory;
    std::map<std::string, std::string> m_metadata;
    std::vector<Shard> m_shards;
    size_t m_current = 0;                          // shard being written
    std::unique_ptr<SafetensorsWriter> m_writer;   // open writer of shard m_current, if any
    uint64_t m_shardWritten = 0;
    uint64_t m_totalBytes = 0;
    uint64_t m_written = 0;
    bool m_finished = false;
};

}  // namespace medawq
