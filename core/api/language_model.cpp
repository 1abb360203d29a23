// LanguageModel: config + checkpoint + tokenizer + decoder behind the torch-free public API.
#include <medawq/errors.h>
#include <medawq/generation.h>
#include <medawq/safetensors.h>
#include <medawq/tokenizer.h>

#include "formats/model_config.h"
#include "models/decoder.h"
#include "models/device.h"
#include "models/sampling.h"
#include "models/tensor_io.h"
#include "models/vision_tower.h"
#include "vision/gemma3_image_processor.h"
#include "vision/image_prompt.h"

#include <medawq/image.h>

#include <c10/core/GradMode.h>

#include <algorithm>
#include <chrono>

namespace medawq {

namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

class TorchLanguageModel final : public LanguageModel {
public:
    TorchLanguageModel(const std::string& dir, const LoadOptions& options)
        : m_config(loadModelConfig(dir)), m_checkpoint(Checkpoint::open(dir)),
          m_tokenizer(Tokenizer::fromModelDirectory(dir)) {
        if (m_tokenizer->vocabSize() > m_config.vocabSize)
            throw Error(dir, "the tokenizer has " + std::to_string(m_tokenizer->vocabSize()) +
                                 " tokens but the model's embedding has only " + std::to_string(m_config.vocabSize) +
                                 " rows: the tokenizer does not belong to this model");
        const at::Device device = parseDevice(options.device);
        const at::ScalarType dtype = chooseDtype(m_config, device, options.dtype);
        m_decoder = std::make_unique<DecoderModel>(m_config, m_checkpoint, device, dtype, options.progress);
        if (options.activationBits != 16) {
            if (options.activationBits != 8 && options.activationBits != 4)
                throw Error("activation bits " + std::to_string(options.activationBits), "supported: 16, 8, 4");
            if (m_decoder->simulateActivationQuant({options.activationBits, options.perTokenActivationScales}) == 0)
                throw Error(dir, "simulated W4A" + std::to_string(options.activationBits) +
                                     " applies to the inputs of AWQ-quantized Linears, and this model has none");
        }
        // A bare sentencepiece model carries no chat template: Llama-2 and Mistral use [INST].
        if (m_tokenizer->chatFormat() == ChatFormat::None &&
            (m_config.family == Family::Llama || m_config.family == Family::Mistral))
            m_tokenizer->setChatFormat(ChatFormat::Llama2);
        m_stopIds = m_tokenizer->stopIds();
        for (int id : m_config.eosIds)
            if (std::find(m_stopIds.begin(), m_stopIds.end(), id) == m_stopIds.end()) m_stopIds.push_back(id);
    }

    std::string family() const override { return familyName(m_config.family); }
    std::string device() const override { return m_decoder->device().str(); }
    std::string dtype() const override { return dtypeLabel(m_decoder->dtype()); }
    int64_t vocabSize() const override { return m_config.vocabSize; }
    int64_t packedLinears() const override { return m_decoder->packedLinears(); }
    std::string chatPrompt(const std::string& userText) const override { return m_tokenizer->chatPrompt(userText); }
    bool acceptsImages() const override { return m_config.hasVision; }
    std::string imageChatPrompt(const std::string& userText) const override {
        return medawq::imageChatPrompt(m_config, *m_tokenizer, userText);
    }
    std::string endOfTurnText() const override { return m_tokenizer->endOfTurnText(); }
    std::vector<int> encode(const std::string& text, bool addBos) const override {
        return m_tokenizer->encode(text, addBos && m_tokenizer->addsBos());
    }
    std::string decode(const std::vector<int>& ids) const override { return m_tokenizer->decode(ids, true); }

    GenerationResult generate(const std::string& prompt, const GenerationOptions& options,
                              const TokenCallback& onPiece) override {
        return generateIds(encode(prompt, true), options, onPiece);
    }

