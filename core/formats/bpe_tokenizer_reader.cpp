// Reading tokenizer.json into a BpeTokenizer (BpeTokenizer::load). Every unsupported piece of the
// pipeline is an Error naming the file: a silently ignored normalizer would tokenize wrongly.
#include "formats/bpe_tokenizer.h"

#include "medawq/errors.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace medawq {

using nlohmann::json;

class BpeTokenizerReader {
public:
    BpeTokenizerReader(BpeTokenizer& tok, const std::string& path) : m_tok(tok), m_path(path) {}

    void read(const json& root) {
        if (!root.is_object()) fail("not a tokenizer.json object");
        readModel(root.value("model", json()));
        if (auto it = root.find("added_tokens"); it != root.end() && it->is_array())
            for (const auto& t : *it)
                m_tok.m_added.add(t.at("content").get<std::string>(), t.at("id").get<int>(), t.value("special", false));
        readNormalizer(root.value("normalizer", json()));
        readPreTokenizer(root.value("pre_tokenizer", json()));
        readPostProcessor(root.value("post_processor", json()));
        readDecoder(root.value("decoder", json()));
        guessSpecialIds();
    }

private:
    [[noreturn]] void fail(const std::string& problem) const { throw Error(m_path, problem); }

    static std::string stringPattern(const json& node, bool* isRegex) {
        const json& p = node.at("pattern");
        if (p.contains("String")) { *isRegex = false; return p.at("String").get<std::string>(); }
        *isRegex = true;
        return p.at("Regex").get<std::string>();
    }

    void readModel(const json& model) {
        const std::string type = model.is_object() ? model.value("type", std::string("BPE")) : "";
        if (type != "BPE")
            fail("unsupported tokenizer model type \"" + (type.empty() ? std::string("none") : type) + "\" (only BPE is supported)");
        if (!model.value("continuing_subword_prefix", json()).is_null() || !model.value("end_of_word_suffix", json()).is_null())
            fail("BPE continuing_subword_prefix / end_of_word_suffix are not supported");
        BpeModel& m = m_tok.m_model;
        m.reserve(model.at("vocab").size(), model.at("merges").size());
        for (const auto& [piece, id] : model.at("vocab").items()) m.addToken(piece, id.get<int>());
        for (const auto& merge : model.at("merges")) {
            if (merge.is_array() && merge.size() == 2) {
                m.addMerge(merge[0].get_ref<const std::string&>(), merge[1].get_ref<const std::string&>());
            } else if (merge.is_string()) {
                const auto& s = merge.get_ref<const std::string&>();
                const auto space = s.find(' ', 1);
                if (space == std::string::npos) fail("merge \"" + s + "\" is not two pieces");
                m.addMerge(s.substr(0, space), s.substr(space + 1));
            } else {
                fail("a merge is neither \"a b\" nor [a, b]");
            }
        }
        m.setByteFallback(model.value("byte_fallback", false));
        m.setIgnoreMerges(model.value("ignore_merges", false));
        const json unk = model.value("unk_token", json());
        if (unk.is_string()) m.setUnknown(m.idOf(unk.get<std::string>()), model.value("fuse_unk", false));
    }

    void readNormalizer(const json& n) {
        if (n.is_null()) return;
        const std::string type = n.at("type").get<std::string>();
        if (type == "Sequence") {
            for (const auto& step : n.at("normalizers")) readNormalizer(step);
        } else if (type == "Replace") {
            bool regex = false;
            std::string pattern = stringPattern(n, &regex);
            if (regex) fail("normalizer Replace with a regex is not supported");
            m_tok.m_normalizer.push_back({BpeTokenizer::NormalizeStep::Replace, pattern, n.at("content").get<std::string>()});
        } else if (type == "Prepend") {
            m_tok.m_normalizer.push_back({BpeTokenizer::NormalizeStep::Prepend, "", n.at("prepend").get<std::string>()});
        } else if (type != "NFC") {
            fail("unsupported normalizer \"" + type + "\"");
        }
    }

