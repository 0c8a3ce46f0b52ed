//! Write: turn rows into Arrow record batches and Parquet files, each table
//! sorted by a stable key so that the same inputs give the same bytes.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, Date32Array, Float64Array, Int32Array, Int64Array, ListBuilder, StringArray,
    StringBuilder,
};
use arrow::datatypes::{Field, Schema};
use arrow::record_batch::RecordBatch;
use chrono::NaiveDate;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

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

/// Writes one table with the schema and chancery versions as key-value metadata.
pub fn write_parquet(path: &Path, batch: &RecordBatch) -> Result<()> {
    let fail = |message: String| Error::Write {
        path: path.to_owned(),
        message,
    };
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("chancery {}", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata(Some(vec![
            KeyValue::new("chancery.schema_version".into(), SCHEMA_VERSION.to_string()),
            KeyValue::new(
                "chancery.version".into(),
                env!("CARGO_PKG_VERSION").to_string(),
            ),
        ]))
        .build();
    let file = File::create(path).map_err(|e| fail(e.to_string()))?;
    let mut writer =
        ArrowWriter::try_new(file, batch.schema(), Some(props)).map_err(|e| fail(e.to_string()))?;
    writer.write(batch).map_err(|e| fail(e.to_string()))?;
    let file = writer.into_inner().map_err(|e| fail(e.to_string()))?;
    file.sync_all().map_err(|e| fail(e.to_string()))?;
    Ok(())
}

/// The folder name Hive, Spark and DuckDB read as a null partition value.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// Writes one table as a Hive-partitioned folder, one file per value:
/// `dir/name/column=value/part-0.parquet`. The partition column is not
/// stored in the files; readers take it from the folder names.
pub fn write_partitioned(
    dir: &Path,
    name: &str,
    column: &str,
    batch: &RecordBatch,
    values: &[Option<i32>],
) -> Result<()> {
    let mut groups: std::collections::BTreeMap<Option<i32>, Vec<u32>> = Default::default();
    for (row, v) in values.iter().enumerate() {
        groups.entry(*v).or_default().push(row as u32);
    }
    if groups.is_empty() {
        // An empty table still gets one (empty) file so readers see its schema.
        groups.insert(None, Vec::new());
    }
    let table_dir = dir.join(name);
    let fail = |path: &Path, message: String| Error::Write {
        path: path.to_owned(),
        message,
    };
    std::fs::create_dir_all(&table_dir).map_err(|e| fail(&table_dir, e.to_string()))?;
    for (value, rows) in groups {
        let folder = table_dir.join(format!(
            "{column}={}",
            value.map_or(NULL_PARTITION.to_string(), |v| v.to_string())
        ));
        std::fs::create_dir_all(&folder).map_err(|e| fail(&folder, e.to_string()))?;
        let part = arrow::compute::take_record_batch(batch, &arrow::array::UInt32Array::from(rows))
            .map_err(|e| fail(&folder, e.to_string()))?;
        write_parquet(&folder.join("part-0.parquet"), &part)?;
    }
    Ok(())
}
