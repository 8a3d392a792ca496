//! The questionnaire answered online, over random groups and random answers: it refuses what the
//! import refuses, lands what the import lands, and reads back what was answered.

use crate::app;
use collaborate_core::Error;
use collaborate_core::memory::{MemoryStore, Snapshot};
use collaborate_core::questionnaire::{Answer, ImportMode, Importer, OwnAnswers};
use collaborate_core::testing::{World, email_numbered, group_plan};
use collaborate_core::values::*;
use proptest::prelude::*;
use proptest::sample::Index;

fn block<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

/// One answer, its area and aspects by index into the world's. An answer in an area already
/// answered is dropped unless it is a `repeat`; `stray` names an aspect no area has.
#[derive(Debug, Clone)]
struct AnswerPlan {
    area: Index,
    aspects: Vec<Index>,
    repeat: bool,
    stray: bool,
}

fn answer_plan() -> impl Strategy<Value = AnswerPlan> {
    (
        any::<Index>(),
        prop_oneof![1 => Just(Vec::new()), 7 => proptest::collection::vec(any::<Index>(), 1..3)],
        proptest::bool::weighted(0.05),
        proptest::bool::weighted(0.05),
    )
        .prop_map(|(area, aspects, repeat, stray)| AnswerPlan {
            area,
            aspects,
            repeat,
            stray,
        })
}

/// Ranks 1 to 5 in a random order, of which each answer takes the next.
fn ranks() -> impl Strategy<Value = Vec<Rank>> {
    Just((1..=5).map(|r| Rank::new(r).unwrap()).collect::<Vec<_>>()).prop_shuffle()
}

fn answers_of(world: &World, plans: &[AnswerPlan], ranks: &[Rank]) -> Vec<Answer> {
    let mut answered = std::collections::HashSet::new();
    plans
        .iter()
        .filter(|plan| answered.insert(plan.area.index(world.areas.len())) || plan.repeat)
        .zip(ranks)
        .map(|(plan, rank)| {
            let (area_id, aspects) = &world.areas[plan.area.index(world.areas.len())];
            let mut picked: Vec<Aspect> = plan
                .aspects
                .iter()
                .filter(|_| !aspects.is_empty())
                .map(|i| aspects[i.index(aspects.len())].clone())
                .collect();
            if plan.stray {
                picked.push(Aspect::parse("Underwater basket weaving").unwrap());
            }
            picked.dedup();
            Answer {
                rank: *rank,
                area_id: *area_id,
                aspects: Aspects::new(picked).unwrap(),
            }
        })
        .collect()
}

/// The cell the file gives an answer: `Area n > aspect; aspect`, as the area spells them.
fn cell(world: &World, answer: &Answer) -> String {
    let area = world
        .areas
        .iter()
        .position(|(id, _)| *id == answer.area_id)
        .unwrap();
    let aspects: Vec<&str> = answer.aspects.iter().map(|a| a.as_str()).collect();
    if aspects.is_empty() {
        format!("Area {area}")
    } else {
        format!("\"Area {area} > {}\"", aspects.join("; "))
    }
}

/// The same answers as one row of a file, for the member numbered `who`.
fn file_of(world: &World, who: usize, answers: &OwnAnswers) -> String {
    let mut cells = vec![String::new(); 10];
    for (answer, offset) in answers
        .strengths
        .iter()
        .map(|a| (a, 0))
        .chain(answers.needs.iter().map(|a| (a, 5)))
    {
        cells[offset + answer.rank.get() as usize - 1] = cell(world, answer);
    }
    let modes: Vec<&str> = answers.modes.iter().map(Mode::as_str).collect();
    format!(
        "email,display_name,modes,strength_1,strength_2,strength_3,strength_4,strength_5,\
         need_1,need_2,need_3,need_4,need_5\n{},Someone,{},{}\n",
        email_numbered(who),
        modes.join(";"),
        cells.join(",")
    )
}

/// A member's offers and needs as the questionnaire leaves them, ids and times aside.
fn landed(store: &MemoryStore, member: MemberId) -> (Vec<String>, Vec<String>) {
    let snapshot: Snapshot = block(store.snapshot());
    let mut offers: Vec<String> = snapshot
        .offers()
        .filter(|o| o.member_id == member)
        .map(|o| {
            format!(
                "{:?} {:?} {:?} {:?}",
                o.topic, o.status, o.capacity, o.travel_radius
            )
        })
        .collect();
    let mut needs: Vec<String> = snapshot
        .needs()
        .filter(|n| n.member_id == member)
        .map(|n| format!("{:?} {:?}", n.topic, n.status))
        .collect();
    offers.sort();
    needs.sort();
    (offers, needs)
}

