//! A form is saved once, however often it is sent.
//!
//! A double click on "Save", or a slow page submitted again, used to post
//! the same form twice and record the interview or the message twice. Every
//! form that records something carries a random `once` field, made when the
//! page was drawn. The first post with a given value runs; a second post
//! with it, while the first is still running, waits for it; any later one is
//! sent where the first one went (its redirect), and nothing is written
//! again. A post the handler refused (a form shown again with its problems)
//! is forgotten, so the corrected form can be sent.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

/// How many finished forms are remembered: the ones a user could still
/// send again from a page left open.
const REMEMBERED: usize = 1_000;

/// How long a second post waits for the first to finish.
const WAIT: Duration = Duration::from_secs(15);

/// The forms posted, by their `once` value.
#[derive(Debug, Default)]
pub struct Once {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    slots: HashMap<String, Slot>,
    /// Finished keys, oldest first, so the map stays bounded.
    finished: VecDeque<String>,
}

#[derive(Debug)]
enum Slot {
    Running,
    /// Where the first post sent the browser.
    Done(String),
}

enum Turn {
    Run,
    Wait,
    Go(String),
}

/// Removes a slot still running when its request ends without finishing
/// (the handler was cancelled or panicked), so a later post may run.
struct Running<'a> {
    once: &'a Once,
    key: &'a str,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if let Ok(mut s) = self.once.state.lock()
            && matches!(s.slots.get(self.key), Some(Slot::Running))
        {
            s.slots.remove(self.key);
        }
    }
}

impl Once {
    /// Runs `handler` for the first post of `key`; answers a repeat with
    /// the first one's redirect.
    pub async fn run<F>(&self, key: &str, handler: F) -> Response
    where
        F: Future<Output = Response>,
    {
        let started = Instant::now();
        loop {
            match self.turn(key) {
                Turn::Run => break,
                Turn::Go(to) => return Redirect::to(&to).into_response(),
                Turn::Wait if started.elapsed() < WAIT => {}
                Turn::Wait => {
                    return crate::security::refuse(
                        StatusCode::CONFLICT,
                        "Still saving",
                        "This form is still being saved from when you sent it first. \
                         Look at the page in a moment before you send it again.",
                    );
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let guard = Running { once: self, key };
        let response = handler.await;
        let to = response
            .status()
            .is_redirection()
            .then(|| response.headers().get(header::LOCATION).and_then(|l| l.to_str().ok()))
            .flatten()
            .map(str::to_owned);
        if let Ok(mut s) = self.state.lock() {
            match to {
                Some(to) => {
                    s.slots.insert(key.to_owned(), Slot::Done(to));
                    s.finished.push_back(key.to_owned());
                    while s.finished.len() > REMEMBERED {
                        if let Some(old) = s.finished.pop_front() {
                            s.slots.remove(&old);
                        }
                    }
                }
                None => {
                    s.slots.remove(key);
                }
            }
        }
        drop(guard);
        response
    }

    fn turn(&self, key: &str) -> Turn {
        let Ok(mut s) = self.state.lock() else { return Turn::Run };
        match s.slots.get(key) {
            Some(Slot::Done(to)) => Turn::Go(to.clone()),
            Some(Slot::Running) => Turn::Wait,
            None => {
                s.slots.insert(key.to_owned(), Slot::Running);
                Turn::Run
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn saved(count: &AtomicUsize) -> Response {
        count.fetch_add(1, Ordering::SeqCst);
        Redirect::to("/applications/a7").into_response()
    }

    #[tokio::test]
    async fn a_second_post_goes_where_the_first_went() {
        let once = Once::default();
        let count = AtomicUsize::new(0);
        let first = once.run("k", async { saved(&count) }).await;
        let second = once.run("k", async { saved(&count) }).await;
        assert_eq!(count.load(Ordering::SeqCst), 1, "saved once");
        for r in [first, second] {
            assert_eq!(r.headers()[header::LOCATION], "/applications/a7");
        }
        once.run("other", async { saved(&count) }).await;
        assert_eq!(count.load(Ordering::SeqCst), 2, "another form is its own");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn posts_at_the_same_time_save_once() {
        let once = Arc::new(Once::default());
        let count = Arc::new(AtomicUsize::new(0));
        let posts: Vec<_> = (0..4)
            .map(|_| {
                let (once, count) = (once.clone(), count.clone());
                tokio::spawn(async move {
                    once.run("k", async {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        saved(&count)
                    })
                    .await
                    .status()
                })
            })
            .collect();
        for p in posts {
            assert!(p.await.unwrap().is_redirection());
        }
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_refused_form_can_be_sent_again() {
        let once = Once::default();
        let refused = once.run("k", async { StatusCode::UNPROCESSABLE_ENTITY.into_response() }).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let count = AtomicUsize::new(0);
        once.run("k", async { saved(&count) }).await;
        assert_eq!(count.load(Ordering::SeqCst), 1, "the corrected form is saved");
    }

    #[tokio::test]
    async fn only_the_latest_forms_are_remembered() {
        let once = Once::default();
        let count = AtomicUsize::new(0);
        for n in 0..=REMEMBERED {
            once.run(&n.to_string(), async { saved(&count) }).await;
        }
        let s = once.state.lock().unwrap();
        assert_eq!(s.slots.len(), REMEMBERED);
        assert!(!s.slots.contains_key("0"));
    }
}
