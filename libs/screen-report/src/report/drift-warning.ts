import { escapeXml as esc } from './svg-charts';

/**
 * A model's drift assessment of the screen's library (libs/drift `DriftReport`; the fields the report shows), as
 * stored when the screen finished.
 */
export interface ReportDrift {
  model: string;
  molecules: number;
  outOfDomainRate: number;
  properties: { name: string; psi: number }[];
  drift: boolean;
  reasons: string[];
}

const percent = (x: number) => `${(100 * x).toFixed(0)}%`;

/**
 * The warning at the top of the report when the library drifted from any model's training data: which models,
 * and why (each reason names the property or rate, its value and the threshold). Nothing when no model drifted,
 * or when no drift was recorded.
 */
export function driftWarningSection(drift: readonly ReportDrift[] | undefined): string {
  const drifted = (drift ?? []).filter((d) => d.drift);
  if (drifted.length === 0) return '';
  const items = drifted
    .map(
      (d) =>
        `<li><b>${esc(d.model)}</b> (${d.molecules} molecules, ${percent(d.outOfDomainRate)} outside its ` +
        `applicability domain):<ul>${d.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul></li>`,
    )
    .join('');
  return (
    '<div class="drift-warning" role="alert"><h2>Warning: this library drifted from the training data</h2>' +
    `<p>The predictions of ${drifted.map((d) => esc(d.model)).join(', ')} are extrapolations for much of this ` +
    'library: its chemistry differs from what the model was trained on (population stability index of the ' +
    'property distributions above 0.25, or an out-of-domain rate well above that of held-out training-set ' +
    `molecules). Treat their scores with caution.</p><ul>${items}</ul></div>`
  );
}
