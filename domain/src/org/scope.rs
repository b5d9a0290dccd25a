//! ORG-3: who may see and change which records, as an SQL predicate.
//!
//! Every store that reads or writes business records asks [`Scope::of`] for
//! the acting user's scope on a [`Resource`] and appends it to its SQL with
//! [`Scope::push_filter`]. The decision is a plain function of the actor, so
//! it is unit-tested as a matrix; the SQL is one predicate, so a record
//! outside the scope is simply not there (`NOT_FOUND`).

use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use super::model::Role;

/// Who is acting: a signed-in user or a read-only API token.
#[derive(Clone, Debug)]
pub struct Actor {
    /// The user, or `None` for an API token.
    pub user_id: Option<Uuid>,
    /// Shown in the audit log.
    pub label: String,
    pub roles: Vec<Role>,
    /// The actor's unit and every unit below it (ORG-1 subtree).
    pub subtree: Vec<Uuid>,
    /// API tokens read; they never write.
    pub read_only: bool,
    /// The units an API token is limited to (`None`: the whole company).
    pub token_units: Option<Vec<Uuid>>,
}

impl Actor {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has_role(*r))
    }

    /// The service itself, for scheduled jobs (the pool reclaim, the scans):
    /// sees and changes everything; the audit log names it `label`.
    pub fn system(label: &str) -> Self {
        Actor {
            user_id: None,
            label: label.to_owned(),
            roles: vec![Role::Admin],
            subtree: Vec::new(),
            read_only: false,
            token_units: None,
        }
    }

    /// Directors, the general manager and admins see everything (ORG-3).
    pub fn sees_everything(&self) -> bool {
        self.has_any(&[Role::Admin, Role::GeneralManager, Role::SalesDirector])
    }
}

/// The kinds of record scoped by ORG-3. Contexts add theirs here and to the
/// matrix test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// A person's record: owned by the person, in their unit.
    User,
    Customer,
    Complaint,
    Opportunity,
    Contract,
    Receivable,
    /// Unit archives kept by the sales assistant.
    Archive,
}

/// Reading or changing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// The records an actor may reach: everything, or those they own, those in
/// the listed units, and (for reps) those of project teams they belong to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub all: bool,
    pub owner: Option<Uuid>,
    pub units: Vec<Uuid>,
    pub via_team: Option<Uuid>,
}

impl Scope {
    pub const NOTHING: Scope = Scope {
        all: false,
        owner: None,
        units: Vec::new(),
        via_team: None,
    };

    fn everything() -> Self {
        Scope {
            all: true,
            ..Scope::NOTHING
        }
    }

    fn union(mut self, other: Scope) -> Scope {
        self.all |= other.all;
        self.owner = self.owner.or(other.owner);
        self.via_team = self.via_team.or(other.via_team);
        for u in other.units {
            if !self.units.contains(&u) {
                self.units.push(u);
            }
        }
        self
    }

    /// ORG-3 as a function of the actor.
    pub fn of(actor: &Actor, resource: Resource, access: Access) -> Scope {
        if actor.read_only {
            if access == Access::Write {
                return Scope::NOTHING;
            }
            return match &actor.token_units {
                None => Scope::everything(),
                Some(units) => Scope {
                    units: units.clone(),
                    ..Scope::NOTHING
                },
            };
        }
        if actor.sees_everything() {
            return Scope::everything();
        }
        let own = Scope {
            owner: actor.user_id,
            ..Scope::NOTHING
        };
        let team = Scope {
            via_team: actor.user_id,
            ..Scope::NOTHING
        };
        let subtree = Scope {
            units: actor.subtree.clone(),
            ..Scope::NOTHING
        };
        let mut scope = own;
        // PIP-4: a project team member of any role sees the project.
        if resource == Resource::Opportunity {
            scope = scope.union(team.clone());
        }
        for role in &actor.roles {
            let add = match (role, resource, access) {
                // Supervisors see their team, managers their unit's subtree.
                (Role::Supervisor | Role::SalesManager, _, _) => subtree.clone(),
                // Reps also see projects whose team they are on.
                (Role::SalesRep | Role::KeyAccountManager | Role::TechSupport, r, _)
                    if r != Resource::User =>
                {
                    team.clone()
                }
                (Role::Finance, Resource::Contract | Resource::Receivable, Access::Read) => {
                    Scope::everything()
                }
                (Role::CustomerService, Resource::Customer, Access::Read) => Scope::everything(),
                (Role::CustomerService, Resource::Complaint, _) => Scope::everything(),
                (Role::SalesAssistant, Resource::Contract | Resource::Archive, _) => {
                    subtree.clone()
                }
                _ => Scope::NOTHING,
            };
            scope = scope.union(add);
        }
        scope
    }

