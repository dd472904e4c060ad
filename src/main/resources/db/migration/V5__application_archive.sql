-- Deleting an application (configuration as code, --prune) archives it: its releases stay, because history is never
-- deleted; an archived application is hidden, and a new release or declaration brings it back.
alter table applications add column archived_at timestamp with time zone;
