// config.json parsing: both key styles, family defaults, layer windows, errors naming the file.
#include "formats/model_config.h"
#include "test_support.h"

#include <medawq/errors.h>
#include <medawq/model.h>

#include <QtTest>

using nlohmann::json;
using namespace medawq;

class TestModelConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void llamaDefaultsAndLlama3Rope() {
        const json j = json::parse(R"({"architectures":["LlamaForCausalLM"],"hidden_size":64,"num_hidden_layers":2,
            "num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":128,"vocab_size":300,
            "rope_theta":500000.0,"rope_scaling":{"rope_type":"llama3","factor":8.0,"low_freq_factor":1.0,
            "high_freq_factor":4.0,"original_max_position_embeddings":8192},"torch_dtype":"bfloat16"})");
        const ModelConfig c = parseModelConfig(j, "config.json");
        QCOMPARE(c.family, Family::Llama);
        QCOMPARE(c.headDim, int64_t(16));
        QCOMPARE(c.ropeGlobal.type, std::string("llama3"));
        QCOMPARE(c.ropeGlobal.theta, 500000.0);
        QCOMPARE(c.ropeGlobal.originalMaxPositions, int64_t(8192));
        QCOMPARE(c.activation, std::string("silu"));
        QCOMPARE(c.storedDtype, std::string("bfloat16"));
        QCOMPARE(c.dtypeKey, std::string("torch_dtype"));
        QVERIFY(!c.gemmaNorms);
        QVERIFY(!c.layerIsSliding[0]);
    }

    void gemma3TransformersFiveStyle() {
        const json j = json::parse(R"({"architectures":["Gemma3ForCausalLM"],"hidden_size":64,"num_hidden_layers":4,
            "num_attention_heads":4,"num_key_value_heads":1,"head_dim":32,"intermediate_size":128,"vocab_size":300,
            "sliding_window":8,"layer_types":["sliding_attention","sliding_attention","sliding_attention","full_attention"],
            "rope_parameters":{"full_attention":{"rope_type":"linear","factor":8.0,"rope_theta":1000000.0},
                               "sliding_attention":{"rope_type":"default","rope_theta":10000.0}},
            "query_pre_attn_scalar":24,"final_logit_softcapping":null,"dtype":"bfloat16"})");
        const ModelConfig c = parseModelConfig(j, "config.json");
        QCOMPARE(c.family, Family::Gemma3);
        QCOMPARE(c.ropeGlobal.type, std::string("linear"));
        QCOMPARE(c.ropeGlobal.factor, 8.0);
        QCOMPARE(c.ropeLocal.theta, 10000.0);
        QCOMPARE(c.ropeLocal.type, std::string("default"));
        QVERIFY(c.layerIsSliding[0] && c.layerIsSliding[2] && !c.layerIsSliding[3]);
        QVERIFY(c.gemmaNorms && c.qkNorm && c.sandwichNorms && c.scaleEmbeddings);
        QCOMPARE(c.finalLogitSoftcap, 0.0);
        QCOMPARE(c.dtypeKey, std::string("dtype"));
        QCOMPARE(c.attentionScale(), 1.0 / std::sqrt(24.0));
    }

    void medgemmaLegacyTextConfigTakesClassDefaults() {
        // MedGemma's text_config omits keys equal to Gemma3TextConfig's defaults.
        const json j = json::parse(R"({"architectures":["Gemma3ForConditionalGeneration"],"model_type":"gemma3",
            "text_config":{"hidden_size":2560,"intermediate_size":10240,"model_type":"gemma3_text",
            "num_hidden_layers":34,"rope_scaling":{"factor":8.0,"rope_type":"linear"},"sliding_window":1024},
            "vision_config":{"hidden_size":1152},"torch_dtype":"bfloat16","eos_token_id":[1,106]})");
        const ModelConfig c = parseModelConfig(j, "config.json");
        QCOMPARE(c.family, Family::Gemma3Multimodal);
        QVERIFY(c.hasVision);
        QCOMPARE(c.vocabSize, int64_t(262208));
        QCOMPARE(c.headDim, int64_t(256));
        QCOMPARE(c.numHeads, int64_t(8));
        QCOMPARE(c.numKvHeads, int64_t(4));
        QCOMPARE(c.ropeGlobal.theta, 1000000.0);
        QCOMPARE(c.ropeGlobal.factor, 8.0);
        QCOMPARE(c.ropeLocal.theta, 10000.0);
        QCOMPARE(c.ropeLocal.factor, 1.0);
        QVERIFY(c.layerIsSliding[0] && !c.layerIsSliding[5] && c.layerIsSliding[6] && !c.layerIsSliding[11]);
        QCOMPARE(c.eosIds.size(), size_t(2));
        QVERIFY(c.tieWordEmbeddings);
    }

    void gemma2AlternatesAndSoftcaps() {
        const json j = json::parse(R"({"model_type":"gemma2","hidden_size":64,"num_hidden_layers":4,
            "num_attention_heads":4,"num_key_value_heads":2,"head_dim":16,"intermediate_size":128,"vocab_size":300})");
        const ModelConfig c = parseModelConfig(j, "config.json");
        QCOMPARE(c.family, Family::Gemma2);
        QVERIFY(c.layerIsSliding[0] && !c.layerIsSliding[1] && c.layerIsSliding[2]);
        QCOMPARE(c.attnLogitSoftcap, 50.0);
        QCOMPARE(c.finalLogitSoftcap, 30.0);
        QCOMPARE(c.slidingWindow, int64_t(4096));
    }

    void mistralSlidingWindowOnEveryLayer() {
        const json j = json::parse(R"({"architectures":["MistralForCausalLM"],"hidden_size":64,"num_hidden_layers":2,
            "num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":128,"vocab_size":300,"sliding_window":8})");
        const ModelConfig c = parseModelConfig(j, "config.json");
        QVERIFY(c.layerIsSliding[0] && c.layerIsSliding[1]);
        const json off = json::parse(R"({"architectures":["MistralForCausalLM"],"hidden_size":64,"num_hidden_layers":2,
            "num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":128,"vocab_size":300,"sliding_window":null})");
        QVERIFY(!parseModelConfig(off, "c.json").layerIsSliding[0]);
    }

    void awqQuantizationConfig() {
        const json j = json::parse(R"({"architectures":["MistralForCausalLM"],"hidden_size":64,"num_hidden_layers":1,
            "num_attention_heads":4,"num_key_value_heads":4,"intermediate_size":128,"vocab_size":300,
            "quantization_config":{"quant_method":"awq","bits":4,"group_size":64,"zero_point":false,"version":"GEMM",
            "modules_to_not_convert":["vision_tower"]}})");
        const ModelConfig c = parseModelConfig(j, "config.json");
        QVERIFY(c.awq.present);
        QCOMPARE(c.awq.groupSize, 64);
        QVERIFY(!c.awq.zeroPoint);
        QCOMPARE(c.awq.version, std::string("gemm"));
        QCOMPARE(c.awq.modulesToNotConvert.size(), size_t(1));
    }

    // The GPU estimates leave out an untied embedding table (a CUDA run keeps it on the host)
    // and count a tied one (the lm_head reads it every token).
    void inspectionSaysWhereTheEmbeddingLives() {
        const ModelInfo untied = inspectModel(test::fixturesDir() + "/models/llama_gqa_untied");
        const ModelInfo tied = inspectModel(test::fixturesDir() + "/models/llama_tied_llama3rope");
        QCOMPARE(untied.embeddingOnHostBytes, uint64_t(512 * 64 * 2));
        QCOMPARE(untied.estimatedFp16Bytes, uint64_t(untied.parameterCount) * 2 - uint64_t(512 * 64 * 2));
        QCOMPARE(tied.embeddingOnHostBytes, uint64_t(0));
        QCOMPARE(tied.estimatedFp16Bytes, uint64_t(tied.parameterCount) * 2);
        QVERIFY(untied.estimatedInt4Bytes < untied.estimatedFp16Bytes);
        QVERIFY(formatModelInfo(untied).find("Embedding table:  65.54 KB in host memory") != std::string::npos);
        QVERIFY(formatModelInfo(tied).find("Embedding table") == std::string::npos);
    }

    void errorsNameTheFile() {
        auto expectError = [](const char* text, const char* needle) {
            try {
                parseModelConfig(json::parse(text), "/models/x/config.json");
                QFAIL("no error");
            } catch (const Error& e) {
                const std::string what = e.what();
                QVERIFY2(what.find("/models/x/config.json") != std::string::npos, what.c_str());
                QVERIFY2(what.find(needle) != std::string::npos, what.c_str());
            }
        };
        expectError(R"({"architectures":["BertModel"]})", "unsupported architecture 'BertModel'");
        expectError(R"({"architectures":["LlamaForCausalLM"],"num_attention_heads":6,"num_key_value_heads":4})",
                    "multiple of num_key_value_heads");
        expectError(R"({"architectures":["LlamaForCausalLM"],"rope_scaling":{"rope_type":"yarn","factor":4}})",
                    "unsupported rope scaling type 'yarn'");
        expectError(R"([1,2])", "not a JSON object");
        expectError(R"({"architectures":["LlamaForCausalLM"],"quantization_config":{"quant_method":"gptq"}})",
                    "quantization method 'gptq'");
    }
};

QTEST_APPLESS_MAIN(TestModelConfig)
#include "test_model_config.moc"
