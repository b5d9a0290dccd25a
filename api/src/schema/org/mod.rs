//! ORG queries and mutations.

pub mod loaders;
pub mod settings;
pub mod types;

use crate::schema::common::paging::{NoTotal, OrderDirection};
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::audit;
use salesd_domain::org::store::{self, UserFilter as DomainUserFilter, UserOrder};
use salesd_domain::org::{Access, Resource, Scope, auth};

use crate::context::{actor, domain_ctx, request, state};
use crate::error::{ApiError, ApiResult, Code};
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::org::types::{
    ApiTokenNode, AuditEntity, AuditEntryNode, Locale, OrgUnitNode, Role, UnitKind, UserNode,
};

#[derive(InputObject, Default)]
pub struct UserFilter {
    /// People in this unit or any unit below it.
    pub unit_id: Option<ID>,
    /// Holding this role, as primary or extra role.
    pub role: Option<Role>,
    pub active: Option<bool>,
    /// Part of the name or email, any case.
    pub search: Option<String>,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserOrderField {
    #[default]
    Name,
    Email,
    CreatedAt,
}

#[derive(InputObject)]
pub struct UserOrderBy {
    pub field: UserOrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// The extra fields of a user connection.
pub struct UserConnectionFields {
    scope: Scope,
    filter: DomainUserFilter,
}

#[Object]
impl UserConnectionFields {
    /// How many records match the filter (all pages), within scope.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        Ok(store::count_users(&state(ctx).pool, &self.scope, &self.filter).await?)
    }
}

#[derive(Default)]
pub struct OrgQuery;

fn user_scope(ctx: &Context<'_>, access: Access) -> ApiResult<Scope> {
    Ok(Scope::of(actor(ctx)?, Resource::User, access))
}

#[Object]
#[allow(clippy::too_many_arguments)]
impl OrgQuery {
    /// The signed-in user; null for an API token.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Option<UserNode>> {
        let actor = actor(ctx)?;
        let Some(me) = actor.user_id else {
            return Ok(None);
        };
        let scope = Scope::of(actor, Resource::User, Access::Read);
        Ok(store::get_user(&state(ctx).pool, &scope, me)
            .await?
            .map(UserNode))
    }

    /// A person's record; NOT_FOUND outside the caller's scope (ORG-3).
    async fn user(&self, ctx: &Context<'_>, id: ID) -> ApiResult<UserNode> {
        let id = uuid("id", &id)?;
        let scope = user_scope(ctx, Access::Read)?;
        store::get_user(&state(ctx).pool, &scope, id)
            .await?
            .map(UserNode)
            .ok_or_else(ApiError::not_found)
    }

    /// People within the caller's scope (ORG-3), filtered and ordered.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        filter: Option<UserFilter>,
        order_by: Option<UserOrderBy>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, UserNode, UserConnectionFields>> {
        let req = page_request(first, after, last, before)?;
        let scope = user_scope(ctx, Access::Read)?;
        let f = filter.unwrap_or_default();
        let filter = DomainUserFilter {
            unit_id: f.unit_id.as_ref().map(|u| uuid("unitId", u)).transpose()?,
            role: f.role.map(Into::into),
            active: f.active,
            search: f.search,
        };
        if filter
            .search
            .as_ref()
            .is_some_and(|s| s.chars().count() > 100)
        {
            return Err(ApiError::validation(
                "search",
                "must be at most 100 characters",
            ));
        }
        let (field, dir) = order_by.map_or((UserOrderField::Name, OrderDirection::Asc), |o| {
            (o.field, o.direction)
        });
        let order = match field {
            UserOrderField::Name => UserOrder::Name,
            UserOrderField::Email => UserOrder::Email,
            UserOrderField::CreatedAt => UserOrder::CreatedAt,
        };
        let page = store::list_users(
            &state(ctx).pool,
            &scope,
            &filter,
            order,
            dir == OrderDirection::Desc,
            &req,
        )
        .await?;
        Ok(connection(
            page,
            UserNode,
            UserConnectionFields { scope, filter },
        ))
    }

    /// The company unit at the top of the tree.
    async fn org_root(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        actor(ctx)?;
        Ok(store::root_unit(&state(ctx).pool).await?.map(OrgUnitNode))
    }

    /// A unit of the tree (the tree is visible to everyone signed in).
    async fn org_unit(&self, ctx: &Context<'_>, id: ID) -> ApiResult<OrgUnitNode> {
        actor(ctx)?;
        let id = uuid("id", &id)?;
        store::get_unit(&state(ctx).pool, id)
            .await?
            .map(OrgUnitNode)
            .ok_or_else(ApiError::not_found)
    }

    /// All units by name.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn org_units(
        &self,
        ctx: &Context<'_>,
        active: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, OrgUnitNode, NoTotal>> {
        actor(ctx)?;
        let req = page_request(first, after, last, before)?;
        let page = store::list_units(&state(ctx).pool, active, &req).await?;
        Ok(connection(page, OrgUnitNode, NoTotal { total_count: None }))
    }

