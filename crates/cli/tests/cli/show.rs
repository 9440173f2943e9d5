//! `amldesk cases show` prints the window's sections: roles in words, beneficial owners with
//! their rules on their line, sanction hits with their relation and list.

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_show_prints_the_sections_of_the_window() {
    let profile = Profile::new();
    let sb = fast_sandbox().await;
    let url = sb.base_url();
    let run = |args: &[&str]| run_blocking(&profile, &url, args);
    let (code, out, _) = run(EQUINOR_LOOKUP);
    assert_eq!(code, Some(0), "{out}");
    let (_, _, stdout) = run(&["--json", "cases", "list"]);
    let list: serde_json::Value = serde_json::from_str(&stdout).expect("cases list JSON");
    let case = list[0]["id"].as_str().expect("case id").to_owned();
    let (code, out, _) = run(&["lookup", "bo", "923609016", "--case", &case]);
    assert_eq!(code, Some(0), "{out}");
    sb.shutdown().await;

    let (code, out, stdout) = run(&["cases", "show", &case]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        stdout.contains("Chair of the board"),
        "roles in words: {stdout}"
    );
    let kari = stdout
        .lines()
        .find(|l| l.contains("Kari Skarvholm") && l.contains("rules:"))
        .unwrap_or_else(|| panic!("Kari Skarvholm's beneficial-owner line: {stdout}"));
    assert!(
        kari.contains("rule") && kari.contains("integrated share"),
        "{kari}"
    );
    // Every rule side by side, and the integrated share 1 · 0.9 · 1 · 1 · 29 % = 26.10 %.
    assert!(kari.contains("integrated share 26.10 %"), "{kari}");
    for rule in [
        "NO-AML-14 yes",
        "NO-REG yes",
        "integrated yes",
        "EU-AMLR-52 yes",
    ] {
        assert!(kari.contains(rule), "{rule}: {kari}");
    }
    let viktor = stdout
        .lines()
        .find(|l| l.contains("Viktor Sanko") && l.contains("hit"))
        .unwrap_or_else(|| panic!("Viktor Sanko's hit line: {stdout}"));
    assert!(
        viktor.contains("Shareholder (10 %) of BRATTLI INVEST AS"),
        "relation on the hit's line: {viktor}"
    );
    assert!(stdout.contains("SHA-256"), "{stdout}");

    let (code, out, stdout) = run(&["--json", "cases", "show", &case]);
    assert_eq!(code, Some(0), "{out}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("show JSON");
    assert!(v["summary"]["id"].is_string(), "{v}");
    assert!(v["ownership"]["owners"].is_array(), "{v}");
}
