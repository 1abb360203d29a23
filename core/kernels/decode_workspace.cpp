#include "kernels/decode_workspace.h"

#ifdef MEDAWQ_HAVE_CUDA_KERNELS
#include "kernels/w4a16_kernels.h"

#include <mutex>
#include <vector>

namespace medawq {

std::pair<float*, int*> decodeWorkspace(const at::Device& device, int64_t out) {
    struct Workspace {
        at::Tensor floats, counters;
    };
    static std::mutex mutex;
    static auto* perDevice = new std::vector<Workspace>();
    std::lock_guard<std::mutex> lock(mutex);
    const size_t index = size_t(device.index() < 0 ? 0 : device.index());
    if (perDevice->size() <= index) perDevice->resize(index + 1);
    Workspace& ws = (*perDevice)[index];
    const int64_t floats = cuda::decodeWorkspaceFloats(out), ints = cuda::decodeCounterInts(out);
    if (!ws.floats.defined() || ws.floats.numel() < floats) {
        ws.floats = at::zeros({floats}, at::TensorOptions().dtype(at::kFloat).device(device));
        ws.counters = at::zeros({ints}, at::TensorOptions().dtype(at::kInt).device(device));
    }
    return {ws.floats.data_ptr<float>(), ws.counters.data_ptr<int>()};
}

cuda::DecodeConfig withLaunch(cuda::DecodeConfig base, const GemvLaunch& launch) {
    if (launch.warpsPerBlock > 0) base.warpsPerBlock = launch.warpsPerBlock;
    if (launch.splitK > 0) base.splitK = launch.splitK;
    if (launch.unroll > 0) base.unroll = launch.unroll;
    if (launch.warpsPerTile > 0) base.warpsPerTile = launch.warpsPerTile;
    if (launch.prefetchAhead >= 0) base.prefetchAhead = launch.prefetchAhead;
    if (launch.ring >= 0) base.ring = launch.ring;
    return base;
}

std::string describe(const cuda::DecodeConfig& c) {
    return "w" + std::to_string(c.warpsPerBlock) + " k" + std::to_string(c.warpsPerTile) + " s" + std::to_string(c.splitK) +
           " u" + std::to_string(c.unroll) +
           (c.prefetchAhead > 0 ? " p" + std::to_string(c.prefetchAhead) : "") +
           (c.ring > 0 ? " r" + std::to_string(c.ring) : "");
}

}  // namespace medawq
#endif
