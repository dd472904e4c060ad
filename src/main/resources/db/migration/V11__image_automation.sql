-- Holds: a person's rollback keeps automation (auto-deploy, image automation) away from that application in that
-- environment until the hold is released or a newer version is deployed by hand. No foreign keys: a hold outlives
-- nothing it names (deleting an environment or an application drops its holds in the same transaction, or they are
-- ignored).
create table deployment_holds (
    application text not null,
    environment text not null,
    version bigint not null,
    held_at timestamp with time zone not null,
    actor_name text not null,
    actor_email text not null,
    reason text not null,
    primary key (application, environment)
);

-- Image sources: an application's image repository, how to sign in to its registry (a user name and a file holding
-- the password: no secret is stored here), how often to look, the template parameters that receive the tag and the
-- digest, and the tag policy (JSON: policy, filterTags, exclusionList).
create table image_sources (
    application text not null,
    name text not null,
    image text not null,
    username text,
    password_file text,
    interval_seconds bigint not null,
    interval_text text not null,
    tag_parameter text not null,
    digest_parameter text,
    policy text not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    primary key (application, name)
);

-- What the last scan of each source found and did: when, the error if it failed, the tag list's ETag, the newest
-- candidate, the tag last released and its version, and why the newest candidate was or was not released.
create table image_source_scans (
    application text not null,
    name text not null,
    scanned_at timestamp with time zone,
    next_scan_at timestamp with time zone not null,
    last_error text,
    tags_etag text,
    newest_tag text,
    newest_digest text,
    released_tag text,
    released_version bigint,
    outcome text,
    primary key (application, name),
    foreign key (application, name) references image_sources (application, name) on delete cascade
);
