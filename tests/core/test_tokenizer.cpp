// Tokenizers against golden vectors made with sentencepiece 0.1.97 and HF tokenizers 0.23.2
// (shared/data/metric_test_vectors), a hand-made byte-level tokenizer.json, and bad input.
// The shared files are required: a missing one fails the test, never skips it.
#include "formats/llama3_split.h"
#include "medawq/errors.h"
#include "medawq/tokenizer.h"
#include "test_support.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>

using medawq::Tokenizer;
using nlohmann::json;

namespace {

std::string modelsDir() { return medawq::test::sharedDir() + "/data/models"; }
std::string vectorsDir() { return medawq::test::sharedDir() + "/data/metric_test_vectors"; }

bool exists(const std::string& path) { return static_cast<bool>(std::ifstream(path)); }

#define REQUIRE_FILE(path)                                                                                  \
    QVERIFY2(exists(path), qPrintable(QString::fromStdString("missing shared file " + std::string(path) + \
                                                              " (set MEDAWQ_SHARED_DIR to the project's shared/ folder)")))

json readJson(const std::string& path) {
    std::ifstream in(path);
    return json::parse(in);
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void writeFile(const QString& path, const std::string& text) {
    std::ofstream(path.toStdString(), std::ios::binary) << text;
}

// GPT-2's byte -> character table, written out again here so the test does not trust the code
// under test for its own fixture.
std::string byteChar(int b) {
    static std::vector<std::string> table = [] {
        std::vector<std::string> t(256);
        int next = 256;
        for (int i = 0; i < 256; ++i) {
            const bool keep = (i >= '!' && i <= '~') || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF);
            const char32_t cp = keep ? i : next++;
            std::string s;
            if (cp < 0x80) s += static_cast<char>(cp);
            else { s += static_cast<char>(0xC0 | (cp >> 6)); s += static_cast<char>(0x80 | (cp & 0x3F)); }
            t[i] = s;
        }
        return t;
    }();
    return table[b];
}

const char* kLlama3Regex =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// A Llama 3 style tokenizer.json: 256 byte tokens (id = byte), eight merges, four special tokens.
json tinyByteLevelTokenizer() {
    json vocab = json::object();
    for (int b = 0; b < 256; ++b) vocab[byteChar(b)] = b;
    const std::string G = byteChar(' '), A = byteChar(0xC3), C = byteChar(0xA9);  // é = C3 A9
    const std::vector<std::pair<std::string, std::string>> merges = {
        {"h", "e"}, {"l", "l"}, {"he", "ll"}, {"hell", "o"}, {G, "t"}, {G + "t", "he"}, {A, C}, {G, A + C}};
    json mergeList = json::array();
    int id = 256;
    for (size_t i = 0; i < merges.size(); ++i) {
        vocab[merges[i].first + merges[i].second] = id++;
        // Both spellings tokenizers writes: [a, b] pairs and "a b" strings.
        if (i % 2) mergeList.push_back(merges[i].first + " " + merges[i].second);
        else mergeList.push_back({merges[i].first, merges[i].second});
    }
    json added = json::array();
    for (const char* t : {"<|begin_of_text|>", "<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>"})
        added.push_back({{"id", id++}, {"content", t}, {"special", true}, {"single_word", false},
                         {"lstrip", false}, {"rstrip", false}, {"normalized", false}});
    return {
        {"version", "1.0"},
        {"added_tokens", added},
        {"normalizer", nullptr},
        {"pre_tokenizer", {{"type", "Sequence"}, {"pretokenizers", json::array({
             {{"type", "Split"}, {"pattern", {{"Regex", kLlama3Regex}}}, {"behavior", "Isolated"}, {"invert", false}},
             {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}}})}}},
        {"post_processor", {{"type", "Sequence"}, {"processors", json::array({
             {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}, {"use_regex", true}},
             {{"type", "TemplateProcessing"},
              {"single", json::array({{{"SpecialToken", {{"id", "<|begin_of_text|>"}, {"type_id", 0}}}},
                                      {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}})},
              {"pair", json::array()},
              {"special_tokens", {{"<|begin_of_text|>", {{"id", "<|begin_of_text|>"}, {"ids", {264}}, {"tokens", {"<|begin_of_text|>"}}}}}}}})}}},
        {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
        {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
                   {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false},
                   {"ignore_merges", false}, {"vocab", vocab}, {"merges", mergeList}}},
    };
}

