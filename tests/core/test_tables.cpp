// Tables and prompt templates: the demo data, CSV/TSV edge cases, JSONL, TXT, hand-made XLSX
// (tests/fixtures/tables, see make_xlsx_fixtures.py), errors naming the file, template rules.
#include "test_support.h"

#include <medawq/errors.h>
#include <medawq/table.h>

#include <QTemporaryDir>
#include <QtTest>

#include <charconv>
#include <fstream>

using namespace medawq;

namespace {

std::string demoData(const char* name) {
    return test::envOr("MEDAWQ_SOURCE_DIR", ".") + "/resources/demo/data/" + name;
}
std::string tableFixture(const char* name) { return test::fixturesDir() + "/tables/" + name; }

// The message of the Error that f throws; fails the test when nothing (or something else) is thrown.
template <typename F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "<no error>";
}

bool contains(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

#define VERIFY_HAS(text, needle)                                                  \
    do {                                                                          \
        const std::string t_ = (text);                                            \
        QVERIFY2(contains(t_, needle), (t_ + "  [expected: " + needle + "]").c_str()); \
    } while (0)

bool asNumber(const std::string& s, double* v) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

using Row = std::vector<std::string>;

}  // namespace

class TestTables : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::string write(const std::string& name, const std::string& bytes) {
        const std::string path = m_dir.path().toStdString() + "/" + name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

private Q_SLOTS:
    void demoCalibrationCsv() {
        const Table t = readTable(demoData("calibration.csv"));
        QCOMPARE(t.rows.size(), size_t(500));
        QCOMPARE(t.columns.size(), size_t(25));  // 10 report columns (key_findings included) + 14 labels + subject_id
        QCOMPARE(t.columns.front(), std::string("subject_id"));
        QVERIFY(t.columnIndex("text") >= 0);
        QVERIFY2(t.warnings.empty(), t.warnings.empty() ? "" : t.warnings.front().c_str());
        for (size_t r = 0; r < t.rows.size(); ++r) {
            QCOMPARE(t.rows[r].size(), t.columns.size());
            QVERIFY(t.cell(r, "text").rfind("FINDINGS: ", 0) == 0);
        }
        QCOMPARE(t.cell(0, "impression"), std::string("1.2 cm right upper lobe nodule."));
        QCOMPARE(t.cell(0, "AP"), std::string());
        QCOMPARE(t.cell(0, "PA"), std::string("s58578288_pa.jpg"));
        // A preview reads only what it shows.
        QCOMPARE(readTable(demoData("calibration.csv"), 7).rows.size(), size_t(7));
    }

    void demoEvalXlsxEqualsCsv() {
        const Table csv = readTable(demoData("eval.csv"));
        QCOMPARE(csv.rows.size(), size_t(200));
        // Quoted cells with commas survive: row 0's impression is quoted in the file.
        QCOMPARE(csv.cell(0, "impression"), std::string("Streaky right basilar opacity, concerning for pneumonia."));
        QCOMPARE(csv.cell(0, "Cardiomegaly"), std::string("0.0"));
        QCOMPARE(csv.cell(0, "Edema"), std::string());
        if (!xlsxSupported()) QSKIP("built without MEDAWQ_XLSX");
        const Table xlsx = readTable(demoData("eval.xlsx"));
        QCOMPARE(xlsx.cell(0, "Cardiomegaly"), std::string("0"));
        QCOMPARE(xlsx.cell(0, "Pneumonia"), std::string("-1"));
        QCOMPARE(xlsx.columns, csv.columns);
        QCOMPARE(xlsx.rows.size(), csv.rows.size());
        QVERIFY(xlsx.warnings.empty());
        // Labels are numbers in the sheet ("1") and Python floats in the CSV ("1.0"): equal as
        // numbers; every other cell equal as text.
        int numeric = 0;
        for (size_t r = 0; r < csv.rows.size(); ++r)
            for (size_t c = 0; c < csv.columns.size(); ++c) {
                const std::string& a = csv.rows[r][c];
                const std::string& b = xlsx.rows[r][c];
                double x = 0, y = 0;
                if (a != b && asNumber(a, &x) && asNumber(b, &y) && x == y) { ++numeric; continue; }
                QVERIFY2(a == b, ("row " + std::to_string(r) + " column " + csv.columns[c] + ": '" + a +
                                  "' vs '" + b + "'").c_str());
            }
        QVERIFY(numeric > 100);
        QCOMPARE(readTable(demoData("eval.xlsx"), 3, "eval").rows.size(), size_t(3));
    }

