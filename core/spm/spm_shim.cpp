// medawq_spm: sentencepiece behind the C interface of spm_shim.h. See that header for why this
// module exists. No exception may cross the C boundary: every entry point catches.
#include "spm_shim.h"

#include <sentencepiece_processor.h>

#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

struct medawq_spm {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

thread_local std::string t_lastError;

int fail(const std::string& message) {
    t_lastError = message;
    return -1;
}

// Copies `s` into out when it fits; returns the size needed either way.
int copyOut(const std::string& s, char* out, size_t capacity) {
    if (out && s.size() <= capacity) std::memcpy(out, s.data(), s.size());
    return static_cast<int>(s.size());
}

bool validId(const medawq_spm* h, int id) {
    return id >= 0 && id < h->processor.GetPieceSize();
}

}  // namespace

extern "C" {

medawq_spm* medawq_spm_load(const char* path) {
    try {
        auto handle = std::make_unique<medawq_spm>();
        const auto status = handle->processor.Load(path ? path : "");
        if (!status.ok()) {
            fail(status.ToString());
            return nullptr;
        }
        return handle.release();
    } catch (const std::exception& e) {
        fail(e.what());
        return nullptr;
    }
}

void medawq_spm_free(medawq_spm* handle) { delete handle; }

const char* medawq_spm_last_error(void) { return t_lastError.c_str(); }

int medawq_spm_encode(const medawq_spm* h, const char* text, size_t length, int* out, int capacity) {
    if (!h) return fail("no sentencepiece model");
    try {
        std::vector<int> ids;
        const auto status = h->processor.Encode(std::string(text ? text : "", text ? length : 0), &ids);
        if (!status.ok()) return fail(status.ToString());
        if (out && static_cast<int>(ids.size()) <= capacity) std::copy(ids.begin(), ids.end(), out);
        return static_cast<int>(ids.size());
    } catch (const std::exception& e) {
        return fail(e.what());
    }
}

int medawq_spm_decode(const medawq_spm* h, const int* ids, int count, char* out, size_t capacity) {
    if (!h) return fail("no sentencepiece model");
    try {
        std::vector<int> v(ids, ids + (count > 0 ? count : 0));
        for (int id : v)
            if (!validId(h, id)) return fail("id " + std::to_string(id) + " is out of the vocabulary");
        std::string text;
        const auto status = h->processor.Decode(v, &text);
        if (!status.ok()) return fail(status.ToString());
        return copyOut(text, out, capacity);
    } catch (const std::exception& e) {
        return fail(e.what());
    }
}

int medawq_spm_id_to_piece(const medawq_spm* h, int id, char* out, size_t capacity) {
    if (!h || !validId(h, id)) return fail("id " + std::to_string(id) + " is out of the vocabulary");
    return copyOut(h->processor.IdToPiece(id), out, capacity);
}

int medawq_spm_piece_to_id(const medawq_spm* h, const char* piece, size_t length) {
    if (!h || !piece) return -1;
    const std::string p(piece, length);
    const int id = h->processor.PieceToId(p);
    // sentencepiece answers unk_id for unknown pieces; tell those apart from "<unk>" itself.
    if (id == h->processor.unk_id() && h->processor.IdToPiece(id) != p) return -1;
    return id;
}

int medawq_spm_is_control(const medawq_spm* h, int id) {
    return h && validId(h, id) && h->processor.IsControl(id) ? 1 : 0;
}

int medawq_spm_vocab_size(const medawq_spm* h) { return h ? h->processor.GetPieceSize() : 0; }
int medawq_spm_bos_id(const medawq_spm* h) { return h ? h->processor.bos_id() : -1; }
int medawq_spm_eos_id(const medawq_spm* h) { return h ? h->processor.eos_id() : -1; }
int medawq_spm_unk_id(const medawq_spm* h) { return h ? h->processor.unk_id() : -1; }
int medawq_spm_pad_id(const medawq_spm* h) { return h ? h->processor.pad_id() : -1; }

}  // extern "C"
