import { auditEntities, auditMigrations } from '@hitscreen/db';
import { ModelRegistry1764820000000 } from './migrations/1764820000000-model-registry';
import { ModelPromotionEntity } from './model-promotion.entity';
import { ModelShadowReportEntity } from './model-shadow-report.entity';
import { ModelVersionEntity } from './model-version.entity';

export { ModelVersionEntity, type ModelStatus, type ModelVersionRecord } from './model-version.entity';
export { ModelPromotionEntity, type ModelPromotionRecord } from './model-promotion.entity';
export { ModelShadowReportEntity, type ModelShadowReportRecord } from './model-shadow-report.entity';

/** What a DataSource needs to hold the registry, with the audit log that records its changes. */
export const MODEL_REGISTRY_ENTITIES = [
  ModelVersionEntity,
  ModelPromotionEntity,
  ModelShadowReportEntity,
  ...auditEntities,
];
export const MODEL_REGISTRY_MIGRATIONS = [...auditMigrations, ModelRegistry1764820000000];
