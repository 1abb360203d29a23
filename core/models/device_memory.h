// GPU memory as the users' comparisons need it: the caching allocator's own counters (what
// tensors held and what the allocator reserved from the driver), and the process's memory as
// the driver reports it through NVML (what nvidia-smi shows), sampled while work runs.
// Everything reads "not available" on CPU-only builds and machines without NVIDIA's library.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <thread>

namespace medawq {

struct AllocatorMemory {
    int64_t allocated = 0, reserved = 0;            // now, bytes
    int64_t peakAllocated = 0, peakReserved = 0;    // since the last reset, bytes
};

// std::nullopt when this libtorch has no CUDA or the device index is not a CUDA device.
std::optional<AllocatorMemory> allocatorMemory(int deviceIndex);
void resetAllocatorPeaks(int deviceIndex);
// Returns cached blocks to the driver, so one model's cache does not inflate the next one's.
void releaseCachedMemory();

// This process's GPU memory according to NVML (what nvidia-smi lists per process), and the
// whole device's used memory; nullopt when NVML is unavailable or does not list the process.
std::optional<int64_t> nvmlProcessMemory(int deviceIndex);
std::optional<int64_t> nvmlDeviceUsedMemory(int deviceIndex);

struct NvmlPeak {
    std::optional<int64_t> process;  // bytes, this process
    std::optional<int64_t> device;   // bytes, everything on the device (includes other processes)
};

// Samples NVML every `periodMs` on a helper thread until stopped.
class NvmlPeakSampler {
public:
    explicit NvmlPeakSampler(int deviceIndex, int periodMs = 20);
    ~NvmlPeakSampler();
    NvmlPeak stop();

private:
    void sample();
    int m_device;
    int m_period;
    std::atomic<bool> m_running{true};
    std::atomic<int64_t> m_processPeak{-1}, m_devicePeak{-1};
    std::thread m_thread;
};

// Peak GPU memory over a stretch of work: resets the allocator's peaks and samples NVML from
// construction until finish(). All figures -1 on the CPU (not measured, never 0).
struct PeakMemory {
    int64_t allocated = -1, reserved = -1, nvmlProcess = -1;
};
class PeakMemoryWatch {
public:
    explicit PeakMemoryWatch(int deviceIndex) : m_device(deviceIndex), m_nvml((resetAllocatorPeaks(deviceIndex), deviceIndex)) {}
    PeakMemory finish();

private:
    int m_device;
    NvmlPeakSampler m_nvml;
};

}  // namespace medawq
