// The Canal area's page (/canal): its purpose, its map, its open alerts, and where its records
// will appear once their API routes exist.
import type { Ctx } from '../../shell/ctx';
import { areaPage } from '../../ui/area-page';
import { t } from './messages';

export function canalView(ctx: Ctx): void {
  areaPage(ctx, {
    module: 'canal',
    title: t('area.canal.title'),
    purpose: t('area.canal.purpose'),
    // Central Panama, from Colón to Panama City and the Pacific approaches.
    map: { layers: ['panama_land'], view: [-80.5, 8.5, -79.1, 9.6] },
    alertChart: 'module',
    records: { title: t('panel.records'), placeholder: t('area.canal.records') },
  });
}
