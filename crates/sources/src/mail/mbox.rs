//! mbox archives (Google Takeout, Thunderbird): read a message at a time, keeping only
//! each message's header block and skipping its body, so a file of any size is read in
//! constant memory. A `From ` line starts a message only at the top of the file or after
//! an empty line (a body's unquoted "From here…" mid-paragraph does not split it); a
//! body's `>From ` quoting is never read, bodies being skipped. Lines are capped like
//! header blocks, so one enormous line costs no more memory than a header.

use std::io::BufRead;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::{MailMessage, parse_headers};

/// Reads `reader` as an mbox, handing each message's headers to `each` with the bytes
/// read so far (for progress). Header blocks that are not a message are counted in the
/// returned number of unreadable messages; a message whose Date cannot be read takes
/// the date of its `From ` line, and one with neither is skipped and located among the
/// returned problems, as is every line longer than `MAX_LINE` (only its start is read).
pub fn read_mbox(
    mut reader: impl BufRead,
    mut each: impl FnMut(MailMessage, u64),
) -> std::io::Result<MboxCounts> {
    let mut counts = MboxCounts::default();
    let mut line = Vec::with_capacity(256);
    let mut header: Vec<u8> = Vec::new();
    let mut in_header = false;
    let mut previous_blank = true;
    // The `From ` line that may start the next message, and the line it is on.
    let mut candidate: Option<(Vec<u8>, u64)> = None;
    let mut envelope: (Vec<u8>, u64) = (Vec::new(), 0);
    let mut read: u64 = 0;
    let mut number: u64 = 0;
    let mut finish = |header: &mut Vec<u8>,
                      envelope: &(Vec<u8>, u64),
                      read: u64,
                      counts: &mut MboxCounts| {
        if header.is_empty() {
            return;
        }
        counts.messages += 1;
        match parse_headers(header) {
            Some(mut message) => {
                message.date = message.date.or_else(|| envelope_date(&envelope.0));
                if message.date.is_some() {
                    each(message, read);
                } else {
                    counts.undated += 1;
                    counts.problem(format!(
                        "message {} (line {}): neither its Date header nor its From line has a readable date; skipped",
                        counts.messages, envelope.1
                    ));
                }
            }
            None => counts.unreadable += 1,
        }
        header.clear();
    };
    loop {
        let (n, cut) = read_line_capped(&mut reader, &mut line, MAX_LINE)?;
        if n == 0 {
            break;
        }
        read += n as u64;
        number += 1;
        if cut {
            counts.problem(format!(
                "line {number}: longer than {MAX_LINE} bytes; only its start was read"
            ));
        }
        let blank = line.iter().all(|b| b.is_ascii_whitespace());
        // A `From ` line after an empty one starts a message if a header follows it.
        if let Some(from) = candidate.take()
            && looks_like_header(&line)
        {
            finish(&mut header, &envelope, read, &mut counts);
            envelope = from;
            in_header = true;
        }
        if previous_blank && line.starts_with(b"From ") {
            candidate = Some((line.clone(), number));
            previous_blank = false;
            continue;
        }
        previous_blank = blank;
        if in_header {
            if blank {
                in_header = false;
                header.extend_from_slice(b"\r\n");
            } else if header.len() < MAX_HEADER {
                header.extend_from_slice(&line);
            }
        }
    }
    finish(&mut header, &envelope, read, &mut counts);
    Ok(counts)
}

/// Reads up to and including the next `\n` into `line`, keeping at most `max` bytes of
/// it (the rest is read and dropped): the bytes read, and whether the line was cut.
fn read_line_capped(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<(usize, bool)> {
    line.clear();
    let mut total = 0;
    let mut cut = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok((total, cut));
        }
        let (chunk, done) = match available.iter().position(|b| *b == b'\n') {
            Some(end) => (&available[..=end], true),
            None => (available, false),
        };
        let room = max.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        cut |= chunk.len() > room;
        let used = chunk.len();
        total += used;
        reader.consume(used);
        if done {
            return Ok((total, cut));
        }
    }
}

/// The date of a `From sender Fri Aug 24 11:55:47 2018` line (asctime, with or without
/// a zone before the year, as Takeout writes it), read as UTC.
fn envelope_date(line: &[u8]) -> Option<DateTime<Utc>> {
    let text = String::from_utf8_lossy(line);
    // "From", the sender and the weekday (a wrong one does not make the date unreadable).
    let mut words: Vec<String> = text.split_whitespace().skip(3).map(str::to_owned).collect();
    // asctime pads a day of one digit with a space ("Jan  3"): read as "Jan 03".
    if let Some(day) = words.get_mut(1)
        && day.len() == 1
    {
        day.insert(0, '0');
    }
    let joined = words.join(" ");
    if let Ok(zoned) = DateTime::parse_from_str(&joined, "%b %d %H:%M:%S %z %Y") {
        return Some(zoned.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(&joined, "%b %d %H:%M:%S %Y")
        .ok()
        .map(|naive| naive.and_utc())
}

/// `Name: value`, as a header line starts (RFC 5322 field names are printable ASCII
/// without a colon).
fn looks_like_header(line: &[u8]) -> bool {
    let name_end = line.iter().position(|b| *b == b':');
    name_end.is_some_and(|end| end > 0 && line[..end].iter().all(|b| (33..=126).contains(b)))
}

/// A header block longer than this is cut (a hostile file cannot make kith hold more).
const MAX_HEADER: usize = 256 * 1024;

/// A line longer than this is cut like a header block: only its start is kept.
pub const MAX_LINE: usize = MAX_HEADER;

/// Problems listed at most; the rest are counted.
const MAX_PROBLEMS: usize = 100;

/// How many messages a file held, how many of them were not readable as mail, and the
/// located problems (the first `MAX_PROBLEMS`, and how many more).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MboxCounts {
    pub messages: usize,
    pub unreadable: usize,
    /// Messages skipped for having no readable date (in their Date header or From line).
    pub undated: usize,
    pub problems: Vec<String>,
    pub more_problems: usize,
}

impl MboxCounts {
    fn problem(&mut self, text: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(text);
        } else {
            self.more_problems += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subjects(text: &str) -> (Vec<String>, MboxCounts) {
        let mut subjects = Vec::new();
        let counts = read_mbox(text.as_bytes(), |m, _| subjects.push(m.subject)).unwrap();
        (subjects, counts)
    }

    #[test]
    fn messages_split_only_at_from_lines_after_a_blank_line() {
        // The second `From ` after an empty line is a body's: no header follows it.
        let text = "From me@x Fri Aug 24 11:55:47 2018\nFrom: me@work.io\nTo: a@b.io\nSubject: one\n\nbody\n\nFrom here on it is the body.\n>From quoted\n\nFrom 1844347792267117879@xxx\nFrom: me@work.io\nSubject: two\nDate: Fri, 24 Aug 2018 12:00:00 +0000\nTo: c@d.io\n\nbody two\n";
        let (read, counts) = subjects(text);
        assert_eq!(read, ["one", "two"]);
        assert_eq!(
            counts,
            MboxCounts {
                messages: 2,
                ..MboxCounts::default()
            }
        );
        let (none, counts) = subjects("not an mbox at all\n");
        assert!(none.is_empty());
        assert_eq!(counts.messages, 0);
    }
}
