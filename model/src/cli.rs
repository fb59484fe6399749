//! The `appendicitis` command line (native only).

use crate::appendicitis::AppendicitisModel;
use crate::data;
use crate::train::{self, TrainConfig};
use std::path::{Path, PathBuf};

const USAGE: &str = "usage:
  appendicitis predict --input IN.csv --output OUT.csv
  appendicitis train    [--data app_data.csv] [--assets DIR] [--reports DIR] [options]
  appendicitis evaluate [--data app_data.csv] [--dump-oof OOF.csv] [options]   (cross-validation only)
  appendicitis probe    [--data app_data.csv] [--assets DIR]     (rewrite the probe file)
  appendicitis report   [--reports DIR]   (re-render cv_report.md and risk_coverage.svg from cv_report.json)
  appendicitis bench                                            (native forward timing)
options: --folds 5 --repeats 5 --seed N --members 5 --hidden 16 --epochs 150 --batch 64
         --lr 0.003 --weight-decay 0.01 --field-drop 0.05 --sparse-rows 0.2 --full-rows 0.4
         --nested 1 (0: no inner CV, so no prediction-set thresholds; evaluate only)
predict writes row, probability (calibrated; empty when the model refuses), abstain (true when
the prediction set is not a single label), prediction_set and reason.";

fn default_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/regensburg_appendicitis/app_data.csv")
}

fn default_assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

fn default_reports() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reports")
}

struct Args {
    pairs: Vec<(String, String)>,
}

impl Args {
    fn parse(raw: &[String]) -> Result<Self, String> {
        let mut pairs = Vec::new();
        let mut it = raw.iter();
        while let Some(k) = it.next() {
            let Some(key) = k.strip_prefix("--") else {
                return Err(format!("unexpected argument {k}"));
            };
            let v = it.next().ok_or_else(|| format!("--{key} needs a value"))?;
            pairs.push((key.to_string(), v.clone()));
        }
        Ok(Self { pairs })
    }
    fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    fn num<T: std::str::FromStr>(&self, key: &str, default: T) -> Result<T, String> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("--{key}: cannot read {v}")),
        }
    }
    fn path(&self, key: &str, default: PathBuf) -> PathBuf {
        self.get(key).map(PathBuf::from).unwrap_or(default)
    }
    fn config(&self) -> Result<TrainConfig, String> {
        let d = TrainConfig::default();
        Ok(TrainConfig {
            hidden: self.num("hidden", d.hidden)?,
            members: self.num("members", d.members)?,
            epochs: self.num("epochs", d.epochs)?,
            batch_size: self.num("batch", d.batch_size)?,
            learning_rate: self.num("lr", d.learning_rate)?,
            weight_decay: self.num("weight-decay", d.weight_decay)?,
            field_drop: self.num("field-drop", d.field_drop)?,
            sparse_rows: self.num("sparse-rows", d.sparse_rows)?,
            full_rows: self.num("full-rows", d.full_rows)?,
            seed: self.num("seed", d.seed)?,
        })
    }
}

fn labelled_rows(path: &Path) -> Result<(Vec<data::DatasetRow>, String), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let rows = data::read_rows_from(bytes.as_slice())?;
    let labelled: Vec<_> = rows.into_iter().filter(|r| r.label.is_some()).collect();
    Ok((labelled, train::file_hash(&bytes)))
}

/// Runs `predict`: one output row per input row.
pub fn predict(input: &Path, output: &Path) -> Result<usize, String> {
    let model = AppendicitisModel::shipped().map_err(|e| e.to_string())?;
    let rows = data::read_rows(input)?;
    let inputs: Vec<_> = rows.iter().map(|r| r.inputs.clone()).collect();
    let estimates = model.estimate_many(&inputs, false);
    let mut w = csv::Writer::from_path(output).map_err(|e| format!("{}: {e}", output.display()))?;
    w.write_record(["row", "probability", "abstain", "prediction_set", "reason"])
        .map_err(|e| e.to_string())?;
    for (r, e) in rows.iter().zip(&estimates) {
        // A refused child gets no probability: it is not an answer.
        let probability = e
            .answer()
            .map(|a| format!("{:.6}", a.probability))
            .unwrap_or_default();
        let reason = e
            .refusal
            .as_ref()
            .map(|r| r.reason.to_string())
            .unwrap_or_default();
        w.write_record([
            r.row.to_string(),
            probability,
            e.refused().to_string(),
            e.prediction_set.as_str().to_string(),
            reason,
        ])
        .map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())?;
    Ok(rows.len())
}

