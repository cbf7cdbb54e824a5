//! Reading CSV files the way Airtable writes them: UTF-8 with a BOM, RFC 4180 quoting,
//! multi-line cells; multi-value cells joined by commas with items that contain a comma
//! quoted again inside the cell; `checked` checkboxes; dates in each column's display
//! format. Pure apart from reading the file; the records themselves are read within
//! caps by `reader`.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::reader::MAX_FILE_BYTES;

/// What an unread column says when no field of kith's would read it.
pub const NO_FIELD: &str = "no field of kith's reads it";

/// A problem with an input, located by file, row and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// The line-based row number as a spreadsheet shows it (the header is row 1).
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, " row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column:?}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// One data row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

/// A whole CSV file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// What reading it met: caps reached, malformed records (each located).
    pub problems: Vec<Problem>,
}

impl Table {
    /// Reads a file of at most `MAX_FILE_BYTES` (a larger one is a problem, not read).
    pub fn read(path: &Path) -> Result<Table, Problem> {
        use std::io::Read;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let problem = |message: String| Problem {
            file: name.clone(),
            row: None,
            column: None,
            message,
        };
        let file =
            std::fs::File::open(path).map_err(|e| problem(format!("cannot read it: {e}")))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            return Err(problem(format!(
                "the file has {size} bytes, more than the {MAX_FILE_BYTES} kith reads: nothing of it was read"
            )));
        }
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| problem(format!("cannot read it: {e}")))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(problem(format!(
                "the file has more than the {MAX_FILE_BYTES} bytes kith reads: nothing of it was read"
            )));
        }
        Table::parse(&name, &bytes)
    }

    /// The records of a CSV file's bytes, within the reader's caps; every cap reached and
    /// every malformed record is one of the table's `problems`.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<Table, Problem> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let records = super::reader::read_records(bytes);
        Ok(Table {
            file: name.to_owned(),
            headers: records.headers,
            rows: records
                .rows
                .into_iter()
                .map(|(number, cells)| Row { number, cells })
                .collect(),
            problems: records
                .problems
                .into_iter()
                .map(|located| Problem {
                    file: name.to_owned(),
                    row: Some(located.row),
                    column: located.column,
                    message: located.message,
                })
                .collect(),
        })
    }

    /// The index of a column, matched case-insensitively.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name.trim()))
    }

    /// A cell's trimmed text ("" when the column or cell is missing).
    pub fn cell<'a>(&self, row: &'a Row, column: Option<usize>) -> &'a str {
        column
            .and_then(|c| row.cells.get(c))
            .map_or("", |cell| cell.trim())
    }

    /// Every column whose index is not in `read`, as a problem on the header row (row 1)
    /// naming the column, whether its values were left out or it is empty, and `how`
    /// (given the header) it would be read: never a column dropped without a word.
    pub fn unread_columns(&self, read: &[usize], how: impl Fn(&str) -> String) -> Vec<Problem> {
        (0..self.headers.len())
            .filter(|index| !read.contains(index))
            .map(|index| {
                let header = &self.headers[index];
                // A file whose rows were not read (a quote never closed on its first
                // row) says nothing of its columns' values.
                let state = if self.rows.is_empty() {
                    ""
                } else if self
                    .rows
                    .iter()
                    .all(|row| self.cell(row, Some(index)).is_empty())
                {
                    " (it is empty)"
                } else {
                    " (its values were left out)"
                };
                Problem {
                    file: self.file.clone(),
                    row: Some(1),
                    column: Some(if header.is_empty() {
                        format!("column {} (no name)", index + 1)
                    } else {
                        header.clone()
                    }),
                    message: format!("not read{state}: {}", how(header)),
                }
            })
            .collect()
    }

    pub fn problem(&self, row: &Row, column: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: self.file.clone(),
            row: Some(row.number),
            column: Some(column.to_owned()),
            message: message.into(),
        }
    }
}

/// Splits a multi-value cell: `"CONQUER, INC.",Camden Partners` → two items.
pub fn split_multi(cell: &str) -> Vec<String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Vec::new();
    }
    // Without a quote the CSV reading below is a plain split (and far cheaper).
    if !cell.contains('"') {
        return cell
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(cell.as_bytes());
    let mut items = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => items.extend(record.iter().map(str::to_owned)),
            Err(_) => {
                return cell
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
        }
    }
    items.retain(|item| !item.is_empty());
    items
}

