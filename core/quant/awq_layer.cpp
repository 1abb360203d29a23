#include "quant/awq_layer.h"

#include "quant/profile.h"
#include "quant/scale_folding.h"

#include <medawq/errors.h>

namespace medawq {

const std::vector<std::string>& layerLinearNames() {
    static const std::vector<std::string> names = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                                                   "self_attn.o_proj", "mlp.gate_proj",    "mlp.up_proj",
                                                   "mlp.down_proj"};
    return names;
}

Linear& layerLinear(DecoderLayer& l, const std::string& name) {
    if (name == "self_attn.q_proj") return l.q;
    if (name == "self_attn.k_proj") return l.k;
    if (name == "self_attn.v_proj") return l.v;
    if (name == "self_attn.o_proj") return l.o;
    if (name == "mlp.gate_proj") return l.gate;
    if (name == "mlp.up_proj") return l.up;
    return l.down;
}

namespace {

// Runs f over chunks of the batch dimension and concatenates the results.
at::Tensor chunked(const at::Tensor& x, int64_t chunk, const std::function<at::Tensor(const at::Tensor&)>& f) {
    if (chunk <= 0 || x.size(0) <= chunk) return f(x);
    std::vector<at::Tensor> parts;
    for (int64_t b = 0; b < x.size(0); b += chunk) parts.push_back(f(x.narrow(0, b, std::min(chunk, x.size(0) - b))));
    return at::cat(parts, 0);
}

std::pair<at::Tensor, at::Tensor> freshCache(const ModelConfig& c, const at::Tensor& x) {
    auto opts = x.options();
    return {at::empty({x.size(0), c.numKvHeads, x.size(1), c.headDim}, opts),
            at::empty({x.size(0), c.numKvHeads, x.size(1), c.headDim}, opts)};
}

}  // namespace

at::Tensor runLayer(const ModelConfig& c, const DecoderLayer& layer, const at::Tensor& x, const RopeTables& rope,
                    int64_t batchChunk, LayerTaps* taps, const ImageBlocks& images) {
    std::vector<LayerTaps> parts;
    at::Tensor y = chunked(x, batchChunk, [&](const at::Tensor& xb) {
        auto [k, v] = freshCache(c, xb);
        LayerTaps t;
        at::Tensor out = layerForward(c, layer, xb, k, v, 0, rope, taps ? &t : nullptr, images.empty() ? nullptr : &images);
        if (taps) parts.push_back(t);
        return out;
    });
    if (taps) {
        auto join = [&](at::Tensor LayerTaps::*field) {
            std::vector<at::Tensor> v;
            for (auto& p : parts) v.push_back(p.*field);
            return at::cat(v, 0);
        };
        taps->attnInput = join(&LayerTaps::attnInput);
        taps->oInput = join(&LayerTaps::oInput);
        taps->mlpInput = join(&LayerTaps::mlpInput);
        taps->downInput = join(&LayerTaps::downInput);
    }
    return y;
}

