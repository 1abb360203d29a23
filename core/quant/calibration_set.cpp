#include "quant/calibration_set.h"

#include <medawq/errors.h>
#include <medawq/tokenizer.h>

namespace medawq {

namespace {
std::string strip(const std::string& s) {
    const char* ws = " \t\r\n";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}
}  // namespace

CalibrationBlocks packCalibration(const std::vector<std::string>& texts, const Tokenizer& tokenizer,
                                  const CalibrationOptions& o) {
    if (o.seqlen < 16) throw Error("--seqlen", "must be at least 16 tokens");
    CalibrationBlocks out;
    CalibrationStats& st = out.stats;
    st.textsGiven = int64_t(texts.size());
    const int bos = tokenizer.bosId();
    const bool addBos = tokenizer.addsBos() && bos >= 0;
    std::vector<int64_t> stream;
    for (const std::string& raw : texts) {
        const std::string text = strip(raw);
        std::vector<int> ids = text.empty() ? std::vector<int>{} : tokenizer.encode(text, addBos);
        if (ids.empty() || (addBos && ids.size() == 1)) {
            ++st.skippedEmpty;
            continue;
        }
        if (int64_t(ids.size()) > o.seqlen) {
            if (!o.truncateLong) {
                ++st.skippedTooLong;
                continue;
            }
            ids.resize(size_t(o.seqlen));
            ++st.truncated;
        }
        ++st.textsUsed;
        stream.insert(stream.end(), ids.begin(), ids.end());
    }
    // With BOS per block, each block is BOS + (seqlen - 1) stream tokens; the stream's own
    // BOS tokens (one per text) stay where they are, marking text starts.
    const int64_t payload = o.bosPerBlock && addBos ? o.seqlen - 1 : o.seqlen;
    int64_t blocks = int64_t(stream.size()) / payload;
    if (o.maxBlocks > 0) blocks = std::min(blocks, o.maxBlocks);
    st.blocks = blocks;
    st.tokensUsed = blocks * o.seqlen;
    st.tokensDiscarded = int64_t(stream.size()) - blocks * payload;
    if (blocks == 0)
        throw Error("calibration data", "too little usable text: " + std::to_string(stream.size()) +
                                            " tokens from " + std::to_string(st.textsUsed) + " texts, but one block needs " +
                                            std::to_string(o.seqlen) + " (use more samples or a shorter --seqlen)");
    at::Tensor ids = at::empty({blocks, o.seqlen}, at::TensorOptions().dtype(at::kLong));
    int64_t* p = ids.data_ptr<int64_t>();
    for (int64_t b = 0; b < blocks; ++b) {
        int64_t* row = p + b * o.seqlen;
        const int64_t* src = stream.data() + b * payload;
        if (payload != o.seqlen) {
            row[0] = bos;
            std::copy(src, src + payload, row + 1);
        } else {
            std::copy(src, src + payload, row);
        }
    }
    out.ids = ids;
    return out;
}

}  // namespace medawq
