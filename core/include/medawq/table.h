// Tabular data for calibration and evaluation sets: CSV/TSV, XLSX, JSONL and plain-text files read
// into one shape (a header and rows of strings), and prompt templates whose {column} placeholders
// are filled from a row. No torch, no Qt: the CLI, the UI and the jobs all read data through here.
//
//   medawq::Table t = medawq::readTable("eval.xlsx");             // or .csv .tsv .jsonl .txt
//   auto tpl = medawq::loadPromptTemplate("prompt.txt");
//   tpl.checkNoLeak("text");                                       // the column scored against
//   std::string prompt = tpl.fill(t, 0);
//
// Every problem a user can cause (missing file, bad quoting, a template naming an absent column)
// is thrown as medawq::Error "<file>: <problem>". Problems that leave the data usable (a short
// CSV row, a duplicate column name) are recorded in Table::warnings instead, for the UI to show.
//
// Rules common to every format:
//  * the first row is the header; a file with no header row is an error ("the file is empty");
//  * an empty header cell is named "Unnamed: <0-based index>" and a repeated name gets ".1", ".2"
//    appended (pandas' names, which the users' scripts used), each with a warning;
//  * rows whose cells are all empty are skipped (blank lines, ",,,," lines, empty sheet rows);
//  * a row with fewer cells than the header is padded with "" (a warning for CSV/TSV; none for
//    XLSX and JSONL, where absent cells are normal); a row with more cells loses the extra
//    cells, with a warning quoting them unless they are empty;
//  * positions in warnings and errors are "line N" for text formats and "row N" (the sheet's
//    row number, header = row 1 when it is the sheet's first row) for XLSX.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace medawq {

struct Table {
    std::string path;                              // the file it was read from
    std::vector<std::string> columns;              // unique, in file order
    std::vector<std::vector<std::string>> rows;    // every row has columns.size() cells
    std::vector<std::string> warnings;             // e.g. "line 17: 3 cells, header has 5 (padded)"

    int columnIndex(const std::string& name) const;  // -1 if absent
    // Throws Error(path, "no column 'X'; columns are: 'a', 'b'") or, for a bad row, Error(path, ...).
    const std::string& cell(size_t row, const std::string& column) const;
};

// "'a', 'b', 'c'": the column list used in error messages (quoted, so stray spaces show).
std::string describeColumns(const std::vector<std::string>& columns);

// Reads a table by the file's extension (case-insensitive):
//  .csv / .tsv  RFC 4180 with ',' / tab: quoted fields, "" inside quotes, separators and line
//               breaks inside quotes, LF or CRLF (a line break inside a cell is read as "\n"),
//               a UTF-8 byte order mark is dropped; the file must be UTF-8 (Excel: "CSV UTF-8").
//               Text after a closing quote is kept (`"ab"c` -> abc), as Python's csv does.
//  .xlsx        the first sheet of the workbook, or the sheet named `sheet`. Shared, inline and
//               formula strings are read (rich-text runs joined); numbers are written the short
//               way ("1" for 1.0, "0.1", "1e-05"); booleans as TRUE / FALSE; error cells as their
//               code ("#N/A"); dates stay serial numbers. Only when built with MEDAWQ_XLSX
//               (see xlsxSupported()); otherwise .xlsx is an error asking for a CSV.
//  .jsonl       one JSON object per non-blank line; columns are the union of the keys in the
//               order first seen; strings as is, null as "", other values as JSON text.
//  .txt         one column "text". If the file contains a blank (or whitespace-only) line, the
//               rows are the blank-line-separated paragraphs, a paragraph's lines joined by "\n";
//               otherwise every non-empty line is a row. Lines keep their inner text as is.
// maxRows: stop after that many data rows (0 = all), for previews; for JSONL the columns are then
// those of the rows read. `sheet` is ignored for formats other than XLSX.
Table readTable(const std::string& path, size_t maxRows = 0, const std::string& sheet = "");

// Whether this build reads .xlsx (libzip and pugixml found at configure time, MEDAWQ_XLSX=ON).
bool xlsxSupported();

// A prompt template: "{column}" is replaced by the row's cell of that column (the name is taken
// exactly, spaces included); "{{" and "}}" are literal braces. A '{' without its '}', a lone '}'
// or "{}" is an error naming the source and line. A template without any placeholder gets the
// row's fallback column appended after a newline (what the users' script did); an empty inline
// template yields that cell alone.
struct PromptTemplate {
    std::string source;  // file path, or "<inline>"
    std::string text;

    std::vector<std::string> placeholders() const;  // in order of appearance, without repeats
    // Throws Error(source, "uses {X}, but <table> has no column 'X'; columns are: ...").
    std::string fill(const Table& t, size_t row, const std::string& fallbackColumn = "text") const;
    // Refuses templates that would show the model the reference it is scored against: throws
    // Error(source, "the template uses the reference column 'X' ...") when a placeholder is that
    // column, or when the template has no placeholder and so would append fallbackColumn ==
    // referenceColumn.
    void checkNoLeak(const std::string& referenceColumn, const std::string& fallbackColumn = "text") const;
};

// Reads a UTF-8 template file: byte order mark dropped, CRLF read as "\n", trailing line breaks
// trimmed; its placeholders are checked here so that syntax errors show before any job starts.
PromptTemplate loadPromptTemplate(const std::string& path);

// CSV as spreadsheet programs and pandas read it: RFC 4180 quoting (a field with a comma, quote
// or line break is quoted, quotes doubled), LF line ends, UTF-8 without a byte order mark.
// Throws Error(path, ...) when the file cannot be written.
void writeCsv(const std::string& path, const std::vector<std::string>& header,
              const std::vector<std::vector<std::string>>& rows);

}  // namespace medawq
