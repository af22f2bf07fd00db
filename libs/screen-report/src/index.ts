// Public API of the screen report library: pure functions over a screen's plain data (result rows, summary,
// model cards) that make its exports, compound explanations and HTML report.
export { exportColumns, PROPERTY_COLUMNS, toExportRow, type ExportModel } from './export/export-row';
export { toSdfEntry } from './export/sdf-entry';
export { selectDrivingAtoms, type DrivingAtomOptions } from './explain/driving-atoms';
export {
  DEFAULT_HIGHLIGHT_COLORS,
  recolorHighlights,
  type HighlightColors,
} from './explain/highlight-colors';
export {
  drawExplanation,
  explainCompound,
  explanationTask,
  ExplanationError,
  type CompoundExplanation,
  type ExplainOptions,
  type TaskAttribution,
} from './explain/explain-compound';
export {
  REPORT_PROPERTIES,
  ReportAccumulator,
  type AccumulatorOptions,
  type AlertCount,
  type ReportData,
  type SampledPoint,
  type ScoreStats,
} from './report/report-accumulator';
export { histogram, histogramSvg, scatterSvg, type ScatterPoint } from './report/svg-charts';
export { renderReportHtml, type ReportInput, type ReportModelCard } from './report/render-report';
export { buildScreenReport, type BuildReportOptions } from './report/build-report';
export { driftWarningSection, type ReportDrift } from './report/drift-warning';
