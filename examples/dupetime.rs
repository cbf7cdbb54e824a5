fn main() {
    let store = kith::store::Store::open(std::path::Path::new("/tmp/b10/k.db")).unwrap();
    let t = std::time::Instant::now();
    let s = store.person_sketches().unwrap();
    println!("sketches {} in {:?}", s.len(), t.elapsed());
    let t = std::time::Instant::now();
    let d = kith::dupes::find_duplicates(&s);
    println!("dupes {} in {:?}", d.len(), t.elapsed());
    let t = std::time::Instant::now();
    let n = store.not_same_pairs().unwrap();
    println!("not same {} in {:?}", n.len(), t.elapsed());
}
