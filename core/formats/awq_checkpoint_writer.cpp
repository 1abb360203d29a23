#include "formats/awq_checkpoint_writer.h"

#include "models/tensor_io.h"
#include "models/weights.h"
#include "quant/awq_layer.h"
#include "quant/awq_packing.h"

#include <medawq/errors.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace medawq {

namespace {

std::vector<std::string> layerNormNames(const ModelConfig& c) {
    std::vector<std::string> n = {"input_layernorm", "post_attention_layernorm"};
    if (c.sandwichNorms) {
        n.push_back("pre_feedforward_layernorm");
        n.push_back("post_feedforward_layernorm");
    }
    if (c.qkNorm) {
        n.push_back("self_attn.q_norm");
        n.push_back("self_attn.k_norm");
    }
    return n;
}

const RmsNorm& normOf(const DecoderLayer& l, const std::string& name) {
    if (name == "input_layernorm") return l.inputNorm;
    if (name == "post_attention_layernorm") return l.postAttentionNorm;
    if (name == "pre_feedforward_layernorm") return l.preFeedforwardNorm;
    if (name == "post_feedforward_layernorm") return l.postFeedforwardNorm;
    if (name == "self_attn.q_norm") return l.qNorm;
    return l.kNorm;
}

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

bool isCopiedModelFile(const std::string& f) {
    if (f == "config.json" || f == "quantization_info.json" || f == "quant_config.json" || f == "quantize_config.json")
        return false;
    for (const char* ext : {".safetensors", ".safetensors.index.json", ".bin", ".pt", ".pth", ".ckpt", ".pkl", ".bin.index.json"})
        if (endsWith(f, ext)) return false;
    return true;
}

AwqCheckpointWriter::AwqCheckpointWriter(const std::string& directory, const ModelConfig& config,
                                         const Checkpoint& source, const WeightLoader& names,
                                         const AwqOutputOptions& options)
    : m_directory(directory), m_config(config), m_source(source), m_prefix(names.prefix()), m_options(options) {
    const ModelConfig& c = config;
    const DType dense = toDType(options.dtype);
    std::vector<TensorSpec> specs;
    const int64_t qDim = c.numHeads * c.headDim, kvDim = c.numKvHeads * c.headDim;
    const std::map<std::string, std::pair<int64_t, int64_t>> shapes = {
        {"self_attn.q_proj", {qDim, c.hiddenSize}},          {"self_attn.k_proj", {kvDim, c.hiddenSize}},
        {"self_attn.v_proj", {kvDim, c.hiddenSize}},         {"self_attn.o_proj", {c.hiddenSize, qDim}},
        {"mlp.gate_proj", {c.intermediateSize, c.hiddenSize}}, {"mlp.up_proj", {c.intermediateSize, c.hiddenSize}},
        {"mlp.down_proj", {c.hiddenSize, c.intermediateSize}}};
    const int64_t g = options.spec.groupSize;
    for (int64_t i = 0; i < c.numLayers; ++i) {
        const std::string p = names.layerPrefix(i);
        for (const std::string& n : layerNormNames(c))
            specs.push_back({p + n + ".weight", dense, {n.rfind("self_attn.", 0) == 0 ? c.headDim : c.hiddenSize}});
        for (const std::string& n : layerLinearNames()) {
            const auto [out, in] = shapes.at(n);
            if (in % g != 0 || out % 8 != 0)
                throw Error(c.path, p + n + " has in_features " + std::to_string(in) + " and out_features " +
                                        std::to_string(out) + ": AWQ GEMM needs in % group size (" + std::to_string(g) +
                                        ") == 0 and out % 8 == 0");
            if (options.fakeQuantized) {
                specs.push_back({p + n + ".weight", dense, {out, in}});
            } else {
                specs.push_back({p + n + ".qweight", DType::I32, {in, out / 8}});
                specs.push_back({p + n + ".qzeros", DType::I32, {in / g, out / 8}});
                specs.push_back({p + n + ".scales", DType::F16, {in / g, out}});
            }
            if (source.contains(p + n + ".bias")) specs.push_back({p + n + ".bias", DType::F16, {out}});
        }
    }
    // Everything else under its source name; tied lm_head is not written.
    const std::string layersPrefix = m_prefix + "layers.";
    for (const std::string& name : source.names()) {
        if (name.rfind(layersPrefix, 0) == 0) continue;
        if (name == names.lmHeadName() && c.tieWordEmbeddings) continue;
        const TensorView v = source.tensor(name);
        // Text tensors (embeddings, final norm, lm_head) take the output dtype; everything else
        // (vision tower, projector) is copied as stored.
        const bool text = name.rfind(m_prefix, 0) == 0 || name == names.lmHeadName();
        const bool floating = v.dtype == DType::F32 || v.dtype == DType::F16 || v.dtype == DType::BF16;
        specs.push_back({name, text && floating ? dense : v.dtype, v.shape});
        m_rest.push_back({name, specs.back().dtype});
    }
    std::map<std::string, std::string> meta = {{"format", "pt"}, {"quantized_by", "MedAWQ"}};
    m_writer = std::make_unique<ShardedCheckpointWriter>(directory, specs, meta, options.maxShardBytes);
}

void AwqCheckpointWriter::writeTensor(const at::Tensor& t, DType dtype) {
    at::Tensor c = t.to(at::kCPU).to(toScalarType(dtype, "output")).contiguous();
    m_writer->write(c.data_ptr(), size_t(c.numel()) * c.element_size());
}

void AwqCheckpointWriter::writeLayer(int64_t, const DecoderLayer& layer,
                                     const std::map<std::string, GroupQuantized>& quantized) {
    const DType dense = toDType(m_options.dtype);
    for (const std::string& n : layerNormNames(m_config)) writeTensor(normOf(layer, n).weight, dense);
    for (const std::string& n : layerLinearNames()) {
        const GroupQuantized& q = quantized.at(n);
        const Linear& l = layerLinear(const_cast<DecoderLayer&>(layer), n);
        if (m_options.fakeQuantized) {
            writeTensor(dequantizeGroups(q, m_options.spec.groupSize, at::kFloat), dense);
        } else {
            writeTensor(packAwq(q.codes.t().contiguous()), DType::I32);   // [K, N/8]
            writeTensor(packAwq(q.zeros.t().contiguous()), DType::I32);   // [K/g, N/8]
            writeTensor(q.scales.t(), DType::F16);                        // [K/g, N]
        }
        if (l.bias.defined()) writeTensor(l.bias, DType::F16);
    }
}

void AwqCheckpointWriter::finish(const std::string& sourceDirectory) {
    for (const auto& [name, dtype] : m_rest) {
        const TensorView v = m_source.tensor(name);
        if (v.dtype != dtype) writeTensor(toTensor(v), dtype);
        else m_writer->write(v.data, v.nbytes);  // bit for bit
    }
    m_writer->finish();

    nlohmann::json cfg = m_config.raw;
    const char* dtypeName = m_options.dtype == at::kBFloat16 ? "bfloat16" : "float16";
    cfg[m_config.dtypeKey] = dtypeName;
    if (!m_options.fakeQuantized) {
        nlohmann::json q = {{"quant_method", "awq"},
                            {"bits", m_options.spec.bits},
                            {"group_size", m_options.spec.groupSize},
                            {"zero_point", m_options.spec.zeroPoint},
                            {"version", "gemm"}};
        q["modules_to_not_convert"] = m_options.modulesToNotConvert.empty()
                                          ? nlohmann::json(nullptr)
                                          : nlohmann::json(m_options.modulesToNotConvert);
        cfg["quantization_config"] = q;
    } else {
        cfg.erase("quantization_config");
    }
    std::ofstream(fs::path(m_directory) / "config.json") << cfg.dump(2) << "\n";
    for (const auto& entry : fs::directory_iterator(sourceDirectory)) {
        const std::string f = entry.path().filename().string();
        if (entry.is_regular_file() && isCopiedModelFile(f))
            fs::copy_file(entry.path(), fs::path(m_directory) / f, fs::copy_options::overwrite_existing);
    }
}

}  // namespace medawq