    void demoPromptTemplate() {
        const PromptTemplate p = loadPromptTemplate(demoData("prompt.txt"));
        QCOMPARE(p.placeholders(), (std::vector<std::string>{"View", "indication", "comparison", "key_findings"}));
        QVERIFY(p.text.back() != '\n');
        p.checkNoLeak("text");
        p.checkNoLeak("findings");
        const Table t = readTable(demoData("eval.csv"));
        const std::string prompt = p.fill(t, 0);
        VERIFY_HAS(prompt, "Describe this " + t.cell(0, "View") + " view chest X-ray.\nIndication: " +
                               t.cell(0, "indication"));
        QVERIFY(!contains(prompt, "{"));
    }

    void csvQuotingBomCrlf() {
        const std::string path = write("edge.csv",
            "\xEF\xBB\xBFid,text,note\r\n"
            "1,\"He said \"\"hi\"\", then left\",plain\r\n"
            "2,\"line one\r\nline two\nline three\",\"a,b\"\r\n"
            "\r\n"
            "3,\"\",\"ab\"cd\r\n"
            ",,\r\n"
            "4,x\"y,\"\"\"\"");
        const Table t = readTable(path);
        QCOMPARE(t.columns, (Row{"id", "text", "note"}));
        QCOMPARE(t.rows.size(), size_t(4));
        QCOMPARE(t.rows[0], (Row{"1", "He said \"hi\", then left", "plain"}));
        QCOMPARE(t.rows[1], (Row{"2", "line one\nline two\nline three", "a,b"}));
        QCOMPARE(t.rows[2], (Row{"3", "", "abcd"}));
        QCOMPARE(t.rows[3], (Row{"4", "x\"y", "\""}));
        QVERIFY(t.warnings.empty());
    }

    void csvRaggedRowsAndHeaderNames() {
        const std::string path = write("ragged.csv",
            "a,b,a,,c\n"
            "1,2,3,4,5\n"
            "1,2\n"
            "1,2,3,4,5,6,\n"
            "1,2,3,4,5,,\n");
        const Table t = readTable(path);
        QCOMPARE(t.columns, (Row{"a", "b", "a.1", "Unnamed: 3", "c"}));
        QCOMPARE(t.rows.size(), size_t(4));
        QCOMPARE(t.rows[1], (Row{"1", "2", "", "", ""}));
        QCOMPARE(t.rows[2], (Row{"1", "2", "3", "4", "5"}));
        for (const Row& r : t.rows) QCOMPARE(r.size(), size_t(5));
        // Two header warnings, the short row, the row with a non-empty extra cell; not the last row.
        QCOMPARE(t.warnings.size(), size_t(4));
        VERIFY_HAS(t.warnings[0], "'a' is repeated; called it 'a.1'");
        VERIFY_HAS(t.warnings[1], "column 4 has no name; called it 'Unnamed: 3'");
        VERIFY_HAS(t.warnings[2], "line 3: 2 cells, header has 5 (padded");
        VERIFY_HAS(t.warnings[3], "line 4: 7 cells, header has 5 (extra cells dropped: '6'");
    }

    void tsvAndMaxRows() {
        const std::string path = write("x.TSV", "subject_id\tText\n1\t\"a\tb\"\n2\tc, d\n3\te\n");
        const Table t = readTable(path, 2);
        QCOMPARE(t.columns, (Row{"subject_id", "Text"}));
        QCOMPARE(t.rows.size(), size_t(2));
        QCOMPARE(t.rows[0][1], std::string("a\tb"));
        QCOMPARE(t.rows[1][1], std::string("c, d"));
        QCOMPARE(readTable(path).rows.size(), size_t(3));
    }

