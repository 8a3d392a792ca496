//! The plan of a Peer Assist meeting (rule 13a): its duration divided among socialising, Tell,
//! Ask, Analyse and Feedback, with the team listening at least as long as it tells.

use crate::values::{AgendaPart, InvalidValue, MeetingMinutes, PartMinutes};
use time::{Duration, OffsetDateTime};

/// Each part's share of a meeting made from its duration, in per cent: time to build rapport,
/// then the team tells (Tell, answering in Ask) for 35 and listens (Analyse, Feedback) for 50.
const SHARES: [(AgendaPart, u32); 5] = [
    (AgendaPart::Socialise, 15),
    (AgendaPart::Tell, 20),
    (AgendaPart::Ask, 15),
    (AgendaPart::Analyse, 30),
    (AgendaPart::Feedback, 20),
];

/// One part of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// Which part.
    pub part: AgendaPart,
    /// How long it takes.
    pub minutes: PartMinutes,
}

/// The plan of a meeting: the five parts in order, filling its duration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Agenda(Vec<AgendaItem>);

impl Agenda {
    /// The plan made from a duration: each part its share, in steps of five minutes, Analyse
    /// taking what rounding leaves.
    pub fn for_meeting(duration: MeetingMinutes) -> Self {
        let total = duration.get();
        let rounded = |share: u32| ((total * share + 250) / 500 * 5).max(PartMinutes::MIN);
        let others: u32 = SHARES
            .iter()
            .filter(|(part, _)| *part != AgendaPart::Analyse)
            .map(|(_, share)| rounded(*share))
            .sum();
        let items = SHARES
            .iter()
            .map(|(part, share)| {
                let minutes = if *part == AgendaPart::Analyse {
                    total.saturating_sub(others)
                } else {
                    rounded(*share)
                };
                AgendaItem {
                    part: *part,
                    minutes: PartMinutes::saturating(minutes),
                }
            })
            .collect();
        Self(items)
    }

    /// The parts, in order.
    pub fn items(&self) -> &[AgendaItem] {
        &self.0
    }

    /// A plan of these parts, as a convenor adjusted it (checked against the meeting by
    /// [`Agenda::fitting`]).
    pub fn of(items: Vec<AgendaItem>) -> Self {
        Self(items)
    }

    /// How long it takes in all.
    pub fn minutes(&self) -> u32 {
        self.0.iter().map(|i| i.minutes.get()).sum()
    }

    fn of_part(&self, part: AgendaPart) -> u32 {
        self.0
            .iter()
            .filter(|i| i.part == part)
            .map(|i| i.minutes.get())
            .sum()
    }

    /// The plan, if it fits a meeting of `duration`: the five parts once each, in order,
    /// adding up to the duration, with Analyse and Feedback together at least as long as Tell
    /// and Ask.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `agenda` saying which of these it breaks.
    pub fn fitting(self, duration: MeetingMinutes) -> Result<Self, InvalidValue> {
        let parts: Vec<AgendaPart> = self.0.iter().map(|i| i.part).collect();
        if parts != AgendaPart::ALL {
            return Err(InvalidValue::new(
                "agenda",
                "must hold socialise, tell, ask, analyse and feedback, once each, in that order",
            ));
        }
        if self.minutes() != duration.get() {
            return Err(InvalidValue::new(
                "agenda",
                format!(
                    "adds up to {} minutes; the meeting lasts {}",
                    self.minutes(),
                    duration.get()
                ),
            ));
        }
        let telling = self.of_part(AgendaPart::Tell) + self.of_part(AgendaPart::Ask);
        let listening = self.of_part(AgendaPart::Analyse) + self.of_part(AgendaPart::Feedback);
        if listening < telling {
            return Err(InvalidValue::new(
                "agenda",
                "give analyse and feedback together at least as long as tell and ask: the team \
                 listens as long as it tells",
            ));
        }
        Ok(self)
    }

    /// Each part with when it starts and ends, for a meeting starting at `starts_at`.
    pub fn timed(
        &self,
        starts_at: OffsetDateTime,
    ) -> Vec<(AgendaItem, OffsetDateTime, OffsetDateTime)> {
        let mut at = starts_at;
        self.0
            .iter()
            .map(|item| {
                let end = at.saturating_add(Duration::minutes(i64::from(item.minutes.get())));
                let timed = (*item, at, end);
                at = end;
                timed
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    fn item(part: AgendaPart, minutes: i64) -> AgendaItem {
        AgendaItem {
            part,
            minutes: PartMinutes::new(minutes).unwrap(),
        }
    }

    #[test]
    fn a_two_hour_meeting_leaves_time_to_socialise_and_listens_longer_than_it_tells() {
        let agenda = Agenda::for_meeting(MeetingMinutes::new(120).unwrap());
        let minutes: Vec<(AgendaPart, u32)> = agenda
            .items()
            .iter()
            .map(|i| (i.part, i.minutes.get()))
            .collect();
        assert_eq!(
            minutes,
            [
                (AgendaPart::Socialise, 20),
                (AgendaPart::Tell, 25),
                (AgendaPart::Ask, 20),
                (AgendaPart::Analyse, 30),
                (AgendaPart::Feedback, 25),
            ]
        );
    }

    proptest! {
        #[test]
        fn the_plan_made_from_any_duration_fits_it(duration in 60u32..=2160) {
            let duration = MeetingMinutes::new(i64::from(duration)).unwrap();
            let agenda = Agenda::for_meeting(duration);
            prop_assert_eq!(agenda.minutes(), duration.get());
            prop_assert!(agenda.clone().fitting(duration).is_ok());
        }
    }

    #[rstest]
    #[case::out_of_order(vec![item(AgendaPart::Tell, 30), item(AgendaPart::Socialise, 10), item(AgendaPart::Ask, 20), item(AgendaPart::Analyse, 30), item(AgendaPart::Feedback, 30)], "order")]
    #[case::a_part_missing(vec![item(AgendaPart::Socialise, 30), item(AgendaPart::Tell, 30), item(AgendaPart::Analyse, 30), item(AgendaPart::Feedback, 30)], "order")]
    #[case::too_short(vec![item(AgendaPart::Socialise, 10), item(AgendaPart::Tell, 20), item(AgendaPart::Ask, 20), item(AgendaPart::Analyse, 30), item(AgendaPart::Feedback, 30)], "adds up")]
    #[case::telling_too_long(vec![item(AgendaPart::Socialise, 10), item(AgendaPart::Tell, 40), item(AgendaPart::Ask, 20), item(AgendaPart::Analyse, 30), item(AgendaPart::Feedback, 20)], "listens")]
    fn an_adjusted_plan_that_breaks_the_method_is_refused(
        #[case] items: Vec<AgendaItem>,
        #[case] words: &str,
    ) {
        let refused = Agenda::of(items)
            .fitting(MeetingMinutes::new(120).unwrap())
            .unwrap_err();
        assert_eq!(refused.field(), "agenda");
        assert!(refused.to_string().contains(words), "{refused}");
    }

    #[test]
    fn each_part_starts_when_the_one_before_ends() {
        let start = OffsetDateTime::UNIX_EPOCH;
        let timed = Agenda::for_meeting(MeetingMinutes::new(60).unwrap()).timed(start);
        assert_eq!(timed.first().unwrap().1, start);
        assert_eq!(timed.last().unwrap().2, start + Duration::minutes(60));
        assert!(timed.windows(2).all(|w| w[0].2 == w[1].1));
    }
}
