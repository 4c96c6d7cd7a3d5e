-- Database-level privileges for the TimeTrack app role. Idempotent.
-- Run as the database OWNER role, connected to the TimeTrack database, before the first migration.
-- (Per-table grants are applied by the app's `migrate` command; the default privileges below make
-- everything the owner creates later - EF tables, the hangfire schema - usable by the app role.)
--
-- psql variables:
--   db     database name   (e.g. timetrack)
--   owner  owner role      (e.g. timetrack_owner)
--   app    app role        (e.g. timetrack_app)
--
-- Example:
--   psql -X -v ON_ERROR_STOP=1 -U timetrack_owner -d timetrack \
--        -v db=timetrack -v owner=timetrack_owner -v app=timetrack_app -f grants.sql

\set ON_ERROR_STOP on

REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
GRANT USAGE ON SCHEMA public TO :"app";

ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE ON SCHEMAS TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE, SELECT ON SEQUENCES TO :"app";
