#include "jobs/image_calibration.h"

#include "jobs/calibration_texts.h"
#include "jobs/eval_cases.h"
#include "models/decoder.h"
#include "vision/image_prompt.h"

#include <medawq/errors.h>
#include <medawq/tokenizer.h>


namespace medawq {

namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string joinColumns(const Table& table, size_t row, const std::vector<std::string>& columns) {
    std::string text;
    for (const std::string& c : columns) {
        if (table.columnIndex(c) < 0) continue;
        const std::string& cell = table.cell(row, c);
        if (blank(cell)) continue;
        if (!text.empty()) text += "\n";
        text += cell;
    }
    return text;
}

struct Conversation {
    std::vector<int64_t> ids;
    std::vector<int64_t> filler;  // the row's text alone, for other rows' short blocks
    std::string image;
};

}  // namespace

ImageCalibration buildImageCalibration(const Table& table, const ModelConfig& config, const Tokenizer& tok,
                                       const ImageCalibrationOptions& o) {
    if (o.imageColumn.empty() || table.columnIndex(o.imageColumn) < 0)
        throw Error(table.path, "no image column '" + o.imageColumn + "'; columns are: " + describeColumns(table.columns));
    ImageCalibration out;
    out.rowsRead = int64_t(table.rows.size());
    out.warnings = table.warnings;
    PromptTemplate tpl;
    const bool useTemplate = !o.promptFile.empty() || !o.promptTemplate.empty();
    if (!o.promptFile.empty()) tpl = loadPromptTemplate(o.promptFile);
    else if (useTemplate) tpl = PromptTemplate{"<inline>", o.promptTemplate};
    out.templateText = useTemplate ? tpl.text : "";
    if (!useTemplate)
        for (const std::string& c : o.textColumns)
            if (table.columnIndex(c) < 0)
                throw Error(table.path, "no column '" + c + "' (--text_column); columns are: " + describeColumns(table.columns));

    const std::vector<size_t> rows = drawRows(table.rows.size(), o.numSamples, o.seed);
    out.rowsDrawn = int64_t(rows.size());
    const int bos = tok.bosId();
    const bool addBos = tok.addsBos() && bos >= 0;
    std::vector<Conversation> convs;
    for (size_t r : rows) {
        if (o.maxBlocks > 0 && int64_t(convs.size()) >= o.maxBlocks) break;
        std::string warning;
        const std::string path = rowImage(table, r, o.imageColumn, warning);
        if (path.empty()) {
            ++out.rowsMissingImage;
            out.warnings.push_back(warning);
            continue;
        }
        // The user turn: the image and the template's text (nothing more without a template);
        // the model turn: the text columns' text, the report the model would write.
        const std::string user = !useTemplate ? std::string() : tpl.placeholders().empty() ? tpl.text : tpl.fill(table, r);
        const std::string answer = joinColumns(table, r, o.textColumns);
        std::string text = imageChatPrompt(config, tok, user);
        if (!answer.empty()) text += answer + tok.endOfTurnText();
        Conversation c;
        const std::vector<int> ids = tok.encode(text, addBos);
        c.ids.assign(ids.begin(), ids.end());
        const std::string plain = blank(answer) ? user : user + "\n" + answer;
        if (!blank(plain)) {
            const std::vector<int> f = tok.encode(plain, addBos);
            c.filler.assign(f.begin(), f.end());
        }
        c.image = path;
        convs.push_back(std::move(c));
    }
    if (convs.empty())
        throw Error(table.path, "no drawn row has an image file that exists (column '" + o.imageColumn + "', " +
                                    std::to_string(out.rowsMissingImage) + " missing)");

    // Every conversation starts with the same turn prefix, so its image run is at the same place.
    const auto idsTensor = [](const std::vector<int64_t>& v) {
        return at::tensor(v, at::TensorOptions().dtype(at::kLong));
    };
    out.imageRun = findImageBlocks(idsTensor(convs.front().ids), config.vision.imageTokenId, 0);
    if (out.imageRun.size() != 1)
        throw Error(config.path, "the image prompt holds " + std::to_string(out.imageRun.size()) + " image-token runs, expected 1");
    const int64_t imageEnd = out.imageRun.front().end;
    if (imageEnd >= o.seqlen)
        throw Error("--seqlen " + std::to_string(o.seqlen), "too short for an image prompt: its image tokens end at token " +
                                                                std::to_string(imageEnd) + " (use at least " +
                                                                std::to_string(imageEnd + 64) + ")");
    std::vector<int64_t> fillerStream;
    std::vector<size_t> fillerStart;  // where row i's filler begins in the stream
    for (const Conversation& c : convs) {
        fillerStart.push_back(fillerStream.size());
        fillerStream.insert(fillerStream.end(), c.filler.begin(), c.filler.end());
    }

    const int64_t blocks = int64_t(convs.size());
    out.ids = at::empty({blocks, o.seqlen}, at::TensorOptions().dtype(at::kLong));
    int64_t* p = out.ids.data_ptr<int64_t>();
    for (int64_t b = 0; b < blocks; ++b) {
        const Conversation& c = convs[size_t(b)];
        const ImageBlocks run = findImageBlocks(idsTensor(c.ids), config.vision.imageTokenId, 0);
        if (run.size() != 1 || run.front().begin != out.imageRun.front().begin || run.front().end != imageEnd)
            throw Error(c.image, "its prompt puts the image tokens elsewhere than the first row's (a text cell holding image tokens?)");
        int64_t* row = p + b * o.seqlen;
        const int64_t own = std::min<int64_t>(int64_t(c.ids.size()), o.seqlen);
        std::copy(c.ids.begin(), c.ids.begin() + own, row);
        if (int64_t(c.ids.size()) > o.seqlen) ++out.truncated;
        if (own == o.seqlen) continue;
        // Fill from the next rows' text, cycling: the block's own text is not repeated first.
        const int64_t need = o.seqlen - own;
        if (fillerStream.empty())
            throw Error(table.path, "the image prompts are " + std::to_string(own) + " tokens, shorter than --seqlen " +
                                        std::to_string(o.seqlen) + ", and the rows have no text to fill the blocks with "
                                        "(choose a text column, or lower --seqlen)");
        size_t at = fillerStart[(size_t(b) + 1) % convs.size()];
        for (int64_t i = 0; i < need; ++i) {
            if (at >= fillerStream.size()) at = 0;
            row[own + i] = fillerStream[at++];
        }
        out.fillerTokens += need;
    }
    for (const Conversation& c : convs) out.imagePaths.push_back(c.image);
    out.rowsUsed = blocks;
    return out;
}

}  // namespace medawq
