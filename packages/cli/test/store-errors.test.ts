import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/index.js";
import { run, tempDir } from "./helpers.js";
import { EXAMPLE } from "./store-helpers.js";

describe("--store URLs", () => {
  it("refuses an unknown scheme, naming the ones it knows", async () => {
    const { code, stdout, stderr } = await run(["check", "--store", "redis://cache:6379/0"]);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "sigreg check: --store redis://cache:6379/0: unknown scheme 'redis:'; expected file:PATH, sqlite:PATH, postgres://…, postgresql://…, mysql://… or mariadb://…\n",
    );
  });

  it("hides the password of an unknown or malformed URL too", async () => {
    const unknown = await run(["export", "--store", "mongodb://admin:T0pSecret@db/x"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--store mongodb://admin:***@db/x: unknown scheme 'mongodb:'");
    const malformed = await run(["export", "--store", "postgres://admin:T0pSecret@[bad/x"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toBe(
      "sigreg export: --store postgres://admin:***@[bad/x: not a valid URL\n",
    );
    expect(unknown.stderr + malformed.stderr).not.toContain("T0pSecret");
  });

  it.each([
    ["postgres", "postgres://sigreg:Sup3r-S3cret@127.0.0.1:1/sigreg", "postgres"],
    ["postgresql", "postgresql://sigreg:Sup3r-S3cret@127.0.0.1:1/sigreg", "postgres"],
    ["mysql", "mysql://sigreg:Sup3r-S3cret@127.0.0.1:1/sigreg", "mysql"],
    ["mariadb", "mariadb://sigreg:Sup3r-S3cret@127.0.0.1:1/sigreg", "mysql"],
  ])("%s: a refused connection exits 2 and never prints the password", async (_, url, driver) => {
    const { code, stdout, stderr } = await run(["verify-evidence", "--store", url]);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `sigreg verify-evidence: ${url.replace("Sup3r-S3cret", "***")}: could not connect to ${driver}: connect ECONNREFUSED 127.0.0.1:1 [CONNECTION_FAILED]\n`,
    );
  });

  it("the password is hidden in its percent-encoded and decoded forms", async () => {
    const { stderr } = await run(["check", "--store", "postgres://u:p%40ss%2Fw0rd@127.0.0.1:1/db"]);
    expect(stderr).toContain("postgres://u:***@127.0.0.1:1/db");
    expect(stderr).not.toMatch(/p%40ss|p@ss/);
  });

  it("refuses a sqlite: or file: URL without a path", async () => {
    const sqlite = await run(["migrate", "--store", "sqlite:"]);
    expect(sqlite.code).toBe(2);
    expect(sqlite.stderr).toContain("expected a database file, for example sqlite:./sigreg.db");
    const file = await run(["export", "--store", "file:"]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain("expected a path, for example file:./register.yaml");
  });

  it("a file store that does not exist is an error, not a new empty register", async () => {
    const dir = await tempDir();
    for (const argv of [
      ["activity", "--group", "g", "--type", "meeting"],
      ["export", "--store", "regsiter.yaml"],
      ["check", "--store", "file:./regsiter.yaml"],
    ]) {
      const { code, stderr } = await run(argv, { cwd: dir });
      expect(code).toBe(2);
      expect(stderr).toMatch(
        /: no such register file; create it with: sigreg init, or sigreg import FILE --store /,
      );
    }
  });
});

describe("--tenant and --actor", () => {
  it("refuses a tenant id that is not an id, before opening the store", async () => {
    const { code, stderr } = await run([
      "review",
      "--reviewer",
      "alice",
      "--tenant",
      "acme corp",
      "--store",
      "postgres://u:pw@127.0.0.1:1/db",
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `sigreg review: invalid --tenant "acme corp": expected letters, digits, '.', '_', ':' or '-', starting with a letter or digit\n\nRun 'sigreg help review' for usage.\n`,
    );
  });

  it("refuses an empty --actor", async () => {
    const { code, stderr } = await run([
      "activity",
      "--group",
      "g",
      "--type",
      "meeting",
      "--actor",
      " ",
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("sigreg activity: --actor must not be empty");
  });

  it("check takes --tenant only with --store, and a file or --store, not both", async () => {
    const tenant = await run(["check", EXAMPLE, "--tenant", "acme"]);
    expect(tenant.code).toBe(2);
    expect(tenant.stderr).toContain("sigreg check: --tenant needs --store");
    const both = await run(["check", EXAMPLE, "--store", "sqlite:./x.db"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("sigreg check: give a register file or --store, not both");
  });
});

describe("missing and conflicting arguments exit 2 with the command's usage", () => {
  it.each([
    [
      ["activity", "--type", "meeting"],
      "sigreg activity: --group is required",
      "Usage: sigreg activity",
    ],
    [
      ["activity", "--group", "cisa"],
      "sigreg activity: --type is required",
      "Usage: sigreg activity",
    ],
    [["review"], "sigreg review: --reviewer is required", "Usage: sigreg review"],
    [
      ["triage", "--by", "x", "--share", "#c"],
      "sigreg triage: expected an alert id",
      "Usage: sigreg triage",
    ],
    [
      ["triage", "al-1", "--share", "#c"],
      "sigreg triage: --by is required",
      "Usage: sigreg triage",
    ],
    [
      ["triage", "al-1", "--by", "x"],
      "sigreg triage: expected one of --share CHANNEL, --action TYPE or --dismiss REASON",
      "Usage: sigreg triage",
    ],
    [
      ["triage", "al-1", "--by", "x", "--share", "#c", "--dismiss", "no"],
      "sigreg triage: expected one decision, got --share and --dismiss",
      "Usage: sigreg triage",
    ],
    [
      ["triage", "al-1", "--by", "x", "--share", "#c", "--ref", "SEC-1"],
      "sigreg triage: --ref goes with --action",
      "Usage: sigreg triage",
    ],
    [
      ["triage", "al-1", "--by", "x", "--dismiss"],
      "sigreg triage: option '--dismiss' expects a value",
      "Usage: sigreg triage",
    ],
    [["import"], "sigreg import: expected a register file", "Usage: sigreg import"],
    [
      ["import", "a.yaml", "b.yaml"],
      "sigreg import: unexpected argument 'b.yaml'",
      "Usage: sigreg import",
    ],
    [
      ["export", "out.yaml"],
      "sigreg export: unexpected argument 'out.yaml'",
      "Usage: sigreg export",
    ],
    [
      ["migrate", "--tenant", "acme"],
      "sigreg migrate: unknown option '--tenant'",
      "Usage: sigreg migrate",
    ],
    [
      ["verify-evidence", "--actor", "me"],
      "sigreg verify-evidence: unknown option '--actor'",
      "Usage: sigreg verify-evidence",
    ],
  ])("%j", async (argv, message, usage) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr.split("\n")[0]).toBe(message);
    expect(stderr).toContain(usage);
  });

  it("refuses an unknown --mode or --format naming the accepted values", async () => {
    const mode = await run(["import", EXAMPLE, "--mode", "upsert"]);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain(
      "sigreg import: invalid --mode 'upsert': expected replace or merge",
    );
    const format = await run(["export", "--format", "toml"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain(
      "sigreg export: invalid --format 'toml': expected yaml or json",
    );
  });

  it("import names a file it cannot read before touching the store", async () => {
    const dir = await tempDir();
    const missing = await run(
      ["import", "missing.yaml", "--store", "postgres://u:pw@127.0.0.1:1/db"],
      {
        cwd: dir,
      },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "sigreg import: cannot read missing.yaml: no such file [FILE_UNREADABLE]\n",
    );
    const directory = await run(["import", "."], { cwd: dir });
    expect(directory.code).toBe(2);
    expect(directory.stderr).toBe(
      "sigreg import: cannot read .: is a directory, not a register file [FILE_UNREADABLE]\n",
    );
  });

  it("a store migrate does not know exits 2 before anything is created", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "register.yaml"), "organisation: { name: X }\n");
    const { code, stderr } = await run(["migrate", "--store", "ftp://host/x"], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain("unknown scheme 'ftp:'");
  });
});

describe("help", () => {
  it("sigreg --help lists the store commands and the store URLs", async () => {
    const { stdout } = await run(["--help"]);
    for (const command of [
      "import <file>",
      "export",
      "migrate",
      "verify-evidence",
      "review",
      "activity",
      "triage <alert>",
    ])
      expect(stdout).toContain(`  ${command} `);
    expect(stdout).toContain(
      "file:./register.yaml (default; a bare path is a file too), sqlite:./sigreg.db",
    );
  });

  it.each([
    ["import", "--mode MODE"],
    ["export", "--output FILE"],
    ["migrate", "--store URL"],
    ["verify-evidence", "--format FORMAT"],
    ["review", "--reviewer PERSON"],
    ["activity", "--group ID"],
    ["triage", "--dismiss REASON"],
    ["check", "--store URL"],
  ])("sigreg help %s and %s --help describe its options", async (command, option) => {
    const viaHelp = await run(["help", command]);
    const viaFlag = await run([command, "--help"]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain(`Usage: sigreg ${command}`);
    expect(viaHelp.stdout).toContain(option);
    expect(viaFlag.stdout).toBe(viaHelp.stdout);
  });
});