    void csvErrors() {
        const std::string open = write("open.csv", "id,text\n1,fine\n2,\"never closed\n3,more\n");
        const std::string e = errorOf([&] { readTable(open); });
        VERIFY_HAS(e, open + ": line 3: a quoted cell opens here and is never closed");
        VERIFY_HAS(errorOf([&] { readTable(write("cp1252.csv", "id,text\n1,caf\xE9\n")); }),
                   "line 2 is not UTF-8 (byte 0xE9)");
        VERIFY_HAS(errorOf([&] { readTable(write("empty.csv", "")); }), "empty.csv: the file is empty");
        VERIFY_HAS(errorOf([&] { readTable(write("blank.csv", "\xEF\xBB\xBF\n\n,,\n")); }), "the file is empty");
        const Table headerOnly = readTable(write("header.csv", "id,text\n"));
        QCOMPARE(headerOnly.rows.size(), size_t(0));
        QCOMPARE(headerOnly.warnings, (Row{"the file has a header but no data rows"}));
    }

    void fileErrors() {
        const std::string missing = m_dir.path().toStdString() + "/nope.csv";
        QCOMPARE(errorOf([&] { readTable(missing); }), missing + ": no such file");
        VERIFY_HAS(errorOf([&] { readTable(write("data.parquet", "PAR1")); }),
                   "data.parquet: unknown table format '.parquet'; expected .csv, .tsv, .xlsx, .jsonl or .txt");
        VERIFY_HAS(errorOf([&] { readTable(write("old.xls", "x")); }), "save the sheet as .xlsx or CSV");
        VERIFY_HAS(errorOf([&] { readTable(m_dir.path().toStdString() + "/"); }), "folder");
    }

    void cellLookup() {
        const Table t = readTable(write("c.csv", "subject_id,text\ns1,report\n"));
        QCOMPARE(t.columnIndex("text"), 1);
        QCOMPARE(t.columnIndex("Text"), -1);
        QCOMPARE(t.cell(0, "text"), std::string("report"));
        const std::string e = errorOf([&] { t.cell(0, "Ground_Truth"); });
        QCOMPARE(e, t.path + ": no column 'Ground_Truth'; columns are: 'subject_id', 'text'");
        VERIFY_HAS(errorOf([&] { t.cell(5, "text"); }), "the table has 1 rows");
    }

    void jsonl() {
        const std::string path = write("r.jsonl",
            "{\"subject_id\": \"s1\", \"text\": \"a\\nb\", \"label\": 1}\r\n"
            "\n"
            "{\"zeta\": null, \"subject_id\": \"s2\", \"text\": \"c\", \"extra\": {\"k\": [1, 2.5, true]}}\n"
            "{\"text\": \"d\", \"label\": 0.5, \"flag\": false}");
        const Table t = readTable(path);
        QCOMPARE(t.columns, (Row{"subject_id", "text", "label", "zeta", "extra", "flag"}));
        QCOMPARE(t.rows.size(), size_t(3));
        QCOMPARE(t.rows[0], (Row{"s1", "a\nb", "1", "", "", ""}));
        QCOMPARE(t.rows[1], (Row{"s2", "c", "", "", "{\"k\":[1,2.5,true]}", ""}));
        QCOMPARE(t.rows[2], (Row{"", "d", "0.5", "", "", "false"}));
        QVERIFY(t.warnings.empty());
        QCOMPARE(readTable(path, 1).columns, (Row{"subject_id", "text", "label"}));

        VERIFY_HAS(errorOf([&] { readTable(write("bad.jsonl", "{\"a\": 1}\n\n{\"a\": 2,}\n")); }),
                   "bad.jsonl: line 3: invalid JSON");
        VERIFY_HAS(errorOf([&] { readTable(write("arr.jsonl", "{\"a\": 1}\n[1, 2]\n")); }),
                   "line 2: expected a JSON object {...}, got array");
        VERIFY_HAS(errorOf([&] { readTable(write("none.jsonl", "\n\n")); }), "the file is empty");
    }

