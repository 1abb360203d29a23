// RadGraph's reward arithmetic (Stanford-AIMI/radgraph rewards.py, reward_level "all"), computed
// from annotations the radgraph package produced: exact set arithmetic, in both versions that
// users meet — the released 0.1.18 package (simple/partial compare tokens case-sensitively) and
// the development head (every token lower-cased). The rule is named next to every number.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace medawq {

struct RadGraphEntity {
    std::string tokens, label;
    std::vector<std::pair<std::string, std::string>> relations;  // (type, target entity id)
};

struct RadGraphAnnotation {
    std::vector<std::pair<std::string, RadGraphEntity>> entities;  // (id, entity), in file order
};

enum class RadGraphRule { Released0118, Head };
const char* radgraphRuleName(RadGraphRule rule);  // "radgraph 0.1.18 (case-sensitive)" / "radgraph HEAD (lower-cased)"

struct RadGraphReward {
    double simple = 0, partial = 0, complete = 0;  // RG_E, RG_ER, RG_ER-bar
};

// {"entities": {"1": {"tokens", "label", "relations": [[type, target_id], ...]}}}; throws Error
// naming `source` when the layout is not that.
RadGraphAnnotation parseRadGraphAnnotation(const nlohmann::json& j, const std::string& source = "annotation");

// One (hypothesis, reference) pair. A side without entities scores 0.
RadGraphReward radgraphReward(const RadGraphAnnotation& hyp, const RadGraphAnnotation& ref, RadGraphRule rule);

}  // namespace medawq
