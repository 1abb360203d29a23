// StreamingDecoder: text for each new id, as text-generation-inference and tokenizers'
// DecodeStream do it. Decoding single ids would lose sentencepiece's spaces ("▁the" decodes to
// "the" at the start of a text) and cut multi-byte characters split over byte tokens. Instead the
// pending ids are decoded together with a few already-emitted ids of context, and only the part
// after the context's own decoding is returned; text ending in U+FFFD (an unfinished character)
// is held back until more ids arrive.
#include "medawq/tokenizer.h"

namespace medawq {

namespace {
const std::string kReplacement = "\xEF\xBF\xBD";

bool endsWithReplacement(const std::string& s) {
    return s.size() >= kReplacement.size() && s.compare(s.size() - kReplacement.size(), kReplacement.size(), kReplacement) == 0;
}
}  // namespace

StreamingDecoder::StreamingDecoder(const Tokenizer& tokenizer, bool skipSpecial)
    : m_tokenizer(tokenizer), m_skipSpecial(skipSpecial) {}

std::string StreamingDecoder::push(int id) {
    m_ids.push_back(id);
    const std::vector<int> context(m_ids.begin() + m_prefixOffset, m_ids.begin() + m_readOffset);
    const std::vector<int> all(m_ids.begin() + m_prefixOffset, m_ids.end());
    const std::string before = m_tokenizer.decode(context, m_skipSpecial);
    const std::string after = m_tokenizer.decode(all, m_skipSpecial);
    if (after.size() <= before.size() || endsWithReplacement(after) || after.compare(0, before.size(), before) != 0)
        return {};
    m_prefixOffset = m_readOffset;
    m_readOffset = m_ids.size();
    return after.substr(before.size());
}

std::string StreamingDecoder::flush() {
    const std::vector<int> context(m_ids.begin() + m_prefixOffset, m_ids.begin() + m_readOffset);
    const std::vector<int> all(m_ids.begin() + m_prefixOffset, m_ids.end());
    const std::string before = m_tokenizer.decode(context, m_skipSpecial);
    const std::string after = m_tokenizer.decode(all, m_skipSpecial);
    m_prefixOffset = m_readOffset = m_ids.size();
    if (after.size() <= before.size()) return {};
    return after.compare(0, before.size(), before) == 0 ? after.substr(before.size()) : after;
}

}  // namespace medawq
