//! A person's strengths and needs as the questionnaire asks them: their top five of each, an
//! area and some of its aspects, read from their offers and needs or given afresh.

use super::*;
use crate::values::OfferStatus;

/// A strength or need of the questionnaire: an area of the group, some of its aspects.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Its place in the person's top five.
    pub rank: Rank,
    /// The area.
    pub area_id: AreaId,
    /// The aspects, spelled as the area spells them.
    pub aspects: Aspects,
    /// The cell as written, which describes a new offer or need.
    pub text: Description,
}

impl Choice {
    /// The column of this choice as one of a person's strengths.
    pub(crate) fn strength_column(&self) -> &'static str {
        Column::strength(self.rank).name()
    }

    /// The column of this choice as one of a person's needs.
    pub(crate) fn need_column(&self) -> &'static str {
        Column::need(self.rank).name()
    }
}

/// A member's own answers to the questionnaire, given online rather than on paper: what a row of
/// the file says of their strengths and needs, checked by the same rules and landing the same way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnAnswers {
    /// Their top strengths.
    pub strengths: Vec<Answer>,
    /// Their top needs.
    pub needs: Vec<Answer>,
    /// How they help: the modes of their strengths.
    pub modes: Modes,
}

/// One strength or need given online: its rank, its area, the aspects picked in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Its place in the person's top five.
    pub rank: Rank,
    /// The area.
    pub area_id: AreaId,
    /// The aspects picked (a need may pick none).
    pub aspects: Aspects,
}

impl OwnAnswers {
    /// The answers a member's offers and needs give now: each offer and open need with a rank
    /// (the first of any that share one), and the modes of those offers.
    pub fn of(offers: &[Offer], needs: &[Need]) -> Self {
        let answer = |topic: &Topic| {
            topic.rank.map(|rank| Answer {
                rank,
                area_id: topic.area_id,
                aspects: topic.aspects.clone(),
            })
        };
        let ranked_offers: Vec<&Offer> = offers.iter().filter(|o| o.topic.rank.is_some()).collect();
        let mut strengths: Vec<Answer> = ranked_offers
            .iter()
            .filter_map(|o| answer(&o.topic))
            .collect();
        let mut needs: Vec<Answer> = needs
            .iter()
            .filter(|n| n.status == NeedStatus::Open)
            .filter_map(|n| answer(&n.topic))
            .collect();
        for answers in [&mut strengths, &mut needs] {
            answers.sort_by_key(|a| a.rank);
            answers.dedup_by_key(|a| a.rank);
        }
        let modes = ranked_offers
            .iter()
            .flat_map(|o| o.topic.modes.iter())
            .collect();
        Self {
            strengths,
            needs,
            modes,
        }
    }

    /// What the questionnaire opens with: the answers they give now ([`OwnAnswers::of`]); or,
    /// for a kind never answered yet, the member's active offers (open needs), oldest first, one
    /// an area, five at most — so a member meets what they have, never an empty form beside it
    /// — with the modes of the offers shown. Once answered, what was left out stays out.
    pub fn opening(offers: &[Offer], needs: &[Need]) -> Self {
        let mut opening = Self::of(offers, needs);
        if opening.strengths.is_empty() {
            let mut active: Vec<&Offer> = offers
                .iter()
                .filter(|o| o.status == OfferStatus::Active)
                .collect();
            active.sort_by_key(|o| o.created_at);
            for offer in active {
                if fill(&mut opening.strengths, &offer.topic) {
                    opening.modes = opening
                        .modes
                        .iter()
                        .chain(offer.topic.modes.iter())
                        .collect();
                }
            }
        }
        if opening.needs.is_empty() {
            let mut open: Vec<&Need> = needs
                .iter()
                .filter(|n| n.status == NeedStatus::Open)
                .collect();
            open.sort_by_key(|n| n.created_at);
            for need in open {
                fill(&mut opening.needs, &need.topic);
            }
        }
        opening
    }

    /// The strengths and needs as choices of the group's `areas`, checked as a file's row is:
    /// current areas only, aspects of the area (a strength names at least one), one answer per
    /// rank and per area, and a way of helping when there is a strength.
    ///
    /// # Errors
    /// The first answer refused, named by its column (`strength_2`, `need_1`, `modes`).
    pub(crate) fn choices(
        &self,
        areas: &[Area],
    ) -> Result<(Vec<Choice>, Vec<Choice>), InvalidValue> {
        let strengths = choices_of(&self.strengths, areas, Column::strength)?;
        let needs = choices_of(&self.needs, areas, Column::need)?;
        if !strengths.is_empty() && self.modes.is_empty() {
            return Err(InvalidValue::new(
                Column::Modes.name(),
                "choose at least one way you can help",
            ));
        }
        Ok((strengths, needs))
    }
}

/// Online answers of one kind as choices, in rank order, or the first refused.
pub(super) fn choices_of(
    answers: &[Answer],
    areas: &[Area],
    column_of: fn(Rank) -> Column,
) -> Result<Vec<Choice>, InvalidValue> {
    let mut ranked: Vec<&Answer> = answers.iter().collect();
    ranked.sort_by_key(|a| a.rank);
    let mut taken = Vec::new();
    let mut choices: Vec<Choice> = Vec::with_capacity(ranked.len());
    for answer in ranked {
        let column = column_of(answer.rank);
        let refused = |reason: String| InvalidValue::new(column.name(), reason);
        if choices.last().is_some_and(|c| c.rank == answer.rank) {
            return Err(refused("gives this rank twice".to_owned()));
        }
        let area = areas
            .iter()
            .find(|a| a.id == answer.area_id && !a.archived)
            .ok_or_else(|| refused("is not an area of this group".to_owned()))?;
        let choice = chosen(area, &answer.aspects, answer.rank, column, None)
            .and_then(|choice| check_distinct(&mut taken, &choice, column).map(|()| choice))
            .map_err(refused)?;
        choices.push(choice);
    }
    Ok(choices)
}

/// An answer as a cell of the file spells it: `Area name > aspect; aspect`.
pub(super) fn spelled(area: &Area, aspects: &Aspects) -> String {
    if aspects.is_empty() {
        return area.name.to_string();
    }
    let names: Vec<&str> = aspects.iter().map(|a| a.as_str()).collect();
    format!("{} > {}", area.name, names.join("; "))
}

/// Puts `topic` in the first rank `answers` leave free, unless its area is answered already or
/// no rank is free; says whether it did.
fn fill(answers: &mut Vec<Answer>, topic: &Topic) -> bool {
    if answers.iter().any(|a| a.area_id == topic.area_id) {
        return false;
    }
    let free = (1..=5)
        .filter_map(|r| Rank::new(r).ok())
        .find(|r| !answers.iter().any(|a| a.rank == *r));
    let Some(rank) = free else {
        return false;
    };
    answers.push(Answer {
        rank,
        area_id: topic.area_id,
        aspects: topic.aspects.clone(),
    });
    answers.sort_by_key(|a| a.rank);
    true
}
