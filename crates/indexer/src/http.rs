//! A read-only HTTP JSON API over the store, answering with the same JSON as the CLI's
//! `query ... --json`:
//!
//! | route | answer | status |
//! | --- | --- | --- |
//! | `GET /health` | `{"ok": true, "schema_version": N, "chains": N}` | 200 |
//! | `GET /entries/{digest}` | `query entry` | 200, or 404 when unknown |
//! | `GET /batches/{root}` | `query batch` | 200, or 404 when unknown |
//! | `GET /chains` | `query chains` | 200 |
//! | `GET /chains/{chainId}/anchors?from=SEQ&limit=N` | `query chain` | 200, or 404 |
//!
//! A malformed digest, root or number is a 400 with `{"error": "..."}`. The server opens its
//! own read-only SQLite connections (WAL lets them read beside the writer) and runs each query
//! on the blocking pool.

use std::{
    future::Future,
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use axum::{
    Json, Router,
    extract::{Path as UrlPath, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use serde_json::{Value, json};
use zkp_ledger_store::Store;

use crate::{
    Error, Result, parse_hex,
    query::{self, DEFAULT_ANCHOR_LIMIT, Status},
};

/// Idle read-only connections kept open.
const MAX_IDLE_CONNECTIONS: usize = 8;
/// Most anchors one `/chains/{id}/anchors` request returns.
pub const MAX_ANCHOR_LIMIT: usize = 10_000;

/// Read-only connections to the store, opened on demand and reused.
#[derive(Debug)]
struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
}

impl Pool {
    fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let conn = self.idle.lock().ok().and_then(|mut v| v.pop());
        let store = match conn {
            Some(s) => s,
            None => Store::open_read_only(&self.path)?,
        };
        let out = f(&store);
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < MAX_IDLE_CONNECTIONS
        {
            idle.push(store);
        }
        out
    }
}

type Shared = Arc<Pool>;

/// An answer: a status and a JSON body.
struct Answer(StatusCode, Value);

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

fn error(status: StatusCode, e: &Error) -> Answer {
    Answer(status, json!({ "error": e.to_string() }))
}

async fn run(pool: Shared, f: impl FnOnce(&Store) -> Result<Answer> + Send + 'static) -> Answer {
    match tokio::task::spawn_blocking(move || pool.with(f)).await {
        Ok(Ok(a)) => a,
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, &e),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &Error::Task(e.to_string())),
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

async fn health(State(pool): State<Shared>) -> Answer {
    run(pool, |s| {
        let version = s.schema_version()?;
        let chains = s.index_chains()?.len();
        Ok(Answer(
            StatusCode::OK,
            json!({ "ok": true, "schema_version": version, "chains": chains }),
        ))
    })
    .await
}

async fn entry(State(pool): State<Shared>, UrlPath(digest): UrlPath<String>) -> Answer {
    let digest = match parse_hex::<32>(&digest, "digest") {
        Ok(d) => d,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e),
    };
    run(pool, move |s| {
        let r = query::entry(s, &digest)?;
        let code = if r.status == Status::Unknown { StatusCode::NOT_FOUND } else { StatusCode::OK };
        Ok(Answer(code, to_json(&r)))
    })
    .await
}

async fn batch(State(pool): State<Shared>, UrlPath(root): UrlPath<String>) -> Answer {
    let root = match parse_hex::<32>(&root, "root") {
        Ok(d) => d,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e),
    };
    run(pool, move |s| {
        let r = query::batch(s, &root)?;
        let code = if r.status == Status::Unknown { StatusCode::NOT_FOUND } else { StatusCode::OK };
        Ok(Answer(code, to_json(&r)))
    })
    .await
}

async fn chains(State(pool): State<Shared>) -> Answer {
    run(pool, |s| Ok(Answer(StatusCode::OK, to_json(&query::chains(s)?)))).await
}

/// `?from=SEQ&limit=N`.
#[derive(Debug, Deserialize)]
struct AnchorsQuery {
    from: Option<u64>,
    limit: Option<usize>,
}

async fn anchors(
    State(pool): State<Shared>,
    UrlPath(chain_id): UrlPath<String>,
    q: std::result::Result<Query<AnchorsQuery>, axum::extract::rejection::QueryRejection>,
) -> Answer {
    let Ok(chain_id) = chain_id.parse::<u64>() else {
        let e = Error::BadInput {
            what: "chain id".into(),
            value: chain_id,
            expected: "a decimal chain id",
        };
        return error(StatusCode::BAD_REQUEST, &e);
    };
    let Ok(Query(q)) = q else {
        let e = Error::BadInput {
            what: "query".into(),
            value: String::new(),
            expected: "from=SEQ and limit=N, decimal",
        };
        return error(StatusCode::BAD_REQUEST, &e);
    };
    let from = q.from.unwrap_or(0);
    let limit = q.limit.unwrap_or(DEFAULT_ANCHOR_LIMIT).min(MAX_ANCHOR_LIMIT);
    run(pool, move |s| {
        Ok(match query::chain(s, chain_id, from, limit)? {
            Some(r) => Answer(StatusCode::OK, to_json(&r)),
            None => Answer(
                StatusCode::NOT_FOUND,
                json!({ "error": format!("chain {chain_id} is not indexed") }),
            ),
        })
    })
    .await
}

async fn not_found() -> Answer {
    Answer(StatusCode::NOT_FOUND, json!({ "error": "no such route" }))
}

/// The API's routes over the store at `store_path` (checked to open read-only now).
pub fn router(store_path: &Path) -> Result<Router> {
    let pool = Arc::new(Pool { path: store_path.to_path_buf(), idle: Mutex::new(Vec::new()) });
    pool.with(|_| Ok(()))?;
    Ok(Router::new()
        .route("/health", get(health))
        .route("/entries/{digest}", get(entry))
        .route("/batches/{root}", get(batch))
        .route("/chains", get(chains))
        .route("/chains/{chain_id}/anchors", get(anchors))
        .fallback(not_found)
        .with_state(pool))
}

/// Serves the API on `listener` until `shutdown` resolves (then finishes open requests).
pub async fn serve_http_on(
    listener: tokio::net::TcpListener,
    store_path: &Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let addr = listener.local_addr().map_or_else(|_| "?".into(), |a| a.to_string());
    let app = router(store_path)?;
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|source| Error::Http { addr, source })
}

/// Binds `addr` and serves the API until `shutdown` resolves.
pub async fn serve_http(
    addr: SocketAddr,
    store_path: &Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Http { addr: addr.to_string(), source })?;
    tracing::info!(%addr, store = %store_path.display(), "HTTP API listening");
    serve_http_on(listener, store_path, shutdown).await
}
