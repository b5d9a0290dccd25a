-- CUS-4: the pool reclaim scan reads owned, non-strategic, non-key-account
-- customers by the instant their idle time counts from.
CREATE INDEX customers_pool_reclaim_idx ON customers ((COALESCE(last_interaction_at, owned_since, created_at)), id)
    WHERE owner_id IS NOT NULL AND NOT key_account AND grade <> 'STRATEGIC';
