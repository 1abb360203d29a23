#include "models/layer_prefetch.h"

#include <medawq/errors.h>

namespace medawq {

namespace {

template <typename F>
void forEachTensor(DecoderLayer& l, F&& f) {
    for (RmsNorm* n : {&l.inputNorm, &l.postAttentionNorm, &l.preFeedforwardNorm, &l.postFeedforwardNorm, &l.qNorm,
                       &l.kNorm})
        f(n->weight);
    for (Linear* lin : {&l.q, &l.k, &l.v, &l.o, &l.gate, &l.up, &l.down}) {
        f(lin->weight);
        f(lin->bias);
    }
}

}  // namespace

DecoderLayer layerTo(DecoderLayer layer, at::Device device) {
    forEachTensor(layer, [&](at::Tensor& t) {
        if (t.defined()) t = t.to(device, /*non_blocking=*/t.is_pinned());
    });
    return layer;
}

LayerPrefetch::LayerPrefetch(const Checkpoint& checkpoint, const ModelConfig& config, at::Device device,
                             at::ScalarType dtype, int64_t layers)
    : m_hostLoader(checkpoint, config, at::kCPU, dtype), m_device(device), m_layers(layers) {
    start(0);
}

LayerPrefetch::~LayerPrefetch() {
    if (m_pending.valid()) m_pending.wait();  // the helper thread reads the checkpoint we borrow
}

void LayerPrefetch::start(int64_t index) {
    m_next = index;
    if (index >= m_layers) return;
    const bool pin = m_device.is_cuda();
    m_pending = std::async(std::launch::async, [this, index, pin] {
        DecoderLayer l = m_hostLoader.layer(index);
        if (pin) forEachTensor(l, [](at::Tensor& t) {
            if (t.defined()) t = t.pin_memory();
        });
        return l;
    });
}

DecoderLayer LayerPrefetch::take(int64_t index) {
    if (index != m_next || !m_pending.valid())
        throw Error("layer " + std::to_string(index), "layers must be read in order (internal error)");
    DecoderLayer host = m_pending.get();  // rethrows the loader's Error, naming the file
    start(index + 1);
    return layerTo(std::move(host), m_device);
}

}  // namespace medawq
