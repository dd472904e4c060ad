-- What the overview shows of each deployment, copied from its release when it is deployed (releases never change):
-- the overview reads deployments alone instead of looking up a release and a manifest per cell.
alter table deployments add column display_version text;
alter table deployments add column violations text;

update deployments set
    display_version = (select r.display_version from releases r
        where r.application = deployments.application and r.version = deployments.version),
    violations = (select m.violations from release_manifests m
        where m.application = deployments.application and m.version = deployments.version
            and m.environment = deployments.environment);
