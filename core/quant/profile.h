// Section timings for speed work: MEDAWQ_PROFILE=1 makes the quantize job print, per layer,
// where the wall time went. Each section ends with a device sync (so queued GPU work is charged
// to the section that queued it); without the variable nothing is timed and nothing syncs.
#pragma once

#include <ATen/ATen.h>

#include <chrono>
#include <map>
#include <string>

namespace medawq::profile {

bool enabled();
// Seconds per section name since the last take().
std::map<std::string, double> take();
void add(const std::string& section, double seconds);

class Section {
public:
    Section(std::string name, const at::Tensor& device) : m_name(std::move(name)), m_device(device) {
        if (enabled()) m_start = std::chrono::steady_clock::now();
    }
    ~Section();
    Section(const Section&) = delete;
    Section& operator=(const Section&) = delete;

private:
    std::string m_name;
    at::Tensor m_device;  // any tensor on the device to synchronise
    std::chrono::steady_clock::time_point m_start;
};

}  // namespace medawq::profile