    /// The audit trail of a record, newest first (ORG-4); NOT_FOUND when the
    /// caller cannot see the record.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn audit_trail(
        &self,
        ctx: &Context<'_>,
        entity: AuditEntity,
        id: ID,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, AuditEntryNode, NoTotal>> {
        let actor = actor(ctx)?;
        let id = uuid("id", &id)?;
        let req = page_request(first, after, last, before)?;
        let pool = &state(ctx).pool;
        let visible =
            salesd_domain::registry::audit_visible(pool, actor, entity.as_str(), id).await?;
        if !visible {
            return Err(ApiError::not_found());
        }
        let page = audit::trail(pool, entity.as_str(), id, &req).await?;
        Ok(connection(
            page,
            AuditEntryNode,
            NoTotal { total_count: None },
        ))
    }

    /// Every API token (ADMIN).
    async fn api_tokens(&self, ctx: &Context<'_>) -> ApiResult<Vec<ApiTokenNode>> {
        let c = domain_ctx(ctx)?;
        Ok(store::list_api_tokens(&state(ctx).pool, &c)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

#[derive(SimpleObject)]
pub struct LoginPayload {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: UserNode,
}

#[derive(SimpleObject)]
pub struct CreateApiTokenPayload {
    /// Shown once; only its hash is stored.
    pub token: String,
    pub api_token: ApiTokenNode,
}

#[derive(InputObject)]
pub struct CreateUserInput {
    pub email: String,
    pub display_name: String,
    pub unit_id: ID,
    pub primary_role: Role,
    #[graphql(default)]
    pub extra_roles: Vec<Role>,
    #[graphql(default)]
    pub is_trainee: bool,
    pub phone: Option<String>,
    #[graphql(default_with = "Locale::ZhCn")]
    pub locale: Locale,
    /// Without one the user cannot sign in until an ADMIN sets it.
    pub password: Option<String>,
}

#[derive(InputObject)]
pub struct UpdateUserInput {
    pub id: ID,
    pub version: i32,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub unit_id: Option<ID>,
    pub primary_role: Option<Role>,
    pub extra_roles: Option<Vec<Role>>,
    pub is_trainee: Option<bool>,
    /// null clears it.
    pub phone: MaybeUndefined<String>,
    pub locale: Option<Locale>,
    /// Setting it ends the user's open sessions.
    pub password: Option<String>,
}

#[derive(InputObject)]
pub struct CreateOrgUnitInput {
    pub parent_id: ID,
    pub name: String,
    pub kind: UnitKind,
    pub head_user_id: Option<ID>,
}

#[derive(InputObject)]
pub struct UpdateOrgUnitInput {
    pub id: ID,
    pub version: i32,
    pub name: Option<String>,
    pub kind: Option<UnitKind>,
    pub parent_id: Option<ID>,
    /// null removes the head.
    pub head_user_id: MaybeUndefined<ID>,
}

#[derive(Default)]
pub struct OrgMutation;

#[Object]
impl OrgMutation {
    /// Signs in. Unknown email and wrong password answer alike
    /// (UNAUTHENTICATED); repeated failures answer TOO_MANY_REQUESTS.
    /// Besides the token for apps, the session is set as the browser's
    /// HttpOnly `salesd_session` cookie (docs/console.md).
    async fn login(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
    ) -> ApiResult<LoginPayload> {
        let st = state(ctx);
        let req = request(ctx);
        if email.len() > 254 || password.len() > 1024 {
            return Err(ApiError::new(
                Code::Unauthenticated,
                "wrong email or password",
            ));
        }
        let limiter = crate::ratelimit::LoginLimiter::new(st);
        limiter.check(&email, req.client_ip).await?;
        // No account has a control character in its email or password
        // (PostgreSQL cannot even store NUL): the ordinary refusal, counted.
        if email.chars().chain(password.chars()).any(char::is_control) {
            limiter.failed(&email, req.client_ip).await;
            tracing::info!("login refused");
            return Err(ApiError::new(
                Code::Unauthenticated,
                "wrong email or password",
            ));
        }
        let addr = req.client_ip.map(|ip| ip.to_string());
        match auth::login(
            &st.pool,
            &email,
            &password,
            addr.as_deref(),
            st.clock.now(),
            st.config.session_ttl,
        )
        .await
        {
            Ok(s) => {
                limiter.succeeded(&email).await;
                tracing::info!(user = %s.user.id, "login");
                let now = st.clock.now();
                if let Some(c) = crate::cookie::set(&s.token, s.expires_at, now, st.config.env) {
                    ctx.append_http_header(axum::http::header::SET_COOKIE, c);
                }
                Ok(LoginPayload {
                    token: s.token,
                    expires_at: s.expires_at,
                    user: UserNode(s.user),
                })
            }
            Err(e) => {
                if matches!(e, salesd_domain::DomainError::Unauthenticated) {
                    limiter.failed(&email, req.client_ip).await;
                    tracing::info!("login refused");
                }
                Err(e.into())
            }
        }
    }

    /// Ends the session of the token this request carries (its bearer
    /// token, else its session cookie) and clears the session cookie.
    async fn logout(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        actor(ctx)?;
        let token = request(ctx)
            .bearer
            .clone()
            .ok_or_else(ApiError::unauthenticated)?;
        let ended = auth::logout(&state(ctx).pool, &token, state(ctx).clock.now()).await?;
        ctx.append_http_header(
            axum::http::header::SET_COOKIE,
            crate::cookie::clear(state(ctx).config.env),
        );
        Ok(ended)
    }

    /// ADMIN: adds a person.
    async fn create_user(&self, ctx: &Context<'_>, input: CreateUserInput) -> ApiResult<UserNode> {
        let c = domain_ctx(ctx)?;
        let new = store::NewUser {
            email: input.email,
            display_name: input.display_name,
            unit_id: uuid("unitId", &input.unit_id)?,
            primary_role: input.primary_role.into(),
            extra_roles: input.extra_roles.into_iter().map(Into::into).collect(),
            is_trainee: input.is_trainee,
            phone: input.phone,
            locale: input.locale.into(),
            password: input.password,
        };
        Ok(UserNode(
            store::create_user(&state(ctx).pool, &c, new).await?,
        ))
    }

    /// ADMIN: changes a person's record (give the `version` you read).
    async fn update_user(&self, ctx: &Context<'_>, input: UpdateUserInput) -> ApiResult<UserNode> {
        let c = domain_ctx(ctx)?;
        let patch = store::UserPatch {
            id: uuid("id", &input.id)?,
            version: input.version,
            email: input.email,
            display_name: input.display_name,
            unit_id: input
                .unit_id
                .as_ref()
                .map(|u| uuid("unitId", u))
                .transpose()?,
            primary_role: input.primary_role.map(Into::into),
            extra_roles: input
                .extra_roles
                .map(|r| r.into_iter().map(Into::into).collect()),
            is_trainee: input.is_trainee,
            phone: match input.phone {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(p) => Some(Some(p)),
            },
            locale: input.locale.map(Into::into),
            password: input.password,
        };
        Ok(UserNode(
            store::update_user(&state(ctx).pool, &c, patch).await?,
        ))
    }

    /// ADMIN: deactivates a person and ends their sessions.
    async fn deactivate_user(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> ApiResult<UserNode> {
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(UserNode(
            store::deactivate_user(&state(ctx).pool, &c, id, version).await?,
        ))
    }

    /// ADMIN: adds a unit below an existing one.
    async fn create_org_unit(
        &self,
        ctx: &Context<'_>,
        input: CreateOrgUnitInput,
    ) -> ApiResult<OrgUnitNode> {
        let c = domain_ctx(ctx)?;
        let new = store::NewUnit {
            parent_id: uuid("parentId", &input.parent_id)?,
            name: input.name,
            kind: input.kind.into(),
            head_user_id: input
                .head_user_id
                .as_ref()
                .map(|h| uuid("headUserId", h))
                .transpose()?,
        };
        Ok(OrgUnitNode(
            store::create_unit(&state(ctx).pool, &c, new).await?,
        ))
    }

    /// ADMIN: renames, moves (no cycles) or re-heads a unit.
    async fn update_org_unit(
        &self,
        ctx: &Context<'_>,
        input: UpdateOrgUnitInput,
    ) -> ApiResult<OrgUnitNode> {
        let c = domain_ctx(ctx)?;
        let patch = store::UnitPatch {
            id: uuid("id", &input.id)?,
            version: input.version,
            name: input.name,
            kind: input.kind.map(Into::into),
            parent_id: input
                .parent_id
                .as_ref()
                .map(|p| uuid("parentId", p))
                .transpose()?,
            head_user_id: match &input.head_user_id {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(h) => Some(Some(uuid("headUserId", h)?)),
            },
        };
        Ok(OrgUnitNode(
            store::update_unit(&state(ctx).pool, &c, patch).await?,
        ))
    }

    /// ADMIN: deactivates an empty unit.
    async fn deactivate_org_unit(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> ApiResult<OrgUnitNode> {
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(OrgUnitNode(
            store::deactivate_unit(&state(ctx).pool, &c, id, version).await?,
        ))
    }

    /// ADMIN: a named read-only token for a dashboard app, optionally limited
    /// to a unit's subtree. The token is shown once.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        name: String,
        unit_id: Option<ID>,
    ) -> ApiResult<CreateApiTokenPayload> {
        let c = domain_ctx(ctx)?;
        let unit = unit_id.as_ref().map(|u| uuid("unitId", u)).transpose()?;
        let (token, row) = store::create_api_token(&state(ctx).pool, &c, &name, unit).await?;
        Ok(CreateApiTokenPayload {
            token,
            api_token: row.into(),
        })
    }

    /// ADMIN: revokes a token at once.
    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ApiTokenNode> {
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(store::revoke_api_token(&state(ctx).pool, &c, id)
            .await?
            .into())
    }
}
