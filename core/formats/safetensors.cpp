// SafetensorsFile: maps one file and validates its header completely on open, so that every
// later tensor() is a lookup that cannot read outside the mapping.
#include "formats/safetensors_internal.h"
#include "medawq/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace medawq {

namespace {

using nlohmann::json;

// The reference implementation's limit: a real header is kilobytes to a few megabytes.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

uint64_t readLittleEndian64(const unsigned char* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// Closes the descriptor on every path out of open(); the mapping outlives it.
struct FdGuard {
    int fd;
    ~FdGuard() {
        if (fd >= 0)
            ::close(fd);
    }
};

}  // namespace

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::string& path) {
    // Private constructor: no make_shared. The object owns the mapping from here on, so any
    // throw below unmaps it through the destructor.
    std::shared_ptr<SafetensorsFile> file(new SafetensorsFile());
    file->m_path = path;

    FdGuard fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (fd.fd < 0) {
        const int code = errno;
        throw Error(path, code == ENOENT ? std::string("file not found")
                                         : "cannot open: " + detail::systemMessage(code));
    }
    struct stat st {};
    if (::fstat(fd.fd, &st) != 0)
        throw Error(path, "cannot read file status: " + detail::systemMessage(errno));
    if (S_ISDIR(st.st_mode))
        throw Error(path, "is a folder, not a safetensors file");
    if (!S_ISREG(st.st_mode))
        throw Error(path, "not a regular file");
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    if (size < 8)
        throw Error(path, "file too short for a safetensors header (" + std::to_string(size) +
                              " bytes; at least 8 needed)");

    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.fd, 0);
    if (map == MAP_FAILED)
        throw Error(path, "cannot map file: " + detail::systemMessage(errno));
    file->m_map = static_cast<const unsigned char*>(map);
    file->m_fileSize = size;

    const uint64_t headerBytes = readLittleEndian64(file->m_map);
    if (headerBytes > kMaxHeaderBytes)
        throw Error(path, "header length " + std::to_string(headerBytes) +
                              " is absurd (over 100 MB): not a safetensors file?");
    if (headerBytes > size - 8)
        throw Error(path, "header length " + std::to_string(headerBytes) +
                              " runs past the end of the file (" + std::to_string(size) +
                              " bytes): truncated or not a safetensors file");
    file->m_dataStart = 8 + headerBytes;
    const uint64_t dataBytes = size - file->m_dataStart;

    json header;
    try {
        const char* begin = reinterpret_cast<const char*>(file->m_map + 8);
        header = json::parse(begin, begin + headerBytes);
    } catch (const json::parse_error& e) {
        throw Error(path, "header is not valid JSON (error at byte " + std::to_string(e.byte) +
                              " of " + std::to_string(headerBytes) + ")");
    }
    if (!header.is_object())
        throw Error(path, "header is not a JSON object");

    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const json& value = it.value();
        if (name == "__metadata__") {
            if (!value.is_object())
                throw Error(path, "__metadata__ is not a JSON object");
            for (auto m = value.begin(); m != value.end(); ++m) {
                if (!m.value().is_string())
                    throw Error(path, "__metadata__ value for " + quoted(m.key()) +
                                          " is not a string");
                file->m_metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }

        const std::string where = "tensor " + quoted(name) + ": ";
        if (!value.is_object())
            throw Error(path, where + "entry is not a JSON object");
        for (const char* field : {"dtype", "shape", "data_offsets"})
            if (!value.contains(field))
                throw Error(path, where + "missing " + quoted(field));

        const json& dtypeJson = value["dtype"];
        if (!dtypeJson.is_string())
            throw Error(path, where + "\"dtype\" is not a string");
        const auto dtype = detail::tryParseDType(dtypeJson.get<std::string>());
        if (!dtype)
            throw Error(path, where + "unknown dtype " + dtypeJson.get<std::string>());

        const json& shapeJson = value["shape"];
        if (!shapeJson.is_array())
            throw Error(path, where + "\"shape\" is not a list");
        TensorSpec spec{name, *dtype, {}};
        for (const json& d : shapeJson) {
            if (d.is_number_integer() && !d.is_number_unsigned())
                throw Error(path, where + "negative dimension " + d.dump());
            if (!d.is_number_unsigned() || d.get<uint64_t>() > uint64_t(INT64_MAX))
                throw Error(path, where + "\"shape\" holds " + d.dump() +
                                      ", not a dimension");
            spec.shape.push_back(d.get<int64_t>());
        }

        const json& offsetsJson = value["data_offsets"];
        if (!offsetsJson.is_array() || offsetsJson.size() != 2 ||
            !offsetsJson[0].is_number_unsigned() || !offsetsJson[1].is_number_unsigned())
            throw Error(path, where + "\"data_offsets\" is not a pair of non-negative integers");
        const uint64_t begin = offsetsJson[0].get<uint64_t>();
        const uint64_t end = offsetsJson[1].get<uint64_t>();
        if (begin > end)
            throw Error(path, where + "data_offsets [" + std::to_string(begin) + ", " +
                                  std::to_string(end) + "] are not ordered");
        if (end > dataBytes)
            throw Error(path, where + "data_offsets end " + std::to_string(end) +
                                  " lies outside the data region (" +
                                  std::to_string(dataBytes) + " bytes): truncated file?");

        uint64_t expected;
        try {
            expected = tensorBytes(spec);
        } catch (const Error& e) {
            throw Error(path, where + e.problem());
        }
        if (end - begin != expected)
            throw Error(path, where + "holds " + std::to_string(end - begin) +
                                  " bytes, but shape and dtype " + dtypeName(*dtype) + " need " +
                                  std::to_string(expected));

        file->m_entries.emplace(name, Entry{*dtype, std::move(spec.shape), begin, end});
        file->m_names.push_back(name);
    }

    // File order, and the check that no two tensors share bytes. Empty tensors may sit
    // anywhere (even at the same offset as another tensor): they own no bytes.
    auto& entries = file->m_entries;
    std::sort(file->m_names.begin(), file->m_names.end(),
              [&](const std::string& a, const std::string& b) {
                  const Entry& ea = entries.at(a);
                  const Entry& eb = entries.at(b);
                  return ea.begin != eb.begin ? ea.begin < eb.begin : a < b;
              });
    const std::string* previous = nullptr;
    for (const std::string& name : file->m_names) {
        const Entry& e = entries.at(name);
        if (e.begin == e.end)
            continue;
        if (previous && entries.at(*previous).end > e.begin)
            throw Error(path, "tensors " + quoted(*previous) + " and " + quoted(name) +
                                  " overlap in the data region");
        previous = &name;
    }
    // Gaps between tensors are tolerated (the reference writer leaves none): they are
    // unreadable padding, not a risk.
    return file;
}

SafetensorsFile::~SafetensorsFile() {
    if (m_map)
        ::munmap(const_cast<unsigned char*>(m_map), m_fileSize);
}

bool SafetensorsFile::contains(const std::string& name) const {
    return m_entries.count(name) != 0;
}

TensorView SafetensorsFile::tensor(const std::string& name) const {
    auto it = m_entries.find(name);
    if (it == m_entries.end())
        throw Error(m_path, "no tensor named " + name);
    const Entry& e = it->second;
    TensorView view;
    view.name = name;
    view.dtype = e.dtype;
    view.shape = e.shape;
    view.data = m_map + m_dataStart + e.begin;
    view.nbytes = static_cast<size_t>(e.end - e.begin);
    return view;
}

}  // namespace medawq
