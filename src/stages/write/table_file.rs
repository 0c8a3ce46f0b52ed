//! A Parquet file written one row group per chunk of documents, where each
//! row group is either encoded from a batch or copied, still encoded, from
//! the previous build's file. Copying is what lets a rebuild after one
//! changed document skip re-encoding every other chunk.

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_writer::{ArrowRowGroupWriterFactory, compute_leaves};
use parquet::column::writer::ColumnCloseResult;
use parquet::file::metadata::{
    PageIndexPolicy, ParquetMetaData, ParquetMetaDataOptions, ParquetMetaDataReader,
};
use parquet::file::statistics::Statistics;
use parquet::file::writer::SerializedFileWriter;

use crate::error::{Error, Result};

/// A table file being written.
pub struct TableFile {
    path: PathBuf,
    schema: SchemaRef,
    writer: SerializedFileWriter<File>,
    factory: ArrowRowGroupWriterFactory,
    row_groups: usize,
}

/// A finished table file, open for copying its row groups: its footer and
/// page indexes are read once.
pub struct Written {
    file: File,
    metadata: ParquetMetaData,
}

fn fail(path: &Path) -> impl Fn(String) -> Error + '_ {
    move |message| Error::Write {
        path: path.to_owned(),
        message,
    }
}

impl TableFile {
    /// Creates the file, with the schema and version metadata every table has.
    pub fn create(path: &Path, schema: SchemaRef) -> Result<Self> {
        let (writer, factory) = super::open_writer(path, schema.clone())?
            .into_serialized_writer()
            .map_err(|e| fail(path)(e.to_string()))?;
        Ok(TableFile {
            path: path.to_owned(),
            schema,
            writer,
            factory,
            row_groups: 0,
        })
    }

    /// Encodes a batch as one row group and returns its index.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<usize> {
        let fail = fail(&self.path);
        let mut columns = self
            .factory
            .create_column_writers(self.row_groups)
            .map_err(|e| fail(e.to_string()))?;
        let mut next = columns.iter_mut();
        for (field, array) in self.schema.fields().iter().zip(batch.columns()) {
            for leaf in compute_leaves(field, array).map_err(|e| fail(e.to_string()))? {
                let column = next
                    .next()
                    .ok_or_else(|| fail("more leaves than columns".into()))?;
                column.write(&leaf).map_err(|e| fail(e.to_string()))?;
            }
        }
        let mut group = self
            .writer
            .next_row_group()
            .map_err(|e| fail(e.to_string()))?;
        for column in columns {
            column
                .close()
                .and_then(|chunk| chunk.append_to_row_group(&mut group))
                .map_err(|e| fail(e.to_string()))?;
        }
        group.close().map_err(|e| fail(e.to_string()))?;
        self.row_groups += 1;
        Ok(self.row_groups - 1)
    }

    /// Copies row group `index` of a previous file, bytes and statistics and
    /// page indexes, and returns its index here.
    pub fn copy(&mut self, from: &Written, index: usize) -> Result<usize> {
        let fail = fail(&self.path);
        let group = from
            .metadata
            .row_groups()
            .get(index)
            .ok_or_else(|| fail(format!("the previous file has no row group {index}")))?;
        let page_index = from.metadata.page_index_for_row_group(index);
        let mut out = self
            .writer
            .next_row_group()
            .map_err(|e| fail(e.to_string()))?;
        for (i, column) in group.columns().iter().enumerate() {
            let mut metadata = column.clone();
            if let Some(stats) = column.statistics() {
                let signed = column.column_descr().sort_order().is_signed();
                metadata = metadata
                    .into_builder()
                    .set_statistics(as_written(stats, signed))
                    .build()
                    .map_err(|e| fail(e.to_string()))?;
            }
            let close = ColumnCloseResult {
                bytes_written: column.compressed_size() as u64,
                rows_written: group.num_rows() as u64,
                metadata,
                bloom_filter: None,
                column_index: page_index.column_index(i).cloned(),
                offset_index: page_index.offset_index(i).cloned(),
            };
            out.append_column(&from.file, close)
                .map_err(|e| fail(e.to_string()))?;
        }
        out.close().map_err(|e| fail(e.to_string()))?;
        self.row_groups += 1;
        Ok(self.row_groups - 1)
    }

    /// Writes the footer and syncs the file.
    pub fn finish(self) -> Result<()> {
        let fail = fail(&self.path);
        let file = self.writer.into_inner().map_err(|e| fail(e.to_string()))?;
        file.sync_all().map_err(|e| fail(e.to_string()))
    }
}

