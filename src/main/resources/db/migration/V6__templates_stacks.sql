-- Templates, layered values and stacks.

-- A stack: a named group of applications deployed, removed, trained and locked together, with its layer of values.
create table stacks (
    name text primary key,
    description text,
    -- JSON object of values (nested or dotted names)
    template_values text not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);

alter table applications add constraint applications_stack foreign key (stack) references stacks (name);

-- An application's template and its layers of values. environments: JSON list of the environments a template
-- renders for (empty: all); environment_values: JSON object environment -> values.
alter table applications add column template text;
alter table applications add column template_values text;
alter table applications add column environment_values text;
alter table applications add column template_environments text;

-- The platform's default values, the lowest layer.
create table platform_values (
    id integer primary key,
    template_values text not null,
    updated_at timestamp with time zone not null
);

insert into platform_values (id, template_values, updated_at) values (1, '{}', timestamp with time zone '2026-01-01 00:00:00+00');
