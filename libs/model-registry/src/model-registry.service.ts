import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AuditLog, openMigratedDataSource, type DataSource } from '@hitscreen/db';
import { listModels, modelsDir, type ModelCard } from '@hitscreen/models';
import {
  evaluateModelDir,
  evaluationSetPath,
  findEvaluationSet,
  headlineOfCard,
  headlineOfEvaluation,
  type EvaluationSet,
} from './evaluation';
import { checkModelDir } from './model-check';
import { compareModelFiles, filesDigest, hashModelFiles, type ModelFile } from './model-files';
import {
  MODEL_REGISTRY_ENTITIES,
  MODEL_REGISTRY_MIGRATIONS,
  ModelPromotionEntity,
  ModelShadowReportEntity,
  ModelVersionEntity,
  type ModelPromotionRecord,
  type ModelShadowReportRecord,
  type ModelStatus,
  type ModelVersionRecord,
} from './persistence';
import { gatePromotion, type GateVerdict, type HeadlineMetrics } from './promotion-gate';

/** A refused registry change (unknown version, wrong status, files that changed); the message says why. */
export class ModelRegistryError extends Error {
  constructor(
    message: string,
    /** `not-found` for an unknown name/version, `refused` for everything else. */
    readonly kind: 'not-found' | 'refused' = 'refused',
  ) {
    super(message);
    this.name = 'ModelRegistryError';
  }
}

/** A promotion the gate refused: the stored comparison, with the numbers in the message. */
export class PromotionRefusedError extends ModelRegistryError {
  constructor(readonly promotion: PromotionView) {
    super(
      `promotion of ${promotion.name} ${promotion.version} refused: ${promotion.comparison.reasons.join('; ')}`,
    );
    this.name = 'PromotionRefusedError';
  }
}

/** Who made a change: `user:<id>` (an admin through the API) or `cli`. */
export type ChangedBy = string;

export interface ModelVersionView {
  name: string;
  version: string;
  status: ModelStatus;
  shadow: boolean;
  dir: string;
  featurizerVersion: string;
  filesSha256: string;
  files: ModelFile[];
  trainingData: ModelCard['trainingData'];
  headline: ModelCard['metrics']['headline'];
  registeredBy: string;
  registeredAt: string;
  promotedBy: string | null;
  promotedAt: string | null;
  retiredBy: string | null;
  retiredAt: string | null;
}

export interface PromotionComparison extends GateVerdict {
  evaluationSet?: EvaluationSet & { molecules: number };
  production?: HeadlineMetrics;
  candidate?: HeadlineMetrics;
  note?: string;
}

export interface PromotionView {
  id: string;
  name: string;
  version: string;
  productionVersion: string | null;
  verdict: 'accepted' | 'refused';
  basis: 'evaluation-set' | 'card-metrics' | 'first-version';
  comparison: PromotionComparison;
  requestedBy: string;
  at: string;
}

export interface ShadowReportView {
  screenId: string;
  name: string;
  version: string;
  productionVersion: string;
  molecules: number;
  truncated: boolean;
  tasks: Record<string, unknown>;
  at: string;
}

export interface ModelVersionDetail extends ModelVersionView {
  card: ModelCard;
  promotions: PromotionView[];
  shadowReports: ShadowReportView[];
}

/** What new screens score a model with, checked against the registry (`verifyServed`). */
export interface ServedModel {
  name: string;
  /** The version new screens record: the production version, else the card of `models/<name>/` (null: unreadable). */
  version: string | null;
  /** Where its files are loaded from: the registered directory of the production version, else `models/<name>/`. */
  dir: string;
  /** The registry's status of that version (null: not registered). */
  status: ModelStatus | null;
  /** The files are exactly the registered ones. */
  filesMatch: boolean;
  /** The name's production version in the registry. */
  production: string | null;
  /** Empty when the model is served from a registered production version whose files are unchanged. */
  problems: string[];
}

export interface RegistryDatabase {
  databaseUrl: string;
  databaseSchema?: string;
}

const now = () => new Date().toISOString();

function view(r: ModelVersionRecord): ModelVersionView {
  const card = JSON.parse(r.card) as ModelCard;
  return {
    name: r.name,
    version: r.version,
    status: r.status,
    shadow: !!r.shadow,
    dir: r.dir,
    featurizerVersion: r.featurizerVersion,
    filesSha256: r.filesSha256,
    files: JSON.parse(r.files) as ModelFile[],
    trainingData: JSON.parse(r.trainingData) as ModelCard['trainingData'],
    headline: card.metrics.headline,
    registeredBy: r.registeredBy,
    registeredAt: r.registeredAt,
    promotedBy: r.promotedBy,
    promotedAt: r.promotedAt,
    retiredBy: r.retiredBy,
    retiredAt: r.retiredAt,
  };
}

