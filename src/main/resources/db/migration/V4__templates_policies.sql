-- Policy violations found in each release manifest when it was accepted (JSON list, all rules; environments apply
-- their own severities when deploying and showing). Null for manifests accepted before policies existed.
alter table release_manifests add column violations text;