LayerReport quantizeLayer(const ModelConfig& c, DecoderLayer& layer, int64_t index, const at::Tensor& x,
                          const RopeTables& rope, const LayerQuantOptions& opt,
                          std::map<std::string, GroupQuantized>& quantized, const std::function<bool(bool)>& poll,
                          at::Tensor* originalOutput) {
    LayerReport report;
    report.index = index;
    // The search scales and clips dense weights; packed 4-bit layers (CUDA runtime only) never come here.
    for (const std::string& name : layerLinearNames())
        if (!layerLinear(layer, name).weight.defined())
            throw Error("layer " + std::to_string(index), name + " holds packed 4-bit weights: the AWQ search needs dense ones");
    auto checkCancel = [&] {
        if (poll && poll(true)) throw Cancelled();
    };
    LayerTaps taps;
    if (opt.searchScales || opt.searchClip) {
        profile::Section timed("layer forward with taps", x);
        at::Tensor y = runLayer(c, layer, x, rope, opt.batchChunk, &taps, opt.images);
        if (originalOutput) *originalOutput = y;
    }
    checkCancel();

    if (opt.searchScales) {
        struct Group {
            std::string name;
            std::vector<Linear*> linears;
            at::Tensor* input;
            std::function<at::Tensor(const at::Tensor&)> module;
            std::function<void(const at::Tensor&)> foldIntoPrevious;
        };
        std::vector<Group> groups;
        if (opt.qkvGroup)
            groups.push_back({"self_attn.q_proj,k_proj,v_proj", {&layer.q, &layer.k, &layer.v}, &taps.attnInput,
                              [&](const at::Tensor& xi) {
                                  return chunked(xi, opt.batchChunk, [&](const at::Tensor& xb) {
                                      auto [k, v] = freshCache(c, xb);
                                      return attentionBlock(c, layer, xb, k, v, 0, rope, nullptr,
                                                            opt.images.empty() ? nullptr : &opt.images);
                                  });
                              },
                              [&](const at::Tensor& s) { divideNorm(layer.inputNorm, s); }});
        // v -> o only when their shapes agree (never under grouped-query attention).
        if (layer.v.weight.sizes() == layer.o.weight.sizes())
            groups.push_back({"self_attn.o_proj", {&layer.o}, &taps.oInput,
                              [&](const at::Tensor& xi) { return layer.o(xi); },
                              [&](const at::Tensor& s) { divideRows(layer.v, s); }});
        groups.push_back({"mlp.gate_proj,up_proj", {&layer.gate, &layer.up}, &taps.mlpInput,
                          [&](const at::Tensor& xi) {
                              return chunked(xi, opt.batchChunk, [&](const at::Tensor& xb) { return mlpBlock(c, layer, xb); });
                          },
                          [&](const at::Tensor& s) { divideNorm(layer.mlpInputNorm(c), s); }});
        groups.push_back({"mlp.down_proj", {&layer.down}, &taps.downInput,
                          [&](const at::Tensor& xi) { return layer.down(xi); },
                          [&](const at::Tensor& s) { divideRows(layer.up, s); }});

        // Every search sees the original weights; only then are the scales applied.
        std::vector<at::Tensor> chosen;
        for (Group& g : groups) {
            std::vector<at::Tensor*> weights;
            for (Linear* l : g.linears) weights.push_back(&l->weight);
            profile::Section timed("scale search " + g.name, x);
            const ScaleSearchResult r = searchScales(weights, *g.input, g.module, activationMeans(*g.input), opt.spec, opt.scale);
            if (!std::isfinite(r.bestLoss) && !r.fellBack)
                throw Error("layer " + std::to_string(index), "the scale search produced NaN/Inf in " + g.name);
            report.groups.push_back({g.name, r.ratio, r.lossBefore, r.bestLoss, r.fellBack});
            report.scales[g.name] = r.scales;
            chosen.push_back(r.scales);
            checkCancel();
        }
        for (size_t i = 0; i < groups.size(); ++i) {
            const at::Tensor s = chosen[i].to(x.device());
            groups[i].foldIntoPrevious(s);
            for (Linear* l : groups[i].linears) multiplyColumns(*l, s);
            *groups[i].input = (groups[i].input->to(at::kFloat) / s).to(groups[i].input->scalar_type());
        }
    }

    auto inputOf = [&](const std::string& name) -> const at::Tensor& {
        if (name == "self_attn.o_proj") return taps.oInput;
        if (name == "mlp.gate_proj" || name == "mlp.up_proj") return taps.mlpInput;
        if (name == "mlp.down_proj") return taps.downInput;
        return taps.attnInput;
    };
    for (const std::string& name : layerLinearNames()) {
        Linear& l = layerLinear(layer, name);
        const bool queryOrKey = name == "self_attn.q_proj" || name == "self_attn.k_proj";
        if (opt.searchClip && !queryOrKey) {
            profile::Section timed("clip search", x);
            at::Tensor maxValues = searchClip(l.weight, inputOf(name), opt.spec, opt.clip);
            l.weight = applyClip(l.weight, maxValues, opt.spec.groupSize);
            report.clipMax[name] = maxValues;
            checkCancel();
        }
        profile::Section timed("quantize groups", x);
        GroupQuantized q = quantizeGroups(l.weight, opt.spec);
        if (!at::isfinite(q.scales).all().item<bool>())
            throw Error("layer " + std::to_string(index), name + " has NaN/Inf weights after scaling");
        l.weight = dequantizeGroups(q, opt.spec.groupSize, l.weight.scalar_type());
        quantized[name] = std::move(q);
    }
    return report;
}

}  // namespace medawq
