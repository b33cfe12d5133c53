//! # gradphoto-http
//!
//! An HTTP endpoint for services written in other languages: a photo's
//! bytes in, its verdict out — the same JSON record `gradphoto check`
//! writes (`docs/record.schema.json`), with `path` the name given.
//!
//! | request | body | answer |
//! |---|---|---|
//! | `POST /v1/check?name=ID.jpg` | the file's bytes | `200`, the record (also for a photo that fails or cannot be decoded: its `status` says so) |
//! | `POST /v1/normalize?name=ID.jpg` | the file's bytes | `200` `image/jpeg`, a compliant copy (`x-gradphoto-fixed`: the rules it fixes); `422` and `{"reason", …}` where none can be made |
//! | `GET /v1/profile` | | the profile's name, titles, declared rules and those this build does not check |
//! | `GET /healthz` | | `200` `ok` |
//!
//! `name` is required: the file name carries the ID (`id.filename`) and
//! the extension the format rule checks. A body over the profile's
//! `limits.max_file_bytes` is refused with `413` before it is read whole;
//! a request without a name with `400`; errors are JSON `{"error": …}`
//! (but the `413`, axum's plain text).
//!
//! The analysis is CPU work: it runs on tokio's blocking threads, at most
//! `workers` photos at a time (more requests wait their turn rather than
//! share the cores), each with a [`Scratch`] taken from a pool and given
//! back, so buffers are reused across requests as in the batch driver.

#![warn(missing_docs)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use gradphoto::{Engine, RuleId, Scratch};
use gradphoto_batch::Record;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

/// What the handlers share.
struct Shared {
    engine: Engine,
    /// Photos analysed at once, at most.
    permits: Semaphore,
    /// Buffers kept between requests.
    scratch: Mutex<Vec<Scratch>>,
}

impl Shared {
    /// Run `work` on a blocking thread once a permit is free.
    async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Engine, &mut Scratch) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down"))?;
        let shared = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut scratch = shared
                .scratch
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop()
                .unwrap_or_default();
            let out = work(&shared.engine, &mut scratch);
            shared
                .scratch
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(scratch);
            out
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "a photo's analysis did not finish");
            ApiError(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error while analysing the photo",
            )
        })
    }
}

/// The router: the routes of the module's table over `engine`, analysing
/// at most `workers` photos at a time (0: one per core).
pub fn router(engine: Engine, workers: usize) -> Router {
    let workers = if workers == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        workers
    };
    let limit = usize::try_from(engine.profile().limits.max_file_bytes).unwrap_or(usize::MAX);
    let shared = Arc::new(Shared {
        engine,
        permits: Semaphore::new(workers),
        scratch: Mutex::new(Vec::new()),
    });
    Router::new()
        .route("/v1/check", post(check))
        .route("/v1/normalize", post(normalize))
        .route("/v1/profile", get(profile))
        .route("/healthz", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(shared)
}

/// Serve `router` on `addr` until interrupted (Ctrl-C): requests in
/// flight are finished first. Builds its own tokio runtime; `ready` is
/// told the address bound (the port the system chose for port 0).
///
/// # Errors
/// The address cannot be bound, or the runtime cannot be started.
pub fn serve_blocking(addr: SocketAddr, router: Router, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let bound = listener.local_addr()?;
        tracing::info!(addr = %bound, "listening");
        ready(bound);
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                tokio::signal::ctrl_c().await.ok();
            })
            .await
    })
}

/// The query every photo request carries.
#[derive(Debug, Deserialize)]
struct Named {
    /// The file's name (its stem is the ID).
    name: Option<String>,
}

impl Named {
    fn name(self) -> Result<String, ApiError> {
        self.name.filter(|n| !n.trim().is_empty()).ok_or(ApiError(
            StatusCode::BAD_REQUEST,
            "the file name is required: ?name=ID.jpg (its stem is the ID, its extension is checked)",
        ))
    }
}

async fn check(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<Named>,
    body: Bytes,
) -> Result<Json<Record>, ApiError> {
    let path = q.name()?;
    let record = shared
        .run(move |engine, scratch| {
            let verdict = engine.check_with(scratch, &path, &body);
            Record { path, verdict }
        })
        .await?;
    // A record as `gradphoto check` writes it.
    Ok(Json(record))
}

async fn normalize(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<Named>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let name = q.name()?;
    Ok(
        match shared.run(move |engine, _| engine.normalize(&name, &body)).await? {
            Ok(copy) => {
                let fixed: Vec<&str> = copy.fixed.iter().map(|r| r.as_str()).collect();
                (
                    [
                        (header::CONTENT_TYPE, "image/jpeg".to_owned()),
                        (header::HeaderName::from_static("x-gradphoto-fixed"), fixed.join(",")),
                        (
                            header::HeaderName::from_static("x-gradphoto-quality"),
                            copy.quality.to_string(),
                        ),
                    ],
                    copy.bytes,
                )
                    .into_response()
            }
            Err(refused) => {
                let mut body = serde_json::to_value(&refused).unwrap_or_default();
                if let Some(object) = body.as_object_mut() {
                    object.insert("message".into(), refused.to_string().into());
                }
                (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
            }
        },
    )
}

/// The profile, as a client needs it to read verdicts.
#[derive(Serialize)]
struct ProfileInfo<'a> {
    name: &'a str,
    title: &'a str,
    title_zh: &'a str,
    declared: Vec<RuleId>,
    not_implemented: Vec<RuleId>,
}

async fn profile(State(shared): State<Arc<Shared>>) -> Response {
    let p = shared.engine.profile();
    Json(ProfileInfo {
        name: &p.name,
        title: &p.title,
        title_zh: &p.title_zh,
        declared: p.rules.declared().collect(),
        not_implemented: shared.engine.not_implemented(),
    })
    .into_response()
}

/// A request the endpoint cannot answer with a record: its status and
/// why, as JSON `{"error": …}`.
#[derive(Debug)]
struct ApiError(StatusCode, &'static str);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}
