-- The statement's balances are sums over the account's history: the summary's current balance
-- and, on each page, what came before its oldest line. With the amount in the index those sums
-- read only index pages, a few per account, instead of one heap page per movement (an account's
-- movements arrive month by month, so they lie on different pages). Same key as the index it
-- replaces, so every other reader of that one is served by this one.
CREATE INDEX account_movements_account_balance ON account_movements (tenant_id, account_id, movement_date, id) INCLUDE (amount);
DROP INDEX account_movements_account_date;
