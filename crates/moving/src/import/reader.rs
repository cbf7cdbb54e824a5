//! RFC 4180 records read within caps: a file's size, its number of rows, a row's cells
//! and bytes, a cell's bytes. Reaching a cap, a quote never closed, more cells than the
//! header names and bytes that are not UTF-8 are each a problem located by file, row
//! and column (never a silent cut or merge). Quoting as Airtable and spreadsheets write
//! it: a quote opens only at a cell's start, `""` inside quotes is one quote, a quote
//! inside an unquoted cell is text; CRLF or LF end a row, and a lone CR only in a file
//! whose first line ends in one (an old Mac's) — elsewhere it is text of its cell; empty
//! lines are skipped. A row with fewer cells than the header, and a NUL byte in a cell
//! (taken out), are problems with their row. Pure.

/// The largest file read (a file past it is not read at all).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Data rows read from one file; the rows after are counted and reported, not read.
pub const MAX_ROWS: usize = 100_000;
/// Cells read from one row; the cells after are reported, not read.
pub const MAX_CELLS: usize = 1_000;
/// A cell's bytes: a longer cell is left out (empty) and reported.
pub const MAX_CELL_BYTES: usize = 1024 * 1024;
/// A row's bytes: a longer row is left out and reported.
pub const MAX_ROW_BYTES: usize = 4 * 1024 * 1024;

/// What a file held: its header, its rows (each with its number, the header being row
/// 1), and every problem met reading them.
#[derive(Debug, Default)]
pub struct Records {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
    pub problems: Vec<Located>,
}

/// A problem at a row, and at a column when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub row: usize,
    pub column: Option<String>,
    pub message: String,
}

/// One record as the scanner found it.
struct Raw {
    cells: Vec<Vec<u8>>,
    /// Bytes of each cell, including those not kept past `MAX_CELL_BYTES`.
    sizes: Vec<usize>,
    /// Cells past `MAX_CELLS`, counted and not kept.
    dropped_cells: usize,
    bytes: usize,
    /// The line where a quote opened that the file never closes, and its cell.
    unclosed: Option<(usize, usize)>,
    /// A line with nothing on it (skipped, and not counted as a row).
    empty: bool,
}

/// The scanner's place in the file.
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    /// Whether a lone CR ends a row: the file's first line ends in one.
    cr_ends_rows: bool,
}

impl Scanner<'_> {
    fn new(bytes: &[u8]) -> Scanner<'_> {
        // The first line's end says how the file ends its lines.
        let first_end = bytes.iter().position(|b| *b == b'\n' || *b == b'\r');
        let cr_ends_rows =
            first_end.is_some_and(|at| bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n'));
        Scanner {
            bytes,
            at: 0,
            line: 1,
            cr_ends_rows,
        }
    }

    fn next_record(&mut self) -> Option<Raw> {
        if self.at >= self.bytes.len() {
            return None;
        }
        let start = self.at;
        let mut raw = Raw {
            cells: Vec::new(),
            sizes: Vec::new(),
            dropped_cells: 0,
            bytes: 0,
            unclosed: None,
            empty: false,
        };
        let (mut cell, mut size) = (Vec::new(), 0usize);
        let mut quoted: Option<usize> = None;
        let mut at_start = true;
        let end_cell = |raw: &mut Raw, cell: &mut Vec<u8>, size: &mut usize| {
            if raw.cells.len() < MAX_CELLS {
                raw.cells.push(std::mem::take(cell));
                raw.sizes.push(*size);
            } else {
                raw.dropped_cells += 1;
                cell.clear();
            }
            *size = 0;
        };
        loop {
            let Some(&byte) = self.bytes.get(self.at) else {
                if let Some(line) = quoted {
                    raw.unclosed = Some((line, raw.cells.len()));
                }
                end_cell(&mut raw, &mut cell, &mut size);
                break;
            };
            self.at += 1;
            if byte == b'\n' {
                self.line += 1;
            }
            let text = if quoted.is_some() {
                match byte {
                    b'"' if self.bytes.get(self.at) == Some(&b'"') => {
                        self.at += 1;
                        Some(b'"')
                    }
                    b'"' => {
                        quoted = None;
                        None
                    }
                    other => Some(other),
                }
            } else {
                match byte {
                    b',' => {
                        end_cell(&mut raw, &mut cell, &mut size);
                        at_start = true;
                        continue;
                    }
                    b'\r' if !self.cr_ends_rows && self.bytes.get(self.at) != Some(&b'\n') => {
                        Some(b'\r')
                    }
                    b'\n' | b'\r' => {
                        if byte == b'\r' && self.bytes.get(self.at) == Some(&b'\n') {
                            self.at += 1;
                            self.line += 1;
                        } else if byte == b'\r' {
                            self.line += 1;
                        }
                        raw.empty = raw.cells.is_empty() && at_start && self.at - start <= 2;
                        end_cell(&mut raw, &mut cell, &mut size);
                        break;
                    }
                    b'"' if at_start => {
                        quoted = Some(self.line);
                        at_start = false;
                        continue;
                    }
                    other => Some(other),
                }
            };
            at_start = false;
            if let Some(byte) = text {
                size += 1;
                raw.bytes += 1;
                if size <= MAX_CELL_BYTES && raw.bytes <= MAX_ROW_BYTES {
                    cell.push(byte);
                }
            }
        }
        Some(raw)
    }
}

