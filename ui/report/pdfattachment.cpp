#include "pdfattachment.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace medawq::report {

namespace {

// A PDF literal string: backslash, parentheses escaped; non-ASCII as UTF-16BE with a BOM (hex).
QByteArray pdfString(const QString& s) {
    bool ascii = true;
    for (QChar c : s) ascii = ascii && c.unicode() < 128;
    if (!ascii) {
        QByteArray utf16("\xFE\xFF", 2);
        for (QChar c : s) utf16.append(char(c.unicode() >> 8)).append(char(c.unicode() & 0xFF));
        return '<' + utf16.toHex() + '>';
    }
    QByteArray out = s.toLatin1();
    out.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
    return '(' + out + ')';
}

// "/application/json" -> "/application#2Fjson" (a PDF name may not hold '/').
QByteArray pdfName(const QString& s) { return '/' + s.toLatin1().replace('/', "#2F"); }

}  // namespace

bool PdfAttachment::attach(const QString& pdfPath, const QString& name, const QByteArray& content, const QString& mimeType,
                           const QString& description, QString* error) {
    auto fail = [&](const QString& why) {
        if (error) *error = tr("%1: cannot attach %2: %3").arg(pdfPath, name, why);
        return false;
    };
    QFile file(pdfPath);
    if (!file.open(QIODevice::ReadWrite)) return fail(file.errorString());
    const QByteArray pdf = file.readAll();

    // The last trailer: /Size (next object number), /Root (the catalog), /Info; and startxref.
    const int trailerAt = pdf.lastIndexOf("trailer");
    const int startxrefAt = pdf.lastIndexOf("startxref");
    if (trailerAt < 0 || startxrefAt < trailerAt) return fail(tr("no classic cross-reference trailer"));
    const QString trailer = QString::fromLatin1(pdf.mid(trailerAt, startxrefAt - trailerAt));
    const auto size = QRegularExpression(QStringLiteral("/Size\\s+(\\d+)")).match(trailer);
    const auto root = QRegularExpression(QStringLiteral("/Root\\s+(\\d+)\\s+(\\d+)\\s+R")).match(trailer);
    const auto info = QRegularExpression(QStringLiteral("/Info\\s+(\\d+\\s+\\d+\\s+R)")).match(trailer);
    const auto prev = QRegularExpression(QStringLiteral("startxref\\s+(\\d+)"))
                          .match(QString::fromLatin1(pdf.mid(startxrefAt, 64)));
    if (!size.hasMatch() || !root.hasMatch() || !prev.hasMatch()) return fail(tr("the trailer has no /Size, /Root or startxref"));
    const int rootNumber = root.captured(1).toInt(), rootGeneration = root.captured(2).toInt();

    // The catalog's dictionary, to be rewritten with /Names added.
    const QByteArray objHeader = QByteArray::number(rootNumber) + ' ' + QByteArray::number(rootGeneration) + " obj";
    int catalogAt = -1;
    for (int at = pdf.indexOf(objHeader); at >= 0; at = pdf.indexOf(objHeader, at + 1))
        if (at == 0 || pdf[at - 1] == '\n' || pdf[at - 1] == '\r') catalogAt = at;  // the latest definition wins
    if (catalogAt < 0) return fail(tr("the catalog object was not found"));
    const int dictStart = pdf.indexOf("<<", catalogAt);
    const int objEnd = pdf.indexOf("endobj", catalogAt);
    const int dictEnd = pdf.lastIndexOf(">>", objEnd);
    if (dictStart < 0 || objEnd < 0 || dictEnd < dictStart) return fail(tr("the catalog is not a plain dictionary"));
    QByteArray catalog = pdf.mid(dictStart + 2, dictEnd - dictStart - 2);
    if (catalog.contains("/Names")) return fail(tr("the catalog already has a /Names dictionary"));
    catalog.replace("/PageMode /UseNone", "");

    const int first = size.captured(1).toInt();
    const int fileObj = first, specObj = first + 1, treeObj = first + 2;
    const QByteArray modDate =
        "D:" + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1() + 'Z';

    QByteArray update = pdf.endsWith('\n') ? QByteArray() : QByteArray("\n");
    const qint64 base = pdf.size();
    QList<QPair<int, qint64>> offsets;
    auto object = [&](int number, const QByteArray& body) {
        offsets.append({number, base + update.size()});
        update += QByteArray::number(number) + " 0 obj\n" + body + "\nendobj\n";
    };
    object(fileObj, "<<\n/Type /EmbeddedFile\n/Subtype " + pdfName(mimeType) + "\n/Length " + QByteArray::number(content.size()) +
                        "\n/Params << /Size " + QByteArray::number(content.size()) + " /ModDate (" + modDate + ") /CheckSum <" +
                        QCryptographicHash::hash(content, QCryptographicHash::Md5).toHex() + "> >>\n>>\nstream\n" + content +
                        "\nendstream");
    object(specObj, "<<\n/Type /Filespec\n/F " + pdfString(name) + "\n/UF " + pdfString(name) + "\n/Desc " +
                        pdfString(description) + "\n/AFRelationship /Data\n/EF << /F " + QByteArray::number(fileObj) +
                        " 0 R /UF " + QByteArray::number(fileObj) + " 0 R >>\n>>");
    object(treeObj, "<<\n/Names [" + pdfString(name) + ' ' + QByteArray::number(specObj) + " 0 R]\n>>");
    // The catalog again under its own number: the update replaces it. /AF lists the file as an
    // associated file too (PDF 2.0, PDF/A-3), /PageMode opens the attachments panel.
    offsets.append({rootNumber, base + update.size()});
    update += QByteArray::number(rootNumber) + ' ' + QByteArray::number(rootGeneration) + " obj\n<<" + catalog +
              "/Names << /EmbeddedFiles " + QByteArray::number(treeObj) + " 0 R >>\n/AF [" + QByteArray::number(specObj) +
              " 0 R]\n/PageMode /UseAttachments\n>>\nendobj\n";

    const qint64 xrefAt = base + update.size();
    std::sort(offsets.begin(), offsets.end());
    update += "xref\n0 1\n0000000000 65535 f \n";
    for (int i = 0; i < offsets.size();) {
        int j = i;
        while (j + 1 < offsets.size() && offsets[j + 1].first == offsets[j].first + 1) ++j;
        update += QByteArray::number(offsets[i].first) + ' ' + QByteArray::number(j - i + 1) + '\n';
        for (int k = i; k <= j; ++k) {
            const int generation = offsets[k].first == rootNumber ? rootGeneration : 0;
            update += QByteArray::number(offsets[k].second).rightJustified(10, '0') + ' ' +
                      QByteArray::number(generation).rightJustified(5, '0') + " n \n";
        }
        i = j + 1;
    }
    update += "trailer\n<<\n/Size " + QByteArray::number(treeObj + 1) + "\n/Root " + QByteArray::number(rootNumber) + ' ' +
              QByteArray::number(rootGeneration) + " R\n" + (info.hasMatch() ? "/Info " + info.captured(1).toLatin1() + '\n' : QByteArray()) +
              "/Prev " + prev.captured(1).toLatin1() + "\n>>\nstartxref\n" + QByteArray::number(xrefAt) + "\n%%EOF\n";
    if (file.write(update) != update.size() || !file.flush()) return fail(file.errorString());
    return true;
}

}  // namespace medawq::report
