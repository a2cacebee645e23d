-- Tributary store, version 4: a connector's checkpoint may hold a cursor per container (e.g. per
-- GitHub repository of an organization), far beyond 16,000 characters. Safe to run again.
ALTER TABLE instances ALTER COLUMN checkpoint SET DATA TYPE VARCHAR(16777216);
