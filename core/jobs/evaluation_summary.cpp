// The summary table printed by `medawq evaluate` and shown by the workbench, made from
// results.json alone, so a run read back from disk prints exactly the same table.
#include <medawq/evaluate.h>

#include <cmath>
#include <cstdio>

using nlohmann::json;

namespace medawq {

namespace {

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string bytes(const json& v) {
    if (!v.is_number()) return "n/a";
    const double b = v.get<double>();
    return b >= 1073741824.0 ? fmt("%.2f GiB", b / 1073741824.0) : fmt("%.1f MiB", b / 1048576.0);
}

std::string row(const std::vector<std::string>& cells) {
    std::string line = "|";
    for (const std::string& c : cells) line += " " + c + " |";
    return line + "\n";
}

}  // namespace

std::string formatEvaluationSummary(const json& results) {
    const json& models = results.at("models");
    std::string out;
    std::vector<std::string> header = {"", ""};
    header[0] = "metric";
    header.pop_back();
    for (const json& m : models) {
        header.push_back(m.value("label", "?"));
        if (m.value("role", "") != "original") header.push_back("change vs " + models[0].value("label", "FP16"));
    }
    std::vector<std::string> rule(header.size(), "---");
    out += row(header) + row(rule);

    // Quality: against the reference when there is one, else against the original model.
    const std::string basis = models[0]["scores"].value("vs_reference", json()).is_object() ? "vs_reference" : "vs_original";
    const json& keys = basis == "vs_reference" ? models[0]["scores"]["vs_reference"] : models.size() > 1 ? models[1]["scores"]["vs_original"] : json::object();
    for (auto it = keys.begin(); it != keys.end(); ++it) {
        if (!it.value().value("headline", false)) continue;
        std::vector<std::string> cells = {it.value().value("label", it.key())};
        for (const json& m : models) {
            const json& s = m["scores"][basis];
            if (!s.is_object() || !s.contains(it.key())) {
                cells.push_back("-");
            } else {
                const json& v = s[it.key()];
                cells.push_back(fmt("%.3f", v.value("value", 0.0)) + fmt(" [%.3f", v.value("low", 0.0)) + fmt(", %.3f]", v.value("high", 0.0)));
            }
            if (m.value("role", "") == "original") continue;
            const json& d = m["change_vs_original"];
            if (basis == "vs_reference" && d.is_object() && d.contains(it.key()))
                cells.push_back(fmt("%+.3f", d[it.key()].value("delta", 0.0)) + fmt(" [%+.3f", d[it.key()].value("low", 0.0)) +
                                fmt(", %+.3f]", d[it.key()].value("high", 0.0)));
            else
                cells.push_back("-");
        }
        out += row(cells);
    }
    auto perf = [&](const std::string& name, auto value, bool ratio) {
        std::vector<std::string> cells = {name};
        const double base = value(models[0]).first;
        for (const json& m : models) {
            const auto [v, text] = value(m);
            cells.push_back(text);
            if (m.value("role", "") == "original") continue;
            cells.push_back(ratio && base > 0 && v > 0 ? fmt("%.2fx", v / base) : "-");
        }
        out += row(cells);
    };
    perf("prefill (tokens/s)", [](const json& m) {
        const double v = m["speed"].value("prefill_tokens_per_second", 0.0);
        return std::make_pair(v, fmt("%.1f", v));
    }, true);
    perf("decode (tokens/s)", [](const json& m) {
        const double v = m["speed"].value("decode_tokens_per_second", 0.0);
        return std::make_pair(v, fmt("%.1f", v));
    }, true);
    perf("peak GPU memory (allocator)", [](const json& m) {
        const json& v = m["memory"]["peak_allocated_bytes"];
        return std::make_pair(v.is_number() ? v.get<double>() : 0.0, bytes(v));
    }, true);
    perf("peak GPU memory (NVML, process)", [](const json& m) {
        const json& v = m["memory"]["nvml_process_peak_bytes"];
        return std::make_pair(v.is_number() ? v.get<double>() : 0.0, bytes(v));
    }, true);
    perf("size on disk", [](const json& m) {
        const json& v = m["size_bytes"];
        return std::make_pair(v.is_number() ? v.get<double>() : 0.0, bytes(v));
    }, true);
    perf("avg new tokens per report", [](const json& m) {
        const double v = m["generation"].value("avg_new_tokens", 0.0);
        return std::make_pair(v, fmt("%.1f", v));
    }, false);
    const json& data = results["data"];
    out += "\n" + std::to_string(data.value("cases", 0)) + " cases from " + data.value("file_name", std::string("?")) +
           "; scores " + (basis == "vs_reference" ? "against '" + data.value("reference_column", std::string()) + "'" : std::string("against the original model's reports")) +
           "; [95% bootstrap interval, " + std::to_string(results["bootstrap"].value("resamples", 0)) + " resamples; changes paired]\n";
    if (results.contains("labeler_check")) {
        const json& lc = results["labeler_check"];
        const json& pos = lc["uncertain=positive"];
        char line[256];
        std::snprintf(line, sizeof line,
                      "label F1 truth: the table's label columns; our labeler on the references agrees with them on "
                      "%zu of %zu cells (micro F1 %.3f, uncertain=positive)\n",
                      lc.value("cells_agreeing", size_t(0)), lc.value("cells", size_t(0)), pos.value("micro_f1", 0.0));
        out += line;
    }
    for (const json& m : models)
        if (!m.value("precision_note", std::string()).empty())
            out += m.value("label", std::string()) + ": " + m.value("precision", std::string()) + " — " + m.value("precision_note", std::string()) + "\n";
    return out;
}

}  // namespace medawq
