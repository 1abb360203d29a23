// Programmatic dependent launch (Hopper): a kernel launched with it may be scheduled while the
// kernel before it in the stream is still finishing, and waits for that kernel's results with
// waitForPredecessor(). In the decode graph every weight call and small kernel is a few
// microseconds long, so the launch gap between them is a large share of a step
// (BENCHMARKS.md, "The decode engine"). Every kernel launched this way calls
// waitForPredecessor() before it touches global memory, so the overlap is only of launch and
// block scheduling, never of data. MEDAWQ_PDL=0 turns it off (to measure what it brings).
#pragma once

#include <cuda_runtime.h>

#include <cstdlib>
#include <cstring>

namespace medawq::cuda {

__device__ __forceinline__ void waitForPredecessor() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}

// Lets the next kernel's blocks be scheduled now (they still wait for this grid to finish).
__device__ __forceinline__ void allowSuccessorLaunch() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
#endif
}

inline bool pdlEnabled() {
    static const bool enabled = [] {
        const char* env = std::getenv("MEDAWQ_PDL");
        if (env && std::strcmp(env, "0") == 0) return false;
        int device = 0, major = 0;
        if (cudaGetDevice(&device) != cudaSuccess) return false;
        if (cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device) != cudaSuccess) return false;
        return major >= 9;
    }();
    return enabled;
}

template <typename... KernelArgs, typename... Args>
void launchDependent(void (*kernel)(KernelArgs...), dim3 grid, dim3 block, size_t sharedBytes, cudaStream_t stream,
                     Args&&... args) {
    cudaLaunchConfig_t config = {};
    config.gridDim = grid;
    config.blockDim = block;
    config.dynamicSmemBytes = sharedBytes;
    config.stream = stream;
    cudaLaunchAttribute attribute[1];
    attribute[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attribute[0].val.programmaticStreamSerializationAllowed = pdlEnabled() ? 1 : 0;
    config.attrs = attribute;
    config.numAttrs = 1;
    cudaLaunchKernelEx(&config, kernel, static_cast<KernelArgs>(args)...);
}

}  // namespace medawq::cuda