/// Makes the world's member `who` one the group's import pre-loaded and nobody has claimed yet:
/// the only person an admin's file still lands for (a member who took up their place keeps
/// what they made).
async fn not_yet_claimed(store: &MemoryStore, world: &World, who: usize) {
    use collaborate_core::accounts::{Account, Accounts as _};
    use collaborate_core::groups::{Groups as _, Member};
    use collaborate_core::ports::{Access, Store as _, Transaction as _};
    let mut tx = store.begin(Access::Write).await.unwrap();
    let account = tx.account(world.accounts[who]).await.unwrap().unwrap();
    tx.update_account(&Account {
        password_hash: None,
        preloaded_by: Some(world.group_id),
        address_confirmed_at: None,
        ..account
    })
    .await
    .unwrap();
    let member = tx
        .member(world.group_id, world.members[who])
        .await
        .unwrap()
        .unwrap();
    tx.update_member(&Member {
        status: MemberStatus::Invited,
        version: member.version.next(),
        ..member
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Answering online and importing the same answers as a row of a file refuse alike, in the
    /// same column, and otherwise leave the member with the same offers and needs.
    #[test]
    fn answering_online_lands_as_the_import_does(
        plan in group_plan(),
        who in any::<Index>(),
        strengths in proptest::collection::vec(answer_plan(), 0..=5),
        needs in proptest::collection::vec(answer_plan(), 0..=5),
        strength_ranks in ranks(),
        need_ranks in ranks(),
        modes in proptest::sample::subsequence(Mode::ALL.to_vec(), 1..=4),
    ) {
        let (online, online_store, _) = app();
        let (paper, paper_store, _) = app();
        let world = block(World::build(&online, &plan, 0)).unwrap();
        prop_assert_eq!(&block(World::build(&paper, &plan, 0)).unwrap().members, &world.members);
        // The first member imports: anyone else answers.
        if world.members.len() < 2 {
            return Ok(());
        }
        let who = 1 + who.index(world.members.len() - 1);
        let answers = OwnAnswers {
            strengths: answers_of(&world, &strengths, &strength_ranks),
            needs: answers_of(&world, &needs, &need_ranks),
            modes: modes.into_iter().collect(),
        };

        block(not_yet_claimed(&paper_store, &world, who));

        let answered = block(online.answer_questionnaire(world.accounts[who], world.group_id, &answers));
        let imported = block(paper.import_questionnaire(
            Importer::Admin(world.accounts[0]),
            world.group_id,
            file_of(&world, who, &answers).as_bytes(),
            ImportMode::Commit,
            &|_, _| (),
        ));
        match (&answered, &imported) {
            (Ok(_), Ok(_)) => prop_assert_eq!(
                landed(&online_store, world.members[who]),
                landed(&paper_store, world.members[who])
            ),
            (Err(Error::Invalid(refused)), Err(Error::ImportRejected(problems))) => {
                prop_assert_eq!(Some(refused.field()), problems[0].column.as_deref());
            }
            other => prop_assert!(false, "online and on paper differ: {other:?}"),
        }
    }

    /// What is answered reads back as the questionnaire's answers, and answering the same again
    /// changes nothing.
    #[test]
    fn answers_read_back_and_answering_again_changes_nothing(
        plan in group_plan(),
        who in any::<Index>(),
        strengths in proptest::collection::vec(answer_plan(), 0..=5),
        needs in proptest::collection::vec(answer_plan(), 0..=5),
        strength_ranks in ranks(),
        need_ranks in ranks(),
        modes in proptest::sample::subsequence(Mode::ALL.to_vec(), 1..=4),
    ) {
        let (app, store, _) = app();
        let world = block(World::build(&app, &plan, 0)).unwrap();
        let (account, group) = (world.accounts[who.index(world.accounts.len())], world.group_id);
        let answers = OwnAnswers {
            strengths: answers_of(&world, &strengths, &strength_ranks),
            needs: answers_of(&world, &needs, &need_ranks),
            modes: modes.into_iter().collect(),
        };
        let before = block(store.snapshot());
        if block(app.answer_questionnaire(account, group, &answers)).is_err() {
            prop_assert_eq!(block(store.snapshot()), before, "a refusal changes nothing");
            return Ok(());
        }
        let mine = block(app.my_questionnaire(account, group)).unwrap();
        let member = world.members[who.index(world.accounts.len())];
        let active: Vec<_> = block(store.snapshot())
            .offers()
            .filter(|o| o.member_id == member && o.status == OfferStatus::Active)
            .map(|o| o.topic.area_id)
            .collect();
        for (answered, opening) in [
            (&mine.answers.strengths, &mine.opening.strengths),
            (&mine.answers.needs, &mine.opening.needs),
        ] {
            prop_assert!(answered.iter().all(|a| opening.contains(a)), "the answers open as they are");
            prop_assert!(opening.len() <= 5);
            let ranks: std::collections::HashSet<_> = opening.iter().map(|a| a.rank).collect();
            let areas: std::collections::HashSet<_> = opening.iter().map(|a| a.area_id).collect();
            prop_assert_eq!((ranks.len(), areas.len()), (opening.len(), opening.len()));
        }
        prop_assert!(
            !mine.answers.strengths.is_empty()
                || mine.opening.strengths.len() == 5
                || active.iter().all(|area| mine.opening.strengths.iter().any(|s| s.area_id == *area)),
            "never answered, every active offer opens in a rank"
        );
        if !mine.answers.strengths.is_empty() {
            prop_assert_eq!(&mine.opening.strengths, &mine.answers.strengths, "once answered, as answered");
        }
        let read = mine.answers;
        let by_rank = |list: &[Answer]| {
            let mut list = list.to_vec();
            list.sort_by_key(|a| a.rank);
            list
        };
        prop_assert_eq!(&read.strengths, &by_rank(&answers.strengths));
        prop_assert_eq!(&read.needs, &by_rank(&answers.needs));
        if !answers.strengths.is_empty() {
            prop_assert_eq!(&read.modes, &answers.modes);
        }
        let after = block(store.snapshot());
        let again = block(app.answer_questionnaire(account, group, &read)).unwrap();
        prop_assert_eq!(again, Default::default());
        prop_assert_eq!(block(store.snapshot()), after);
    }
}
