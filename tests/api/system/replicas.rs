use std::collections::HashMap;
use std::time::Duration;

use crate::fixtures::receiver::Receiver;
use crate::fixtures::{submitted_bundle, wait_all_delivered, wait_for_status};
use crate::helpers::spawn_app_with;

#[tokio::test]
async fn two_replicas_on_one_database_review_and_deliver_each_step_once() {
    let receiver = Receiver::start(200).await;
    let fast = |c: &mut regbox::config::Config| {
        c.review_delay_ms = 40;
        c.worker_poll_ms = 5;
    };
    let first = spawn_app_with(fast).await;
    let second = first.replica(fast).await;

    let mut sids = Vec::new();
    for i in 0..6 {
        let app = if i % 2 == 0 { &first } else { &second };
        let bundle = submitted_bundle(app, &[("StatusCallback", receiver.url.as_str())]).await;
        sids.push(bundle["sid"].as_str().unwrap().to_string());
    }
    for sid in &sids {
        wait_for_status(&first, sid, "twilio-approved", Duration::from_secs(15)).await;
    }
    receiver
        .wait_for(sids.len() * 2, Duration::from_secs(15))
        .await;
    for sid in &sids {
        wait_all_delivered(&first, sid, Duration::from_secs(15)).await;
    }

    let mut per_step: HashMap<(String, String), usize> = HashMap::new();
    for callback in receiver.received() {
        let key = (
            callback.param("BundleSid").unwrap().to_string(),
            callback.param("Status").unwrap().to_string(),
        );
        *per_step.entry(key).or_default() += 1;
    }
    assert_eq!(per_step.len(), sids.len() * 2, "{per_step:?}");
    assert!(
        per_step.values().all(|count| *count == 1),
        "a callback was duplicated: {per_step:?}"
    );
}
