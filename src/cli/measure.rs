//! `kith bench`: runs the benchmark harness at each scale and prints its table.

use std::time::Instant;

use anyhow::Context;

pub fn bench(
    scales: &[usize],
    runs: usize,
    out: Option<&std::path::Path>,
    only: Option<&str>,
) -> anyhow::Result<String> {
    let started = Instant::now();
    let folder = tempfile::tempdir().context("cannot create a temporary folder")?;
    let exe = std::env::current_exe().context("cannot find the kith binary")?;
    let mut measures = Vec::new();
    for &scale in scales {
        eprintln!("measuring at {scale}× the owner's network…");
        let mut entries = super::corebench::entries();
        entries.extend(super::followbench::entries());
        entries.extend(super::mailbench::entries());
        entries.extend(super::cardbench::entries());
        if let Some(only) = only {
            let only = only.to_lowercase();
            entries.retain(|entry| entry.name.to_lowercase().contains(&only));
        }
        measures.extend(super::bench::run_scale(
            scale,
            folder.path(),
            runs.max(5),
            entries,
        )?);
        if only.is_some() {
            continue;
        }
        measures.extend(super::startup::startup_measures(
            &exe,
            scale,
            folder.path(),
        )?);
        if scale == 1 {
            measures.extend(super::boundbench::measures(&exe, folder.path())?);
        }
    }
    let machine = format!(
        "{} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::env::consts::ARCH
    );
    let table = format!(
        "Machine: {machine}; kith {}; {runs} runs per operation.\n\n{}",
        env!("CARGO_PKG_VERSION"),
        super::bench::table(&measures)
    );
    if let Some(path) = out {
        super::data::write_private(path, table.as_bytes())?;
    }
    let missed = measures.iter().filter(|m| m.met() == Some(false)).count();
    Ok(format!(
        "{table}\nbench done in {:.0} s: {} measures, {missed} target(s) missed",
        started.elapsed().as_secs_f64(),
        measures.len()
    ))
}