fn run(argv: &[String]) -> Result<(), String> {
    let Some(cmd) = argv.first() else {
        return Err(USAGE.into());
    };
    let args = Args::parse(&argv[1..])?;
    match cmd.as_str() {
        "predict" => {
            let input = args.get("input").ok_or("predict needs --input")?;
            let output = args.get("output").ok_or("predict needs --output")?;
            predict(Path::new(input), Path::new(output))?;
            Ok(())
        }
        "train" | "evaluate" => {
            let cfg = args.config()?;
            let (rows, data_hash) = labelled_rows(&args.path("data", default_data()))?;
            let folds = args.num("folds", 5usize)?;
            let repeats = args.num("repeats", 5usize)?;
            eprintln!("{} labelled rows; config {cfg:?}", rows.len());
            let nested = args.num("nested", 1u8)? != 0;
            if cmd == "train" && !nested {
                return Err("train needs the nested cross-validation (the thresholds)".into());
            }
            let cv = train::cross_validate(&rows, &cfg, folds, repeats, nested, &mut |s| {
                eprintln!("{s}")
            });
            let report = train::report(&rows, &cv, &cfg);
            let md = train::report_markdown(&report);
            if let Some(path) = args.get("dump-oof") {
                std::fs::write(path, train::oof_csv(&rows, &cv)).map_err(|e| e.to_string())?;
            }
            if cmd == "evaluate" {
                println!("{md}");
                return Ok(());
            }
            let reports = args.path("reports", default_reports());
            std::fs::create_dir_all(&reports).map_err(|e| e.to_string())?;
            std::fs::write(reports.join("cv_report.md"), &md).map_err(|e| e.to_string())?;
            std::fs::write(
                reports.join("risk_coverage.svg"),
                train::risk_coverage_svg(&report),
            )
            .map_err(|e| e.to_string())?;
            std::fs::write(
                reports.join("cv_report.json"),
                serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?,
            )
            .map_err(|e| e.to_string())?;
            let fin = train::train_final(&rows, &cfg, &report, &data_hash)?;
            let assets = args.path("assets", default_assets());
            std::fs::create_dir_all(&assets).map_err(|e| e.to_string())?;
            std::fs::write(assets.join("appendicitis_ensemble.f32"), &fin.weights)
                .map_err(|e| e.to_string())?;
            std::fs::write(assets.join("appendicitis_meta.json"), &fin.meta_json)
                .map_err(|e| e.to_string())?;
            std::fs::write(assets.join("appendicitis_probe.json"), &fin.probe_json)
                .map_err(|e| e.to_string())?;
            println!("{md}");
            eprintln!("wrote {} and {}", assets.display(), reports.display());
            Ok(())
        }
        "probe" => {
            let (rows, _) = labelled_rows(&args.path("data", default_data()))?;
            let model = AppendicitisModel::shipped().map_err(|e| e.to_string())?;
            let probe = train::make_probe(&model, &rows)?;
            let assets = args.path("assets", default_assets());
            std::fs::write(assets.join("appendicitis_probe.json"), probe)
                .map_err(|e| e.to_string())?;
            Ok(())
        }
        "report" => {
            let reports = args.path("reports", default_reports());
            let json = std::fs::read_to_string(reports.join("cv_report.json"))
                .map_err(|e| e.to_string())?;
            let report: train::CvReport = serde_json::from_str(&json).map_err(|e| e.to_string())?;
            std::fs::write(
                reports.join("cv_report.md"),
                train::report_markdown(&report),
            )
            .map_err(|e| e.to_string())?;
            std::fs::write(
                reports.join("risk_coverage.svg"),
                train::risk_coverage_svg(&report),
            )
            .map_err(|e| e.to_string())?;
            Ok(())
        }
        "bench" => bench(&args),
        _ => Err(USAGE.into()),
    }
}

fn bench(args: &Args) -> Result<(), String> {
    let (rows, _) = labelled_rows(&args.path("data", default_data()))?;
    let t0 = std::time::Instant::now();
    let model = AppendicitisModel::shipped().map_err(|e| e.to_string())?;
    let load = t0.elapsed();
    let calls: usize = args.num("calls", 1000)?;
    let inputs: Vec<_> = rows.iter().map(|r| r.inputs.clone()).collect();
    let mut sink = 0.0f32;
    for x in inputs.iter().take(100) {
        sink += model.estimate_many(std::slice::from_ref(x), false)[0]
            .numbers_even_if_refused()
            .calibrated;
    }
    let mut times = Vec::new();
    for round in 0..5 {
        let t = std::time::Instant::now();
        for i in 0..calls {
            let x = &inputs[(i + round) % inputs.len()];
            sink += model.estimate_many(std::slice::from_ref(x), false)[0]
                .numbers_even_if_refused()
                .calibrated;
        }
        times.push(t.elapsed().as_secs_f64() * 1e6 / calls as f64);
    }
    let encoded: Vec<Vec<f32>> = inputs.iter().map(|x| model.encode(x)).collect();
    let mut forward = Vec::new();
    for round in 0..5 {
        let t = std::time::Instant::now();
        for i in 0..calls {
            sink += model.member_logits(&encoded[(i + round) % encoded.len()])[0][0];
        }
        forward.push(t.elapsed().as_secs_f64() * 1e6 / calls as f64);
    }
    let mut explain = Vec::new();
    for round in 0..3 {
        let t = std::time::Instant::now();
        for i in 0..calls / 10 {
            sink += model
                .estimate(&inputs[(i + round) % inputs.len()])
                .numbers_even_if_refused()
                .calibrated;
        }
        explain.push(t.elapsed().as_secs_f64() * 1e6 / (calls / 10) as f64);
    }
    println!("load shipped model: {:.3} ms", load.as_secs_f64() * 1e3);
    println!(
        "estimate without explanation, batch 1, µs/call over {calls} calls, 5 rounds: {times:.1?}"
    );
    println!(
        "ensemble forward only (5 members, encoded row in, logits out), µs/call, 5 rounds: {forward:.1?}"
    );
    println!("estimate with explanation (occlusion), µs/call, 3 rounds: {explain:.1?}");
    println!(
        "weights {} bytes, metadata {} bytes (checksum {sink:.3})",
        crate::appendicitis::SHIPPED_WEIGHTS.len(),
        crate::appendicitis::SHIPPED_META.len()
    );
    Ok(())
}

/// Entry point of the binary.
pub fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&argv) {
        eprintln!("{e}");
        std::process::exit(2);
    }
}
