-- PostgreSQL's 0007_period_indexes.sql: the same indexes over the fields'
-- jsonb text values, in byte order as every other text column (the
-- expressions are the ones store.PeriodRows writes).
CREATE INDEX rows_measured ON rows(commune_id, (((fields::jsonb) ->> 'measured_on') COLLATE "C")) WHERE entity = 'health_check';
CREATE INDEX rows_held ON rows(commune_id, (((fields::jsonb) ->> 'held_on') COLLATE "C")) WHERE entity = 'meeting';
CREATE INDEX rows_meeting ON rows((((fields::jsonb) ->> 'meeting_id') COLLATE "C")) WHERE entity = 'attendance';
CREATE INDEX rows_club_seq ON rows(club_id, seq);
