import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OnModuleDestroy } from '@nestjs/common';
import Piscina from 'piscina';
import type { DepictOptions } from '@hitscreen/chem';
import type { TaskAttribution } from '@hitscreen/screen-report';
import { runWithinBudget, ThreadTaskOverBudget, type AtomAttribution } from '@hitscreen/models';
import {
  attribute,
  draw,
  fingerprint,
  explanationDrawing,
  featurize,
  type AttributeTask,
  type DrawExplanationOutcome,
  type DrawExplanationTask,
  type DrawTask,
  type Features,
  type FeaturizeTask,
} from './drawing.worker';

/** API_RDKIT_THREADS, API_DRAWING_TIME_BUDGET_MS (README, "HTTP API"). */
export interface DrawingConfig {
  /** Threads drawing and explaining compounds; 0 draws on the API's own event loop, with no time budget. */
  threads: number;
  /** How long one drawing or explanation may compute before its thread is terminated. */
  timeBudgetMs: number;
  /** The bundled thread entry; default `drawing.worker.js` beside the API bundle (dist/api). */
  threadFile?: string;
}

/**
 * One thread by default: drawings of drug-like molecules take milliseconds (docs/BENCHMARKS.md, "API drawing
 * pool"), so one thread keeps up with a results page, and each thread holds its own RDKit (and the sessions of the
 * models it has explained with). A second one keeps drawings going while one thread is stuck on a poison structure.
 */
export const DEFAULT_API_RDKIT_THREADS = 1;
/** The screening workers' per-molecule budget (DEFAULT_MOLECULE_TIME_BUDGET_MS): what they score, the API draws. */
export const DEFAULT_DRAWING_TIME_BUDGET_MS = 5_000;

/** The reason given for a compound whose drawing (or explanation) ran over the budget. */
export const drawingOverBudget = (budgetMs: number) =>
  `not drawn: exceeded the drawing time budget of ${budgetMs} ms`;

/** A drawing or explanation computed longer than its budget; its thread has been terminated. */
export class DrawingOverBudget extends Error {
  constructor(readonly budgetMs: number) {
    super(drawingOverBudget(budgetMs));
    this.name = 'DrawingOverBudget';
  }
}

/**
 * The API's RDKit work on a small piscina pool, so that no structure can hold the event loop: a drawing (the
 * structure lists), a featurization or an explanation's highlighted drawing that computes longer than its budget
 * has its thread terminated (piscina starts a fresh one; RDKit's WASM heap may be left in any state anyway) and
 * rejects with DrawingOverBudget. The models run on these threads without a budget (drawing.worker.ts says why). The clock starts when the thread says it is computing, so a fresh
 * thread's loading of RDKit and a model is not charged to a compound, nor is the time a request waited in queue.
 * The results are those of the same functions called in process (drawing.worker.ts).
 */
export class DrawingPool implements OnModuleDestroy {
  private readonly piscina?: Piscina;
  readonly timeBudgetMs: number;
  /**
   * Drawings, featurizations and explanations not computed because of the budget since the API started: stopped at
   * it, or not started because their request's budget was spent (the API's /metrics serves both counts).
   */
  overBudget = 0;
  /** Threads terminated at the budget (each a fresh thread that loads RDKit again). */
  threadsTerminated = 0;

  constructor(config: DrawingConfig) {
    this.timeBudgetMs = config.timeBudgetMs;
    if (config.threads > 0) {
      const filename = config.threadFile ?? join(__dirname, 'drawing.worker.js');
      // Only the esbuild bundle can be loaded by a worker thread; from TypeScript sources, say how to get one.
      if (!existsSync(filename))
        throw new Error(
          `the drawing thread file ${filename} does not exist: run the API from its bundle (npm run build), or set API_RDKIT_THREADS=0`,
        );
      this.piscina = new Piscina({ filename, minThreads: config.threads, maxThreads: config.threads });
    }
  }

  /** The SVG of `smiles`, or RDKit's reason; rejects with DrawingOverBudget after `budgetMs` of computing. */
  draw(
    smiles: string,
    options: DepictOptions,
    budgetMs = this.timeBudgetMs,
  ): Promise<{ svg: string } | { error: string }> {
    const task: DrawTask = { smiles, options };
    return this.piscina ? this.runWithin('draw', task, budgetMs) : draw(task);
  }

  /**
   * A drawing function for one request that draws several compounds (a structure list, the report's top hits): the
   * request has one budget, each drawing gets what is left of it, and a compound not drawn in time gets the reason
   * instead of an SVG (`not drawn: exceeded the drawing time budget of N ms`, or that the budget ran out).
   */
  requestDrawer(): (smiles: string, options: DepictOptions) => Promise<{ svg: string } | { error: string }> {
    const deadline = Date.now() + this.timeBudgetMs;
    return async (smiles, options) => {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.overBudget++;
        return { error: `not drawn: the request's drawing time budget of ${this.timeBudgetMs} ms ran out` };
      }
      try {
        return await this.draw(smiles, options, left);
      } catch (error) {
        if (error instanceof DrawingOverBudget) return { error: drawingOverBudget(this.timeBudgetMs) };
        throw error;
      }
    };
  }

  /** The parent's graph for the models (featurizeStructure of @hitscreen/chem), under the budget. */
  featurize(smiles: string, budgetMs = this.timeBudgetMs): Promise<Features> {
    const task: FeaturizeTask = { smiles };
    return this.piscina ? this.runWithin('featurize', task, budgetMs) : featurize(task);
  }

  /** A similarity query's fingerprint (fingerprintStructure of @hitscreen/chem), under the budget. */
  fingerprint(smiles: string): Promise<{ fingerprint: Uint8Array } | { error: string }> {
    const task: FeaturizeTask = { smiles };
    return this.piscina ? this.runWithin('fingerprint', task, this.timeBudgetMs) : fingerprint(task);
  }

  /** The model's attribution of a graph (attributeAtoms of @hitscreen/models): no budget, never terminated. */
  async attribute(model: string, graph: AttributeTask['graph']): Promise<AtomAttribution> {
    const task: AttributeTask = { model, graph };
    return this.piscina
      ? ((await this.piscina.run(task, { name: 'attribute' })) as AtomAttribution)
      : attribute(task);
  }

  /** drawExplanation of @hitscreen/screen-report (alerts, highlighted drawing), under the budget. */
  drawExplanation(
    parentSmiles: string,
    attribution: TaskAttribution,
    budgetMs = this.timeBudgetMs,
  ): Promise<DrawExplanationOutcome> {
    const task: DrawExplanationTask = { parentSmiles, attribution };
    return this.piscina ? this.runWithin('explanationDrawing', task, budgetMs) : explanationDrawing(task);
  }

  private async runWithin<T>(
    name: 'draw' | 'featurize' | 'fingerprint' | 'explanationDrawing',
    task: DrawTask | FeaturizeTask | DrawExplanationTask,
    budgetMs: number,
  ): Promise<T> {
    try {
      return await runWithinBudget<T>(this.piscina as Piscina, { ...task }, { name, budgetMs });
    } catch (error) {
      if (!(error instanceof ThreadTaskOverBudget)) throw error;
      this.overBudget++;
      this.threadsTerminated++;
      throw new DrawingOverBudget(budgetMs);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.piscina?.destroy();
  }
}
