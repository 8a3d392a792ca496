//! The questionnaire online: a member gives their top five strengths and top five needs, ranked,
//! on one page — the same answers the paper questionnaire and the import's file take. Without
//! script, the aspects of an area show once the area is chosen: "Show their aspects" sends the
//! form back to be shown again, and saving answers with an area chosen but no aspect does too.
//! Before anything is saved, a preview lists each offer and need the answers would make or
//! change (aspects, ways of helping, rank, each from and to), to save or to change.

use super::Pages;
use super::forms::{Fields, Posted};
use super::groups::group_of;
use super::render::{Chrome, Problems, html};
use super::visit::{Failure, Shown, Visit};
use askama::Template;
use collaborate_core::offers::Topic;
use collaborate_core::ports::Environment;
use collaborate_core::questionnaire::{Answer, AnswerChange, OwnAnswers, Questionnaire};
use collaborate_core::taxonomy::Area;
use collaborate_core::values::{AreaId, Aspect, Aspects, GroupId, Mode, Modes, Rank};
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use std::sync::Arc;

/// The form as posted: its fields by name, in order (a checkbox group repeats its name).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct AnswersForm(Vec<(String, String)>);

impl AnswersForm {
    fn value(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn values(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The form holding `answers`, as the page first shows it.
    fn of(answers: &OwnAnswers) -> Self {
        let mut fields = Vec::new();
        for (answers, columns) in [
            (&answers.strengths, Questionnaire::STRENGTHS),
            (&answers.needs, Questionnaire::NEEDS),
        ] {
            for answer in answers {
                let Some(column) = column_of(columns, answer.rank) else {
                    continue;
                };
                fields.push((column.to_owned(), answer.area_id.to_string()));
                for aspect in answer.aspects.iter() {
                    fields.push((aspects_of(column), aspect.to_string()));
                }
            }
        }
        for mode in answers.modes.iter() {
            fields.push(("modes".to_owned(), mode.as_str().to_owned()));
        }
        Self(fields)
    }

    /// The answers the form gives, every field read before any refusal is answered.
    fn answers(&self) -> Result<OwnAnswers, Failure> {
        let mut fields = Fields::default();
        let strengths = self.ranked(&mut fields, Questionnaire::STRENGTHS);
        let needs = self.ranked(&mut fields, Questionnaire::NEEDS);
        let modes = fields.read(Modes::parse(&self.values("modes")));
        fields.build(|| {
            Some(OwnAnswers {
                strengths,
                needs,
                modes: modes?,
            })
        })
    }

    /// The answers of one kind: a rank whose area is left empty gives none.
    fn ranked(&self, fields: &mut Fields, columns: [&'static str; 5]) -> Vec<Answer> {
        let mut answers = Vec::new();
        for (rank, column) in (1..).zip(columns) {
            let area = self.value(column);
            if area.is_empty() {
                continue;
            }
            let area_id = fields.read(AreaId::parse(area).map_err(|e| e.in_field(column)));
            let aspects = fields.read(
                Aspects::parse(&self.values(&aspects_of(column))).map_err(|e| e.in_field(column)),
            );
            if let (Some(area_id), Some(aspects), Ok(rank)) = (area_id, aspects, Rank::new(rank)) {
                answers.push(Answer {
                    rank,
                    area_id,
                    aspects,
                });
            }
        }
        answers
    }

    fn form_token(&self) -> &str {
        self.value("form_token")
    }

    /// Whether the form asks only to show the aspects of the areas chosen.
    fn shows_aspects(&self) -> bool {
        self.value("step") == "aspects"
    }

    /// Whether the form asks to be shown again to change the answers.
    fn edits(&self) -> bool {
        self.value("step") == "edit"
    }

    /// Whether the form saves what its preview showed.
    fn saves(&self) -> bool {
        self.value("step") == "save"
    }

    /// The answers' fields, to carry through the preview: all but the token and the step.
    fn answer_fields(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter(|(name, _)| name != "form_token" && name != "step")
            .cloned()
            .collect()
    }
}

/// One change a preview lists, in words.
pub struct Change {
    /// "strength" or "need".
    kind: &'static str,
    area: String,
    /// Made, or changed.
    made: bool,
    /// What it would be, or what would change: each part's label, from (empty for one made)
    /// and to.
    parts: Vec<(&'static str, String, String)>,
}

#[derive(Template)]
#[template(path = "questionnaire/preview.html")]
struct PreviewPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    changes: Vec<Change>,
    fields: Vec<(String, String)>,
}

/// The field of the aspects picked for the answer in `column`.
fn aspects_of(column: &str) -> String {
    format!("{column}_aspects")
}

fn column_of(columns: [&'static str; 5], rank: Rank) -> Option<&'static str> {
    usize::try_from(rank.get())
        .ok()
        .and_then(|r| columns.get(r.wrapping_sub(1)))
        .copied()
}

/// One rank of the page: its field, the area chosen, and that area's aspects with which are
/// picked.
pub struct Slot {
    /// The field's name, and the id of its list of areas.
    pub column: &'static str,
    /// Its rank, from 1.
    pub rank: usize,
    /// The id of the area chosen; empty for none.
    pub chosen: String,
    /// The aspects of the area chosen, each with whether it is picked.
    pub aspects: Vec<(Aspect, bool)>,
}

impl Slot {
    fn of(form: &AnswersForm, column: &'static str, rank: usize, areas: &[Area]) -> Self {
        let chosen = form.value(column).to_owned();
        let picked = form.values(&aspects_of(column));
        let aspects = areas
            .iter()
            .find(|a| a.id.to_string() == chosen)
            .map(|area| {
                area.aspects
                    .iter()
                    .map(|a| (a.clone(), picked.contains(&a.as_str())))
                    .collect()
            })
            .unwrap_or_default();
        Self {
            column,
            rank,
            chosen,
            aspects,
        }
    }

    /// The field of its aspects.
    pub fn aspects_field(&self) -> String {
        aspects_of(self.column)
    }
}

#[derive(Template)]
#[template(path = "questionnaire/answer.html")]
struct AnswerPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    areas: Vec<Area>,
    strengths: Vec<Slot>,
    needs: Vec<Slot>,
    modes: Vec<(Mode, bool)>,
    saved: bool,
}

/// My questionnaire, with my answers so far.
#[handler]
pub async fn show<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
) -> Response {
    let visit = pages.visit(request).await;
    let saved = request.uri().query() == Some("saved");
    visit.answer(answer_page(&pages, &visit, &group, None, Problems::default(), saved).await)
}

async fn answer_page<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    form: Option<AnswersForm>,
    problems: Problems,
    saved: bool,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    let mine = pages.app.my_questionnaire(account, group).await?;
    let form = form.unwrap_or_else(|| AnswersForm::of(&mine.opening));
    let slots = |columns: [&'static str; 5]| {
        (1..)
            .zip(columns)
            .map(|(rank, column)| Slot::of(&form, column, rank, &mine.areas))
            .collect()
    };
    let ticked = form.values("modes");
    let status = problems.status();
    let page = AnswerPage {
        page: visit.chrome_with("answers-title", problems),
        group,
        strengths: slots(Questionnaire::STRENGTHS),
        needs: slots(Questionnaire::NEEDS),
        modes: Mode::ALL
            .iter()
            .map(|m| (*m, ticked.contains(&m.as_str())))
            .collect(),
        areas: mine.areas,
        saved,
    };
    Ok(html(status, &page))
}

/// Saves my answers, or shows the form again: with the aspects of the areas chosen when asked,
/// or with what was refused, tied to its rank.
#[handler]
pub async fn save<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Posted(form): Posted<AnswersForm>,
) -> Response {
    let visit = pages.visit(request).await;
    if let Err(forged) = visit.check_form(form.form_token()) {
        return visit.failed(forged);
    }
    if form.shows_aspects() || form.edits() {
        let shown = answer_page(
            &pages,
            &visit,
            &group,
            Some(form),
            Problems::default(),
            false,
        );
        return visit.answer(shown.await);
    }
    match visit.or_problems(answered(&pages, &visit, &group, &form).await) {
        Ok(response) => response,
        Err(problems) => {
            let shown = answer_page(&pages, &visit, &group, Some(form), problems, false).await;
            visit.answer(shown)
        }
    }
}

/// Saves the answers once their preview was seen (or when they change nothing); else shows
/// what saving would change, with the answers carried to save or to change them.
async fn answered<E: Environment>(
    pages: &Pages<E>,
    visit: &Visit<'_>,
    group: &str,
    form: &AnswersForm,
) -> Shown {
    let (account, group) = (visit.account()?, group_of(group)?);
    let answers = form.answers()?;
    if !form.saves() {
        let changes = pages
            .app
            .preview_questionnaire(account, group, &answers)
            .await?;
        if !changes.is_empty() {
            let page = PreviewPage {
                page: visit.chrome("answers-preview-title"),
                group,
                changes: changes.iter().map(|c| change_in_words(visit, c)).collect(),
                fields: form.answer_fields(),
            };
            return Ok(html(poem::http::StatusCode::OK, &page));
        }
    }
    pages
        .app
        .answer_questionnaire(account, group, &answers)
        .await?;
    Ok(Redirect::see_other(format!("/groups/{group}/questionnaire?saved")).into_response())
}

/// A change of the preview in the visitor's words: what it is, and each part that changes.
fn change_in_words(visit: &Visit<'_>, change: &AnswerChange) -> Change {
    let t = &visit.t;
    let aspects = |topic: &Topic| {
        let names: Vec<&str> = topic.aspects.iter().map(|a| a.as_str()).collect();
        if names.is_empty() {
            t.m("answers-none")
        } else {
            names.join(", ")
        }
    };
    let modes = |topic: &Topic| {
        let names: Vec<String> = topic
            .modes
            .iter()
            .map(|m| t.word("mode", m.as_str()))
            .collect();
        if names.is_empty() {
            t.m("answers-none")
        } else {
            names.join(", ")
        }
    };
    let rank = |topic: &Topic| match topic.rank {
        Some(rank) => rank.get().to_string(),
        None => t.m("answers-unranked"),
    };
    let after = &change.after;
    let differs = |read: &dyn Fn(&Topic) -> String| {
        change
            .before
            .as_ref()
            .map(|before| (read(before), read(after)))
            .filter(|(from, to)| from != to)
    };
    let made = change.before.is_none();
    let parts = [
        ("field-aspects", differs(&aspects), true),
        ("answers-modes", differs(&modes), change.strength),
        ("answers-rank", differs(&rank), true),
    ];
    Change {
        kind: if change.strength { "strength" } else { "need" },
        area: change.area.name.to_string(),
        made,
        parts: parts
            .into_iter()
            .zip([aspects(after), modes(after), rank(after)])
            .filter_map(|((label, differs, shown), whole)| match differs {
                Some((from, to)) => Some((label, from, to)),
                None => (made && shown).then(|| (label, String::new(), whole)),
            })
            .collect(),
    }
}
