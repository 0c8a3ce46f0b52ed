//! Write: turn rows into Arrow record batches and Parquet files, each table
//! sorted by a stable key so that the same inputs give the same bytes.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, Date32Array, Float64Array, Int32Array, Int64Array, ListBuilder, StringArray,
    StringBuilder,
};
use arrow::datatypes::{Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use chrono::NaiveDate;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

mod table_file;
pub use table_file::{TableFile, Written};

use crate::error::{Error, Result};

/// Bumped when a table's columns change meaning or type.
pub const SCHEMA_VERSION: &str = "1";

/// A table under construction: named, typed columns of equal length.
#[derive(Default)]
pub struct Table {
    fields: Vec<Field>,
    columns: Vec<ArrayRef>,
}

fn days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    (d - epoch).num_days() as i32
}

impl Table {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(mut self, name: &str, nullable: bool, array: ArrayRef) -> Self {
        self.fields
            .push(Field::new(name, array.data_type().clone(), nullable));
        self.columns.push(array);
        self
    }

    /// A required string column.
    pub fn str<'a>(self, name: &str, values: impl IntoIterator<Item = &'a str>) -> Self {
        let a: StringArray = values.into_iter().map(Some).collect();
        self.push(name, false, Arc::new(a))
    }

    pub fn opt_str<'a>(
        self,
        name: &str,
        values: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Self {
        let a: StringArray = values.into_iter().collect();
        self.push(name, true, Arc::new(a))
    }

    pub fn i32(self, name: &str, values: impl IntoIterator<Item = Option<i32>>) -> Self {
        let a: Int32Array = values.into_iter().collect();
        self.push(name, true, Arc::new(a))
    }

    pub fn i64(self, name: &str, values: impl IntoIterator<Item = Option<i64>>) -> Self {
        let a: Int64Array = values.into_iter().collect();
        self.push(name, true, Arc::new(a))
    }

    pub fn f64(self, name: &str, values: impl IntoIterator<Item = Option<f64>>) -> Self {
        let a: Float64Array = values.into_iter().collect();
        self.push(name, true, Arc::new(a))
    }

    pub fn date(self, name: &str, values: impl IntoIterator<Item = Option<NaiveDate>>) -> Self {
        let a: Date32Array = values.into_iter().map(|d| d.map(days)).collect();
        self.push(name, true, Arc::new(a))
    }

    pub fn list(self, name: &str, values: impl IntoIterator<Item = Vec<String>>) -> Self {
        let mut b = ListBuilder::new(StringBuilder::new());
        for row in values {
            for v in row {
                b.values().append_value(v);
            }
            b.append(true);
        }
        let a = b.finish();
        self.push(name, true, Arc::new(a))
    }

    pub fn batch(self) -> Result<RecordBatch> {
        let schema = Arc::new(Schema::new(self.fields));
        RecordBatch::try_new(schema, self.columns).map_err(|e| Error::Write {
            path: "<table>".into(),
            message: e.to_string(),
        })
    }
}

/// Rows per Parquet row group: small enough that a streaming writer holds
/// little in memory, large enough for good compression and fast scans.
const ROW_GROUP_ROWS: usize = 64 * 1024;

fn properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_created_by(format!("chancery {}", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata(Some(vec![
            KeyValue::new("chancery.schema_version".into(), SCHEMA_VERSION.to_string()),
            KeyValue::new(
                "chancery.version".into(),
                env!("CARGO_PKG_VERSION").to_string(),
            ),
        ]))
        .build()
}

/// Opens a Parquet file for batches of one schema, with the schema and
/// chancery versions as key-value metadata.
pub fn open_writer(path: &Path, schema: SchemaRef) -> Result<ArrowWriter<File>> {
    let fail = |message: String| Error::Write {
        path: path.to_owned(),
        message,
    };
    let file = File::create(path).map_err(|e| fail(e.to_string()))?;
    ArrowWriter::try_new(file, schema, Some(properties())).map_err(|e| fail(e.to_string()))
}

/// Writes one whole table.
pub fn write_parquet(path: &Path, batch: &RecordBatch) -> Result<()> {
    let fail = |message: String| Error::Write {
        path: path.to_owned(),
        message,
    };
    let mut writer = open_writer(path, batch.schema())?;
    writer.write(batch).map_err(|e| fail(e.to_string()))?;
    let file = writer.into_inner().map_err(|e| fail(e.to_string()))?;
    file.sync_all().map_err(|e| fail(e.to_string()))?;
    Ok(())
}

/// The folder name Hive, Spark and DuckDB read as a null partition value.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// A Hive partition folder name: `year=1957`, or the null partition.
pub fn partition_folder(column: &str, value: Option<i32>) -> String {
    format!(
        "{column}={}",
        value.map_or(NULL_PARTITION.to_string(), |v| v.to_string())
    )
}

/// Splits a batch by a per-row partition value, in value order (null
/// first), keeping row order inside each part.
pub fn split_by(
    batch: &RecordBatch,
    values: &[Option<i32>],
) -> Result<Vec<(Option<i32>, RecordBatch)>> {
    let mut groups: std::collections::BTreeMap<Option<i32>, Vec<u32>> = Default::default();
    for (row, v) in values.iter().enumerate() {
        groups.entry(*v).or_default().push(row as u32);
    }
    groups
        .into_iter()
        .map(|(value, rows)| {
            arrow::compute::take_record_batch(batch, &arrow::array::UInt32Array::from(rows))
                .map(|part| (value, part))
                .map_err(|e| Error::Write {
                    path: "<partition>".into(),
                    message: e.to_string(),
                })
        })
        .collect()
}
