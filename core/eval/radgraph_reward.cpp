#include "eval/radgraph_reward.h"

#include <medawq/errors.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace medawq {

const char* radgraphRuleName(RadGraphRule rule) {
    return rule == RadGraphRule::Released0118 ? "radgraph 0.1.18 rewards (simple/partial case-sensitive)"
                                              : "radgraph HEAD rewards (all tokens lower-cased)";
}

RadGraphAnnotation parseRadGraphAnnotation(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object() || !j.contains("entities") || !j["entities"].is_object())
        throw Error(source, "a RadGraph annotation needs an \"entities\" object");
    RadGraphAnnotation a;
    for (auto it = j["entities"].begin(); it != j["entities"].end(); ++it) {
        const nlohmann::json& e = it.value();
        if (!e.is_object() || !e.contains("tokens") || !e.contains("label") || !e["tokens"].is_string() || !e["label"].is_string())
            throw Error(source, "entity " + it.key() + " needs string \"tokens\" and \"label\"");
        RadGraphEntity entity{e["tokens"], e["label"], {}};
        if (e.contains("relations")) {
            for (const nlohmann::json& r : e["relations"]) {
                if (!r.is_array() || r.size() != 2 || !r[0].is_string())
                    throw Error(source, "entity " + it.key() + " has a relation that is not [type, target_id]");
                entity.relations.emplace_back(r[0].get<std::string>(), r[1].is_string() ? r[1].get<std::string>() : r[1].dump());
            }
        }
        a.entities.emplace_back(it.key(), std::move(entity));
    }
    return a;
}

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

using Item = std::vector<std::string>;  // a tuple of rewards.py, as strings

struct Sets {
    std::set<Item> simple, partial, complete;
};

Sets itemsOf(const RadGraphAnnotation& a, RadGraphRule rule) {
    const bool head = rule == RadGraphRule::Head;
    auto tokensOf = [&](const std::string& t) { return head ? lower(t) : t; };
    auto findTokens = [&](const std::string& id) -> std::string {
        for (const auto& [eid, e] : a.entities)
            if (eid == id) return e.tokens;
        return "";
    };
    Sets s;
    for (const auto& [id, e] : a.entities) {
        const std::string tokens = tokensOf(e.tokens);
        s.simple.insert({tokens, e.label});
        if (e.relations.empty()) {
            s.partial.insert({tokens, e.label});
            s.complete.insert({tokens, e.label});
        } else {
            s.partial.insert({tokens, e.label, "True"});
            // Relation tuples use the target's tokens only, lower-cased in both versions.
            for (const auto& [type, target] : e.relations)
                s.complete.insert({lower(e.tokens), e.label, type, lower(findTokens(target))});
        }
    }
    return s;
}

double f1(const std::set<Item>& hyp, const std::set<Item>& ref) {
    if (hyp.empty() || ref.empty()) return 0;
    size_t common = 0;
    for (const Item& i : hyp) common += ref.count(i);
    const double p = double(common) / double(hyp.size()), r = double(common) / double(ref.size());
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

}  // namespace

RadGraphReward radgraphReward(const RadGraphAnnotation& hyp, const RadGraphAnnotation& ref, RadGraphRule rule) {
    if (hyp.entities.empty() || ref.entities.empty()) return {};
    const Sets h = itemsOf(hyp, rule), r = itemsOf(ref, rule);
    return {f1(h.simple, r.simple), f1(h.partial, r.partial), f1(h.complete, r.complete)};
}

}  // namespace medawq