/// A problem at a row (and a column, when known).
fn problem(row: usize, column: Option<String>, message: String) -> Located {
    Located {
        row,
        column,
        message,
    }
}

/// The name a problem gives a cell's column: its header, or its position.
fn column_name(headers: &[String], cell: usize, header_row: bool) -> Option<String> {
    match headers.get(cell) {
        Some(name) if !name.is_empty() => Some(name.clone()),
        _ if header_row => None,
        _ => Some(format!("column {}", cell + 1)),
    }
}

/// A record's cells as text: a cell past `MAX_CELL_BYTES` left out (empty), bytes that
/// are not UTF-8 read as U+FFFD; each said with its row and column.
fn texts(
    cells: Vec<Vec<u8>>,
    sizes: Vec<usize>,
    headers: &[String],
    header_row: bool,
    number: usize,
    problems: &mut Vec<Located>,
) -> Vec<String> {
    let mut texts = Vec::with_capacity(cells.len());
    for (n, (cell, size)) in cells.into_iter().zip(sizes).enumerate() {
        let column = || column_name(headers, n, header_row);
        if size > MAX_CELL_BYTES {
            problems.push(problem(
                number,
                column(),
                format!(
                    "the cell has {size} bytes, more than the {MAX_CELL_BYTES} kith reads: it was left out"
                ),
            ));
            texts.push(String::new());
            continue;
        }
        let cell = if cell.contains(&0) {
            problems.push(problem(
                number,
                column(),
                "the cell holds a NUL byte, which is no text: it was taken out".to_owned(),
            ));
            cell.into_iter().filter(|b| *b != 0).collect()
        } else {
            cell
        };
        texts.push(match String::from_utf8(cell) {
            Ok(text) => text,
            Err(error) => {
                problems.push(problem(
                    number,
                    column(),
                    "the cell is not UTF-8 text: the bytes that are not were read as \u{fffd}"
                        .to_owned(),
                ));
                String::from_utf8_lossy(error.as_bytes()).into_owned()
            }
        });
    }
    texts
}

/// A quote opened on `line` and never closed, the file read up to `last_line`.
fn unclosed(number: usize, column: Option<String>, line: usize, last_line: usize) -> Located {
    let lines = last_line.saturating_sub(line);
    problem(
        number,
        column,
        format!(
            "a quote opened on line {line} is never closed, so the rest of the file ({lines} more lines) would be this one cell: this row and every row after it were not read (close the quote, or write a quote inside a cell as \"\")"
        ),
    )
}

/// Whether a data row is kept: not when every cell is blank. Cells past the header's
/// (not blank) and fewer cells than the header are each a problem.
fn is_kept(
    headers: &[String],
    number: usize,
    cells: &[String],
    problems: &mut Vec<Located>,
) -> bool {
    let width = headers.len();
    if cells.len() > width && cells[width..].iter().any(|c| !c.trim().is_empty()) {
        problems.push(problem(
            number,
            None,
            format!(
                "the row has {} cells but the header names {width} columns: the cells after the {width}th were not read (a quote opened or closed in the wrong place?)",
                cells.len()
            ),
        ));
    }
    if cells.iter().all(|c| c.trim().is_empty()) {
        return false;
    }
    if cells.len() < width {
        problems.push(problem(
            number,
            column_name(headers, cells.len(), false),
            format!(
                "the row has {} of the header's {width} cells: the cells from this column on were read as empty (a line broken inside a cell?)",
                cells.len()
            ),
        ));
    }
    true
}

