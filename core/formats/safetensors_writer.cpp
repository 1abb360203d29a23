// SafetensorsWriter: header first (every spec is known up front), then the data streamed in
// spec order, into "<path>.part" that only a complete finish() renames into place.
#include "formats/safetensors_internal.h"
#include "medawq/errors.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <set>

#include <unistd.h>

namespace medawq {

namespace {

using nlohmann::json;

// The header padded with spaces (allowed by the format) so the data region starts 8-byte
// aligned; the reference writer does the same.
std::string headerText(const std::vector<TensorSpec>& specs, const std::vector<uint64_t>& ends,
                       const std::map<std::string, std::string>& metadata) {
    // nlohmann::json keeps keys sorted: the same specs always give the same bytes.
    json header = json::object();
    header["__metadata__"] = metadata;
    uint64_t begin = 0;
    for (size_t i = 0; i < specs.size(); ++i) {
        header[specs[i].name] = {{"dtype", dtypeName(specs[i].dtype)},
                                 {"shape", specs[i].shape},
                                 {"data_offsets", {begin, ends[i]}}};
        begin = ends[i];
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    return text;
}

}  // namespace

SafetensorsWriter::SafetensorsWriter(const std::string& path, std::vector<TensorSpec> specs,
                                     std::map<std::string, std::string> metadata)
    : m_path(path), m_partPath(path + ".part"), m_specs(std::move(specs)) {
    std::set<std::string> seen;
    for (const TensorSpec& spec : m_specs) {
        if (spec.name.empty())
            throw Error(path, "a tensor has an empty name");
        if (spec.name == "__metadata__")
            throw Error(path, "\"__metadata__\" is reserved and can't name a tensor");
        if (!seen.insert(spec.name).second)
            throw Error(path, "tensor " + spec.name + " is declared twice");
        uint64_t bytes;
        try {
            bytes = tensorBytes(spec);
        } catch (const Error& e) {
            throw Error(path, "tensor " + spec.name + ": " + e.problem());
        }
        if (__builtin_add_overflow(m_totalBytes, bytes, &m_totalBytes))
            throw Error(path, "total tensor size overflows 64 bits");
        m_ends.push_back(m_totalBytes);
    }
    metadata.emplace("format", "pt");   // transformers refuses files without it
    const std::string header = headerText(m_specs, m_ends, metadata);

    m_file = std::fopen(m_partPath.c_str(), "wb");
    if (!m_file)
        throw Error(m_partPath, "cannot create: " + detail::systemMessage(errno));
    // Callers stream layer by layer, sometimes in small pieces: fewer syscalls.
    std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);

    unsigned char length[8];
    uint64_t n = header.size();
    for (unsigned char& byte : length) {
        byte = static_cast<unsigned char>(n & 0xff);
        n >>= 8;
    }
    if (std::fwrite(length, 1, 8, m_file) != 8 ||
        std::fwrite(header.data(), 1, header.size(), m_file) != header.size())
        fail("cannot write header: " + detail::systemMessage(errno));
}

SafetensorsWriter::~SafetensorsWriter() {
    if (!m_finished)
        discard();
}

void SafetensorsWriter::write(const void* data, size_t nbytes) {
    if (m_finished || !m_file)
        throw Error(m_path, "write after the file was finished or abandoned");
    if (nbytes > m_totalBytes - m_written)
        throw Error(m_path, "write of " + std::to_string(nbytes) + " bytes exceeds the declared "
                            "tensor data (" + std::to_string(m_totalBytes - m_written) +
                            " bytes left)");
    if (nbytes == 0)
        return;
    if (std::fwrite(data, 1, nbytes, m_file) != nbytes)
        fail("write failed: " + detail::systemMessage(errno));
    m_written += nbytes;
}

void SafetensorsWriter::finish() {
    if (m_finished)
        return;
    if (!m_file)
        throw Error(m_path, "finish after the file was abandoned");
    if (m_written != m_totalBytes) {
        // Name the first tensor that is short: the caller's bug is usually there.
        size_t i = 0;
        while (m_ends[i] <= m_written)
            ++i;
        const uint64_t begin = i == 0 ? 0 : m_ends[i - 1];
        fail("finished after " + std::to_string(m_written) + " of " +
             std::to_string(m_totalBytes) + " data bytes: tensor " + m_specs[i].name + " got " +
             std::to_string(m_written - begin) + " of its " + std::to_string(m_ends[i] - begin) +
             " bytes");
    }
    if (std::fflush(m_file) != 0 || ::fsync(::fileno(m_file)) != 0)
        fail("cannot flush to disk: " + detail::systemMessage(errno));
    const int closed = std::fclose(m_file);
    m_file = nullptr;
    if (closed != 0)
        fail("cannot close: " + detail::systemMessage(errno));
    if (std::rename(m_partPath.c_str(), m_path.c_str()) != 0)
        fail("cannot rename " + m_partPath + " into place: " + detail::systemMessage(errno));
    m_finished = true;
}

void SafetensorsWriter::fail(const std::string& problem) {
    discard();
    throw Error(m_path, problem);
}

void SafetensorsWriter::discard() noexcept {
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
    }
    std::remove(m_partPath.c_str());
}

}  // namespace medawq
