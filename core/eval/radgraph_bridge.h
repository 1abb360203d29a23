// RadGraph F1 through the user's own Python `radgraph` package: MedAWQ ships a small scorer
// script (resources/radgraph/medawq_radgraph.py) and talks JSON lines with it over a pipe; the
// package returns annotations, the rewards are computed here (eval/radgraph_reward.h). When
// Python, the package or its weights are missing, probe() says exactly which, and no number is
// shown under the name RadGraph F1.
#pragma once

#include "eval/radgraph_reward.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace medawq {

struct RadGraphAvailability {
    bool available = false;
    std::string reason;           // why not, in one sentence
    std::string python;           // the interpreter used
    std::string packageVersion;   // as the package reports it
};

class RadGraphBridge {
public:
    // `modelType`: radgraph-xl | modern-radgraph-xl | radgraph. The interpreter is $MEDAWQ_PYTHON
    // or python3 on PATH; the script $MEDAWQ_RADGRAPH_SCRIPT or the one installed with MedAWQ.
    explicit RadGraphBridge(std::string modelType);

    RadGraphAvailability probe() const;
    // One annotation per text (an empty text gets no entities, as F1RadGraph scores it 0).
    // Throws Error when the scorer fails; `progress(done, total)` returning false throws Cancelled.
    std::vector<RadGraphAnnotation> annotate(const std::vector<std::string>& texts,
                                             const std::function<bool(int64_t, int64_t)>& progress) const;

    // The package's own F1RadGraph(reward_level="all") rewards of (hypothesis, reference) pairs,
    // for cross-checking the rewards computed here. Throws Error when the scorer fails.
    std::vector<RadGraphReward> packageRewards(const std::vector<std::pair<std::string, std::string>>& pairs) const;

    static std::string scriptPath();
    static std::string pythonPath();

private:
    std::string m_modelType;
};

}  // namespace medawq
