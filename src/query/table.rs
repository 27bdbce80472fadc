//! Results as an aligned plain-text table, streamed: the column widths come
//! from the first rows, so memory stays flat however many rows follow.

use crate::display::inert;
use std::io::{self, Write};

/// Cells longer than this many characters are cut.
const MAX_CELL: usize = 60;
/// Rows held back to measure the columns before the first is written.
const MEASURED_ROWS: usize = 1000;

/// A table being written: rows are held until [`MEASURED_ROWS`] have come,
/// then written as they come.
pub struct Table<'a> {
    out: &'a mut dyn Write,
    header: Vec<String>,
    widths: Vec<usize>,
    held: Option<Vec<Vec<String>>>,
    rows: usize,
}

impl<'a> Table<'a> {
    pub fn new(out: &'a mut dyn Write, header: &[String]) -> Self {
        let header: Vec<String> = header.iter().map(|h| cell(h)).collect();
        Self {
            out,
            widths: header.iter().map(|h| h.chars().count()).collect(),
            header,
            held: Some(Vec::new()),
            rows: 0,
        }
    }

    pub fn row(&mut self, row: &[String]) -> io::Result<()> {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        self.rows += 1;
        match &mut self.held {
            Some(held) => {
                for (w, c) in self.widths.iter_mut().zip(&cells) {
                    *w = (*w).max(c.chars().count());
                }
                held.push(cells);
                if held.len() >= MEASURED_ROWS {
                    self.release()?;
                }
                Ok(())
            }
            None => self.line(&cells),
        }
    }

    /// Writes the header and the rows held so far.
    fn release(&mut self) -> io::Result<()> {
        let Some(held) = self.held.take() else {
            return Ok(());
        };
        let header = std::mem::take(&mut self.header);
        self.line(&header)?;
        let rule: Vec<String> = self.widths.iter().map(|w| "-".repeat(*w)).collect();
        writeln!(self.out, "{}", rule.join("  "))?;
        for row in &held {
            self.line(row)?;
        }
        Ok(())
    }

    fn line(&mut self, row: &[String]) -> io::Result<()> {
        let padded: Vec<String> = row
            .iter()
            .zip(&self.widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.chars().count()))))
            .collect();
        writeln!(self.out, "{}", padded.join("  ").trim_end())
    }

    /// Writes what is held and the row count.
    pub fn finish(mut self) -> io::Result<()> {
        self.release()?;
        let rows = self.rows;
        writeln!(self.out, "({rows} row{})", if rows == 1 { "" } else { "s" })
    }
}

/// One line, cut, and inert: a terminal escape from the data is shown, not
/// obeyed.
fn cell(s: &str) -> String {
    let one_line = inert(&s.replace(['\n', '\r', '\t'], " ")).into_owned();
    if one_line.chars().count() > MAX_CELL {
        let cut: String = one_line.chars().take(MAX_CELL - 1).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// Writes rows as an aligned plain-text table; long cells are cut.
pub fn write_table(out: &mut dyn Write, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let mut table = Table::new(out, header);
    for row in rows {
        table.row(row)?;
    }
    table.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_long_tables_stream() {
        let mut out = Vec::new();
        let header = ["name".to_owned(), "n".to_owned()];
        let rows: Vec<Vec<String>> = (0..MEASURED_ROWS + 5)
            .map(|i| vec![format!("row{i}"), i.to_string()])
            .collect();
        write_table(&mut out, &header, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "name    n");
        assert_eq!(lines[2], "row0    0");
        assert_eq!(lines.len(), MEASURED_ROWS + 5 + 3);
        assert_eq!(*lines.last().unwrap(), "(1005 rows)");
    }
}
