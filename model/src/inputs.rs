//! What the model reads: the anamnesis, examination, blood/urine tests and ultrasound findings of
//! one child with abdominal pain. Every field is optional; `None` means "not known".
//!
//! The dataset's column names map onto these fields through [`AppendicitisInputs::set_dataset_column`],
//! which the CSV reader, the `predict` command line and any import use alike.

use serde::{Deserialize, Serialize};

/// Registered sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

/// Stool changes reported in the anamnesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stool {
    Normal,
    Diarrhea,
    Constipation,
    /// Both constipation and diarrhoea reported.
    ConstipationAndDiarrhea,
}

/// Abdominal guarding / peritonitis on palpation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Peritonitis {
    None,
    Localized,
    Generalized,
}

/// Appendix wall layer structure on ultrasound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WallLayers {
    Intact,
    PartiallyRaised,
    Raised,
}

/// Appendix wall perfusion on ultrasound (Doppler).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Perfusion {
    Unremarkable,
    Hypoperfused,
    Hyperperfused,
}

/// Signs of perforation on ultrasound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PerforationSign {
    No,
    /// "suspected" or "not excluded".
    Suspected,
    Yes,
}

/// Inputs of the appendicitis model. Units are in the names. `None` = unknown.
///
/// Urine dipstick grades are 0 (negative) to 3 (+++).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppendicitisInputs {
    // Demographics
    pub age_years: Option<f32>,
    pub sex: Option<Sex>,
    pub weight_kg: Option<f32>,
    pub height_cm: Option<f32>,
    // Anamnesis
    pub migratory_pain: Option<bool>,
    pub nausea_vomiting: Option<bool>,
    pub anorexia: Option<bool>,
    pub dysuria: Option<bool>,
    pub stool: Option<Stool>,
    // Examination
    pub temperature_c: Option<f32>,
    pub rlq_tenderness: Option<bool>,
    pub contralateral_rebound: Option<bool>,
    pub ipsilateral_rebound: Option<bool>,
    pub cough_hop_pain: Option<bool>,
    pub psoas_sign: Option<bool>,
    pub peritonitis: Option<Peritonitis>,
    // Blood tests
    pub wbc_10e3_per_ul: Option<f32>,
    pub neutrophil_percent: Option<f32>,
    /// Neutrophils >= 75 %. Derived from `neutrophil_percent` when that is known.
    pub neutrophilia: Option<bool>,
    pub crp_mg_per_l: Option<f32>,
    // Urine dipstick (0..=3)
    pub urine_ketones_grade: Option<u8>,
    pub urine_erythrocytes_grade: Option<u8>,
    pub urine_leukocytes_grade: Option<u8>,
    // Ultrasound
    pub us_appendix_visible: Option<bool>,
    pub us_free_fluid: Option<bool>,
    pub us_wall_layers: Option<WallLayers>,
    pub us_target_sign: Option<bool>,
    /// "suspected" counts as yes.
    pub us_appendicolith: Option<bool>,
    pub us_perfusion: Option<Perfusion>,
    pub us_perforation: Option<PerforationSign>,
    pub us_surrounding_tissue_reaction: Option<bool>,
    /// "suspected" counts as yes.
    pub us_abscess: Option<bool>,
    pub us_pathological_lymph_nodes: Option<bool>,
    pub us_bowel_wall_thickening: Option<bool>,
    pub us_conglomerate_of_bowel_loops: Option<bool>,
    pub us_ileus: Option<bool>,
    pub us_coprostasis: Option<bool>,
    pub us_meteorism: Option<bool>,
    pub us_enteritis: Option<bool>,
}

/// Outcome of reading one dataset cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnUse {
    /// Mapped to an input field (possibly as "unknown" if the cell was empty or unreadable).
    Input,
    /// A column the model deliberately ignores (label-leaking or not collected by the app).
    Ignored,
    /// A column name the model does not know.
    Unknown,
}

/// Dataset columns that leak the label and are never inputs (SOURCE.md), plus the label itself.
pub const LEAKING_COLUMNS: &[&str] = &[
    "Alvarado_Score",
    "Paedriatic_Appendicitis_Score",
    "Pediatric_Appendicitis_Score",
    "Appendix_Diameter",
    "Length_of_Stay",
    "Diagnosis_Presumptive",
    "Diagnosis",
    "Management",
    "Severity",
];

/// Columns of the dataset that exist but are not model inputs for other reasons
/// (derived, not collected by the app, free text, identifiers).
pub const OTHER_IGNORED_COLUMNS: &[&str] = &[
    "BMI",
    "Segmented_Neutrophils",
    "RBC_Count",
    "Hemoglobin",
    "RDW",
    "Thrombocyte_Count",
    "US_Performed",
    "US_Number",
    "Abscess_Location",
    "Lymph_Nodes_Location",
    "Gynecological_Findings",
];

fn num(cell: &str) -> Option<f32> {
    let v: f32 = cell.trim().parse().ok()?;
    v.is_finite().then_some(v)
}

fn yes_no(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "yes" | "positive" | "true" | "1" => Some(true),
        "no" | "negative" | "false" | "0" => Some(false),
        _ => None,
    }
}

fn yes_suspected_no(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "suspected" => Some(true),
        other => yes_no(other),
    }
}

fn grade(cell: &str) -> Option<u8> {
    match cell.trim() {
        "no" | "neg" | "0" => Some(0),
        "+" | "1" => Some(1),
        "++" | "2" => Some(2),
        "+++" | "3" => Some(3),
        _ => None,
    }
}

