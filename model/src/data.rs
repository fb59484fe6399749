//! Reading CSV files in the dataset's coding (native only; uses the `csv` crate).

use crate::inputs::AppendicitisInputs;
use std::path::Path;

/// One labelled dataset row.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetRow {
    /// 1-based data row number in the file.
    pub row: usize,
    pub inputs: AppendicitisInputs,
    /// `Diagnosis == "appendicitis"`; `None` if the cell is empty or unknown.
    pub label: Option<bool>,
    /// Recorded scores, used only as baselines (never as inputs).
    pub alvarado: Option<f32>,
    pub pas: Option<f32>,
}

/// Reads a CSV with the dataset's column names (any subset). Empty cell = unknown.
pub fn read_rows(path: &Path) -> Result<Vec<DatasetRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&mut reader)
}

/// Same as [`read_rows`] from any reader.
pub fn read_rows_from<R: std::io::Read>(input: R) -> Result<Vec<DatasetRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    parse(&mut reader)
}

fn score(cell: &str) -> Option<f32> {
    cell.trim().parse::<f32>().ok().filter(|v| v.is_finite())
}

fn parse<R: std::io::Read>(reader: &mut csv::Reader<R>) -> Result<Vec<DatasetRow>, String> {
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("header: {e}"))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", i + 1))?;
        let mut row = DatasetRow {
            row: i + 1,
            inputs: AppendicitisInputs::default(),
            label: None,
            alvarado: None,
            pas: None,
        };
        for (h, cell) in headers.iter().zip(record.iter()) {
            match h.as_str() {
                "Diagnosis" => {
                    row.label = match cell.trim() {
                        "appendicitis" => Some(true),
                        "no appendicitis" => Some(false),
                        _ => None,
                    }
                }
                "Alvarado_Score" => row.alvarado = score(cell),
                "Paedriatic_Appendicitis_Score" | "Pediatric_Appendicitis_Score" => {
                    row.pas = score(cell)
                }
                _ => {
                    row.inputs.set_dataset_column(h, cell);
                }
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::{Peritonitis, Sex};

    #[test]
    fn reads_quoted_cells_subsets_and_implausible_temperature() {
        let csv = "Age,Sex,Body_Temperature,Stool,Peritonitis,Diagnosis,Alvarado_Score,Appendix_Diameter,Whatever\n\
                   10.5,male,26.9,\"constipation, diarrhea\",local,appendicitis,7,9.0,x\n\
                   ,female,38.2,,no,no appendicitis,,,\n";
        let rows = read_rows_from(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].inputs.age_years, Some(10.5));
        assert_eq!(rows[0].inputs.sex, Some(Sex::Male));
        assert_eq!(
            rows[0].inputs.temperature_c, None,
            "26.9 °C is a data-entry error"
        );
        assert_eq!(
            rows[0].inputs.stool,
            Some(crate::inputs::Stool::ConstipationAndDiarrhea)
        );
        assert_eq!(rows[0].inputs.peritonitis, Some(Peritonitis::Localized));
        assert_eq!(rows[0].label, Some(true));
        assert_eq!(rows[0].alvarado, Some(7.0));
        assert_eq!(rows[1].inputs.age_years, None);
        assert_eq!(rows[1].inputs.temperature_c, Some(38.2));
        assert_eq!(rows[1].label, Some(false));
        assert_eq!(rows[1].alvarado, None);
    }
}
