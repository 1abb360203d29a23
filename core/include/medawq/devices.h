// The compute devices this build and this machine offer, for choosers in the UI: "cpu" always,
// then "cuda:0", "cuda:1", ... for each visible GPU when libtorch was built with CUDA.
// Thread-safe.
//
//   for (const medawq::ComputeDevice& d : medawq::computeDevices()) std::cout << d.name << "\n";
//   if (!medawq::cudaAvailable()) std::cout << medawq::cudaUnavailableReason() << "\n";
#pragma once

#include <string>
#include <vector>

namespace medawq {

struct ComputeDevice {
    std::string name;    // what QuantizeParams::device and LoadOptions::device take
    bool isGpu = false;
    int cpuThreads = 0;  // for "cpu": the threads libtorch computes with
};

std::vector<ComputeDevice> computeDevices();
bool cudaAvailable();
// Why no "cuda" device is offered (no CUDA in this libtorch, or no GPU); "" when one is.
std::string cudaUnavailableReason();

}  // namespace medawq