    pub fn is_everything(&self) -> bool {
        self.all
    }

    /// Appends ` AND (<predicate>)` for a record owned by `owner_col` in the
    /// unit `unit_col`. `team_exists`, where the resource has project teams,
    /// is an SQL `EXISTS (...)` over team members with `{member}` standing
    /// for the member id to bind.
    pub fn push_filter(
        &self,
        qb: &mut QueryBuilder<Postgres>,
        owner_col: &str,
        unit_col: &str,
        team_exists: Option<&str>,
    ) {
        if self.all {
            return;
        }
        qb.push(" AND (FALSE");
        if let Some(owner) = self.owner {
            qb.push(format_args!(" OR {owner_col} = "));
            qb.push_bind(owner);
        }
        if !self.units.is_empty() {
            qb.push(format_args!(" OR {unit_col} = ANY("));
            qb.push_bind(self.units.clone());
            qb.push(")");
        }
        if let (Some(member), Some(sql)) = (self.via_team, team_exists) {
            let (before, after) = sql.split_once("{member}").unwrap_or((sql, ""));
            qb.push(" OR ");
            qb.push(before.to_owned());
            qb.push_bind(member);
            qb.push(after.to_owned());
        }
        qb.push(")");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role], me: Uuid, subtree: Vec<Uuid>) -> Actor {
        Actor {
            user_id: Some(me),
            label: "t".into(),
            roles: roles.to_vec(),
            subtree,
            read_only: false,
            token_units: None,
        }
    }

    #[test]
    fn org3_matrix_of_roles() {
        let me = Uuid::now_v7();
        let unit = Uuid::now_v7();
        let child = Uuid::now_v7();
        let sub = vec![unit, child];
        let r = |roles: &[Role], res, acc| Scope::of(&actor(roles, me, sub.clone()), res, acc);

        for top in [Role::Admin, Role::GeneralManager, Role::SalesDirector] {
            assert!(r(&[top], Resource::Customer, Access::Write).all);
        }
        let rep = r(&[Role::SalesRep], Resource::Customer, Access::Read);
        assert_eq!(
            (rep.all, rep.owner, rep.units.len(), rep.via_team),
            (false, Some(me), 0, Some(me))
        );
        // A rep's view of people is themselves only.
        assert_eq!(
            r(&[Role::SalesRep], Resource::User, Access::Read).via_team,
            None
        );
        assert_eq!(
            r(&[Role::Supervisor], Resource::Customer, Access::Read).units,
            sub
        );
        assert_eq!(
            r(&[Role::SalesManager], Resource::User, Access::Write).units,
            sub
        );
        assert!(r(&[Role::Finance], Resource::Contract, Access::Read).all);
        assert!(!r(&[Role::Finance], Resource::Contract, Access::Write).all);
        assert!(!r(&[Role::Finance], Resource::Customer, Access::Read).all);
        assert!(r(&[Role::CustomerService], Resource::Customer, Access::Read).all);
        assert!(!r(&[Role::CustomerService], Resource::Customer, Access::Write).all);
        assert!(r(&[Role::CustomerService], Resource::Complaint, Access::Write).all);
        assert_eq!(
            r(&[Role::SalesAssistant], Resource::Contract, Access::Write).units,
            sub
        );
        assert!(
            r(&[Role::SalesAssistant], Resource::Customer, Access::Read)
                .units
                .is_empty()
        );
        // Extra roles add to the primary one.
        assert!(
            r(
                &[Role::SalesRep, Role::Finance],
                Resource::Receivable,
                Access::Read
            )
            .all
        );
    }

    #[test]
    fn org3_api_tokens_only_read() {
        let mut a = actor(&[], Uuid::now_v7(), vec![]);
        a.user_id = None;
        a.read_only = true;
        assert!(Scope::of(&a, Resource::Customer, Access::Read).all);
        assert_eq!(
            Scope::of(&a, Resource::Customer, Access::Write),
            Scope::NOTHING
        );
        let unit = Uuid::now_v7();
        a.token_units = Some(vec![unit]);
        assert_eq!(
            Scope::of(&a, Resource::User, Access::Read).units,
            vec![unit]
        );
    }
}
