#include "formats/tokenizer_config.h"

#include "medawq/errors.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace medawq {
namespace {

using nlohmann::json;

// nullopt when the file does not exist.
std::optional<json> readJson(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    try {
        return json::parse(in);
    } catch (const json::exception& e) {
        throw Error(path, std::string("not valid JSON: ") + e.what());
    }
}

// "bos_token": "<s>" or {"content": "<s>", ...}
std::string tokenText(const json& node) {
    if (node.is_string()) return node.get<std::string>();
    if (node.is_object() && node.contains("content") && node["content"].is_string()) return node["content"].get<std::string>();
    return {};
}

}  // namespace

void TokenizerConfig::readTokenizerConfig(const std::string& path, TokenizerConfig& config) {
    const auto root = readJson(path);
    if (!root) return;
    try {
        if (auto it = root->find("add_bos_token"); it != root->end() && it->is_boolean()) config.addBos = it->get<bool>();
        if (auto it = root->find("bos_token"); it != root->end()) config.bosToken = tokenText(*it);
        if (auto it = root->find("eos_token"); it != root->end()) config.eosToken = tokenText(*it);
        if (auto it = root->find("chat_template"); it != root->end()) {
            if (it->is_string()) config.chatTemplate = it->get<std::string>();
            else if (it->is_array())  // [{"name": "default", "template": "..."}, ...]
                for (const auto& t : *it)
                    if (t.value("name", std::string()) == "default") config.chatTemplate = t.value("template", std::string());
        }
        if (auto it = root->find("added_tokens_decoder"); it != root->end() && it->is_object())
            for (const auto& [id, t] : it->items())
                config.addedTokens.push_back({t.at("content").get<std::string>(), std::stoi(id), t.value("special", false)});
    } catch (const std::exception& e) {
        throw Error(path, std::string("unexpected layout: ") + e.what());
    }
}

TokenizerConfig TokenizerConfig::readDirectory(const std::string& dir) {
    TokenizerConfig config;
    // special_tokens_map.json first: tokenizer_config.json, the more specific file, overrides it.
    if (const auto map = readJson(dir + "/special_tokens_map.json")) {
        config.bosToken = tokenText(map->value("bos_token", json()));
        config.eosToken = tokenText(map->value("eos_token", json()));
    }
    TokenizerConfig fromConfig;
    readTokenizerConfig(dir + "/tokenizer_config.json", fromConfig);
    if (!fromConfig.bosToken.empty()) config.bosToken = fromConfig.bosToken;
    if (!fromConfig.eosToken.empty()) config.eosToken = fromConfig.eosToken;
    config.addBos = fromConfig.addBos;
    config.chatTemplate = fromConfig.chatTemplate;
    config.addedTokens = fromConfig.addedTokens;
    const std::string genPath = dir + "/generation_config.json";
    if (const auto gen = readJson(genPath)) {
        const json eos = gen->value("eos_token_id", json());
        if (eos.is_number_integer()) config.generationEosIds.push_back(eos.get<int>());
        else if (eos.is_array())
            for (const auto& e : eos)
                if (e.is_number_integer()) config.generationEosIds.push_back(e.get<int>());
    }
    return config;
}

}  // namespace medawq
