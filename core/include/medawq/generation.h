// Load a decoder checkpoint and generate text, or compute logits for given ids.
//
//   medawq::LoadOptions lo; lo.device = "cpu"; lo.dtype = "float32";
//   auto model = medawq::LanguageModel::load("resources/demo/model", lo);
//   medawq::GenerationOptions go; go.maxNewTokens = 64;
//   auto r = model->generate(model->chatPrompt("Describe ..."), go,
//                            [](const std::string& piece) { std::cout << piece; return true; });
//
// With an image (Gemma 3 multimodal models such as MedGemma; see acceptsImages):
//   go.imagePath = "cxr.png";   // PNG, JPEG or DICOM (medawq/image.h)
//   auto r = model->generate(model->imageChatPrompt("Describe this X-ray."), go);
//
// A LanguageModel is used from one thread at a time; separate instances are independent.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace medawq {

struct LoadOptions {
    std::string device = "cpu";    // cpu | cuda | cuda:N
    std::string dtype = "auto";    // auto (checkpoint's; float32 on CPU for 16-bit) | float32 | bfloat16 | float16
    // Simulated activation quantization (W4A8 / W4A4 experiments; accuracy only, no speed-up):
    // 16 = off, 8 or 4 = the inputs of every AWQ-quantized Linear are rounded to that many
    // signed bits with one symmetric scale per tensor, or per token. Loading a 16-bit model with
    // bits < 16 is an error (there is no quantized Linear to apply it to).
    int activationBits = 16;
    bool perTokenActivationScales = false;
    // Called once per loaded tensor group; return false to cancel loading (throws Cancelled).
    std::function<bool(int done, int total)> progress;
};

struct GenerationOptions {
    int maxNewTokens = 128;
    bool greedy = true;
    float temperature = 1.0f;
    float topP = 1.0f;
    uint64_t seed = 0;
    bool stopAtEos = true;         // false: always generate maxNewTokens (speed measurements)
    // An image whose features fill the prompt's image-token run (the prompt must hold exactly one
    // run, as imageChatPrompt writes it); empty: a text-only prompt.
    std::string imagePath;
};

struct GenerationResult {
    std::vector<int> promptIds;
    std::vector<int> newIds;
    std::string text;              // decoded new tokens only
    double prefillSeconds = 0;
    double decodeSeconds = 0;
    bool stoppedByCallback = false;
    double decodeTokensPerSecond() const {
        return decodeSeconds > 0 && newIds.size() > 1 ? (newIds.size() - 1) / decodeSeconds : 0.0;
    }
};

// Receives each newly decoded piece of text; returning false stops generation.
using TokenCallback = std::function<bool(const std::string& piece)>;

class LanguageModel {
public:
    static std::unique_ptr<LanguageModel> load(const std::string& directory, const LoadOptions& options = {});
    virtual ~LanguageModel() = default;

    virtual std::string family() const = 0;
    virtual std::string device() const = 0;
    virtual std::string dtype() const = 0;
    virtual int64_t vocabSize() const = 0;
    // Decoder linears that keep their AWQ weights 4-bit (the CUDA W4A16 kernels); 0 when every
    // layer was dequantized at load (CPU, float32, 16-bit checkpoints).
    virtual int64_t packedLinears() const { return 0; }

    // The text wrapped in the family's single-user-turn chat format (Gemma <start_of_turn>,
    // Mistral/Llama-2 [INST], Llama 3 headers); plain text when the model has no chat format.
    virtual std::string chatPrompt(const std::string& userText) const = 0;
    // Whether prompts may hold an image (a Gemma 3 checkpoint with its vision tower).
    virtual bool acceptsImages() const { return false; }
    // The users' image prompt: one user turn holding the image, then the text, as the chat
    // template and the processor write it ("\n\n<start_of_image>" + mm_tokens_per_image image
    // tokens + "<end_of_image>\n\n" + text). Throws when !acceptsImages().
    virtual std::string imageChatPrompt(const std::string& userText) const = 0;
    // What closes the model's answer turn in text ("<end_of_turn>\n" for Gemma, "</s>" for [INST],
    // "<|eot_id|>" for Llama 3; "" without a chat format).
    virtual std::string endOfTurnText() const = 0;
    virtual std::vector<int> encode(const std::string& text, bool addBos = true) const = 0;
    virtual std::string decode(const std::vector<int>& ids) const = 0;

    virtual GenerationResult generate(const std::string& prompt, const GenerationOptions& options,
                                      const TokenCallback& onPiece = {}) = 0;
    virtual GenerationResult generateIds(const std::vector<int>& promptIds, const GenerationOptions& options,
                                         const TokenCallback& onPiece = {}) = 0;

    // Float32 logits of every position for `ids` (one forward pass, no cache reuse), written as a
    // safetensors file with tensor "logits" [1, T, vocab] F32. With `imagePath`, the ids must
    // already hold one image-token run; the image's features fill it, its tokens attending to
    // each other in both directions.
    virtual void writeLogits(const std::vector<int>& ids, const std::string& outputPath,
                             const std::string& imagePath = {}) = 0;
    virtual std::vector<float> logits(const std::vector<int>& ids) = 0;  // [T * vocab]
    // Sum of -log p(ids[t] | ids[<t]) over t >= firstScored, and the count of scored tokens:
    // perplexity of an answer given its prompt is exp(sum / count).
    virtual std::pair<double, int64_t> negativeLogLikelihood(const std::vector<int>& ids, size_t firstScored) = 0;
};

}  // namespace medawq
