// Word-level differences between two reports (FP16 vs AWQ): the longest common subsequence over
// word tokens, so that one changed word shows as one deletion and one insertion rather than
// shifting everything after it. Whitespace is kept with the word before it: joining the Equal and
// Inserted segments gives back `b` exactly, Equal and Deleted give `a` up to the whitespace
// between words.
//
//   const auto d = medawq::report::diffWords("Small left effusion.", "Small right effusion.");
//   // Equal "Small ", Deleted "left ", Inserted "right ", Equal "effusion."
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace medawq::report {

struct DiffSegment {
    enum Kind { Equal, Deleted, Inserted };
    Kind kind = Equal;
    QString text;
    bool operator==(const DiffSegment& o) const { return kind == o.kind && text == o.text; }
};

// Words with their trailing whitespace ("Small ", "left ", "effusion."). Punctuation stays on
// its word: "effusion." and "effusion" differ, as a reader sees them.
QStringList wordTokens(const QString& text);

// The edit from `a` to `b`. Words compare case-sensitively and ignoring the whitespace after
// them. Adjacent segments of one kind are merged. Texts longer than `maxWords` words on both
// sides fall back to a line of "everything deleted, everything inserted" (the table is
// quadratic).
QList<DiffSegment> diffWords(const QString& a, const QString& b, int maxWords = 4000);

// HTML of one side: `Deleted` (when side A) or `Inserted` (when side B) words highlighted.
enum class DiffSide { A, B };
QString diffHtml(const QList<DiffSegment>& diff, DiffSide side);

// Counts for a summary ("3 words removed, 1 added").
int deletedWordCount(const QList<DiffSegment>& diff);
int insertedWordCount(const QList<DiffSegment>& diff);

}  // namespace medawq::report
