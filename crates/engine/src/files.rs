//! Replies that carry a file: /export (everything as JSON, gzipped when large) and
//! /backup (a checked snapshot of the database).

use std::io::Write;

use super::reply::{Attachment, Reply};
use super::{Context, Engine};
use kith_store::Error;

/// Exports larger than this are sent gzipped.
const GZIP_ABOVE: usize = 5_000_000;
/// Telegram bots may send files up to 50 MB.
const MAX_FILE_BYTES: usize = 49_000_000;

fn file_error(path: &str, source: std::io::Error) -> Error {
    Error::File {
        path: path.to_owned(),
        problem: source,
    }
}

impl Engine<'_> {
    /// /stats: the chart of the last twelve months as a PNG, and its summary.
    pub(super) fn stats(&self, context: Context) -> Result<Reply, Error> {
        let stats = self
            .store
            .year_stats(&self.preferences.closeness, context.today)?;
        let mut reply = Reply::titled("Your year", kith_domain::stats::summary(&stats));
        match crate::chart::chart_png(&stats) {
            Ok(bytes) => {
                reply.file = Some(Attachment {
                    name: format!("kith-year-{}.png", context.today),
                    mime: "image/png".to_owned(),
                    bytes,
                });
            }
            Err(problem) => {
                tracing::error!(%problem, "the /stats chart failed");
                reply
                    .body
                    .push_str("\n(The chart could not be drawn this time.)");
            }
        }
        Ok(reply)
    }

    pub(super) fn export_file(&mut self, context: Context) -> Result<Reply, Error> {
        let export = self.store.export_file_json()?;
        let counts = self.store.table_counts()?;
        let count = |table: &str| {
            counts
                .iter()
                .find(|(t, _)| *t == table)
                .map_or(0, |(_, n)| *n)
        };
        let json = serde_json::to_vec_pretty(&export).expect("JSON serialises");
        let (name, mime, bytes) = if json.len() > GZIP_ABOVE {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder
                .write_all(&json)
                .map_err(|e| file_error("the export", e))?;
            let zipped = encoder.finish().map_err(|e| file_error("the export", e))?;
            (
                format!("kith-export-{}.json.gz", context.today),
                "application/gzip",
                zipped,
            )
        } else {
            (
                format!("kith-export-{}.json", context.today),
                "application/json",
                json,
            )
        };
        let counted = |table: &str, one: &str, many: &str| match count(table) {
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        };
        let mut reply = Reply::text(format!(
            "Your network: {}, {}, {}, {}. Restore it with kith import json FILE.",
            counted("people", "person", "people"),
            counted("organizations", "organization", "organizations"),
            counted("interactions", "interaction", "interactions"),
            counted("emails", "address", "addresses"),
        ));
        reply.file = Some(Attachment {
            name,
            mime: mime.to_owned(),
            bytes,
        });
        Ok(reply)
    }

    pub(super) fn backup_file(&mut self, context: Context) -> Result<Reply, Error> {
        let folder = tempfile::tempdir().map_err(|e| file_error("a temporary folder", e))?;
        let path = folder
            .path()
            .join(format!("kith-backup-{}.db", context.today));
        self.store.backup_checked(&path)?;
        let bytes = std::fs::read(&path).map_err(|e| file_error(&path.display().to_string(), e))?;
        if bytes.len() > MAX_FILE_BYTES {
            return Ok(Reply::text(format!(
                "The backup is {} MB, more than Telegram accepts; run kith backup FILE on the server instead.",
                bytes.len() / 1_000_000
            )));
        }
        let mut reply = Reply::text(format!(
            "A consistent copy of your database ({} KB, integrity checked). Open it with kith --db FILE chat.",
            bytes.len() / 1000
        ));
        reply.file = Some(Attachment {
            name: format!("kith-backup-{}.db", context.today),
            mime: "application/vnd.sqlite3".to_owned(),
            bytes,
        });
        Ok(reply)
    }
}