    void txtLinesAndParagraphs() {
        const Table lines = readTable(write("lines.txt", "\nfirst report.\r\nsecond report.\n   \n"));
        QCOMPARE(lines.columns, (Row{"text"}));
        QCOMPARE(lines.rows, (std::vector<Row>{{"first report."}, {"second report."}}));

        const Table paras = readTable(write("paras.txt",
            "FINDINGS: one.\nIMPRESSION: normal.\n\n\nFINDINGS: two.\n \nFINDINGS: three.\nIMPRESSION: x.\n"));
        QCOMPARE(paras.rows, (std::vector<Row>{{"FINDINGS: one.\nIMPRESSION: normal."},
                                               {"FINDINGS: two."},
                                               {"FINDINGS: three.\nIMPRESSION: x."}}));
        QCOMPARE(readTable(write("paras2.txt", "a\nb\n\nc\n\nd\n"), 2).rows.size(), size_t(2));
        VERIFY_HAS(errorOf([&] { readTable(write("empty.txt", " \n\n")); }), "empty.txt: the file is empty");
    }

    void xlsxEdgeCases() {
        if (!xlsxSupported()) QSKIP("built without MEDAWQ_XLSX");
        const std::string path = tableFixture("edge.xlsx");
        // The first sheet is "notes" (stored as sheet2.xml, elements with an x: prefix).
        const Table notes = readTable(path);
        QCOMPARE(notes.columns, (Row{"note"}));
        QCOMPARE(notes.rows, (std::vector<Row>{{"first sheet"}}));

        const Table t = readTable(path, 0, "reports");
        QCOMPARE(t.columns, (Row{"subject_id", "View", "Ground_Truth", "flag", "score"}));
        QCOMPARE(t.rows.size(), size_t(4));
        QCOMPARE(t.rows[0], (Row{"50000123", "PA", "Line one.\nLine two & more.", "TRUE", "0.1"}));
        QCOMPARE(t.rows[1], (Row{"s50000002", "", "s50000002x", "FALSE", "#N/A"}));
        QCOMPARE(t.rows[2], (Row{"-1", "1e-05", "2.5", "", "1e+20"}));
        QCOMPARE(t.rows[3], (Row{" ", "3", "", "", ""}));
        QVERIFY(t.warnings.empty());
        QCOMPARE(readTable(path, 2, "reports").rows.size(), size_t(2));

        VERIFY_HAS(errorOf([&] { readTable(path, 0, "Sheet1"); }),
                   "edge.xlsx: no sheet named 'Sheet1'; sheets are: 'notes', 'reports'");
    }

    void xlsxErrors() {
        if (!xlsxSupported()) {
            VERIFY_HAS(errorOf([&] { readTable(tableFixture("edge.xlsx")); }), "this build has no XLSX support");
            return;
        }
        VERIFY_HAS(errorOf([&] { readTable(write("renamed.xlsx", "id,text\n1,a\n")); }),
                   "renamed.xlsx: not an XLSX workbook: the file is not a zip archive");
        VERIFY_HAS(errorOf([&] { readTable(write("zero.xlsx", "")); }), "zero.xlsx: the file is empty");
        VERIFY_HAS(errorOf([&] { readTable(tableFixture("missing_sheet.xlsx")); }),
                   "missing_sheet.xlsx: not a complete XLSX workbook: the part xl/worksheets/sheet1.xml is missing");
        VERIFY_HAS(errorOf([&] { readTable(tableFixture("not_workbook.xlsx")); }),
                   "not_workbook.xlsx: not an XLSX workbook: the zip has no xl/workbook.xml");
    }