/// Splits a cell like `split_multi` but keeps empty items, so a list can line up with
/// another (`CTO,,Founder` is three titles, the second empty).
pub fn split_aligned(cell: &str) -> Vec<String> {
    if cell.trim().is_empty() {
        return Vec::new();
    }
    if !cell.contains('"') {
        return cell.split(',').map(|s| s.trim().to_owned()).collect();
    }
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(cell.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map(|record| record.iter().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Airtable writes a ticked checkbox as `checked` and an empty cell otherwise.
pub fn checkbox(cell: &str) -> bool {
    matches!(
        cell.trim().to_lowercase().as_str(),
        "checked" | "true" | "yes" | "1" | "x" | "✓"
    )
}

/// Which way round a column writes its slash dates (`3/5/2024`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlashOrder {
    MonthFirst,
    DayFirst,
}

/// The two numbers before the year of a slash date ("3/5/2024 9:12am" → (3, 5)).
pub fn slash_parts(cell: &str) -> Option<(u32, u32)> {
    let parts: Vec<&str> = strip_time(cell.trim()).split('/').collect();
    match parts.as_slice() {
        [a, b, year] if year.len() == 4 => Some((a.parse().ok()?, b.parse().ok()?)),
        _ => None,
    }
}

/// How a date column writes its slash dates, decided for the whole column: a value only
/// one order allows (`30/4/2021`, `4/30/2021`) proves it. `Ok(None)` when no value needs
/// deciding; an error when values read both ways and nothing proves which, or when the
/// column proves both.
pub fn slash_order<'a>(
    cells: impl IntoIterator<Item = &'a str>,
) -> Result<Option<SlashOrder>, String> {
    let (mut day_first, mut month_first, mut ambiguous) = (None, None, None);
    for cell in cells {
        let Some((a, b)) = slash_parts(cell) else {
            continue;
        };
        if a > 12 && b <= 12 {
            day_first.get_or_insert(cell);
        } else if b > 12 && a <= 12 {
            month_first.get_or_insert(cell);
        } else if a != b && a <= 12 && b <= 12 {
            ambiguous.get_or_insert(cell);
        }
    }
    match (day_first, month_first, ambiguous) {
        (Some(day), Some(month), _) => Err(format!(
            "the column writes {day:?} day first and {month:?} month first"
        )),
        (Some(_), None, _) => Ok(Some(SlashOrder::DayFirst)),
        (None, Some(_), _) => Ok(Some(SlashOrder::MonthFirst)),
        (None, None, Some(cell)) => Err(format!(
            "dates like {cell:?} read both ways (day first or month first) and no date in the column says which"
        )),
        (None, None, None) => Ok(None),
    }
}

/// Parses a date cell with a given strftime format, or with the display formats Airtable
/// uses (ISO, `3/5/2024` the way `order` says, `March 5, 2024`, `5 March 2024`, each with or
/// without a time). A slash date that reads both ways with no order is an error, never a guess.
pub fn parse_date(
    cell: &str,
    format: Option<&str>,
    order: Option<SlashOrder>,
) -> Result<NaiveDate, String> {
    let text = cell.trim();
    if text.is_empty() {
        return Err("the date is empty".into());
    }
    if let Some(format) = format {
        return NaiveDate::parse_from_str(text, format)
            .or_else(|_| NaiveDateTime::parse_from_str(text, format).map(|dt| dt.date()))
            .map_err(|_| format!("{text:?} does not match the date format {format:?}"));
    }
    // A time after the date ("2024-03-05 14:30", "3/5/2024 9:12am") is dropped.
    let date_part = strip_time(text);
    if let Some((first, second)) = slash_parts(text) {
        let month_first = match order {
            Some(order) => order == SlashOrder::MonthFirst,
            None if first > 12 => false,
            None if second > 12 || first == second => true,
            None => {
                return Err(format!(
                    "{text:?} reads both ways (day first or month first)"
                ));
            }
        };
        let format = if month_first { "%m/%d/%Y" } else { "%d/%m/%Y" };
        return NaiveDate::parse_from_str(date_part, format)
            .map_err(|_| format!("{text:?} is not a date"));
    }
    const FORMATS: &[&str] = &[
        "%Y-%m-%d",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%Y/%m/%d",
    ];
    for format in FORMATS {
        if let Ok(date) = NaiveDate::parse_from_str(date_part, format) {
            return Ok(date);
        }
    }
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(at.date_naive());
    }
    Err(format!(
        "{text:?} is not a date kith can read (use ISO 2024-03-05, March 5, 2024 or 5 March 2024, or set a format in the mapping)"
    ))
}

