-- Creates (or updates) the two TimeTrack roles and the database. Idempotent.
-- Run as a superuser, connected to any database other than the target one (e.g. postgres).
--
-- psql variables:
--   db              database name                  (e.g. timetrack)
--   owner           owner role: owns the database, runs migrations
--   owner_password  its password
--   app             app role: used by the running app, owns nothing, subject to row-level security
--   app_password    its password
--
-- Example:
--   psql -X -v ON_ERROR_STOP=1 -d postgres -v db=timetrack -v owner=timetrack_owner \
--        -v owner_password=secret1 -v app=timetrack_app -v app_password=secret2 -f roles.sql

\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = :'owner')
\gexec

ALTER ROLE :"owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT
    PASSWORD :'owner_password';

SELECT format('CREATE ROLE %I', :'app')
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = :'app')
\gexec

ALTER ROLE :"app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT
    PASSWORD :'app_password';

SELECT format('CREATE DATABASE %I WITH OWNER = %I TEMPLATE = template0 ENCODING = %L',
              :'db', :'owner', 'UTF8')
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = :'db')
\gexec

ALTER DATABASE :"db" OWNER TO :"owner";
