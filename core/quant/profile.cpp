#include "quant/profile.h"

#include <cstdlib>
#include <mutex>

namespace medawq::profile {

namespace {
std::mutex g_mutex;
std::map<std::string, double> g_seconds;
}  // namespace

bool enabled() {
    static const bool on = std::getenv("MEDAWQ_PROFILE") != nullptr;
    return on;
}

void add(const std::string& section, double seconds) {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_seconds[section] += seconds;
}

std::map<std::string, double> take() {
    std::lock_guard<std::mutex> lock(g_mutex);
    return std::exchange(g_seconds, {});
}

Section::~Section() {
    if (!enabled()) return;
    // A one-element read waits for everything queued on the tensor's stream.
    if (m_device.defined() && m_device.numel() > 0 && !m_device.is_cpu()) (void)m_device.reshape(-1).narrow(0, 0, 1).sum().item<double>();
    add(m_name, std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count());
}

}  // namespace medawq::profile