const promotionView = (p: ModelPromotionRecord): PromotionView => ({
  ...p,
  basis: p.basis as PromotionView['basis'],
  comparison: JSON.parse(p.comparison) as PromotionComparison,
});

const reportView = (r: ModelShadowReportRecord): ShadowReportView => ({
  ...r,
  truncated: !!r.truncated,
  tasks: JSON.parse(r.tasks) as Record<string, unknown>,
});

/**
 * The model registry on the platform database: versions with their files' hashes, gated promotion, retirement and
 * shadow flags. Every change is audited with its actor (`model.register`, `model.promote` accepted or denied with
 * the numbers, `model.retire`, `model.shadow`). Directories are recorded relative to the models root, so a
 * registry moves with the installation.
 */
export class ModelRegistry {
  private readonly audit: AuditLog;

  constructor(
    readonly dataSource: DataSource,
    /** The models root (`HITSCREEN_MODELS_DIR` or `<repo>/models`). */
    readonly root: string = modelsDir(),
  ) {
    this.audit = new AuditLog(dataSource);
  }

  /** Opens the registry on `databaseUrl` and brings its tables up to date; the caller closes it. */
  static async open(database: RegistryDatabase, root?: string): Promise<ModelRegistry> {
    const dataSource = await openMigratedDataSource({
      url: database.databaseUrl,
      schema: database.databaseSchema,
      entities: MODEL_REGISTRY_ENTITIES,
      migrations: MODEL_REGISTRY_MIGRATIONS,
    });
    return new ModelRegistry(dataSource, root);
  }

  close(): Promise<void> {
    return this.dataSource.destroy();
  }

  /** Where a recorded `dir` is on this machine. */
  absoluteDir(dir: string): string {
    return isAbsolute(dir) ? dir : resolve(this.root, dir);
  }

  private recordedDir(dir: string): string {
    const rel = relative(this.root, resolve(dir));
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : resolve(dir);
  }

  private get versions() {
    return this.dataSource.getRepository(ModelVersionEntity);
  }

  private async record(name: string, version: string): Promise<ModelVersionRecord> {
    const found = await this.versions.findOneBy({ name, version });
    if (!found)
      throw new ModelRegistryError(`no registered version ${version} of model ${name}`, 'not-found');
    return found;
  }

