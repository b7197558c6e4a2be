//! Request bodies of every form page, decoded exactly as the handlers decode them (axum's
//! `Form` extractor): any bytes give a form or a 4xx rejection, never a panic.
#![no_main]
use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{Form, FromRequest};
use axum::http::{Request, header};
use axum::response::IntoResponse;
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime")
    })
}

async fn decode<T: DeserializeOwned + Send>(body: &[u8]) {
    let req = Request::post("/")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_vec()))
        .expect("a request");
    if let Err(rejection) = Form::<T>::from_request(req, &()).await {
        let status = rejection.into_response().status();
        assert!(status.is_client_error(), "{status}");
    }
}

fuzz_target!(|data: &[u8]| {
    use authgate::__private::routes::*;
    runtime().block_on(async {
        decode::<login::LoginForm>(data).await;
        decode::<register::RegisterForm>(data).await;
        decode::<register::CodeForm>(data).await;
        decode::<forgot_password::ForgotForm>(data).await;
        decode::<forgot_password::ResetForm>(data).await;
        decode::<forgot_username::ForgotUsernameForm>(data).await;
        decode::<change_password::ChangeForm>(data).await;
        decode::<account::AccountForm>(data).await;
        decode::<account::CodeForm>(data).await;
    });
});
