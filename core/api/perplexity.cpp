#include <medawq/errors.h>
#include <medawq/perplexity.h>

#include <cmath>

namespace medawq {

PerplexityResult answerPerplexity(LanguageModel& model, const Table& table, const PromptTemplate& prompt,
                                  const std::string& referenceColumn, size_t rows) {
    prompt.checkNoLeak(referenceColumn);
    const size_t n = rows == 0 ? table.rows.size() : std::min(rows, table.rows.size());
    PerplexityResult r;
    double nll = 0;
    for (size_t i = 0; i < n; ++i) {
        const std::string& answer = table.cell(i, referenceColumn);
        if (answer.empty()) continue;
        std::vector<int> ids = model.encode(model.chatPrompt(prompt.fill(table, i)), true);
        const size_t first = ids.size();
        // The answer ends the turn, as the model was trained to; the marker is scored too.
        const std::vector<int> a = model.encode(answer + model.endOfTurnText(), false);
        ids.insert(ids.end(), a.begin(), a.end());
        const auto [sum, count] = model.negativeLogLikelihood(ids, first);
        nll += sum;
        r.tokens += count;
        ++r.rows;
    }
    if (r.tokens == 0) throw Error(table.path, "no reference answers to score in column '" + referenceColumn + "'");
    r.meanNll = nll / double(r.tokens);
    r.perplexity = std::exp(r.meanNll);
    return r;
}

}  // namespace medawq
