//! The built app starts on the embedded sandbox and shows its first screen: the case list's empty
//! state, the "New lookup" entry point and the environment badge.

use amldesk_e2e::{app_binary, screenshot_dir, Driver, TempHome};
use std::time::Duration;

#[test]
fn first_screen_shows_empty_case_list_on_sandbox() {
    let home = TempHome::new("first-screen");
    let driver = Driver::start(&app_binary(), &home.env()).expect("app session");

    let badge = driver
        .wait_for("[data-testid=env-badge]", None, Duration::from_secs(60))
        .expect("environment badge");
    assert_eq!(
        driver
            .text(&badge)
            .expect("badge text")
            .trim()
            .to_lowercase(),
        "sandbox"
    );

    let empty = driver
        .wait_for("[data-testid=cases-empty]", None, Duration::from_secs(30))
        .expect("empty state of the case list");
    let empty_text = driver.text(&empty).expect("empty text");
    assert!(
        empty_text.to_lowercase().contains("lookup"),
        "the empty state should tell the officer to start a lookup, got: {empty_text}"
    );
    let button = driver
        .find("[data-testid=new-lookup-button]")
        .expect("New lookup button");
    assert!(driver
        .text(&button)
        .expect("button text")
        .contains("New lookup"));

    driver
        .wait_settled(Duration::from_secs(30))
        .expect("first screen settled");
    driver
        .screenshot(&screenshot_dir().join("01-first-screen.png"))
        .expect("screenshot");
    driver.quit();
}