std::vector<int> toInts(const json& j) { return j.get<std::vector<int>>(); }

}  // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

    std::unique_ptr<Tokenizer> m_gemma;  // 33 MB to read: loaded once, by gemma()

    const Tokenizer* gemma() {
        if (!m_gemma) {
            const auto start = std::chrono::steady_clock::now();
            m_gemma = Tokenizer::fromTokenizerJsonFile(modelsDir() + "/gemma3_tokenizer.json");
            std::printf("gemma3_tokenizer.json loaded in %.2f s\n", secondsSince(start));
        }
        return m_gemma.get();
    }

    // Collects push() + flush() of a StreamingDecoder over `ids`.
    static std::string streamed(const Tokenizer& tok, const std::vector<int>& ids) {
        medawq::StreamingDecoder stream(tok);
        std::string text;
        for (int id : ids) text += stream.push(id);
        return text + stream.flush();
    }

private Q_SLOTS:
    void sentencePieceMatchesGoldenVectors() {
        const std::string vectorsPath = vectorsDir() + "/tokenizer_vectors_sentencepiece.json";
        REQUIRE_FILE(vectorsPath);
        const json vectors = readJson(vectorsPath);
        QCOMPARE(vectors.at("models").size(), size_t(2));
        for (const auto& [file, model] : vectors.at("models").items()) {
            const std::string path = modelsDir() + "/" + file;
            REQUIRE_FILE(path);
            const auto tok = Tokenizer::fromSentencePieceFile(path);
            QCOMPARE(tok->vocabSize(), model.at("vocab_size").get<int>());
            QCOMPARE(tok->bosId(), model.at("bos_id").get<int>());
            QCOMPARE(tok->eosId(), model.at("eos_id").get<int>());
            QCOMPARE(tok->pieceToId("<unk>"), model.at("unk_id").get<int>());
            QCOMPARE(tok->pieceToId("certainly not a piece"), -1);
            QVERIFY(tok->addsBos());
            for (const auto& c : model.at("cases")) {
                const std::string text = c.at("text").get<std::string>();
                const auto ids = tok->encode(text, false);
                QVERIFY2(ids == toInts(c.at("ids_no_bos")), qPrintable(QString::fromStdString(file + ": " + text)));
                const auto pieces = c.at("pieces").get<std::vector<std::string>>();
                for (size_t i = 0; i < ids.size(); ++i) {
                    QCOMPARE(tok->idToPiece(ids[i]), pieces[i]);
                    QCOMPARE(tok->pieceToId(pieces[i]), ids[i]);
                }
                const auto withBos = tok->encode(text, true);
                QCOMPARE(withBos.front(), 1);
                QCOMPARE(tok->decode(withBos), c.at("decoded").get<std::string>());
                QCOMPARE(tok->decode(ids), text);
                QCOMPARE(streamed(*tok, ids), text);
            }
            // Control pieces written in text are ids, not "<", "s", ">".
            QCOMPARE(tok->encode("<s>", false), std::vector<int>{1});
            QCOMPARE(tok->decode({1, 2}), std::string());
            QCOMPARE(tok->decode({1}, false), std::string("<s>"));
        }
    }

    void gemma3MatchesGoldenVectors() {
        const std::string vectorsPath = vectorsDir() + "/tokenizer_vectors_gemma3.json";
        REQUIRE_FILE(vectorsPath);
        REQUIRE_FILE(modelsDir() + "/gemma3_tokenizer.json");
        const json vectors = readJson(vectorsPath);
        const Tokenizer& tok = *gemma();
        QCOMPARE(tok.vocabSize(), 262145);
        QCOMPARE(tok.bosId(), 2);
        QCOMPARE(tok.eosId(), 1);
        QVERIFY(tok.addsBos());
        QCOMPARE(tok.pieceToId("<start_of_turn>"), 105);
        QCOMPARE(tok.idToPiece(262144), std::string("<image_soft_token>"));
        QCOMPARE(tok.chatFormat(), medawq::ChatFormat::Gemma);
        QCOMPARE(vectors.at("cases").size(), size_t(9));
        double encodeSeconds = 0;
        for (const auto& c : vectors.at("cases")) {
            const std::string text = c.at("text").get<std::string>();
            const auto start = std::chrono::steady_clock::now();
            const auto ids = tok.encode(text, true);
            encodeSeconds += secondsSince(start);
            QVERIFY2(ids == toInts(c.at("ids_with_bos")), qPrintable(QString::fromStdString(text)));
            const auto pieces = c.at("pieces").get<std::vector<std::string>>();
            for (size_t i = 0; i < ids.size(); ++i) QCOMPARE(tok.idToPiece(ids[i]), pieces[i]);
            QCOMPARE(tok.decode(ids), c.at("decoded").get<std::string>());
            QCOMPARE(tok.decode(ids, false), "<bos>" + text);
            QCOMPARE(streamed(tok, ids), c.at("decoded").get<std::string>());
        }
        std::printf("gemma3: 9 golden texts encoded in %.3f ms\n", encodeSeconds * 1e3);
        QVERIFY(encodeSeconds < 0.5);
        // Byte fallback: a character outside the vocabulary goes out and comes back as bytes.
        const std::string rare = "\xF0\x9F\xAB\xA0\xF0\x90\x8C\xB0";  // U+1FAE0, U+10330
        QCOMPARE(tok.decode(tok.encode(rare, false)), rare);
    }

    void gemma3ModelDirectoryUsesConfig() {
        REQUIRE_FILE(modelsDir() + "/gemma3_tokenizer.json");
        REQUIRE_FILE(modelsDir() + "/gemma3_tokenizer_config.json");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // Links, not copies: the data files stay in shared/ (licences).
        QVERIFY(QFile::link(QString::fromStdString(modelsDir() + "/gemma3_tokenizer.json"), dir.filePath("tokenizer.json")));
        QVERIFY(QFile::link(QString::fromStdString(modelsDir() + "/gemma3_tokenizer_config.json"), dir.filePath("tokenizer_config.json")));
        writeFile(dir.filePath("generation_config.json"), R"({"bos_token_id": 2, "eos_token_id": [1, 106]})");
        const auto tok = Tokenizer::fromModelDirectory(dir.path().toStdString());
        QCOMPARE(tok->bosId(), 2);
        QCOMPARE(tok->eosId(), 106);  // tokenizer_config.json: eos_token <end_of_turn>
        QCOMPARE(tok->stopIds(), (std::vector<int>{106, 1}));
        QCOMPARE(tok->chatFormat(), medawq::ChatFormat::Gemma);
        const json vectors = readJson(vectorsDir() + "/tokenizer_vectors_gemma3.json");
        const json& chat = vectors.at("cases").back();
        const std::string prompt = tok->chatPrompt("<start_of_image>Describe this X-ray");
        QCOMPARE(prompt, chat.at("text").get<std::string>());
        QCOMPARE(tok->encode(prompt, tok->addsBos()), toInts(chat.at("ids_with_bos")));
    }

    // Trap 1 (shared/NOTES.md): libtorch and sentencepiece in one process must not crash.
    void torchAndSentencePieceInOneProcess() {
        REQUIRE_FILE(modelsDir() + "/llama2_tokenizer.model");
        const auto tok = Tokenizer::fromSentencePieceFile(modelsDir() + "/llama2_tokenizer.model");
        std::vector<int64_t> ids;
        for (int id : tok->encode("No acute cardiopulmonary process.", true)) ids.push_back(id);
        const at::Tensor t = at::tensor(ids, at::kLong);
        QCOMPARE(t.size(0), int64_t(11));
        QCOMPARE(t.sum().item<int64_t>(), int64_t(1 + 1939 + 1274 + 1082 + 5881 + 21260 + 352 + 3712 + 653 + 1889 + 29889));
    }

    void llama3SplitMatchesTheRegex() {
        using medawq::splitPretokens;
        const auto parts = splitPretokens("I'm 12345 hello!!\n\n  world", medawq::SplitPattern::Llama3);
        const std::vector<std::string_view> expected = {"I", "'m", " ", "123", "45", " hello", "!!\n\n", " ", " world"};
        QCOMPARE(parts, expected);
        const auto caps = splitPretokens("WE'LL (see) Café\t\tx  \n y ", medawq::SplitPattern::Llama3);
        const std::vector<std::string_view> capsExpected = {"WE", "'LL", " (", "see", ")", " Café", "\t", "\tx", "  \n", " y", " "};
        QCOMPARE(caps, capsExpected);
        const auto gpt2 = splitPretokens("it's 2024 ok?", medawq::SplitPattern::Gpt2);
        const std::vector<std::string_view> gpt2Expected = {"it", "'s", " 2024", " ok", "?"};
        QCOMPARE(gpt2, gpt2Expected);
    }

    void byteLevelTokenizerJson() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeFile(dir.filePath("tokenizer.json"), tinyByteLevelTokenizer().dump());
        const auto tok = Tokenizer::fromTokenizerJsonFile(dir.filePath("tokenizer.json").toStdString());
        QCOMPARE(tok->vocabSize(), 268);
        QCOMPARE(tok->bosId(), 264);
        QCOMPARE(tok->chatFormat(), medawq::ChatFormat::Llama3);
        const std::string text = "hello the world \xC3\xA9 \xF0\x9F\x98\x80";  // é, 😀
        const std::vector<int> expected = {259, 261, 32, 119, 111, 114, 108, 100, 263, 32, 240, 159, 152, 128};
        QCOMPARE(tok->encode(text, false), expected);
        std::vector<int> withBos = expected;
        withBos.insert(withBos.begin(), 264);
        QCOMPARE(tok->encode(text, true), withBos);
        QCOMPARE(tok->decode(withBos), text);
        QCOMPARE(tok->decode(withBos, false), "<|begin_of_text|>" + text);
        QCOMPARE(streamed(*tok, expected), text);
        // Half an emoji is held back by the stream, and shows as U+FFFD in a plain decode.
        medawq::StreamingDecoder stream(*tok);
        QCOMPARE(stream.push(32), std::string(" "));
        QCOMPARE(stream.push(240), std::string());
        QCOMPARE(tok->decode({240}), std::string("\xEF\xBF\xBD"));
        QCOMPARE(stream.push(159), std::string());
        QCOMPARE(stream.push(152), std::string());
        QCOMPARE(stream.push(128), std::string("\xF0\x9F\x98\x80"));
        QCOMPARE(tok->encode("<|start_header_id|>hello<|end_header_id|>", false), (std::vector<int>{266, 259, 267}));
        const std::string prompt = tok->chatPrompt("hello");
        QCOMPARE(prompt, std::string("<|start_header_id|>user<|end_header_id|>\n\nhello<|eot_id|>"
                                     "<|start_header_id|>assistant<|end_header_id|>\n\n"));
        QCOMPARE(tok->decode(tok->encode(prompt, true)), std::string("user\n\nhelloassistant\n\n"));
        QCOMPARE(tok->stopIds(), std::vector<int>{265});
    }

    void badInputNamesTheFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto expectError = [](const std::function<void()>& f, const std::string& subject, const char* word) {
            try {
                f();
            } catch (const medawq::Error& e) {
                QCOMPARE(e.subject(), subject);
                QVERIFY2(std::string(e.what()).find(word) != std::string::npos, e.what());
                return;
            }
            QFAIL("no medawq::Error thrown");
        };
        const std::string missing = dir.filePath("nope.json").toStdString();
        expectError([&] { Tokenizer::fromTokenizerJsonFile(missing); }, missing, "cannot open");
        const std::string missingModel = dir.filePath("nope.model").toStdString();
        expectError([&] { Tokenizer::fromSentencePieceFile(missingModel); }, missingModel, "cannot open");
        expectError([&] { Tokenizer::fromModelDirectory(dir.path().toStdString()); }, dir.path().toStdString(), "no tokenizer");

        const std::string corrupt = dir.filePath("corrupt.json").toStdString();
        writeFile(QString::fromStdString(corrupt), "{\"model\": {\"type\": \"BPE\", \"vocab\": {");
        expectError([&] { Tokenizer::fromTokenizerJsonFile(corrupt); }, corrupt, "not valid JSON");

        const std::string wordPiece = dir.filePath("wordpiece.json").toStdString();
        writeFile(QString::fromStdString(wordPiece), R"({"model": {"type": "WordPiece", "vocab": {"a": 0}}})");
        expectError([&] { Tokenizer::fromTokenizerJsonFile(wordPiece); }, wordPiece, "WordPiece");

        const std::string notSpm = dir.filePath("bad.model").toStdString();
        writeFile(QString::fromStdString(notSpm), "definitely not a protobuf");
        expectError([&] { Tokenizer::fromSentencePieceFile(notSpm); }, notSpm, "sentencepiece");

        json badMerge = tinyByteLevelTokenizer();
        badMerge["model"]["merges"].push_back("x zz");
        const std::string badMergePath = dir.filePath("badmerge.json").toStdString();
        writeFile(QString::fromStdString(badMergePath), badMerge.dump());
        expectError([&] { Tokenizer::fromTokenizerJsonFile(badMergePath); }, badMergePath, "merge");
    }
};

QTEST_APPLESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
