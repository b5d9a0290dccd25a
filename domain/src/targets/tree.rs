//! The organisation as the targets see it (ORG-1): units with their parent
//! and head, people with their unit and whether they sell. Loaded whole —
//! a company has hundreds of units, not millions — so the decomposition and
//! the scope rules are plain functions over it.

use std::collections::{HashMap, HashSet};

use sqlx::PgPool;
use uuid::Uuid;

use crate::error::DomainResult;

#[derive(Clone, Debug, Default)]
pub struct OrgTree {
    /// unit → parent (None for the company's root unit).
    pub parent: HashMap<Uuid, Option<Uuid>>,
    /// unit → head.
    pub head: HashMap<Uuid, Option<Uuid>>,
    /// user → unit, for every user (active or not).
    pub unit_of: HashMap<Uuid, Uuid>,
    /// Active sales reps and key account managers: the people a unit's
    /// target is expected to be decomposed to.
    pub sellers: HashSet<Uuid>,
}

impl OrgTree {
    pub async fn load(pool: &PgPool) -> DomainResult<OrgTree> {
        let units: Vec<(Uuid, Option<Uuid>, Option<Uuid>, bool)> =
            sqlx::query_as("SELECT id, parent_id, head_user_id, active FROM org_units")
                .fetch_all(pool)
                .await?;
        let users: Vec<(Uuid, Uuid, bool)> = sqlx::query_as(
            "SELECT id, unit_id, active AND (primary_role IN ('SALES_REP', 'KEY_ACCOUNT_MANAGER')
                 OR extra_roles && ARRAY['SALES_REP', 'KEY_ACCOUNT_MANAGER']) FROM users",
        )
        .fetch_all(pool)
        .await?;
        let mut t = OrgTree::default();
        for (id, parent, head, _active) in units {
            t.parent.insert(id, parent);
            t.head.insert(id, head);
        }
        for (id, unit, seller) in users {
            t.unit_of.insert(id, unit);
            if seller {
                t.sellers.insert(id);
            }
        }
        Ok(t)
    }

    /// The root unit (the company).
    pub fn root(&self) -> Option<Uuid> {
        self.parent
            .iter()
            .find(|(_, p)| p.is_none())
            .map(|(u, _)| *u)
    }

    /// The units directly below `unit`.
    pub fn child_units(&self, unit: Uuid) -> Vec<Uuid> {
        let mut v: Vec<Uuid> = self
            .parent
            .iter()
            .filter(|(_, p)| **p == Some(unit))
            .map(|(u, _)| *u)
            .collect();
        v.sort();
        v
    }

    /// Whether `unit` is `ancestor` or below it.
    pub fn is_within(&self, unit: Uuid, ancestor: Uuid) -> bool {
        let mut cur = Some(unit);
        let mut steps = 0;
        while let Some(u) = cur {
            if u == ancestor {
                return true;
            }
            steps += 1;
            if steps > 64 {
                return false;
            }
            cur = self.parent.get(&u).copied().flatten();
        }
        false
    }

    /// `unit` and every unit below it.
    pub fn subtree(&self, unit: Uuid) -> Vec<Uuid> {
        let mut v: Vec<Uuid> = self
            .parent
            .keys()
            .filter(|u| self.is_within(**u, unit))
            .copied()
            .collect();
        v.sort();
        v
    }

    /// The people whose unit is exactly `unit`.
    pub fn members(&self, unit: Uuid) -> Vec<Uuid> {
        let mut v: Vec<Uuid> = self
            .unit_of
            .iter()
            .filter(|(_, u)| **u == unit)
            .map(|(p, _)| *p)
            .collect();
        v.sort();
        v
    }

    /// Whether a seller works in `unit` or below it.
    pub fn has_sellers(&self, unit: Uuid) -> bool {
        self.sellers.iter().any(|s| {
            self.unit_of
                .get(s)
                .is_some_and(|u| self.is_within(*u, unit))
        })
    }

    /// The units `user` heads.
    pub fn headed_by(&self, user: Uuid) -> Vec<Uuid> {
        self.head
            .iter()
            .filter(|(_, h)| **h == Some(user))
            .map(|(u, _)| *u)
            .collect()
    }

    /// TGT-1: a unit head sets the targets of the units strictly below a
    /// unit they head.
    pub fn head_may_set_unit(&self, head: Uuid, unit: Uuid) -> bool {
        let Some(Some(parent)) = self.parent.get(&unit) else {
            return false;
        };
        self.headed_by(head)
            .iter()
            .any(|h| self.is_within(*parent, *h))
    }

    /// TGT-1: a unit head sets the targets of the people in the units they
    /// head and below, never their own.
    pub fn head_may_set_user(&self, head: Uuid, user: Uuid) -> bool {
        if head == user {
            return false;
        }
        let Some(unit) = self.unit_of.get(&user) else {
            return false;
        };
        self.headed_by(head)
            .iter()
            .any(|h| self.is_within(*unit, *h))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// company(gm) → sales(director) → east(manager) → team1(sup1), team2(sup2);
    /// reps r1 in team1, r2 in team2; finance dept with a clerk.
    pub(crate) struct Demo {
        pub tree: OrgTree,
        pub company: Uuid,
        pub sales: Uuid,
        pub east: Uuid,
        pub team1: Uuid,
        pub team2: Uuid,
        pub finance: Uuid,
        pub manager: Uuid,
        pub sup1: Uuid,
        pub r1: Uuid,
        pub r2: Uuid,
    }

    pub(crate) fn demo() -> Demo {
        let id = Uuid::now_v7;
        let (company, sales, east, team1, team2, finance) = (id(), id(), id(), id(), id(), id());
        let (gm, director, manager, sup1, sup2, r1, r2, clerk) =
            (id(), id(), id(), id(), id(), id(), id(), id());
        let mut t = OrgTree::default();
        for (u, p, h) in [
            (company, None, Some(gm)),
            (sales, Some(company), Some(director)),
            (east, Some(sales), Some(manager)),
            (team1, Some(east), Some(sup1)),
            (team2, Some(east), Some(sup2)),
            (finance, Some(company), None),
        ] {
            t.parent.insert(u, p);
            t.head.insert(u, h);
        }
        for (p, u) in [
            (gm, company),
            (director, sales),
            (manager, east),
            (sup1, team1),
            (sup2, team2),
            (r1, team1),
            (r2, team2),
            (clerk, finance),
        ] {
            t.unit_of.insert(p, u);
        }
        t.sellers.extend([r1, r2]);
        Demo {
            tree: t,
            company,
            sales,
            east,
            team1,
            team2,
            finance,
            manager,
            sup1,
            r1,
            r2,
        }
    }

    #[test]
    fn tgt1_unit_heads_set_targets_below_them_only() {
        let d = demo();
        let t = &d.tree;
        assert_eq!(t.root(), Some(d.company));
        assert!(t.head_may_set_unit(d.manager, d.team1));
        assert!(
            !t.head_may_set_unit(d.manager, d.east),
            "not their own unit"
        );
        assert!(!t.head_may_set_unit(d.sup1, d.team1));
        assert!(!t.head_may_set_unit(d.sup1, d.team2));
        assert!(t.head_may_set_user(d.sup1, d.r1));
        assert!(!t.head_may_set_user(d.sup1, d.r2));
        assert!(!t.head_may_set_user(d.sup1, d.sup1), "never their own");
        assert!(t.head_may_set_user(d.manager, d.r2));
        assert!(!t.head_may_set_user(d.r1, d.r1));
        assert!(t.has_sellers(d.sales));
        assert!(!t.has_sellers(d.finance));
        assert_eq!(t.subtree(d.east).len(), 3);
        assert_eq!(t.child_units(d.company).len(), 2);
    }
}
