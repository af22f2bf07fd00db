/**
 * The web interface restates the API's answers as types of its own (apps/web/src/lib/types.ts: its bundle may
 * take nothing from the server's libraries). This file keeps the two from drifting apart: each line says that what
 * an endpoint answers, once through JSON, can be read as the type the page reads it as. It is code for the
 * compiler only (imported by nothing, so in no bundle): `npm run typecheck` (tsc -p tsconfig.json, part of
 * `npm test`) fails with the endpoint's name when a server type loses or changes a field the page relies on.
 */
import type { ResultRow } from '@hitscreen/screening';
// The one import of the web's files from the API, and types only: nothing of either is bundled into the other,
// which is what the module-boundary rule guards against; the check needs both sides in one program.
// eslint-disable-next-line @nx/enforce-module-boundaries
import type * as Web from '../../../web/src/lib/types';
import type { ModelsController } from '../models/models.controller';
import type { CompoundExplanationService } from '../screens/compound-explanation.service';
import type { ScreenSimilarityController } from '../screens/screen-similarity.controller';
import type { ScreenStructuresController } from '../screens/screen-structures.controller';
import type { ScreensController } from '../screens/screens.controller';
import type { TrialsController } from '../trials/trials.controller';

/** What JSON.stringify makes of a value: dates become strings, functions and undefined properties vanish. */
type Json<T> = T extends Date
  ? string
  : T extends (...args: never[]) => unknown
    ? never
    : T extends readonly (infer Item)[]
      ? Json<Item>[]
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;

/** What an endpoint's handler answers, as the browser parses it. */
type Answer<Handler extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<Handler>>>;

/** Compiles only when `Server` can be read as `Page` (every field the page reads is there, with its type). */
type ReadableAs<Server extends Page, Page> = [Server, Page];

export type WebContract = [
  // GET /screens, /screens/:id, /screens/:id/results, /screens/:id/results/:row, /screens/:id/similar, /models
  ReadableAs<Answer<ScreensController['list']>, Web.Page<Web.Screen>>,
  ReadableAs<Answer<ScreensController['get']>, Web.Screen>,
  ReadableAs<Answer<ScreensController['results']>, Web.Page<Web.ResultRow>>,
  // The controller types the explanation loosely (unknown); the service that makes it does not.
  ReadableAs<
    Answer<ScreensController['compound']> & { explanation: Answer<CompoundExplanationService['explain']> },
    Web.Compound
  >,
  // Its DTO types a hit's row loosely (status: string); the rows are the service's ResultRow.
  ReadableAs<
    Omit<Answer<ScreenSimilarityController['similar']>, 'hits'> & {
      hits: { similarity: number; result: Json<ResultRow> }[];
    },
    Web.SimilarPage
  >,
  ReadableAs<Answer<ScreenStructuresController['structures']>, Web.StructurePage>,
  ReadableAs<
    Answer<ModelsController['list']>,
    { items: Web.ModelSummary[]; defaultWeights: Record<string, number> }
  >,
  // GET /trials, /trials/:id, its patient sets, evaluations and patients
  ReadableAs<Answer<TrialsController['list']>, Web.Page<Web.Trial>>,
  ReadableAs<Answer<TrialsController['get']>, Web.Trial & { definition: Record<string, unknown> }>,
  ReadableAs<Answer<TrialsController['patientSets']>, Web.Page<Web.PatientSet>>,
  ReadableAs<Answer<TrialsController['evaluations']>, Web.Page<Web.Evaluation>>,
  ReadableAs<Answer<TrialsController['evaluation']>, Web.Evaluation>,
  ReadableAs<Answer<TrialsController['patients']>, Web.Page<Web.PatientResult>>,
];
