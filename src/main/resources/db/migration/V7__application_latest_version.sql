-- The newest release of each application, kept with the application: the overview and trains read it per application
-- instead of grouping every release ever made (their cost no longer grows with history).
alter table applications add column latest_version bigint;

update applications set latest_version = (select max(r.version) from releases r where r.application = applications.name);