/// Rows `first` to `last` past `MAX_ROWS`, not read.
fn not_read_problem(first: usize, last: usize) -> Located {
    problem(
        first,
        None,
        format!(
            "the file has {} rows, more than the {MAX_ROWS} kith reads: rows {first} to {last} were not read",
            MAX_ROWS + last - first + 1
        ),
    )
}

/// Reads every record of `bytes` (a BOM already taken off) within the caps.
pub fn read_records(bytes: &[u8]) -> Records {
    let mut scanner = Scanner::new(bytes);
    let (mut headers, mut rows, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    let mut number = 0usize;
    // The first and last row past `MAX_ROWS`.
    let mut not_read: Option<(usize, usize)> = None;
    while let Some(raw) = scanner.next_record() {
        if raw.empty && raw.unclosed.is_none() {
            continue;
        }
        number += 1;
        let header_row = number == 1;
        if let Some((line, cell)) = raw.unclosed {
            let column = column_name(&headers, cell, header_row);
            problems.push(unclosed(number, column, line, scanner.line));
            break;
        }
        if !header_row && rows.len() >= MAX_ROWS {
            not_read = Some((not_read.map_or(number, |(first, _)| first), number));
            continue;
        }
        if raw.bytes > MAX_ROW_BYTES {
            problems.push(problem(
                number,
                None,
                format!(
                    "the row has {} bytes, more than the {MAX_ROW_BYTES} kith reads: it was left out",
                    raw.bytes
                ),
            ));
            continue;
        }
        let cells = texts(
            raw.cells,
            raw.sizes,
            &headers,
            header_row,
            number,
            &mut problems,
        );
        if raw.dropped_cells > 0 {
            problems.push(problem(
                number,
                None,
                format!(
                    "the row has {} cells, more than the {MAX_CELLS} kith reads: the cells after the {MAX_CELLS}th were left out",
                    MAX_CELLS + raw.dropped_cells
                ),
            ));
        }
        if header_row {
            headers = cells.iter().map(|h| h.trim().to_owned()).collect();
            continue;
        }
        if is_kept(&headers, number, &cells, &mut problems) {
            rows.push((number, cells));
        }
    }
    if let Some((first, last)) = not_read {
        problems.push(not_read_problem(first, last));
    }
    Records {
        headers,
        rows,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_line_ends_and_row_numbers_as_spreadsheets_write_them() {
        let text = "H1,H2,H3\r\na,\"b \"\"q\"\" c\",d\r\n\ne\"f,\"g\"h,\"multi\nline\"\nlast,,\n";
        let records = read_records(text.as_bytes());
        assert_eq!(records.headers, ["H1", "H2", "H3"]);
        let rows: Vec<(usize, Vec<&str>)> = records
            .rows
            .iter()
            .map(|(n, cells)| (*n, cells.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            rows,
            [
                (2, vec!["a", "b \"q\" c", "d"]),
                // The empty line is no row; a quote inside a cell is text.
                (3, vec!["e\"f", "gh", "multi\nline"]),
                (4, vec!["last", "", ""]),
            ]
        );
        assert!(records.problems.is_empty(), "{:?}", records.problems);
    }

    #[test]
    fn a_lone_cr_ends_rows_only_in_a_file_whose_first_line_ends_in_one() {
        let rows = |text: &str| -> Vec<Vec<String>> {
            read_records(text.as_bytes())
                .rows
                .into_iter()
                .map(|(_, cells)| cells)
                .collect()
        };
        assert_eq!(rows("A,B\rx,y\rz,w\r"), [["x", "y"], ["z", "w"]]);
        assert_eq!(rows("A,B\nx,y\rz\n"), [["x", "y\rz"]]);
        assert_eq!(rows("A,B\r\nx,y\rz\r\n"), [["x", "y\rz"]]);
    }
}
