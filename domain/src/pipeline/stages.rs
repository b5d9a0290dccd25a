//! PIP-2: the opportunity stages, their order, default probabilities and the
//! transition rule, as plain functions (no I/O). The store gathers the facts
//! (which gate artefacts exist, who acts) and asks [`check_move`].

use std::collections::BTreeMap;

use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::org::{Actor, Role};

text_enum! {
    /// PIP-2 stages, in order; `WON` and `LOST` are final.
    Stage {
        Evaluation => "EVALUATION",
        Initiation => "INITIATION",
        Requirements => "REQUIREMENTS",
        Proposal => "PROPOSAL",
        Negotiation => "NEGOTIATION",
        Contract => "CONTRACT",
        Won => "WON",
        Lost => "LOST",
    }
}

impl Stage {
    /// The open stages, in order.
    pub const OPEN: [Stage; 6] = [
        Stage::Evaluation,
        Stage::Initiation,
        Stage::Requirements,
        Stage::Proposal,
        Stage::Negotiation,
        Stage::Contract,
    ];

    /// Position along the sale (EVALUATION 0 … CONTRACT 5, WON 6). `LOST`
    /// is off the line and has no position.
    pub fn order(self) -> Option<usize> {
        match self {
            Stage::Won => Some(6),
            Stage::Lost => None,
            s => Stage::OPEN.iter().position(|o| *o == s),
        }
    }

    /// `WON` and `LOST` end the sale; nothing moves out of them.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Won | Stage::Lost)
    }

    /// The artefact a forward move must find to enter this stage.
    pub fn gate(self) -> Option<Gate> {
        match self {
            Stage::Initiation => Some(Gate::ApprovedInitiation),
            Stage::Proposal => Some(Gate::RequirementsReport),
            Stage::Negotiation => Some(Gate::QuoteSent),
            Stage::Contract => Some(Gate::QuoteAccepted),
            Stage::Won => Some(Gate::ContractSigned),
            _ => None,
        }
    }
}

/// The artefact that opens a gate (PIP-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// An `opportunity_initiations` row with status `APPROVED` (PIP-4).
    ApprovedInitiation,
    /// A `requirements_reports` row (PIP-5).
    RequirementsReport,
    /// A quote with status `SENT` or `ACCEPTED` (PIP-6).
    QuoteSent,
    /// A quote with status `ACCEPTED`.
    QuoteAccepted,
    /// A contract of the opportunity SIGNED or later (CON-2); signing it
    /// moves the opportunity to `WON` by itself.
    ContractSigned,
}

impl Gate {
    /// What is missing, as the error message says it.
    pub fn describe(self) -> &'static str {
        match self {
            Gate::ApprovedInitiation => "an approved initiation application",
            Gate::RequirementsReport => "a requirements report",
            Gate::QuoteSent => "a quote sent to the customer",
            Gate::QuoteAccepted => "a quote accepted by the customer",
            Gate::ContractSigned => "a signed contract",
        }
    }
}

/// Which gate artefacts an opportunity has (read by the store under the
/// opportunity's row lock).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Artefacts {
    pub approved_initiation: bool,
    pub requirements_report: bool,
    pub quote_sent: bool,
    pub quote_accepted: bool,
    pub contract_signed: bool,
}

impl Artefacts {
    /// Whether the artefact of `gate` exists.
    pub fn has(&self, gate: Gate) -> bool {
        match gate {
            Gate::ApprovedInitiation => self.approved_initiation,
            Gate::RequirementsReport => self.requirements_report,
            Gate::QuoteSent => self.quote_sent || self.quote_accepted,
            Gate::QuoteAccepted => self.quote_accepted,
            Gate::ContractSigned => self.contract_signed,
        }
    }
}

/// Who may move an opportunity backwards ("needs a manager"): the sales
/// manager (over the owner's unit — the write scope guarantees it), the
/// director, the general manager, an admin. Supervisors are team leads, not
/// managers, and may not.
pub fn may_move_back(actor: &Actor) -> bool {
    !actor.read_only
        && actor.has_any(&[
            Role::SalesManager,
            Role::SalesDirector,
            Role::GeneralManager,
            Role::Admin,
        ])
}