    void templateFill() {
        const Table t = readTable(write("t.csv", "View,indication,text,Ground_Truth\nPA,Cough.,FINDINGS: x.,y\n"));
        const PromptTemplate p{"<inline>", "Describe this {View} view. {{json}}: {{\"a\": {indication}}} {View}"};
        QCOMPARE(p.placeholders(), (Row{"View", "indication"}));
        QCOMPARE(p.fill(t, 0), std::string("Describe this PA view. {json}: {\"a\": Cough.} PA"));

        // No placeholder: the row's text column is appended after a newline.
        const PromptTemplate fixed{"<inline>", "Summarise this report."};
        QCOMPARE(fixed.fill(t, 0), std::string("Summarise this report.\nFINDINGS: x."));
        QCOMPARE(fixed.fill(t, 0, "indication"), std::string("Summarise this report.\nCough."));
        QCOMPARE((PromptTemplate{"<inline>", ""}).fill(t, 0), std::string("FINDINGS: x."));
        QCOMPARE((PromptTemplate{"<inline>", "only {{braces}}"}).fill(t, 0), std::string("only {braces}\nFINDINGS: x."));
    }

    void templateMissingColumnNamesEverything() {
        const std::string tpl = write("p.txt", "View: {View}\nHistory: {clinical_history}\n\n");
        const PromptTemplate p = loadPromptTemplate(tpl);
        QCOMPARE(p.text, std::string("View: {View}\nHistory: {clinical_history}"));
        const Table t = readTable(write("m.csv", "subject_id,View,text\ns1,AP,r\n"));
        const std::string e = errorOf([&] { p.fill(t, 0); });
        QCOMPARE(e, tpl + ": the template uses {clinical_history}, but " + t.path +
                        " has no column 'clinical_history'; columns are: 'subject_id', 'View', 'text'");
        const Table noText = readTable(write("n.csv", "subject_id,View\ns1,AP\n"));
        VERIFY_HAS(errorOf([&] { PromptTemplate{"<inline>", "Describe."}.fill(noText, 0); }),
                   "<inline>: the template has no {column} placeholder, so the 'text' column is appended, but");
    }

    void templateSyntaxAndFile() {
        const std::string crlf = write("crlf.txt", "\xEF\xBB\xBF" "A {x}\r\nB\r\n\r\n");
        QCOMPARE(loadPromptTemplate(crlf).text, std::string("A {x}\nB"));
        VERIFY_HAS(errorOf([&] { loadPromptTemplate(write("u.txt", "ok\nsee {View\n")); }),
                   "u.txt: line 2: '{' opens a placeholder that is not closed");
        VERIFY_HAS(errorOf([&] { loadPromptTemplate(write("c.txt", "a } b")); }), "c.txt: line 1: a single '}'");
        VERIFY_HAS(errorOf([&] { loadPromptTemplate(write("e.txt", "x {} y")); }), "an empty placeholder '{}'");
        VERIFY_HAS(errorOf([&] { loadPromptTemplate(write("blank.txt", "\n\n")); }), "the prompt template is empty");
        VERIFY_HAS(errorOf([&] { loadPromptTemplate(m_dir.path().toStdString() + "/none.txt"); }), "no such file");
    }

    void templateLeakRefused() {
        const PromptTemplate p{"prompt.txt", "Describe {View}. Reference: {Ground_Truth}"};
        p.checkNoLeak("text");
        QCOMPARE(errorOf([&] { p.checkNoLeak("Ground_Truth"); }).rfind(
                     "prompt.txt: the template uses the reference column 'Ground_Truth' ({Ground_Truth})", 0),
                 size_t(0));
        // Without placeholders the fallback column is appended: a leak when it is the reference.
        const PromptTemplate fixed{"fixed.txt", "Write the report."};
        fixed.checkNoLeak("Ground_Truth");
        VERIFY_HAS(errorOf([&] { fixed.checkNoLeak("text"); }), "fixed.txt: the template uses the reference column 'text'");
        fixed.checkNoLeak("text", "indication");
    }
};

QTEST_APPLESS_MAIN(TestTables)
#include "test_tables.moc"