impl AppendicitisInputs {
    /// Sets the field for one dataset column from its cell text (dataset coding: `yes`/`no`,
    /// `male`/`female`, …; an empty or unreadable cell leaves the field unknown).
    ///
    /// `Body_Temperature` below 30 °C is a data-entry error in the dataset and is read as unknown.
    pub fn set_dataset_column(&mut self, column: &str, cell: &str) -> ColumnUse {
        let c = cell.trim();
        let lc = c.to_ascii_lowercase();
        match column.trim() {
            "Age" => self.age_years = num(c),
            "Sex" => {
                self.sex = match lc.as_str() {
                    "female" | "f" => Some(Sex::Female),
                    "male" | "m" => Some(Sex::Male),
                    _ => None,
                }
            }
            "Weight" => self.weight_kg = num(c),
            "Height" => self.height_cm = num(c),
            "Migratory_Pain" => self.migratory_pain = yes_no(c),
            "Nausea" => self.nausea_vomiting = yes_no(c),
            "Loss_of_Appetite" => self.anorexia = yes_no(c),
            "Dysuria" => self.dysuria = yes_no(c),
            "Stool" => {
                self.stool = match lc.as_str() {
                    "normal" => Some(Stool::Normal),
                    "diarrhea" | "diarrhoea" => Some(Stool::Diarrhea),
                    "constipation" | "obstipation" => Some(Stool::Constipation),
                    "constipation, diarrhea" | "diarrhea, constipation" => {
                        Some(Stool::ConstipationAndDiarrhea)
                    }
                    _ => None,
                }
            }
            "Body_Temperature" => self.temperature_c = num(c).filter(|t| *t >= 30.0),
            "Lower_Right_Abd_Pain" => self.rlq_tenderness = yes_no(c),
            "Contralateral_Rebound_Tenderness" => self.contralateral_rebound = yes_no(c),
            "Ipsilateral_Rebound_Tenderness" => self.ipsilateral_rebound = yes_no(c),
            "Coughing_Pain" => self.cough_hop_pain = yes_no(c),
            "Psoas_Sign" => self.psoas_sign = yes_no(c),
            "Peritonitis" => {
                self.peritonitis = match lc.as_str() {
                    "no" => Some(Peritonitis::None),
                    "local" | "localized" => Some(Peritonitis::Localized),
                    "generalized" => Some(Peritonitis::Generalized),
                    _ => None,
                }
            }
            "WBC_Count" => self.wbc_10e3_per_ul = num(c),
            "Neutrophil_Percentage" => self.neutrophil_percent = num(c),
            "Neutrophilia" => self.neutrophilia = yes_no(c),
            "CRP" => self.crp_mg_per_l = num(c),
            "Ketones_in_Urine" => self.urine_ketones_grade = grade(c),
            "RBC_in_Urine" => self.urine_erythrocytes_grade = grade(c),
            "WBC_in_Urine" => self.urine_leukocytes_grade = grade(c),
            "Appendix_on_US" => self.us_appendix_visible = yes_no(c),
            "Free_Fluids" => self.us_free_fluid = yes_no(c),
            "Appendix_Wall_Layers" => {
                self.us_wall_layers = match lc.as_str() {
                    "intact" => Some(WallLayers::Intact),
                    "partially raised" => Some(WallLayers::PartiallyRaised),
                    "raised" => Some(WallLayers::Raised),
                    _ => None,
                }
            }
            "Target_Sign" => self.us_target_sign = yes_no(c),
            "Appendicolith" => self.us_appendicolith = yes_suspected_no(c),
            "Perfusion" => {
                self.us_perfusion = match lc.as_str() {
                    "hyperperfused" => Some(Perfusion::Hyperperfused),
                    "hypoperfused" => Some(Perfusion::Hypoperfused),
                    "no" | "present" | "unremarkable" => Some(Perfusion::Unremarkable),
                    _ => None,
                }
            }
            "Perforation" => {
                self.us_perforation = match lc.as_str() {
                    "no" => Some(PerforationSign::No),
                    "yes" => Some(PerforationSign::Yes),
                    "suspected" | "not excluded" => Some(PerforationSign::Suspected),
                    _ => None,
                }
            }
            "Surrounding_Tissue_Reaction" => self.us_surrounding_tissue_reaction = yes_no(c),
            "Appendicular_Abscess" => self.us_abscess = yes_suspected_no(c),
            "Pathological_Lymph_Nodes" => self.us_pathological_lymph_nodes = yes_no(c),
            "Bowel_Wall_Thickening" => self.us_bowel_wall_thickening = yes_no(c),
            "Conglomerate_of_Bowel_Loops" => self.us_conglomerate_of_bowel_loops = yes_no(c),
            "Ileus" => self.us_ileus = yes_no(c),
            "Coprostasis" => self.us_coprostasis = yes_no(c),
            "Meteorism" => self.us_meteorism = yes_no(c),
            "Enteritis" => self.us_enteritis = yes_no(c),
            other => {
                if LEAKING_COLUMNS.contains(&other) || OTHER_IGNORED_COLUMNS.contains(&other) {
                    return ColumnUse::Ignored;
                }
                return ColumnUse::Unknown;
            }
        }
        ColumnUse::Input
    }

    /// Builds inputs from (column name, cell) pairs in the dataset's coding.
    pub fn from_dataset_cells<'a>(cells: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut inputs = Self::default();
        for (column, cell) in cells {
            inputs.set_dataset_column(column, cell);
        }
        inputs
    }
}
