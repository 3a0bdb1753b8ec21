import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type TableNode,
  type UnknownRow,
} from "kysely";
import { SqlStorageError } from "./errors.js";

/** The SQL databases the adapter speaks. */
export type SqlDialect = "sqlite" | "postgres" | "mysql";

/** Default prefix of the adapter's tables: `sigreg_records`, `sigreg_evidence`… */
export const DEFAULT_TABLE_PREFIX = "sigreg_";

/** A row of the records table. @internal */
export interface RecordRow {
  tenant: string;
  collection: string;
  id: string;
  version: number;
  data: string;
  updated_at: string;
}

/** A row of the evidence table; every field is a column so that tampering can be shown. @internal */
export interface EvidenceRow {
  tenant: string;
  seq: number | string | bigint;
  at: string;
  actor: string;
  action: string;
  subject_collection: string;
  subject_id: string;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** A row of the outbox table. @internal */
export interface OutboxRow {
  id: string;
  tenant: string;
  topic: string;
  payload: string;
  created_at: string;
  status: string;
  attempts: number;
  last_error: string | null;
  available_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  delivered_at: string | null;
  receipt: string | null;
}

/** A row of the migrations table. @internal */
export interface MigrationRow {
  version: number;
  name: string;
  applied_at: string;
}

/** The adapter's tables under their unprefixed names; the prefix plugin renames them. @internal */
export interface SigregDatabase {
  records: RecordRow;
  evidence: EvidenceRow;
  outbox: OutboxRow;
  migrations: MigrationRow;
}

/** Logical name of each table → its name in the database. @internal */
export type TableNames = Readonly<Record<keyof SigregDatabase, string>>;

/** The real table names for a prefix; the prefix must be a plain identifier. @internal */
export function tableNames(prefix: string): TableNames {
  // Table and index names are spliced into DDL and must fit MySQL's 64 and Postgres' 63 characters.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(prefix)) {
    throw new SqlStorageError(
      "INVALID_OPTIONS",
      `tablePrefix ${JSON.stringify(prefix)} must be letters, digits and underscores (at most 40, not starting with a digit)`,
    );
  }
  return {
    records: `${prefix}records`,
    evidence: `${prefix}evidence`,
    outbox: `${prefix}outbox`,
    migrations: `${prefix}migrations`,
  };
}

/** Renames the logical table names of every query to the prefixed ones. @internal */
export class TablePrefixPlugin implements KyselyPlugin {
  readonly #transformer: TableRenamer;

  constructor(names: TableNames) {
    this.#transformer = new TableRenamer(names);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

class TableRenamer extends OperationNodeTransformer {
  readonly #names: Readonly<Record<string, string>>;

  constructor(names: TableNames) {
    super();
    this.#names = names;
  }

  protected override transformTable(node: TableNode, queryId?: QueryId): TableNode {
    const transformed = super.transformTable(node, queryId);
    const identifier = transformed.table.identifier;
    const renamed = Object.hasOwn(this.#names, identifier.name)
      ? this.#names[identifier.name]
      : undefined;
    if (renamed === undefined) return transformed;
    return {
      ...transformed,
      table: { ...transformed.table, identifier: { ...identifier, name: renamed } },
    };
  }
}
