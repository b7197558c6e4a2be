use std::collections::BTreeMap;
use std::path::Path;

use super::*;

/// Every message of `locales/<tag>/`: file → id → variables.
fn files_of(tag: &str) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(tag);
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let msgs = match messages(&source) {
            Ok(m) => m,
            Err(e) => panic!("locales/{tag}/{name} does not parse: {e}"),
        };
        out.insert(
            name,
            msgs.into_iter()
                .map(|(id, v)| (id.to_owned(), v.into_iter().map(str::to_owned).collect()))
                .collect(),
        );
    }
    out
}

/// The date messages may use any part of the date (see locales/en/common.ftl).
const DATE_PARTS: &[&str] = &[
    "year", "month", "day", "hour", "minute", "second", "iso", "rfc2822",
];

#[test]
fn every_language_has_every_english_message_with_the_same_variables() {
    let english = files_of("en");
    assert!(english.len() >= 6, "{:?}", english.keys());
    let mut problems = Vec::new();
    for lang in Lang::all().skip(1) {
        let tag = lang.tag();
        let theirs = files_of(tag);
        for (file, ids) in &english {
            let Some(their_ids) = theirs.get(file) else {
                problems.push(format!("locales/{tag}/{file} is missing"));
                continue;
            };
            for (id, vars) in ids {
                match their_ids.get(id) {
                    None => problems.push(format!("locales/{tag}/{file}: no message {id}")),
                    Some(v) if id.starts_with("datetime-") => {
                        if let Some(bad) = v.iter().find(|x| !DATE_PARTS.contains(&x.as_str())) {
                            problems.push(format!(
                                "locales/{tag}/{file}: {id} uses ${bad}, not a part of a date"
                            ));
                        }
                    }
                    Some(v) if v != vars => problems.push(format!(
                        "locales/{tag}/{file}: {id} uses variables {v:?}, English {vars:?}"
                    )),
                    Some(_) => {}
                }
            }
            for id in their_ids.keys().filter(|id| !ids.contains_key(*id)) {
                problems.push(format!(
                    "locales/{tag}/{file}: {id} is not an English message"
                ));
            }
        }
        for file in theirs.keys().filter(|f| !english.contains_key(*f)) {
            problems.push(format!("locales/{tag}/{file} has no English counterpart"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn english_message_files_are_all_compiled_in() {
    let english = files_of("en");
    let listed: Vec<&str> = EN_SOURCES.iter().map(|(f, _)| *f).collect();
    for file in english.keys() {
        assert!(
            listed.contains(&file.as_str()),
            "{file} is not in EN_SOURCES"
        );
    }
}

#[test]
fn only_a_message_marked_html_holds_markup() {
    for (file, ids) in files_of("en") {
        let source = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales/en")
                .join(&file),
        )
        .unwrap_or_default();
        for id in ids.keys() {
            let line = source
                .lines()
                .find(|l| l.starts_with(&format!("{id} =")))
                .unwrap_or("");
            let markup =
                line.contains("<a ") || line.contains("<strong>") || line.contains("<time");
            // (A -html message may get its markup from a variable: forbidden-roles-html.)
            assert!(!markup || id.ends_with("-html"), "{file}: {line}");
        }
    }
}

#[test]
fn english_texts_come_out_unchanged() {
    let en = Tr::new(Lang::EN);
    assert_eq!(en.t("form-login-username"), "Username");
    assert_eq!(en.a1("home-welcome", "name", "Ann"), "Welcome, Ann");
    assert_eq!(en.minute(1_796_662_800), "2026-12-07 17:00 UTC");
    assert_eq!(en.iso(1_796_662_800), "2026-12-07T17:00:00Z");
    assert_eq!(
        en.mail_date(1_796_662_800),
        "Mon, 07 Dec 2026 17:00:00 +0000"
    );
    assert_eq!(en.msg("Passwords do not match"), "Passwords do not match");
}

#[test]
fn values_put_into_markup_are_escaped() {
    let en = Tr::new(Lang::EN);
    assert_eq!(
        en.h1("reset-password-for-html", "username", "<b>&"),
        "Choose a new password for <strong>&#60;b&#62;&#38;</strong>."
    );
}

#[test]
fn an_unknown_id_shows_itself_rather_than_nothing() {
    assert_eq!(Tr::new(Lang::EN).t("no-such-message"), "no-such-message");
}

#[test]
fn a_rule_message_in_english_is_shown_in_the_visitors_language() {
    let Some(de) = Lang::parse("de") else {
        unreachable!()
    };
    let tr = Tr::new(de);
    assert_eq!(
        tr.msg("Passwords do not match"),
        tr.t("err-passwords-differ")
    );
    assert_ne!(tr.msg("Passwords do not match"), "Passwords do not match");
    // With a number: the variable is read back from the English text.
    let short = tr.msg("Password must be at least 12 characters long");
    assert!(
        short.contains("12") && !short.contains("characters long"),
        "{short}"
    );
    // A deployment's own message matches nothing and stays as written.
    assert_eq!(
        tr.msg("Only staff names, please"),
        "Only staff names, please"
    );
}

#[test]
fn english_patterns_match_only_their_own_shape() {
    let pieces = vec![
        Piece::Text("Code is incorrect. "),
        Piece::Var("left"),
        Piece::Text(" tries left."),
    ];
    assert_eq!(
        match_pieces(&pieces, "Code is incorrect. 3 tries left."),
        Some(vec![("left", "3")])
    );
    assert_eq!(
        match_pieces(&pieces, "Code is incorrect.  tries left."),
        None
    );
    assert_eq!(
        match_pieces(&pieces, "Code is incorrect. 3 tries left. More"),
        None
    );
    assert_eq!(match_pieces(&pieces, "Code is wrong. 3 tries left."), None);
}

fn lang(tag: &str) -> Lang {
    Lang::parse(tag).unwrap_or_else(|| unreachable!("{tag}"))
}

#[test]
fn accept_language_picks_the_most_wanted_offered_language() {
    let all = Offered::default();
    assert_eq!(all.negotiate("de-DE,de;q=0.9,en;q=0.8"), Some(lang("de")));
    assert_eq!(all.negotiate("en;q=0.5, fr;q=0.9"), Some(lang("fr")));
    assert_eq!(all.negotiate("xx, ja;q=0.1"), Some(lang("ja")));
    // Ties go to the first named.
    assert_eq!(all.negotiate("nl, pl"), Some(lang("nl")));
    // q=0 refuses; a malformed weight counts as a refusal too.
    assert_eq!(all.negotiate("de;q=0, fr;q=0.001"), Some(lang("fr")));
    assert_eq!(all.negotiate("de;q=2, it;q=0.5"), Some(lang("it")));
    assert_eq!(all.negotiate("de;q=abc"), None);
    assert_eq!(all.negotiate("*"), None);
    assert_eq!(all.negotiate(""), None);
    assert_eq!(all.negotiate(",,;;=,"), None);
}

#[test]
fn regional_and_script_tags_reach_the_language_that_serves_them() {
    assert_eq!(match_tag_of("pt"), Some("pt-BR"));
    assert_eq!(match_tag_of("pt-PT"), Some("pt-BR"));
    assert_eq!(match_tag_of("PT-br"), Some("pt-BR"));
    assert_eq!(match_tag_of("zh-Hans-CN"), Some("zh-CN"));
    assert_eq!(match_tag_of("zh"), Some("zh-CN"));
    assert_eq!(match_tag_of("zh_CN"), Some("zh-CN"));
    assert_eq!(match_tag_of("zh-TW"), None);
    assert_eq!(match_tag_of("zh-Hant-HK"), None);
    assert_eq!(match_tag_of("en-US"), Some("en"));
    assert_eq!(match_tag_of("ar-EG"), Some("ar"));
    assert_eq!(match_tag_of("english"), None);
    assert_eq!(match_tag_of("e"), None);
    assert_eq!(match_tag_of("d\u{e9}"), None);
}

fn match_tag_of(tag: &str) -> Option<&'static str> {
    negotiate::match_tag(tag).map(Lang::tag)
}

#[test]
fn only_offered_languages_are_chosen_and_the_cookie_wins() {
    let two = Offered::new(lang("fr"), [lang("en")]);
    assert_eq!(two.resolve(None, Some("de, en;q=0.5")), lang("en"));
    assert_eq!(two.resolve(None, Some("de")), lang("fr"));
    assert_eq!(two.resolve(Some("en"), Some("fr")), lang("en"));
    // A cookie naming a language not offered (or nonsense) counts as absent.
    assert_eq!(two.resolve(Some("de"), Some("en")), lang("en"));
    assert_eq!(two.resolve(Some("../x"), None), lang("fr"));
    assert!(two.contains(lang("fr")) && !two.contains(lang("ja")));
    assert!(two.several());
    assert!(!Offered::new(lang("en"), []).several());
}

#[test]
fn language_tags_parse_in_any_case_and_only_whole() {
    assert_eq!(Lang::parse("PT-br").map(Lang::tag), Some("pt-BR"));
    assert_eq!(Lang::parse("zh_cn").map(Lang::tag), Some("zh-CN"));
    assert_eq!(Lang::parse("pt"), None);
    assert_eq!(Lang::parse("xx"), None);
    assert_eq!(lang("ar").dir(), "rtl");
    assert_eq!(lang("ja").dir(), "ltr");
}

#[test]
fn every_languages_sources_are_read_in_the_order_of_the_languages() {
    let tags: Vec<&str> = ALL_SOURCES.iter().map(|(t, _)| *t).collect();
    let languages: Vec<&str> = LANGUAGES.iter().map(|l| l.tag).collect();
    assert_eq!(tags, languages);
}

#[test]
fn a_message_joined_from_its_pieces_reads_exactly_as_fluent_writes_it() {
    let mut checked = 0;
    for lang in Lang::all() {
        let tr = Tr::new(lang);
        let table = &CATALOG.simple[lang.index()];
        for (id, i) in &CATALOG.index {
            let Some(pieces) = &table[*i] else {
                continue;
            };
            let names: Vec<&str> = pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Var(v) => Some(*v),
                    Piece::Text(_) => None,
                })
                .collect();
            // Values with what a page puts in them: markup, quotes, another script.
            let values: Vec<String> = names.iter().map(|n| format!("<{n}> \"x\" 名")).collect();
            let args: Vec<(&str, Arg<'_>)> = names
                .iter()
                .zip(&values)
                .map(|(n, v)| (*n, Arg::from(v)))
                .collect();
            let fast = tr.fmt_simple(id, &args);
            assert_eq!(
                fast.as_deref(),
                Some(tr.fmt_fluent(id, &args).as_str()),
                "{} {id}",
                lang.tag()
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} messages had the simple form");
    // A number, a missing variable and a selecting message go to Fluent.
    let en = Tr::new(Lang::EN);
    assert_eq!(
        en.fmt_simple("admin-audit-count", &[("count", Arg::Num(2))]),
        None
    );
    assert_eq!(en.fmt_simple("home-welcome", &[]), None);
}

#[test]
fn a_message_for_a_page_is_the_text_escaped_and_markup_stays_markup() {
    for lang in Lang::all() {
        let tr = Tr::new(lang);
        for id in CATALOG.index.keys() {
            if CATALOG.plain(lang, id).is_none() {
                continue;
            }
            let expected = if id.ends_with("-html") {
                tr.t(id).to_owned()
            } else {
                escape_html(tr.t(id))
            };
            assert_eq!(tr.h(id).as_str(), expected, "{} {id}", lang.tag());
        }
    }
    let en = Tr::new(Lang::EN);
    // An unknown id is shown as itself, when HTML cannot misread it.
    assert_eq!(en.h("no-such-id").as_str(), "no-such-id");
    assert_eq!(en.h("no-such-<id>").as_str(), "");
    assert_eq!(en.t("no-such-<id>"), "no-such-<id>");
}

#[test]
fn a_message_written_by_a_template_is_not_escaped_twice() {
    #[derive(askama::Template)]
    #[template(
        source = "<p title=\"{{ tr.h(id) }}\">{{ tr.h(id) }}</p>",
        ext = "html"
    )]
    struct Page<'a> {
        tr: Tr,
        id: &'a str,
    }
    // A message with an apostrophe, so its HTML differs from its text.
    let (lang, id) = Lang::all()
        .flat_map(|l| CATALOG.index.keys().map(move |id| (l, *id)))
        .find(|(l, id)| !id.ends_with("-html") && Tr::new(*l).t(id).contains(['\'', '&', '"']))
        .expect("some message holds a character HTML escapes");
    let tr = Tr::new(lang);
    let html = askama::Template::render(&Page { tr, id }).expect("render");
    let once = escape_html(tr.t(id));
    assert_eq!(html, format!("<p title=\"{once}\">{once}</p>"));
}

#[test]
fn pages_take_messages_by_their_numbered_methods() {
    // `tr.t` in a page template would be escaped again at every render, and
    // `tr.h("literal")` hashes an id the compiler already knows: a message without
    // variables is written with its method (`tr.home_title()`), escaped once and found
    // by a number.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("templates/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("template");
        for (i, _) in text.match_indices("tr.") {
            let call = &text[i + 3..];
            let literal = call
                .strip_prefix("h(\"")
                .or_else(|| call.strip_prefix("t(\""))
                .and_then(|rest| rest.split('"').next());
            if call.starts_with("t(") {
                offenders.push(format!("{}: tr.t", path.display()));
            } else if let Some(id) = literal
                && CATALOG.plain(Lang::EN, id).is_some()
            {
                offenders.push(format!("{}: tr.h({id:?})", path.display()));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// The language menu as a template would write it, button by button.
fn menu_written_plainly(offered: Offered, current: Lang) -> String {
    let mut out = String::new();
    for l in offered.iter() {
        let aria = if l == current {
            " aria-current=\"true\""
        } else {
            ""
        };
        out.push_str(&format!(
            "<li><button type=\"submit\" name=\"lang\" value=\"{tag}\"{aria} lang=\"{tag}\" dir=\"{dir}\">{name}</button></li>\n",
            tag = l.tag(),
            dir = l.dir(),
            name = escape_html(l.name()),
        ));
    }
    out
}

#[test]
fn the_prebuilt_language_menu_reads_as_if_written_button_by_button() {
    let every: Vec<Lang> = Lang::all().collect();
    let sets = [
        Offered::default(),
        Offered::new(Lang::EN, []),
        Offered::new(Lang::parse("ar").expect("ar"), [Lang::EN]),
        Offered::new(Lang::parse("de").expect("de"), every[3..7].iter().copied()),
    ];
    for offered in sets {
        for current in offered.iter() {
            assert_eq!(
                offered.menu(current).as_str(),
                menu_written_plainly(offered, current),
                "{} in {offered:?}",
                current.tag()
            );
        }
    }
}

#[test]
fn build_rs_numbers_the_same_english_messages_as_fluent_reads() {
    let mut parsed = Vec::new();
    for (file, source) in EN_SOURCES {
        let messages = messages(source).unwrap_or_else(|e| panic!("{file}: {e}"));
        parsed.extend(messages.into_iter().map(|(id, _)| id));
    }
    assert_eq!(parsed, MESSAGE_IDS.to_vec());
}

#[test]
fn a_message_method_gives_what_its_id_gives() {
    for lang in Lang::all() {
        let tr = Tr::new(lang);
        assert_eq!(tr.home_title(), tr.h("home-title"));
        assert_eq!(
            tr.login_forgot_password_html(),
            tr.h("login-forgot-password-html")
        );
        assert_eq!(tr.language_name().as_str(), escape_html(lang.name()));
    }
}

/// What build.rs wrote into each language's pages (`src/web/localized.rs`).
mod built {
    include!(concat!(env!("OUT_DIR"), "/inlined_texts.rs"));
}

#[test]
fn pages_are_compiled_for_the_languages_in_their_order() {
    // A page picks its copy by the number of its language: build.rs's list must be
    // `LANGUAGES`, in the same order.
    let built: Vec<&str> = built::INLINED.iter().map(|(tag, _)| *tag).collect();
    let languages: Vec<&str> = LANGUAGES.iter().map(|l| l.tag).collect();
    assert_eq!(built, languages);
}

#[test]
fn every_text_written_into_a_page_at_build_time_is_the_one_the_catalog_gives() {
    let mut compared = 0;
    for (tag, texts) in built::INLINED {
        let tr = Tr::new(Lang::parse(tag).expect("a language of LANGUAGES"));
        for (i, text) in *texts {
            assert_eq!(
                tr.at(*i).as_str(),
                *text,
                "{tag}: {} was written into its pages as another text",
                MESSAGE_IDS[*i]
            );
            compared += 1;
        }
        // The home page's messages, at least, are written in.
        let home = MESSAGE_IDS
            .iter()
            .position(|id| *id == "home-title")
            .expect("home-title");
        assert!(texts.iter().any(|(i, _)| *i == home), "{tag}");
    }
    assert!(compared > 11 * 150, "only {compared} texts compared");
}

/// Whether `id` in language `tag` is plain words (no placeable): what build.rs may
/// write into a page. One the language lacks is English's.
fn is_plain(tag: &str, id: &str) -> bool {
    let sources = |tag: &str| {
        ALL_SOURCES
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, files)| files.to_vec())
            .unwrap_or_default()
    };
    let find = |tag: &str| {
        sources(tag).into_iter().find_map(|source| {
            let resource = fluent_syntax::parser::parse(source).ok()?;
            resource.body.into_iter().find_map(|entry| match entry {
                ast::Entry::Message(m) if m.id.name == id => Some(m.value.is_some_and(|p| {
                    p.elements
                        .iter()
                        .all(|e| matches!(e, ast::PatternElement::TextElement { .. }))
                })),
                _ => None,
            })
        })
    };
    find(tag).or_else(|| find("en")).unwrap_or(false)
}

#[test]
fn every_plain_message_of_a_page_is_written_into_each_languages_copy() {
    // A call left in a copy still shows the right text, at the cost the copies exist to
    // save: only a message Fluent has to format may stay one.
    let dir = Path::new(env!("OUT_DIR")).join("pages");
    let mut pages = 0;
    for l in LANGUAGES {
        for entry in std::fs::read_dir(dir.join(l.tag)).expect("a copy per language") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("page");
            pages += 1;
            assert!(!text.contains("ctx.tr.tag()") && !text.contains("ctx.tr.dir()"));
            for (at, _) in text.match_indices("{{ ctx.tr.") {
                let call = &text[at + "{{ ctx.tr.".len()..];
                let Some(name) = call.split_once("() }}").map(|(n, _)| n) else {
                    continue;
                };
                if name.contains(['(', ' ', '"']) {
                    continue; // a message with variables: `a1("...", ...)`
                }
                let id = name.replace('_', "-");
                assert!(
                    !is_plain(l.tag, &id),
                    "{}: {id} is plain words but is still a call",
                    path.display()
                );
            }
        }
    }
    assert!(pages >= 11 * 25, "{pages} pages");
}