fn strip_time(text: &str) -> &str {
    // "March 5, 2024 9:12am" and "2024-03-05 14:30" and "2024-03-05T14:30:00".
    let text = text.split('T').next().unwrap_or(text);
    let words: Vec<&str> = text.split_whitespace().collect();
    for cut in (1..=words.len()).rev() {
        let tail = words[cut..].join(" ");
        let looks_like_time = !tail.is_empty()
            && (NaiveTime::parse_from_str(&tail, "%H:%M").is_ok()
                || NaiveTime::parse_from_str(&tail, "%H:%M:%S").is_ok()
                || NaiveTime::parse_from_str(&tail.to_uppercase(), "%I:%M%p").is_ok()
                || NaiveTime::parse_from_str(&tail.to_uppercase(), "%I:%M %p").is_ok());
        if looks_like_time {
            let end = text.find(words[cut]).unwrap_or(text.len());
            return text[..end].trim();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_value_cells() {
        let cases: &[(&str, &[&str])] = &[
            ("ML,SaaS", &["ML", "SaaS"]),
            (
                "\"CONQUER, INC.\",Camden Partners,Evergreen",
                &["CONQUER, INC.", "Camden Partners", "Evergreen"],
            ),
            ("Jane Doe, Bob", &["Jane Doe", "Bob"]),
            ("", &[]),
            ("single", &["single"]),
        ];
        for (cell, expected) in cases {
            assert_eq!(
                split_multi(cell),
                expected.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{cell}"
            );
        }
    }

    #[test]
    fn dates_in_airtable_display_formats() {
        let cases = [
            ("2024-03-05", "2024-03-05"),
            ("2024-03-05 14:30", "2024-03-05"),
            ("3/3/2024", "2024-03-03"),
            ("11/25/2020 9:12am", "2020-11-25"),
            ("March 5, 2024", "2024-03-05"),
            ("4 March 2024", "2024-03-04"),
            ("30/4/2021", "2021-04-30"),
            ("2024-03-05T10:00:00.000Z", "2024-03-05"),
        ];
        for (cell, expected) in cases {
            assert_eq!(
                parse_date(cell, None, None).map(|d| d.to_string()),
                Ok(expected.to_owned()),
                "{cell}"
            );
        }
        assert!(parse_date("soon", None, None).is_err());
        // 3/5/2024 is read only the way its column says.
        assert!(parse_date("3/5/2024", None, None).is_err());
        assert_eq!(
            parse_date("3/5/2024", None, Some(SlashOrder::MonthFirst))
                .unwrap()
                .to_string(),
            "2024-03-05"
        );
        assert_eq!(
            parse_date("3/5/2024", None, Some(SlashOrder::DayFirst))
                .unwrap()
                .to_string(),
            "2024-05-03"
        );
        assert_eq!(
            slash_order(["2024-01-01", "3/5/2024", "30/4/2024"]),
            Ok(Some(SlashOrder::DayFirst))
        );
        assert_eq!(
            slash_order(["3/5/2024", "4/30/2024"]),
            Ok(Some(SlashOrder::MonthFirst))
        );
        assert_eq!(slash_order(["3/3/2024", "March 5, 2024"]), Ok(None));
        assert!(slash_order(["3/5/2024"]).is_err());
        assert!(slash_order(["30/4/2024", "4/30/2024"]).is_err());
        assert_eq!(
            parse_date("05.03.2024", Some("%d.%m.%Y"), None)
                .unwrap()
                .to_string(),
            "2024-03-05"
        );
        assert!(parse_date("2024-03-05", Some("%d.%m.%Y"), None).is_err());
    }

    #[test]
    fn a_bom_multi_line_cells_and_blank_rows() {
        let csv = "\u{feff}Name,Notes\nAlice,\"line one\nline two\"\n,\nBob,x\n";
        let table = Table::parse("people.csv", csv.as_bytes()).unwrap();
        assert_eq!(table.headers, vec!["Name", "Notes"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells[1], "line one\nline two");
        assert_eq!(table.rows[1].number, 4);
        assert!(checkbox("checked") && !checkbox(""));
    }
}
