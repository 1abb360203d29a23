// Programmatic dependent launch (Hopper): a kernel launched with it may be scheduled while the
// kernel before it in the stream is still finishing, and waits for that kernel's results with
// waitForPredecessor(). In the decode graph every weight call and small kernel is a few
// microseconds long, so the launch gap between them is a large share of a step
// (BENCHMARKS.md, "The decode engine"). Every kernel launched this way lets its own successor
// launch first thing (allowSuccessorLaunch), so a chain of them is scheduled ahead, and calls
// waitForPredecessor() before it reads anything an earlier kernel writes or writes anything at
// all; the GEMVs load their (constant) weights before that wait (gemv_common.cuh).
// MEDAWQ_PDL=0 turns it off (to measure what it brings).
#pragma once

#include "kernels/engine_switch.h"

#include <cuda_runtime.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

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

// Starts moving `bytes` (a multiple of 16, from a 16-byte aligned address) from HBM into L2
// without waiting for them (Hopper's bulk prefetch; a no-op before sm_90).
__device__ __forceinline__ void prefetchL2(const void* p, uint32_t bytes) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    if (bytes > 0) asm volatile("cp.async.bulk.prefetch.L2.global [%0], %1;" ::"l"(p), "r"(bytes) : "memory");
#else
    (void)p, (void)bytes;
#endif
}

// One line (the 128 bytes around p) towards L2.
__device__ __forceinline__ void prefetchLineL2(const void* p) { asm volatile("prefetch.global.L2 [%0];" ::"l"(p)); }

// A Hopper (sm_90+) feature that MEDAWQ_<name>=0 turns off, to measure what it brings.
inline bool hopperFeatureOn(const char* envName) {
    if (!engineSwitch(envName, true)) return false;
    int device = 0, major = 0;
    if (cudaGetDevice(&device) != cudaSuccess) return false;
    if (cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device) != cudaSuccess) return false;
    return major >= 9;
}

inline bool pdlEnabled() {
    static const bool enabled = hopperFeatureOn("MEDAWQ_PDL");
    return enabled;
}

// Whether the GEMVs reduce split K inside thread-block clusters (Hopper; MEDAWQ_GEMV_CLUSTER=0
// sends them back to global atomics, to compare).
inline bool clustersEnabled() {
    static const bool enabled = hopperFeatureOn("MEDAWQ_GEMV_CLUSTER");
    return enabled;
}

// Above 48 KB of shared memory, static and dynamic together, a kernel must opt in (the GEMVs'
// bulk-copy ring): its cap is raised to `bytes` if below, never lowered (graphs captured earlier
// keep launches of the larger size). The driver is asked once per kernel and size, not per launch.
inline void allowDynamicShared(const void* kernel, size_t bytes) {
    static std::mutex mutex;
    static auto* allowed = new std::map<const void*, size_t>();  // what each kernel is known to take
    std::lock_guard<std::mutex> lock(mutex);
    size_t& known = (*allowed)[kernel];
    if (bytes <= known) return;
    cudaFuncAttributes attributes;
    if (cudaFuncGetAttributes(&attributes, kernel) != cudaSuccess) return;  // the launch reports it
    if (bytes > size_t(attributes.maxDynamicSharedSizeBytes) &&
        cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, int(bytes)) != cudaSuccess)
        return;
    known = bytes;
}

// clusterY > 1: blocks (x, 0..clusterY-1) form one thread-block cluster (Hopper), so they can
// read each other's shared memory (the GEMVs' split-K reduction, gemv_common.cuh).
template <typename... KernelArgs, typename... Args>
void launchClustered(void (*kernel)(KernelArgs...), dim3 grid, dim3 block, size_t sharedBytes, cudaStream_t stream,
                     unsigned clusterY, Args&&... args) {
    if (sharedBytes > 0) allowDynamicShared(reinterpret_cast<const void*>(kernel), sharedBytes);
    cudaLaunchConfig_t config = {};
    config.gridDim = grid;
    config.blockDim = block;
    config.dynamicSmemBytes = sharedBytes;
    config.stream = stream;
    cudaLaunchAttribute attribute[2];
    attribute[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attribute[0].val.programmaticStreamSerializationAllowed = pdlEnabled() ? 1 : 0;
    config.attrs = attribute;
    config.numAttrs = 1;
    if (clusterY > 1) {
        attribute[1].id = cudaLaunchAttributeClusterDimension;
        attribute[1].val.clusterDim.x = 1;
        attribute[1].val.clusterDim.y = clusterY;
        attribute[1].val.clusterDim.z = 1;
        config.numAttrs = 2;
    }
    cudaLaunchKernelEx(&config, kernel, static_cast<KernelArgs>(args)...);
}

template <typename... KernelArgs, typename... Args>
void launchDependent(void (*kernel)(KernelArgs...), dim3 grid, dim3 block, size_t sharedBytes, cudaStream_t stream,
                     Args&&... args) {
    launchClustered(kernel, grid, block, sharedBytes, stream, 1u, std::forward<Args>(args)...);
}

}  // namespace medawq::cuda
