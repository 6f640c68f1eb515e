// Runs the migrations in order on either store; both record progress in kysely_migration.
import { Migrator, sql, type Migration, type MigrationProvider } from "kysely";
import type { Store } from "./db.ts";
import * as core from "./migrations/001_core.ts";
import * as cooperation from "./migrations/002_cooperation.ts";
import * as ingest from "./migrations/003_ingest.ts";
import * as mfa from "./migrations/004_mfa.ts";
import * as accessGeneration from "./migrations/005_access_generation.ts";
import * as searchMarkings from "./migrations/006_search_markings.ts";
import * as agendaByAction from "./migrations/008_agenda_by_action.ts";
import * as auditQueue from "./migrations/010_audit_queue.ts";
import * as idempotency from "./migrations/013_idempotency.ts";
import * as signinEvents from "./migrations/016_signin_events.ts";
import * as recoveryCodes from "./migrations/017_recovery_codes.ts";
import * as accountChanges from "./migrations/018_account_changes.ts";
import * as versionMarkings from "./migrations/020_version_markings_draft_outcomes.ts";
import * as notifications from "./migrations/029_notifications.ts";
import * as auditFilters from "./migrations/032_audit_filters.ts";
import * as federation from "./migrations/035_federation.ts";
import * as authGeneration from "./migrations/040_auth_generation.ts";
import * as federationContributions from "./migrations/041_federation_contributions.ts";
import * as markingAdditions from "./migrations/043_marking_additions.ts";
import * as actionsMarkingDueKey from "./migrations/044_actions_marking_due_key.ts";
import * as searchTerms from "./migrations/046_search_terms.ts";
import * as actionsMarkingDueKeySqlite from "./migrations/047_actions_marking_due_key_sqlite.ts";
import * as searchMarkingWords from "./migrations/048_search_marking_words.ts";
import * as searchMarkedWords from "./migrations/049_search_marked_words.ts";
import * as searchDocsSerial from "./migrations/050_search_docs_serial.ts";
import * as documentsShownSqlite from "./migrations/051_documents_shown_sqlite.ts";
import * as recordsRefPg from "./migrations/052_records_ref_pg.ts";
import * as searchPeriodWords from "./migrations/053_search_period_words.ts";
import * as searchMarkedUsermerge from "./migrations/054_search_marked_usermerge.ts";
import * as recordsMarkingKindShownPg from "./migrations/055_records_marking_kind_shown_pg.ts";
import * as recordsRefHashPg from "./migrations/056_records_ref_hash_pg.ts";
import * as searchIndexNoPendingPg from "./migrations/057_search_index_no_pending_pg.ts";

const MIGRATIONS = { "001_core": core, "002_cooperation": cooperation, "003_ingest": ingest, "004_mfa": mfa, "005_access_generation": accessGeneration, "006_search_markings": searchMarkings, "008_agenda_by_action": agendaByAction, "010_audit_queue": auditQueue, "013_idempotency": idempotency, "016_signin_events": signinEvents, "017_recovery_codes": recoveryCodes, "018_account_changes": accountChanges, "020_version_markings_draft_outcomes": versionMarkings, "029_notifications": notifications, "032_audit_filters": auditFilters, "035_federation": federation, "040_auth_generation": authGeneration, "041_federation_contributions": federationContributions, "043_marking_additions": markingAdditions, "044_actions_marking_due_key": actionsMarkingDueKey, "046_search_terms": searchTerms, "047_actions_marking_due_key_sqlite": actionsMarkingDueKeySqlite, "048_search_marking_words": searchMarkingWords, "049_search_marked_words": searchMarkedWords, "050_search_docs_serial": searchDocsSerial, "051_documents_shown_sqlite": documentsShownSqlite, "052_records_ref_pg": recordsRefPg, "053_search_period_words": searchPeriodWords, "054_search_marked_usermerge": searchMarkedUsermerge, "055_records_marking_kind_shown_pg": recordsMarkingKindShownPg, "056_records_ref_hash_pg": recordsRefHashPg, "057_search_index_no_pending_pg": searchIndexNoPendingPg } as const;

export async function migrate(store: Store): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, store.dialect) };
      return out;
    },
  };
  // On PostgreSQL, name the schema: otherwise Kysely finds its tables in any schema on the path
  // of the catalogue, and stores that share a database in different schemas trip over each other.
  const migrationTableSchema = store.dialect === "postgres"
    ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]?.s
    : undefined;
  // Migrations are independent of one another, so one added beside another in parallel work may run after it.
  const { error, results } = await new Migrator({ db: store.db, provider, allowUnorderedMigrations: true, ...(migrationTableSchema ? { migrationTableSchema } : {}) }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
