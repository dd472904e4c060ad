-- The Helm chart an application declares (configuration as code), as JSON: a reference and exact version, or a chart
-- directory of the platform with the name, version and digest of its packed archive. Releases without a chart of
-- their own are rendered from it.
alter table applications add column chart text;

-- Packed chart archives of declared chart directories, by their sha256 digest: the same directory applied again, or by
-- another application, is kept once, and a release renders the archive its application declared at the time.
create table chart_archives (
    digest text primary key,
    archive bytea not null
);
