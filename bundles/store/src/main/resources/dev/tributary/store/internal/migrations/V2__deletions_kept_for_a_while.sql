-- Tributary store, version 2: deletions (tombstones) are pruned once old enough. When each happened,
-- and the highest sequence pruned (a follower of the feed that applied less must rebuild).
ALTER TABLE tombstones ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;

CREATE CACHED TABLE IF NOT EXISTS change_feed (
  id              INT PRIMARY KEY,
  pruned_through  BIGINT NOT NULL
);

MERGE INTO change_feed f USING (VALUES (1, 0)) AS v(id, p) ON f.id = v.id WHEN NOT MATCHED THEN INSERT VALUES (v.id, v.p);