  /**
   * Registers the model in `dir` after checking it (card contract, featurizer, files the card names, ONNX parity)
   * and hashing every file. A name's first version becomes production; later ones are candidates. Registering the
   * same files again answers the existing version; other files under a registered name and version are refused.
   */
  async register(dir: string, by: ChangedBy): Promise<{ created: boolean; version: ModelVersionView }> {
    const card = await checkModelDir(dir);
    const files = await hashModelFiles(dir);
    const digest = filesDigest(files);
    const existing = await this.versions.findOneBy({ name: card.name, version: card.version });
    if (existing) {
      if (existing.filesSha256 === digest) return { created: false, version: view(existing) };
      await this.audit.append({
        actor: by,
        action: 'model.register',
        resource: `models/${card.name}/${card.version}`,
        outcome: 'denied',
        details: { dir, reason: 'registered with other files' },
      });
      throw new ModelRegistryError(
        `${card.name} ${card.version} is registered already with other files (${existing.dir}, digest ` +
          `${existing.filesSha256}; ${dir} has ${digest}): give the new model its own card version`,
      );
    }
    const first = (await this.versions.countBy({ name: card.name })) === 0;
    const at = now();
    const record: ModelVersionRecord = {
      name: card.name,
      version: card.version,
      status: first ? 'production' : 'candidate',
      shadow: false,
      dir: this.recordedDir(dir),
      card: JSON.stringify(card),
      featurizerVersion: card.featurizerVersion,
      files: JSON.stringify(files),
      filesSha256: digest,
      trainingData: JSON.stringify(card.trainingData),
      registeredBy: by,
      registeredAt: at,
      promotedBy: first ? by : null,
      promotedAt: first ? at : null,
      retiredBy: null,
      retiredAt: null,
    };
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(ModelVersionEntity).insert(record);
      if (first)
        await m.getRepository(ModelPromotionEntity).insert({
          id: randomUUID(),
          name: card.name,
          version: card.version,
          productionVersion: null,
          verdict: 'accepted',
          basis: 'first-version',
          comparison: JSON.stringify({
            verdict: 'accepted',
            comparisons: [],
            reasons: [],
            note: 'the first registered version of a name is production: there is nothing to compare it with',
          } satisfies PromotionComparison),
          requestedBy: by,
          at,
        });
    });
    await this.audit.append({
      actor: by,
      action: 'model.register',
      resource: `models/${card.name}/${card.version}`,
      outcome: 'allowed',
      details: { dir: record.dir, status: record.status, filesSha256: digest, files: files.length },
    });
    return { created: true, version: view(record) };
  }

  /** Every version, by name then registration time; `name` narrows to one model. */
  async list(name?: string): Promise<ModelVersionView[]> {
    const rows = await this.versions.find({
      where: name ? { name } : {},
      order: { name: 'ASC', registeredAt: 'ASC', version: 'ASC' },
    });
    return rows.map(view);
  }

  /** The production version of each name (or of one). */
  async production(name: string): Promise<ModelVersionView | undefined> {
    const row = await this.versions.findOneBy({ name, status: 'production' });
    return row ? view(row) : undefined;
  }

  /** One version with its card, its promotion attempts and its shadow reports (newest first). */
  async get(name: string, version: string): Promise<ModelVersionDetail> {
    const record = await this.record(name, version);
    const promotions = await this.dataSource
      .getRepository(ModelPromotionEntity)
      .find({ where: { name, version }, order: { at: 'DESC', id: 'ASC' } });
    const reports = await this.dataSource
      .getRepository(ModelShadowReportEntity)
      .find({ where: { name, version }, order: { at: 'DESC', screenId: 'ASC' } });
    return {
      ...view(record),
      card: JSON.parse(record.card) as ModelCard,
      promotions: promotions.map(promotionView),
      shadowReports: reports.map(reportView),
    };
  }

  /**
   * What new screens are served with, per model: the production version from its registered directory (screens
   * load it from there, `models/<name>/` need not hold it), or `models/<name>/` for a name without a production
   * version. Problems: a production version whose files changed since registration, and a served directory the
   * registry does not hold as production (an unregistered model is served unchecked).
   */
  async verifyServed(): Promise<ServedModel[]> {
    const served: ServedModel[] = [];
    const productions = await this.versions.find({ where: { status: 'production' } });
    for (const production of productions) {
      const problems = await compareModelFiles(
        this.absoluteDir(production.dir),
        JSON.parse(production.files) as ModelFile[],
      );
      served.push({
        name: production.name,
        version: production.version,
        dir: production.dir,
        status: 'production',
        filesMatch: problems.length === 0,
        production: production.version,
        problems,
      });
    }
    for (const entry of listModels(this.root)) {
      const name = entry.card?.name ?? entry.name;
      if (productions.some((p) => p.name === name)) continue;
      const dir = this.recordedDir(entry.dir);
      if (!entry.card) {
        served.push({
          name,
          version: null,
          dir,
          status: null,
          filesMatch: false,
          production: null,
          problems: [entry.error ?? 'no card'],
        });
        continue;
      }
      const { version } = entry.card;
      const record = await this.versions.findOneBy({ name, version });
      const problems = record
        ? await compareModelFiles(entry.dir, JSON.parse(record.files) as ModelFile[])
        : ['not registered'];
      const filesMatch = !!record && problems.length === 0;
      if (record) problems.push(`served version ${version} is ${record.status}; no version is production`);
      served.push({
        name,
        version,
        dir,
        status: record?.status ?? null,
        filesMatch,
        production: null,
        problems,
      });
    }
    return served.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The files of a version against what its directory holds now (problems, or empty when unchanged). */
  async verifyFiles(name: string, version: string): Promise<string[]> {
    const record = await this.record(name, version);
    return compareModelFiles(this.absoluteDir(record.dir), JSON.parse(record.files) as ModelFile[]);
  }

  private async unchanged(record: ModelVersionRecord): Promise<void> {
    const problems = await compareModelFiles(
      this.absoluteDir(record.dir),
      JSON.parse(record.files) as ModelFile[],
    );
    if (problems.length > 0)
      throw new ModelRegistryError(
        `${record.name} ${record.version}: the files in ${record.dir} are not the registered ones (${problems.slice(0, 5).join('; ')})`,
      );
  }

  /**
   * Promotes a candidate when the gate passes: both versions are re-evaluated on the name's evaluation set (or,
   * without one, compared by their cards' test metrics, which the stored comparison says). The attempt is stored
   * and audited either way; a refusal throws PromotionRefusedError with the numbers. On success the previous
   * production version is retired.
   */
  async promote(name: string, version: string, by: ChangedBy): Promise<PromotionView> {
    const candidate = await this.record(name, version);
    if (candidate.status !== 'candidate')
      throw new ModelRegistryError(`${name} ${version} is ${candidate.status}, not a candidate`);
    const production = await this.versions.findOneBy({ name, status: 'production' });
    await this.unchanged(candidate);
    if (production) await this.unchanged(production);

    let basis: PromotionView['basis'];
    let comparison: PromotionComparison;
    if (!production) {
      basis = 'first-version';
      comparison = {
        verdict: 'accepted',
        comparisons: [],
        reasons: [],
        note: 'no production version (all retired): nothing to compare with',
      };
    } else {
      const candidateCard = JSON.parse(candidate.card) as ModelCard;
      const productionCard = JSON.parse(production.card) as ModelCard;
      const taskSignature = (c: ModelCard) => c.tasks.map((t) => `${t.name}:${t.type}`).join(',');
      if (taskSignature(candidateCard) !== taskSignature(productionCard))
        throw new ModelRegistryError(
          `${name} ${version} predicts [${taskSignature(candidateCard)}] but production ${production.version} ` +
            `predicts [${taskSignature(productionCard)}]: not comparable`,
        );
      const set = findEvaluationSet(name, this.root);
      if (set) {
        basis = 'evaluation-set';
        const p = await evaluateModelDir(this.absoluteDir(production.dir), set);
        const c = await evaluateModelDir(this.absoluteDir(candidate.dir), set);
        const productionMetrics = headlineOfEvaluation(p);
        const candidateMetrics = headlineOfEvaluation(c);
        comparison = {
          ...gatePromotion(productionMetrics, candidateMetrics),
          evaluationSet: {
            file: this.recordedDir(set.file),
            sha256: set.sha256,
            molecules: p.molecules.read,
          },
          production: productionMetrics,
          candidate: candidateMetrics,
        };
      } else {
        basis = 'card-metrics';
        const productionMetrics = headlineOfCard(productionCard);
        const candidateMetrics = headlineOfCard(candidateCard);
        comparison = {
          ...gatePromotion(productionMetrics, candidateMetrics),
          production: productionMetrics,
          candidate: candidateMetrics,
          note:
            `no evaluation set (${this.recordedDir(evaluationSetPath(name, this.root))}): compared the ` +
            'cards’ test metrics, not re-evaluated on the same molecules',
        };
      }
    }

    const promotion: ModelPromotionRecord = {
      id: randomUUID(),
      name,
      version,
      productionVersion: production?.version ?? null,
      verdict: comparison.verdict,
      basis,
      comparison: JSON.stringify(comparison),
      requestedBy: by,
      at: now(),
    };
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(ModelPromotionEntity).insert(promotion);
      if (comparison.verdict !== 'accepted') return;
      const versions = m.getRepository(ModelVersionEntity);
      if (production)
        await versions.update(
          { name, version: production.version },
          { status: 'retired', retiredBy: by, retiredAt: promotion.at },
        );
      // A promoted version stops shadowing: it now is what the shadow compared against.
      await versions.update(
        { name, version },
        { status: 'production', shadow: false, promotedBy: by, promotedAt: promotion.at },
      );
    });
    await this.audit.append({
      actor: by,
      action: 'model.promote',
      resource: `models/${name}/${version}`,
      outcome: comparison.verdict === 'accepted' ? 'allowed' : 'denied',
      details: {
        production: production?.version ?? null,
        basis,
        comparisons: comparison.comparisons,
        reasons: comparison.reasons,
      },
    });
    const result = promotionView(promotion);
    if (result.verdict === 'refused') throw new PromotionRefusedError(result);
    return result;
  }

  /**
   * Copies the production version's files to `<root>/<name>/` (staged beside it and checked against the registered
   * hashes first), keeping what was there under `<root>/.previous/<name>-<version>-<time>/`, for installations that
   * want the files in place. Serving does not need it: screens load the production version from its registered
   * directory (verifyServed).
   */
  async deploy(
    name: string,
    by: ChangedBy,
  ): Promise<{ name: string; version: string; previous: string | null }> {
    const production = await this.versions.findOneBy({ name, status: 'production' });
    if (!production) throw new ModelRegistryError(`model ${name} has no production version`, 'not-found');
    const target = resolve(this.root, name);
    const source = this.absoluteDir(production.dir);
    if (source === target) {
      await this.unchanged(production);
      return { name, version: production.version, previous: null };
    }
    await this.unchanged(production);
    const stamp = now().replace(/[:.]/g, '');
    const staged = resolve(this.root, `.deploy-${name}-${stamp}`);
    cpSync(source, staged, { recursive: true });
    const copied = await compareModelFiles(staged, JSON.parse(production.files) as ModelFile[]);
    if (copied.length > 0) {
      rmSync(staged, { recursive: true, force: true });
      throw new ModelRegistryError(`copying ${production.dir} went wrong: ${copied.join('; ')}`);
    }
    let previous: string | null = null;
    if (existsSync(target)) {
      const servedVersion = (() => {
        try {
          return (JSON.parse(readFileSync(join(target, 'card.json'), 'utf8')) as { version?: string })
            .version;
        } catch {
          return undefined; // a broken served card: kept all the same
        }
      })();
      mkdirSync(resolve(this.root, '.previous'), { recursive: true });
      previous = resolve(this.root, '.previous', `${name}-${servedVersion ?? 'unknown'}-${stamp}`);
      renameSync(target, previous);
      // The version that was served keeps its files, now under .previous/: its record follows them.
      await this.versions.update(
        { name, dir: this.recordedDir(target) },
        { dir: this.recordedDir(previous) },
      );
    }
    renameSync(staged, target);
    await this.audit.append({
      actor: by,
      action: 'model.deploy',
      resource: `models/${name}/${production.version}`,
      outcome: 'allowed',
      details: { from: production.dir, to: name, previous: previous && this.recordedDir(previous) },
    });
    return { name, version: production.version, previous: previous && this.recordedDir(previous) };
  }

  /** Retires a candidate, or a production version once another is production (a name keeps one to serve). */
  async retire(name: string, version: string, by: ChangedBy): Promise<ModelVersionView> {
    const record = await this.record(name, version);
    if (record.status === 'retired') throw new ModelRegistryError(`${name} ${version} is retired already`);
    if (record.status === 'production')
      throw new ModelRegistryError(
        `${name} ${version} is production: promote another version first (a model name keeps one to serve)`,
      );
    const at = now();
    await this.versions.update(
      { name, version },
      { status: 'retired', shadow: false, retiredBy: by, retiredAt: at },
    );
    await this.audit.append({
      actor: by,
      action: 'model.retire',
      resource: `models/${name}/${version}`,
      outcome: 'allowed',
      details: { was: record.status },
    });
    return view({ ...record, status: 'retired', shadow: false, retiredBy: by, retiredAt: at });
  }

  /** Turns shadow runs of a candidate on or off (candidates only: production already scores every screen). */
  async setShadow(name: string, version: string, on: boolean, by: ChangedBy): Promise<ModelVersionView> {
    const record = await this.record(name, version);
    if (on && record.status !== 'candidate')
      throw new ModelRegistryError(`${name} ${version} is ${record.status}: only a candidate runs in shadow`);
    if (on) await this.unchanged(record);
    await this.versions.update({ name, version }, { shadow: on });
    await this.audit.append({
      actor: by,
      action: 'model.shadow',
      resource: `models/${name}/${version}`,
      outcome: 'allowed',
      details: { shadow: on },
    });
    return view({ ...record, shadow: on });
  }

  /** The candidates in shadow, optionally only those of the given names. */
  async shadowCandidates(names?: readonly string[]): Promise<ModelVersionView[]> {
    const rows = await this.versions.find({
      where: { shadow: true, status: 'candidate' },
      order: { name: 'ASC' },
    });
    return rows.filter((r) => !names || names.includes(r.name)).map(view);
  }

  /** Stores (or replaces) one screen's shadow report for a candidate. */
  async saveShadowReport(report: Omit<ShadowReportView, 'at'>): Promise<ShadowReportView> {
    const row: ModelShadowReportRecord = {
      ...report,
      tasks: JSON.stringify(report.tasks),
      at: now(),
    };
    await this.dataSource.getRepository(ModelShadowReportEntity).save(row);
    return reportView(row);
  }

  /** The shadow reports of one screen. */
  async shadowReportsOf(screenId: string): Promise<ShadowReportView[]> {
    const rows = await this.dataSource
      .getRepository(ModelShadowReportEntity)
      .find({ where: { screenId }, order: { name: 'ASC', version: 'ASC' } });
    return rows.map(reportView);
  }
}