/// Statistics as the writer made them. Reading drops whether the deprecated
/// `min`/`max` fields were written (they are, for signed sort orders), and
/// without them the copy's footer would differ from a fresh encoding's.
fn as_written(stats: &Statistics, signed: bool) -> Statistics {
    macro_rules! each {
        ($($variant:ident),*) => {
            match stats.clone() {
                $(Statistics::$variant(s) => {
                    Statistics::$variant(s.with_backwards_compatible_min_max(signed))
                })*
            }
        };
    }
    each!(
        Boolean,
        Int32,
        Int64,
        Int96,
        Float,
        Double,
        ByteArray,
        FixedLenByteArray
    )
}

impl Written {
    /// Opens a finished table file; `None` when it cannot be read.
    pub fn open(path: &Path) -> Option<Written> {
        let file = File::open(path).ok()?;
        // The encoding statistics are read whole, not as the reader's
        // default bit mask, so that the copy's footer is the original's.
        let options = ParquetMetaDataOptions::new().with_encoding_stats_as_mask(false);
        let metadata = ParquetMetaDataReader::new()
            .with_metadata_options(Some(options))
            .with_page_index_policy(PageIndexPolicy::Optional)
            .parse_and_finish(&file)
            .ok()?;
        Some(Written { file, metadata })
    }

    pub fn row_groups(&self) -> usize {
        self.metadata.num_row_groups()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::write::Table;

    fn batch(rows: &[(&str, Option<i64>, Vec<&str>)]) -> RecordBatch {
        Table::new()
            .str("id", rows.iter().map(|r| r.0))
            .i64("n", rows.iter().map(|r| r.1))
            .list(
                "tags",
                rows.iter()
                    .map(|r| r.2.iter().map(|s| s.to_string()).collect()),
            )
            .batch()
            .unwrap()
    }

    #[test]
    fn a_copied_row_group_is_byte_identical_to_an_encoded_one() {
        let dir = tempfile::tempdir().unwrap();
        let a = batch(&[("a", Some(1), vec!["x", "y"]), ("b", None, vec![])]);
        let b = batch(&[("c", Some(3), vec!["z"])]);
        let c = batch(&[("d", Some(4), vec![]), ("e", Some(5), vec!["w"])]);
        let encode = |name: &str, batches: &[&RecordBatch]| {
            let path = dir.path().join(name);
            let mut f = TableFile::create(&path, a.schema()).unwrap();
            for b in batches {
                f.write(b).unwrap();
            }
            f.finish().unwrap();
            path
        };
        let old = encode("old.parquet", &[&a, &b]);
        let fresh = encode("fresh.parquet", &[&c, &b, &a]);
        let previous = Written::open(&old).unwrap();
        assert_eq!(previous.row_groups(), 2);
        let path = dir.path().join("copied.parquet");
        let mut f = TableFile::create(&path, a.schema()).unwrap();
        assert_eq!(f.write(&c).unwrap(), 0);
        assert_eq!(f.copy(&previous, 1).unwrap(), 1);
        assert_eq!(f.copy(&previous, 0).unwrap(), 2);
        f.finish().unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(&fresh).unwrap(),
            "copying row groups changed the bytes"
        );
        let mut other = TableFile::create(&dir.path().join("x.parquet"), a.schema()).unwrap();
        let err = other.copy(&previous, 9).unwrap_err().to_string();
        assert!(
            err.contains("x.parquet") && err.contains("no row group 9"),
            "{err}"
        );
    }
}
