//! The endpoint, called in-process (no socket): each route's answers.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/samples")
}

fn engine() -> gradphoto::Engine {
    gradphoto::Engine::new(gradphoto::Profile::builtin("chsi").unwrap()).unwrap()
}

/// Send one request; the status, the content type and the body.
async fn send(app: &axum::Router, method: &str, uri: &str, body: Vec<u8>) -> (StatusCode, String, Vec<u8>) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::from(body))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, kind, bytes)
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

#[tokio::test]
async fn a_photo_gets_the_record_check_writes() {
    let app = gradphoto_http::router(engine(), 2);
    let direct = engine();
    for name in [
        "110105200103141201.jpg",
        "110105800314122.jpg",
        "500103200306151282.jpg",
    ] {
        let bytes = std::fs::read(samples().join(name)).unwrap();
        let (status, kind, body) = send(&app, "POST", &format!("/v1/check?name={name}"), bytes.clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(kind, "application/json");
        let record = json(&body);
        assert_eq!(record["path"], name);
        // What the library says of the same bytes under the same name.
        let expected = serde_json::to_value(direct.check(name, &bytes)).unwrap();
        for key in ["status", "findings", "checked", "id"] {
            assert_eq!(record[key], expected[key], "{name}: {key}");
        }
    }
    // The compliant sample passes; the 15-digit ID fails.
    for (name, status) in [("110105200103141201.jpg", "pass"), ("110105800314122.jpg", "fail")] {
        let bytes = std::fs::read(samples().join(name)).unwrap();
        let (_, _, body) = send(&app, "POST", &format!("/v1/check?name={name}"), bytes).await;
        assert_eq!(json(&body)["status"], status, "{name}");
    }
}

#[tokio::test]
async fn bad_requests_and_bad_files_are_told_apart() {
    let app = gradphoto_http::router(engine(), 1);
    // A file that is not an image: a verdict (status error), not an HTTP error.
    let (status, _, body) = send(
        &app,
        "POST",
        "/v1/check?name=110105200103141201.jpg",
        b"not a jpeg".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let record = json(&body);
    assert_eq!(record["status"], "error");
    assert!(
        record["error"]["en"].as_str().unwrap().contains("not an image"),
        "{record}"
    );
    // No name: the request is wrong.
    let (status, _, body) = send(&app, "POST", "/v1/check", b"x".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(json(&body)["error"].as_str().unwrap().contains("name"));
    // Over the profile's file limit: refused before analysis.
    let mut profile = gradphoto::Profile::builtin("chsi").unwrap();
    profile.limits.max_file_bytes = 1000;
    let small = gradphoto_http::router(gradphoto::Engine::new(profile).unwrap(), 1);
    let (status, _, _) = send(&small, "POST", "/v1/check?name=a.jpg", vec![0u8; 5000]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Unknown route, wrong method.
    assert_eq!(send(&app, "GET", "/v1/nothing", vec![]).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        send(&app, "GET", "/v1/check", vec![]).await.0,
        StatusCode::METHOD_NOT_ALLOWED
    );
    let (status, _, body) = send(&app, "GET", "/healthz", vec![]).await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, b"ok".as_slice()));
}

#[tokio::test]
async fn normalize_returns_a_compliant_copy_or_says_why_not() {
    let app = gradphoto_http::router(engine(), 2);
    // Too many bytes only: a copy that passes.
    let name = "500103200306151282.jpg";
    let bytes = std::fs::read(samples().join(name)).unwrap();
    let request = Request::builder()
        .method("POST")
        .uri(format!("/v1/normalize?name={name}"))
        .body(Body::from(bytes))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.headers()["x-gradphoto-fixed"], "file.size");
    let copy = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(engine().check(name, &copy).status, gradphoto::Status::Pass);
    // Compliant already: nothing to do, and the reason says so.
    let name = "110105200103141201.jpg";
    let bytes = std::fs::read(samples().join(name)).unwrap();
    let (status, _, body) = send(&app, "POST", &format!("/v1/normalize?name={name}"), bytes).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = json(&body);
    assert_eq!(refused["reason"], "compliant", "{refused}");
    assert!(refused["message"].as_str().unwrap().contains("compliant"));
}

#[tokio::test]
async fn the_profile_lists_its_rules() {
    let app = gradphoto_http::router(engine(), 1);
    let (status, _, body) = send(&app, "GET", "/v1/profile", vec![]).await;
    assert_eq!(status, StatusCode::OK);
    let profile = json(&body);
    assert_eq!(profile["name"], "chsi");
    let declared = profile["declared"].as_array().unwrap();
    assert!(declared.iter().any(|r| r == "id.filename"));
    assert!(declared.len() > 20, "{}", declared.len());
    assert!(profile["not_implemented"].is_array());
}
