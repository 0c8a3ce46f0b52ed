use chancery::cache::Summary;
use std::time::Instant;
fn main() {
    let dir = std::path::Path::new("target/bench/out-100000/.cache/chunks");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".summary.json"))
        .collect();
    files.sort();
    let t = Instant::now();
    let bytes: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    println!(
        "read {:?} {} MB",
        t.elapsed(),
        bytes.iter().map(|b| b.len()).sum::<usize>() / 1000000
    );
    let t = Instant::now();
    let sums: Vec<Summary> = bytes
        .iter()
        .map(|b| serde_json::from_slice(b).unwrap())
        .collect();
    println!("parse {:?}", t.elapsed());
    let t = Instant::now();
    let mut total = chancery::stages::aggregate::Aggregator::new();
    for s in sums {
        total.merge(s.aggregator);
    }
    println!("merge {:?}", t.elapsed());
    let t = Instant::now();
    drop(total);
    println!("drop {:?}", t.elapsed());
}
