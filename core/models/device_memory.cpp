#include "models/device_memory.h"

#if __has_include(<c10/cuda/CUDACachingAllocator.h>) && __has_include(<cuda_runtime_api.h>)
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#define MEDAWQ_HAVE_CUDA_ALLOCATOR 1
#endif

#include <ATen/ATen.h>

#include <dlfcn.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <vector>

namespace medawq {

#ifdef MEDAWQ_HAVE_CUDA_ALLOCATOR
namespace {
// The caching allocator refuses statistics for a device it has not served yet.
bool initialized(int deviceIndex) {
    if (deviceIndex < 0 || deviceIndex >= int(c10::cuda::device_count())) return false;
    (void)at::empty({1}, at::TensorOptions().device(at::Device(at::kCUDA, c10::DeviceIndex(deviceIndex))));
    return true;
}
}  // namespace
#endif

std::optional<AllocatorMemory> allocatorMemory(int deviceIndex) {
#ifdef MEDAWQ_HAVE_CUDA_ALLOCATOR
    if (!initialized(deviceIndex)) return std::nullopt;
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(c10::DeviceIndex(deviceIndex));
    const size_t all = size_t(c10::CachingAllocator::StatType::AGGREGATE);
    AllocatorMemory m;
    m.allocated = stats.allocated_bytes[all].current;
    m.peakAllocated = stats.allocated_bytes[all].peak;
    m.reserved = stats.reserved_bytes[all].current;
    m.peakReserved = stats.reserved_bytes[all].peak;
    return m;
#else
    (void)deviceIndex;
    return std::nullopt;
#endif
}

void resetAllocatorPeaks(int deviceIndex) {
#ifdef MEDAWQ_HAVE_CUDA_ALLOCATOR
    if (initialized(deviceIndex)) c10::cuda::CUDACachingAllocator::resetPeakStats(c10::DeviceIndex(deviceIndex));
#else
    (void)deviceIndex;
#endif
}

void releaseCachedMemory() {
#ifdef MEDAWQ_HAVE_CUDA_ALLOCATOR
    if (c10::cuda::device_count() > 0) c10::cuda::CUDACachingAllocator::emptyCache();
#endif
}

namespace {

// The few NVML entry points we need, loaded at run time: the driver's library is present on
// GPU machines only, and linking it would make the binary refuse to start elsewhere.
struct Nvml {
    struct ProcessInfoV3 {  // nvmlProcessInfo_v3_t
        unsigned int pid;
        unsigned long long usedGpuMemory;
        unsigned int gpuInstanceId, computeInstanceId;
        unsigned long long usedGpuCcProtectedMemory;
    };
    struct MemoryInfo {  // nvmlMemory_t
        unsigned long long total, free, used;
    };
    using Init = int (*)();
    using GetHandle = int (*)(unsigned int, void**);
    using GetProcesses = int (*)(void*, unsigned int*, ProcessInfoV3*);
    using GetMemory = int (*)(void*, MemoryInfo*);
    GetHandle getHandle = nullptr;
    GetProcesses getProcesses = nullptr;
    GetMemory getMemory = nullptr;
    bool ok = false;

    Nvml() {
        void* lib = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!lib) return;
        auto init = reinterpret_cast<Init>(dlsym(lib, "nvmlInit_v2"));
        getHandle = reinterpret_cast<GetHandle>(dlsym(lib, "nvmlDeviceGetHandleByIndex_v2"));
        getProcesses = reinterpret_cast<GetProcesses>(dlsym(lib, "nvmlDeviceGetComputeRunningProcesses_v3"));
        getMemory = reinterpret_cast<GetMemory>(dlsym(lib, "nvmlDeviceGetMemoryInfo"));
        ok = init && getHandle && getProcesses && getMemory && init() == 0;
    }
    static Nvml& get() {
        static Nvml nvml;
        return nvml;
    }
    void* device(int index) {
        void* handle = nullptr;
        return ok && index >= 0 && getHandle(unsigned(index), &handle) == 0 ? handle : nullptr;
    }
};

}  // namespace

std::optional<int64_t> nvmlProcessMemory(int deviceIndex) {
    Nvml& nvml = Nvml::get();
    void* handle = nvml.device(deviceIndex);
    if (!handle) return std::nullopt;
    std::vector<Nvml::ProcessInfoV3> procs(256);
    unsigned int count = unsigned(procs.size());
    if (nvml.getProcesses(handle, &count, procs.data()) != 0) return std::nullopt;
    const unsigned int self = unsigned(getpid());
    for (unsigned int i = 0; i < count && i < procs.size(); ++i)
        if (procs[i].pid == self) return int64_t(procs[i].usedGpuMemory);
    return std::nullopt;  // not listed (yet), or a container hides our process id from the driver
}

std::optional<int64_t> nvmlDeviceUsedMemory(int deviceIndex) {
    Nvml& nvml = Nvml::get();
    void* handle = nvml.device(deviceIndex);
    Nvml::MemoryInfo info{};
    if (!handle || nvml.getMemory(handle, &info) != 0) return std::nullopt;
    return int64_t(info.used);
}

NvmlPeakSampler::NvmlPeakSampler(int deviceIndex, int periodMs) : m_device(deviceIndex), m_period(periodMs) {
    m_thread = std::thread([this] {
        while (m_running) {
            sample();
            std::this_thread::sleep_for(std::chrono::milliseconds(m_period));
        }
    });
}

void NvmlPeakSampler::sample() {
    if (const auto p = nvmlProcessMemory(m_device); p && *p > m_processPeak) m_processPeak = *p;
    if (const auto d = nvmlDeviceUsedMemory(m_device); d && *d > m_devicePeak) m_devicePeak = *d;
}

NvmlPeakSampler::~NvmlPeakSampler() { stop(); }

NvmlPeak NvmlPeakSampler::stop() {
    if (m_thread.joinable()) {
        m_running = false;
        m_thread.join();
        sample();
    }
    NvmlPeak peak;
    if (m_processPeak >= 0) peak.process = m_processPeak.load();
    if (m_devicePeak >= 0) peak.device = m_devicePeak.load();
    return peak;
}

PeakMemory PeakMemoryWatch::finish() {
    PeakMemory p;
    if (const auto m = allocatorMemory(m_device)) {
        p.allocated = m->peakAllocated;
        p.reserved = m->peakReserved;
    }
    if (const auto n = m_nvml.stop(); n.process) p.nvmlProcess = *n.process;
    return p;
}

}  // namespace medawq
