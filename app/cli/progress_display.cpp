#include "progress_display.h"

#include <csignal>
#include <cstdio>

#include <unistd.h>

namespace medawq::cli {

std::atomic<bool>& interruptFlag() {
    static std::atomic<bool> flag{false};
    return flag;
}

void installInterruptHandler() {
    std::signal(SIGINT, [](int) { interruptFlag() = true; });
}

ProgressDisplay::ProgressDisplay() : m_tty(::isatty(2)) {}

bool ProgressDisplay::operator()(const QuantizeProgress& p) {
    if (interruptFlag()) return false;
    const auto now = std::chrono::steady_clock::now();
    const bool newStep = int(p.stage) != m_lastStage || p.layer != m_lastLayer;
    if (!m_tty && !newStep) return true;
    if (m_tty && !newStep && now - m_lastDraw < std::chrono::milliseconds(100) && p.fraction < 1.0) return true;
    m_lastDraw = now;
    m_lastStage = int(p.stage);
    m_lastLayer = p.layer;
    char eta[32] = "";
    if (p.etaSeconds >= 0 && p.fraction < 1.0) std::snprintf(eta, sizeof eta, ", ETA %.0f s", p.etaSeconds);
    char layer[32] = "";
    if (p.layers > 0) std::snprintf(layer, sizeof layer, " layer %d/%d", p.layer, p.layers);
    std::fprintf(stderr, "%s[%d/5 %s]%s %3.0f%% (%.1f s%s)%s", m_tty ? "\r\033[K" : "", int(p.stage) + 1,
                 stageName(p.stage), layer, 100.0 * p.fraction, p.stageElapsed, eta, m_tty ? "" : "\n");
    return true;
}

bool ProgressDisplay::operator()(const EvaluateProgress& p) {
    if (interruptFlag()) return false;
    if (p.total < 0) return true;  // a per-token liveness poll, nothing new to draw
    const auto now = std::chrono::steady_clock::now();
    const int step = int(p.stage) * 1000 + p.model;
    const bool newStep = step != m_lastStage || (!m_tty && p.done != m_lastLayer && p.done % 10 == 0);
    if (!m_tty && !newStep) return true;
    if (m_tty && !newStep && now - m_lastDraw < std::chrono::milliseconds(100) && p.done < p.total) return true;
    m_lastDraw = now;
    m_lastStage = step;
    m_lastLayer = int(p.done);
    char model[96] = "";
    if (p.model > 0) std::snprintf(model, sizeof model, " model %d/%d %s", p.model, p.models, p.modelLabel.c_str());
    char eta[32] = "";
    if (p.etaSeconds >= 0 && p.done < p.total) std::snprintf(eta, sizeof eta, ", ETA %.0f s", p.etaSeconds);
    std::fprintf(stderr, "%s[%s]%s %lld/%lld (%.1f s%s)%s", m_tty ? "\r\033[K" : "", evaluateStageName(p.stage), model,
                 (long long)p.done, (long long)p.total, p.elapsedSeconds, eta, m_tty ? "" : "\n");
    return true;
}

void ProgressDisplay::log(const std::string& line) {
    std::fprintf(stderr, "%s%s\n", m_tty ? "\r\033[K" : "", line.c_str());
}

}  // namespace medawq::cli