/// PIP-2 transition rule for `MOVE` (not for `LOST`, see [`check_lost`]).
///
/// - Out of `WON`/`LOST`: never (no reopening in this slice) → CONFLICT.
/// - To `LOST`: refused here, it has its own mutation → VALIDATION.
/// - To the same stage → VALIDATION.
/// - Forward by one or more steps: every gate entered on the way must have
///   its artefact, else CONFLICT naming the first missing one. `WON` is
///   entered from `CONTRACT` only, with a signed contract.
/// - Backward: only [`may_move_back`], else FORBIDDEN; never to/from final.
pub fn check_move(
    from: Stage,
    to: Stage,
    artefacts: &Artefacts,
    manager: bool,
) -> DomainResult<()> {
    if from.is_final() {
        return Err(DomainError::conflict(format!(
            "the opportunity is {from} and cannot move any more"
        )));
    }
    if to == Stage::Lost {
        return Err(DomainError::validation(
            "to",
            "use markOpportunityLost to mark an opportunity LOST",
        ));
    }
    let (f, t) = (from.order().unwrap_or(0), to.order().unwrap_or(0));
    if f == t {
        return Err(DomainError::validation(
            "to",
            format!("the opportunity is already in {to}"),
        ));
    }
    if t < f {
        if !manager {
            return Err(DomainError::Forbidden(
                "moving an opportunity backwards needs a sales manager".into(),
            ));
        }
        return Ok(());
    }
    if to == Stage::Won && from != Stage::Contract {
        return Err(DomainError::conflict(
            "an opportunity is WON only from CONTRACT",
        ));
    }
    if to == Stage::Won && !artefacts.has(Gate::ContractSigned) {
        return Err(DomainError::conflict(format!(
            "WON needs {} first",
            Gate::ContractSigned.describe()
        )));
    }
    for stage in &Stage::OPEN[f + 1..=t.min(Stage::OPEN.len() - 1)] {
        if let Some(gate) = stage.gate()
            && !artefacts.has(gate)
        {
            return Err(DomainError::conflict(format!(
                "{stage} needs {} first",
                gate.describe()
            )));
        }
    }
    Ok(())
}

/// PIP-2 `LOST`: from any open stage, with a reason (1–2000 characters) and
/// an optional competitor (≤ 200). Returns the trimmed values.
pub fn check_lost(
    from: Stage,
    reason: &str,
    competitor: Option<&str>,
) -> DomainResult<(String, Option<String>)> {
    if from.is_final() {
        return Err(DomainError::conflict(format!(
            "the opportunity is {from} and cannot move any more"
        )));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(DomainError::validation(
            "reason",
            "a reason of 1 to 2000 characters is required",
        ));
    }
    let competitor = competitor.map(str::trim).filter(|c| !c.is_empty());
    if competitor.is_some_and(|c| c.chars().count() > 200) {
        return Err(DomainError::validation(
            "competitor",
            "must be at most 200 characters",
        ));
    }
    Ok((reason.to_owned(), competitor.map(str::to_owned)))
}

/// The `stage_probabilities` setting: default win probability (percent)
/// per open stage. `WON` is 100 and `LOST` 0 by definition.
pub type StageProbabilities = BTreeMap<Stage, i16>;

/// Validates `stage_probabilities`: every open stage present (and nothing
/// else), each 0–100, non-decreasing along the stage order.
pub fn validate_probabilities(p: &StageProbabilities) -> DomainResult<()> {
    if let Some(extra) = p.keys().find(|s| s.is_final()) {
        return Err(DomainError::validation(
            "value",
            format!("{extra} has a fixed probability and is not configurable"),
        ));
    }
    let mut last = 0;
    for stage in Stage::OPEN {
        let v = *p
            .get(&stage)
            .ok_or_else(|| DomainError::validation("value", format!("{stage} is missing")))?;
        if !(0..=100).contains(&v) {
            return Err(DomainError::validation(
                "value",
                format!("{stage} must be between 0 and 100"),
            ));
        }
        if v < last {
            return Err(DomainError::validation(
                "value",
                format!("{stage} must not be below the stage before it"),
            ));
        }
        last = v;
    }
    Ok(())
}

/// The default probability of a stage under the setting.
pub fn default_probability(p: &StageProbabilities, stage: Stage) -> i16 {
    match stage {
        Stage::Won => 100,
        Stage::Lost => 0,
        s => p.get(&s).copied().unwrap_or(0),
    }
}

