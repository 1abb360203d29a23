// Terminal progress for long jobs: one updating line on a TTY, a line per step otherwise.
// Ctrl-C sets a flag that the job's progress callback turns into a cancel.
#pragma once

#include <medawq/evaluate.h>
#include <medawq/quantize.h>

#include <atomic>
#include <chrono>
#include <string>

namespace medawq::cli {

std::atomic<bool>& interruptFlag();
void installInterruptHandler();

class ProgressDisplay {
public:
    ProgressDisplay();
    // Returns false once Ctrl-C was pressed.
    bool operator()(const QuantizeProgress& p);
    bool operator()(const EvaluateProgress& p);
    void log(const std::string& line);

private:
    bool m_tty;
    int m_lastStage = -1;
    int m_lastLayer = -1;
    std::chrono::steady_clock::time_point m_lastDraw;
};

}  // namespace medawq::cli
