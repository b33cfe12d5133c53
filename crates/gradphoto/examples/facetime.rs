use gradphoto::decode::{self, Frame};
use gradphoto::landmarks::{Detector, FaceScratch};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(path).unwrap();
    let header = decode::probe(&bytes).unwrap();
    let mut px = Vec::new();
    decode::decode_into(&bytes, &header, &mut px).unwrap();
    let frame = Frame {
        width: header.width(),
        height: header.height(),
        rgb: &px,
    };
    let det = Detector::shared().unwrap();
    let mut s = FaceScratch::default();
    let t = std::time::Instant::now();
    for _ in 0..200 {
        det.detect(&frame, &mut s).unwrap();
    }
    println!("{:?} per detect", t.elapsed() / 200);
}
