#include <medawq/errors.h>
#include <medawq/user_config.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <map>

using nlohmann::json;

namespace medawq {

namespace {

template <typename T>
T as(const json& v, const std::string& path, const std::string& key, const char* what) {
    try {
        return v.get<T>();
    } catch (const json::exception&) {
        throw Error(path, "'" + key + "' must be " + what);
    }
}

bool asBool(const json& v, const std::string& path, const std::string& key) {
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (s == "true" || s == "True" || s == "1") return true;
        if (s == "false" || s == "False" || s == "0") return false;
    }
    throw Error(path, "'" + key + "' must be true or false");
}

}  // namespace

UserConfig readUserConfig(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(path, "cannot open the configuration file");
    json j;
    try {
        j = json::parse(in);
    } catch (const json::parse_error& e) {
        throw Error(path, std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) throw Error(path, "the configuration must be a JSON object");
    UserConfig c;
    using Setter = std::function<void(const json&, const std::string&)>;
    auto str = [&](std::optional<std::string>& f) { return Setter([&](const json& v, const std::string& k) { f = as<std::string>(v, path, k, "a string"); }); };
    const std::map<std::string, Setter> keys = {
        {"quantization.bits", [&](const json& v, const std::string& k) { c.bits = as<int>(v, path, k, "a whole number"); }},
        {"quantization.group_size", [&](const json& v, const std::string& k) { c.groupSize = as<int>(v, path, k, "a whole number"); }},
        {"quantization.zero_point", [&](const json& v, const std::string& k) { c.zeroPoint = asBool(v, path, k); }},
        {"quantization.version", str(c.version)},
        {"quantization.method", str(c.method)},
        {"calibration.data_path", str(c.dataPath)},
        {"calibration.num_samples", [&](const json& v, const std::string& k) { c.numSamples = as<long>(v, path, k, "a whole number"); }},
        {"calibration.random_seed", [&](const json& v, const std::string& k) { c.randomSeed = as<unsigned long long>(v, path, k, "a whole number"); }},
        {"calibration.text_column", str(c.textColumn)},
        {"model.original_model_path", str(c.originalModelPath)},
        {"model.quantized_model_path", str(c.quantizedModelPath)},
        {"generation.prompt_file", str(c.promptFile)},
        {"generation.prompt_template", str(c.promptTemplate)},
        {"generation.max_new_tokens", [&](const json& v, const std::string& k) { c.maxNewTokens = as<int>(v, path, k, "a whole number"); }},
        {"generation.temperature", [&](const json& v, const std::string& k) { c.temperature = as<double>(v, path, k, "a number"); }},
        {"generation.top_p", [&](const json& v, const std::string& k) { c.topP = as<double>(v, path, k, "a number"); }},
        {"generation.do_sample", [&](const json& v, const std::string& k) { c.doSample = asBool(v, path, k); }},
        {"evaluation.eval_data_path", str(c.evalDataPath)},
        {"evaluation.num_eval_samples", [&](const json& v, const std::string& k) { c.numEvalSamples = as<long>(v, path, k, "a whole number"); }},
        {"evaluation.radgraph_model", str(c.radgraphModel)},
        {"evaluation.metrics", [&](const json& v, const std::string& k) { c.metrics = as<std::vector<std::string>>(v, path, k, "a list of names"); }},
    };
    const std::map<std::string, std::string> informational = {
        {"model.trust_remote_code", "MedAWQ never runs code from a model folder"},
        {"model.device_map", "MedAWQ brings one layer at a time to the device chosen with --device"},
    };
    for (auto& [section, body] : j.items()) {
        if (section == "comment" || section == "hardware" || section == "notes") {
            c.ignored.push_back(section + ": informational");
            continue;
        }
        if (!body.is_object()) throw Error(path, "unknown key '" + section + "'");
        for (auto& [name, value] : body.items()) {
            const std::string key = section + "." + name;
            if (name == "comment") continue;
            if (auto it = keys.find(key); it != keys.end()) {
                if (!value.is_null()) it->second(value, key);
            } else if (auto inf = informational.find(key); inf != informational.end()) {
                c.ignored.push_back(key + ": " + inf->second);
            } else {
                throw Error(path, "unknown key '" + key + "' (MedAWQ honours or names every key; see the README)");
            }
        }
    }
    if (c.version) {
        std::string v = *c.version;
        for (char& ch : v) ch = char(std::tolower(ch));
        if (v != "gemm") throw Error(path, "quantization.version '" + *c.version + "' is not supported (GEMM)");
    }
    if (c.method) {
        std::string m = *c.method;
        for (char& ch : m) ch = char(std::tolower(ch));
        if (m != "awq" && m != "rtn") throw Error(path, "quantization.method '" + *c.method + "' is not supported (AWQ, RTN)");
        c.method = m;
    }
    return c;
}

}  // namespace medawq
