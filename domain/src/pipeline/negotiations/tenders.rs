//! PIP-7 tenders (投标): a call for bids answered by the company. A tender
//! is prepared (number, title, issuing party, deadline, bid documents, bid
//! amount), submitted once before its deadline, and then gets one final
//! result: WON, LOST (with the winner and their price when known) or
//! CANCELLED by the issuer.
//!
//! The state rules are plain functions ([`check_editable`],
//! [`check_submit`], [`check_result`]); the store applies them under the
//! opportunity's and the tender's row locks.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::{Writers, amount, lock_for, writer};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::org::{Access, Actor};
use crate::pipeline::opportunities::push_opportunity_scope;
use crate::pipeline::project::{optional, readable, required};
use crate::versioned::{check_version, versioned};

/// At most this many bid documents per tender.
pub const MAX_DOCUMENTS: usize = 50;

text_enum! {
    /// PIP-7: PENDING until a result is recorded; the others are final.
    TenderResult { Pending => "PENDING", Won => "WON", Lost => "LOST", Cancelled => "CANCELLED" }
}

/// A bid document by reference: salesd stores no files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidDocument {
    /// 1–200 characters ("商务标", "技术标").
    pub name: String,
    /// Where it is: a URL or a document-system reference; 1–1000 characters.
    pub reference: String,
}

/// A tender of an opportunity.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Tender {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    /// The issuer's number (招标编号), if any.
    pub tender_no: Option<String>,
    pub title: String,
    pub issuing_party: String,
    /// Bids are accepted strictly before this instant.
    pub deadline: DateTime<Utc>,
    pub documents: Json<Vec<BidDocument>>,
    /// In the opportunity's currency; required to submit.
    pub bid_amount: Option<Decimal>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<Uuid>,
    pub result: TenderResult,
    pub result_note: Option<String>,
    pub winning_competitor: Option<String>,
    pub winning_price: Option<Decimal>,
    pub result_at: Option<DateTime<Utc>>,
    pub result_by: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Optimistic lock; bookkeeping, not audited.
    #[serde(skip)]
    pub row_version: i32,
}

versioned!(row_version: Tender);

/// The fields of a tender, for creating and (all replaced) updating.
#[derive(Clone, Debug)]
pub struct TenderFields {
    /// At most 100 characters.
    pub tender_no: Option<String>,
    /// 1–200 characters.
    pub title: String,
    /// 1–200 characters.
    pub issuing_party: String,
    /// In the future when set or changed.
    pub deadline: DateTime<Utc>,
    /// Up to 50.
    pub documents: Vec<BidDocument>,
    /// Not negative, 2 decimals; may be filled in later, before submitting.
    pub bid_amount: Option<Decimal>,
}

/// The result of a submitted tender.
#[derive(Clone, Debug)]
pub struct NewTenderResult {
    /// WON, LOST or CANCELLED (PENDING is not a result).
    pub result: TenderResult,
    /// At most 2000 characters.
    pub note: Option<String>,
    /// Who won, for LOST only; at most 200 characters.
    pub winning_competitor: Option<String>,
    /// The winning price, for LOST only (WON records the bid amount).
    pub winning_price: Option<Decimal>,
}

struct Checked {
    tender_no: Option<String>,
    title: String,
    issuing_party: String,
    documents: Vec<BidDocument>,
    bid_amount: Option<Decimal>,
}

fn check_fields(f: &TenderFields) -> DomainResult<Checked> {
    let tender_no = optional("tenderNo", f.tender_no.as_deref(), 100)?;
    let title = required("title", &f.title, 200)?;
    let issuing_party = required("issuingParty", &f.issuing_party, 200)?;
    if f.documents.len() > MAX_DOCUMENTS {
        return Err(DomainError::validation(
            "documents",
            format!("at most {MAX_DOCUMENTS} documents"),
        ));
    }
    let documents = f
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            Ok(BidDocument {
                name: required(&format!("documents.{i}.name"), &d.name, 200)?,
                reference: required(&format!("documents.{i}.reference"), &d.reference, 1000)?,
            })
        })
        .collect::<DomainResult<Vec<_>>>()?;
    Ok(Checked {
        tender_no,
        title,
        issuing_party,
        documents,
        bid_amount: amount("bidAmount", f.bid_amount)?,
    })
}

