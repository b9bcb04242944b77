//! What CSV and JSON Lines share: rows of text cells, schema inference from the first rows, and
//! encoding rows into blocks.

use std::collections::VecDeque;
use std::path::Path;

use super::encode::{Encoders, Inference};
use super::error::{Error, Place, Result, shown};
use super::schema::{Column, Schema};
use super::{Block, INFER_ROWS};

/// One cell of the current row.
pub(crate) enum Cell<'a> {
    /// Empty CSV cell, JSON null or missing key.
    Null,
    /// The value's text.
    Text(&'a str),
    /// A value that cannot be text: (what was expected, the value shown).
    Invalid(&'static str, String),
}

/// A source of rows of text cells, in schema order.
pub(crate) trait TextSource {
    /// Moves to the next row; `false` at the end of the file.
    fn read_row(&mut self) -> Result<bool>;
    /// Cell `col` (schema order) of the current row.
    fn cell(&self, col: usize) -> Cell<'_>;
    /// 1-based data row of the current row.
    fn row(&self) -> u64;
    /// 1-based line where the current row starts.
    fn line(&self) -> Option<u64>;
    /// The file.
    fn path(&self) -> &Path;
}

/// A row kept during inference.
struct KeptRow {
    row: u64,
    line: Option<u64>,
    cells: Vec<String>,
}

/// A source that first replays the rows read for inference.
pub(crate) struct Buffered<S> {
    inner: S,
    kept: VecDeque<KeptRow>,
    current: Option<KeptRow>,
}

impl<S: TextSource> Buffered<S> {
    pub(crate) fn new(inner: S) -> Self {
        Self { inner, kept: VecDeque::new(), current: None }
    }

    /// Reads up to [`INFER_ROWS`] rows, keeps them for replay, and infers the type of each of
    /// the `names` columns. Nulls and invalid cells are errors right away.
    pub(crate) fn infer(&mut self, names: Vec<String>) -> Result<Schema> {
        let mut inference = vec![Inference::default(); names.len()];
        while self.kept.len() < INFER_ROWS && self.inner.read_row()? {
            let mut cells = Vec::with_capacity(names.len());
            for (col, inf) in inference.iter_mut().enumerate() {
                let text = cell_text(&self.inner, col, &names[col], "")?;
                inf.observe(text);
                cells.push(text.to_string());
            }
            self.kept.push_back(KeptRow { row: self.inner.row(), line: self.inner.line(), cells });
        }
        let seen_any = !self.kept.is_empty();
        let columns = names
            .into_iter()
            .zip(&inference)
            .map(|(name, inf)| Column { name, ty: inf.finish(seen_any) })
            .collect();
        Ok(Schema::new(columns))
    }
}

impl<S: TextSource> TextSource for Buffered<S> {
    fn read_row(&mut self) -> Result<bool> {
        self.current = self.kept.pop_front();
        if self.current.is_some() { Ok(true) } else { self.inner.read_row() }
    }

    #[inline]
    fn cell(&self, col: usize) -> Cell<'_> {
        match &self.current {
            Some(kept) => Cell::Text(&kept.cells[col]),
            None => self.inner.cell(col),
        }
    }

    fn row(&self) -> u64 {
        self.current.as_ref().map_or_else(|| self.inner.row(), |k| k.row)
    }

    fn line(&self) -> Option<u64> {
        self.current.as_ref().map_or_else(|| self.inner.line(), |k| k.line)
    }

    fn path(&self) -> &Path {
        self.inner.path()
    }
}

/// The text of a cell, or the error for a null or invalid one.
#[inline]
fn cell_text<'a, S: TextSource>(
    src: &'a S,
    col: usize,
    name: &str,
    hint: &'static str,
) -> Result<&'a str> {
    match src.cell(col) {
        Cell::Text(t) => Ok(t),
        Cell::Null => Err(Error::Null { at: Place::cell(src.path(), src.row(), src.line(), name) }),
        Cell::Invalid(expected, value) => Err(Error::BadValue {
            at: Place::cell(src.path(), src.row(), src.line(), name),
            value,
            expected: expected.to_string(),
            hint: if hint.is_empty() { "fix the value" } else { hint },
        }),
    }
}

/// Encodes up to `block_rows` rows into a block; `None` at the end of the file.
pub(crate) fn next_block<S: TextSource>(
    src: &mut S,
    schema: &Schema,
    enc: &mut Encoders,
    block_rows: usize,
    first_row: u64,
    hint: &'static str,
) -> Result<Option<Block>> {
    enc.reserve(block_rows);
    let mut rows = 0;
    while rows < block_rows && src.read_row()? {
        for (col, (column, e)) in schema.columns.iter().zip(&mut enc.cols).enumerate() {
            let text = cell_text(src, col, &column.name, hint)?;
            if let Err(expected) = e.push_text(text) {
                return Err(Error::BadValue {
                    at: Place::cell(src.path(), src.row(), src.line(), &column.name),
                    value: shown(text),
                    expected: format!("{expected} (column type {})", column.ty),
                    hint,
                });
            }
        }
        rows += 1;
    }
    debug_assert_eq!(enc.rows(), rows);
    Ok((rows > 0).then(|| enc.block(first_row, rows)))
}
