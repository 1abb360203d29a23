// Attaches a file to a finished PDF as a real embedded file (the catalog's /Names ->
// /EmbeddedFiles name tree, a /Filespec with /EF), written as an incremental update: the
// original bytes stay as they are and a new catalog, the file's objects and a cross-reference
// section are appended. Readers list it as an attachment (pdfdetach -list, a viewer's paper clip).
// Written for the PDFs QPdfWriter makes: a classic xref table and a plain-text catalog.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace medawq::report {

class PdfAttachment {
    Q_DECLARE_TR_FUNCTIONS(PdfAttachment)
public:
    // Appends `content` as `name` (e.g. "results.json", MIME type `mimeType`) to the PDF at
    // `pdfPath`. False with a message when the PDF is not one this code understands.
    static bool attach(const QString& pdfPath, const QString& name, const QByteArray& content, const QString& mimeType,
                       const QString& description, QString* error);
};

}  // namespace medawq::report