/// A deadline set or changed must still be ahead: a tender whose deadline
/// has passed cannot be bid on.
fn check_deadline(deadline: DateTime<Utc>, now: DateTime<Utc>) -> DomainResult<()> {
    if deadline <= now {
        return Err(DomainError::validation("deadline", "must be in the future"));
    }
    Ok(())
}

/// PIP-7: a tender is edited only until it is submitted.
pub fn check_editable(t: &Tender) -> DomainResult<()> {
    if t.submitted_at.is_some() {
        return Err(DomainError::conflict(
            "the tender has been submitted and can no longer change",
        ));
    }
    Ok(())
}

/// PIP-7: submitted once, strictly before the deadline, with a bid amount.
pub fn check_submit(t: &Tender, now: DateTime<Utc>) -> DomainResult<()> {
    check_editable(t)?;
    if now >= t.deadline {
        return Err(DomainError::conflict(format!(
            "the tender's deadline ({}) has passed; it can no longer be submitted",
            t.deadline.to_rfc3339()
        )));
    }
    if t.bid_amount.is_none() {
        return Err(DomainError::validation(
            "bidAmount",
            "set the bid amount before submitting",
        ));
    }
    Ok(())
}

/// PIP-7: the input of a result alone: a real result, winner details only
/// for LOST, bounded texts and amounts.
fn check_result_input(r: &NewTenderResult) -> DomainResult<NewTenderResult> {
    if r.result == TenderResult::Pending {
        return Err(DomainError::validation(
            "result",
            "a result is WON, LOST or CANCELLED",
        ));
    }
    let note = optional("note", r.note.as_deref(), 2000)?;
    let winning_competitor = optional("winningCompetitor", r.winning_competitor.as_deref(), 200)?;
    let winning_price = amount("winningPrice", r.winning_price)?;
    if r.result != TenderResult::Lost {
        if winning_competitor.is_some() {
            return Err(DomainError::validation(
                "winningCompetitor",
                "only a LOST tender names the winning competitor",
            ));
        }
        if winning_price.is_some() {
            return Err(DomainError::validation(
                "winningPrice",
                "only a LOST tender records the winning price (WON records the bid amount)",
            ));
        }
    }
    Ok(NewTenderResult {
        result: r.result,
        note,
        winning_competitor,
        winning_price,
    })
}

/// PIP-7: a result only after submission, and only once (it is final).
pub fn check_result(t: &Tender) -> DomainResult<()> {
    if t.result != TenderResult::Pending {
        return Err(DomainError::conflict(format!(
            "the tender's result is already {} and is final",
            t.result
        )));
    }
    if t.submitted_at.is_none() {
        return Err(DomainError::conflict(
            "a result is recorded only after the tender has been submitted",
        ));
    }
    Ok(())
}

/// Creates a tender (mutation `createTender`): the owner or a manager over
/// the unit, on an open opportunity; the deadline in the future. Audited as
/// TENDER CREATE.
pub async fn create_tender(
    pool: &PgPool,
    ctx: &Ctx,
    opportunity: Uuid,
    fields: &TenderFields,
) -> DomainResult<Tender> {
    let f = check_fields(fields)?;
    check_deadline(fields.deadline, ctx.now)?;
    let me = writer(ctx)?;
    let mut tx = pool.begin().await?;
    let o = lock_for(&mut tx, ctx, opportunity, Writers::Owners, "tenders", true).await?;
    let t: Tender = sqlx::query_as(
        "INSERT INTO tenders (id, opportunity_id, tender_no, title, issuing_party, deadline, documents,
             bid_amount, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(o.id)
    .bind(&f.tender_no)
    .bind(&f.title)
    .bind(&f.issuing_party)
    .bind(fields.deadline)
    .bind(Json(&f.documents))
    .bind(f.bid_amount)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut tx, ctx, "TENDER", t.id, "CREATE", &audit::created(&t)).await?;
    tx.commit().await?;
    Ok(t)
}

