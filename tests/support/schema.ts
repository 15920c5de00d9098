import { sql, type Kysely } from "kysely";
import type { DB } from "../../db/schema";

/**
 * Everything the migrations and db/functions define, in a comparable form: tables and views with their
 * columns (types, defaults, nullability), types, constraints, indexes, sequences, functions, triggers,
 * extensions, and the migrations applied (names, in order; not when). Two databases with equal schemas
 * can hold different data — including the partitions of crm_opportunity, one per CRM snapshot (ADR 017),
 * which are left out with everything on them.
 */
export async function schemaOf(db: Kysely<DB>) {
  const partitions = new Set(
    (await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where c.relkind in ('r', 'p')`.execute(db)).rows.map(
      (r) => r.name,
    ),
  );
  const rows = async (query: ReturnType<typeof sql<Record<string, unknown>>>) =>
    (await query.execute(db)).rows.filter((row) => ![row.name, row.tableName, row.onTable, row.tablename].some((table) => partitions.has(String(table))));
  return {
    relations: await rows(sql`select c.relname as name, c.relkind as kind, c.relpersistence as persistence from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f') order by 1`),
    columns: await rows(sql`select table_name, column_name, ordinal_position, data_type, udt_name, character_maximum_length, numeric_precision,
      numeric_scale, datetime_precision, is_nullable, column_default, is_identity, identity_generation, is_generated, generation_expression
      from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`),
    types: await rows(sql`select t.typname as name, t.typtype as kind, format_type(t.typbasetype, t.typtypmod) as base,
      (select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) as labels
      from pg_type t where t.typnamespace = 'public'::regnamespace
        and (t.typtype in ('e', 'd', 'r', 'm') or (t.typtype = 'c' and (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c'))
      order by 1`),
    constraints: await rows(sql`select conrelid::regclass::text as on_table, conname, contype, pg_get_constraintdef(oid) as definition from pg_constraint
      where connamespace = 'public'::regnamespace order by 1, 2`),
    indexes: await rows(sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by tablename, indexname`),
    sequences: await rows(sql`select sequence_name, data_type, start_value, minimum_value, maximum_value, increment, cycle_option
      from information_schema.sequences where sequence_schema = 'public' order by 1`),
    views: await rows(sql`select viewname, definition from pg_views where schemaname = 'public' order by 1`),
    functions: await rows(sql`select proname, pg_get_functiondef(oid) as definition from pg_proc where pronamespace = 'public'::regnamespace order by 1, 2`),
    triggers: await rows(sql`select tgrelid::regclass::text as on_table, tgname, tgenabled, pg_get_triggerdef(oid) as definition from pg_trigger
      where not tgisinternal and tgrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace) order by 1, 2`),
    extensions: await rows(sql`select extname, extversion from pg_extension order by 1`),
    migrations: (await rows(sql`select name from kysely_migration order by timestamp, name`)).map((r) => r.name),
  };
}
