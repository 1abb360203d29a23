#include "formats/sentencepiece_tokenizer.h"

#include "formats/spm_library.h"
#include "formats/utf8.h"
#include "medawq/errors.h"

#include <algorithm>
#include <fstream>

namespace medawq {

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::load(const std::string& path) {
    if (!std::ifstream(path, std::ios::binary)) throw Error(path, "cannot open the sentencepiece model");
    const SpmFunctions& spm = spmLibrary();
    medawq_spm* handle = spm.load(path.c_str());
    if (!handle) throw Error(path, std::string("not a sentencepiece model: ") + spm.lastError());
    return std::unique_ptr<SentencePieceTokenizer>(new SentencePieceTokenizer(spm, handle, path));
}

SentencePieceTokenizer::SentencePieceTokenizer(const SpmFunctions& spm, medawq_spm* handle, std::string path)
    : m_spm(spm), m_handle(handle), m_path(std::move(path)) {
    m_pieceCount = spm.vocabSize(handle);
    m_bosId = spm.bosId(handle);
    m_eosId = spm.eosId(handle);
    m_addsBos = true;  // every sentencepiece LLM tokenizer we support starts with BOS
    // Control pieces (<s>, </s>, and e.g. Mistral v3's [INST]) written in text become their ids,
    // as the Hugging Face tokenizers of these models do.
    for (int id = 0; id < m_pieceCount; ++id)
        if (spm.isControl(handle, id)) m_added.add(idToPiece(id), id, true);
}

SentencePieceTokenizer::~SentencePieceTokenizer() { m_spm.free(m_handle); }

void SentencePieceTokenizer::encodePlain(std::string_view text, std::vector<int>& out) const {
    if (text.empty()) return;
    const size_t base = out.size();
    int capacity = static_cast<int>(text.size()) + 8;  // never more ids than bytes (+ dummy prefix)
    for (;;) {
        out.resize(base + capacity);
        const int n = m_spm.encode(m_handle, text.data(), text.size(), out.data() + base, capacity);
        if (n < 0) {
            out.resize(base);
            throw Error(m_path, std::string("sentencepiece could not encode: ") + m_spm.lastError());
        }
        if (n <= capacity) { out.resize(base + n); return; }
        capacity = n;
    }
}

std::vector<int> SentencePieceTokenizer::encode(const std::string& text, bool addBos) const {
    return m_added.encode(text, m_bosId, addBos,
                          [this](std::string_view plain, std::vector<int>& out) { encodePlain(plain, out); });
}

std::string SentencePieceTokenizer::decodePlain(const std::vector<int>& ids) const {
    if (ids.empty()) return {};
    std::string text(ids.size() * 8, '\0');
    for (;;) {
        const int n = m_spm.decode(m_handle, ids.data(), static_cast<int>(ids.size()), text.data(), text.size());
        if (n < 0) throw Error(m_path, std::string("sentencepiece could not decode: ") + m_spm.lastError());
        if (static_cast<size_t>(n) <= text.size()) { text.resize(n); return text; }
        text.resize(n);
    }
}

std::string SentencePieceTokenizer::decode(const std::vector<int>& ids, bool skipSpecial) const {
    // Runs of ordinary ids go to sentencepiece together (its leading-space rule applies per run);
    // added tokens outside the model and unskipped special tokens are written as their text.
    std::string text;
    std::vector<int> run;
    for (int id : ids) {
        const bool outside = id < 0 || id >= m_pieceCount;
        if (isSpecial(id) || outside) {
            text += decodePlain(run);
            run.clear();
            if (!skipSpecial || (outside && !isSpecial(id))) {
                if (const std::string* s = m_added.contentOf(id)) text += *s;
            }
            continue;
        }
        run.push_back(id);
    }
    text += decodePlain(run);
    return utf8::repair(text);
}

std::string SentencePieceTokenizer::idToPiece(int id) const {
    if (id >= m_pieceCount) {
        const std::string* s = m_added.contentOf(id);
        return s ? *s : std::string();
    }
    std::string piece(32, '\0');
    int n = m_spm.idToPiece(m_handle, id, piece.data(), piece.size());
    if (n < 0) return {};
    if (static_cast<size_t>(n) > piece.size()) {
        piece.resize(n);
        n = m_spm.idToPiece(m_handle, id, piece.data(), piece.size());
    }
    piece.resize(n);
    return piece;
}

int SentencePieceTokenizer::pieceToId(const std::string& piece) const {
    const int id = m_spm.pieceToId(m_handle, piece.data(), piece.size());
    return id >= 0 ? id : m_added.idOf(piece);
}

int SentencePieceTokenizer::vocabSize() const { return std::max(m_pieceCount, m_added.maxId() + 1); }

bool SentencePieceTokenizer::isSpecial(int id) const { return m_added.isSpecial(id); }

void SentencePieceTokenizer::addSpecialToken(const std::string& content, int id, bool special) {
    m_added.add(content, id, special);
}

}  // namespace medawq
