//! `amldesk review-settings show` and `amldesk review-settings set <field> <value>`: four-eyes,
//! retention years and the profile's reviewer name, through the engine's
//! `get_review_settings`/`save_review_settings` (each change audited with its new values).

use amldesk_engine::api::{FourEyes, ReviewSettings};
use amldesk_engine::EngineError;
use clap::Subcommand;

use crate::commands::{fail, Global};
use crate::output;
use crate::review::run;

/// The fields `set` takes.
const FIELDS: &str = "four-eyes, retention-years, reviewer";

#[derive(Subcommand, Debug)]
pub enum ReviewSettingsCmd {
    /// Four-eyes mode, retention years and the default reviewer.
    Show,
    /// Change one field: `four-eyes always|pep-or-sanction|off`, `retention-years N` (1–100),
    /// `reviewer NAME` (an empty NAME: the OS user).
    Set { field: String, value: String },
}

/// `settings` with `field` set to `value`, or an error naming the field and what it takes.
fn apply(mut s: ReviewSettings, field: &str, value: &str) -> Result<ReviewSettings, EngineError> {
    match field.trim().to_ascii_lowercase().as_str() {
        "four-eyes" | "foureyes" => {
            s.four_eyes =
                FourEyes::parse(value).map_err(|m| EngineError::validation("four-eyes", m))?;
        }
        "retention-years" | "retain-years" => {
            s.retain_years = value.trim().parse().map_err(|_| {
                EngineError::validation(
                    "retention-years",
                    format!(
                        "Retention years: \"{value}\" is not a whole number of years from 1 to 100."
                    ),
                )
            })?;
        }
        "reviewer" => s.reviewer = Some(value.to_owned()),
        other => {
            return Err(EngineError::validation(
                "field",
                format!("\"{other}\" is not a review setting; the fields are {FIELDS}."),
            ))
        }
    }
    Ok(s)
}

fn print(s: &ReviewSettings) {
    println!("four-eyes        {}", s.four_eyes.as_str());
    println!("retention-years  {}", s.retain_years);
    match &s.reviewer {
        Some(r) => println!("reviewer         {r}"),
        None => println!("reviewer         (not set: the OS user)"),
    }
}

pub async fn review_settings(g: &Global, c: ReviewSettingsCmd) -> i32 {
    let json = g.json;
    let show = move |s: &ReviewSettings| {
        if json {
            output::print_json(s);
        } else {
            print(s);
        }
        0
    };
    match c {
        ReviewSettingsCmd::Show => {
            run(
                g,
                None,
                |e| async move { e.get_review_settings().await },
                show,
            )
            .await
        }
        ReviewSettingsCmd::Set { field, value } => {
            // A bad field or value is refused before the profile is opened.
            if let Err(e) = apply(ReviewSettings::default(), &field, &value) {
                return fail(g, &e);
            }
            run(
                g,
                None,
                |e| async move {
                    let current = e.get_review_settings().await?;
                    e.save_review_settings(apply(current, &field, &value)?)
                        .await
                },
                show,
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_parses_and_a_bad_value_names_its_field() {
        let s = ReviewSettings::default();
        let a = apply(s.clone(), "four-eyes", "always").expect("always");
        assert_eq!(a.four_eyes, FourEyes::Always);
        let n = apply(s.clone(), "four-eyes", "never").expect("never");
        assert_eq!(n.four_eyes, FourEyes::Off);
        assert_eq!(
            apply(s.clone(), "retention-years", "10")
                .expect("10")
                .retain_years,
            10
        );
        let e = apply(s.clone(), "four-eyes", "sometimes").expect_err("refused");
        assert!(e.to_string().contains("Four-eyes") && e.to_string().contains("always"));
        let e = apply(s.clone(), "retention-years", "five").expect_err("refused");
        assert!(e.to_string().contains("Retention years"), "{e}");
        let e = apply(s, "colour", "x").expect_err("refused");
        assert!(e.to_string().contains(FIELDS), "{e}");
    }
}
