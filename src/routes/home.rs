//! `GET /` — requires login; shows who is signed in.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_sessions::Session;

use super::PageCtx;
use crate::web::AppState;
use crate::web::error::AppResult;
use crate::web::identity::CurrentUser;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(get_home))
}

struct HomePage {
    ctx: PageCtx,
    name: String,
    username: String,
    email: Option<String>,
    roles: Vec<String>,
    has_password: bool,
}
crate::web::localized::localized_page!("home.html", HomePage);

pub async fn get_home(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
) -> AppResult<Response> {
    let u = &current.user;
    let page = HomePage {
        ctx: PageCtx::new(&state, &session, Some(&current)).await?,
        name: u.display_name(),
        username: u.username.to_string(),
        email: u.email.as_ref().map(ToString::to_string),
        roles: u.roles.clone(),
        has_password: u.password_hash.is_some(),
    };
    Ok(Html(page.render()?).into_response())
}

#[cfg(test)]
mod tests {
    use std::ops::Deref;

    use super::*;
    use crate::i18n::{Lang, Offered, Tr};
    use crate::web::page::UserView;

    /// The home page as it was before pages were compiled per language: one template
    /// that asks `ctx.tr` for every message while it renders.
    #[derive(Template)]
    #[template(path = "home.html")]
    struct AtRenderTime<'p>(&'p HomePage);

    impl Deref for AtRenderTime<'_> {
        type Target = HomePage;
        fn deref(&self) -> &HomePage {
            self.0
        }
    }

    #[test]
    fn the_home_page_compiled_per_language_reads_as_messages_looked_up_at_render_time() {
        for lang in Lang::all() {
            let mut ctx = PageCtx::unbranded();
            ctx.tr = Tr::new(lang);
            ctx.languages = Offered::new(lang, Lang::all());
            ctx.here = "/?a=<b>&c='d'".into();
            ctx.user = Some(UserView {
                name: "Nina <N>".into(),
                username: "nina".into(),
                is_admin: true,
            });
            ctx.flash = Some("Done & dusted".into());
            let page = HomePage {
                ctx,
                name: "Nina \"N\"".into(),
                username: "nina".into(),
                email: Some("nina@example.com".into()),
                roles: vec!["admin".into(), "<editor>".into()],
                has_password: true,
            };
            let compiled = page.render().expect("render");
            assert_eq!(
                compiled,
                AtRenderTime(&page).render().expect("render"),
                "{}",
                lang.tag()
            );
            assert!(compiled.contains(&format!("lang=\"{}\"", lang.tag())));
        }
    }
}
