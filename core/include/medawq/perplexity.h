// Perplexity of reference answers given their prompts: each row's prompt (template filled from
// the row, in the model's chat format) followed by the reference text and the end-of-turn marker;
// only the answer tokens are scored. How the demo model card and the AWQ-vs-RTN check measure.
#pragma once

#include <medawq/generation.h>
#include <medawq/table.h>

#include <cstddef>
#include <string>

namespace medawq {

struct PerplexityResult {
    double perplexity = 0;
    double meanNll = 0;      // nats per answer token
    long long tokens = 0;
    size_t rows = 0;
};

// Rows 0..rows-1 (all when rows is 0). Throws Error for a missing column or an empty answer set.
PerplexityResult answerPerplexity(LanguageModel& model, const Table& table, const PromptTemplate& prompt,
                                  const std::string& referenceColumn, size_t rows = 0);

}  // namespace medawq
