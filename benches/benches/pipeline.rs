//! End-to-end costs: decoding alone, `Engine::check` per photo, and batch
//! throughput through the rayon driver with one thread and with all.
//!
//! Run: `cargo bench -p gradphoto-benches --bench pipeline`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gradphoto::{Engine, Profile, Scratch, decode};
use gradphoto_batch::{BatchOptions, InputSet};

fn bench(c: &mut Criterion) {
    let photos = gradphoto_benches::photos(32);
    let engine = Engine::new(Profile::builtin("chsi").unwrap()).unwrap();

    let mut g = c.benchmark_group("photo");
    g.throughput(Throughput::Elements(1));
    let mut pixels = Vec::new();
    let mut i = 0;
    g.bench_function("decode_480x640", |b| {
        b.iter(|| {
            let p = &photos[i % photos.len()];
            i += 1;
            let header = decode::probe(black_box(&p.bytes)).unwrap();
            decode::decode_into(&p.bytes, &header, &mut pixels).unwrap();
            black_box(pixels.len())
        })
    });
    let mut scratch = Scratch::default();
    g.bench_function("engine_check", |b| {
        b.iter(|| {
            let p = &photos[i % photos.len()];
            i += 1;
            black_box(engine.check_with(&mut scratch, &p.name, black_box(&p.bytes)))
        })
    });
    g.finish();

    // A folder of 512 photos on disk, checked by the batch driver.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("photos");
    std::fs::create_dir(&folder).unwrap();
    let batch_len = 512;
    for k in 0..batch_len {
        let p = &photos[k % photos.len()];
        std::fs::write(folder.join(format!("{k:04}-{}", p.name)), &p.bytes).unwrap();
    }
    let inputs = InputSet::new(vec![folder]);
    let out = dir.path().join("r.jsonl");
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(batch_len as u64));
    g.sample_size(10);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for jobs in [1, cores] {
        let options = BatchOptions {
            jobs,
            out: Some(out.clone()),
            ..BatchOptions::default()
        };
        g.bench_function(format!("check_512_photos_jobs_{jobs}"), |b| {
            b.iter(|| gradphoto_batch::run(&engine, &inputs, &options).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
