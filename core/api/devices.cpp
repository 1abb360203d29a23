// computeDevices: what parseDevice() would accept on this machine, listed for the UI.
#include <medawq/devices.h>

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>

namespace medawq {

bool cudaAvailable() { return at::hasCUDA(); }

std::string cudaUnavailableReason() {
    // libtorch answers the same "no" for a CPU-only build and for a CUDA build without a GPU.
    return at::hasCUDA() ? "" : "CUDA is not available (this build of libtorch or this machine has no GPU)";
}

std::vector<ComputeDevice> computeDevices() {
    std::vector<ComputeDevice> out;
    out.push_back({"cpu", false, at::get_num_threads()});
    if (at::hasCUDA()) {
        const int n = at::detail::getCUDAHooks().getNumGPUs();
        for (int i = 0; i < n; ++i) out.push_back({"cuda:" + std::to_string(i), true, 0});
    }
    return out;
}

}  // namespace medawq
