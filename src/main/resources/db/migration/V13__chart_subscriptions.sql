-- Chart subscriptions: an application's chart (an OCI reference, or a chart name with its repository's URL), the
-- semver range of versions to release, how often to look, and whether pre-release versions count.
create table chart_subscriptions (
    application text not null,
    name text not null,
    chart text not null,
    repository text,
    version_range text not null,
    interval_seconds bigint not null,
    interval_text text not null,
    pre_releases boolean not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    primary key (application, name)
);

-- What the last scan of each subscription found and did: when, the error if it failed, the newest version in range,
-- the chart version released last and the release's version, and why the newest was or was not released.
create table chart_subscription_scans (
    application text not null,
    name text not null,
    scanned_at timestamp with time zone,
    next_scan_at timestamp with time zone not null,
    last_error text,
    newest_chart_version text,
    released_chart_version text,
    released_version bigint,
    outcome text,
    primary key (application, name),
    foreign key (application, name) references chart_subscriptions (application, name) on delete cascade
);