    void readPreTokenizer(const json& p) {
        if (p.is_null()) return;
        const std::string type = p.at("type").get<std::string>();
        BpeTokenizer::PreTokenizeStep step{};
        if (type == "Sequence") {
            for (const auto& s : p.at("pretokenizers")) readPreTokenizer(s);
            return;
        } else if (type == "Split") {
            if (p.value("invert", false)) fail("inverted Split pre-tokenizer is not supported");
            bool regex = false;
            step.pattern = stringPattern(p, &regex);
            step.behavior = p.at("behavior").get<std::string>();
            if (regex) {
                step.kind = BpeTokenizer::PreTokenizeStep::SplitRegex;
                if (!recognisePattern(step.pattern, &step.regex))
                    fail("unsupported Split regex " + step.pattern + " (only Llama 3's and GPT-2's are known)");
                if (step.behavior != "Isolated") fail("Split regex behaviour " + step.behavior + " is not supported");
            } else {
                step.kind = BpeTokenizer::PreTokenizeStep::SplitString;
                if (step.pattern.empty()) fail("Split with an empty pattern");
                if (step.behavior != "Isolated" && step.behavior != "MergedWithPrevious" &&
                    step.behavior != "MergedWithNext" && step.behavior != "Removed")
                    fail("Split behaviour " + step.behavior + " is not supported");
            }
        } else if (type == "ByteLevel") {
            step.kind = BpeTokenizer::PreTokenizeStep::ByteLevel;
            step.useRegex = p.value("use_regex", true);
            step.addPrefixSpace = p.value("add_prefix_space", false);
            step.regex = SplitPattern::Gpt2;
        } else {
            fail("unsupported pre_tokenizer \"" + type + "\"");
        }
        m_tok.m_preTokenizer.push_back(step);
    }

    void readPostProcessor(const json& p) {
        m_tok.m_addsBos = false;
        if (p.is_null()) return;
        const std::string type = p.at("type").get<std::string>();
        if (type == "Sequence") {
            for (const auto& s : p.at("processors")) readPostProcessor(s), m_addsBosSeen |= m_tok.m_addsBos;
            m_tok.m_addsBos = m_addsBosSeen;
        } else if (type == "TemplateProcessing") {
            const json& single = p.at("single");
            if (!single.empty() && single[0].contains("SpecialToken")) {
                const std::string name = single[0]["SpecialToken"].at("id").get<std::string>();
                int id = -1;
                if (auto st = p.value("special_tokens", json()); st.contains(name) && !st[name].at("ids").empty())
                    id = st[name]["ids"][0].get<int>();
                if (id < 0) id = m_tok.pieceToId(name);
                if (id >= 0) { m_tok.m_bosId = id; m_tok.m_addsBos = true; }
            }
        }
        // ByteLevel (offset trimming), BertProcessing, ...: nothing that changes ids we use.
    }

    void readDecoder(const json& d) {
        if (d.is_null()) return;
        const std::string type = d.at("type").get<std::string>();
        using Step = BpeTokenizer::DecodeStep;
        if (type == "Sequence") {
            for (const auto& s : d.at("decoders")) readDecoder(s);
        } else if (type == "Replace") {
            bool regex = false;
            std::string pattern = stringPattern(d, &regex);
            if (regex) fail("decoder Replace with a regex is not supported");
            m_tok.m_decoder.push_back({Step::Replace, pattern, d.at("content").get<std::string>()});
        } else if (type == "ByteFallback") {
            m_tok.m_decoder.push_back({Step::ByteFallback, "", ""});
        } else if (type == "Fuse") {
            m_tok.m_decoder.push_back({Step::Fuse, "", ""});
        } else if (type == "Strip") {
            m_tok.m_decoder.push_back({Step::Strip, "", d.at("content").get<std::string>(), d.value("start", 0), d.value("stop", 0)});
        } else if (type == "ByteLevel") {
            m_tok.m_decoder.push_back({Step::ByteLevel, "", ""});
        } else {
            fail("unsupported decoder \"" + type + "\"");
        }
    }

    // BOS/EOS by the usual names when no configuration file says otherwise.
    void guessSpecialIds() {
        auto first = [&](std::initializer_list<const char*> names) {
            for (const char* n : names)
                if (int id = m_tok.pieceToId(n); id >= 0) return id;
            return -1;
        };
        if (m_tok.m_bosId < 0) m_tok.m_bosId = first({"<bos>", "<s>", "<|begin_of_text|>"});
        m_tok.m_eosId = first({"<eos>", "</s>", "<|end_of_text|>", "<|endoftext|>"});
    }

    BpeTokenizer& m_tok;
    std::string m_path;
    bool m_addsBosSeen = false;
};

std::unique_ptr<BpeTokenizer> BpeTokenizer::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the tokenizer file");
    std::stringstream buffer;
    buffer << in.rdbuf();
    json root;
    try {
        root = json::parse(buffer.str());
    } catch (const json::exception& e) {
        throw Error(path, std::string("not valid JSON: ") + e.what());
    }
    std::unique_ptr<BpeTokenizer> tok(new BpeTokenizer());
    tok->m_path = path;
    try {
        BpeTokenizerReader(*tok, path).read(root);
    } catch (const json::exception& e) {
        throw Error(path, std::string("unexpected tokenizer.json layout: ") + e.what());
    } catch (const std::invalid_argument& e) {
        throw Error(path, e.what());
    }
    return tok;
}

}  // namespace medawq