    GenerationResult generateIds(const std::vector<int>& promptIds, const GenerationOptions& options,
                                 const TokenCallback& onPiece) override {
        if (promptIds.empty()) throw Error("prompt", "the prompt is empty");
        checkIds(promptIds);
        c10::AutoGradMode noGrad(false);
        GenerationResult result;
        result.promptIds = promptIds;
        Sampler sampler(options.greedy, options.temperature, options.topP, options.seed);
        StreamingDecoder stream(*m_tokenizer);
        KvCache cache = m_decoder->newCache(1, int64_t(promptIds.size()) + std::max(options.maxNewTokens, 1));
        // The image is encoded before the clock starts: prefill time is the decoder's.
        at::Tensor features = options.imagePath.empty() ? at::Tensor() : imageFeatures(options.imagePath);
        std::vector<int64_t> ids64(promptIds.begin(), promptIds.end());
        at::Tensor input = at::tensor(ids64, at::TensorOptions().dtype(at::kLong)).unsqueeze(0);

        auto t0 = Clock::now();
        for (int step = 0; step < options.maxNewTokens; ++step) {
            at::Tensor logits = m_decoder->forward(input, cache, true, step == 0 ? features : at::Tensor());
            const int next = sampler.next(logits[0][0]);  // reads the token back: synchronises the device
            if (step == 0) {
                result.prefillSeconds = secondsSince(t0);
                t0 = Clock::now();
            }
            const bool stop = options.stopAtEos &&
                              std::find(m_stopIds.begin(), m_stopIds.end(), next) != m_stopIds.end();
            if (stop) break;
            result.newIds.push_back(next);
            const std::string piece = stream.push(next);
            if (onPiece && !piece.empty() && !onPiece(piece)) {
                result.stoppedByCallback = true;
                break;
            }
            input = at::full({1, 1}, int64_t(next), at::TensorOptions().dtype(at::kLong));
        }
        if (!result.newIds.empty()) result.decodeSeconds = secondsSince(t0);
        const std::string tail = stream.flush();
        if (onPiece && !tail.empty()) onPiece(tail);
        result.text = m_tokenizer->decode(result.newIds, true);
        return result;
    }

    std::vector<float> logits(const std::vector<int>& ids) override {
        at::Tensor l = logitsTensor(ids).contiguous();
        return std::vector<float>(l.data_ptr<float>(), l.data_ptr<float>() + l.numel());
    }

    std::pair<double, int64_t> negativeLogLikelihood(const std::vector<int>& ids, size_t firstScored) override {
        if (firstScored < 1 || firstScored >= ids.size()) throw Error("scoring", "nothing to score");
        at::Tensor logp = at::log_softmax(logitsTensor(ids)[0], -1);  // [T, vocab]
        double sum = 0;
        for (size_t t = firstScored; t < ids.size(); ++t) sum -= logp[int64_t(t) - 1][ids[t]].item<double>();
        return {sum, int64_t(ids.size() - firstScored)};
    }

    void writeLogits(const std::vector<int>& ids, const std::string& outputPath, const std::string& imagePath) override {
        at::Tensor l = logitsTensor(ids, imagePath).contiguous();
        SafetensorsWriter writer(outputPath, {TensorSpec{"logits", DType::F32, {1, l.size(1), l.size(2)}}},
                                 {{"model_family", family()}, {"dtype", dtype()}, {"device", device()}});
        writer.write(l.data_ptr<float>(), size_t(l.numel()) * sizeof(float));
        writer.finish();
    }

private:
    void checkIds(const std::vector<int>& ids) const {
        for (int id : ids)
            if (id < 0 || id >= m_config.vocabSize)
                throw Error("input ids", "token id " + std::to_string(id) + " is outside the vocabulary (0.." +
                                             std::to_string(m_config.vocabSize - 1) + ")");
    }

    at::Tensor logitsTensor(const std::vector<int>& ids, const std::string& imagePath = {}) {
        if (ids.empty()) throw Error("input ids", "no input ids given");
        checkIds(ids);
        c10::AutoGradMode noGrad(false);
        KvCache cache = m_decoder->newCache(1, int64_t(ids.size()));
        std::vector<int64_t> ids64(ids.begin(), ids.end());
        at::Tensor input = at::tensor(ids64, at::TensorOptions().dtype(at::kLong)).unsqueeze(0);
        const at::Tensor features = imagePath.empty() ? at::Tensor() : imageFeatures(imagePath);
        return m_decoder->forward(input, cache, false, features).to(at::kCPU);
    }

    // [1, mm_tokens_per_image, hidden]. The vision tower is loaded on the first image, so that
    // text-only runs of a multimodal checkpoint neither pay for it nor count it in their memory.
    at::Tensor imageFeatures(const std::string& imagePath) {
        if (!acceptsImages())
            throw Error(imagePath, "the model (" + std::string(familyName(m_config.family)) +
                                       ") has no vision tower: it cannot read images");
        const at::Tensor pixels = gemma3PixelValues(loadImage(imagePath), m_config.vision);
        c10::AutoGradMode noGrad(false);
        if (!m_vision) m_vision = std::make_unique<VisionTower>(m_config, m_checkpoint, m_decoder->device(), m_decoder->dtype());
        return m_vision->imageFeatures(pixels);
    }

    ModelConfig m_config;
    Checkpoint m_checkpoint;
    std::unique_ptr<Tokenizer> m_tokenizer;
    std::unique_ptr<DecoderModel> m_decoder;
    std::unique_ptr<VisionTower> m_vision;  // loaded on the first image
    std::vector<int> m_stopIds;
};

}  // namespace

std::unique_ptr<LanguageModel> LanguageModel::load(const std::string& directory, const LoadOptions& options) {
    return std::make_unique<TorchLanguageModel>(directory, options);
}

}  // namespace medawq
