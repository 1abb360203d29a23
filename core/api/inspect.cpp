// inspectModel: config.json + safetensors headers only; no weights are read.
#include <medawq/errors.h>
#include <medawq/model.h>
#include <medawq/safetensors.h>

#include "formats/model_config.h"

#include <cstdio>
#include <sstream>

namespace medawq {

namespace {

bool isDecoderLinear(const std::string& name) {
    if (name.find("vision_tower") != std::string::npos || name.find("multi_modal_projector") != std::string::npos)
        return false;
    if (name.find(".layers.") == std::string::npos) return false;
    for (const char* p : {"q_proj.", "k_proj.", "v_proj.", "o_proj.", "gate_proj.", "up_proj.", "down_proj."})
        if (name.find(p) != std::string::npos) return true;
    return false;
}

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string bytesText(double bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (bytes >= 1000 && u < 4) {
        bytes /= 1000;
        ++u;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", bytes, units[u]);
    return buf;
}

}  // namespace

ModelInfo inspectModel(const std::string& directory) {
    const ModelConfig config = loadModelConfig(directory);
    const Checkpoint checkpoint = Checkpoint::open(directory);
    ModelInfo info;
    info.directory = directory;
    info.architecture = config.architecture;
    info.family = familyName(config.family);
    info.numLayers = config.numLayers;
    info.hiddenSize = config.hiddenSize;
    info.vocabSize = config.vocabSize;
    info.isAwq = config.awq.present;
    info.awqBits = config.awq.present ? config.awq.bits : 0;
    info.awqGroupSize = config.awq.present ? config.awq.groupSize : 0;
    info.storedDtype = config.storedDtype;
    info.hasVision = config.hasVision;
    info.diskBytes = checkpoint.totalFileBytes();
    double int4 = 0;
    for (const std::string& name : checkpoint.names()) {
        const TensorView t = checkpoint.tensor(name);
        info.bytesByDtype[dtypeName(t.dtype)] += int64_t(t.nbytes);
        if (endsWith(name, ".qzeros") || endsWith(name, ".scales")) {
            int4 += double(t.nbytes);
            continue;
        }
        const bool packed = endsWith(name, ".qweight");
        const int64_t n = t.numel() * (packed ? 8 : 1);
        info.parameterCount += n;
        if (packed) {
            int4 += n * 0.5;
        } else if (isDecoderLinear(name) && t.shape.size() == 2) {
            // 4-bit codes plus, per 128 inputs of each output, an fp16 scale and a 4-bit zero.
            int4 += n * 0.5 + double(t.shape[0]) * double(t.shape[1]) / 128.0 * 2.5;
        } else {
            int4 += n * 2.0;
        }
    }
    // The runtime keeps an untied embedding table on the host (models/decoder.h, keepTableOnHost).
    const int64_t tableElements = config.vocabSize * config.hiddenSize;
    if (!config.tieWordEmbeddings) info.embeddingOnHostBytes = uint64_t(tableElements) * 2;
    info.estimatedFp16Bytes = uint64_t(info.parameterCount) * 2 - info.embeddingOnHostBytes;
    info.estimatedInt4Bytes = uint64_t(int4 - double(info.embeddingOnHostBytes));
    return info;
}

std::string formatModelInfo(const ModelInfo& i) {
    std::ostringstream o;
    o << "Model folder:     " << i.directory << "\n"
      << "Architecture:     " << i.architecture << " (" << i.family << (i.hasVision ? ", with vision tower" : "")
      << ")\n"
      << "Layers:           " << i.numLayers << ", hidden size " << i.hiddenSize << ", vocabulary " << i.vocabSize << "\n";
    char params[64];
    std::snprintf(params, sizeof params, "%.3f M", double(i.parameterCount) / 1e6);
    o << "Parameters:       " << params << " (" << i.parameterCount << ")\n";
    o << "Stored dtypes:    ";
    bool first = true;
    for (const auto& [dtype, bytes] : i.bytesByDtype) {
        o << (first ? "" : ", ") << dtype << " " << bytesText(double(bytes));
        first = false;
    }
    o << "\n"
      << "Config dtype:     " << (i.storedDtype.empty() ? "(not set)" : i.storedDtype) << "\n"
      << "Size on disk:     " << bytesText(double(i.diskBytes)) << "\n"
      << "Quantization:     "
      << (i.isAwq ? "AWQ " + std::to_string(i.awqBits) + "-bit, group " + std::to_string(i.awqGroupSize) : "none")
      << "\n"
      << "Est. GPU weights FP16: " << bytesText(double(i.estimatedFp16Bytes)) << "\n"
      << "Est. GPU weights 4-bit (AWQ g128): " << bytesText(double(i.estimatedInt4Bytes)) << "\n";
    if (i.embeddingOnHostBytes > 0)
        o << "Embedding table:  " << bytesText(double(i.embeddingOnHostBytes))
          << " in host memory on CUDA (untied: only looked up, a row per token)\n";
    return o.str();
}

}  // namespace medawq