/// The tender `id`, locked, after its opportunity (locked, checked for the
/// writer and, with `open_only`, open); invisible → NOT_FOUND, a stale
/// `version` → CONFLICT.
async fn lock_tender(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    open_only: bool,
) -> DomainResult<Tender> {
    let opp: Uuid = sqlx::query_scalar("SELECT opportunity_id FROM tenders WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    lock_for(conn, ctx, opp, Writers::Owners, "tenders", open_only).await?;
    let t: Tender = sqlx::query_as("SELECT * FROM tenders WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    check_version(&t, version, "tender")?;
    Ok(t)
}

/// Replaces a tender's fields (mutation `updateTender`) at `version`, until
/// it is submitted (then CONFLICT). A changed deadline must be in the
/// future (the issuer extended it); an unchanged one may have passed.
/// Audited as TENDER UPDATE with the diff.
pub async fn update_tender(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    fields: &TenderFields,
) -> DomainResult<Tender> {
    let f = check_fields(fields)?;
    writer(ctx)?;
    let mut tx = pool.begin().await?;
    let old = lock_tender(&mut tx, ctx, id, version, true).await?;
    check_editable(&old)?;
    if fields.deadline != old.deadline {
        check_deadline(fields.deadline, ctx.now)?;
    }
    let new: Tender = sqlx::query_as(
        "UPDATE tenders SET tender_no = $2, title = $3, issuing_party = $4, deadline = $5, documents = $6,
             bid_amount = $7, updated_at = $8, row_version = row_version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&f.tender_no)
    .bind(&f.title)
    .bind(&f.issuing_party)
    .bind(fields.deadline)
    .bind(Json(&f.documents))
    .bind(f.bid_amount)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "TENDER", id, "UPDATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Submits a tender (mutation `submitTender`) at `version`: once, strictly
/// before its deadline (after → CONFLICT), with a bid amount, on an open
/// opportunity. Audited as TENDER SUBMIT.
pub async fn submit_tender(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<Tender> {
    let me = writer(ctx)?;
    let mut tx = pool.begin().await?;
    let old = lock_tender(&mut tx, ctx, id, version, true).await?;
    check_submit(&old, ctx.now)?;
    let new: Tender = sqlx::query_as(
        "UPDATE tenders SET submitted_at = $2, submitted_by = $3, updated_at = $2, row_version = row_version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .bind(me)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "TENDER", id, "SUBMIT", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Records a submitted tender's final result (mutation
/// `recordTenderResult`) at `version`. Before submission, or a second time,
/// → CONFLICT. Allowed on a closed opportunity: awards often arrive after
/// the owner has closed it. WON records the bid amount as the winning
/// price. It does not move the opportunity: the owner marks it WON or LOST.
/// Audited as TENDER RESULT.
pub async fn record_tender_result(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    input: &NewTenderResult,
) -> DomainResult<Tender> {
    let r = check_result_input(input)?;
    let me = writer(ctx)?;
    let mut tx = pool.begin().await?;
    let old = lock_tender(&mut tx, ctx, id, version, false).await?;
    check_result(&old)?;
    let winning_price = match r.result {
        TenderResult::Won => old.bid_amount,
        _ => r.winning_price,
    };
    let new: Tender = sqlx::query_as(
        "UPDATE tenders SET result = $2, result_note = $3, winning_competitor = $4, winning_price = $5,
             result_at = $6, result_by = $7, updated_at = $6, row_version = row_version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(r.result.as_str())
    .bind(&r.note)
    .bind(&r.winning_competitor)
    .bind(winning_price)
    .bind(ctx.now)
    .bind(me)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "TENDER", id, "RESULT", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// The tenders of an opportunity the actor can see, the latest deadline
/// first; NOT_FOUND when it cannot.
pub async fn tenders(pool: &PgPool, actor: &Actor, opportunity: Uuid) -> DomainResult<Vec<Tender>> {
    let mut conn = pool.acquire().await?;
    readable(&mut conn, actor, opportunity, false).await?;
    Ok(sqlx::query_as(
        "SELECT * FROM tenders WHERE opportunity_id = $1 ORDER BY deadline DESC, id DESC",
    )
    .bind(opportunity)
    .fetch_all(&mut *conn)
    .await?)
}

/// One tender if the actor can see its opportunity.
pub async fn get_tender(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<Tender>> {
    let mut qb = QueryBuilder::new(
        "SELECT t.* FROM tenders t JOIN opportunities o ON o.id = t.opportunity_id WHERE t.id = ",
    );
    qb.push_bind(id);
    push_opportunity_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn tender(now: DateTime<Utc>) -> Tender {
        Tender {
            id: Uuid::nil(),
            opportunity_id: Uuid::nil(),
            tender_no: None,
            title: "t".into(),
            issuing_party: "p".into(),
            deadline: now + Duration::hours(1),
            documents: Json(Vec::new()),
            bid_amount: Some(Decimal::from(100)),
            submitted_at: None,
            submitted_by: None,
            result: TenderResult::Pending,
            result_note: None,
            winning_competitor: None,
            winning_price: None,
            result_at: None,
            result_by: None,
            created_by: Uuid::nil(),
            created_at: now,
            updated_at: now,
            row_version: 1,
        }
    }

    fn conflict<T: std::fmt::Debug>(r: DomainResult<T>) -> bool {
        matches!(r, Err(DomainError::Conflict { .. }))
    }

    #[test]
    fn pip7_submit_only_before_the_deadline_and_once() {
        let now = Utc::now();
        let mut t = tender(now);
        assert!(check_submit(&t, now).is_ok());
        assert!(conflict(check_submit(&t, t.deadline)));
        assert!(conflict(check_submit(&t, now + Duration::hours(2))));
        t.bid_amount = None;
        assert!(matches!(
            check_submit(&t, now),
            Err(DomainError::Validation { field, .. }) if field == "bidAmount"
        ));
        t.bid_amount = Some(Decimal::ONE);
        t.submitted_at = Some(now);
        assert!(conflict(check_submit(&t, now)));
        assert!(conflict(check_editable(&t)));
    }

    #[test]
    fn pip7_result_after_submission_and_final() {
        let now = Utc::now();
        let mut t = tender(now);
        assert!(conflict(check_result(&t)));
        t.submitted_at = Some(now);
        assert!(check_result(&t).is_ok());
        t.result = TenderResult::Lost;
        assert!(conflict(check_result(&t)));
    }

    #[test]
    fn pip7_result_input() {
        let input = |result, competitor: Option<&str>, price: Option<&str>| NewTenderResult {
            result,
            note: Some(" ".into()),
            winning_competitor: competitor.map(str::to_owned),
            winning_price: price.map(|p| p.parse().unwrap()),
        };
        let field = |r: DomainResult<NewTenderResult>| match r {
            Err(DomainError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        let ok =
            check_result_input(&input(TenderResult::Lost, Some(" 西门子 "), Some("1.50"))).unwrap();
        assert_eq!(
            (ok.note, ok.winning_competitor.as_deref()),
            (None, Some("西门子"))
        );
        assert_eq!(
            field(check_result_input(&input(
                TenderResult::Pending,
                None,
                None
            ))),
            "result"
        );
        assert_eq!(
            field(check_result_input(&input(
                TenderResult::Won,
                Some("x"),
                None
            ))),
            "winningCompetitor"
        );
        assert_eq!(
            field(check_result_input(&input(
                TenderResult::Cancelled,
                None,
                Some("1")
            ))),
            "winningPrice"
        );
        assert_eq!(
            field(check_result_input(&input(
                TenderResult::Lost,
                None,
                Some("-1")
            ))),
            "winningPrice"
        );
    }

    #[test]
    fn pip7_documents_and_deadline() {
        let now = Utc::now();
        let f = TenderFields {
            tender_no: Some(" ZB-2026-17 ".into()),
            title: "产线改造".into(),
            issuing_party: "华东重工".into(),
            deadline: now + Duration::days(3),
            documents: vec![BidDocument {
                name: "商务标".into(),
                reference: " ".into(),
            }],
            bid_amount: None,
        };
        assert!(matches!(
            check_fields(&f),
            Err(DomainError::Validation { field, .. }) if field == "documents.0.reference"
        ));
        assert!(check_deadline(now, now).is_err());
        assert!(check_deadline(now + Duration::seconds(1), now).is_ok());
    }
}