/// A per-opportunity override: 0–100, or `None` for the stage default.
pub fn check_probability(v: Option<i32>) -> DomainResult<Option<i16>> {
    match v {
        None => Ok(None),
        Some(v) if (0..=100).contains(&v) => Ok(Some(v as i16)),
        Some(_) => Err(DomainError::validation(
            "probability",
            "must be between 0 and 100",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stage::*;

    fn all_artefacts() -> Artefacts {
        Artefacts {
            approved_initiation: true,
            requirements_report: true,
            quote_sent: true,
            quote_accepted: true,
            contract_signed: true,
        }
    }

    fn code(r: DomainResult<()>) -> &'static str {
        match r {
            Ok(()) => "ok",
            Err(DomainError::Validation { .. }) => "VALIDATION",
            Err(DomainError::Conflict { .. }) => "CONFLICT",
            Err(DomainError::Forbidden(_)) => "FORBIDDEN",
            Err(_) => "other",
        }
    }

    #[test]
    fn pip2_stage_order() {
        let orders: Vec<_> = Stage::ALL.iter().map(|s| s.order()).collect();
        assert_eq!(
            orders,
            [0, 1, 2, 3, 4, 5, 6]
                .map(Some)
                .into_iter()
                .chain([None])
                .collect::<Vec<_>>()
        );
        assert!(Won.is_final() && Lost.is_final() && !Contract.is_final());
    }

    /// The whole matrix with every artefact present: forward always ok
    /// (WON only from CONTRACT), backward only for a manager, out of a final
    /// stage never, LOST never through a move.
    #[test]
    fn pip2_move_matrix_with_all_artefacts() {
        let a = all_artefacts();
        for from in Stage::ALL.iter().copied() {
            for to in Stage::ALL.iter().copied() {
                for manager in [false, true] {
                    let got = code(check_move(from, to, &a, manager));
                    let want = if from.is_final() {
                        "CONFLICT"
                    } else if to == Lost || to == from {
                        "VALIDATION"
                    } else if to.order() < from.order() {
                        if manager { "ok" } else { "FORBIDDEN" }
                    } else if to == Won && from != Contract {
                        "CONFLICT"
                    } else {
                        "ok"
                    };
                    assert_eq!(got, want, "{from} -> {to}, manager {manager}");
                }
            }
        }
    }

    /// Without any artefact a forward move succeeds only if it enters no
    /// gated stage (INITIATION, PROPOSAL, NEGOTIATION, CONTRACT).
    #[test]
    fn pip2_move_matrix_without_artefacts() {
        let gated = [Initiation, Proposal, Negotiation, Contract];
        for from in Stage::OPEN {
            for to in Stage::ALL
                .iter()
                .copied()
                .filter(|t| t.order() > from.order())
            {
                let entered = Stage::OPEN
                    .iter()
                    .filter(|s| s.order() > from.order() && s.order() <= to.order());
                // PIP-2: WON always needs a signed contract.
                let blocked = to == Won || entered.clone().any(|s| gated.contains(s));
                let want = if blocked { "CONFLICT" } else { "ok" };
                assert_eq!(
                    code(check_move(from, to, &Artefacts::default(), true)),
                    want,
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn pip2_each_gate_needs_its_artefact() {
        let none = Artefacts::default();
        assert_eq!(
            code(check_move(Evaluation, Initiation, &none, false)),
            "CONFLICT"
        );
        let init = Artefacts {
            approved_initiation: true,
            ..none
        };
        assert_eq!(code(check_move(Evaluation, Initiation, &init, false)), "ok");
        // REQUIREMENTS has no gate.
        assert_eq!(
            code(check_move(Initiation, Requirements, &none, false)),
            "ok"
        );
        assert_eq!(
            code(check_move(Requirements, Proposal, &none, false)),
            "CONFLICT"
        );
        let report = Artefacts {
            requirements_report: true,
            ..none
        };
        assert_eq!(
            code(check_move(Requirements, Proposal, &report, false)),
            "ok"
        );
        assert_eq!(
            code(check_move(Proposal, Negotiation, &none, false)),
            "CONFLICT"
        );
        let sent = Artefacts {
            quote_sent: true,
            ..none
        };
        assert_eq!(code(check_move(Proposal, Negotiation, &sent, false)), "ok");
        // An accepted quote was sent, too.
        let accepted = Artefacts {
            quote_accepted: true,
            ..none
        };
        assert_eq!(
            code(check_move(Proposal, Negotiation, &accepted, false)),
            "ok"
        );
        assert_eq!(
            code(check_move(Negotiation, Contract, &sent, false)),
            "CONFLICT"
        );
        assert_eq!(
            code(check_move(Negotiation, Contract, &accepted, false)),
            "ok"
        );
        // PIP-2 / CON-2: WON needs a signed contract.
        let e = check_move(Contract, Won, &none, false).unwrap_err();
        assert!(e.to_string().contains("a signed contract"), "{e}");
        let signed = Artefacts {
            contract_signed: true,
            ..none
        };
        assert_eq!(code(check_move(Contract, Won, &signed, false)), "ok");
    }

    #[test]
    fn pip2_skipping_checks_every_gate_passed() {
        let mut a = all_artefacts();
        a.requirements_report = false;
        // EVALUATION → NEGOTIATION passes the PROPOSAL gate.
        let e = check_move(Evaluation, Negotiation, &a, false).unwrap_err();
        assert!(
            e.to_string()
                .contains("PROPOSAL needs a requirements report"),
            "{e}"
        );
        // … but EVALUATION → REQUIREMENTS does not.
        assert_eq!(code(check_move(Evaluation, Requirements, &a, false)), "ok");
        assert_eq!(
            code(check_move(Evaluation, Contract, &all_artefacts(), false)),
            "ok"
        );
    }

    #[test]
    fn pip2_lost_needs_reason_from_open_stage() {
        assert!(check_lost(Proposal, "price", Some(" ACME ")).unwrap().1 == Some("ACME".into()));
        assert_eq!(
            check_lost(Evaluation, "x", None).unwrap(),
            ("x".into(), None)
        );
        assert!(
            matches!(check_lost(Proposal, "  ", None), Err(DomainError::Validation { field, .. }) if field == "reason")
        );
        assert!(check_lost(Proposal, &"x".repeat(2001), None).is_err());
        assert!(check_lost(Proposal, "x", Some(&"c".repeat(201))).is_err());
        assert!(matches!(
            check_lost(Won, "x", None),
            Err(DomainError::Conflict { .. })
        ));
        assert!(matches!(
            check_lost(Lost, "x", None),
            Err(DomainError::Conflict { .. })
        ));
    }

    fn defaults() -> StageProbabilities {
        Stage::OPEN
            .iter()
            .copied()
            .zip([10, 20, 30, 50, 70, 90])
            .collect()
    }

    #[test]
    fn pip2_probabilities_setting_is_validated() {
        assert!(validate_probabilities(&defaults()).is_ok());
        let mut missing = defaults();
        missing.remove(&Proposal);
        assert!(validate_probabilities(&missing).is_err());
        let mut high = defaults();
        high.insert(Contract, 101);
        assert!(validate_probabilities(&high).is_err());
        let mut low = defaults();
        low.insert(Evaluation, -1);
        assert!(validate_probabilities(&low).is_err());
        let mut decreasing = defaults();
        decreasing.insert(Negotiation, 40);
        assert!(validate_probabilities(&decreasing).is_err());
        let mut final_stage = defaults();
        final_stage.insert(Won, 100);
        assert!(validate_probabilities(&final_stage).is_err());
        let mut flat = defaults();
        flat.insert(Initiation, 10);
        assert!(validate_probabilities(&flat).is_ok());
    }

    #[test]
    fn pip2_probability_defaults_and_overrides() {
        let p = defaults();
        assert_eq!(default_probability(&p, Proposal), 50);
        assert_eq!(default_probability(&p, Won), 100);
        assert_eq!(default_probability(&p, Lost), 0);
        assert_eq!(check_probability(None).unwrap(), None);
        assert_eq!(check_probability(Some(0)).unwrap(), Some(0));
        assert_eq!(check_probability(Some(100)).unwrap(), Some(100));
        assert!(check_probability(Some(101)).is_err());
        assert!(check_probability(Some(-1)).is_err());
    }

    #[test]
    fn pip2_setting_parses_from_the_migration_json() {
        let p: StageProbabilities = serde_json::from_str(
            r#"{"EVALUATION": 10, "INITIATION": 20, "REQUIREMENTS": 30, "PROPOSAL": 50, "NEGOTIATION": 70, "CONTRACT": 90}"#,
        )
        .unwrap();
        assert_eq!(p, defaults());
    }
}
