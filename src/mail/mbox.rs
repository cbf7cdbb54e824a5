//! mbox archives (Google Takeout, Thunderbird): read a message at a time, keeping only
//! each message's header block and skipping its body, so a file of any size is read in
//! constant memory. A `From ` line starts a message only at the top of the file or after
//! an empty line (a body's unquoted "From here…" mid-paragraph does not split it); a
//! body's `>From ` quoting is never read, bodies being skipped.

use std::io::BufRead;

use super::{MailMessage, parse_headers};

/// Reads `reader` as an mbox, handing each message's headers to `each` with the bytes
/// read so far (for progress). Header blocks that are not a message are counted in the
/// returned number of unreadable messages.
pub fn read_mbox(
    mut reader: impl BufRead,
    mut each: impl FnMut(MailMessage, u64),
) -> std::io::Result<MboxCounts> {
    let mut counts = MboxCounts::default();
    let mut line = Vec::with_capacity(256);
    let mut header: Vec<u8> = Vec::new();
    let mut in_header = false;
    let mut previous_blank = true;
    let mut candidate = false;
    let mut read: u64 = 0;
    let mut finish = |header: &mut Vec<u8>, read: u64, counts: &mut MboxCounts| {
        if header.is_empty() {
            return;
        }
        counts.messages += 1;
        match parse_headers(header) {
            Some(message) => each(message, read),
            None => counts.unreadable += 1,
        }
        header.clear();
    };
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        read += n as u64;
        let blank = line.iter().all(|b| b.is_ascii_whitespace());
        // A `From ` line after an empty one starts a message if a header follows it.
        if candidate {
            candidate = false;
            if looks_like_header(&line) {
                finish(&mut header, read, &mut counts);
                in_header = true;
            }
        }
        if previous_blank && line.starts_with(b"From ") {
            candidate = true;
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
    finish(&mut header, read, &mut counts);
    Ok(counts)
}

/// `Name: value`, as a header line starts (RFC 5322 field names are printable ASCII
/// without a colon).
fn looks_like_header(line: &[u8]) -> bool {
    let name_end = line.iter().position(|b| *b == b':');
    name_end.is_some_and(|end| end > 0 && line[..end].iter().all(|b| (33..=126).contains(b)))
}

/// A header block longer than this is cut (a hostile file cannot make kith hold more).
const MAX_HEADER: usize = 256 * 1024;

/// How many messages a file held, and how many of them were not readable as mail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MboxCounts {
    pub messages: usize,
    pub unreadable: usize,
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
        let text = "From me@x Fri Aug 24 11:55:47 2018\nFrom: me@work.io\nTo: a@b.io\nSubject: one\n\nbody\n\nFrom here on it is the body.\n>From quoted\n\nFrom 1844347792267117879@xxx\nFrom: me@work.io\nSubject: two\nTo: c@d.io\n\nbody two\n";
        let (read, counts) = subjects(text);
        assert_eq!(read, ["one", "two"]);
        assert_eq!(
            counts,
            MboxCounts {
                messages: 2,
                unreadable: 0
            }
        );
        let (none, counts) = subjects("not an mbox at all\n");
        assert!(none.is_empty());
        assert_eq!(counts.messages, 0);
    }
}
