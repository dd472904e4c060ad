-- Releases rendered from a Helm chart: what was rendered (the reference, the chart's name and version, the sha256 of
-- the archive, and the archive itself) and, per environment, the merged values it was rendered with, so that a
-- release can be rendered again to the same manifests and its values compared with another release's.
create table chart_releases (
    application text not null,
    version bigint not null,
    source text not null,
    reference text not null,
    chart_name text not null,
    chart_version text not null,
    app_version text,
    digest text not null,
    archive bytea not null,
    primary key (application, version),
    foreign key (application, version) references releases (application, version)
);

create table chart_release_values (
    application text not null,
    version bigint not null,
    environment text not null,
    values_json text not null,
    primary key (application, version, environment),
    foreign key (application, version) references chart_releases (application, version)
);
