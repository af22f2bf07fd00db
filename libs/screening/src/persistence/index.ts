import { ScreenEntity } from './screen.entity';
import { LibraryChunkEntity } from './library-chunk.entity';
import { ScreenResultEntity } from './screen-result.entity';
import { ScreeningSchema1764400000000 } from './migrations/1764400000000-screening-schema';
import { ScoresJsonb1764500000000 } from './migrations/1764500000000-scores-jsonb';
import { ChunkOutcomes1764600000000 } from './migrations/1764600000000-chunk-outcomes';
import { ScreenTeam1764700000000 } from './migrations/1764700000000-screen-team';
import { ResultSortTable1764850000000 } from './migrations/1764850000000-result-sort-table';

export { ScreenEntity, type ScreenRecord } from './screen.entity';
export { LibraryChunkEntity, type ChunkStatus, type LibraryChunkRecord } from './library-chunk.entity';
export { ScreenResultEntity, type ScreenResultRecord } from './screen-result.entity';

/** What a DataSource needs to hold screening data (pass with other libs' entities to `createDataSource`). */
export const screeningEntities = [ScreenEntity, LibraryChunkEntity, ScreenResultEntity];
export const screeningMigrations = [
  ScreeningSchema1764400000000,
  ScoresJsonb1764500000000,
  ChunkOutcomes1764600000000,
  ScreenTeam1764700000000,
  ResultSortTable1764850000000,
];
