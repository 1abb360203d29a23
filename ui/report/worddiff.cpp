#include "worddiff.h"

#include <QRegularExpression>

#include <vector>

namespace medawq::report {

namespace {

QString word(const QString& token) { return token.trimmed(); }

void append(QList<DiffSegment>& out, DiffSegment::Kind kind, const QString& text) {
    if (!out.isEmpty() && out.last().kind == kind) out.last().text += text;
    else out.append({kind, text});
}

int countWords(const QList<DiffSegment>& diff, DiffSegment::Kind kind) {
    int n = 0;
    for (const DiffSegment& s : diff)
        if (s.kind == kind) n += wordTokens(s.text).size();
    return n;
}

}  // namespace

QStringList wordTokens(const QString& text) {
    QStringList out;
    static const QRegularExpression re(QStringLiteral("\\S+\\s*"));
    // Leading whitespace belongs to no word: keep it as its own token so that nothing is lost.
    int lead = 0;
    while (lead < text.size() && text[lead].isSpace()) ++lead;
    if (lead > 0) out.append(text.left(lead));
    for (auto it = re.globalMatch(text, lead); it.hasNext();) out.append(it.next().captured(0));
    return out;
}

QList<DiffSegment> diffWords(const QString& a, const QString& b, int maxWords) {
    const QStringList x = wordTokens(a), y = wordTokens(b);
    QList<DiffSegment> out;
    const int n = x.size(), m = y.size();
    if (n > maxWords && m > maxWords) {
        if (!a.isEmpty()) out.append({DiffSegment::Deleted, a});
        if (!b.isEmpty()) out.append({DiffSegment::Inserted, b});
        return out;
    }
    // lcs[i][j] = length of the LCS of x[i..] and y[j..].
    std::vector<std::vector<int>> lcs(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (int i = n - 1; i >= 0; --i)
        for (int j = m - 1; j >= 0; --j)
            lcs[i][j] = word(x[i]) == word(y[j]) ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    int i = 0, j = 0;
    while (i < n && j < m) {
        if (word(x[i]) == word(y[j])) {
            // Equal words: the text of side B is shown as equal (their whitespace may differ).
            append(out, DiffSegment::Equal, y[j]);
            ++i, ++j;
        } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
            append(out, DiffSegment::Deleted, x[i++]);
        } else {
            append(out, DiffSegment::Inserted, y[j++]);
        }
    }
    while (i < n) append(out, DiffSegment::Deleted, x[i++]);
    while (j < m) append(out, DiffSegment::Inserted, y[j++]);
    return out;
}

QString diffHtml(const QList<DiffSegment>& diff, DiffSide side) {
    QString html;
    for (const DiffSegment& s : diff) {
        const QString text = s.text.toHtmlEscaped();
        if (s.kind == DiffSegment::Equal) html += text;
        else if (s.kind == DiffSegment::Deleted && side == DiffSide::A)
            html += QStringLiteral("<span style=\"background-color:#f8d0d0; color:#8a1010; text-decoration:line-through;\">%1</span>").arg(text);
        else if (s.kind == DiffSegment::Inserted && side == DiffSide::B)
            html += QStringLiteral("<span style=\"background-color:#cdeccd; color:#0d5a0d; text-decoration:underline;\">%1</span>").arg(text);
    }
    // At most one blank line: a model that emits a run of newlines would otherwise print pages
    // of nothing.
    static const QRegularExpression blankRun(QStringLiteral("\n{3,}"));
    return html.replace(blankRun, QStringLiteral("\n\n")).replace(QLatin1Char('\n'), QStringLiteral("<br/>"));
}

int deletedWordCount(const QList<DiffSegment>& diff) { return countWords(diff, DiffSegment::Deleted); }
int insertedWordCount(const QList<DiffSegment>& diff) { return countWords(diff, DiffSegment::Inserted); }

}  // namespace medawq::report
