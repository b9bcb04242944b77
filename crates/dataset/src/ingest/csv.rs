//! CSV: a header row naming the columns, then one record per row, read record by record.

use std::fs::File;
use std::path::{Path, PathBuf};

use csv::ByteRecord;

use super::error::{Error, Place, Result, shown};
use super::text::{Cell, TextSource};

/// The CSV reader's buffer size.
const BUFFER_BYTES: usize = 1 << 16;

/// Rows of a CSV file.
pub(crate) struct CsvSource {
    path: PathBuf,
    rdr: csv::Reader<File>,
    record: ByteRecord,
    /// File position of each schema column.
    perm: Vec<usize>,
    width: usize,
    row: u64,
}

impl CsvSource {
    /// Opens the file and reads its header; returns the source (columns in file order) and the
    /// header's names.
    pub(crate) fn open(path: &Path) -> Result<(Self, Vec<String>)> {
        let file = File::open(path).map_err(|source| Error::Io {
            action: "opening",
            path: path.to_path_buf(),
            source,
        })?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .buffer_capacity(BUFFER_BYTES)
            .from_reader(file);
        let header = rdr
            .byte_headers()
            .map_err(|source| Error::Csv { path: path.to_path_buf(), source })?
            .clone();
        if header.is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
                problem: "the file is empty; a CSV needs a header row naming the columns",
            });
        }
        let mut names = Vec::with_capacity(header.len());
        for (i, name) in header.iter().enumerate() {
            let name = std::str::from_utf8(name).map_err(|_| Error::BadSchema {
                path: path.to_path_buf(),
                problem: format!("column {} of the header is not valid UTF-8", i + 1),
            })?;
            if name.is_empty() {
                return Err(Error::EmptyColumnName { path: path.to_path_buf(), index: i + 1 });
            }
            if names.iter().any(|n| n == name) {
                return Err(Error::DuplicateColumn {
                    path: path.to_path_buf(),
                    column: name.to_string(),
                });
            }
            names.push(name.to_string());
        }
        let width = names.len();
        let source = Self {
            path: path.to_path_buf(),
            rdr,
            record: ByteRecord::new(),
            perm: (0..width).collect(),
            width,
            row: 0,
        };
        Ok((source, names))
    }

    /// Reads schema column `i` from file column `perm[i]`.
    pub(crate) fn set_order(&mut self, perm: Vec<usize>) {
        self.perm = perm;
    }
}

impl TextSource for CsvSource {
    fn read_row(&mut self) -> Result<bool> {
        let more = self
            .rdr
            .read_byte_record(&mut self.record)
            .map_err(|source| Error::Csv { path: self.path.clone(), source })?;
        if !more {
            return Ok(false);
        }
        self.row += 1;
        if self.record.len() != self.width {
            return Err(Error::Ragged {
                at: Place::row(&self.path, self.row, self.line()),
                expected: self.width,
                found: self.record.len(),
            });
        }
        Ok(true)
    }

    #[inline]
    fn cell(&self, col: usize) -> Cell<'_> {
        match self.record.get(self.perm[col]) {
            None | Some([]) => Cell::Null,
            Some(bytes) => match std::str::from_utf8(bytes) {
                Ok(s) => Cell::Text(s),
                Err(_) => Cell::Invalid("valid UTF-8", shown(&String::from_utf8_lossy(bytes))),
            },
        }
    }

    fn row(&self) -> u64 {
        self.row
    }

    fn line(&self) -> Option<u64> {
        self.record.position().map(csv::Position::line)
    }

    fn path(&self) -> &Path {
        &self.path
    }
}
